//! Routing: finding the operation a request is for. restJson1 matches the method and path against
//! every operation's URI template (parsed once, most specific first); awsJson1_0 and awsJson1_1
//! read the operation's name from `X-Amz-Target` on `POST /`.

use std::collections::HashMap;

use super::protocol::Protocol;

/// One segment of a URI template's path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Label(String),
    Greedy(String),
}

#[derive(Clone, Debug)]
struct Route {
    operation: usize,
    method: String,
    segments: Vec<Segment>,
    /// Literal query parts of the template (`?x-id=GetObject`, `?uploads`).
    query: Vec<(String, Option<String>)>,
}

impl Route {
    /// Sort key: more literal segments first, then fewer greedy labels, then more literal query
    /// parts (the most specific template wins).
    fn specificity(&self) -> (usize, usize, usize) {
        let literals = self.segments.iter().filter(|s| matches!(s, Segment::Literal(_))).count();
        let greedy = self.segments.iter().filter(|s| matches!(s, Segment::Greedy(_))).count();
        (usize::MAX - literals, greedy, usize::MAX - self.query.len())
    }
}

/// Every operation's route: URI templates (most specific first) or `X-Amz-Target` names.
#[derive(Clone, Debug)]
pub(crate) struct Router {
    protocol: Protocol,
    routes: Vec<Route>,
    /// awsJson: operation name → operation index.
    targets: HashMap<String, usize>,
    /// awsJson: the service part of `X-Amz-Target`; `None` accepts any.
    prefix: Option<String>,
}

/// A matched route: the operation and its labels, as the path spells them (still
/// percent-encoded).
#[derive(Debug)]
pub(crate) struct Match {
    pub(crate) operation: usize,
    pub(crate) labels: Vec<(String, String)>,
}

impl Router {
    /// The router of a service: its protocol, its `X-Amz-Target` prefix (awsJson), and its
    /// operations as (index, name, HTTP method and URI template when it has them).
    pub(crate) fn new<'a>(
        protocol: Protocol,
        prefix: Option<&str>,
        operations: impl IntoIterator<Item = (usize, &'a str, Option<(&'a str, &'a str)>)>,
    ) -> Router {
        let mut routes = Vec::new();
        let mut targets = HashMap::new();
        for (operation, name, http) in operations {
            targets.insert(name.to_owned(), operation);
            if let Some((method, uri)) = http {
                routes.push(parse_template(operation, method, uri));
            }
        }
        routes.sort_by_key(Route::specificity);
        Router { protocol, routes, targets, prefix: prefix.map(str::to_owned) }
    }

    /// The service's protocol.
    pub(crate) fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// The awsJson operation for `POST /` with this `X-Amz-Target` value (`Service.Operation`).
    ///
    /// # Errors
    /// Why the request routes nowhere, in words.
    pub(crate) fn find_target(
        &self,
        method: &str,
        path: &str,
        target: Option<&[u8]>,
    ) -> Result<usize, String> {
        let name = self.protocol.name();
        if !method.eq_ignore_ascii_case("POST") || path != "/" {
            return Err(format!("{name} requests are `POST /`, not `{method} {path}`"));
        }
        let Some(target) = target else {
            return Err(format!("`POST /` has no X-Amz-Target header ({name} routes by it)"));
        };
        let text = String::from_utf8_lossy(target);
        let found = text.rsplit_once('.').and_then(|(service, op)| {
            let service_ok = self.prefix.as_deref().is_none_or(|p| p == service);
            self.targets.get(op).copied().filter(|_| service_ok && !service.is_empty())
        });
        found.ok_or_else(|| match &self.prefix {
            Some(p) => format!("X-Amz-Target `{text}` names no operation of `{p}`"),
            None => format!("X-Amz-Target `{text}` names no operation"),
        })
    }

    /// The most specific route for `method`, the raw (still percent-encoded) `path` and the
    /// decoded `query`. `None`: no operation matches.
    pub(crate) fn find(
        &self,
        method: &str,
        path: &str,
        query: &[(String, String)],
    ) -> Option<Match> {
        let parts = path_parts(path);
        for route in &self.routes {
            if !route.method.eq_ignore_ascii_case(method) || !route.query_matches(query) {
                continue;
            }
            if let Some(labels) = match_segments(&route.segments, &parts) {
                return Some(Match { operation: route.operation, labels });
            }
        }
        None
    }

    /// The methods some operation serves at this raw `path` and decoded `query`, upper-cased,
    /// sorted and deduplicated (the `Allow` of a 405). awsJson serves `POST` at `/` and nothing
    /// elsewhere. Empty: no operation has this path, whatever the method.
    pub(crate) fn allowed_methods(&self, path: &str, query: &[(String, String)]) -> Vec<String> {
        if self.protocol.is_aws_json() {
            return if path == "/" { vec!["POST".to_owned()] } else { Vec::new() };
        }
        let parts = path_parts(path);
        let mut methods: Vec<String> = self
            .routes
            .iter()
            .filter(|r| r.query_matches(query) && match_segments(&r.segments, &parts).is_some())
            .map(|r| r.method.to_ascii_uppercase())
            .collect();
        methods.sort_unstable();
        methods.dedup();
        methods
    }
}

impl Route {
    /// Whether the decoded query holds every literal query part of the template.
    fn query_matches(&self, query: &[(String, String)]) -> bool {
        self.query.iter().all(|(k, v)| {
            query.iter().any(|(qk, qv)| qk == k && v.as_ref().is_none_or(|v| v == qv))
        })
    }
}

/// A raw path's segments; a trailing slash does not make a different resource (`/a/b/` routes
/// like `/a/b`), and `/` has none.
fn path_parts(path: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if parts.len() > 1 && parts.last() == Some(&"") {
        parts.pop();
    }
    if parts == [""] {
        parts.clear();
    }
    parts
}

fn parse_template(operation: usize, method: &str, uri: &str) -> Route {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let segments = path
        .trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(l) => match l.strip_suffix('+') {
                Some(g) => Segment::Greedy(g.to_owned()),
                None => Segment::Label(l.to_owned()),
            },
            None => Segment::Literal(s.to_owned()),
        })
        .collect();
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (p.to_owned(), None),
        })
        .collect();
    Route { operation, method: method.to_owned(), segments, query }
}

/// Matches path parts against template segments; a greedy label takes one or more parts.
fn match_segments(segments: &[Segment], parts: &[&str]) -> Option<Vec<(String, String)>> {
    let mut labels = Vec::new();
    let mut i = 0;
    for (si, seg) in segments.iter().enumerate() {
        match seg {
            Segment::Literal(l) => {
                if parts.get(i) != Some(&l.as_str()) {
                    return None;
                }
                i += 1;
            }
            Segment::Label(name) => {
                let part = parts.get(i).filter(|p| !p.is_empty())?;
                labels.push((name.clone(), (*part).to_owned()));
                i += 1;
            }
            Segment::Greedy(name) => {
                let rest = segments.len() - si - 1;
                let take = parts.len().checked_sub(i + rest).filter(|&n| n >= 1)?;
                let joined = parts.get(i..i + take)?.join("/");
                if joined.is_empty() {
                    return None;
                }
                labels.push((name.clone(), joined));
                i += take;
            }
        }
    }
    (i == parts.len()).then_some(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(uri: &str) -> Route {
        parse_template(0, "GET", uri)
    }

    fn m(uri: &str, path: &str) -> Option<Vec<(String, String)>> {
        let mut parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        if parts == [""] {
            parts.clear();
        }
        match_segments(&route(uri).segments, &parts)
    }

    #[test]
    fn labels_and_greedy_labels() {
        assert_eq!(
            m("/packages/{packageName}", "/packages/a%20b"),
            Some(vec![("packageName".into(), "a%20b".into())])
        );
        assert_eq!(m("/packages/{packageName}", "/packages/"), None);
        assert_eq!(m("/packages/{packageName}", "/packages/a/b"), None);
        assert_eq!(
            m("/{Bucket}/{Key+}", "/b/x/y/z"),
            Some(vec![("Bucket".into(), "b".into()), ("Key".into(), "x/y/z".into())])
        );
        assert_eq!(m("/{Key+}/tail", "/x/y/tail"), Some(vec![("Key".into(), "x/y".into())]));
        assert_eq!(m("/{Key+}/tail", "/tail"), None);
        assert_eq!(m("/", "/"), Some(vec![]));
    }

    #[test]
    fn aws_json_routes_by_target() {
        let ops = [(0, "ListTables", None), (1, "PutItem", Some(("PUT", "/items")))];
        let r = Router::new(Protocol::AwsJson1_0, Some("DynamoDB_20120810"), ops);
        assert_eq!(r.find_target("POST", "/", Some(b"DynamoDB_20120810.PutItem")), Ok(1));
        assert_eq!(
            r.find_target("POST", "/", Some(b"Other.PutItem")).unwrap_err(),
            "X-Amz-Target `Other.PutItem` names no operation of `DynamoDB_20120810`"
        );
        assert!(r.find_target("POST", "/", Some(b"PutItem")).is_err(), "no service part");
        assert!(r.find_target("PUT", "/items", Some(b"DynamoDB_20120810.PutItem")).is_err());
        let any = Router::new(Protocol::AwsJson1_1, None, ops);
        assert_eq!(any.find_target("post", "/", Some(b"Whatever.ListTables")), Ok(0));
        assert!(any.find_target("POST", "/", Some(b".ListTables")).is_err());
        assert_eq!(
            any.find_target("POST", "/", None).unwrap_err(),
            "`POST /` has no X-Amz-Target header (awsJson1_1 routes by it)"
        );
    }

    #[test]
    fn allowed_methods_are_those_served_at_the_path() {
        let ops = [
            (0, "Get", Some(("GET", "/packages/{name}"))),
            (1, "Put", Some(("put", "/packages/{name}"))),
            (2, "Get2", Some(("GET", "/packages/{name}"))),
            (3, "List", Some(("GET", "/packages"))),
            (4, "Upload", Some(("POST", "/packages/{name}?uploads"))),
        ];
        let r = Router::new(Protocol::RestJson1, None, ops);
        assert_eq!(r.allowed_methods("/packages/x", &[]), ["GET", "PUT"]);
        assert_eq!(r.allowed_methods("/packages/x/", &[]), ["GET", "PUT"]);
        let uploads = [("uploads".to_owned(), String::new())];
        assert_eq!(r.allowed_methods("/packages/x", &uploads), ["GET", "POST", "PUT"]);
        assert_eq!(r.allowed_methods("/packages", &[]), ["GET"]);
        assert!(r.allowed_methods("/nowhere", &[]).is_empty());
        let json = Router::new(Protocol::AwsJson1_1, None, ops);
        assert_eq!(json.allowed_methods("/", &[]), ["POST"]);
        assert!(json.allowed_methods("/packages/x", &[]).is_empty());
    }

    #[test]
    fn literal_query_parts_are_parsed() {
        let r = route("/{Key+}?x-id=GetObject&uploads");
        assert_eq!(
            r.query,
            vec![("x-id".to_owned(), Some("GetObject".to_owned())), ("uploads".to_owned(), None)]
        );
    }
}
