//! Claims: which sentences of prose must carry a citation, and which figures they quote.
//!
//! # What counts as a claim
//!
//! Prose (paragraphs, list items, table cells, headings, the descriptions of images, the markdown
//! fields of checklists and the plain text of their titles and labels, as
//! [`ProseBlock`](cited_site::ProseBlock)s) is split into sentences by [`sentences`] (or
//! [`sentences_in`], which also knows where each citation sits in the file). A sentence is a
//! **claim** when [`Triggers::trigger`] finds in its text (citations removed):
//!
//! - a **figure** (see [`figures`]): any number written with digits, such as `840`, `65.9%`,
//!   `12,156`, `1.28` (in "1.28 times"), `0.55` (in "d = 0.55") or a range such as
//!   "13 to 18" or "between 13 and 18". Not figures: a bare year (a four-digit number from 1900 to
//!   2100 standing alone, or a range of years such as "2019–2020"), numbers glued to letters that
//!   are names rather than quantities (`COVID-19`, `H1N1`, `E0101`, `PMC123`, `PCC.10m01013`,
//!   `2nd`, `1990s`), and numbers inside URLs. A number glued to a unit (`5mg`, `10ml`, `3x`) is a
//!   figure.
//! - a **figure in words** (see the `words` module): a share ("two thirds", "a quarter of",
//!   "half of", "one in five", "1 in 5", "2/3"), a multiple ("twice as", "three times more",
//!   "threefold", "3×") or a percentage ("fifty percent"). Cardinals alone ("five signs", "one
//!   study"), ordinals ("a third session") and vague quantifiers ("most", "many", "the
//!   majority") are not figures.
//! - an **evidential phrase** (see [`Triggers::default_phrases`]): "research", "study",
//!   "evidence", "found that", "associated with", "effective", "risk", "likely to", and so on,
//!   matched case-insensitively as whole words; the words of a phrase may be separated by any
//!   whitespace. `content/site.yaml` can replace the list or add to it ([`Triggers::new`]).
//!
//! A claim must carry a citation in the same sentence, or its paragraph or list a block citation
//! (a paragraph of nothing but citations right after it). A citation or an inline
//! `<!-- cited: not-a-claim: reason -->` marker belongs to the sentence it sits in, or to the
//! sentence whose final punctuation it directly follows: `… improve [@a].` and
//! `… improve. [@a]` both cite in that sentence.
//!
//! A year-like number is never a figure of a sentence, so "2000 patients" is missed: write
//! "2,000 patients" (which excerpts back through [`finding_figures`], which keeps years).
//!
//! Every figure of a cited claim must appear among the figures of a `findings` excerpt of one of
//! its sources ([`backs`]). Figures are compared by their normalised form ([`normalize`]):
//! separators, spellings of "percent" and of ranges do not matter ("65.9 per cent" = "65.9%",
//! "12 156" = "12,156" = "12156", "between 13 and 18" = "13-18" = "13–18"), but precision does:
//! "71.0%" and "71%" are different figures, because the source's precision is part of what it
//! says and a figure rounded by the writer should be checked by a person. A figure in words is
//! backed by its quantity in any form, at the precision the source wrote it: "two thirds" by
//! "two-thirds", "2/3", "66.7%" or "67%" (not "66%"); "one in five" by "1 in 5" or "20%";
//! "three times as likely" by "threefold", "3×" or "3.0".
//!
//! Everything here is a pure function of its input: no I/O, no panics on any input.

mod bytes;
mod figures;
mod sentences;
mod triggers;
mod words;

#[cfg(test)]
mod tests;

pub use figures::{
    Figure, MAX_FIGURES_IN_A_SENTENCE, figures, finding_figures, normalize, sentence_figures,
};
pub use sentences::{Sentence, sentences, sentences_in};
pub use triggers::{Trigger, Triggers};
pub use words::backs;
pub(crate) use words::other_forms;
