//! The link rules' tests: schemes, base URLs, anchors and the hints for a broken link.

use super::*;

#[test]
fn a_mistyped_scheme_is_named_and_any_other_is_not() {
    assert_eq!(
        scheme_hint("htps://www.nhs.uk/"),
        "did you mean `https:`? write `https://www.nhs.uk/`"
    );
    assert_eq!(
        scheme_hint("mailtoo:editors@example.org"),
        "did you mean `mailto:`? write `mailto:editors@example.org`"
    );
    for other in [
        "javascript:alert(1)",
        "ftp://example.org/",
        "data:text/html,x",
        "file:///etc/passwd",
    ] {
        assert_eq!(scheme_hint(other), ALLOWED_HINT, "{other}");
    }
}

#[test]
fn a_web_address_without_its_scheme_is_told_to_add_it() {
    assert_eq!(
        web_address_hint("www.nhs.uk/mental-health").as_deref(),
        Some("a web address needs its scheme: `https://www.nhs.uk/mental-health`")
    );
    assert!(web_address_hint("nhs.uk/conditions/").is_some());
    for relative in ["guide.md", "../about/", "images/chart.png", "the-guide/"] {
        assert_eq!(web_address_hint(relative), None, "{relative}");
    }
}

#[test]
fn schemes_are_found_through_obfuscation() {
    assert!(!is_allowed_destination("javascript:alert(1)"));
    assert!(!is_allowed_destination("JaVa\tScRiPt:alert(1)"));
    assert!(!is_allowed_destination(" data:text/html,x"));
    assert!(!is_allowed_destination("vbscript:x"));
    assert!(!is_allowed_destination("&#106;avascript:alert(1)"));
    assert!(is_allowed_destination("https://x.org"));
    assert!(is_allowed_destination("mailto:a@b.org"));
    assert!(is_allowed_destination("../x/#y"));
    assert!(is_allowed_destination("page/a:b"));
    assert!(!is_allowed_destination("htps://x.org"));
}

#[test]
fn phone_links_hold_a_number() {
    assert!(is_allowed_destination("tel:988"));
    assert!(is_allowed_destination("TEL:+44 (0)116-123"));
    assert!(is_allowed_destination("sms:741741"));
    assert!(!is_allowed_destination("tel:"));
    assert!(!is_allowed_destination("tel:988;ext=javascript:x"));
    assert!(!is_allowed_destination("sms:741741?body=hi"));
    assert!(!is_allowed_destination("tel:call-me"));
}

#[test]
fn a_base_url_on_this_computer_is_told_apart() {
    for local in [
        "http://localhost:4000/",
        "http://127.0.0.1/",
        "https://site.local/",
        "http://[::1]:8080/",
        "http://LOCALHOST/",
    ] {
        assert!(base_url_is_local(local), "{local}");
    }
    for public in [
        "https://example.org/",
        "https://localhost.example.org/",
        "https://user.github.io/repo/",
    ] {
        assert!(!base_url_is_local(public), "{public}");
    }
}

#[test]
fn base_urls_are_absolute_http_with_a_host() {
    assert_eq!(base_url_problem("https://example.org/"), None);
    assert_eq!(base_url_problem("http://localhost:8000/repo/"), None);
    assert_eq!(base_url_problem(" https://user.github.io/repo "), None);
    assert_eq!(base_url_problem("https://example.org/v1.2/"), None);
    assert_eq!(base_url_problem("https://example.org/guides.v2"), None);
    for bad in [
        "javascript:alert(1)//",
        "JavaScript:alert(1)//https://x.org/",
        "https:///path/",
        "//example.org/",
        "/repo/",
        "https://example.org/?q=1",
        "https://example.org/#x",
        "https://user@example.org/",
        "https://example.org/\nDisallow: /",
        "https://exa mple.org/",
        "https://example.org/index.html",
        "https://user.github.io/repo/index.htm",
    ] {
        assert!(base_url_problem(bad).is_some(), "{bad}");
    }
}

/// The link problems of a site of `files` (path, text) besides `content/site.yaml`, whose
/// settings are `settings` after its title and address.
fn links_of(settings: &str, files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let dir = crate::testing::site_folder(settings, files);
    let site = cited_site::load(dir.path()).site;
    let mut out = Vec::new();
    check_links(&site, &mut out);
    out
}

#[test]
fn a_broken_link_with_nothing_near_it_is_told_what_a_link_should_be() {
    let out = links_of(
        "disclaimer: \"See [the terms](terms/).\"\n",
        &[(
            "content/guide.md",
            "---\ntitle: G\n---\nSee [x](/qqqwww/), [y](zzzqqq.md), [z](#qqqwww) and [w](../../up/).\n",
        )],
    );
    let mut hints: Vec<(&str, &str)> = out
        .iter()
        .map(|d| {
            let written = d.message.split('`').nth(1).unwrap_or_default();
            (written, d.hint.as_deref().unwrap_or_default())
        })
        .collect();
    hints.sort_unstable();
    assert_eq!(
        hints,
        [
            ("#qqqwww", ANCHOR_HINT),
            (
                "../../up/",
                "write it from the site root (`/about/`), or with as many `../` as there are folders above the page"
            ),
            (
                "/qqqwww/",
                "a page's address is its file's name without `.md` (or its `slug`): `content/guide.md` is at `/guide/`; or link the page's file, and cited writes its address"
            ),
            ("terms/", "write `/terms/`"),
            (
                "zzzqqq.md",
                "a `.md` link names a page's file from the folder of the file it is in; the site has `content/guide.md`, for one"
            ),
        ],
        "{out:#?}"
    );
}

#[test]
fn anchors_are_those_the_page_is_written_with() {
    let out = links_of(
        "",
        &[
            // Page a cites k: its list of references carries #references and #ref-k.
            (
                "content/a.md",
                "---\ntitle: A\n---\nIt is so [@k]. See [the entry](#ref-k), [the list](#references), [that](../references/#ref-k), [b](sub/b.md) and [none](#ref-nope).\n",
            ),
            // Page b cites nothing: no list, so neither anchor; its `.md` link is relative
            // to its own folder, and `a.md` there does not exist.
            (
                "content/sub/b.md",
                "---\ntitle: B\n---\nSee [k](#ref-k), [the list](#references), [a](../a.md) and [a again](a.md).\n",
            ),
            (
                "references/k.yaml",
                "references:\n  - id: k\n    type: book\n    title: T\n",
            ),
        ],
    );
    let mut broken: Vec<&str> = out
        .iter()
        .map(|d| d.message.split('`').nth(1).unwrap_or_default())
        .collect();
    broken.sort_unstable();
    assert_eq!(
        broken,
        ["#ref-k", "#ref-nope", "#references", "a.md"],
        "{out:#?}"
    );
}
