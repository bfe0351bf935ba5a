//! `cited new DIR`: a small working site that builds and checks clean at once, to start from.

use std::path::Path;
use std::process::ExitCode;

/// The files of a new site, given today's date and the review date a year on.
fn files(today: &str, next_review: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "content/site.yaml",
            r#"title: "My health guide"
# Where the site will be published. A path works too: https://user.github.io/repo/
base_url: "https://example.org/"
# The language of the pages, and of the theme's words around them: en, es, fr and de are built
# in (fr-CA, es-MX... too); for another, `cited explain E0011` shows what to add.
language: en
description: "Plain-language health information, with a source for every factual claim."
citation_style: american-medical-association
publisher:
  name: "My health guide"
  url: "https://example.org/"
  contact: "mailto:editors@example.org"
policy:
  review_interval_days: 365
  required: [authors, reviewed_by, published, last_reviewed, next_review]
  funding: "This site has no external funding and no commercial sponsor."
  conflicts: "The authors and reviewers declare no conflicts of interest."
  advertising: "This site carries no advertising."
crisis:
  heading: "If you are in crisis"
  text: "In the US, call [988](tel:988) or [text 988](sms:988) (Suicide & Crisis Lifeline), or call [911](tel:911) in an emergency. Elsewhere, find a helpline at [findahelpline.com](https://findahelpline.com)."
disclaimer: "This site gives general information only. It is not a diagnosis and is not a substitute for care from a qualified health professional."
"#
            .to_owned(),
        ),
        (
            "content/how-long-therapy-takes.md",
            format!(
                r#"---
title: "How long talk therapy takes"
description: "How many sessions it often takes before talk therapy helps, and what to ask your therapist."
authors:
  - name: "Your name"
    credentials: "Health editor"
reviewed_by:
  - name: "Your reviewer"
    credentials: "Clinical reviewer"
published: {today}
last_reviewed: {today}
next_review: {next_review}
about: ["Psychotherapy"]
---

Talk therapy often takes time to help. A review of psychotherapy research found that it took between 13 and 18 sessions for 50% of patients to improve [@hansen2002]. So try not to judge therapy after just a few sessions.

## Questions for your therapist

You can ask what you are working on together, and how you will both know that therapy is helping. The checklist below can help you get ready for that talk.

```checklist
getting-ready
```
"#
            ),
        ),
        (
            "content/getting-ready.yaml",
            r#"id: getting-ready
title: "Getting ready to talk with your therapist"
intro: "Select the statements that are true for you right now. This is not a test or a diagnosis."
items:
  - id: know-goals
    label: "I know what we are working on in therapy"
    detail: "If you are not sure, ask your therapist to agree on goals with you."
  - id: notice-change
    label: "I can notice some change, even a small one"
    detail: "Change is often slow. It can help to write down how you feel each week."
guidance:
  - when: "0"
    text: "You did not select any statements. Your next session is a good time to ask about goals and how you will both notice progress."
  - when: "1"
    text: "You selected one statement. You could talk with your therapist about the other one."
  - when: "2"
    text: "You selected both statements. Keep talking with your therapist about how things are going."
"#
            .to_owned(),
        ),
        (
            "references/hansen2002.yaml",
            r#"references:
  - id: hansen2002
    type: article-journal
    title: "The psychotherapy dose-response effect and its implications for treatment delivery services"
    author:
      - family: Hansen
        given: Nathan B.
      - family: Lambert
        given: Michael J.
      - family: Forman
        given: Evan M.
    container-title: "Clinical Psychology: Science and Practice"
    volume: "9"
    issue: "3"
    page: "329-343"
    issued:
      date-parts: [[2002]]
    DOI: "10.1093/clipsy.9.3.329"
    findings:
      - text: "There is general consensus that between 13 and 18 sessions of therapy are required for 50% of patients to improve (psychotherapy in general)."
        locator: "abstract"
"#
            .to_owned(),
        ),
    ]
}

/// Scaffolds a site in `dir`, which must be missing or empty. Exit 2 if it is not.
pub fn run(dir: &Path, today: jiff::civil::Date) -> ExitCode {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                eprintln!(
                    "error: {} is not empty; `cited new` only writes into a new or empty folder",
                    shown(dir)
                );
                return ExitCode::from(2);
            }
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotADirectory => {
            eprintln!(
                "error: cannot make a site in {}: a file stands where the folder would be; give the name of a new folder",
                shown(dir)
            );
            return ExitCode::from(2);
        }
        Err(err) => {
            eprintln!(
                "error: cannot make a site in {}: {}",
                shown(dir),
                cited_site::io_in_words(&err)
            );
            return ExitCode::from(2);
        }
    }
    let next_review = match today.checked_add(jiff::Span::new().days(365)) {
        Ok(d) => d,
        Err(err) => {
            eprintln!("error: cannot compute the review date: {err}");
            return ExitCode::from(2);
        }
    };
    for (rel, text) in files(&today.to_string(), &next_review.to_string()) {
        let path = dir.join(rel);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(err) = written {
            eprintln!(
                "error: cannot write {}: {}",
                path.display(),
                cited_site::io_in_words(&err)
            );
            return ExitCode::from(2);
        }
    }
    eprintln!(
        "created a new site in {0}\n  cited serve --root {0}   preview it while you edit\n  cited build --root {0}   build it into public/",
        shown(dir)
    );
    ExitCode::SUCCESS
}

/// `dir` as a shell reads it, so that the commands printed with it can be pasted as they are
/// (`'my site'`, not `my site`).
fn shown(dir: &Path) -> String {
    let text = dir.to_string_lossy();
    shlex::try_quote(&text).map_or_else(|_| text.to_string(), |quoted| quoted.into_owned())
}
