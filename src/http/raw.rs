//! Reading one raw HTTP/1.1 request: request line, headers, blank line, body.

use crate::error::{Error, ErrorKind};

/// The most headers a raw request may have.
pub(crate) const MAX_HEADERS: usize = 128;

/// Parses one HTTP/1.1 request. The body is `Content-Length` bytes when that header is present
/// (more bytes are ignored, fewer are an error), the chunked-decoded body with
/// `Transfer-Encoding: chunked`, and otherwise everything after the blank line.
///
/// # Errors
/// [`ErrorKind::RequestSyntax`] naming what is wrong.
pub(crate) fn parse(bytes: &[u8]) -> Result<http::Request<Vec<u8>>, Error> {
    let bad = |m: String| Error::new(ErrorKind::RequestSyntax, m);
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let head_len = match req.parse(bytes) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            return Err(bad("incomplete request head (no blank line after the headers)".into()));
        }
        Err(e) => return Err(bad(format!("malformed request head: {e}"))),
    };
    let mut builder = http::Request::builder()
        .method(req.method.unwrap_or("GET"))
        .uri(req.path.unwrap_or("/"))
        .version(http::Version::HTTP_11);
    let mut content_length: Option<usize> = None;
    let mut chunked = false;
    for h in req.headers.iter() {
        if h.name.eq_ignore_ascii_case("content-length") {
            let text = std::str::from_utf8(h.value).unwrap_or("").trim();
            let n = text.parse().map_err(|_| bad(format!("invalid Content-Length `{text}`")))?;
            if content_length.is_some_and(|c| c != n) {
                return Err(bad("conflicting Content-Length headers".into()));
            }
            content_length = Some(n);
        }
        if h.name.eq_ignore_ascii_case("transfer-encoding")
            && std::str::from_utf8(h.value).unwrap_or("").to_ascii_lowercase().contains("chunked")
        {
            chunked = true;
        }
        builder = builder.header(h.name, h.value);
    }
    let rest = bytes.get(head_len..).unwrap_or_default();
    let body = if chunked {
        dechunk(rest).ok_or_else(|| bad("malformed chunked body".into()))?
    } else if let Some(n) = content_length {
        rest.get(..n)
            .ok_or_else(|| {
                bad(format!("body has {} bytes but Content-Length says {n}", rest.len()))
            })?
            .to_vec()
    } else {
        rest.to_vec()
    };
    builder.body(body).map_err(|e| bad(format!("invalid request: {e}")))
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(rest.get(..line_end)?).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = rest.get(line_end + 2..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?.strip_prefix(b"\r\n")?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_head_and_body_with_content_length() {
        let r =
            parse(b"PUT /p/x?a=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}extra").unwrap();
        assert_eq!(r.method(), "PUT");
        assert_eq!(r.uri().path(), "/p/x");
        assert_eq!(r.uri().query(), Some("a=1"));
        assert_eq!(r.body(), b"{}");
    }

    #[test]
    fn accepts_bare_newlines_and_chunked_bodies() {
        let r =
            parse(b"POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n2\r\n{}\r\n0\r\n\r\n").unwrap();
        assert_eq!(r.body(), b"{}");
    }

    #[test]
    fn errors_name_the_problem() {
        let e = parse(b"PUT / HTTP/1.1\r\nContent-Length: 5\r\n\r\n{}").unwrap_err();
        assert_eq!(e.message(), "body has 2 bytes but Content-Length says 5");
        let e = parse(b"PUT / HTTP/1.1\r\n").unwrap_err();
        assert_eq!(e.message(), "incomplete request head (no blank line after the headers)");
        let e = parse(b"\x00\x01 nonsense\r\n\r\n").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::RequestSyntax);
    }
}
