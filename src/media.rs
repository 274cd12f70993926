//! HTTP field syntax (RFC 9110): comma-separated lists whose items may be quoted strings, and
//! media types (`type/subtype; name=value`), as `Content-Type`, `Accept` and Smithy's
//! `@mediaType` write them.

/// Splits a field value into its list items (RFC 9110 §5.6.1): items are separated by commas; a
/// quoted string (`"b,c"`, with `\"` and `\\` escapes, §5.6.4) is one item whatever it contains,
/// and its quotes and escapes are removed. Whitespace around items is dropped, and so are empty
/// items (`a,,b` is two items), as the list rule says recipients must.
///
/// `None` when a quoted string is not closed, or text follows a closing quote inside the same item
/// (`"a"b`): the value is not a list.
pub(crate) fn split_list(value: &str) -> Option<Vec<String>> {
    let mut items = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
        let Some(&first) = chars.peek() else { break };
        if first == ',' {
            chars.next();
            continue;
        }
        let mut item = String::new();
        if first == '"' {
            chars.next();
            loop {
                match chars.next()? {
                    '"' => break,
                    '\\' => item.push(chars.next()?),
                    c => item.push(c),
                }
            }
            while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
            match chars.next() {
                None | Some(',') => {}
                Some(_) => return None,
            }
        } else {
            while let Some(c) = chars.next_if(|c| *c != ',') {
                item.push(c);
            }
            chars.next();
            item.truncate(item.trim_end_matches([' ', '\t']).len());
            if item.is_empty() {
                continue;
            }
        }
        items.push(item);
    }
    Some(items)
}

/// A parsed media type: its essence (`type/subtype`, lower-cased) and its parameters (names
/// lower-cased, values unquoted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MediaType {
    pub(crate) essence: String,
    pub(crate) params: Vec<(String, String)>,
}

impl MediaType {
    /// The type, before the `/`.
    pub(crate) fn main_type(&self) -> &str {
        self.essence.split_once('/').map_or(&*self.essence, |(t, _)| t)
    }

    /// A parameter's value, by lower-case name.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Parses `type/subtype *( OWS ";" OWS name=value )` (RFC 9110 §8.3.1); values are tokens or
/// quoted strings. `None` when the text is not a media type.
pub(crate) fn parse(text: &str) -> Option<MediaType> {
    let (essence, mut rest) = match text.find(';') {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    };
    let (t, s) = essence.trim_matches([' ', '\t']).split_once('/')?;
    if !is_token(t) || !is_token(s) {
        return None;
    }
    let mut params = Vec::new();
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        let Some(after) = rest.strip_prefix(';') else { break };
        rest = after.trim_start_matches([' ', '\t']);
        if rest.is_empty() {
            break;
        }
        let (name, after) = rest.split_once('=')?;
        if !is_token(name) {
            return None;
        }
        let (value, after) = if let Some(quoted) = after.strip_prefix('"') {
            quoted_string(quoted)?
        } else {
            let end = after.find([';', ' ', '\t']).unwrap_or(after.len());
            let v = &after[..end];
            if !is_token(v) {
                return None;
            }
            (v.to_owned(), &after[end..])
        };
        params.push((name.to_ascii_lowercase(), value));
        rest = after;
    }
    if !rest.trim_matches([' ', '\t']).is_empty() {
        return None;
    }
    Some(MediaType { essence: format!("{}/{}", t, s).to_ascii_lowercase(), params })
}

/// The content of a quoted string whose opening quote is already consumed, and the text after
/// its closing quote.
fn quoted_string(text: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &text[i + 1..])),
            '\\' => out.push(chars.next()?.1),
            c => out.push(c),
        }
    }
    None
}

/// RFC 9110 `token`: one or more `tchar`.
fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(v: &str) -> Option<Vec<String>> {
        split_list(v)
    }

    #[test]
    fn quoted_items_keep_their_commas_and_lose_their_escapes() {
        assert_eq!(list(r#""b,c", "d""#), Some(vec!["b,c".into(), "d".into()]));
        assert_eq!(
            list(r#""b,c", "\"def\"", a"#),
            Some(vec!["b,c".into(), "\"def\"".into(), "a".into()])
        );
        assert_eq!(list(r#""a\\b""#), Some(vec!["a\\b".into()]));
        assert_eq!(list(r#""""#), Some(vec![String::new()]), "an empty quoted string is an item");
        assert_eq!(list("a, b,c"), Some(vec!["a".into(), "b".into(), "c".into()]));
        assert_eq!(list(" a ,, b , "), Some(vec!["a".into(), "b".into()]));
        assert_eq!(list(""), Some(vec![]));
        assert_eq!(list("a\"b"), Some(vec!["a\"b".into()]), "a quote inside a token is text");
    }

    #[test]
    fn broken_quoting_is_not_a_list() {
        assert_eq!(list(r#""open"#), None);
        assert_eq!(list(r#""a"b, c"#), None);
        assert_eq!(list(r#""a\"#), None);
    }

    #[test]
    fn media_types_parse_with_parameters() {
        let m = parse("Application/JSON; charset=\"utf-8\" ;q=0.5").unwrap();
        assert_eq!(m.essence, "application/json");
        assert_eq!(m.main_type(), "application");
        assert_eq!(m.param("charset"), Some("utf-8"));
        assert_eq!(m.param("q"), Some("0.5"));
        assert_eq!(parse("*/*").map(|m| m.essence), Some("*/*".into()));
        assert_eq!(parse("text/plain;").map(|m| m.essence), Some("text/plain".into()));
        for bad in
            ["", "json", "application/", "/json", "a b/c", "text/plain; x", "a/b; c=\"d", "a/b c"]
        {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}
