//! BibTeX and BibLaTeX files (`references/*.bib`), as Better BibTeX, JabRef or a journal's
//! "export citation" write them, read into CSL items the way Pandoc's citeproc reads them
//! (`pandoc -f biblatex -t csljson` gives the same fields): entry types and fields mapped to CSL,
//! `@string` abbreviations and month macros resolved, LaTeX accents and braces read, titles
//! turned from Title Case into sentence case for English entries (styles apply their own case).
//! Every field keeps the place of the field it came from, so diagnostics point into the `.bib`.
//!
//! cited's `findings` extension is CSL-only: a `.bib` entry has none.

use std::collections::BTreeMap;
use std::ops::Range;

use biblatex::{Bibliography, ParseError, ParseErrorKind, RawBibliography, Token};
use serde_json::Value as J;

use crate::diagnostic::{Code, Diagnostic};
use crate::reference::Reference;
use crate::source::{FileId, Span};
use crate::yaml::Located;

mod convert;
mod markup;
mod math;
use convert::{Written, convert};

/// Where each field of an entry is written: field name (lowercase) → the byte range of its value.
type FieldPlaces = BTreeMap<String, Range<usize>>;

/// Parses one `.bib` file into references.
pub fn parse_file(file: FileId, text: &str) -> Result<Vec<Reference>, Vec<Diagnostic>> {
    // The parser recurses into braces and command arguments: bound the nesting first (real
    // libraries nest a handful deep), so no file can exhaust the stack.
    if let Some(at) = too_deep(text) {
        return Err(vec![
            Diagnostic::new(
                Code::E0010,
                Span::new(file, at..at + 1),
                format!("braces nest more than {MAX_DEPTH} deep here"),
            )
            .with_hint("a `}` is missing, or the value is not BibTeX"),
        ]);
    }
    let raw = RawBibliography::parse(text).map_err(|e| vec![parse_error(file, text, &e)])?;
    // Where each entry's key and fields are, before `from_raw` resolves them away.
    let places: Vec<(String, Range<usize>, FieldPlaces)> = raw
        .entries
        .iter()
        .map(|entry| {
            let fields = entry
                .v
                .fields
                .iter()
                .map(|pair| (pair.key.v.to_ascii_lowercase(), pair.value.span.clone()))
                .collect();
            (entry.v.key.v.to_owned(), entry.v.key.span.clone(), fields)
        })
        .collect();
    if let Some((at, message)) = crossref_problem(&raw) {
        return Err(vec![
            Diagnostic::new(Code::E0010, Span::new(file, at), message)
                .with_hint("an entry may take fields from another by `crossref` or `xdata`, but not from itself, even through others"),
        ]);
    }
    let kinds: Vec<String> = raw
        .entries
        .iter()
        .map(|e| e.v.kind.v.to_ascii_lowercase())
        .collect();
    let bibliography =
        Bibliography::from_raw(raw).map_err(|e| vec![parse_error(file, text, &e)])?;
    let mut references = Vec::new();
    for ((key, key_span, fields), kind) in places.into_iter().zip(kinds) {
        let Some(entry) = bibliography.get(&key) else {
            continue;
        };
        let at =
            |field: &str| Span::new(file, fields.get(field).cloned().unwrap_or(key_span.clone()));
        let csl = convert(
            &kind,
            entry,
            &Written {
                text,
                fields: &fields,
            },
        );
        let mut located = BTreeMap::new();
        for (name, (value, source)) in csl {
            located.insert(name.to_owned(), Located::new(value, at(source)));
        }
        located.insert(
            "id".to_owned(),
            Located::new(J::String(key.clone()), Span::new(file, key_span.clone())),
        );
        references.push(Reference {
            key: Located::new(key, Span::new(file, key_span)),
            file,
            fields: located,
            findings: Vec::new(),
            warnings: Vec::new(),
            // Plain text (LaTeX resolved): nothing in it is markdown.
            rich_text: crate::rich_text::RichText::BibTags,
        });
    }
    Ok(references)
}

/// The deepest brace nesting a `.bib` file may have.
const MAX_DEPTH: usize = 64;

/// The byte offset of the first `{` (or `(`) nested deeper than [`MAX_DEPTH`], if any.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'{' | b'(' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b'}' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The most entries one entry may take fields from, through `crossref` and `xdata` chains.
const MAX_INHERITED: usize = 256;

/// A `crossref`/`xdata` cycle (which the parser would follow forever) or a chain that expands
/// past [`MAX_INHERITED`] entries (it resolves each branch anew): where, and what.
fn crossref_problem(raw: &RawBibliography<'_>) -> Option<(Range<usize>, String)> {
    let mut links: BTreeMap<&str, (Vec<String>, Range<usize>)> = BTreeMap::new();
    for entry in &raw.entries {
        let mut targets = Vec::new();
        let mut span = entry.v.key.span.clone();
        for pair in &entry.v.fields {
            let name = pair.key.v.to_ascii_lowercase();
            if name != "crossref" && name != "xdata" {
                continue;
            }
            span = pair.value.span.clone();
            let value: String = pair
                .value
                .v
                .iter()
                .map(|c| match c.v {
                    biblatex::RawChunk::Normal(s) | biblatex::RawChunk::Abbreviation(s) => s,
                })
                .collect();
            targets.extend(
                value
                    .split(',')
                    .map(|k| k.trim().to_owned())
                    .filter(|k| !k.is_empty()),
            );
        }
        links.insert(entry.v.key.v, (targets, span));
    }
    // Depth-first, with the size of each entry's expansion remembered.
    fn size<'a>(
        key: &'a str,
        links: &'a BTreeMap<&'a str, (Vec<String>, Range<usize>)>,
        on_path: &mut Vec<&'a str>,
        sizes: &mut BTreeMap<&'a str, usize>,
    ) -> Result<usize, (Range<usize>, String)> {
        if let Some(&n) = sizes.get(key) {
            return Ok(n);
        }
        let Some((key, (targets, span))) = links.get_key_value(key) else {
            return Ok(0);
        };
        if on_path.contains(key) {
            return Err((
                span.clone(),
                format!("`{key}` takes its fields from itself"),
            ));
        }
        on_path.push(key);
        let mut total = 1usize;
        for target in targets {
            total = total.saturating_add(size(target, links, on_path, sizes)?);
            if total > MAX_INHERITED {
                return Err((
                    span.clone(),
                    format!(
                        "`{key}` takes fields from more than {MAX_INHERITED} entries through `crossref` and `xdata`"
                    ),
                ));
            }
        }
        on_path.pop();
        sizes.insert(key, total);
        Ok(total)
    }
    let mut sizes = BTreeMap::new();
    for key in links.keys() {
        if let Err(problem) = size(key, &links, &mut Vec::new(), &mut sizes) {
            return Some(problem);
        }
    }
    None
}

/// The diagnostic for a file the BibTeX parser refuses, in plain words.
fn parse_error(file: FileId, text: &str, error: &ParseError) -> Diagnostic {
    let start = error.span.start.min(text.len());
    let end = error.span.end.clamp(start, text.len());
    let mut span = Span::new(file, start..end.max(start));
    // A missing `,` is missed at the next field, often on the next line: point at the end of the
    // field that lacks it instead.
    if matches!(error.kind, ParseErrorKind::Expected(Token::Comma)) {
        let before = text.get(..start).unwrap_or_default().trim_end();
        if let Some(last) = before.chars().next_back() {
            span = Span::new(file, before.len() - last.len_utf8()..before.len());
        }
    }
    let token = |t: &Token| match t {
        Token::Identifier => "a name",
        Token::OpeningBrace => "`{`",
        Token::ClosingBrace => "`}`",
        Token::Comma => "`,`",
        Token::QuotationMark => "`\"`",
        Token::Equals => "`=`",
        Token::DecimalPoint => "`.`",
    };
    let (code, message, hint) = match &error.kind {
        ParseErrorKind::UnexpectedEof => (
            Code::E0010,
            "the file ends inside an entry".to_owned(),
            "a `}` is missing: each entry is `@type{key, field = {value}, ...}`".to_owned(),
        ),
        ParseErrorKind::Unexpected(t) => (
            Code::E0010,
            format!("unexpected {} in this entry", token(t)),
            "each entry is `@type{key, field = {value}, ...}`, fields separated by commas"
                .to_owned(),
        ),
        ParseErrorKind::Expected(Token::Comma) => (
            Code::E0010,
            "expected `,` after this".to_owned(),
            "each entry is `@type{key, field = {value}, ...}`, fields separated by commas"
                .to_owned(),
        ),
        ParseErrorKind::Expected(t) => (
            Code::E0010,
            format!("expected {} before this", token(t)),
            "each entry is `@type{key, field = {value}, ...}`, fields separated by commas"
                .to_owned(),
        ),
        ParseErrorKind::UnknownAbbreviation(name) => (
            Code::E0010,
            format!("`{name}` is not defined"),
            format!(
                "put the value in braces (`{{{name}}}`), or define it first: `@string{{{name} = {{...}}}}`"
            ),
        ),
        ParseErrorKind::MalformedCommand => (
            Code::E0010,
            "a LaTeX command here is not complete".to_owned(),
            "close its braces, or write the character itself (`ü` for `{\\\"u}`)".to_owned(),
        ),
        ParseErrorKind::DuplicateKey(key) => (
            Code::E0202,
            format!("reference id `{key}` is defined twice"),
            "rename one of them, or delete the duplicate".to_owned(),
        ),
        // `ResolutionError`, and any kind a later parser adds.
        _ => (
            Code::E0010,
            "a `crossref` or `xdata` here cannot be resolved".to_owned(),
            "point it at the key of an entry in the same file".to_owned(),
        ),
    };
    Diagnostic::new(code, span, message).with_hint(hint)
}

#[cfg(test)]
mod tests;
