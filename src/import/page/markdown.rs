//! API reference pages in markdown: the form of the `awsdocs/*` GitHub repositories
//! (`doc_source/API_*.md`: `## Contents<a name="…"></a>`, `** [clientToken](#…) **`, escapes such
//! as `Minimum length of 1\.`, hard line breaks) and of the markdown pages docs.aws.amazon.com
//! serves (a `source_url` front matter, anchors on lines of their own, `{{placeholder}}` request
//! lines).
//!
//! The lexer removes the markup line by line, one raw line per input line, and the section reader
//! of the text form ([`text::read`]) does the rest, so both forms give the same [`Page`]:
//!
//! - `#` headings are headings (a `## Contents` heading is the section); `<a name="…"></a>`
//!   anchors and `<br>` are dropped; a YAML front matter (`---` … `---`) is skipped;
//! - `**bold**` marks are dropped, `[text](url)` is `text` (so `Type: [S3Location](API_S3Location.md)
//!   object` reads as `S3Location object`, the structure the page `API_S3Location.md` describes),
//!   backslash escapes (`\.`, `\-`, `\(`) are the characters they escape; code spans are kept
//!   verbatim, backticks included (patterns are printed in them);
//! - fenced code blocks are code lines (the request and status lines), with `{{name}}`
//!   placeholders read as `name`;
//! - a line ending in a hard break (two spaces or a backslash) ends its logical line;
//! - the service and API version come from the SDK links of `See Also`
//!   (`https://docs.aws.amazon.com/goto/…/lambda-2015-03-31/…`), as the pages have no
//!   `Operation - AWS Service` title.

use crate::error::Error;

use super::parsed::Page;
use super::text::{self, Raw, RawLine};

/// Whether a page is markdown: a fence, a `#` heading, or an `<a name=…>` anchor.
pub(super) fn is_markdown(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with("```")
            || t.starts_with("~~~")
            || heading(t).is_some()
            || t.contains("<a name=\"")
            || t.contains("<a id=\"")
    })
}

/// Reads a markdown operation page or data-type page.
pub(super) fn parse(text: &str) -> Result<Page, Error> {
    let mut page = text::read(&lex(text))?;
    if let Some((service, version)) = goto_link(text) {
        page.service = Some(service);
        page.api_version = Some(version);
    }
    Ok(page)
}

/// The raw lines of a markdown page, one per input line.
fn lex(text: &str) -> Vec<RawLine> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    let mut front_matter = false;
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let t = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let raw = if i == 0 && t == "---" {
            front_matter = true;
            Raw::Blank
        } else if front_matter {
            front_matter = !(t == "---" || t == "...");
            Raw::Blank
        } else if let Some(open) = fence {
            if t.starts_with(open) {
                fence = None;
                Raw::Blank
            } else if t.is_empty() {
                Raw::Blank
            } else {
                Raw::Code(placeholders(t))
            }
        } else if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(if t.starts_with("```") { "```" } else { "~~~" });
            Raw::Blank
        } else if let Some((level, h)) = heading(t) {
            Raw::Heading(level, inline(h).trim().to_owned())
        } else {
            let t = t.strip_prefix('>').map_or(t, str::trim_start);
            let hard_break = line.ends_with("  ") || t.ends_with('\\');
            let t = inline(t.strip_suffix('\\').unwrap_or(t));
            let t = t.trim();
            if t.is_empty() { Raw::Blank } else { Raw::Text(t.to_owned(), hard_break) }
        };
        out.push(RawLine { n, raw });
    }
    out
}

/// `## Title` → (2, "Title").
fn heading(t: &str) -> Option<(usize, &str)> {
    let level = t.chars().take_while(|c| *c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = t.get(level..)?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim()))
}

/// Markdown inline marks removed outside code spans; code spans kept whole, backticks included.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('`') {
        // A backtick escaped with a backslash is a character, not a code span.
        if rest.get(..i).is_some_and(|h| h.ends_with('\\')) {
            out.push_str(&plain(rest.get(..i + 1).unwrap_or("")));
            rest = rest.get(i + 1..).unwrap_or("");
            continue;
        }
        out.push_str(&plain(rest.get(..i).unwrap_or("")));
        let after = rest.get(i..).unwrap_or("");
        let ticks = after.chars().take_while(|c| *c == '`').count();
        let fence = after.get(..ticks).unwrap_or("`");
        let body = after.get(ticks..).unwrap_or("");
        match body.find(fence) {
            Some(j) => {
                let end = ticks + j + ticks;
                out.push_str(after.get(..end).unwrap_or(""));
                rest = after.get(end..).unwrap_or("");
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(&plain(rest));
    out
}

/// Text outside code spans: HTML anchors and `**` dropped, `[text](url)` → `text`, escapes
/// resolved, `*emphasis*` marks dropped. One left-to-right pass per step.
fn plain(s: &str) -> String {
    unescape(&links(&strip_html(s).replace("**", "")))
}

/// `[text](url)` → `text`; anything else is kept as is.
fn links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(mid) = rest.find("](") {
        let head = rest.get(..mid).unwrap_or("");
        let after = rest.get(mid + 2..).unwrap_or("");
        let Some(open) = head.rfind('[') else {
            out.push_str(rest.get(..mid + 2).unwrap_or(""));
            rest = after;
            continue;
        };
        let Some(close) = after.find(')') else { break };
        out.push_str(head.get(..open).unwrap_or(""));
        out.push_str(head.get(open + 1..).unwrap_or(""));
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// `\.` → `.` (a backslash before ASCII punctuation escapes it), and the `*` of `*emphasis*`
/// dropped (a `*` between spaces, or a bullet's, is a character).
fn unescape(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let space = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_none_or(|c| c.is_whitespace());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match (c, chars.get(i + 1)) {
            ('\\', Some(&next)) if next.is_ascii_punctuation() => {
                out.push(next);
                i += 1;
            }
            ('*', _) if !(space(i.checked_sub(1)) && space(Some(i + 1))) => {}
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// `<a name="…">`, `</a>`, `<br>`, `<br/>` removed (a `<br>` is a space); other text kept.
fn strip_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tag = rest.get(i..).unwrap_or("");
        let head = tag.as_bytes().get(..4).unwrap_or(tag.as_bytes()).to_ascii_lowercase();
        let br = head.starts_with(b"<br");
        let known = head.starts_with(b"<a ") || head.starts_with(b"</a>") || br;
        // Tags are short: look for the end in the next few hundred bytes only.
        let end = tag.bytes().take(512).skip(1).position(|b| b == b'>' || b == b'<');
        match end.map(|e| e + 1) {
            Some(e) if known && tag.as_bytes().get(e) == Some(&b'>') => {
                if br {
                    out.push(' ');
                }
                rest = tag.get(e + 1..).unwrap_or("");
            }
            _ => {
                out.push('<');
                rest = tag.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// `/packages/{{packageName}}` → `/packages/packageName`: the placeholder marks of request lines.
fn placeholders(s: &str) -> String {
    s.replace("{{", "").replace("}}", "")
}

/// The service id and API version of the page's SDK links:
/// `https://docs.aws.amazon.com/goto/SdkForCpp/lambda-2015-03-31/PublishLayerVersion` →
/// (`lambda`, `2015-03-31`).
fn goto_link(text: &str) -> Option<(String, String)> {
    const GOTO: &str = "docs.aws.amazon.com/goto/";
    let mut rest = text;
    while let Some(i) = rest.find(GOTO) {
        let after = rest.get(i + GOTO.len()..).unwrap_or("");
        rest = after;
        let path = after.split([')', ' ', '"', '>', '\n']).next().unwrap_or("");
        let Some(id) = path.split('/').nth(1) else { continue };
        let Some((service, version)) = id.len().checked_sub(11).and_then(|cut| {
            let (s, v) = (id.get(..cut)?, id.get(cut + 1..)?);
            (id.get(cut..=cut) == Some("-")).then_some((s, v))
        }) else {
            continue;
        };
        let date = version.len() == 10
            && version
                .char_indices()
                .all(|(k, c)| if k == 4 || k == 7 { c == '-' } else { c.is_ascii_digit() });
        let id_ok = !service.is_empty()
            && service.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
        if date && id_ok {
            return Some((service.to_owned(), version.to_owned()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_marks() {
        assert_eq!(
            inline(
                " ** [LayerName](#API_PublishLayerVersion_RequestSyntax) **   <a name=\"x\"></a>"
            )
            .trim(),
            "LayerName"
        );
        assert_eq!(
            inline("Type: [S3Location](API_S3Location.md) object"),
            "Type: S3Location object"
        );
        assert_eq!(inline("Minimum length of 1\\. \\(ARN\\)"), "Minimum length of 1. (ARN)");
        // Code spans are verbatim: their escapes are the pattern's.
        assert_eq!(
            inline("Pattern: `^[0-9A-Za-z\\.\\-_]*(?<!\\.)$`"),
            "Pattern: `^[0-9A-Za-z\\.\\-_]*(?<!\\.)$`"
        );
        assert_eq!(inline("a \\\\. b"), "a \\. b");
        assert_eq!(inline("x <b>y</b> <br/>z"), "x <b>y</b>  z");
        assert_eq!(inline("a < b"), "a < b");
        assert_eq!(inline("in the *User Guide*\\*. * x"), "in the User Guide*. * x");
        assert_eq!(inline("* item"), "* item");
    }

    #[test]
    fn goto_links() {
        let page = "+  [AWS SDK for C\\+\\+](https://docs.aws.amazon.com/goto/SdkForCpp/lambda-2015-03-31/Filter) ";
        assert_eq!(goto_link(page), Some(("lambda".to_owned(), "2015-03-31".to_owned())));
        assert_eq!(goto_link("https://docs.aws.amazon.com/goto/cli2/x/"), None);
        assert_eq!(goto_link("https://docs.aws.amazon.com/goto/"), None);
    }

    #[test]
    fn lexing() {
        let raws = lex(
            "---\nsource_url: x\n---\n# Op<a name=\"A\"></a>\n```\nGET /a/{{b}} HTTP/1.1\n```\nText  \nmore\\\n",
        );
        let kinds: Vec<Raw> = raws.into_iter().map(|r| r.raw).collect();
        assert_eq!(
            kinds,
            [
                Raw::Blank,
                Raw::Blank,
                Raw::Blank,
                Raw::Heading(1, "Op".to_owned()),
                Raw::Blank,
                Raw::Code("GET /a/b HTTP/1.1".to_owned()),
                Raw::Blank,
                Raw::Text("Text".to_owned(), true),
                Raw::Text("more".to_owned(), true),
                Raw::Blank,
            ]
        );
    }
}
