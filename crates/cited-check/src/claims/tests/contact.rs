//! A service's contact details (`figures/contact.rs`): a number to call, a time it opens, an
//! address and hours that are all of them are no figures in a sentence, and the same numbers
//! that count still are.

use super::super::finding_figures;
use super::labels::{assert_no_figures, written};

#[test]
fn a_number_to_call_after_a_name_of_any_case_is_no_figure() {
    assert_no_figures(&[
        "Call the helpline on 0800 123 4567.",
        "Call your GP surgery on 020 7946 0000.",
        "Call us on 116 123 for free.",
        "Phone the team on 111.",
        "Text \"HELP\" to 85258.",
        "Text ‘SHOUT’ to 85258.",
        "Call Women's Aid on 0808 2000 247.",
        "Call 999 or go to A&E.",
    ]);
}

#[test]
fn a_number_written_with_a_leading_zero_is_no_figure() {
    assert_no_figures(&[
        "Our number is 0300 123 3393.",
        "The line (0800 1111) is free.",
        "Mobile: 07700 900123.",
    ]);
    // A decimal below one starts with a zero, and counts.
    assert_eq!(written("A dose of 0.5 mg."), ["0.5"]);
}

#[test]
fn a_time_of_day_is_no_figure() {
    assert_no_figures(&[
        "Open from 09:00 to 17:00.",
        "Open 09:00–17:30, Monday to Friday.",
        "Lines open at 9:30am.",
        "They close at 8:00 pm.",
        "The clinic opens at 8:15 a.m. on weekdays.",
        "Calls before 23:59:59 are free.",
        "Open 9:00am–5:30pm.",
    ]);
    // A ratio, and what is no time.
    assert_eq!(written("Mix it 1:10 with water."), ["1", "10"]);
    assert_eq!(written("A ratio of 3:1."), ["3", "1"]);
    assert_eq!(written("At 25:00 it was 40% full."), ["25", "40%"]);
}

#[test]
fn an_address_is_no_figure() {
    assert_no_figures(&[
        "Write to us at 86–90 Paul Street, London.",
        "Wellington House, 133–155 Waterloo Road, London SE1 8UG.",
        "Visit us at 10 Downing St.",
        "It is at 12 St John's Wood Road.",
    ]);
    assert_eq!(written("About 40 Street children were seen."), ["40"]);
}

#[test]
fn hours_that_are_all_of_them_are_no_figure() {
    assert_no_figures(&[
        "We are open 24 hours a day, 7 days a week.",
        "Help is there 365 days a year.",
        "Open 7 days per week and 52 weeks a year.",
    ]);
    // Any other number of them counts, as does a whole period without its period.
    assert_eq!(written("Exercise 5 days a week."), ["5"]);
    assert_eq!(written("Wait 24 hours before eating."), ["24"]);
    assert_eq!(written("Sleep 8 hours a day."), ["8"]);
}

#[test]
fn a_number_in_a_web_address_is_no_figure() {
    assert_no_figures(&[
        "Go to 111.nhs.uk or call 111.",
        "Visit nhs.uk/111 for help.",
        "See (111.wales.nhs.uk).",
    ]);
    // A number and a unit, a version and a decimal are no web address.
    assert_eq!(written("About 2.5mg/kg daily."), ["2.5mg"]);
    assert_eq!(written("Of them, 12.5% improved."), ["12.5%"]);
}

#[test]
fn numbers_after_on_or_to_that_count_are_still_figures() {
    for (text, figures) in [
        ("Call your GP on 3 occasions.", vec!["3"]),
        ("Call the team to 2 more patients.", vec!["2"]),
        // A word to call that is no verb of calling.
        ("A phone survey was sent to 500 adults.", vec!["500"]),
        ("Text messages went to 250 adults.", vec!["250"]),
        ("We sent a text to 500 adults.", vec!["500"]),
        ("Call centre staff spoke to 300 adults.", vec!["300"]),
        ("Call within 2 days.", vec!["2"]),
        ("Expect a call 2 days later.", vec!["2"]),
    ] {
        assert_eq!(written(text), figures, "{text}");
    }
}

#[test]
fn an_excerpt_keeps_every_number_of_contact_details() {
    let found: Vec<String> = finding_figures("Calls rose 12% after 09:00, to 0800 numbers.")
        .into_iter()
        .map(|f| f.written)
        .collect();
    assert_eq!(found, ["12%", "09", "00", "0800"]);
    // But for a web address's, as it leaves out a URL's.
    let found: Vec<String> = finding_figures("Of those who went to 111.nhs.uk, 12% called.")
        .into_iter()
        .map(|f| f.written)
        .collect();
    assert_eq!(found, ["12%"]);
}
