//! A note style's page (Chicago notes): each citation is a numbered mark leading to its note at the
//! end of the text, and the note's link back returns to the mark; without JavaScript as with it;
//! axe-core finds nothing on the page.

use serde_json::json;

use crate::ARTICLE;
use crate::accessibility::{format_violations, run_axe};
use crate::support::*;

/// The id of the element the URL's fragment names, and whether it is the `:target`.
const TARGET: &str = "const id = decodeURIComponent(location.hash.slice(1)); \
    const el = document.getElementById(id); \
    return [id, el !== null && el.matches(':target'), el ? el.tagName : null];";

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn a_note_mark_leads_to_its_note_and_the_note_back_to_the_mark() {
    let test = "a_note_mark_leads_to_its_note_and_the_note_back_to_the_mark";
    if !browser_available(test) {
        return;
    }
    let Some(axe_path) = npm_file(test, "axe-core/axe.min.js") else {
        return;
    };
    let axe_source = std::fs::read_to_string(axe_path).unwrap();
    let server = Server::start(site_in_style("chicago-notes"));
    let url = server.url(ARTICLE);
    for javascript in [false, true] {
        let url = url.clone();
        let axe_source = axe_source.clone();
        with_browser(javascript, move |c| async move {
            c.set_window_size(375, 800).await.unwrap();
            c.goto(&url).await.unwrap();
            let marks = js(
                &c,
                "return document.querySelectorAll('a.footnote-ref').length",
            )
            .await;
            let notes = js(
                &c,
                "return document.querySelectorAll('.footnotes li').length",
            )
            .await;
            assert!(marks.as_u64().unwrap_or(0) > 1, "marks: {marks}");
            assert_eq!(marks, notes, "one note per mark");
            // The first mark: a target of at least 24 by 24 px, as the citation markers have.
            let size = js(
                &c,
                "const r = document.querySelector('a.footnote-ref').getBoundingClientRect(); \
                 return [r.width, r.height];",
            )
            .await;
            assert!(
                size[0].as_f64().unwrap_or(0.0) >= 24.0 && size[1].as_f64().unwrap_or(0.0) >= 24.0,
                "the mark's target: {size}"
            );
            js(&c, "document.querySelector('a.footnote-ref').click()").await;
            let target = js(&c, TARGET).await;
            assert_eq!(
                target,
                json!(["fn-1", true, "LI"]),
                "javascript: {javascript}"
            );
            // The note holds a citation linking to its entry, and a named link back.
            let note = js(
                &c,
                "const li = document.getElementById('fn-1'); \
                 const back = li.querySelector('a.footnote-back'); \
                 return [li.querySelector('a.cite') !== null, back.getAttribute('aria-label'), \
                         back.getBoundingClientRect().height >= 24];",
            )
            .await;
            assert_eq!(
                note,
                json!([true, "Back to the text of note 1", true]),
                "javascript: {javascript}"
            );
            js(
                &c,
                "document.querySelector('#fn-1 a.footnote-back').click()",
            )
            .await;
            let target = js(&c, TARGET).await;
            assert_eq!(
                target,
                json!(["fnref-1", true, "A"]),
                "javascript: {javascript}"
            );
            if javascript {
                wait_for_enhanced(&c).await;
                let (violations, summary) = run_axe(&c, &axe_source).await;
                eprintln!("note-style page: {summary}");
                let report = format_violations("note-style page", &violations);
                assert!(report.is_empty(), "axe-core violations:\n{report}");
            }
        })
        .await;
    }
}
