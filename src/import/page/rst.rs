//! boto3 client reference pages (reStructuredText): `.. py:method:: Service.Client.op(**kwargs)`,
//! `:type X: string` / `:param X: **[REQUIRED]**` entries with nested `- **Key** *(type) --*`
//! bullets, the `**Response Structure**` tree and the `**Exceptions**` list.
//!
//! boto3 pages print names, types, required-ness and enum values (in the syntax blocks), but no
//! constraints and no HTTP binding.

use std::collections::HashMap;

use crate::error::Error;

use super::parsed::{Field, Page, PageError, Ty, is_identifier, pascal};

/// Deepest bullet nesting read; deeper bullets are ignored.
const MAX_DEPTH: usize = 32;

/// Whether a text is a boto3 RST page.
pub(super) fn is_rst(text: &str) -> bool {
    text.contains(".. py:method::")
        || (text.contains("\n:param ") || text.contains(" :param ")) && text.contains(":type ")
}

struct Raw<'a> {
    line: usize,
    indent: usize,
    text: &'a str,
}

#[derive(Default)]
struct Param<'a> {
    name: String,
    line: usize,
    required: bool,
    body: Vec<Raw<'a>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Start,
    RequestSyntax,
    Param,
    Returns,
    ResponseSyntax,
    ResponseStructure,
    Exceptions,
}

/// Reads a boto3 client method page.
pub(super) fn parse(text: &str) -> Result<Page, Error> {
    let lines: Vec<Raw<'_>> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            let indent = l
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .map(|c| if c == '\t' { 4 } else { 1 })
                .sum();
            Raw { line: i + 1, indent, text: l.trim() }
        })
        .collect();
    let mut page = Page { rst: true, ..Page::default() };

    // `.. py:method:: Panorama.Client.create_package(**kwargs)`
    let method_line = lines.iter().find(|l| l.text.starts_with(".. py:method::"));
    let mut method_name = None;
    if let Some(l) = method_line {
        let sig = l.text.trim_start_matches(".. py:method::").trim();
        let path = sig.split('(').next().unwrap_or("");
        let parts: Vec<&str> = path.split('.').collect();
        if parts.len() >= 2 {
            let class = parts.first().copied().unwrap_or("");
            if is_identifier(class) {
                page.service = Some(class.to_ascii_lowercase());
                page.title = Some(class.to_owned());
            }
            method_name = parts.last().copied().filter(|m| is_identifier(m));
        }
    }
    // `<https://docs.aws.amazon.com/goto/WebAPI/panorama-2019-07-24/CreatePackage>`
    let mut op_name = None;
    if let Some(i) = text.find("goto/WebAPI/") {
        let rest = text.get(i + "goto/WebAPI/".len()..).unwrap_or("");
        let end =
            rest.find(|c: char| c == '>' || c == '`' || c.is_whitespace()).unwrap_or(rest.len());
        if let Some((uid, op)) = rest.get(..end).and_then(|s| s.split_once('/')) {
            if is_identifier(op) {
                op_name = Some(op.to_owned());
            }
            let date = uid.get(uid.len().saturating_sub(10)..).unwrap_or("");
            if is_date(date) {
                page.api_version = Some(date.to_owned());
            }
        }
    }
    page.name = match (op_name, method_name) {
        (Some(op), _) => op,
        (None, Some(m)) => pascal(m),
        (None, None) => {
            return Err(Error::import_at(
                method_line.map_or(1, |l| l.line),
                "a boto3 page without a `.. py:method:: Service.Client.method(...)` line",
            ));
        }
    };
    if let Some(l) = method_line {
        page.doc = lines
            .iter()
            .filter(|r| r.line > l.line && !r.text.is_empty())
            .map(|r| r.text)
            .find(|t| !t.starts_with(':') && !t.starts_with("**") && !t.starts_with("See also"))
            .map(str::to_owned);
    }

    let mut mode = Mode::Start;
    let mut types: HashMap<String, String> = HashMap::new();
    let mut params: Vec<Param<'_>> = Vec::new();
    let mut param_indent = 0;
    let mut request_syntax: Vec<&str> = Vec::new();
    let mut response_syntax: Vec<&str> = Vec::new();
    let mut response: Vec<Raw<'_>> = Vec::new();
    for l in &lines {
        let t = l.text;
        if let Some(rest) = t.strip_prefix(":type ") {
            if let Some((name, ty)) = rest.split_once(':') {
                types.insert(name.trim().to_owned(), ty.trim().to_owned());
            }
            mode = Mode::Start;
            continue;
        }
        if let Some(rest) = t.strip_prefix(":param ") {
            let (name, after) = rest.split_once(':').unwrap_or((rest, ""));
            let name = name.trim();
            if is_identifier(name) {
                params.push(Param {
                    name: name.to_owned(),
                    line: l.line,
                    required: after.contains("[REQUIRED]"),
                    body: Vec::new(),
                });
                param_indent = l.indent;
                mode = Mode::Param;
            } else {
                page.warnings
                    .push(format!("line {}: cannot read the parameter name `{name}`", l.line));
                mode = Mode::Start;
            }
            continue;
        }
        if t.starts_with(":rtype:") || t.starts_with(":returns:") {
            mode = Mode::Returns;
            continue;
        }
        let next = match t {
            "**Request Syntax**" => Some(Mode::RequestSyntax),
            "**Response Syntax**" => Some(Mode::ResponseSyntax),
            "**Response Structure**" => Some(Mode::ResponseStructure),
            "**Exceptions**" => Some(Mode::Exceptions),
            _ => None,
        };
        if let Some(m) = next {
            mode = m;
            continue;
        }
        if t.is_empty() {
            continue;
        }
        match mode {
            Mode::RequestSyntax => request_syntax.push(t),
            Mode::ResponseSyntax => response_syntax.push(t),
            Mode::Param if l.indent > param_indent => {
                if let Some(p) = params.last_mut() {
                    p.body.push(Raw { line: l.line, indent: l.indent, text: t });
                }
            }
            Mode::Param => mode = Mode::Start,
            Mode::ResponseStructure => {
                response.push(Raw { line: l.line, indent: l.indent, text: t })
            }
            Mode::Exceptions => {
                if let Some(i) = t.find("exceptions.") {
                    let rest = t.get(i + "exceptions.".len()..).unwrap_or("");
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if is_identifier(&name) && !page.errors.iter().any(|e| e.name == name) {
                        page.errors.push(PageError {
                            name,
                            status: None,
                            members: Vec::new(),
                            doc: None,
                            line: l.line,
                        });
                    }
                }
            }
            Mode::Start | Mode::Returns => {}
        }
    }

    let request_enums = enums(&request_syntax);
    let response_enums = enums(&response_syntax);
    let mut warnings = Vec::new();
    for p in &params {
        let tree = Tree::new(&p.body, &mut warnings);
        let ty = types.get(&p.name).map_or("string", String::as_str);
        if !types.contains_key(&p.name) {
            warnings.push(format!(
                "line {}: no `:type` for the parameter {}; read as a string",
                p.line, p.name
            ));
        }
        let mut f = tree.field(&p.name, p.line, ty, &tree.roots, &request_enums, 0, &mut warnings);
        f.required = p.required || tree.required;
        f.doc = tree.doc.clone();
        if f.doc.as_deref().is_some_and(|d| d.to_ascii_lowercase().contains("autopopulated"))
            && f.name.to_ascii_lowercase().contains("token")
        {
            f.idempotency_token = true;
        }
        page.body.push(f);
    }
    let tree = Tree::new(&response, &mut warnings);
    // The root is `- *(dict) --*`; its children are the response's members.
    let top: Vec<usize> = match tree.roots.as_slice() {
        [root] if tree.nodes.get(*root).is_some_and(|n| n.name.is_none()) => {
            tree.nodes.get(*root).map(|n| n.children.clone()).unwrap_or_default()
        }
        roots => roots.to_vec(),
    };
    for &i in &top {
        if let Some(n) = tree.nodes.get(i) {
            let name = n.name.clone().unwrap_or_default();
            if !is_identifier(&name) {
                continue;
            }
            let f =
                tree.field(&name, n.line, &n.ty, &n.children, &response_enums, 0, &mut warnings);
            page.output.push(Field { required: n.required, doc: n.doc.clone(), ..f });
        }
    }
    page.warnings.extend(warnings);
    page.warnings.push(
        "the boto3 page states no constraints (length, pattern, range): members are only typed"
            .to_owned(),
    );
    if params.is_empty() && page.output.is_empty() {
        page.warnings
            .push("the boto3 page lists no parameters and no response structure".to_owned());
    }
    Ok(page)
}

fn is_date(s: &str) -> bool {
    s.len() == 10
        && s.char_indices()
            .all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() })
}

/// `Name='A'|'B'` and `'Name': 'A'|'B'` lines of a syntax block: member name → values
/// (`None` when the name has different values in different places).
fn enums(lines: &[&str]) -> HashMap<String, Option<Vec<String>>> {
    let mut out: HashMap<String, Option<Vec<String>>> = HashMap::new();
    for t in lines {
        if !t.contains("'|'") {
            continue;
        }
        let t = t.trim_end_matches(',');
        let (key, value) = if let Some(rest) = t.strip_prefix('\'') {
            match rest.split_once("':") {
                Some((k, v)) => (k, v),
                None => continue,
            }
        } else {
            match t.split_once('=') {
                Some((k, v)) => (k, v),
                None => continue,
            }
        };
        let key = key.trim();
        if !is_identifier(key) {
            continue;
        }
        let values: Vec<String> = value
            .split('|')
            .map(|v| v.trim().trim_matches('\'').to_owned())
            .filter(|v| !v.is_empty() && !v.contains(char::is_whitespace))
            .collect();
        if values.is_empty() {
            continue;
        }
        match out.get(key) {
            Some(Some(old)) if *old != values => {
                out.insert(key.to_owned(), None);
            }
            Some(_) => {}
            None => {
                out.insert(key.to_owned(), Some(values));
            }
        }
    }
    out
}

struct Node {
    name: Option<String>,
    ty: String,
    required: bool,
    doc: Option<String>,
    children: Vec<usize>,
    line: usize,
}

/// Nested `- **Name** *(type) --*` bullets, by indentation.
struct Tree {
    nodes: Vec<Node>,
    roots: Vec<usize>,
    /// Prose before the first bullet.
    doc: Option<String>,
    /// `**[REQUIRED]**` outside any bullet.
    required: bool,
}

impl Tree {
    fn new(lines: &[Raw<'_>], warnings: &mut Vec<String>) -> Tree {
        let mut tree = Tree { nodes: Vec::new(), roots: Vec::new(), doc: None, required: false };
        let mut stack: Vec<(usize, usize)> = Vec::new();
        let mut too_deep = false;
        for l in lines {
            while stack.last().is_some_and(|(indent, _)| *indent >= l.indent) {
                stack.pop();
            }
            if let Some((name, ty, rest)) = bullet(l.text) {
                if stack.len() >= MAX_DEPTH {
                    too_deep = true;
                    continue;
                }
                let idx = tree.nodes.len();
                tree.nodes.push(Node {
                    name,
                    ty,
                    required: rest.contains("[REQUIRED]"),
                    doc: None,
                    children: Vec::new(),
                    line: l.line,
                });
                match stack.last().and_then(|(_, p)| tree.nodes.get_mut(*p)) {
                    Some(parent) => parent.children.push(idx),
                    None => tree.roots.push(idx),
                }
                stack.push((l.indent, idx));
                continue;
            }
            let required = l.text.contains("**[REQUIRED]**");
            let prose = l.text.replace("**[REQUIRED]**", "");
            let prose = prose.trim();
            let slot = match stack.last().and_then(|(_, i)| tree.nodes.get_mut(*i)) {
                Some(n) => {
                    n.required |= required;
                    &mut n.doc
                }
                None => {
                    tree.required |= required;
                    &mut tree.doc
                }
            };
            if slot.is_none() && !prose.is_empty() {
                *slot = Some(prose.to_owned());
            }
        }
        if too_deep {
            warnings.push(format!("bullets nested deeper than {MAX_DEPTH} levels are ignored"));
        }
        tree
    }

    /// The field for a member of boto3 type `ty` whose nested bullets are `children`.
    #[allow(clippy::too_many_arguments)]
    fn field(
        &self,
        name: &str,
        line: usize,
        ty: &str,
        children: &[usize],
        enums: &HashMap<String, Option<Vec<String>>>,
        depth: usize,
        warnings: &mut Vec<String>,
    ) -> Field {
        let t = self.ty(name, line, ty, children, enums, depth, warnings);
        let values = match (&t, enums.get(name)) {
            (Ty::String, Some(Some(v))) => Some(v.clone()),
            _ => None,
        };
        Field { name: name.to_owned(), line, ty: Some(t), values, ..Field::default() }
    }

    #[allow(clippy::too_many_arguments)]
    fn ty(
        &self,
        name: &str,
        line: usize,
        ty: &str,
        children: &[usize],
        enums: &HashMap<String, Option<Vec<String>>>,
        depth: usize,
        warnings: &mut Vec<String>,
    ) -> Ty {
        if depth > MAX_DEPTH {
            return Ty::Document;
        }
        let lower = ty.trim().to_ascii_lowercase();
        let child = |i: usize| children.get(i).and_then(|c| self.nodes.get(*c));
        match lower.as_str() {
            "string" => Ty::String,
            "integer" => Ty::Integer,
            "long" => Ty::Long,
            "float" | "double" => Ty::Double,
            "boolean" => Ty::Boolean,
            "datetime" | "timestamp" => Ty::Timestamp,
            "list" => match child(0) {
                Some(item) => Ty::List(Box::new(self.ty(
                    &format!("{name}Item"),
                    item.line,
                    &item.ty,
                    &item.children,
                    enums,
                    depth + 1,
                    warnings,
                ))),
                None => {
                    warnings.push(format!(
                        "line {line}: the list {name} has no item type; read as documents"
                    ));
                    Ty::List(Box::new(Ty::Document))
                }
            },
            "dict" => {
                let named: Vec<&Node> = children
                    .iter()
                    .filter_map(|c| self.nodes.get(*c))
                    .filter(|n| n.name.is_some())
                    .collect();
                match child(0) {
                    // `- *(string) --*` then, nested, the value: a map.
                    Some(key) if named.is_empty() => {
                        let value = key.children.first().and_then(|v| self.nodes.get(*v));
                        let k = self.ty(name, key.line, &key.ty, &[], enums, depth + 1, warnings);
                        let v = match value {
                            Some(v) => self.ty(
                                &format!("{name}Value"),
                                v.line,
                                &v.ty,
                                &v.children,
                                enums,
                                depth + 1,
                                warnings,
                            ),
                            None => Ty::Document,
                        };
                        Ty::Map(Box::new(k), Box::new(v))
                    }
                    _ => {
                        let fields = named
                            .iter()
                            .map(|n| {
                                let member = n.name.clone().unwrap_or_default();
                                let f = self.field(
                                    &member,
                                    n.line,
                                    &n.ty,
                                    &n.children,
                                    enums,
                                    depth + 1,
                                    warnings,
                                );
                                Field { required: n.required, doc: n.doc.clone(), ..f }
                            })
                            .collect();
                        Ty::Inline(name.to_owned(), fields)
                    }
                }
            }
            t if t.starts_with("bytes") || t == "blob" => Ty::Blob,
            t if t.contains("document") => Ty::Document,
            _ => {
                warnings.push(format!(
                    "line {line}: unknown boto3 type `{ty}` of {name}; read as a document"
                ));
                Ty::Document
            }
        }
    }
}

/// `- **Name** *(type) --* rest` or `- *(type) --* rest`.
fn bullet(t: &str) -> Option<(Option<String>, String, &str)> {
    let rest = t.strip_prefix("- ")?.trim_start();
    let (name, rest) = match rest.strip_prefix("**") {
        Some(r) => {
            let (n, r) = r.split_once("**")?;
            (Some(n.trim().to_owned()), r.trim_start())
        }
        None => (None, rest),
    };
    let r = rest.strip_prefix("*(")?;
    let (ty, r) = r.split_once(") --*").or_else(|| r.split_once(")*"))?;
    Some((name.filter(|n| is_identifier(n)), ty.trim().to_owned(), r))
}
