//! API reference pages as text scraped from the HTML, and the section reader the markdown form
//! ([`markdown`](super::markdown)) shares.
//!
//! A form's lexer gives the page as [`RawLine`]s: blank lines, text, headings and code-block
//! lines, one per line of the input (so messages name the input's lines). These are cut into
//! logical lines: a paragraph's wrapped lines are joined with a space, and a constraint label
//! (`Type:`, `Pattern:`, …), a bullet, a heading, a hard line break or a lone name starts a new
//! line. Then the section headings (`Request Syntax`, `URI Request Parameters`, `Request Body`,
//! `Response Elements`, `Errors`, `Contents`, …) split the page, and each section is read as
//! member entries: a name line, prose, constraint lines.

use crate::error::Error;

use super::fields::{self, Label};
use super::parsed::{Field, Page, PageError, RequestLine, ResponseLine, Ty, is_identifier};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sec {
    RequestSyntax,
    UriParams,
    Body,
    ResponseSyntax,
    Response,
    Errors,
    Contents,
    /// Examples, See Also: read nothing until the next section.
    Skip,
}

const SECTIONS: &[(&str, Sec)] = &[
    ("Request Syntax", Sec::RequestSyntax),
    ("URI Request Parameters", Sec::UriParams),
    ("Request Parameters", Sec::Body),
    ("Request Body", Sec::Body),
    ("Response Syntax", Sec::ResponseSyntax),
    ("Response Elements", Sec::Response),
    ("Errors", Sec::Errors),
    ("Contents", Sec::Contents),
    ("Examples", Sec::Skip),
    ("See Also", Sec::Skip),
];

/// Words that head callouts inside descriptions, not members.
const CALLOUTS: &[&str] = &["Note", "Notes", "Important", "Warning", "Tip", "Example"];

const METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"];

#[derive(Debug)]
enum Kind {
    /// A known section title (markdown heading or a line of its own), and its canonical name.
    Section(Sec, &'static str),
    /// Any other markdown heading.
    Heading,
    /// Text.
    Text,
    /// The contents of a fenced code block, joined.
    Code,
}

#[derive(Debug)]
struct Line {
    text: String,
    /// 1-based line number of the first raw line.
    line: usize,
    kind: Kind,
}

/// One line of the input as a form's lexer gives it, before paragraphs are joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Raw {
    /// An empty line, or one that ends a paragraph without text of its own (a code fence).
    Blank,
    /// Text, without the form's marks; `true` when it ends with a hard line break.
    Text(String, bool),
    /// A markdown heading: its level and its text.
    Heading(usize, String),
    /// A line inside a code block.
    Code(String),
}

/// A raw line and its 1-based line number in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawLine {
    pub(super) n: usize,
    pub(super) raw: Raw,
}

/// Reads an operation page or a data-type page of the text form (scraped from the HTML).
pub(super) fn parse(text: &str) -> Result<Page, Error> {
    let raws: Vec<RawLine> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            let t = l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
            let raw = if t.is_empty() { Raw::Blank } else { Raw::Text(t.to_owned(), false) };
            RawLine { n: i + 1, raw }
        })
        .collect();
    read(&raws)
}

/// Reads a page from the raw lines a form's lexer gives.
pub(super) fn read(raws: &[RawLine]) -> Result<Page, Error> {
    let lines = logical_lines(raws);
    let Some(first_section) =
        lines.iter().position(|l| matches!(l.kind, Kind::Section(s, _) if s != Sec::Skip))
    else {
        return Err(Error::import_at(
            1,
            "not an AWS API reference page: no `Request Syntax`, `URI Request Parameters`, \
             `Request Body`, `Request Parameters`, `Response Elements`, `Errors` or `Contents` section",
        ));
    };
    let first_line = lines.get(first_section).map_or(1, |l| l.line);
    let mut page = Page::default();
    let before: Vec<&RawLine> = raws.iter().take_while(|r| r.n < first_line).collect();
    preamble(&before, first_line, &mut page)?;
    Reader::new(&mut page).read(&lines[first_section..]);
    let op_sections = [
        "Request Syntax",
        "URI Request Parameters",
        "Request Body",
        "Response Syntax",
        "Response Elements",
    ];
    page.data_type = page.sections.contains("Contents")
        && !op_sections.iter().any(|s| page.sections.contains(s));
    protocol(&mut page);
    missing_sections(&mut page);
    Ok(page)
}

/// A known section title: the whole line, ignoring case and a trailing colon.
fn section(t: &str) -> Option<Kind> {
    let t = t.trim().trim_end_matches(':').trim();
    SECTIONS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(t))
        .map(|(n, s)| Kind::Section(*s, n))
}

/// A list-item marker at the start: `- `, `* `, `+ `, `• `, or the marker alone.
fn bullet(t: &str) -> Option<&str> {
    for m in ["- ", "* ", "+ ", "• "] {
        if let Some(rest) = t.strip_prefix(m) {
            return Some(rest.trim_start());
        }
    }
    matches!(t, "-" | "*" | "+" | "•").then_some("")
}

/// A member or error name: an identifier alone on its line (code marks and `\_` escapes allowed).
fn name_of(text: &str) -> Option<String> {
    if text.len() > 300 {
        return None;
    }
    let t = fields::strip_code(text.trim()).trim().replace("\\_", "_");
    (is_identifier(&t) && !is_callout(&t)).then_some(t)
}

/// A word that heads a callout (`Note`, `Important`), not a member.
fn is_callout(word: &str) -> bool {
    CALLOUTS.contains(&word)
}

/// Whether `piece` continues the logical line `last` (a wrapped line).
fn continues(last: &str, piece: &str) -> bool {
    let lone = name_of(piece).is_some();
    if let Some((label, value)) = fields::label(last) {
        return match label {
            Label::Required | Label::HttpStatus => value.is_empty(),
            // Types are short: a long value is complete (and not re-read on every line).
            Label::Type => value.is_empty() || (value.len() < 200 && fields::ty(value).is_err()),
            _ => value.is_empty() || !lone,
        };
    }
    if name_of(last).is_some() {
        return false;
    }
    !(lone && last.ends_with(['.', ':', ')']))
}

fn logical_lines(raws: &[RawLine]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut open = false;
    // In the syntax sections a paragraph is one request or status line with headers and body.
    let mut syntax = false;
    for r in raws {
        let n = r.n;
        let (t, hard_break) = match &r.raw {
            Raw::Blank => {
                open = false;
                continue;
            }
            Raw::Code(t) => {
                match out.last_mut() {
                    Some(last) if open && matches!(last.kind, Kind::Code) => {
                        last.text.push(' ');
                        last.text.push_str(t);
                    }
                    _ => out.push(Line { text: t.clone(), line: n, kind: Kind::Code }),
                }
                open = true;
                continue;
            }
            Raw::Heading(_, h) => {
                let kind = section(h).unwrap_or(Kind::Heading);
                if let Kind::Section(sec, _) = kind {
                    syntax = matches!(sec, Sec::RequestSyntax | Sec::ResponseSyntax);
                }
                out.push(Line { text: h.trim().to_owned(), line: n, kind });
                open = false;
                continue;
            }
            Raw::Text(t, hard_break) => (t.trim(), *hard_break),
        };
        if t.is_empty() {
            open = open && !hard_break;
            continue;
        }
        let (t, is_bullet) = match bullet(t) {
            Some(rest) => (rest, true),
            None => (t, false),
        };
        if !is_bullet && let Some(kind) = section(t) {
            if let Kind::Section(sec, _) = kind {
                syntax = matches!(sec, Sec::RequestSyntax | Sec::ResponseSyntax);
            }
            out.push(Line { text: t.to_owned(), line: n, kind });
            open = false;
            continue;
        }
        let cuts = if fields::label(t).is_some() { Vec::new() } else { fields::glued_labels(t) };
        let mut start = 0;
        let ends = cuts.iter().copied().chain(std::iter::once(t.len()));
        for (k, end) in ends.enumerate() {
            let piece = t.get(start..end).unwrap_or("").trim();
            start = end;
            if piece.is_empty() && !(k == 0 && is_bullet) {
                continue;
            }
            let join = open
                && !(k == 0 && is_bullet)
                && fields::label(piece).is_none()
                && out.last().is_some_and(|l| {
                    matches!(l.kind, Kind::Text) && (syntax || continues(&l.text, piece))
                });
            match out.last_mut() {
                Some(last) if join => {
                    if !last.text.is_empty() {
                        last.text.push(' ');
                    }
                    last.text.push_str(piece);
                    // A section title wrapped over two lines.
                    if let Some(kind) = section(&last.text) {
                        if let Kind::Section(sec, _) = kind {
                            syntax = matches!(sec, Sec::RequestSyntax | Sec::ResponseSyntax);
                        }
                        last.kind = kind;
                        open = false;
                        continue;
                    }
                }
                _ => out.push(Line { text: piece.to_owned(), line: n, kind: Kind::Text }),
            }
            open = true;
        }
        // A hard line break (markdown) ends the logical line.
        if hard_break {
            open = false;
        }
    }
    out
}

/// The operation's name, the service title and the description, from the raw lines before the
/// first section (page chrome there has no structure worth joining).
fn preamble(raw: &[&RawLine], first_line: usize, page: &mut Page) -> Result<(), Error> {
    let mut titled: Option<(usize, String, String)> = None;
    let mut h1: Option<(usize, String)> = None;
    let mut lone: Option<(usize, String)> = None;
    // Text lines and headings with their level (0 for text); blank and code lines have no text.
    let text_of = |r: &RawLine| -> Option<(usize, String)> {
        match &r.raw {
            Raw::Text(t, _) => Some((0, t.trim().to_owned())),
            Raw::Heading(level, h) => Some((*level, h.trim().to_owned())),
            Raw::Blank | Raw::Code(_) => None,
        }
    };
    // A lone name is a paragraph of its own (a wrapped sentence can leave one word on a line).
    let blank = |i: Option<usize>| {
        i.and_then(|i| raw.get(i)).is_none_or(|r| text_of(r).is_none_or(|(_, t)| t.is_empty()))
    };
    for (i, r) in raw.iter().enumerate() {
        let Some((level, t)) = text_of(r) else { continue };
        let n = r.n;
        let own_paragraph = blank(i.checked_sub(1)) && blank(Some(i + 1));
        if let Some((name, title)) = t.split_once(" - ") {
            let (name, title) = (name.trim(), title.trim());
            if titled.is_none() && is_identifier(name) && !title.is_empty() && title.len() < 200 {
                titled = Some((n, name.to_owned(), title.to_owned()));
                continue;
            }
        }
        if let Some(name) = name_of(&t) {
            if level == 1 && h1.is_none() {
                h1 = Some((n, name.clone()));
            }
            if own_paragraph || level > 0 {
                lone = Some((n, name));
            }
        }
    }
    let (mut at, name) = match (&titled, &h1, &lone) {
        (Some((n, name, title)), _, _) => {
            page.title = Some(title.clone());
            (*n, name.clone())
        }
        (None, Some((n, name)), _) | (None, None, Some((n, name))) => (*n, name.clone()),
        _ => {
            return Err(Error::import_at(
                first_line,
                "no operation or data type name before the first section \
                 (a line `Name - AWS Service`, or the name on a line of its own)",
            ));
        }
    };
    // The description follows the last line naming the page.
    for r in raw {
        if r.n > at && text_of(r).is_some_and(|(_, t)| t == name) {
            at = r.n;
        }
    }
    page.name = name;
    // The first paragraph of English prose after it (wrapped lines joined); a callout
    // (`**Important**` and its text) is not the description.
    let mut paragraphs: Vec<(bool, String)> = Vec::new();
    let mut open = false;
    for r in raw.iter().filter(|r| r.n > at) {
        let t = text_of(r).map(|(_, t)| t).unwrap_or_default();
        match paragraphs.last_mut() {
            _ if t.is_empty() => open = false,
            Some((_, p)) if open => {
                p.push(' ');
                p.push_str(&t);
            }
            _ => {
                paragraphs.push((is_callout(&t), t));
                open = true;
            }
        }
    }
    page.doc =
        paragraphs.into_iter().find(|(callout, t)| !callout && is_english_prose(t)).map(|(_, t)| t);
    Ok(())
}

/// A sentence of the page's own content rather than translated chrome.
fn is_english_prose(t: &str) -> bool {
    let chars = t.chars().count();
    let non_ascii = t.chars().filter(|c| !c.is_ascii()).count();
    t.ends_with('.') && t.split_whitespace().count() >= 3 && non_ascii * 50 <= chars
}

/// Reads the sections into the page.
struct Reader<'p> {
    page: &'p mut Page,
    sec: Sec,
    field: Option<(Field, bool)>,
    error: Option<PageError>,
}

impl<'p> Reader<'p> {
    fn new(page: &'p mut Page) -> Reader<'p> {
        Reader { page, sec: Sec::Skip, field: None, error: None }
    }

    fn warn(&mut self, line: usize, message: impl std::fmt::Display) {
        self.page.warnings.push(format!("line {line}: {message}"));
    }

    fn read(mut self, lines: &[Line]) {
        // Whether an `HTTP Status Code` line follows in the same section, for each line (one
        // backward pass).
        let mut status_ahead = vec![false; lines.len()];
        let mut seen = false;
        for (i, l) in lines.iter().enumerate().rev() {
            if let Some(slot) = status_ahead.get_mut(i) {
                *slot = seen;
            }
            match l.kind {
                Kind::Section(..) => seen = false,
                _ if fields::label(&l.text).is_some_and(|(k, _)| k == Label::HttpStatus) => {
                    seen = true;
                }
                _ => {}
            }
        }
        for (i, l) in lines.iter().enumerate() {
            match &l.kind {
                Kind::Section(s, name) if !self.is_member_entry(lines, i) => {
                    self.finish();
                    self.sec = *s;
                    self.page.sections.insert(name);
                }
                Kind::Section(..) | Kind::Heading | Kind::Text => {
                    self.text(l, status_ahead.get(i).copied().unwrap_or(false));
                }
                Kind::Code => self.code(l),
            }
        }
        self.finish();
    }

    /// A section title inside a member list may be a member of that name (`Errors`, `Contents`):
    /// it is one when a constraint line follows before the next name or section.
    fn is_member_entry(&self, lines: &[Line], i: usize) -> bool {
        if !matches!(self.sec, Sec::UriParams | Sec::Body | Sec::Response | Sec::Contents) {
            return false;
        }
        let Some(l) = lines.get(i) else { return false };
        if name_of(&l.text).is_none() {
            return false;
        }
        for next in lines.iter().skip(i + 1) {
            match &next.kind {
                Kind::Section(..) => return false,
                Kind::Code => continue,
                Kind::Heading | Kind::Text => {
                    if let Some((label, _)) = fields::label(&next.text) {
                        return label != Label::HttpStatus;
                    }
                    if name_of(&next.text).is_some() {
                        return false;
                    }
                }
            }
        }
        false
    }

    fn code(&mut self, l: &Line) {
        match self.sec {
            Sec::RequestSyntax | Sec::ResponseSyntax => self.syntax(l),
            _ => {}
        }
    }

    fn text(&mut self, l: &Line, status_ahead: bool) {
        match self.sec {
            Sec::Skip => {}
            Sec::RequestSyntax | Sec::ResponseSyntax => self.syntax(l),
            Sec::Errors => self.error_line(l, status_ahead),
            Sec::UriParams | Sec::Body | Sec::Response | Sec::Contents => self.member_line(l),
        }
    }

    fn syntax(&mut self, l: &Line) {
        let tokens: Vec<&str> = l.text.split_whitespace().collect();
        match self.sec {
            Sec::RequestSyntax if self.page.request.is_none() => {
                let (Some(method), Some(target)) = (tokens.first(), tokens.get(1)) else { return };
                if !METHODS.contains(method) {
                    return;
                }
                if !target.starts_with('/') {
                    self.warn(
                        l.line,
                        format!(
                            "the request target `{}` does not start with `/`",
                            fields::short(target)
                        ),
                    );
                    return;
                }
                let rest = tokens.get(2..).unwrap_or(&[]);
                let rest = match rest.first() {
                    Some(t) if t.starts_with("HTTP/") => rest.get(1..).unwrap_or(&[]),
                    _ => rest,
                };
                self.page.request = Some(RequestLine {
                    method: (*method).to_owned(),
                    target: (*target).to_owned(),
                    headers: headers(rest),
                    line: l.line,
                });
            }
            Sec::ResponseSyntax if self.page.response.is_none() => {
                let Some(first) = tokens.first() else { return };
                if !first.starts_with("HTTP/") {
                    return;
                }
                let status = tokens.get(1).map_or(String::new(), |s| (*s).to_owned());
                let rest = tokens.get(2..).unwrap_or(&[]);
                self.page.response = Some(ResponseLine { status, headers: headers(rest) });
            }
            _ => {}
        }
    }

    /// An error entry: its name, prose, the members some pages name under it (each a name and
    /// prose), and its status code. A name is a member of the entry before it when that entry has
    /// no status code yet, one follows in the section, and the name does not read as an error's
    /// (`…Exception`, `…Error`, `…Fault`).
    fn error_line(&mut self, l: &Line, status_ahead: bool) {
        if let Some((label, value)) = fields::label(&l.text) {
            match (label, self.error.as_mut()) {
                (Label::HttpStatus, Some(e)) => match fields::status(value) {
                    Some(code) => e.status = Some(code),
                    None => self.warn(
                        l.line,
                        format!("cannot read the status code `{}`", fields::short(value)),
                    ),
                },
                _ => self.warn(
                    l.line,
                    format!("`{}` outside an error entry; ignored", fields::short(&l.text)),
                ),
            }
        } else if let Some(name) = name_of(&l.text) {
            if let Some(e) = self.error.as_mut()
                && e.status.is_none()
                && status_ahead
                && !is_error_name(&name)
            {
                if !e.members.contains(&name) {
                    e.members.push(name);
                }
                return;
            }
            self.finish();
            self.error = Some(PageError {
                name,
                status: None,
                members: Vec::new(),
                doc: None,
                line: l.line,
            });
        } else if let Some(e) = self.error.as_mut()
            && e.doc.is_none()
            && e.status.is_none()
        {
            e.doc = Some(l.text.clone());
        }
    }

    fn member_line(&mut self, l: &Line) {
        if let Some((label, value)) = fields::label(&l.text) {
            self.constraint(l.line, label, value);
        } else if let Some(name) = name_of(&l.text) {
            self.finish();
            let field = Field { name, line: l.line, ..Field::default() };
            self.field = Some((field, false));
        } else if let Some((f, idem)) = self.field.as_mut() {
            let lower = l.text.to_ascii_lowercase();
            if lower.contains("idempoten") || lower.contains("autopopulated") {
                *idem = true;
            }
            if f.doc.is_none() && f.ty.is_none() && f.length.is_none() && f.pattern.is_none() {
                f.doc = Some(l.text.clone());
            }
        }
    }

    fn constraint(&mut self, line: usize, label: Label, value: &str) {
        let Some((f, _)) = self.field.as_mut() else {
            self.warn(
                line,
                format!(
                    "a constraint line outside a member entry: `{}`; ignored",
                    fields::short(value)
                ),
            );
            return;
        };
        let name = f.name.clone();
        let mut problem: Option<String> = None;
        let mut twice = false;
        fn set<T>(slot: &mut Option<T>, v: T, twice: &mut bool) {
            if slot.is_some() {
                *twice = true;
            } else {
                *slot = Some(v);
            }
        }
        match label {
            Label::Type => match fields::ty(value) {
                Ok(t) => set(&mut f.ty, t, &mut twice),
                Err(e) => {
                    problem = Some(format!("{e}: read as a document (anything validates)"));
                    set(&mut f.ty, Ty::Document, &mut twice);
                }
            },
            Label::Required => match fields::yes(value) {
                Some(r) => f.required = r,
                None => problem = Some(format!("cannot read `Required: {}`", fields::short(value))),
            },
            Label::Length
            | Label::ArrayMembers
            | Label::MapEntries
            | Label::KeyLength
            | Label::ValueLength => match fields::length(value) {
                Ok(len) => {
                    let slot = match label {
                        Label::Length => &mut f.length,
                        Label::ArrayMembers => &mut f.items,
                        Label::MapEntries => &mut f.entries,
                        Label::KeyLength => &mut f.key_length,
                        _ => &mut f.value_length,
                    };
                    set(slot, len, &mut twice);
                }
                Err(e) => problem = Some(e),
            },
            Label::Pattern | Label::KeyPattern | Label::ValuePattern => {
                let p = fields::pattern(value);
                if p.is_empty() {
                    problem = Some("an empty pattern".to_owned());
                } else {
                    let slot = match label {
                        Label::Pattern => &mut f.pattern,
                        Label::KeyPattern => &mut f.key_pattern,
                        _ => &mut f.value_pattern,
                    };
                    set(slot, p, &mut twice);
                }
            }
            Label::ValidValues | Label::ValidKeys => {
                let v = fields::values(value);
                if v.is_empty() {
                    problem = Some("no values".to_owned());
                } else if label == Label::ValidValues {
                    set(&mut f.values, v, &mut twice);
                } else {
                    set(&mut f.key_values, v, &mut twice);
                }
            }
            Label::ValidRange => match fields::range(value) {
                Ok(r) => set(&mut f.range, r, &mut twice),
                Err(e) => problem = Some(e),
            },
            Label::HttpStatus => problem = Some("an HTTP status code in a member entry".to_owned()),
        }
        if twice {
            self.warn(
                line,
                format!("{name} has a second `{}` line; the first is kept", label.text()),
            );
        }
        if let Some(p) = problem {
            self.warn(line, format!("{name}: {p}; ignored"));
        }
    }

    fn finish(&mut self) {
        if let Some((mut f, idem)) = self.field.take() {
            f.idempotency_token = idem && f.name.to_ascii_lowercase().contains("token");
            let typed = matches!(self.sec, Sec::Body | Sec::Response | Sec::Contents);
            if typed && f.ty.is_none() {
                self.warn(f.line, format!("{} has no `Type:` line; read as a String", f.name));
            }
            match self.sec {
                Sec::UriParams => self.page.uri_params.push(f),
                Sec::Body => self.page.body.push(f),
                Sec::Response => self.page.output.push(f),
                Sec::Contents => self.page.contents.push(f),
                _ => {}
            }
        }
        if let Some(e) = self.error.take() {
            self.page.errors.push(e);
        }
    }
}

/// A name that reads as an error's: `ConflictException`, `InternalError`, `ServiceFault`.
fn is_error_name(name: &str) -> bool {
    ["Exception", "Error", "Fault"].iter().any(|s| name.ends_with(s))
}

/// `Name: value` pairs after the request or status line, up to the body.
fn headers(tokens: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(t) = tokens.get(i) {
        if t.starts_with(['{', '[', '<']) {
            break;
        }
        let name = t
            .strip_suffix(':')
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        match (name, tokens.get(i + 1)) {
            (Some(name), Some(value)) => {
                out.push((name.to_owned(), (*value).to_owned()));
                i += 2;
            }
            _ => i += 1,
        }
    }
    out
}

/// The protocol, from the content types of the request and response lines.
fn protocol(page: &mut Page) {
    let types: Vec<String> = page
        .request
        .iter()
        .flat_map(|r| r.headers.iter())
        .chain(page.response.iter().flat_map(|r| r.headers.iter()))
        .filter(|(h, _)| h.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.to_ascii_lowercase())
        .collect();
    page.protocol = if types.iter().any(|t| t.contains("x-amz-json-1.0")) {
        Some("awsJson1_0")
    } else if types.iter().any(|t| t.contains("x-amz-json-1.1")) {
        Some("awsJson1_1")
    } else if page.request.is_none() {
        None
    } else if types.iter().any(|t| t.contains("json")) {
        Some("restJson1")
    } else if types.iter().any(|t| t.contains("xml")) {
        Some("restXml")
    } else {
        None
    };
}

fn missing_sections(page: &mut Page) {
    let has = |s: &str| page.sections.contains(s);
    let mut missing = Vec::new();
    if page.data_type {
        if page.contents.is_empty() {
            missing.push("the Contents section lists no members".to_owned());
        }
    } else {
        if !has("Request Syntax") {
            missing.push("no Request Syntax section".to_owned());
        }
        if !has("Response Elements") && !has("Response Syntax") {
            missing.push("no Response Elements section: the operation has no output".to_owned());
        }
        if !has("Errors") {
            missing.push("no Errors section: the operation lists no errors".to_owned());
        }
    }
    if !has("See Also") {
        missing.push("no See Also section: the page may be truncated".to_owned());
    }
    page.warnings.extend(missing);
}
