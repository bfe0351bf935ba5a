//! A deliberately small HTTP/1.1 server side: read one bounded request head, answer, close.
//!
//! Bounded on purpose: the request line and headers together may not exceed [`MAX_HEAD_BYTES`],
//! reads and writes time out, and only `GET` and `HEAD` are answered. Paths are percent-decoded
//! (backslashes and NUL refused) and then resolved among the served files by
//! [`crate::files::resolve`], which refuses traversal and absolute paths.

use std::io::{self, Read, Write};
use std::path::Path;

/// The most bytes a request line plus headers may take.
pub const MAX_HEAD_BYTES: usize = 8 * 1024;

/// A parsed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The request target as sent (path and query, still percent-encoded).
    pub target: String,
    /// The `Host` header, if any.
    pub host: Option<String>,
}

/// Why a request head could not be read.
#[derive(Debug)]
pub enum RequestError {
    /// The head exceeded [`MAX_HEAD_BYTES`] (answer 431).
    TooLarge,
    /// Not an HTTP/1.x request line (answer 400).
    Malformed,
    /// The connection failed or timed out (answer nothing).
    Io(io::Error),
}

/// Reads one request head from `stream`, never more than [`MAX_HEAD_BYTES`] bytes.
pub fn read_request(stream: &mut impl Read) -> Result<Request, RequestError> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    let end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD_BYTES {
            return Err(RequestError::TooLarge);
        }
        let n = stream.read(&mut chunk).map_err(RequestError::Io)?;
        if n == 0 {
            return Err(RequestError::Malformed);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    if end > MAX_HEAD_BYTES {
        return Err(RequestError::TooLarge);
    }
    let head = std::str::from_utf8(&buf[..end]).map_err(|_| RequestError::Malformed)?;
    let mut lines = head.split("\r\n");
    let request_line = lines.next().ok_or(RequestError::Malformed)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(RequestError::Malformed);
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() || target.is_empty() {
        return Err(RequestError::Malformed);
    }
    let host = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.trim().to_owned());
    Ok(Request {
        method: method.to_owned(),
        target: target.to_owned(),
        host,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Percent-decodes `s`. `None` for a malformed escape or bytes that are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The decoded path of a request target (query and fragment dropped), or `None` when it must be
/// refused outright: not starting with `/`, malformed escapes, a backslash or NUL anywhere.
pub fn decoded_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.contains('\\') {
        return None;
    }
    let decoded = percent_decode(path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    Some(decoded)
}

/// The content type for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The reason phrase of the status codes this server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// Writes a whole response (`Connection: close`); with `head_only`, the headers alone.
pub fn respond(
    stream: &mut impl Write,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// A plain-text response.
pub fn respond_text(
    stream: &mut impl Write,
    status: u16,
    text: &str,
    head_only: bool,
) -> io::Result<()> {
    respond(
        stream,
        status,
        &[("Content-Type", "text/plain; charset=utf-8")],
        text.as_bytes(),
        head_only,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_refuses() {
        assert_eq!(decoded_path("/a%20b/?q=1").as_deref(), Some("/a b/"));
        assert_eq!(
            decoded_path("/%2e%2e/%2e%2e/etc/passwd").as_deref(),
            Some("/../../etc/passwd")
        );
        assert_eq!(decoded_path("/a\\b"), None);
        assert_eq!(decoded_path("/a%5cb"), None);
        assert_eq!(decoded_path("/a%00b"), None);
        assert_eq!(decoded_path("/a%zz"), None);
        assert_eq!(decoded_path("/a%2"), None);
        assert_eq!(decoded_path("/%ff"), None);
        assert_eq!(decoded_path("http://evil/"), None);
    }

    #[test]
    fn bounded_head() {
        let big = format!(
            "GET / HTTP/1.1\r\nX: {}\r\n\r\n",
            "a".repeat(MAX_HEAD_BYTES)
        );
        assert!(matches!(
            read_request(&mut big.as_bytes()),
            Err(RequestError::TooLarge)
        ));
        let ok = "GET /x HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n";
        let req = read_request(&mut ok.as_bytes());
        assert!(
            matches!(req, Ok(Request { ref host, .. }) if host.as_deref() == Some("127.0.0.1:1"))
        );
        assert!(matches!(
            read_request(&mut "nonsense\r\n\r\n".as_bytes()),
            Err(RequestError::Malformed)
        ));
    }
}
