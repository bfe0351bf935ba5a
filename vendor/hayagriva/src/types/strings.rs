use std::borrow::Cow;
use std::fmt;
use std::fmt::Display;
use std::str::FromStr;

use citationberg::LongShortForm;
use serde::{Deserialize, Serialize, de::Visitor, ser::SerializeMap};
use thiserror::Error;
use unscanny::Scanner;

use crate::lang::{Case, CaseFolder, SentenceCase, TitleCase};

/// A string for presentation.
///
/// It can contain an optional short version and control case folding.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FormatString {
    /// The canonical version of the string.
    pub value: ChunkedString,
    /// The short version of the string.
    pub short: Option<Box<ChunkedString>>,
}

impl<'de> Deserialize<'de> for FormatString {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        use serde::de::{self};
        struct OurVisitor;

        impl<'de> Visitor<'de> for OurVisitor {
            type Value = FormatString;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str(
                    "a formattable string or a dictionary with an optional short version",
                )
            }

            fn visit_str<E>(self, value: &str) -> Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                Self::Value::from_str(value).map_err(|e| E::custom(e.to_string()))
            }

            fn visit_map<A>(self, map: A) -> Result<Self::Value, A::Error>
            where
                A: serde::de::MapAccess<'de>,
            {
                #[derive(Deserialize)]
                #[serde(untagged)]
                enum Inner {
                    Full { value: ChunkedString, short: Option<ChunkedString> },
                    Val(ChunkedString),
                }

                Deserialize::deserialize(de::value::MapAccessDeserializer::new(map)).map(
                    |inner: Inner| match inner {
                        Inner::Val(value) => Self::Value { value, short: None },
                        Inner::Full { value, short } => {
                            Self::Value { value, short: short.map(Box::new) }
                        }
                    },
                )
            }
        }

        deserializer.deserialize_any(OurVisitor)
    }
}

impl Serialize for FormatString {
    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        if let Some(short) = &self.short {
            let mut map = serializer.serialize_map(Some(2))?;
            map.serialize_entry("value", &self.value)?;
            map.serialize_entry("short", short)?;
            map.end()
        } else {
            self.value.serialize(serializer)
        }
    }
}

impl FormatString {
    /// Creates a new empty `FormatStr`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Creates a new `FormatStr` for the value string.
    pub fn with_value(value: impl Into<String>) -> Self {
        Self {
            value: StringChunk::normal(value).into(),
            short: None,
        }
    }

    /// Creates a new `FormatStr` from a long and a short string.
    pub fn with_short(value: impl Into<String>, short: impl Into<String>) -> Self {
        Self {
            value: StringChunk::normal(value).into(),
            short: Some(Box::new(StringChunk::normal(short).into())),
        }
    }

    /// Format the long version of the string as-is.
    fn fmt_long(&self, buf: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(buf)
    }

    /// Format the short version of the string as-is.
    pub fn fmt_short(&self, buf: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.short {
            Some(short) => short.fmt(buf),
            None => self.value.fmt(buf),
        }
    }

    /// Format this formattable string in title case.
    pub fn format_title_case(&self, props: TitleCase) -> String {
        self.value.format_title_case(props)
    }

    /// Format this formattable string in sentence case.
    pub fn format_sentence_case(&self, props: SentenceCase) -> String {
        self.value.format_sentence_case(props)
    }

    /// Returns the right variant for the given form.
    pub fn select(&self, form: LongShortForm) -> &ChunkedString {
        match form {
            LongShortForm::Long => &self.value,
            LongShortForm::Short => self.short.as_deref().unwrap_or(&self.value),
        }
    }
}

impl fmt::Display for FormatString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_long(f)
    }
}

impl From<String> for FormatString {
    fn from(s: String) -> Self {
        Self::with_value(s)
    }
}

impl From<StringChunk> for FormatString {
    fn from(chunk: StringChunk) -> Self {
        Self { value: chunk.into(), short: None }
    }
}

impl FromStr for FormatString {
    type Err = ChunkedStrParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self { value: ChunkedString::from_str(s)?, short: None })
    }
}

/// A string whose elements can set whether they do case folding.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ChunkedString(pub Vec<StringChunk>);

/// A string whose elements can set whether they do case folding.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FoldableChunkedString(pub Vec<FoldableStringChunk>);

impl TryFrom<ChunkedString> for FoldableChunkedString {
    type Error = ();

    fn try_from(value: ChunkedString) -> Result<Self, Self::Error> {
        Ok(Self(value.0.into_iter().map(TryInto::try_into).collect::<Result<_, _>>()?))
    }
}

impl From<FoldableChunkedString> for ChunkedString {
    fn from(value: FoldableChunkedString) -> Self {
        Self(value.0.into_iter().map(Into::into).collect())
    }
}

impl<'de> Deserialize<'de> for ChunkedString {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        struct ChunkedVisitor;

        impl<'de> Visitor<'de> for ChunkedVisitor {
            type Value = ChunkedString;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a formattable string")
            }

            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                Self::Value::from_str(v).map_err(|e| E::custom(e.to_string()))
            }

            fn visit_map<A>(self, map: A) -> Result<Self::Value, A::Error>
            where
                A: serde::de::MapAccess<'de>,
            {
                #[derive(Deserialize)]
                struct Inner {
                    value: String,
                    #[serde(default)]
                    verbatim: bool,
                }

                Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(
                    map,
                ))
                .and_then(|inner: Inner| {
                    if inner.verbatim {
                        Ok(StringChunk::verbatim(inner.value).into())
                    } else {
                        Self::Value::from_str(&inner.value)
                            .map_err(|e| serde::de::Error::custom(e.to_string()))
                    }
                })
            }
        }

        deserializer.deserialize_any(ChunkedVisitor)
    }
}

impl Serialize for ChunkedString {
    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let mut buf = String::with_capacity(self.len());
        self.fmt_serialized(&mut buf)
            .map_err(|_| serde::ser::Error::custom("could not write to string"))?;
        serializer.serialize_str(&buf)
    }
}

impl ChunkedString {
    /// Creates a new empty `ChunkedString`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the string, as it displays, is nothing but whitespace (or nothing), found
    /// without displaying it: a math chunk displays between dollar signs.
    pub fn is_blank(&self) -> bool {
        self.0.iter().all(|chunk| {
            chunk.kind != ChunkKind::Math && chunk.value.chars().all(char::is_whitespace)
        })
    }

    /// Appends a string to the last chunk if it has the same kind or starts a
    /// new chunk if the types differ.
    pub fn push_str(&mut self, s: &str, kind: ChunkKind) {
        match self.0.last_mut() {
            Some(StringChunk { value, kind: target_kind, formatting })
                if target_kind == &kind && formatting.is_empty() =>
            {
                value.push_str(s);
            }
            _ => {
                self.0.push(StringChunk::new(s, kind));
            }
        }
    }

    /// Appends a character to the last chunk if it has the same kind or starts
    /// a new chunk if the types differ.
    pub fn push_char(&mut self, c: char, kind: ChunkKind) {
        match self.0.last_mut() {
            Some(StringChunk { value, kind: target_kind, formatting })
                if target_kind == &kind && formatting.is_empty() =>
            {
                value.push(c);
            }
            _ => {
                self.0.push(StringChunk::new(c.to_string(), kind));
            }
        }
    }

    /// Appends a chunk to the end of the string.
    pub fn push_chunk(&mut self, chunk: StringChunk) {
        self.0.push(chunk);
    }

    /// Returns the string as a `Cow`. It will be borrowed if there is only one
    /// chunk.
    pub fn to_str(&self) -> Cow<'_, str> {
        if self.0.is_empty() {
            Cow::Borrowed("")
        } else if self.0.len() == 1 {
            Cow::Borrowed(&self.0[0].value)
        } else {
            Cow::Owned(self.to_string())
        }
    }

    /// Write the chunked string as a parenthesized string.
    pub fn fmt_serialized(&self, buf: &mut impl fmt::Write) -> fmt::Result {
        for chunk in &self.0 {
            chunk.fmt_serialized(buf)?;
        }

        Ok(())
    }

    /// Return the length of the string.
    pub fn len(&self) -> usize {
        self.0.iter().map(|c| c.len()).sum()
    }

    /// Returns whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|c| c.is_empty())
    }

    /// Extend with another `ChunkedString`.
    pub fn extend(&mut self, other: Self) {
        self.0.extend(other.0);
    }

    /// Format this formattable string in title case.
    pub fn format_title_case(&self, props: TitleCase) -> String {
        let mut c = CaseFolder::with_config(props.into());
        self.fold_case(&mut c);
        c.finish()
    }

    /// Format this formattable string in sentence case.
    pub fn format_sentence_case(&self, props: SentenceCase) -> String {
        let mut c = CaseFolder::with_config(props.into());
        self.fold_case(&mut c);
        c.finish()
    }

    /// Lowercase the string.
    pub fn to_lowercase(&self) -> String {
        let mut c = CaseFolder::with_config(Case::Lowercase);
        self.fold_case(&mut c);
        c.finish()
    }

    /// Uppercase the string.
    pub fn to_uppercase(&self) -> String {
        let mut c = CaseFolder::with_config(Case::Uppercase);
        self.fold_case(&mut c);
        c.finish()
    }

    /// Apply case-folding.
    pub fn fold_case(&self, c: &mut CaseFolder) {
        let config = c.case();
        for chunk in &self.0 {
            match chunk.kind {
                ChunkKind::Normal => c.reconfigure(config),
                ChunkKind::Verbatim | ChunkKind::Math => c.reconfigure(Case::NoTransform),
                // A quote's marks are the locale's, given when it is rendered.
                ChunkKind::QuoteOpen | ChunkKind::QuoteClose => continue,
            };

            c.push_str(&chunk.value);
        }
    }
}

/// Check whether this is a control character for [`ChunkedString`].
fn is_chunk_control(c: char) -> bool {
    c == '\\' || c == '{' || c == '}' || c == '$'
}

/// Error that occurs when parsing a [`ChunkedString`].
///
/// Occurs when there are unbalanced braces. The field contains the position of
/// the unmatched closing brace.
#[derive(Debug, Clone, Copy, Error, PartialEq, Eq)]
#[error("unmatched closing brace at position {0}")]
pub struct ChunkedStrParseError(usize);

impl FromStr for ChunkedString {
    type Err = ChunkedStrParseError;

    fn from_str(s: &str) -> Result<Self, ChunkedStrParseError> {
        let mut s = Scanner::new(s);
        let mut chunks = Self::new();
        let mut kind = ChunkKind::Normal;
        let mut depth = 0;

        while let Some(c) = s.eat() {
            if c == '\\' && s.peek().is_some_and(is_chunk_control) {
                chunks.push_char(s.eat().unwrap(), kind);
                continue;
            }

            match c {
                '{' if kind != ChunkKind::Math => {
                    depth += 1;
                    kind = ChunkKind::Verbatim;
                }
                '}' if kind != ChunkKind::Math => {
                    if depth == 0 {
                        return Err(ChunkedStrParseError(s.cursor().saturating_sub(1)));
                    }

                    depth -= 1;
                    if depth == 0 {
                        kind = ChunkKind::Normal;
                    }
                }
                '$' if kind == ChunkKind::Math => {
                    kind =
                        if depth > 0 { ChunkKind::Verbatim } else { ChunkKind::Normal };
                }
                '$' => {
                    kind = ChunkKind::Math;
                }
                _ => chunks.push_char(c, kind),
            }
        }

        Ok(chunks)
    }
}

impl From<String> for ChunkedString {
    fn from(s: String) -> Self {
        StringChunk::normal(s).into()
    }
}

impl fmt::Write for ChunkedString {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s, ChunkKind::default());
        Ok(())
    }

    fn write_char(&mut self, c: char) -> fmt::Result {
        self.push_char(c, ChunkKind::default());
        Ok(())
    }
}

impl fmt::Display for ChunkedString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in &self.0 {
            chunk.fmt(f)?;
        }

        Ok(())
    }
}

impl From<StringChunk> for ChunkedString {
    fn from(chunk: StringChunk) -> Self {
        Self(vec![chunk])
    }
}

/// A chunk of a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StringChunk {
    /// The string value.
    pub value: String,
    /// Whether the chunk is subject to case folding or contains math.
    pub kind: ChunkKind,
    /// Rich text: the chunk's own formatting (`<i>E. coli</i>` in a CSL-JSON
    /// title), applied on top of the style's when rendered.
    pub formatting: citationberg::Formatting,
}

/// A chunk of a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FoldableStringChunk {
    /// The string value.
    pub value: String,
    /// Whether the chunk is subject to case folding or contains math.
    pub kind: FoldableKind,
}

impl TryFrom<StringChunk> for FoldableStringChunk {
    type Error = ();

    fn try_from(value: StringChunk) -> Result<Self, Self::Error> {
        Ok(Self { value: value.value, kind: value.kind.try_into()? })
    }
}

impl From<FoldableStringChunk> for StringChunk {
    fn from(value: FoldableStringChunk) -> Self {
        Self {
            value: value.value,
            kind: value.kind.into(),
            formatting: citationberg::Formatting::default(),
        }
    }
}

impl StringChunk {
    /// Creates a new `StrChunk` from a string and a kind.
    pub fn new(value: impl Into<String>, kind: ChunkKind) -> Self {
        Self {
            value: value.into(),
            kind,
            formatting: citationberg::Formatting::default(),
        }
    }

    /// The same chunk with its own formatting (rich text).
    pub fn with_formatting(mut self, formatting: citationberg::Formatting) -> Self {
        self.formatting = formatting;
        self
    }

    /// Creates a new `StrChunk` with the `ChunkKind::Normal` kind.
    pub fn normal(value: impl Into<String>) -> Self {
        Self::new(value, ChunkKind::Normal)
    }

    /// Creates a new `StrChunk` with the `ChunkKind::Verbatim` kind.
    pub fn verbatim(value: impl Into<String>) -> Self {
        Self::new(value, ChunkKind::Verbatim)
    }

    /// Creates a new `StrChunk` with the `ChunkKind::Math` kind.
    pub fn math(value: impl Into<String>) -> Self {
        Self::new(value, ChunkKind::Math)
    }

    /// Returns the string value.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Return the length of the string value.
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// Returns whether the chunk is empty.
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }
}

impl fmt::Write for StringChunk {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.value.push_str(s);
        Ok(())
    }
}

impl fmt::Display for StringChunk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind == ChunkKind::Math {
            write!(f, "${}$", self.value)
        } else {
            write!(f, "{}", self.value)
        }
    }
}

impl StringChunk {
    /// Writes the chunk as a parenthesized string.
    fn fmt_serialized(&self, buf: &mut impl fmt::Write) -> fmt::Result {
        fn write_escaped(val: &StringChunk, buf: &mut impl fmt::Write) -> fmt::Result {
            for char in val.value.chars() {
                if is_chunk_control(char) {
                    buf.write_char('\\')?;
                }

                buf.write_char(char)?;
            }

            Ok(())
        }

        match self.kind {
            ChunkKind::Normal => {
                write_escaped(self, buf)?;
            }
            ChunkKind::Verbatim => {
                buf.write_char('{')?;
                write_escaped(self, buf)?;
                buf.write_char('}')?;
            }
            ChunkKind::Math => {
                buf.write_char('$')?;
                write_escaped(self, buf)?;
                buf.write_char('$')?;
            }
            ChunkKind::QuoteOpen | ChunkKind::QuoteClose => buf.write_char('"')?,
        }

        Ok(())
    }
}

/// The kind of a string chunk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ChunkKind {
    /// Case-folding will be applied.
    #[default]
    Normal,
    /// Case-folding will not be applied.
    Verbatim,
    /// The contained markup is expected to be evaluated using
    /// [Typst](https://typst.app/).
    Math,
    /// The start of quoted text (no value): rendered as the locale's opening
    /// quotation mark, outer or inner by depth, as citeproc renders a quote.
    QuoteOpen,
    /// The end of quoted text (no value): the locale's closing mark.
    QuoteClose,
}

/// The kind of a string chunk for use with the case folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum FoldableKind {
    /// Case-folding will be applied.
    #[default]
    Normal,
    /// Case-folding will not be applied.
    Verbatim,
}

impl TryFrom<ChunkKind> for FoldableKind {
    type Error = ();

    fn try_from(value: ChunkKind) -> Result<Self, Self::Error> {
        match value {
            ChunkKind::Normal => Ok(Self::Normal),
            ChunkKind::Verbatim => Ok(Self::Verbatim),
            ChunkKind::Math | ChunkKind::QuoteOpen | ChunkKind::QuoteClose => Err(()),
        }
    }
}

impl From<FoldableKind> for ChunkKind {
    fn from(value: FoldableKind) -> Self {
        match value {
            FoldableKind::Normal => Self::Normal,
            FoldableKind::Verbatim => Self::Verbatim,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_blank` says what displaying the string and reading it would.
    #[test]
    fn blank_as_displayed() {
        let chunk = |value: &str, kind| StringChunk {
            value: value.to_owned(),
            kind,
            formatting: Default::default(),
        };
        let cases = [
            vec![],
            vec![chunk("", ChunkKind::Normal)],
            vec![chunk(" \u{a0}\n", ChunkKind::Normal), chunk("\t", ChunkKind::Verbatim)],
            vec![chunk(" ", ChunkKind::Normal), chunk("x", ChunkKind::Verbatim)],
            vec![chunk("", ChunkKind::Math)],
            vec![chunk(" ", ChunkKind::Math)],
            vec![chunk("Title", ChunkKind::Normal)],
        ];
        for chunks in cases {
            let string = ChunkedString(chunks);
            let displayed = string.to_string().chars().all(char::is_whitespace);
            assert_eq!(string.is_blank(), displayed, "{string:?}");
        }
    }

    #[test]
    fn escaped_brace() {
        let str = "Hello {World\\{}";
        let c = ChunkedString::from_str(str).unwrap();
        assert_eq!(c.0[0].kind, ChunkKind::Normal);
        assert_eq!(c.0[1].kind, ChunkKind::Verbatim);

        assert_eq!(c.0[0].value, "Hello ");
        assert_eq!(c.0[1].value, "World{");

        let mut buf = String::new();
        c.fmt_serialized(&mut buf).unwrap();
        assert_eq!(buf, str);
    }

    #[test]
    fn escaped_dollar() {
        let str = "Hello \\$World";
        let c = ChunkedString::from_str(str).unwrap();
        assert_eq!(c.0[0].kind, ChunkKind::Normal);
        assert_eq!(c.0[0].value, "Hello $World");

        let mut buf = String::new();
        c.fmt_serialized(&mut buf).unwrap();
        assert_eq!(buf, str);
    }

    #[test]
    fn escaped_backslash() {
        let str = "Hello \\\\World";
        let c = ChunkedString::from_str(str).unwrap();
        assert_eq!(c.0[0].kind, ChunkKind::Normal);
        assert_eq!(c.0[0].value, "Hello \\World");

        let mut buf = String::new();
        c.fmt_serialized(&mut buf).unwrap();
        assert_eq!(buf, str);
    }

    #[test]
    fn normal_backslash() {
        let str = "Hello \\World";
        let str2 = "Hello \\\\World";
        let c = ChunkedString::from_str(str).unwrap();
        let c2 = ChunkedString::from_str(str2).unwrap();
        assert_eq!(c.0[0].kind, ChunkKind::Normal);
        assert_eq!(c.0[0].value, "Hello \\World");
        assert_eq!(c, c2);

        let mut buf = String::new();
        c.fmt_serialized(&mut buf).unwrap();
        assert_eq!(buf, str2);
    }
}

/// A formatting tag of CSL-JSON rich text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RichTag {
    Italic,
    Bold,
    SmallCaps,
    Sup,
    Sub,
    NoCase,
    /// `<span class="noquote">`: its quotation marks are text (not citeproc's: a writer of
    /// CSL-JSON from another syntax keeps marks that were characters there as characters).
    NoQuote,
}

/// Whether a closing tag read as `closing` closes an open tag `open`: its own kind, and
/// `</span>` (read as a closing `NoCase`) any span.
fn closes(closing: RichTag, open: RichTag) -> bool {
    closing == open
        || (closing == RichTag::NoCase
            && matches!(open, RichTag::SmallCaps | RichTag::NoQuote))
}

/// The rich-text tag starting `s` (`<i>`, `</i>`, ...): its kind, whether it closes, and its
/// length. Attribute values are compared without whitespace, as citeproc-js does.
fn rich_tag(s: &str) -> Option<(RichTag, bool, usize)> {
    let end = s.find('>')?;
    let inner = &s[1..end];
    let (closing, name) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let squeezed: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let squeezed = squeezed.to_ascii_lowercase();
    let tag = match squeezed.as_str() {
        "i" | "em" => RichTag::Italic,
        "b" | "strong" => RichTag::Bold,
        "sc" => RichTag::SmallCaps,
        "sup" => RichTag::Sup,
        "sub" => RichTag::Sub,
        "span" if closing => return Some((RichTag::NoCase, true, end + 1)),
        "spanclass=\"nocase\"" | "spanclass='nocase'" if !closing => RichTag::NoCase,
        "spanclass=\"noquote\"" | "spanclass='noquote'" if !closing => RichTag::NoQuote,
        "spanstyle=\"font-variant:small-caps;\""
        | "spanstyle=\"font-variant:small-caps\""
        | "spanstyle='font-variant:small-caps;'"
        | "spanstyle='font-variant:small-caps'"
            if !closing =>
        {
            RichTag::SmallCaps
        }
        _ => return None,
    };
    Some((tag, closing, end + 1))
}

impl ChunkedString {
    /// Reads CSL-JSON rich text: `<i>`, `<b>`, `<sup>`, `<sub>`, `<sc>`, `<span
    /// style="font-variant:small-caps;">` and `<span class="nocase">` (also `<em>` and
    /// `<strong>`), as citeproc-js and Pandoc read CSL-JSON. A tag without its counterpart, and
    /// anything else in angle brackets, is text. Italic, bold and small caps nested in
    /// themselves flip back to normal; `nocase` text is verbatim (no case folding).
    ///
    /// Quotation marks are read as citeproc reads them: `"…"`, `'…'`, `“…”` and `‘…’`
    /// (an opening mark not followed by a space, up to its closing mark) are quoted text,
    /// rendered with the locale's marks by depth ([`ChunkKind::QuoteOpen`]); an apostrophe
    /// (`'` not in a quote's marks) is `’`. Text in a `nocase` span is left as written.
    pub fn from_csl_rich_text(s: &str) -> Self {
        if !s.contains(['<', '"', '\'', '“', '‘']) {
            return StringChunk::normal(s).into();
        }

        // Tokens: text runs and tags (by byte range), then which tags pair up.
        enum Token {
            Text(std::ops::Range<usize>),
            Tag(RichTag, bool, std::ops::Range<usize>),
        }
        let mut tokens = Vec::new();
        let mut text_start = 0;
        let mut i = 0;
        while let Some(at) = s[i..].find('<').map(|at| at + i) {
            match rich_tag(&s[at..]) {
                Some((tag, closing, len)) => {
                    if text_start < at {
                        tokens.push(Token::Text(text_start..at));
                    }
                    tokens.push(Token::Tag(tag, closing, at..at + len));
                    i = at + len;
                    text_start = i;
                }
                None => i = at + 1,
            }
        }
        if text_start < s.len() {
            tokens.push(Token::Text(text_start..s.len()));
        }

        // A closing tag pairs with the innermost open tag of its kind (`</span>` closes
        // either span).
        let mut paired = vec![false; tokens.len()];
        let mut open: Vec<(RichTag, usize)> = Vec::new();
        for (n, token) in tokens.iter().enumerate() {
            let Token::Tag(tag, closing, _) = token else { continue };
            if !closing {
                open.push((*tag, n));
                continue;
            }
            // `</span>` (read as a closing `NoCase`) closes either kind of span.
            if let Some(pos) = open.iter().rposition(|(t, _)| closes(*tag, *t)) {
                let (_, opener) = open[pos];
                // Only a properly nested pair counts; tags opened inside it and left open
                // are text.
                open.truncate(pos);
                paired[opener] = true;
                paired[n] = true;
            }
        }

        // Which text may hold quotes: text outside `nocase` spans (an unpaired tag is text,
        // but its attribute quotes are no quotation).
        let mut quotable = Vec::new();
        let mut active: Vec<RichTag> = Vec::new();
        for (n, token) in tokens.iter().enumerate() {
            match token {
                Token::Text(r)
                    if !active
                        .iter()
                        .any(|a| matches!(a, RichTag::NoCase | RichTag::NoQuote)) =>
                {
                    quotable.push(r.clone())
                }
                Token::Tag(t, closing, _) if paired[n] => {
                    if *closing {
                        if let Some(pos) = active.iter().rposition(|a| closes(*t, *a)) {
                            active.remove(pos);
                        }
                    } else {
                        active.push(*t);
                    }
                }
                _ => {}
            }
        }
        let marks = quote_marks(s, &quotable);
        let mut marks = marks.iter().peekable();

        let mut result = ChunkedString::new();
        let mut active: Vec<RichTag> = Vec::new();
        for (n, token) in tokens.iter().enumerate() {
            let range = match token {
                Token::Text(r) => r.clone(),
                Token::Tag(t, closing, r) => {
                    if paired[n] {
                        if *closing {
                            if let Some(pos) = active.iter().rposition(|a| closes(*t, *a))
                            {
                                active.remove(pos);
                            }
                        } else {
                            active.push(*t);
                        }
                        continue;
                    }
                    r.clone()
                }
            };
            let count = |t: RichTag| active.iter().filter(|a| **a == t).count();
            let mut formatting = citationberg::Formatting::default();
            if count(RichTag::Italic) % 2 == 1 {
                formatting.font_style = Some(citationberg::FontStyle::Italic);
            }
            if count(RichTag::Bold) % 2 == 1 {
                formatting.font_weight = Some(citationberg::FontWeight::Bold);
            }
            if count(RichTag::SmallCaps) % 2 == 1 {
                formatting.font_variant = Some(citationberg::FontVariant::SmallCaps);
            }
            match active.iter().rev().find(|a| matches!(a, RichTag::Sup | RichTag::Sub)) {
                Some(RichTag::Sup) => {
                    formatting.vertical_align = Some(citationberg::VerticalAlign::Sup)
                }
                Some(RichTag::Sub) => {
                    formatting.vertical_align = Some(citationberg::VerticalAlign::Sub)
                }
                _ => {}
            }
            let kind = if active.contains(&RichTag::NoCase) {
                ChunkKind::Verbatim
            } else {
                ChunkKind::Normal
            };
            let push = |result: &mut ChunkedString, text: &str| {
                if text.is_empty() {
                    return;
                }
                match result.0.last_mut() {
                    Some(last) if last.kind == kind && last.formatting == formatting => {
                        last.value.push_str(text)
                    }
                    _ => result.push_chunk(
                        StringChunk::new(text, kind).with_formatting(formatting),
                    ),
                }
            };
            // The text between the quote marks and apostrophes that fall in it.
            let mut from = range.start;
            while let Some(&&(at, mark, len)) = marks.peek() {
                if at >= range.end {
                    break;
                }
                marks.next();
                push(&mut result, &s[from..at]);
                // A quote's marks take the formatting around them, as citeproc prints a quote
                // inside italics in italics.
                match mark {
                    QuoteMark::Open => result.push_chunk(
                        StringChunk::new("", ChunkKind::QuoteOpen)
                            .with_formatting(formatting),
                    ),
                    QuoteMark::Close => result.push_chunk(
                        StringChunk::new("", ChunkKind::QuoteClose)
                            .with_formatting(formatting),
                    ),
                    QuoteMark::Apostrophe => push(&mut result, "’"),
                }
                from = at + len;
            }
            push(&mut result, &s[from..range.end]);
        }
        result
    }
}

/// What a quotation mark character of CSL-JSON rich text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteMark {
    Open,
    Close,
    /// `'` read as an apostrophe: printed `’`.
    Apostrophe,
}

/// The quotation marks in the `quotable` ranges of `s` (in order), as citeproc's CSL-JSON
/// parser reads them: each with its byte offset and length. An opening mark (`"`, `'`, `“`,
/// `‘`) not followed by a space (nor by its own closing mark) opens a quote that its closing
/// mark (`"`, `'`, `”`, `’`) ends, written against the text before it; only the innermost open quote can be closed. A `'` or `’`
/// between two letters or digits is an apostrophe, and so is any other `'`. An opening mark
/// never closed is text.
fn quote_marks(
    s: &str,
    quotable: &[std::ops::Range<usize>],
) -> Vec<(usize, QuoteMark, usize)> {
    let closing_of = |c: char| match c {
        '"' => Some('"'),
        '\'' => Some('\''),
        '“' => Some('”'),
        '‘' => Some('’'),
        _ => None,
    };
    let mut marks: Vec<(usize, QuoteMark, usize)> = Vec::new();
    // The closing mark each open quote waits for, and the index of its opening mark.
    let mut open: Vec<(char, usize)> = Vec::new();
    for range in quotable {
        for (i, c) in s[range.clone()].char_indices() {
            if !matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’') {
                continue;
            }
            let at = range.start + i;
            let before = s[..at].chars().next_back();
            let after = s[at + c.len_utf8()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            if matches!(c, '\'' | '’') && word(before) && word(after) {
                if c == '\'' {
                    marks.push((at, QuoteMark::Apostrophe, 1));
                }
                continue;
            }
            // A mark after a space closes nothing (`"Obligations " of`), as citeproc reads it.
            if open.last().is_some_and(|&(closing, _)| closing == c)
                && !before.is_some_and(char::is_whitespace)
            {
                open.pop();
                marks.push((at, QuoteMark::Close, c.len_utf8()));
                continue;
            }
            if let Some(closing) = closing_of(c)
                && after.is_some_and(|a| {
                    !matches!(a, ' ' | '\t' | '\n' | '\r') && a != closing
                })
            {
                open.push((closing, marks.len()));
                marks.push((at, QuoteMark::Open, c.len_utf8()));
                continue;
            }
            if c == '\'' {
                marks.push((at, QuoteMark::Apostrophe, 1));
            }
        }
    }
    // An opening mark never closed is text as written, and a `'` an apostrophe. (Citeproc
    // then reads the text after it again; the quotes inside it stay as paired here.)
    let unclosed: Vec<usize> = open.iter().map(|&(_, index)| index).collect();
    let mut n = 0;
    marks.retain_mut(|mark| {
        let keep = if unclosed.contains(&n) {
            mark.1 = QuoteMark::Apostrophe;
            s[mark.0..].starts_with('\'')
        } else {
            true
        };
        n += 1;
        keep
    });
    marks
}

#[cfg(test)]
mod rich_text_tests {
    use super::*;
    use citationberg::{FontStyle, Formatting, VerticalAlign};

    fn italic() -> Formatting {
        Formatting {
            font_style: Some(FontStyle::Italic),
            ..Default::default()
        }
    }

    /// The chunks of `s` as text, with quote marks as `<q>` and `</q>`.
    fn quoted(s: &str) -> String {
        ChunkedString::from_csl_rich_text(s)
            .0
            .iter()
            .map(|c| match c.kind {
                ChunkKind::QuoteOpen => "<q>".to_owned(),
                ChunkKind::QuoteClose => "</q>".to_owned(),
                _ => c.value.clone(),
            })
            .collect()
    }

    #[test]
    fn quotation_marks_are_read_as_citeproc_reads_them() {
        assert_eq!(
            quoted("The \"best\" therapy for 'low' mood"),
            "The <q>best</q> therapy for <q>low</q> mood"
        );
        assert_eq!(quoted("“Curly” and ‘single’"), "<q>Curly</q> and <q>single</q>");
        // Nested, and around formatting.
        assert_eq!(
            quoted("\"Why 'talk' helps\" and \"<i>this</i>\""),
            "<q>Why <q>talk</q> helps</q> and <q>this</q>"
        );
        // Apostrophes, inside words and after them, are `’`.
        assert_eq!(
            quoted("Jake's and the students' work"),
            "Jake’s and the students’ work"
        );
        assert_eq!(quoted("'Jake's talk'"), "<q>Jake’s talk</q>");
        // A mark followed by a space, or never closed, is text.
        assert_eq!(quoted("a \" b and 5\" c"), "a \" b and 5\" c");
        assert_eq!(quoted("“never closed"), "“never closed");
        assert_eq!(quoted("'never closed"), "’never closed");
        // A mark after a space closes nothing, so the quote it would close stays open, and text.
        assert_eq!(
            quoted("Nation of \"Positive Obligations \" of State"),
            "Nation of \"Positive Obligations \" of State"
        );
        // Empty quotes are no quote.
        assert_eq!(quoted("\"\""), "\"\"");
        // In a `nocase` or `noquote` span, marks are text.
        assert_eq!(
            quoted(
                "<span class=\"nocase\">\"A\"</span> <span class=\"noquote\">“</span>B”"
            ),
            "\"A\" “B”"
        );
        // A quote's marks take the formatting around them.
        let chunks = ChunkedString::from_csl_rich_text("<i>a \"b\"</i>");
        assert!(
            chunks
                .0
                .iter()
                .filter(|c| matches!(
                    c.kind,
                    ChunkKind::QuoteOpen | ChunkKind::QuoteClose
                ))
                .all(|c| c.formatting == italic())
        );
    }

    #[test]
    fn plain_text_is_one_normal_chunk() {
        let s = ChunkedString::from_csl_rich_text("p < 0.05 & more");
        assert_eq!(s.0, vec![StringChunk::normal("p < 0.05 & more")]);
    }

    #[test]
    fn tags_become_formatting() {
        let s = ChunkedString::from_csl_rich_text(
            "Resistance of <i>E. coli</i> in H<sub>2</sub>O",
        );
        assert_eq!(
            s.0,
            vec![
                StringChunk::normal("Resistance of "),
                StringChunk::normal("E. coli").with_formatting(italic()),
                StringChunk::normal(" in H"),
                StringChunk::normal("2").with_formatting(Formatting {
                    vertical_align: Some(VerticalAlign::Sub),
                    ..Default::default()
                }),
                StringChunk::normal("O"),
            ]
        );
        assert_eq!(s.to_string(), "Resistance of E. coli in H2O");
    }

    #[test]
    fn nocase_is_verbatim_and_nesting_flips() {
        let s = ChunkedString::from_csl_rich_text(
            "<span class=\"nocase\">iPhone</span> <i>a <i>b</i></i>",
        );
        assert_eq!(
            s.0,
            vec![
                StringChunk::verbatim("iPhone"),
                StringChunk::normal(" "),
                StringChunk::normal("a ").with_formatting(italic()),
                StringChunk::normal("b"),
            ]
        );
    }

    #[test]
    fn unpaired_and_unknown_tags_are_text() {
        let s = ChunkedString::from_csl_rich_text("a <i>b <script>c</b>");
        assert_eq!(s.0, vec![StringChunk::normal("a <i>b <script>c</b>")]);
    }
}
