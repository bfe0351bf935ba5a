//! Reducing HTML (cited's and Pandoc's) to the text the suite compares.

/// The element starting `html`, up to its matching end tag.
pub fn balanced<'h>(html: &'h str, tag: &str) -> &'h str {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut depth = 0usize;
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        if rest.starts_with(&open) {
            depth += 1;
        } else if rest.starts_with(&close) {
            depth -= 1;
            if depth == 0 {
                return &html[..i + close.len()];
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    html
}

/// HTML to comparable text: superscript as `^(…)` (adjacent runs as one), block tags as spaces, other tags dropped,
/// entities decoded, whitespace folded.
pub fn to_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    let mut sup_closed_at = None;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            rest = &rest[lt..];
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        match (name.as_str(), tag.starts_with('/')) {
            // `<sup>1</sup><a><sup>,2</sup></a>` reads as `<sup>1,2</sup>`: one run.
            ("sup", false) if sup_closed_at == Some(text.len()) => {
                text.pop();
            }
            ("sup", false) => text.push_str("^("),
            ("sup", true) => {
                text.push(')');
                sup_closed_at = Some(text.len());
            }
            ("div" | "p" | "br" | "li", _) => text.push(' '),
            _ => {}
        }
        rest = &rest[lt + gt + 1..];
    }
    text.push_str(rest);
    decode(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn decode(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let entity = after.find(';').filter(|&n| n <= 10).map(|n| &after[..n]);
        let ch = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => e
                .strip_prefix("#x")
                .or_else(|| e.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        });
        match (ch, entity) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &after[e.len() + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn text_reduction() {
    assert_eq!(to_text("<sup>1&ndash;3</sup>"), "^(1&ndash;3)");
    assert_eq!(to_text("<sup>1</sup>&#8211;<em>T</em>&amp;x"), "^(1)–T&x");
    assert_eq!(to_text("<div>1.</div><div>Doe,\n J.</div>"), "1. Doe, J.");
    assert_eq!(
        to_text("<a><sup>1</sup></a><sup>,</sup><a><sup>2</sup></a>"),
        "^(1,2)"
    );
    assert_eq!(to_text("<sup>1</sup> <sup>2</sup>"), "^(1) ^(2)");
    assert_eq!(base64(b"ab"), "YWI=");
    assert_eq!(base64(b"abc"), "YWJj");
    assert_eq!(
        balanced("<span a><span>x</span></span>y", "span"),
        "<span a><span>x</span></span>"
    );
}
