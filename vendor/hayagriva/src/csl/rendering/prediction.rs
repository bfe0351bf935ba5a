//! Each element's [`RenderCsl::will_have_info`] walked once while nothing it reads changes.
//!
//! Before an element of a group, a choose or a macro renders, the engine predicts whether it
//! will print, which walks the element's whole subtree; then the element renders, and predicts
//! each of its own children again, so that a node at depth `d` of a style (macros expanded)
//! was predicted `d` times for every item: APA, the deepest of the common styles, spent most of
//! its time there. [`Predictions`] remembers the prediction of each group, choose and macro of
//! the style, by address, with the state it was made in, and answers again only in that state.
//!
//! # What a prediction reads
//!
//! Besides the element, a prediction reads the entry, the cite's properties (locator, position,
//! ibid, disambiguation, citation number, identifier usage), the locale, the style and whether
//! it renders the bibliography or sorts: none of these changes while one layout renders, and
//! [`Predictions::clear`] is called before each layout renders (the driver changes the special
//! form and the ibid state between renders of the same entry). Within a layout it also reads:
//! - the variables a `cs:substitute` has suppressed: the list only grows (a `cs:choose`
//!   empties it while testing its conditions and puts it back unchanged; nothing is predicted
//!   meanwhile), so its length tells its states apart. A prediction reads it only by looking
//!   variables up (`WritingContext::prepare_variable_query`), which records each variable in
//!   `WritingContext::queried`; a prediction remembers the variables it looked up, its own and
//!   those of the predictions it asked, and stays true while none of them is suppressed (an
//!   APA entry whose title stood in for its author still has the predictions that never read
//!   the title);
//! - whether the first date is still to print, read only under the special forms that print
//!   only the first date or the year suffix;
//! - the special form, which the driver sets only between layouts, but is part of the state all
//!   the same;
//! - whether queried variables are being suppressed (inside a `cs:substitute`): a prediction
//!   there can suppress variables as it looks them up, a side effect a remembered answer would
//!   skip, so nothing is remembered or answered while they are.
//!
//! A prediction's other effects (the identifier usage a citation number or label marks, the
//! document-dependent properties it reads, that a `disambiguate` condition was checked) are
//! flags that are only ever set, so a prediction answered again has already set them.
//!
//! # Keys
//!
//! An element is known by its address, so only elements that live as long as the context may
//! be remembered: those of the style (its layouts and macros). The engine renders no copy of an
//! element that can hold a group, a choose or a macro call (a substituted `cs:names` with a
//! `cs:substitute` of its own is rendered itself, not as a copy, see
//! `names::render_substituted`), and
//! the driver's own layout of the author alone holds only a `cs:names`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use citationberg::taxonomy::Variable;

use super::super::taxonomy::EntryLike;
use super::super::{Context, SpecialForm, UsageInfo};

/// What an element is, beside its address: a group, a choose and a macro are never at the same
/// address, but the key does not need to rely on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Element {
    Group,
    Choose,
    Macro,
}

/// The part of the rendering state that can change while a layout renders and that a
/// prediction reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct State {
    /// How many variables are suppressed.
    suppressed: usize,
    first_date: bool,
    kind: Option<SpecialForm>,
}

/// A set of variables, each as one bit of 128. CSL has 98; were there more, two would share a
/// bit, which only makes a prediction look as if it had read both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct VariableSet(u128);

impl VariableSet {
    /// The set and `variable`.
    pub(crate) fn with(self, variable: Variable) -> Self {
        let index = match variable {
            Variable::Standard(v) => v as u32,
            Variable::Number(v) => 48 + v as u32,
            Variable::Date(v) => 66 + v as u32,
            Variable::Name(v) => 73 + v as u32,
            Variable::Page(v) => 101 + v as u32,
        };
        Self(self.0 | 1 << (index % 128))
    }

    fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    fn meets(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }
}

/// A remembered prediction: the state it was made in, the variables it looked up, its answer.
#[derive(Debug, Clone, Copy)]
struct Remembered {
    state: State,
    queried: VariableSet,
    answer: (bool, UsageInfo),
}

impl State {
    fn of<T: EntryLike>(ctx: &Context<T>) -> Self {
        let kind = ctx.instance.kind;
        Self {
            suppressed: ctx.writing.suppressed_variables.borrow().len(),
            // `cs:date` reads it only under these forms (`RenderCsl::will_render`).
            first_date: matches!(
                kind,
                Some(SpecialForm::OnlyFirstDate | SpecialForm::OnlyYearSuffix)
            ) && ctx.writing.first_date,
            kind,
        }
    }
}

/// How many predictions a context makes room for at its first: an APA entry makes about 50.
const MEMO_CAPACITY: usize = 64;

/// The remembered predictions of one context's current layout.
#[derive(Debug, Default)]
pub(crate) struct Predictions {
    memo: HashMap<(usize, Element), Remembered, BuildHasherDefault<AddressHasher>>,
}

impl Predictions {
    /// Forgets every prediction: called before a layout renders.
    pub(crate) fn clear(&mut self) {
        self.memo.clear();
    }
}

/// `walk`, the prediction of the element of the style at `address`, or the answer it gave
/// before in the same state.
pub(super) fn predict<T: EntryLike>(
    ctx: &mut Context<T>,
    address: usize,
    element: Element,
    walk: impl FnOnce(&mut Context<T>) -> (bool, UsageInfo),
) -> (bool, UsageInfo) {
    if ctx.writing.suppress_queried_variables {
        return walk(ctx);
    }
    let state = State::of(ctx);
    let key = (address, element);
    if let Some(known) = ctx.predictions.memo.get_mut(&key)
        && still_true(known, state, ctx.writing.suppressed_variables.borrow().as_slice())
    {
        known.state = state;
        let queried = ctx.writing.queried.get().union(known.queried);
        ctx.writing.queried.set(queried);
        return known.answer;
    }
    let outer = ctx.writing.queried.take();
    let answer = walk(ctx);
    let queried = ctx.writing.queried.get();
    ctx.writing.queried.set(outer.union(queried));
    // A prediction made without suppressing changes none of the state it reads; remembered only
    // where that holds, so that an answer is never given for a state it was not made in.
    if !ctx.writing.suppress_queried_variables && State::of(ctx) == state {
        let memo = &mut ctx.predictions.memo;
        // Room for a common style's layout at once, rather than growing four times in each
        // context: most contexts render one entry once.
        if memo.capacity() == 0 {
            memo.reserve(MEMO_CAPACITY);
        }
        memo.insert(key, Remembered { state, queried, answer });
    }
    answer
}

/// Whether `known` is the prediction in `state`, where `suppressed` are the suppressed
/// variables: it was made in that state, or in one with fewer suppressed variables, none of
/// which it looked up.
fn still_true(known: &Remembered, state: State, suppressed: &[Variable]) -> bool {
    if known.state == state {
        return true;
    }
    known.state.first_date == state.first_date
        && known.state.kind == state.kind
        && known.state.suppressed < state.suppressed
        && suppressed
            .get(known.state.suppressed..state.suppressed)
            .is_some_and(|since| {
                !since
                    .iter()
                    .fold(VariableSet::default(), |set, v| set.with(*v))
                    .meets(known.queried)
            })
}

/// Hashes the memo's keys: an address and a one-byte tag, mixed by one multiplication rather
/// than SipHash, which cost more than many of the walks it saves.
#[derive(Debug, Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u8(b);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

#[cfg(test)]
mod tests {
    use citationberg::IndependentStyle;

    use crate::Entry;
    use crate::csl::{
        BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem,
        CitationRequest,
    };

    /// A style whose title stands in for a missing author (`cs:substitute`, which keeps the
    /// title from printing again), and whose later group, `In` and the title, is then to be
    /// left out: predicted once before the author printed, with the title, and again after,
    /// without it. The same group in a macro, in the citation.
    const SUBSTITUTE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Substitute</title><id>substitute</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <macro name="in-title">
    <group><text value="In"/><text variable="title" prefix=" "/></group>
  </macro>
  <macro name="author">
    <names variable="author"><substitute><text variable="title"/></substitute></names>
  </macro>
  <citation>
    <layout><group delimiter="; "><text macro="author"/><text macro="in-title"/></group></layout>
  </citation>
  <bibliography>
    <layout>
      <group delimiter=". ">
        <names variable="author"><substitute><text variable="title"/></substitute></names>
        <group><text value="In"/><text variable="title" prefix=" "/></group>
        <text variable="publisher"/>
      </group>
    </layout>
  </bibliography>
</style>"#;

    const ENTRIES: &str = "
kim: {type: book, title: Sleep, author: 'Kim, Ann', publisher: Press}
alone: {type: book, title: Alone, publisher: Press}
";

    /// The citations and the bibliography of `entries`, each cited once, as plain text.
    fn render(style: &str, entries: &str) -> (Vec<String>, Vec<String>) {
        let style = IndependentStyle::from_xml(style).unwrap();
        let entries: Vec<Entry> =
            crate::io::from_yaml_str(entries).unwrap().into_iter().collect();
        let mut driver = BibliographyDriver::new();
        for entry in &entries {
            driver.citation(CitationRequest::new(
                vec![CitationItem::with_entry(entry)],
                &style,
                None,
                &[],
                None,
            ));
        }
        let done = driver.finish(BibliographyRequest::new(&style, None, &[]));
        let plain = |children: &crate::csl::ElemChildren| {
            let mut text = String::new();
            children.write_buf(&mut text, BufWriteFormat::Plain).unwrap();
            text
        };
        let citations = done.citations.iter().map(|c| plain(&c.citation)).collect();
        let items = done.bibliography.map(|b| b.items).unwrap_or_default();
        (citations, items.iter().map(|i| plain(&i.content)).collect())
    }

    #[test]
    fn a_prediction_is_made_again_after_a_substitute_suppressed_what_it_read() {
        let (citations, bibliography) = render(SUBSTITUTE, ENTRIES);
        assert_eq!(citations, ["Ann Kim; In Sleep", "Alone"]);
        assert_eq!(bibliography, ["Ann Kim. In Sleep. Press", "Alone. Press"]);
    }

    /// A group whose prediction read the title only through a macro it found already predicted
    /// (in the author's substitute) is predicted again once the substitute printed the title.
    #[test]
    fn a_prediction_reads_what_the_predictions_it_asked_read() {
        let style = SUBSTITUTE.replace(
            r#"<names variable="author"><substitute><text variable="title"/></substitute></names>
        <group><text value="In"/><text variable="title" prefix=" "/></group>"#,
            r#"<names variable="author"><substitute><text macro="in-title"/></substitute></names>
        <group><text value="See"/><text macro="in-title" prefix=" "/></group>"#,
        );
        assert_ne!(style, SUBSTITUTE);
        let (_, bibliography) = render(&style, ENTRIES);
        assert_eq!(bibliography, ["Ann Kim. See In Sleep. Press", "In Alone. Press"]);
    }

    /// A `cs:names` in a substitute with a substitute of its own is rendered as it is written,
    /// its groups and macros predicted as everywhere else.
    #[test]
    fn a_substituted_names_with_a_substitute_of_its_own_renders_it() {
        let style = SUBSTITUTE.replace(
            r#"<names variable="author"><substitute><text variable="title"/></substitute></names>
        <group>"#,
            r#"<names variable="author"><substitute><names variable="editor"><substitute><group delimiter=", "><text value="Anonymous"/><text macro="in-title"/></group></substitute></names></substitute></names>
        <group>"#,
        );
        assert_ne!(style, SUBSTITUTE);
        let (_, bibliography) = render(&style, ENTRIES);
        assert_eq!(
            bibliography,
            ["Ann Kim. In Sleep. Press", "Anonymous, In Alone. Press"]
        );
    }
}
