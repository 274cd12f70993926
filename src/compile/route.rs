//! Routing: every operation's URI template parsed once, most specific first, and matched against
//! a request's method and path.

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

/// Every operation's route, most specific first.
#[derive(Clone, Debug, Default)]
pub(crate) struct Router {
    routes: Vec<Route>,
}

/// A matched route: the operation and its labels, as the path spells them (still
/// percent-encoded).
#[derive(Debug)]
pub(crate) struct Match {
    pub(crate) operation: usize,
    pub(crate) labels: Vec<(String, String)>,
}

impl Router {
    /// The router for these templates: (operation index, HTTP method, URI template).
    pub(crate) fn new<'a>(
        templates: impl IntoIterator<Item = (usize, &'a str, &'a str)>,
    ) -> Router {
        let mut routes: Vec<Route> = templates
            .into_iter()
            .map(|(operation, method, uri)| parse_template(operation, method, uri))
            .collect();
        routes.sort_by_key(Route::specificity);
        Router { routes }
    }

    /// The most specific route for `method`, the raw (still percent-encoded) `path` and the
    /// decoded `query`. `None`: no operation matches.
    pub(crate) fn find(
        &self,
        method: &str,
        path: &str,
        query: &[(String, String)],
    ) -> Option<Match> {
        let mut parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        // A trailing slash does not make a different resource: `/a/b/` routes like `/a/b`.
        if parts.len() > 1 && parts.last() == Some(&"") {
            parts.pop();
        }
        if parts == [""] {
            parts.clear();
        }
        for route in &self.routes {
            if !route.method.eq_ignore_ascii_case(method) {
                continue;
            }
            let query_ok = route.query.iter().all(|(k, v)| {
                query.iter().any(|(qk, qv)| qk == k && v.as_ref().is_none_or(|v| v == qv))
            });
            if !query_ok {
                continue;
            }
            if let Some(labels) = match_segments(&route.segments, &parts) {
                return Some(Match { operation: route.operation, labels });
            }
        }
        None
    }
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
    fn literal_query_parts_are_parsed() {
        let r = route("/{Key+}?x-id=GetObject&uploads");
        assert_eq!(
            r.query,
            vec![("x-id".to_owned(), Some("GetObject".to_owned())), ("uploads".to_owned(), None)]
        );
    }
}
