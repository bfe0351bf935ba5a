//! Rules about links and raw HTML (E04xx): every internal link resolves, every scheme is safe.

use cited_site::Code;
use foldhash::{HashMap, HashMapExt, HashSet};

use cited_site::Diagnostic;
use cited_site::Document;
use cited_site::{Site, layout};

mod hints;
use hints::{scheme_hint, web_address_hint};

/// The schemes a link may use: the one list both the checker and the renderer read. `tel:` and
/// `sms:` are here because readers in crisis tap a helpline's number on their phone.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "sms"];

/// Whether a link destination uses an allowed scheme (or none), and a `tel:` or `sms:` link holds
/// a phone number.
pub fn is_allowed_destination(dest: &str) -> bool {
    destination_problem(dest).is_none()
}

/// Why a link destination may not be published, or `None` when it may.
pub fn destination_problem(dest: &str) -> Option<String> {
    let scheme = scheme(dest)?;
    if !ALLOWED_SCHEMES.contains(&scheme.as_str()) {
        return Some(format!("uses the `{scheme}:` scheme"));
    }
    if matches!(scheme.as_str(), "tel" | "sms") {
        let number = dest.trim().get(scheme.len() + 1..).unwrap_or("");
        if !is_phone_number(number) {
            return Some(format!(
                "`{}` is not a phone number",
                dest.trim().chars().take(60).collect::<String>()
            ));
        }
    }
    None
}

/// Whether `text` is a phone number as a `tel:` or `sms:` link holds it: digits, with spaces, `+`,
/// `-` and parentheses between them, and nothing else.
pub fn is_phone_number(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
}

/// The hint for a refused destination.
pub const ALLOWED_HINT: &str = "only http, https, mailto, tel and sms links (tel and sms with a phone number: digits, spaces, +, - and parentheses), relative links and #anchors are allowed";

/// The scheme of a URL, lowercased, after removing what browsers ignore (whitespace and control
/// characters), so `JaVa\tScript:` is still `javascript`.
pub fn scheme(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let colon = cleaned.find(':')?;
    let candidate = &cleaned[..colon];
    // A `/`, `?` or `#` before the colon makes it a path or fragment, unless an entity (`&#106;`)
    // is hiding a scheme.
    if candidate.contains(['/', '?']) || (candidate.contains('#') && !candidate.contains('&')) {
        return None;
    }
    // Anything before the colon counts, so `&#106;avascript:` is refused too.
    Some(candidate.to_ascii_lowercase())
}

/// Every path of the site and the anchors on it, as the renderer will write them
/// ([`cited_site::layout`] names both).
pub struct Routes<'s> {
    site: &'s Site,
    anchors: HashMap<String, Anchors<'s>>,
    /// `.md` file paths (relative to the site root) and the page path they become.
    files: HashMap<String, String>,
}

/// The anchors on one path: its own ids, and the entries of the references it lists (with the
/// list's own id), which are found when a link asks for one rather than held: at 100,000
/// citation-dense pages, every page's entries' anchors held as strings came to 200 MB.
#[derive(Default)]
struct Anchors<'s> {
    ids: HashSet<String>,
    /// The documents whose citations the path lists.
    citing: Vec<&'s Document>,
}

impl Anchors<'_> {
    fn contains(&self, site: &Site, anchor: &str) -> bool {
        if self.ids.contains(anchor) {
            return true;
        }
        let keys = || {
            self.citing
                .iter()
                .flat_map(|d| &d.citations)
                .flat_map(|c| &c.items)
                .map(|i| i.key())
        };
        // The list is shown when it lists an entry whose anchor no other element has taken.
        keys().any(|k| site.reference_anchor(k) == anchor)
            || (anchor == layout::REFERENCES_ID
                && keys().any(|k| !self.ids.contains(site.reference_anchor(k).as_str())))
    }
}

impl<'s> Routes<'s> {
    /// The routes of a loaded site.
    pub fn new(site: &'s Site) -> Routes<'s> {
        let mut anchors: HashMap<String, Anchors<'s>> = HashMap::new();
        let mut files = HashMap::new();
        for page in &site.pages {
            let mut ids: HashSet<String> =
                page.body.headings.iter().map(|h| h.id.clone()).collect();
            ids.insert(layout::MAIN_ID.to_owned());
            ids.extend(figure_ids(&page.body));
            let mut citing = vec![&page.body];
            for (ki, (id, _)) in page.body.checklists.iter().enumerate() {
                let copy = page.body.checklists[..ki]
                    .iter()
                    .filter(|(o, _)| o == id)
                    .count();
                ids.insert(layout::checklist_section_id(&layout::checklist_dom_id(
                    id, copy,
                )));
                citing.extend(site.checklist(id).into_iter().flat_map(|c| c.documents()));
            }
            let path = layout::page(&page.slug);
            anchors.insert(path.clone(), Anchors { ids, citing });
            files.insert(site.sources.path(page.file).to_owned(), path);
        }
        for checklist in &site.checklists {
            let mut ids: HashSet<String> = [
                layout::MAIN_ID.to_owned(),
                layout::checklist_section_id(&layout::checklist_dom_id(checklist.id(), 0)),
            ]
            .into_iter()
            .collect();
            ids.extend(checklist.documents().flat_map(figure_ids));
            let citing = checklist.documents().collect();
            anchors.insert(layout::checklist(checklist.id()), Anchors { ids, citing });
        }
        // The references page lists every source.
        let mut all: HashSet<String> = site
            .references
            .iter()
            .map(|r| site.reference_anchor(&r.key.value))
            .collect();
        if !all.is_empty() {
            all.insert(layout::REFERENCES_ID.to_owned());
        }
        all.insert(layout::MAIN_ID.to_owned());
        anchors.insert(
            layout::REFERENCES.to_owned(),
            Anchors {
                ids: all,
                citing: Vec::new(),
            },
        );
        for fixed in [
            layout::HOME,
            layout::ABOUT,
            layout::NOT_FOUND,
            layout::EVIDENCE,
            layout::SITEMAP,
            layout::FEED,
            layout::ROBOTS,
        ] {
            anchors
                .entry(fixed.to_owned())
                .or_default()
                .ids
                .insert(layout::MAIN_ID.to_owned());
        }
        Routes {
            site,
            anchors,
            files,
        }
    }

    /// Resolves `dest` written on the page at `from` (a site path like `my-page/`) to a site path
    /// and optional anchor, or says why it does not resolve.
    pub fn resolve(&self, from: &str, from_file: &str, dest: &str) -> Result<(), Broken> {
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or("");
        let target = if path.is_empty() {
            from.to_owned()
        } else if path.ends_with(".md") {
            let file = layout::md_link_file(from_file, path).ok_or_else(|| Broken::climbs(dest))?;
            match self.files.get(&file) {
                Some(p) => p.clone(),
                None => {
                    return Err(Broken {
                        why: format!("no page is written from `{file}`"),
                        hint: self.md_link_hint(path, &file),
                    });
                }
            }
        } else if let Some(abs) = path.strip_prefix('/') {
            layout::normalize(abs).ok_or_else(|| Broken::climbs(dest))?
        } else {
            layout::normalize(&format!("{from}{path}")).ok_or_else(|| Broken::climbs(dest))?
        };
        let target = if target.ends_with('/') || target.is_empty() || target.contains('.') {
            target
        } else {
            format!("{target}/")
        };
        let Some(anchors) = self.anchors.get(target.as_str()) else {
            return Err(Broken {
                why: format!("no page at `/{target}`"),
                hint: web_address_hint(dest).unwrap_or_else(|| self.path_hint(&target)),
            });
        };
        match fragment {
            Some(f) if !f.is_empty() && !anchors.contains(self.site, f) => Err(Broken {
                why: format!("`/{target}` has no anchor `#{f}`"),
                hint: cited_site::did_you_mean(f, anchors.ids.iter().map(String::as_str))
                    .map_or_else(
                        || ANCHOR_HINT.to_owned(),
                        |near| format!("did you mean `#{near}`?"),
                    ),
            }),
            _ => Ok(()),
        }
    }
}

/// What an anchor is, for a link to one a page does not have and none near it.
const ANCHOR_HINT: &str = "a page's anchors are its headings' ids (the heading's words in lowercase, joined by `-`, or the `{#id}` after it), its figures' ids, `cite-1`, `cite-2`... for its citations and `ref-` and the key for each source it lists";

/// Why a link leads nowhere, and what it was probably meant to be.
pub struct Broken {
    /// In words, after "leads nowhere: ".
    pub why: String,
    /// A likely fix (the anchor nearest to the one written, `https://` before a web address), or
    /// else what such a link should be.
    pub hint: String,
}

impl Broken {
    /// A relative link with more `../` than there are folders above it.
    fn climbs(dest: &str) -> Broken {
        Broken {
            why: format!("`{dest}` climbs above the site root"),
            hint: "write it from the site root (`/about/`), or with as many `../` as there are folders above the page".to_owned(),
        }
    }
}

/// The ids of a document's figures (and of images given an id), as the renderer writes them.
fn figure_ids(doc: &Document) -> impl Iterator<Item = String> + '_ {
    doc.images
        .iter()
        .filter_map(|i| i.id.clone())
        .filter(|id| layout::is_figure_id(id))
}

/// Checks every link of every document, and the addresses and markdown of `content/site.yaml`.
pub fn check_links(site: &Site, out: &mut Vec<Diagnostic>) {
    let routes = Routes::new(site);
    check_site_settings(site, &routes, out);
    for page in &site.pages {
        let from = layout::page(&page.slug);
        check_document(
            &routes,
            &from,
            site.sources.path(page.file),
            &page.body,
            out,
        );
    }
    for checklist in &site.checklists {
        let from = layout::checklist(checklist.id());
        for doc in checklist.documents() {
            check_document(&routes, &from, site.sources.path(checklist.file), doc, out);
        }
    }
}

/// The URLs of `content/site.yaml` (they reach every page's footer, the canonical links, the
/// sitemap and `robots.txt`) and the markdown shown on every page (the crisis notice and the
/// disclaimer): a bad one is reported at its field, so the site is never built with it.
fn check_site_settings(site: &Site, routes: &Routes<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(config), Some(file)) = (&site.config, site.config_file) else {
        return;
    };
    let base = &config.base_url;
    if let Some(problem) = base_url_problem(&base.value) {
        out.push(
            Diagnostic::new(
                if scheme(&base.value).is_some_and(|s| s != "http" && s != "https") {
                    Code::E0402
                } else {
                    Code::E0004
                },
                base.span.clone(),
                format!("`base_url` {problem}"),
            )
            .with_hint("write where the site is published: `https://example.org/` or `https://user.github.io/repo/`"),
        );
    } else if base_url_is_local(&base.value) {
        out.push(
            Diagnostic::new(
                Code::E0004,
                base.span.clone(),
                format!("`base_url` is `{}`, an address of this computer: canonical links, the sitemap and the feed would send readers to their own machine", base.value.trim()),
            )
            .with_severity(cited_site::Severity::Warning)
            .with_hint("write where the site will be published, such as `https://example.org/`; `cited serve` previews the site on this computer without it"),
        );
    }
    if let Some(publisher) = &config.publisher {
        let fields = [
            ("url", &publisher.url, false),
            ("contact", &publisher.contact, true),
        ];
        for (name, value, mail) in fields {
            let Some(value) = value else { continue };
            let url = value.value.trim();
            let is_mail = scheme(url).as_deref() == Some("mailto");
            let ok = if is_mail {
                mail && is_plain(url) && url.len() > "mailto:".len()
            } else {
                crate::references::is_http_url(url)
            };
            if !ok {
                let allowed = if mail {
                    "an http or https address, or a `mailto:` address"
                } else {
                    "an http or https address"
                };
                out.push(
                    Diagnostic::new(
                        match scheme(url) {
                            Some(s) if s != "http" && s != "https" && !(mail && s == "mailto") => {
                                Code::E0402
                            }
                            _ => Code::E0004,
                        },
                        value.span.clone(),
                        format!(
                            "`publisher.{name}` `{}` is not {allowed}",
                            url.chars().take(60).collect::<String>()
                        ),
                    )
                    .with_hint(if mail {
                        "write `https://example.org/contact/` or `mailto:editors@example.org`"
                    } else {
                        "write `https://example.org/`"
                    }),
                );
            }
        }
    }
    let text = &site.sources.get(file).text;
    let markdown = [
        ("crisis.text", config.crisis.as_ref().map(|c| &c.text)),
        ("disclaimer", config.disclaimer.as_ref()),
    ];
    for (name, value) in markdown {
        let Some(value) = value else { continue };
        let doc = cited_site::Document::parse_embedded(
            file,
            cited_site::OffsetMap::for_yaml_scalar(&value.value, text, &value.span.range),
            &value.value,
        );
        check_shown_everywhere(name, routes, &doc, out);
    }
}

/// Checks markdown shown on every page: its links must be safe and, when internal, written from
/// the site root (a relative link would lead somewhere else on every page); raw HTML is refused.
fn check_shown_everywhere(
    name: &str,
    routes: &Routes<'_>,
    doc: &Document,
    out: &mut Vec<Diagnostic>,
) {
    // What the parse found (a malformed citation, a link printed as text): this document is not
    // one of the site's, whose problems the check gathers.
    out.extend(doc.problems.iter().cloned());
    for link in &doc.links {
        let span = doc.span(&link.range);
        if let Some(problem) = destination_problem(&link.dest) {
            out.push(
                Diagnostic::new(Code::E0402, span, format!("a link in `{name}` {problem}"))
                    .with_hint(scheme_hint(&link.dest)),
            );
            continue;
        }
        if scheme(&link.dest).is_some() {
            continue;
        }
        if link.dest.trim().is_empty() {
            out.push(empty_link(span));
            continue;
        }
        let result = if link.dest.starts_with('/') {
            routes.resolve("", "content/site.yaml", &link.dest)
        } else {
            Err(Broken {
                why: "it is shown on every page, so it must be written from the site root (`/about/`)"
                    .to_owned(),
                hint: web_address_hint(&link.dest).unwrap_or_else(|| {
                    format!("write `/{}`", link.dest.trim_start_matches("./"))
                }),
            })
        };
        if let Err(broken) = result {
            out.push(
                Diagnostic::new(
                    Code::E0401,
                    span,
                    format!(
                        "link `{}` in `{name}` leads nowhere: {}",
                        link.dest, broken.why
                    ),
                )
                .with_label("broken link")
                .with_hint(broken.hint),
            );
        }
    }
    for range in &doc.raw_html {
        out.push(
            Diagnostic::new(
                Code::E0403,
                doc.span(range),
                format!("raw HTML is not allowed in `{name}`"),
            )
            .with_label("write this in markdown")
            .with_hint("use markdown for formatting"),
        );
    }
    // Shown on every page, it has no reference list to point into: its citations would vanish.
    for citation in &doc.citations {
        out.push(
            Diagnostic::new(
                Code::E0305,
                doc.span(&citation.range),
                format!("`{name}` is shown on every page, where a citation cannot be shown"),
            )
            .with_label("this citation would not be published")
            .with_hint("keep this text free of claims that need a source, or link to the page that cites it"),
        );
    }
}

/// `[text]()`: a link to nowhere in particular, which takes the reader back to the same page.
fn empty_link(span: cited_site::Span) -> Diagnostic {
    Diagnostic::new(Code::E0401, span, "this link has no address")
        .with_label("empty `()`")
        .with_hint(
            "write the address between the parentheses, `[text](https://…)`, or remove the link",
        )
}

/// No whitespace, control characters or characters that end an attribute or a line.
fn is_plain(url: &str) -> bool {
    !url.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`')
    })
}

/// Why `base_url` cannot be where the site is published, or `None`: it must be an absolute http or
/// https URL with a host, and no query, fragment, user name or unsafe character.
pub fn base_url_problem(url: &str) -> Option<String> {
    let url = url.trim();
    match scheme(url).as_deref() {
        Some("http" | "https") => {}
        Some(other) => return Some(format!("uses the `{other}:` scheme: only http and https")),
        None => return Some("is not an absolute http or https URL".to_owned()),
    }
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return Some("must start with `https://` or `http://`".to_owned());
    };
    if !is_plain(url) {
        return Some("holds a space, a control character or a quote".to_owned());
    }
    if url.contains(['?', '#']) {
        return Some("must not have a query (`?`) or a fragment (`#`)".to_owned());
    }
    let host = host_of(rest);
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'))
    {
        return Some("has no host name (such as `example.org`)".to_owned());
    }
    // `https://example.org/index.html`: every page's address would be written under a file.
    let last = rest.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if rest.contains('/')
        && !rest.ends_with('/')
        && [".html", ".htm", ".php", ".xml"]
            .iter()
            .any(|ext| last.ends_with(ext))
    {
        return Some(format!(
            "names a file (`{last}`): it must be the folder the site is published in"
        ));
    }
    None
}

/// The host of a URL's part after `scheme://` (`example.org` of `example.org:8080/repo/`).
fn host_of(rest: &str) -> &str {
    let authority = rest.split('/').next().unwrap_or("");
    authority.rsplit_once(':').map_or(authority, |(h, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            h
        } else {
            authority
        }
    })
}

/// Whether a well-formed `base_url` names this computer (`localhost`, `127.0.0.1`, a `.local`
/// name): every canonical link, the sitemap and the feed would send readers to their own
/// machine. `cited serve` previews on such an address without it.
pub fn base_url_is_local(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or("");
    let host = host_of(rest).trim_end_matches('.');
    host == "localhost"
        || host.ends_with(".localhost")
        || host.ends_with(".local")
        || host == "[::1]"
        || host == "0.0.0.0"
        || host.starts_with("127.")
}

fn check_document(
    routes: &Routes<'_>,
    from: &str,
    from_file: &str,
    doc: &Document,
    out: &mut Vec<Diagnostic>,
) {
    for link in &doc.links {
        let span = doc.span(&link.range);
        if let Some(problem) = destination_problem(&link.dest) {
            let what = if link.is_image { "image" } else { "link" };
            out.push(
                Diagnostic::new(Code::E0402, span, format!("{what} {problem}"))
                    .with_hint(scheme_hint(&link.dest)),
            );
            continue;
        }
        if scheme(&link.dest).is_some() {
            continue;
        }
        if link.dest.trim().is_empty() && !link.is_image {
            out.push(empty_link(span));
            continue;
        }
        // An image's file is found (or reported, E1003), and a remote one judged (E1004), by the
        // image rules.
        if link.is_image {
            continue;
        }
        if let Err(broken) = routes.resolve(from, from_file, &link.dest) {
            out.push(
                Diagnostic::new(
                    Code::E0401,
                    span,
                    format!("link `{}` leads nowhere: {}", link.dest, broken.why),
                )
                .with_label("broken link")
                .with_hint(broken.hint),
            );
        }
    }
    for range in &doc.raw_html {
        out.push(
            Diagnostic::new(
                Code::E0403,
                doc.span(range),
                "raw HTML is not allowed in content",
            )
            .with_label("write this in markdown")
            .with_hint("use markdown for formatting; HTML comments are fine"),
        );
    }
}

#[cfg(test)]
mod tests;
