//! The checklist in a real browser: ticking, keyboard, storage, privacy, no-JavaScript, copies.

use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::json;

use super::support::*;
use super::{ARTICLE, CHECKLIST_PAGE, STORAGE_PREFIX};

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// On a site in French, what the script writes (the count, the copy's outcome) is in French too:
/// its words come from the page, not from the script.
#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn the_script_writes_in_the_pages_language() {
    if !browser_available("the_script_writes_in_the_pages_language") {
        return;
    }
    let server = Server::start(french_site_dir());
    let url = server.url(CHECKLIST_PAGE);
    with_browser(true, |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_enhanced(&c).await;
        // WebDriver reads a no-break space as a space.
        assert_eq!(summary_text(&c).await, "Signes cochés : 0 sur 5.");
        tick(&c, 0).await;
        tick(&c, 2).await;
        assert_eq!(summary_text(&c).await, "Signes cochés : 2 sur 5.");
        click(&c, ".checklist .copy-answers").await;
        let status = c
            .wait()
            .for_element(Locator::Css(".checklist .copy-status:not(:empty)"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            [
                "Copié.",
                "La copie n’est pas autorisée ici ; sélectionnez plutôt le texte."
            ]
            .contains(&status.as_str()),
            "{status:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn ticking_updates_summary_and_guidance() {
    if !browser_available("ticking_updates_summary_and_guidance") {
        return;
    }
    let server = Server::start(site_dir());
    let url = server.url(CHECKLIST_PAGE);
    with_browser(true, |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_enhanced(&c).await;
        assert_eq!(summary_text(&c).await, "0 of 5 signs ticked.");
        assert_eq!(
            guidance_state(&c).await,
            vec![(0, 0, true), (1, 2, false), (3, 5, false)]
        );

        tick(&c, 0).await;
        assert_eq!(summary_text(&c).await, "1 of 5 signs ticked.");
        tick(&c, 2).await;
        assert_eq!(summary_text(&c).await, "2 of 5 signs ticked.");
        assert_eq!(
            guidance_state(&c).await,
            vec![(0, 0, false), (1, 2, true), (3, 5, false)]
        );

        tick(&c, 3).await;
        assert_eq!(summary_text(&c).await, "3 of 5 signs ticked.");
        assert_eq!(
            guidance_state(&c).await,
            vec![(0, 0, false), (1, 2, false), (3, 5, true)]
        );

        // Unticking goes back down.
        tick(&c, 3).await;
        tick(&c, 2).await;
        assert_eq!(summary_text(&c).await, "1 of 5 signs ticked.");
        assert_eq!(
            guidance_state(&c).await,
            vec![(0, 0, false), (1, 2, true), (3, 5, false)]
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn keyboard_tab_and_space_toggle_first_checkbox() {
    if !browser_available("keyboard_tab_and_space_toggle_first_checkbox") {
        return;
    }
    let server = Server::start(site_dir());
    let url = server.url(CHECKLIST_PAGE);
    with_browser(true, |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_enhanced(&c).await;
        // Clicking the (non-focusable) legend sets the sequential focus navigation starting
        // point there; the next Tab stop after it is the first checkbox.
        click(&c, ".checklist legend").await;
        let tab = KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::Tab.into(),
            })
            .then(KeyAction::Up {
                value: Key::Tab.into(),
            });
        c.perform_actions(tab).await.unwrap();
        let focused = js(
            &c,
            "return document.activeElement && document.activeElement.name",
        )
        .await;
        assert_eq!(
            focused,
            json!("no-improvement"),
            "Tab from the legend focuses the first checkbox"
        );

        let space = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: ' ' })
            .then(KeyAction::Up { value: ' ' });
        c.perform_actions(space.clone()).await.unwrap();
        assert_eq!(checked_names(&c).await, vec!["no-improvement"]);
        assert_eq!(summary_text(&c).await, "1 of 5 signs ticked.");

        c.perform_actions(space).await.unwrap();
        assert!(checked_names(&c).await.is_empty(), "Space again unticks");
        assert_eq!(summary_text(&c).await, "0 of 5 signs ticked.");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn storage_is_opt_in_restores_clears_and_ignores_stale_versions() {
    if !browser_available("storage_is_opt_in_restores_clears_and_ignores_stale_versions") {
        return;
    }
    let server = Server::start(site_dir());
    let url = server.url(CHECKLIST_PAGE);
    with_browser(true, |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_enhanced(&c).await;
        let key = storage_key(&c).await;
        assert!(key.starts_with(STORAGE_PREFIX), "storage key {key}");

        // Nothing stored before "remember" is ticked.
        tick(&c, 0).await;
        tick(&c, 1).await;
        assert!(local_storage(&c).await.is_empty(), "nothing stored without consent");
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        assert!(checked_names(&c).await.is_empty(), "answers not restored without consent");
        assert!(local_storage(&c).await.is_empty());

        // With "remember": stored, and restored on reload.
        tick(&c, 1).await;
        tick(&c, 4).await;
        click(&c, ".checklist label.remember").await;
        let stored = local_storage(&c).await;
        assert_eq!(stored.len(), 1, "{stored:?}");
        let saved: Vec<String> = serde_json::from_str(stored[&key].as_str().unwrap()).unwrap();
        assert_eq!(saved, vec!["feeling-worse", "no-clear-goals"]);
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        assert_eq!(checked_names(&c).await, vec!["feeling-worse", "no-clear-goals"]);
        assert_eq!(summary_text(&c).await, "2 of 5 signs ticked.");
        let remember = js(&c, "return document.querySelector('.checklist .remember-answers').checked").await;
        assert_eq!(remember, json!(true));

        // "Clear" empties the form and storage.
        click(&c, ".checklist .clear-answers").await;
        assert!(checked_names(&c).await.is_empty());
        assert_eq!(summary_text(&c).await, "0 of 5 signs ticked.");
        assert!(local_storage(&c).await.is_empty(), "{:?}", local_storage(&c).await);
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        assert!(checked_names(&c).await.is_empty());

        // A stale version (same checklist id, different hash) is not applied.
        let stale = format!("{STORAGE_PREFIX}00000000");
        assert_ne!(stale, key);
        c.execute(
            "localStorage.setItem(arguments[0], JSON.stringify(['no-improvement','feeling-worse','no-new-skills']))",
            vec![json!(stale)],
        )
        .await
        .unwrap();
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        assert!(checked_names(&c).await.is_empty(), "stale answers must not be applied");
        assert_eq!(summary_text(&c).await, "0 of 5 signs ticked.");
        // Clear removes stale versions of this checklist too.
        click(&c, ".checklist .clear-answers").await;
        assert!(local_storage(&c).await.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn no_requests_after_load_and_script_runs_under_csp() {
    if !browser_available("no_requests_after_load_and_script_runs_under_csp") {
        return;
    }
    let server = Server::start(site_dir());
    let url = server.url(ARTICLE);
    let log = Arc::clone(&server.log);
    let site = site_dir();
    with_browser(true, move |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_enhanced(&c).await;
        let ready = js(&c, "return document.readyState").await;
        assert_eq!(ready, json!("complete"));
        tokio::time::sleep(Duration::from_secs(1)).await;
        let loaded_at = Instant::now();
        let at_load = log.lock().unwrap().len();

        // The module ran despite the CSP (script-src 'self'): the actions are visible.
        let actions = c
            .find(Locator::Css(".checklist .checklist-actions"))
            .await
            .unwrap();
        assert!(
            actions.is_displayed().await.unwrap(),
            ".checklist-actions visible: module ran"
        );

        // Interact with everything that might talk to the network.
        tick(&c, 0).await;
        tick(&c, 2).await;
        click(&c, ".checklist label.remember").await;
        click(&c, ".checklist .copy-answers").await;
        click(&c, ".checklist .clear-answers").await;
        tokio::time::sleep(Duration::from_secs(1)).await;

        let requests = log.lock().unwrap().clone();
        let after: Vec<_> = requests.iter().filter(|r| r.at >= loaded_at).collect();
        assert_eq!(requests.len(), at_load, "requests after load: {after:?}");
        assert!(after.is_empty(), "requests after load: {after:?}");

        // Every request was a GET for a page or asset of this site (favicon probes allowed to 404).
        for r in &requests {
            assert_eq!(r.method, "GET", "{r:?}");
            assert!(r.path.starts_with('/'), "same-origin path: {r:?}");
            let p = r.path.split('?').next().unwrap();
            let p = p.strip_prefix(site_prefix()).unwrap_or(p);
            let ok = p == ARTICLE || p.starts_with("/assets/") || p == "/favicon.ico";
            assert!(ok, "unexpected request {r:?}");
            if p != "/favicon.ico" {
                assert!(
                    site.join(&p[1..]).exists() || p.ends_with('/'),
                    "request for a missing file: {r:?}"
                );
            }
        }
        // Paths as requested (the site lives under its base_url prefix).
        let paths: Vec<&str> = requests
            .iter()
            .map(|r| r.path.strip_prefix(site_prefix()).unwrap_or(&r.path))
            .collect();
        assert!(paths.contains(&ARTICLE), "{paths:?}");
        assert!(
            paths
                .iter()
                .any(|p| p.starts_with("/assets/checklist.") && p.ends_with(".js")),
            "{paths:?}"
        );
        assert!(
            paths
                .iter()
                .any(|p| p.starts_with("/assets/style.") && p.ends_with(".css")),
            "{paths:?}"
        );
        eprintln!("requests seen: {paths:?}");
    })
    .await;
    assert!(!server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn without_javascript_everything_is_visible_and_actions_hidden() {
    if !browser_available("without_javascript_everything_is_visible_and_actions_hidden") {
        return;
    }
    let server = Server::start(site_dir());
    let url = server.url(CHECKLIST_PAGE);
    with_browser(false, |c| async move {
        c.goto(&url).await.unwrap();
        // Give a (wrongly) running script time to act.
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(
            c.find_all(Locator::Css(".checklist.enhanced"))
                .await
                .unwrap()
                .is_empty(),
            "JavaScript is really off"
        );
        let form = c.find(Locator::Css(".checklist form")).await.unwrap();
        assert!(form.is_displayed().await.unwrap());
        let boxes = c
            .find_all(Locator::Css(
                ".checklist .checklist-items input[type=checkbox]",
            ))
            .await
            .unwrap();
        assert_eq!(boxes.len(), 5);
        for b in &boxes {
            assert!(b.is_displayed().await.unwrap(), "checkbox visible");
        }
        let labels = c
            .find_all(Locator::Css(".checklist .checklist-items label"))
            .await
            .unwrap();
        assert_eq!(labels.len(), 5);
        for l in &labels {
            assert!(l.is_displayed().await.unwrap(), "label visible");
        }
        let guidance = c
            .find_all(Locator::Css(".checklist .guidance"))
            .await
            .unwrap();
        assert_eq!(guidance.len(), 3);
        for g in &guidance {
            assert!(
                g.is_displayed().await.unwrap(),
                "all guidance visible without JS"
            );
        }
        let actions = c
            .find(Locator::Css(".checklist .checklist-actions"))
            .await
            .unwrap();
        assert!(
            !actions.is_displayed().await.unwrap(),
            ".checklist-actions hidden without JS"
        );
        // Native checkboxes still work without the script.
        boxes[0].click().await.unwrap();
        assert!(boxes[0].is_selected().await.unwrap());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn two_checklists_on_one_page_do_not_interfere() {
    if !browser_available("two_checklists_on_one_page_do_not_interfere") {
        return;
    }
    let server = Server::start(twice_site_dir());
    let url = server.url(ARTICLE);
    with_browser(true, |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_enhanced(&c).await;
        let count = js(&c, "return document.querySelectorAll('.checklist.enhanced').length").await;
        assert_eq!(count, json!(2), "both embeds enhanced");
        let summaries = || async {
            let v = js(&c, "return [...document.querySelectorAll('.checklist .checklist-summary')].map(s => s.textContent)").await;
            serde_json::from_value::<Vec<String>>(v).unwrap()
        };
        assert_eq!(summaries().await, vec!["0 of 5 signs ticked.", "0 of 5 signs ticked."]);

        // Tick two boxes (via their labels) in the first checklist.
        let first = c.find(Locator::Css(".checklist")).await.unwrap();
        let labels = first.find_all(Locator::Css(".checklist-items label")).await.unwrap();
        click_el(&c, &labels[0]).await;
        click_el(&c, &labels[1]).await;
        assert_eq!(summaries().await, vec!["2 of 5 signs ticked.", "0 of 5 signs ticked."]);
        let second_checked = js(
            &c,
            "return document.querySelectorAll('.checklist')[1].querySelectorAll('input[type=checkbox]:checked').length",
        )
        .await;
        assert_eq!(second_checked, json!(0), "second checklist untouched");

        // "Remember" in both copies: each restores its own answers after a reload.
        let remembers = c
            .find_all(Locator::Css(".checklist label.remember"))
            .await
            .unwrap();
        click_el(&c, &remembers[0]).await;
        click_el(&c, &remembers[1]).await;
        // The fifth item of the second copy.
        let labels = c
            .find_all(Locator::Css(".checklist .checklist-items label"))
            .await
            .unwrap();
        click_el(&c, &labels[5 + 4]).await;
        assert_eq!(summaries().await, vec!["2 of 5 signs ticked.", "1 of 5 signs ticked."]);
        let keys = js(&c, "return Object.keys(localStorage).sort()").await;
        assert_eq!(keys.as_array().map(Vec::len), Some(2), "one key per copy: {keys}");
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        assert_eq!(summaries().await, vec!["2 of 5 signs ticked.", "1 of 5 signs ticked."]);
        // Clearing one copy leaves the other's answers.
        let clear = c
            .find_all(Locator::Css(".checklist .clear-answers"))
            .await
            .unwrap();
        click_el(&c, &clear[1]).await;
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        assert_eq!(summaries().await, vec!["2 of 5 signs ticked.", "0 of 5 signs ticked."]);
        js(&c, "localStorage.clear(); return null").await;

        // Ids stay unique across the two embeds.
        let dup = js(
            &c,
            "const ids=[...document.querySelectorAll('[id]')].map(e=>e.id); return ids.filter((x,i)=>ids.indexOf(x)!==i)",
        )
        .await;
        assert_eq!(dup, json!([]), "duplicate ids");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn screenshots_for_humans() {
    if !browser_available("screenshots_for_humans") {
        return;
    }
    let server = Server::start(site_dir());
    let article = server.url(ARTICLE);
    let checklist = server.url(CHECKLIST_PAGE);
    with_browser(true, |c| async move {
        c.set_window_size(1280, 1000).await.unwrap();
        c.goto(&article).await.unwrap();
        wait_for_enhanced(&c).await;
        save_screenshot(&c, "article-1280.png").await;

        c.set_window_size(320, 800).await.unwrap();
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        let width = js(&c, "return window.innerWidth").await;
        eprintln!("viewport width at 320 request: {width}");
        let overflow = js(
            &c,
            "return document.documentElement.scrollWidth > window.innerWidth",
        )
        .await;
        save_screenshot(&c, "article-320.png").await;
        eprintln!("horizontal overflow at 320: {overflow}");

        c.set_window_size(1280, 1000).await.unwrap();
        c.goto(&checklist).await.unwrap();
        wait_for_enhanced(&c).await;
        tick(&c, 0).await;
        tick(&c, 2).await;
        save_screenshot(&c, "checklist-1280.png").await;
    })
    .await;
}
