//! What serve mode changes in a page on its way out (never in `cited build` output): the live
//! reload script before `</body>`, and the page's CSP `connect-src 'none'` relaxed to
//! `connect-src 'self'` so that the script may open its event stream.

/// Where the live reload script is served.
pub const LIVE_JS_PATH: &str = "/__cited/live.js";
/// Where the event stream is served.
pub const EVENTS_PATH: &str = "/__cited/events";
/// Where the current diagnostics are served as JSON (`[]` when the last build succeeded).
pub const ERRORS_PATH: &str = "/__cited/errors.json";

/// The live reload script: opens the event stream, reloads on `reload` (or when the server has a
/// newer build than the page), and shows or hides the diagnostics overlay.
pub const LIVE_JS: &str = include_str!("live.js");

/// Adds the live reload script (tagged with the build generation `build` the page belongs to)
/// before the last `</body>`, and relaxes `connect-src 'none'` in the head's CSP to `'self'`.
pub fn inject(html: &str, build: u64) -> String {
    let head_end = html.find("</head>").unwrap_or(html.len());
    let mut out = match html[..head_end].find("connect-src 'none'") {
        Some(i) => {
            let mut s = String::with_capacity(html.len() + 80);
            s.push_str(&html[..i]);
            s.push_str("connect-src 'self'");
            s.push_str(&html[i + "connect-src 'none'".len()..]);
            s
        }
        None => html.to_owned(),
    };
    let tag = format!("<script src=\"{LIVE_JS_PATH}?build={build}\"></script>");
    match out.rfind("</body>") {
        Some(i) => out.insert_str(i, &tag),
        None => out.push_str(&tag),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::inject;

    #[test]
    fn injects_script_and_relaxes_csp_in_head_only() {
        let page = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; connect-src 'none'\"></head><body><p>connect-src 'none'</p></body></html>";
        let out = inject(page, 7);
        assert!(out.contains("content=\"default-src 'none'; connect-src 'self'\""));
        assert!(out.contains("<p>connect-src 'none'</p>"));
        assert!(out.ends_with("<script src=\"/__cited/live.js?build=7\"></script></body></html>"));
    }
}
