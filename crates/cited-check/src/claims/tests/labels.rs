//! Numbers that name rather than count (`figures/labels.rs`): not figures in a sentence, still
//! figures in an excerpt, and a number that counts after the same words still a figure.

use super::super::{figures, finding_figures};

pub(super) fn written(text: &str) -> Vec<String> {
    figures(text).into_iter().map(|f| f.written).collect()
}

pub(super) fn assert_no_figures(texts: &[&str]) {
    for text in texts {
        assert_eq!(written(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn a_number_that_names_a_kind_a_stage_or_a_part_is_no_figure() {
    assert_no_figures(&[
        "People with type 2 diabetes can ask their GP.",
        "Type 1 diabetes is different.",
        "Types 1 and 2 diabetes differ.",
        "Ask about stage 3 care, or stages 1–2.",
        "Grade 2 sprains heal on their own.",
        "Your nurse can explain step 2.",
        "Read chapter 6, section 4.2 of the guide.",
        "Look at Fig. 2 for the chart, and figures 3, 4 or 5.",
        "Table 1 lists the options; see pages 4–6 and question 5.",
        "Part 2 and appendix 1 are for carers.",
    ]);
}

#[test]
fn a_number_to_call_is_no_figure() {
    assert_no_figures(&[
        "Call 999 in an emergency.",
        "Call 111 if it is not urgent, or ring NHS 111 online.",
        "Text SHOUT to 85258.",
        "Call Samaritans on 116 123.",
        "Call 0800 123 4567 for advice.",
        "Dial 112 anywhere in Europe.",
    ]);
}

#[test]
fn a_day_beside_its_month_is_no_figure() {
    assert_no_figures(&[
        "Page last reviewed: 12 March 2024.",
        "Updated on 3 January 2025 by our team.",
        "The next session is on Monday 5 May.",
        "The clinic closed on March 12, 2024.",
        "Open days run 12–14 Sept. and 3 to 5 Oct.",
        "Seen on Mar. 3.",
    ]);
    // A number that is no day, or no month beside it, counts.
    assert_eq!(written("About 40 March participants."), ["40"]);
    assert_eq!(written("Of 12 people in March, 3 improved."), ["12", "3"]);
    assert_eq!(written("In 5 may, 2 do not."), ["5", "2"]);
    assert_eq!(written("On 12 March, 40% attended."), ["40%"]);
}

#[test]
fn a_registered_number_and_a_file_size_are_no_figures() {
    assert_no_figures(&[
        "Registered charity number 1112345.",
        "Registered in England and Wales, charity no. 219830.",
        "Read our leaflet (PDF, 245 KB).",
        "Download the guide (1.2 MB).",
    ]);
    // A rank, and a number after `no` that is no abbreviation.
    assert_eq!(
        written("Heart disease is the number 1 cause of death."),
        ["1"]
    );
    assert_eq!(written("There were no 1500 cases."), ["1500"]);
    assert_eq!(written("A dose of 245 mg."), ["245"]);
}

#[test]
fn a_date_with_slashes_and_round_the_clock_are_no_figures() {
    assert_no_figures(&[
        "The helpline is open 24/7.",
        "Updated 12/05/2024 by the team.",
        "Seen on 5/3/24, and again on 2024/03/05.",
    ]);
    // A fraction is a share; two numbers of a slash are not a date.
    assert_eq!(written("About 2/3 of them improved."), ["2/3"]);
    assert_eq!(written("A 50/50 chance."), ["50", "50"]);
    assert_eq!(written("Open 24/7 to 12% more callers."), ["12%"]);
}

#[test]
fn a_number_that_counts_after_those_words_is_still_a_figure() {
    for (text, figures) in [
        // A multiple, a share or a unit counts.
        ("Vitamin D was at a level 3 times higher.", vec!["3"]),
        // A level is a measurement as often as a label: it counts.
        ("Level 3 support is for complex needs.", vec!["3"]),
        ("Keep your blood sugar level 4 to 7 mmol/L.", vec!["4 to 7"]),
        (
            "A blood pressure level 140/90 or higher.",
            vec!["140", "90"],
        ),
        // A unit, a multiple or what is counted after a label's numbers.
        ("In step 2, 5 mg is the dose.", vec!["5"]),
        ("Phase 2 took 3 times longer.", vec!["3"]),
        ("Phase 2 to 3 mg.", vec!["2 to 3"]),
        ("A risk at stage 2 times higher.", vec!["2"]),
        ("Stage 2 took 40% longer.", vec!["40%"]),
        ("Phase 2 lasted 6 weeks.", vec!["6"]),
        ("In stage 3, 12 mg is the dose.", vec!["12"]),
        // The label's number alone is left out.
        ("Stage 3 cancer affects 40% of them.", vec!["40%"]),
        ("Stage 3 and 40% of them.", vec!["40%"]),
        ("Stages 2–3% more.", vec!["2–3%"]),
        // A word to call, then a number that counts.
        ("Expect a call 2 days later.", vec!["2"]),
        ("Table 1 shows that 20% improved.", vec!["20%"]),
        // A word to call, then something that is not a name.
        ("Call your GP within 2 days.", vec!["2"]),
        // The words inside others, or after a number.
        ("Prototype 2 improved 5 people.", vec!["2", "5"]),
        ("About 3 types of therapy help.", vec!["3"]),
        ("Recall 30% of them.", vec!["30%"]),
    ] {
        assert_eq!(written(text), figures, "{text}");
    }
}

#[test]
fn an_excerpt_keeps_every_number() {
    let found: Vec<String> = finding_figures("Type 2 diabetes affects 10% of adults.")
        .into_iter()
        .map(|f| f.written)
        .collect();
    assert_eq!(found, ["2", "10%"]);
}
