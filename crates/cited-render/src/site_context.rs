//! The site-wide parts of the context: the site itself, identifier links and notices of each
//! reference.

use std::collections::BTreeMap;
use std::sync::Arc;

use cited_site::words::Words;
use cited_site::{Site, layout};

use crate::context::*;
use crate::html::{LinkRewriter, render_inline};
use cited_site::Document;

/// The notice `references.lock` records for a source, for the reference list and the citations,
/// in `words`, the site's.
pub fn notice(
    site: &Site,
    reference: &cited_site::Reference,
    words: &Words,
) -> Option<NoticeContext> {
    use cited_site::Status;
    let entry = site.lock.as_ref()?.current(reference)?;
    let (kind, label, kinds, what): (_, _, &[&str], _) = match entry.status.value {
        Status::Retracted => (
            "retracted",
            &words.retracted,
            &["retraction", "withdrawal"],
            &words.retracted_text,
        ),
        Status::Concern => (
            "concern",
            &words.concern,
            &["expression-of-concern"],
            &words.concern_text,
        ),
        Status::Corrected => (
            "corrected",
            &words.corrected,
            &["correction"],
            &words.corrected_text,
        ),
        _ => return None,
    };
    // The notice that says most: dated, with its own DOI.
    let found = entry
        .notices
        .iter()
        .filter(|n| kinds.contains(&n.kind.as_str()))
        .max_by_key(|n| (n.date.is_some(), n.doi.is_some()));
    let mut text = what.clone();
    if let Some(n) = found {
        if n.kind == "withdrawal" {
            text.clone_from(&words.withdrawn_text);
        }
        if let Some(date) = &n.date {
            text.push_str(&format!(" ({date})"));
        }
        let recorded = |by: &str| Words::fill(&words.recorded_by, &[("{source}", by)]);
        match n.source.as_deref() {
            Some("retraction-watch") => {
                text.push_str(&format!("; {}", recorded("Retraction Watch")))
            }
            Some("pubmed") => text.push_str(&format!("; {}", recorded("PubMed"))),
            _ => {}
        }
    }
    text.push('.');
    Some(NoticeContext {
        kind,
        label: label.clone(),
        text,
        url: found.and_then(cited_site::Notice::url),
    })
}

/// An entry's back links grouped by page, in the order they come (each page where it is first
/// cited), numbered 1, 2, 3… within each page: the compact list "Cited in: <page> ↩ 1 2 3".
pub fn group_backlinks(backlinks: &[Backlink]) -> Vec<CitedIn> {
    let mut groups: Vec<CitedIn> = Vec::new();
    for b in backlinks {
        let page_url = b.url.split_once('#').map_or(&*b.url, |(u, _)| u);
        let at = match groups.iter().position(|g| g.page_url == page_url) {
            Some(at) => at,
            None => {
                groups.push(CitedIn {
                    page_title: Arc::clone(&b.page_title),
                    page_url: page_url.to_owned(),
                    links: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let links = &mut groups[at].links;
        links.push(Backlink {
            n: links.len() + 1,
            ..b.clone()
        });
    }
    groups
}

/// DOI, PubMed, PMC and URL links for an entry; `html` is the entry as formatted, to tell
/// whether it links an identifier already.
pub fn identifier_links(reference: &cited_site::Reference, html: &str) -> Vec<IdentifierLink> {
    let linked = |url: &str| html.contains(&format!("href=\"{}\"", crate::html::escape(url)));
    let mut links = Vec::new();
    if let Some(doi) = reference.text("DOI") {
        let url = format!("https://doi.org/{}", doi.value);
        links.push(IdentifierLink {
            kind: "DOI",
            in_text: linked(&url),
            url,
            label: doi.value,
        });
    }
    if let Some(pmid) = reference.text("PMID") {
        let url = format!("https://pubmed.ncbi.nlm.nih.gov/{}/", pmid.value);
        links.push(IdentifierLink {
            kind: "PubMed",
            in_text: linked(&url),
            url,
            label: pmid.value,
        });
    }
    if let Some(pmcid) = reference.text("PMCID") {
        let url = format!("https://pmc.ncbi.nlm.nih.gov/articles/{}/", pmcid.value);
        links.push(IdentifierLink {
            kind: "PMC",
            in_text: linked(&url),
            url,
            label: pmcid.value,
        });
    }
    if let Some(url) = reference.text("URL")
        && cited_check::is_http_url(&url.value)
    {
        links.push(IdentifierLink {
            kind: "Web",
            in_text: linked(&url.value),
            url: url.value.clone(),
            label: url.value,
        });
    }
    links
}

pub(crate) fn site_context(site: &Site, assets: &BTreeMap<String, String>) -> SiteContext {
    let config = site.config.as_ref();
    // The checker refuses a `base_url` that is not an http(s) URL with a host; rendering never
    // writes one into a canonical link, the sitemap or robots.txt, whatever the caller did.
    let mut base_url = config
        .map(|c| c.base_url.value.trim())
        .filter(|u| cited_check::base_url_problem(u).is_none())
        .map_or_else(|| "/".to_owned(), str::to_owned);
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    let base_path = base_path_of(&base_url);
    let bundled = cited_site::words::bundled_for(config);
    let mut words = Words::for_site(config);
    if let Some(days) = config.and_then(|c| c.policy.review_interval_days.as_ref()) {
        words.about_names_reviewed = Words::fill(
            &words.about_names_reviewed,
            &[("{days}", &days.value.to_string())],
        );
    }
    let links = LinkRewriter {
        base_path: &base_path,
        md_targets: &|_, _| None,
        images: None,
        words: &words,
    };
    let inline = |text: &str, file: cited_site::FileId, start: usize| {
        let doc = Document::parse(file, start, text);
        render_inline(&doc, &links, &mut |_| crate::notes::Cited::default())
    };
    let config_file = site.config_file.unwrap_or(cited_site::FileId(0));
    let crisis = match config.and_then(|c| c.crisis.as_ref()) {
        Some(c) => CrisisContext {
            heading: c.heading.clone(),
            html: inline(&c.text.value, config_file, c.text.span.range.start),
        },
        None => CrisisContext {
            heading: bundled.defaults.crisis_heading.clone(),
            html: inline(&bundled.defaults.crisis_text, config_file, 0),
        },
    };
    let publisher = config
        .and_then(|c| c.publisher.as_ref())
        .map(|p| {
            (
                p,
                p.contact
                    .as_ref()
                    .map(|u| u.value.trim())
                    .filter(|u| {
                        cited_check::is_http_url(u)
                            || (u.starts_with("mailto:")
                                && cited_check::is_allowed_destination(u)
                                && !u.contains(['"', '<', '>', ' ']))
                    })
                    .map(str::to_owned),
            )
        })
        .map(|(p, contact)| PublisherContext {
            name: p.name.clone(),
            // As for `base_url`: only the addresses the checker accepts are ever written.
            url: p
                .url
                .as_ref()
                .map(|u| u.value.trim())
                .filter(|u| cited_check::is_http_url(u))
                .map(str::to_owned),
            contact: contact.clone(),
            contact_label: contact.map(|u| u.trim_start_matches("mailto:").to_owned()),
        });
    let policy = config.map(|c| &c.policy);
    SiteContext {
        image_hosts: config
            .map(|c| c.images.hosts().map(str::to_owned).collect())
            .unwrap_or_default(),
        title: config.map_or_else(String::new, |c| c.title.value.clone()),
        description: config
            .and_then(|c| c.description.as_ref())
            .map(|d| d.value.clone())
            .unwrap_or_default(),
        language: cited_site::SiteConfig::language_of(config),
        base_url,
        assets: assets
            .iter()
            .map(|(k, v)| (k.clone(), format!("{base_path}{v}")))
            .collect(),
        publisher,
        policy: PolicyContext {
            review_interval_days: policy
                .and_then(|p| p.review_interval_days.as_ref())
                .map(|d| d.value),
            required: policy
                .map(|p| p.required.iter().map(|r| r.value.clone()).collect())
                .unwrap_or_default(),
            funding: policy.and_then(|p| p.funding.clone()),
            conflicts: policy.and_then(|p| p.conflicts.clone()),
            advertising: policy.and_then(|p| p.advertising.clone()),
        },
        crisis,
        disclaimer_html: inline(
            config
                .and_then(|c| c.disclaimer.as_ref())
                .map_or(bundled.defaults.disclaimer.as_str(), |d| d.value.as_str()),
            config_file,
            0,
        ),
        nav: vec![
            NavLink {
                title: words.nav_home.clone(),
                url: base_path.clone(),
            },
            NavLink {
                title: words.nav_references.clone(),
                url: format!("{base_path}{}", layout::REFERENCES),
            },
            NavLink {
                title: words.nav_about.clone(),
                url: format!("{base_path}{}", layout::ABOUT),
            },
        ],
        references_url: format!("{base_path}{}", layout::REFERENCES),
        about_url: format!("{base_path}{}", layout::ABOUT),
        feed_url: format!("{base_path}{}", layout::FEED),
        generator: format!("cited {}", env!("CARGO_PKG_VERSION")),
        ids: IdsContext::default(),
        base_path,
        words,
    }
}

/// The path of a base URL: `https://user.github.io/repo/` → `/repo/`; anything odd → `/`.
/// Empty, `.` and `..` segments are dropped, so the path can never climb.
pub fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect();
    if segments.is_empty() {
        "/".to_owned()
    } else {
        format!("/{}/", segments.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_links_group_by_page_numbered_within_each() {
        let b = |url: &str, title: &str, n| Backlink {
            url: Arc::from(url),
            page_title: Arc::from(title),
            n,
        };
        let groups = group_backlinks(&[
            b("/a/#cite-1", "A", 1),
            b("/a/#cite-4", "A", 2),
            b("/b/#cite-2", "B", 3),
            b("/a/#cite-9", "A", 4),
        ]);
        let titles: Vec<(&str, &str)> = groups
            .iter()
            .map(|g| (&*g.page_title, g.page_url.as_str()))
            .collect();
        assert_eq!(titles, [("A", "/a/"), ("B", "/b/")]);
        let links = |g: &CitedIn| -> Vec<(String, usize)> {
            g.links.iter().map(|l| (l.url.to_string(), l.n)).collect()
        };
        assert_eq!(
            links(&groups[0]),
            [
                ("/a/#cite-1".to_owned(), 1),
                ("/a/#cite-4".to_owned(), 2),
                ("/a/#cite-9".to_owned(), 3)
            ]
        );
        assert_eq!(links(&groups[1]), [("/b/#cite-2".to_owned(), 1)]);
        assert!(group_backlinks(&[]).is_empty());
    }

    /// Every number of the default crisis notice can be called (or texted) with one tap.
    #[test]
    fn the_default_crisis_notice_links_every_number() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/site.yaml"),
            "title: Site\nbase_url: https://example.org/\n",
        )
        .unwrap();
        let site = cited_site::load(dir.path()).site;
        let html = site_context(&site, &BTreeMap::new()).crisis.html;
        for link in [
            r#"<a href="tel:988">988</a>"#,
            r#"<a href="sms:988">text 988</a>"#,
            r#"<a href="tel:911">911</a>"#,
            r#"<a href="tel:116123">116 123</a>"#,
        ] {
            assert!(html.contains(link), "{link} in {html}");
        }
    }
}
