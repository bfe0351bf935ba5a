//! Readability of a page's prose: Flesch reading ease and Flesch–Kincaid grade level, computed over
//! the same sentences the claim checker reads (headings, code and citations left out).
//!
//! Plain-language guidance for patient information aims at a reading age of 11 to 12, about US
//! grade 6 to 7; `readability.max_grade` in `site.yaml` turns a higher grade into warning E0606.

use cited_site::Code;
use cited_site::Diagnostic;
use cited_site::Document;
use cited_site::Site;
use serde::Serialize;

use crate::claims;

/// Readability figures of one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readability {
    /// The page's file.
    pub file: String,
    /// Sentences counted.
    pub sentences: usize,
    /// Words counted.
    pub words: usize,
    /// Syllables counted.
    pub syllables: usize,
    /// Flesch reading ease (higher is easier; 60–70 is plain English).
    pub reading_ease: f64,
    /// Flesch–Kincaid grade level (US school grade).
    pub grade: f64,
}

/// Counts of a text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Sentences.
    pub sentences: usize,
    /// Words.
    pub words: usize,
    /// Syllables.
    pub syllables: usize,
}

impl Counts {
    /// Flesch reading ease.
    pub fn reading_ease(self) -> f64 {
        if self.words == 0 || self.sentences == 0 {
            return 0.0;
        }
        206.835
            - 1.015 * (self.words as f64 / self.sentences as f64)
            - 84.6 * (self.syllables as f64 / self.words as f64)
    }

    /// Flesch–Kincaid grade level.
    pub fn grade(self) -> f64 {
        if self.words == 0 || self.sentences == 0 {
            return 0.0;
        }
        0.39 * (self.words as f64 / self.sentences as f64)
            + 11.8 * (self.syllables as f64 / self.words as f64)
            - 15.59
    }

    fn add_sentence(&mut self, text: &str) {
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == '/' || c == '—' || c == '–')
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        if words.is_empty() {
            return;
        }
        self.sentences += 1;
        self.words += words.len();
        self.syllables += words.iter().map(|w| syllables(w)).sum::<usize>();
    }
}

/// Counts the syllables of an English word by vowel groups (a standard heuristic: a silent final
/// `e` does not count, `-le` after a consonant does, every word has at least one).
pub fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    if w.is_empty() {
        return 0;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut previous = false;
    for &c in &w {
        let v = vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    let n = w.len();
    // A final consonant + `e` is silent, except in `-le` after a consonant (`table`).
    let le_syllable = n > 2 && w[n - 2] == 'l' && !vowel(w[n - 3]);
    if n > 2 && w[n - 1] == 'e' && !vowel(w[n - 2]) && !le_syllable {
        count -= 1;
    }
    if n > 2
        && w[n - 1] == 's'
        && w[n - 2] == 'e'
        && !vowel(w[n - 3])
        && !matches!(w[n - 3], 'c' | 's' | 'x' | 'z' | 'g' | 'h')
    {
        count -= 1;
    }
    count.max(1)
}

/// The counts of one document's prose.
pub fn counts(doc: &Document) -> Counts {
    let mut counts = Counts::default();
    for block in doc.blocks() {
        for sentence in claims::sentences(doc, &block) {
            counts.add_sentence(&sentence.text);
        }
    }
    counts
}

/// Readability of every page.
pub fn report(site: &Site) -> Vec<Readability> {
    site.pages
        .iter()
        .map(|page| {
            // A large site's load holds neither a page's text nor its prose: read and parsed
            // again here (a page changed since is the claim rules' E0001).
            let whole = site
                .sources
                .as_loaded(page.file)
                .ok()
                .and_then(|source| page.body.whole(&source.text));
            let c = counts(whole.as_ref().unwrap_or(&page.body));
            Readability {
                file: site.sources.path(page.file).to_owned(),
                sentences: c.sentences,
                words: c.words,
                syllables: c.syllables,
                reading_ease: (c.reading_ease() * 10.0).round() / 10.0,
                grade: (c.grade() * 10.0).round() / 10.0,
            }
        })
        .collect()
}

/// Warning E0606 for pages above the site's `readability.max_grade`.
pub fn check_readability(site: &Site, out: &mut Vec<Diagnostic>) {
    let Some(max) = site
        .config
        .as_ref()
        .and_then(|c| c.readability.as_ref())
        .map(|r| &r.max_grade)
    else {
        return;
    };
    for (page, r) in site.pages.iter().zip(report(site)) {
        if r.words > 0 && r.grade > max.value {
            out.push(
                Diagnostic::new(
                    Code::E0606,
                    page.front.title.span.clone(),
                    format!(
                        "this page reads at grade {:.1}; the site aims for {:.1} or lower",
                        r.grade, max.value
                    ),
                )
                .with_label(format!("Flesch reading ease {:.1}", r.reading_ease))
                .with_secondary(max.span.clone(), "threshold set here")
                .with_hint("shorter sentences and everyday words lower the grade"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_by_heuristic() {
        for (word, n) in [
            ("the", 1),
            ("therapy", 3),
            ("table", 2),
            ("make", 1),
            ("improve", 2),
            ("a", 1),
            ("boxes", 2),
            ("psychotherapy", 5),
        ] {
            assert_eq!(syllables(word), n, "{word}");
        }
    }

    #[test]
    fn simple_text_scores_easy() {
        let mut c = Counts::default();
        c.add_sentence("The cat sat on the mat.");
        c.add_sentence("It was a good day.");
        assert_eq!((c.sentences, c.words), (2, 11));
        assert!(c.reading_ease() > 90.0, "{}", c.reading_ease());
        assert!(c.grade() < 2.0, "{}", c.grade());
    }
}
