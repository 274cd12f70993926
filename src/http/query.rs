//! Query strings and labels: percent-decoding.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use crate::error::{Error, ErrorKind};

/// Percent-decodes one label or query component (`+` stays a plus, as in RFC 3986).
pub(crate) fn decode(text: &str) -> Result<Cow<'_, str>, Error> {
    percent_decode_str(text).decode_utf8().map_err(|_| {
        Error::new(
            ErrorKind::RequestSyntax,
            format!("`{text}` is not valid UTF-8 once percent-decoded"),
        )
    })
}

/// Splits and percent-decodes a query string; `?flag` gives `("flag", "")`.
pub(crate) fn parse_query(query: &str) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        out.push((decode(k)?.into_owned(), decode(v)?.into_owned()));
    }
    Ok(out)
}
