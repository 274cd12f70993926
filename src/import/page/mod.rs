//! The reference-page importer: AWS API reference pages (text scraped from the HTML, or markdown)
//! and boto3 reStructuredText client pages become a [`Spec`].
//!
//! Each form has its reader (`text`, `markdown`, `rst`); all give the same parsed page, which one
//! builder turns into the spec. The markdown is that of the `awsdocs/*` repositories
//! (`doc_source/API_*.md`) and of the docs site's markdown pages: its links
//! (`Type: [S3Location](API_S3Location.md) object`) name the structures that the data-type pages
//! given alongside describe, and its SDK links (`…/goto/…/lambda-2015-03-31/…`) the service and
//! API version.
//!
//! A page gives, for one operation, the request line (`PUT /packages/packageName?clientToken=…`),
//! the URI parameters, body members and response elements with their constraint lines (`Type:`,
//! `Length Constraints:`, `Pattern:`, `Required:`, `Valid Values:`, `Valid Range:`,
//! `Array Members:`, `Map Entries:`, `Key …`/`Value …`), and the errors with their HTTP status
//! codes. A data-type page (one with a `Contents` section) describes a structure that operation
//! pages name (`Type: Array of Tag objects`). Page chrome around the English content (cookie
//! banners, navigation, footers, in any language) is ignored.
//!
//! What the importer decides:
//!
//! - Patterns are printed whole-value (Java `String.matches`), so the spec says
//!   `"patterns": "whole-value"`.
//! - A path segment of the request line that names a URI parameter becomes a label
//!   (`/packages/{packageName}`); `key=member` after `?` binds `member` to the query key `key`;
//!   `Header: member` lines after `HTTP/1.1` bind headers. Other query parts stay literal.
//! - Constrained members get a named shape derived from the member name (`packageName` →
//!   `PackageName`); members with identical constraints share one shape, others are prefixed with
//!   their structure's name. Unconstrained members target the prelude types (`string`, …).
//! - A structure that is named but whose page is not given becomes an open structure (no members,
//!   so anything validates) and a warning; so do error structures, whose members' types pages never
//!   print (some name the members under the error: they are not errors, and the note names them).
//! - The boto3 page states no constraints and no HTTP binding: the operation has no `http`, and a
//!   warning says so.
//!
//! Wrapped lines are joined (a line break inside a paragraph is read as a space); missing sections
//! give warnings, not errors. Nothing here panics, and the work is linear in the input.

mod fields;
mod markdown;
mod parsed;
mod rst;
mod text;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use crate::error::{Error, ErrorKind};
use crate::pattern::{MatchRule, Pattern};
use crate::spec::{
    EnumValue, ErrorFault, HttpDef, MemberDef, OperationDef, PatternDef, RangeDef, ShapeDef,
    ShapeType, Spec,
};
use parsed::{Field, Page, PageError, Ty, pascal};

/// Imports one or more reference pages into one spec, with warnings about what the pages leave
/// open.
///
/// Each text is an operation page or a data-type page (its `Contents` section describes a
/// structure), as text scraped from the HTML or as markdown (the `awsdocs/*` repositories' or the
/// docs site's), or a boto3 RST client page; the form is detected per page.
/// Structures named by an operation page and described by a data-type page given alongside are
/// built from it; those not given become open structures, with a warning.
///
/// # Errors
/// [`ErrorKind::Import`] when no text is given, or a text is not a reference page at all (no
/// section of one, or no operation name); the message names the page and line.
///
/// # Example
/// ```
/// let page = "CreateThing - AWS Demo\n\nCreateThing\n\nCreates a thing.\n\n\
///     Request Syntax\n\nPUT /things/thingName?token=clientToken HTTP/1.1\n\n\
///     URI Request Parameters\n\nclientToken\n\nA token.\n\n\
///     Length Constraints: Minimum length of 36. Maximum length of 64.\n\n\
///     thingName\n\nThe thing's name.\n\nPattern: [a-z]+\n\nRequired: Yes\n\n\
///     Errors\n\nConflictException\n\nIt conflicts.\n\nHTTP Status Code: 409\n";
/// let (spec, warnings) = conform::import::page::pages(&[page])?;
/// let op = &spec.operations["CreateThing"];
/// let http = op.http.as_ref().ok_or("no http")?;
/// assert_eq!((http.method.as_str(), http.uri.as_str()), ("PUT", "/things/{thingName}"));
/// let input = &spec.shapes["CreateThingRequest"];
/// let token = &input.members.as_ref().ok_or("no members")?["clientToken"];
/// assert_eq!(token.query.as_deref(), Some("token"));
/// assert_eq!(op.errors, ["ConflictException"]);
/// assert!(warnings.iter().any(|w| w.contains("ConflictException")));
/// conform::Validator::new(&spec)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pages(texts: &[&str]) -> Result<(Spec, Vec<String>), Error> {
    if texts.is_empty() {
        return Err(Error::new(ErrorKind::Import, "no reference page given"));
    }
    let many = texts.len() > 1;
    let mut parsed = Vec::with_capacity(texts.len());
    for (i, text) in texts.iter().enumerate() {
        let page = if rst::is_rst(text) {
            rst::parse(text)
        } else if markdown::is_markdown(text) {
            markdown::parse(text)
        } else {
            text::parse(text)
        };
        match page {
            Ok(p) => parsed.push(p),
            Err(e) if many => {
                return Err(Error::new(
                    ErrorKind::Import,
                    format!("page {}: {}", i + 1, e.message()),
                ));
            }
            Err(e) => return Err(e),
        }
    }
    one_service(&parsed)?;
    Ok(Builder::build(parsed, many))
}

/// Refuses pages of different services: a spec describes one service. Pages are compared by what
/// both give (their SDK links' service id, or their titles), so one service's pages in different
/// forms are never refused.
fn one_service(pages: &[Page]) -> Result<(), Error> {
    type Key = fn(&Page) -> Option<String>;
    let by_link: Key = |p| p.service.clone();
    let by_title: Key = |p| p.title.as_deref().map(service_id);
    for key in [by_link, by_title] {
        let mut first: Option<(usize, String)> = None;
        for (i, p) in pages.iter().enumerate() {
            let Some(service) = key(p).filter(|s| !s.is_empty()) else { continue };
            match &first {
                None => first = Some((i, service)),
                Some((j, other)) if *other != service => {
                    return Err(Error::new(
                        ErrorKind::Import,
                        format!(
                            "page {} ({}) is of the service `{service}`, page {} ({}) of `{other}`: \
                             a spec describes one service; import each service's pages on their own",
                            i + 1,
                            p.name,
                            j + 1,
                            pages[*j].name
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

/// Imports one reference page (see [`pages`]); warnings are dropped.
///
/// # Errors
/// [`ErrorKind::Import`] when the text is not a reference page; the message names the line.
///
/// # Example
/// ```
/// let spec = conform::import::page::page(
///     "GetThing\n\nRequest Syntax\n\nGET /things/thingId HTTP/1.1\n\n\
///      URI Request Parameters\n\nthingId\n\nThe ID.\n\n\
///      Length Constraints: Fixed length of 12.\n\nRequired: Yes\n")?;
/// let id = &spec.shapes["ThingId"];
/// assert_eq!(id.length.map(|l| (l.min, l.max)), Some((Some(12), Some(12))));
/// let err = conform::import::page::page("just some text").unwrap_err();
/// assert_eq!(err.kind(), conform::ErrorKind::Import);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn page(text: &str) -> Result<Spec, Error> {
    pages(&[text]).map(|(spec, _)| spec)
}

/// `AWS IoT` → `iot`, `AWS CodeArtifact` → `codeartifact`.
fn service_id(title: &str) -> String {
    let t = title.trim();
    let t = t.strip_prefix("AWS ").or_else(|| t.strip_prefix("Amazon ")).unwrap_or(t);
    t.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// An error's fault when the page gives no status code.
fn fault_by_name(name: &str) -> ErrorFault {
    let lower = name.to_ascii_lowercase();
    if ["internal", "serviceunavailable", "servicefailure", "serviceexception"]
        .iter()
        .any(|w| lower.contains(w))
    {
        ErrorFault::Server
    } else {
        ErrorFault::Client
    }
}

/// Deepest structure nesting built; deeper members target `document`.
const MAX_DEPTH: usize = 32;

/// Assembles a spec from parsed pages.
struct Builder {
    spec: Spec,
    warnings: Vec<String>,
    /// Names shape derivation must not take: structures, operations' inputs and outputs, errors.
    reserved: HashSet<String>,
    /// Structures named by `X object`, with the page and line that first named them.
    wanted: IndexMap<String, (usize, usize)>,
    /// Structures described by data-type pages.
    described: HashMap<String, usize>,
    /// The page warnings are being collected for, and whether to prefix them.
    page: usize,
    many: bool,
    /// Member shape names derived so far, by base name, so identical ones are shared.
    derived: HashSet<String>,
}

impl Builder {
    fn build(pages: Vec<Page>, many: bool) -> (Spec, Vec<String>) {
        let first = pages.iter().find(|p| !p.data_type).or(pages.first());
        let service = first
            .and_then(|p| p.service.clone())
            .or_else(|| first.and_then(|p| p.title.as_deref().map(service_id)))
            .filter(|s| !s.is_empty());
        let mut b = Builder {
            spec: Spec::new(
                service.clone().unwrap_or_else(|| "unknown".to_owned()),
                MatchRule::WholeValue,
            ),
            warnings: Vec::new(),
            reserved: HashSet::new(),
            wanted: IndexMap::new(),
            described: HashMap::new(),
            page: 0,
            many,
            derived: HashSet::new(),
        };
        if service.is_none() {
            b.warnings.push(
                "no service name on the page (no `Operation - AWS Service` title): service \"unknown\""
                    .to_owned(),
            );
        }
        if let Some(p) = first {
            b.spec.title = p.title.clone();
            b.spec.api_version = p.api_version.clone();
            b.spec.protocol = p.protocol.map(str::to_owned);
        }
        for p in &pages {
            b.reserve(p);
        }
        for (i, p) in pages.iter().enumerate() {
            b.page = i;
            b.spec.sources.push(source_line(p));
            let warnings = p.warnings.clone();
            for w in warnings {
                b.warn(w);
            }
            if p.data_type {
                b.data_type(p);
            } else {
                b.operation(p);
            }
        }
        b.open_structures();
        b.break_required_cycles();
        let mut warnings = b.warnings;
        warnings.dedup();
        (b.spec, warnings)
    }

    /// Pages that require a structure inside itself (a member typed as its own structure, or a
    /// chain of them) describe no finite payload: the member that closes each cycle stays, as
    /// optional, with a warning. Each pass drops one mark, so this ends.
    fn break_required_cycles(&mut self) {
        while let Some(c) = crate::spec::cycle::required_cycle(&self.spec) {
            let member = self
                .spec
                .shapes
                .get_mut(&c.shape)
                .and_then(|s| s.members.as_mut())
                .and_then(|m| m.get_mut(&c.member));
            let Some(member) = member else { break };
            member.required = false;
            self.warnings.push(format!(
                "{}.{}: required members form a cycle ({}); the member is optional here",
                c.shape, c.member, c.chain
            ));
        }
    }

    fn warn(&mut self, message: impl Into<String>) {
        let message = message.into();
        if self.many {
            self.warnings.push(format!("page {}: {message}", self.page + 1));
        } else {
            self.warnings.push(message);
        }
    }

    fn reserve(&mut self, p: &Page) {
        if p.data_type {
            self.reserved.insert(p.name.clone());
        } else {
            self.reserved.insert(format!("{}Request", p.name));
            self.reserved.insert(format!("{}Response", p.name));
        }
        for e in &p.errors {
            self.reserved.insert(e.name.clone());
        }
        let mut stack: Vec<&Field> =
            p.uri_params.iter().chain(&p.body).chain(&p.output).chain(&p.contents).collect();
        let mut types: Vec<&Ty> = Vec::new();
        while let Some(f) = stack.pop() {
            if let Some(t) = &f.ty {
                types.push(t);
            }
            while let Some(t) = types.pop() {
                match t {
                    Ty::Named(n) => {
                        self.reserved.insert(n.clone());
                    }
                    Ty::Inline(_, fs) => stack.extend(fs),
                    Ty::List(i) => types.push(i),
                    Ty::Map(k, v) => {
                        types.push(k);
                        types.push(v);
                    }
                    _ => {}
                }
            }
        }
    }

    fn data_type(&mut self, p: &Page) {
        if self.described.contains_key(&p.name) {
            self.warn(format!(
                "the data type {} is described twice; the first page is kept",
                p.name
            ));
            return;
        }
        self.described.insert(p.name.clone(), self.page);
        let members = self.members(&p.contents, &p.name, 0);
        let mut def = ShapeDef::new(ShapeType::Structure);
        def.members = Some(members);
        def.doc = p.doc.clone();
        if self.spec.shapes.contains_key(&p.name) {
            self.warn(format!("the data type {} has the name of another shape; left out", p.name));
            return;
        }
        self.spec.shapes.insert(p.name.clone(), def);
    }

    fn operation(&mut self, p: &Page) {
        if self.spec.operations.contains_key(&p.name) {
            self.warn(format!("the operation {} is given twice; the first page is kept", p.name));
            return;
        }
        let mut op = OperationDef { doc: p.doc.clone(), ..OperationDef::default() };
        let input_name = format!("{}Request", p.name);
        let output_name = format!("{}Response", p.name);

        // Request: URI parameters with their bindings, then body members.
        let (http, bindings) = self.http(p);
        let mut input = IndexMap::new();
        for f in &p.uri_params {
            let mut m = self.member(f, &input_name, 0);
            match bindings.get(f.name.as_str()) {
                Some(UriBinding::Label) => {
                    if !m.required {
                        self.warn(format!(
                            "line {}: the URI label {} is not marked required; labels always are",
                            f.line, f.name
                        ));
                    }
                    m.required = true;
                    m.label = true;
                }
                Some(UriBinding::Query(k)) => m.query = Some(k.clone()),
                Some(UriBinding::Header(h)) => m.header = Some(h.clone()),
                None => {}
            }
            self.insert_member(&mut input, f, m, &input_name);
        }
        for f in &p.body {
            let m = self.member(f, &input_name, 0);
            self.insert_member(&mut input, f, m, &input_name);
        }
        if !input.is_empty() || p.request.is_some() {
            let mut def = ShapeDef::new(ShapeType::Structure);
            def.members = Some(input);
            if p.rst {
                def.note = Some(
                    "From the boto3 page: member names, types and required-ness only; it states no constraints."
                        .to_owned(),
                );
            }
            self.spec.shapes.insert(input_name.clone(), def);
            op.input = Some(input_name);
        }

        // Response: elements, bound to headers or the status code when the response line says so.
        let mut output = IndexMap::new();
        for f in &p.output {
            let mut m = self.member(f, &output_name, 0);
            if let Some(r) = &p.response {
                if let Some((h, _)) = r.headers.iter().find(|(_, v)| *v == f.name) {
                    m.header = Some(h.clone());
                } else if r.status == f.name {
                    m.response_code = true;
                }
            }
            self.insert_member(&mut output, f, m, &output_name);
        }
        if !output.is_empty() {
            let mut def = ShapeDef::new(ShapeType::Structure);
            def.members = Some(output);
            def.note = Some(
                "The page does not print whether response members are required; none is."
                    .to_owned(),
            );
            self.spec.shapes.insert(output_name.clone(), def);
            op.output = Some(output_name);
        }

        if let Some(h) = http {
            op.http = Some(h);
        } else if p.rst {
            op.note = Some(
                "From the boto3 page, which gives no HTTP binding and no constraints.".to_owned(),
            );
        }
        for e in &p.errors {
            if !op.errors.contains(&e.name) && self.error(e) {
                op.errors.push(e.name.clone());
            }
        }
        self.spec.operations.insert(p.name.clone(), op);
    }

    fn insert_member(
        &mut self,
        into: &mut IndexMap<String, MemberDef>,
        f: &Field,
        m: MemberDef,
        parent: &str,
    ) {
        if into.contains_key(&f.name) {
            self.warn(format!(
                "line {}: {parent} lists the member {} twice; the first entry is kept",
                f.line, f.name
            ));
        } else {
            into.insert(f.name.clone(), m);
        }
    }

    /// The HTTP binding and how each URI parameter travels.
    fn http(&mut self, p: &Page) -> (Option<HttpDef>, HashMap<String, UriBinding>) {
        let mut bindings = HashMap::new();
        let params: HashSet<&str> = p.uri_params.iter().map(|f| f.name.as_str()).collect();
        let Some(req) = &p.request else {
            if p.rst {
                self.warn(
                    "the boto3 page gives no HTTP binding (method, URI, member locations): the operation has no `http`",
                );
            } else {
                self.warn("no HTTP request line in Request Syntax: the operation has no `http`");
            }
            if !p.uri_params.is_empty() {
                self.warn("URI parameters are left without a binding");
            }
            return (None, bindings);
        };
        let target = req.target.split('#').next().unwrap_or("");
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        // A segment is a label (`{Name}`, `{Name+}`) or literal text without braces.
        let label = |seg: &str| {
            let name = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
            name.map(|n| n.trim_end_matches('+'))
                .is_some_and(|n| !n.is_empty() && !n.contains(['{', '}']))
        };
        if path.split('/').any(|seg| !label(seg) && seg.contains(['{', '}'])) {
            self.warn(format!(
                "line {}: `{target}` is not a URI template (a brace outside a `{{label}}`): the operation has no `http`",
                req.line
            ));
            return (None, bindings);
        }
        let mut uri = String::new();
        for seg in path.split('/').skip(1) {
            uri.push('/');
            let inner = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')).unwrap_or(seg);
            let (name, greedy) = match inner.strip_suffix('+') {
                Some(n) => (n, true),
                None => (inner, false),
            };
            if params.contains(name) && !bindings.contains_key(name) {
                uri.push('{');
                uri.push_str(name);
                if greedy {
                    uri.push('+');
                }
                uri.push('}');
                bindings.insert(name.to_owned(), UriBinding::Label);
            } else if inner != seg {
                self.warn(format!(
                    "line {}: the URI label {inner} is not among the URI Request Parameters; kept as literal text",
                    req.line
                ));
                uri.push_str(inner);
            } else {
                uri.push_str(seg);
            }
        }
        if uri.is_empty() {
            uri.push('/');
        }
        let mut literal = Vec::new();
        for part in query.split('&').filter(|s| !s.is_empty()) {
            match part.split_once('=') {
                Some((key, value)) if params.contains(value) && !bindings.contains_key(value) => {
                    bindings.insert(value.to_owned(), UriBinding::Query(key.to_owned()));
                }
                _ => literal.push(part),
            }
        }
        if !literal.is_empty() {
            uri.push('?');
            uri.push_str(&literal.join("&"));
        }
        for (header, value) in &req.headers {
            if params.contains(value.as_str()) && !bindings.contains_key(value.as_str()) {
                bindings.insert(value.clone(), UriBinding::Header(header.clone()));
            }
        }
        for f in &p.uri_params {
            if !bindings.contains_key(&f.name) {
                self.warn(format!(
                    "line {}: the URI parameter {} is not in the request line; bound to the query parameter {}",
                    f.line, f.name, f.name
                ));
                bindings.insert(f.name.clone(), UriBinding::Query(f.name.clone()));
            }
        }
        let code = p.response.as_ref().and_then(|r| fields::status(&r.status)).or(Some(200));
        (Some(HttpDef { method: req.method.clone(), uri, code }), bindings)
    }

    /// Adds the error structure; false when the name is taken by a shape that is not an error.
    fn error(&mut self, e: &PageError) -> bool {
        let fault = match e.status {
            Some(s) if s >= 500 => ErrorFault::Server,
            Some(_) => ErrorFault::Client,
            None => fault_by_name(&e.name),
        };
        if let Some(existing) = self.spec.shapes.get(&e.name) {
            if existing.error.is_none() {
                self.warn(format!(
                    "line {}: the error {} has the name of another shape; left out",
                    e.line, e.name
                ));
                return false;
            } else if e.status.is_some() && existing.http_error != e.status {
                let status =
                    |s: Option<u16>| s.map_or_else(|| "none".to_owned(), |s| s.to_string());
                self.warn(format!(
                    "line {}: the error {} has HTTP status {} here and {} on an earlier page; the first is kept",
                    e.line,
                    e.name,
                    status(e.status),
                    status(existing.http_error)
                ));
            }
            return true;
        }
        let mut def = ShapeDef::new(ShapeType::Structure);
        def.members = Some(IndexMap::new());
        def.error = Some(fault);
        def.http_error = e.status;
        def.doc = e.doc.clone();
        def.note = Some(if !e.members.is_empty() {
            format!(
                "The page gives the name{}, and names the members ({}) without their types: open structure.",
                if e.status.is_some() { " and HTTP status code" } else { "" },
                e.members.join(", ")
            )
        } else if e.status.is_some() {
            "The page gives the name and HTTP status code, not the members: open structure."
                .to_owned()
        } else {
            "The page gives only the name: open structure; the fault is guessed from the name."
                .to_owned()
        });
        if e.status.is_none() {
            self.warn(format!(
                "line {}: no HTTP status code for the error {}; its fault ({}) is guessed from the name",
                e.line,
                e.name,
                if fault == ErrorFault::Server { "server" } else { "client" }
            ));
        }
        if e.members.is_empty() {
            self.warn(format!(
                "line {}: the page does not list the members of the error {}: open structure",
                e.line, e.name
            ));
        } else {
            self.warn(format!(
                "line {}: the page names the members of the error {} ({}) but not their types: open structure",
                e.line,
                e.name,
                e.members.join(", ")
            ));
        }
        self.spec.shapes.insert(e.name.clone(), def);
        true
    }

    fn members(
        &mut self,
        fields: &[Field],
        parent: &str,
        depth: usize,
    ) -> IndexMap<String, MemberDef> {
        let mut out = IndexMap::new();
        for f in fields {
            let m = self.member(f, parent, depth);
            self.insert_member(&mut out, f, m, parent);
        }
        out
    }

    /// The member for a field entry, deriving the shapes its constraints need.
    fn member(&mut self, f: &Field, parent: &str, depth: usize) -> MemberDef {
        let ty = f.ty.clone().unwrap_or_else(|| {
            // URI parameters print no `Type:`; a range means a number.
            match &f.range {
                Some(r) if is_fractional(r) => Ty::Double,
                Some(_) => Ty::Integer,
                None => Ty::String,
            }
        });
        let target = self.target(f, &ty, parent, depth);
        let mut m = MemberDef::new(target);
        m.required = f.required;
        m.doc = f.doc.clone();
        m.idempotency_token = f.idempotency_token;
        m
    }

    /// The target for a field of this type, creating its shape when constraints apply.
    fn target(&mut self, f: &Field, ty: &Ty, parent: &str, depth: usize) -> String {
        let base = pascal(&f.name);
        match ty {
            Ty::List(item) => {
                let mut def = ShapeDef::new(ShapeType::List);
                def.length = f.items;
                // The scalar constraints of an array entry apply to its items.
                let item_field = Field {
                    name: format!("{}Item", f.name),
                    length: f.length,
                    pattern: f.pattern.clone(),
                    values: f.values.clone(),
                    range: f.range.clone(),
                    line: f.line,
                    ..Field::default()
                };
                def.member = Some(Box::new(self.element(&item_field, item, parent, depth)));
                self.ignore_unused(f, &[Use::Items]);
                self.intern(&base, parent, def)
            }
            Ty::Map(key, value) => {
                let mut def = ShapeDef::new(ShapeType::Map);
                def.length = f.entries;
                let key_field = Field {
                    name: format!("{}Key", f.name),
                    length: f.key_length,
                    pattern: f.key_pattern.clone(),
                    values: f.key_values.clone(),
                    line: f.line,
                    ..Field::default()
                };
                let value_field = Field {
                    name: format!("{}Value", f.name),
                    length: f.value_length,
                    pattern: f.value_pattern.clone(),
                    line: f.line,
                    ..Field::default()
                };
                // Map keys are strings in JSON (and in Smithy, strings or enums): a key the page
                // types otherwise is read as a string.
                let key_ty = if matches!(**key, Ty::String) {
                    key.as_ref().clone()
                } else {
                    self.warn(format!(
                        "line {}: the keys of `{}` are read as strings (map keys are strings)",
                        f.line, f.name
                    ));
                    Ty::String
                };
                def.key = Some(Box::new(self.element(&key_field, &key_ty, parent, depth)));
                def.value = Some(Box::new(self.element(&value_field, value, parent, depth)));
                self.ignore_unused(f, &[Use::Entries]);
                self.intern(&base, parent, def)
            }
            Ty::Named(name) => {
                self.ignore_unused(f, &[]);
                self.wanted.entry(name.clone()).or_insert((self.page, f.line));
                name.clone()
            }
            Ty::Inline(suggested, fields) => {
                self.ignore_unused(f, &[]);
                let name = self.fresh(&pascal(suggested), parent);
                // Reserve the name before building members, which may derive shapes.
                self.spec.shapes.insert(name.clone(), ShapeDef::new(ShapeType::Structure));
                let mut def = ShapeDef::new(ShapeType::Structure);
                if depth >= MAX_DEPTH {
                    self.warn(format!(
                        "line {}: structures nested too deeply; {name} is left open",
                        f.line
                    ));
                    def.members = Some(IndexMap::new());
                } else {
                    if fields.is_empty() {
                        self.warn(format!(
                            "line {}: the page lists no members for {}: open structure",
                            f.line, f.name
                        ));
                    }
                    def.members = Some(self.members(fields, &name, depth + 1));
                }
                self.spec.shapes.insert(name.clone(), def);
                name
            }
            scalar => self.scalar(f, scalar, &base, parent),
        }
    }

    /// A list item or a map key or value: constraints go on the member when the item is a plain
    /// string, so that no shape is needed for them.
    fn element(&mut self, f: &Field, ty: &Ty, parent: &str, depth: usize) -> MemberDef {
        if depth >= MAX_DEPTH {
            self.warn(format!("line {}: types nested too deeply; read as a document", f.line));
            return MemberDef::new("document");
        }
        if *ty == Ty::String && f.values.is_none() {
            let mut m = MemberDef::new("string");
            m.length = f.length;
            m.pattern = self.checked_pattern(f);
            return m;
        }
        MemberDef::new(self.target(f, ty, parent, depth + 1))
    }

    fn scalar(&mut self, f: &Field, ty: &Ty, base: &str, parent: &str) -> String {
        let (shape_type, prelude) = match ty {
            Ty::String if f.values.is_some() => (ShapeType::Enum, ""),
            Ty::String => (ShapeType::String, "string"),
            Ty::Integer => (ShapeType::Integer, "integer"),
            Ty::Long => (ShapeType::Long, "long"),
            Ty::Double => (ShapeType::Double, "double"),
            Ty::Float => (ShapeType::Float, "float"),
            Ty::Boolean => (ShapeType::Boolean, "boolean"),
            Ty::Timestamp => (ShapeType::Timestamp, "timestamp"),
            Ty::Blob => (ShapeType::Blob, "blob"),
            _ => (ShapeType::Document, "document"),
        };
        let mut def = ShapeDef::new(shape_type);
        let mut uses = Vec::new();
        match shape_type {
            ShapeType::Enum => {
                def.values =
                    Some(f.values.iter().flatten().map(|v| EnumValue::new(v.clone())).collect());
                uses.extend([Use::Values, Use::Length, Use::Pattern]);
                def.length = f.length;
                def.pattern =
                    self.checked_pattern(f).map(|p| p.regex().to_owned()).map(PatternDef::Text);
            }
            ShapeType::String => {
                def.length = f.length;
                def.pattern = self.checked_pattern(f);
                uses.extend([Use::Length, Use::Pattern]);
            }
            ShapeType::Blob => {
                def.length = f.length;
                uses.push(Use::Length);
            }
            t if t.is_number() => {
                uses.push(Use::Range);
                match &f.range {
                    Some(r)
                        if is_fractional(r)
                            && !matches!(t, ShapeType::Double | ShapeType::Float) =>
                    {
                        self.warn(format!(
                            "line {}: the {} range of {} has a fractional bound; ignored",
                            f.line,
                            t.name(),
                            f.name
                        ));
                    }
                    r => def.range = r.clone(),
                }
            }
            _ => {}
        }
        self.ignore_unused(f, &uses);
        if def == ShapeDef::new(shape_type) && !prelude.is_empty() {
            return prelude.to_owned();
        }
        self.intern(base, parent, def)
    }

    /// The field's pattern, when it compiles; a warning otherwise.
    fn checked_pattern(&mut self, f: &Field) -> Option<PatternDef> {
        let p = f.pattern.as_ref()?;
        match Pattern::new(p, MatchRule::WholeValue) {
            Ok(_) => Some(PatternDef::Text(p.clone())),
            Err(e) => {
                self.warn(format!(
                    "line {}: the pattern of {} does not compile ({e}); left out",
                    f.line, f.name
                ));
                None
            }
        }
    }

    /// Warns about constraint lines that do not apply to the member's type.
    fn ignore_unused(&mut self, f: &Field, uses: &[Use]) {
        let list = |u: Use| uses.contains(&u);
        let mut unused = Vec::new();
        if f.length.is_some() && !list(Use::Length) && !list(Use::Items) {
            unused.push("Length Constraints");
        }
        if f.pattern.is_some() && !list(Use::Pattern) && !list(Use::Items) {
            unused.push("Pattern");
        }
        if f.values.is_some() && !list(Use::Values) && !list(Use::Items) && !list(Use::Entries) {
            unused.push("Valid Values");
        }
        if f.range.is_some() && !list(Use::Range) && !list(Use::Items) {
            unused.push("Valid Range");
        }
        if f.items.is_some() && !list(Use::Items) {
            unused.push("Array Members");
        }
        let map_lines = f.entries.is_some()
            || f.key_length.is_some()
            || f.key_pattern.is_some()
            || f.key_values.is_some()
            || f.value_length.is_some()
            || f.value_pattern.is_some();
        if map_lines && !list(Use::Entries) {
            unused.push("Map Entries/Key/Value");
        }
        if !unused.is_empty() {
            self.warn(format!(
                "line {}: {} of {} do not apply to its type; ignored",
                f.line,
                unused.join(", "),
                f.name
            ));
        }
    }

    /// The name for a derived shape: `base` when free or identical, else `<Parent><base>`, else
    /// numbered.
    fn intern(&mut self, base: &str, parent: &str, def: ShapeDef) -> String {
        let candidates = [base.to_owned(), format!("{parent}{base}")];
        for name in candidates {
            if let Some(existing) = self.spec.shapes.get(&name) {
                if *existing == def && self.derived.contains(&name) {
                    return name;
                }
                continue;
            }
            if self.reserved.contains(&name) || ShapeType::from_name(&name).is_some() {
                continue;
            }
            self.derived.insert(name.clone());
            self.spec.shapes.insert(name.clone(), def);
            return name;
        }
        let name = self.fresh(&format!("{parent}{base}"), parent);
        self.derived.insert(name.clone());
        self.spec.shapes.insert(name.clone(), def);
        name
    }

    /// A shape name not yet used or reserved: `base`, `<parent><base>`, then numbered.
    fn fresh(&self, base: &str, parent: &str) -> String {
        let free = |n: &str| {
            !self.spec.shapes.contains_key(n)
                && !self.reserved.contains(n)
                && ShapeType::from_name(n).is_none()
        };
        if free(base) {
            return base.to_owned();
        }
        let prefixed = format!("{parent}{base}");
        if free(&prefixed) {
            return prefixed;
        }
        (2..).map(|i| format!("{prefixed}{i}")).find(|n| free(n)).unwrap_or(prefixed)
    }

    /// Named structures without a data-type page become open structures.
    fn open_structures(&mut self) {
        let wanted = std::mem::take(&mut self.wanted);
        for (name, (page, line)) in wanted {
            if self.spec.shapes.contains_key(&name) {
                continue;
            }
            self.page = page;
            self.warn(format!(
                "line {line}: {name} is named (\"{name} object\") but its data-type page is not given: open structure, anything validates"
            ));
            let mut def = ShapeDef::new(ShapeType::Structure);
            def.members = Some(IndexMap::new());
            def.note = Some(format!(
                "Named on the page (\"{name} object\") but not described: open structure."
            ));
            self.spec.shapes.insert(name, def);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    Length,
    Pattern,
    Values,
    Range,
    Items,
    Entries,
}

enum UriBinding {
    Label,
    Query(String),
    Header(String),
}

fn is_fractional(r: &RangeDef) -> bool {
    [&r.min, &r.max].into_iter().flatten().any(|b| b.contains(['.', 'e', 'E']))
}

fn source_line(p: &Page) -> String {
    let what = if p.rst {
        "boto3 client reference page"
    } else if p.data_type {
        "API reference data-type page"
    } else {
        "API reference page"
    };
    match &p.title {
        Some(t) => format!("{t} {what}, {}", p.name),
        None => format!("{what}, {}", p.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_ids() {
        assert_eq!(service_id("AWS CodeArtifact"), "codeartifact");
    }
}
