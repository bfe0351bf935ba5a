use std::borrow::Cow;
use std::cmp::Ordering;
use std::str::FromStr;

use citationberg::LongShortForm;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use unicode_segmentation::UnicodeSegmentation;

use crate::lang::en::ARTICLES;
use crate::lang::is_cjk;
use crate::lang::name::NAME_PARTICLES;
use crate::util::{deserialize_one_or_many, serialize_one_or_many};

use super::derive_or_from_str;

/// A list of persons with a common role.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub struct PersonsWithRoles {
    /// The persons.
    #[serde(serialize_with = "serialize_one_or_many")]
    #[serde(deserialize_with = "deserialize_one_or_many")]
    pub names: Vec<Person>,
    /// The role the persons had in the creation of the cited item.
    pub role: PersonRole,
}

impl PersonsWithRoles {
    /// Create a new list of persons with a common role.
    pub fn new(names: Vec<Person>, role: PersonRole) -> Self {
        Self { names, role }
    }
}

/// Specifies the role a group of persons had in the creation to the
/// cited item.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[serde(rename_all = "kebab-case")]
pub enum PersonRole {
    /// Translated the work from a foreign language to the cited edition.
    Translator,
    /// Authored an afterword.
    Afterword,
    /// Authored an foreword.
    Foreword,
    /// Authored an introduction.
    Introduction,
    /// Provided value-adding annotations.
    Annotator,
    /// Commented the work.
    Commentator,
    /// Holds a patent or similar.
    Holder,
    /// Compiled the works in an [Anthology](super::EntryType::Anthology).
    Compiler,
    /// Founded the publication.
    Founder,
    /// Collaborated on the cited item.
    Collaborator,
    /// Organized the creation of the cited item.
    Organizer,
    /// Performed in the cited item.
    CastMember,
    /// Composed all or parts of the cited item's musical / audible components.
    Composer,
    /// Produced the cited item.
    Producer,
    /// Lead Producer for the cited item.
    ExecutiveProducer,
    /// Did the writing for the cited item.
    Writer,
    /// Shot film/video for the cited item.
    Cinematography,
    /// Directed the cited item.
    Director,
    /// Illustrated the cited item.
    Illustrator,
    /// Provided narration or voice-over for the cited item.
    Narrator,

    /// Various other roles described by the contained string.
    #[serde(skip)]
    Unknown(String),
}

derive_or_from_str! {
    /// Holds the name of a person.
    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    pub struct Person where "a name string or a dictionary with a \"name\" key" {
        /// The family name.
        pub name: String,
        /// The given name / forename.
        pub given_name: Option<String>,
        /// A prefix of the family name such as 'van' or 'de'.
        pub prefix: Option<String>,
        /// A suffix of the family name such as 'Jr.' or 'IV'.
        pub suffix: Option<String>,
        /// Whether a comma should be inserted before the suffix.
        #[serde(default)]
        pub comma_suffix: bool,
        /// Another name (often user name) the person might be known under.
        pub alias: Option<String>,
        /// Whether `name` starts with a non-dropping particle given as one (CSL-JSON's
        /// `non-dropping-particle`), a particle in any case (`La Fontaine`). Otherwise only
        /// words in lower case are one (`van der Berg`, not `De la Cruz`).
        #[serde(skip)]
        pub particle_given: bool,
    }
}

impl Serialize for Person {
    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        // Aliases are not represented in the string, prefixes can create
        // ambiguity.
        if self.alias.is_none() && self.prefix.is_none() {
            serializer.serialize_str(&self.name_first(false, false))
        } else {
            let entries = [
                ("name", Some(&self.name)),
                ("given-name", self.given_name.as_ref()),
                ("prefix", self.prefix.as_ref()),
                ("suffix", self.suffix.as_ref()),
                ("alias", self.alias.as_ref()),
            ];

            let map_len = entries.iter().filter(|(_, v)| v.is_some()).count();

            let mut map = serializer.serialize_map(Some(map_len))?;

            for (key, value) in entries.iter() {
                if let Some(value) = value {
                    map.serialize_entry(key, value)?;
                }
            }

            map.end()
        }
    }
}

/// Error that may occur when parsing a slice of strings as a name.
#[derive(Clone, Copy, Debug, Error, PartialEq, Eq)]
pub enum PersonError {
    /// The name has too many parts to be appropriately parsed.
    #[error("too many parts")]
    TooManyParts,
    /// The name is empty.
    #[error("part list is empty")]
    Empty,
    /// The role is unknown.
    #[error("unknown role")]
    UnknownRole,
}

impl Person {
    /// This function expects a list of strings with its length between one and
    /// three. The first part will be interpreted as the `<prefix> <Name>`, the
    /// second part as the given name and the third part as the suffix.
    ///
    /// The prefix and name are separated just like in BiBTeX, as described
    /// [Nicolas Markey describes in "Tame the BeaST"][taming], p. 24. The gist
    /// is that the given name will start at the first word with a capital
    /// letter, if there are any such words.
    ///
    /// The call site of this function in the library obtains the slice by
    /// calling `split(",")` on a string like `"Des Egdens, Britta"`.
    ///
    /// [taming]: https://ftp.rrze.uni-erlangen.de/ctan/info/bibtex/tamethebeast/ttb_en.pdf
    pub fn from_strings(mut parts: Vec<&str>) -> Result<Self, PersonError> {
        if parts.is_empty() {
            return Err(PersonError::Empty);
        } else if parts.len() > 3 {
            return Err(PersonError::TooManyParts);
        }

        for part in parts.iter_mut() {
            *part = part.trim();
        }

        let last_pre = parts[0];
        let given_name = (parts.len() > 1)
            .then(|| parts.last().map(|last| last.to_string()))
            .flatten();

        let suffix = if parts.len() > 2 { Some(parts[1].to_string()) } else { None };

        let mut word_start = true;
        let mut last_lower_case_end: i32 = -1;
        let mut is_lowercase = false;
        let mut last_word_start = 0;
        let mut has_seen_uppercase_words = false;

        for (index, c) in last_pre.chars().enumerate() {
            if c.is_whitespace() {
                word_start = true;
                continue;
            }

            if word_start {
                last_word_start = index;

                if c.is_lowercase() {
                    is_lowercase = true;
                } else {
                    is_lowercase = false;
                    has_seen_uppercase_words = true;
                }
            }

            if is_lowercase {
                last_lower_case_end = index as i32;
            }

            word_start = false;
        }

        let mut name = String::new();
        let mut prefix = String::new();
        for (index, c) in last_pre.chars().enumerate() {
            if (index as i32 <= last_lower_case_end && has_seen_uppercase_words)
                || (!has_seen_uppercase_words && index < last_word_start)
            {
                prefix.push(c);
            } else if has_seen_uppercase_words || index >= last_word_start {
                name.push(c);
            }
        }

        let prefix = if prefix.is_empty() { None } else { Some(prefix) };
        if prefix.is_some() {
            name = name.trim_start().to_string();
        }

        Ok(Person {
            name,
            given_name,
            prefix,
            suffix,
            comma_suffix: false,
            alias: None,
            particle_given: false,
        })
    }

    /// Formats the given name into initials.
    ///
    /// For example, `"Judith Beatrice"` would yield `"J. B."` if the
    /// `delimiter` argument is set to `Some(". ")`, `"Klaus-Peter"` would
    /// become `"K-P"` without a delimiter (or with an empty delimiter).
    ///
    /// Whitespace at the end of the delimiter is kept when parts are separated
    /// by whitespace (as in the first example), but not when parts of a
    /// compound given name are separated by hyphens (for example,
    /// `"Klaus-Peter"` produces `"K.-P."` instead of `"K. -P."` for a
    /// delimiter of `Some(". ")`).
    pub fn initials(
        &self,
        buf: &mut impl std::fmt::Write,
        delimiter: Option<&str>,
        with_hyphen: bool,
    ) -> std::fmt::Result {
        let Some(gn) = &self.given_name else {
            return Ok(());
        };
        let gn = spaced_initials(gn);
        let gn = without_small_hyphen_parts(&gn);

        let mut collect = true;
        let mut non_empty = false;
        // Whether we are at the start of a word (i.e., the initial char or following a whitespace)
        let mut start_of_word = true;
        // Whether the last char (excl. whitespace was lower case)
        let mut last_was_lower = false;
        // Whether the word at hand is printed whole, in place of an initial: one that does not
        // start with a capital but holds one (`iPhone`, `d’Arcy`), as citeproc prints it.
        let mut whole_word = false;
        // Where the period ends a word printed whole as an abbreviation (`Ph.` of `Ph.M.E.`,
        // `ME.`): it is printed as written, without its period, as citeproc prints it.
        let mut abbreviation_period = None;
        // A one-byte grapheme is an ASCII character, upper case exactly when it is a capital.
        let is_upper = |gr: &str| match gr.as_bytes() {
            [b] => b.is_ascii_uppercase(),
            _ => gr.to_lowercase() != gr,
        };

        let delim_ends_in_whitespace = delimiter
            .and_then(|d| d.chars().last().map(|d| d.is_whitespace()))
            .unwrap_or_default();

        for (i, gr) in grapheme_indices(&gn) {
            if let Some(c) = gr.chars().next()
                && (c.is_whitespace() || c == '-')
            {
                whole_word = false;
                // The last word was in lower case. We enounter a whitespace and stop collecting
                if last_was_lower {
                    collect = false;
                }
                if !collect {
                    let hyphenate = with_hyphen && c == '-';
                    // Do not emit delim if we just had a lower case word
                    if !last_was_lower && let Some(delimiter) = delimiter {
                        // Use the given delimiter, including any spaces at
                        // its end if there was a whitespace, but not if we
                        // should add a hyphen in a compound given name.
                        buf.write_str(if hyphenate {
                            delimiter.trim_end()
                        } else {
                            delimiter
                        })?;
                    }

                    collect = true;
                    start_of_word = true;
                    if hyphenate {
                        buf.write_char('-')?;
                    } else if last_was_lower {
                        // Write a space after a lower case word
                        buf.write_char(' ')?;
                    }
                }
                continue;
            }

            if collect && start_of_word {
                let word = gn[i..]
                    .split(|c: char| c.is_whitespace() || c == '-')
                    .next()
                    .unwrap_or_default();
                let abbreviation = word
                    .strip_suffix('.')
                    .filter(|w| is_upper(gr) && grapheme_indices(w).nth(1).is_some());
                if let Some(letters) = abbreviation {
                    abbreviation_period = Some(i + letters.len());
                    whole_word = true;
                    collect = false;
                    last_was_lower = false;
                } else if !is_upper(gr)
                    && grapheme_indices(word).any(|(_, g)| is_upper(g))
                {
                    whole_word = true;
                    collect = false;
                    last_was_lower = false;
                }
            }
            if whole_word {
                if abbreviation_period != Some(i) {
                    buf.write_str(gr)?;
                }
                non_empty = true;
            } else if collect {
                if is_upper(gr) {
                    // Upper case letter => stop collecting; print initials
                    collect = false;
                    last_was_lower = false;
                } else if start_of_word {
                    // We enter a lower-cased word
                    last_was_lower = true;
                }
                if last_was_lower && start_of_word {
                    start_of_word = false;
                    if !delim_ends_in_whitespace {
                        // Print a space if we just started a lower case word and the delimiter did not already put a space
                        buf.write_char(' ')?;
                    }
                }
                buf.write_str(gr)?;
                non_empty = true;
            }
        }

        if non_empty
            && !collect
            && let Some(delim) = delimiter
        {
            buf.write_str(delim.trim_end())?;
        }

        Ok(())
    }

    /// Yields the first name of a person. Will add the delimiter after initials
    /// / single letters.
    pub fn first_name_with_delimiter(
        &self,
        buf: &mut impl std::fmt::Write,
        delimiter: Option<&str>,
    ) -> std::fmt::Result {
        let Some(name) = &self.given_name else {
            return Ok(());
        };
        let name = spaced_initials(name);

        let mut first = true;
        for item in name.split(' ') {
            if !first {
                buf.write_char(' ')?;
            }

            buf.write_str(item)?;

            if let Some(delimiter) = delimiter
                && grapheme_indices(item).count() == 1
            {
                buf.write_str(delimiter)?;
            }

            first = false;
        }

        Ok(())
    }

    /// Get the name with the family name first, the initials
    /// afterwards, separated by a comma.
    pub fn name_first(&self, initials: bool, prefix_given_name: bool) -> String {
        let mut res = if !prefix_given_name {
            if let Some(prefix) = &self.prefix {
                format!("{} {}", prefix, self.name)
            } else {
                self.name.clone()
            }
        } else {
            self.name.clone()
        };

        if initials {
            if self.given_name.is_some() {
                res += ", ";
                self.initials(&mut res, Some(". "), true).unwrap();
            }
        } else if let Some(given_name) = &self.given_name {
            res += ", ";
            res += given_name;
        }

        if prefix_given_name && let Some(prefix) = &self.prefix {
            if self.given_name.is_some() {
                res.push(' ');
            }

            res += prefix;
        }

        if let Some(suffix) = &self.suffix {
            res += ", ";
            res += suffix;
        }
        res
    }

    /// Get the name with the given name first, the family name afterwards.
    pub fn given_first(&self, initials: bool) -> String {
        let mut res = String::new();

        if initials {
            if self.given_name.is_some() {
                self.initials(&mut res, Some(". "), true).unwrap();
                res.push(' ');
            }
        } else if let Some(given_name) = &self.given_name {
            res += given_name;
            res.push(' ');
        }

        if let Some(prefix) = &self.prefix {
            res += prefix;
            res += " ";
        }

        res += &self.name;

        if let Some(suffix) = &self.suffix {
            res += " ";
            res += suffix;
        }

        res
    }

    /// Get the non-dropping name particle in the family name.
    pub fn name_particle(&self) -> Option<&str> {
        for (idx, char) in self.name.char_indices().rev() {
            if char != ' ' {
                continue;
            }

            let particle = &self.name[0..idx];
            // A particle is written in lower case, as citeproc and BibTeX read one, unless it
            // was given as one: `De la Cruz` and `Van Dyke` are surnames as written.
            if !self.particle_given && !particle.starts_with(char::is_lowercase) {
                continue;
            }
            let lowercase = particle.to_lowercase();
            if NAME_PARTICLES.binary_search(&lowercase.as_str()).is_ok() {
                return Some(particle);
            }
        }

        None
    }

    /// Get the family name without the non-dropping particle.
    pub fn name_without_particle(&self) -> &str {
        if let Some(particle) = self.name_particle() {
            self.name[particle.len()..].trim_start()
        } else {
            self.name.as_str()
        }
    }

    /// Get only the dropping and non-dropping particle of the family name.
    pub fn name_particles(&self) -> Option<Cow<'_, str>> {
        match (&self.prefix, self.name_particle()) {
            (Some(dropping), Some(non_dropping)) => {
                Some(Cow::Owned(format!("{dropping} {non_dropping}")))
            }
            (Some(dropping), None) => Some(Cow::Borrowed(dropping.as_str())),
            (None, Some(non_dropping)) => Some(Cow::Borrowed(non_dropping)),
            (None, None) => None,
        }
    }

    /// Whether to treat this as an institutional name.
    pub fn is_institutional(&self) -> bool {
        self.given_name.is_none() && self.suffix.is_none() && self.prefix.is_none()
    }

    /// Whether the name contains CJK characters.
    pub fn is_cjk(&self) -> bool {
        self.name.chars().any(is_cjk)
            || self.given_name.as_ref().is_some_and(|gn| gn.chars().any(is_cjk))
    }

    /// Get the name without the leading article.
    pub fn name_without_article(&self) -> &str {
        let space_idx = self.name.find(' ');
        if let Some(space_idx) = space_idx {
            if space_idx + 1 != self.name.len()
                && ARTICLES.binary_search(&&self.name[0..space_idx]).is_ok()
            {
                &self.name[space_idx + 1..]
            } else {
                self.name.as_str()
            }
        } else {
            self.name.as_str()
        }
    }

    /// Order according to the CSL specification.
    pub(crate) fn csl_cmp(
        &self,
        other: &Self,
        form: LongShortForm,
        demote_particle: bool,
    ) -> std::cmp::Ordering {
        let self_cjk = self.is_cjk();
        let other_cjk = other.is_cjk();

        let name_a = self.name.to_lowercase();
        let name_b = other.name.to_lowercase();
        let given_a = self.given_name.as_ref().map(|s| s.to_lowercase());
        let given_b = other.given_name.as_ref().map(|s| s.to_lowercase());

        if self_cjk != other_cjk {
            // Put CJK names last.
            return self_cjk.cmp(&other_cjk);
        } else if self_cjk && other_cjk {
            // Apply special CJK rules.
            return match form {
                LongShortForm::Long => {
                    name_a.cmp(&name_b).then_with(|| given_a.cmp(&given_b))
                }
                LongShortForm::Short => name_a.cmp(&name_b),
            };
        }

        let prefix_a = self.prefix.as_ref().map(|s| s.to_lowercase());
        let prefix_b = other.prefix.as_ref().map(|s| s.to_lowercase());
        let suffix_a = self.suffix.as_ref().map(|s| s.to_lowercase());
        let suffix_b = other.suffix.as_ref().map(|s| s.to_lowercase());

        if demote_particle {
            self.name_without_particle()
                .to_lowercase()
                .cmp(&other.name_without_particle().to_lowercase())
                .then_with(|| {
                    self.name_particles()
                        .map(|c| c.to_lowercase())
                        .cmp(&other.name_particles().map(|c| c.to_lowercase()))
                })
                .then_with(|| given_a.cmp(&given_b))
                .then_with(|| suffix_a.cmp(&suffix_b))
        } else {
            name_a
                .cmp(&name_b)
                .then_with(|| prefix_a.cmp(&prefix_b))
                .then_with(|| given_a.cmp(&given_b))
                .then_with(|| suffix_a.cmp(&suffix_b))
        }
    }
}

impl Ord for Person {
    fn cmp(&self, other: &Self) -> Ordering {
        self.name
            .cmp(&other.name)
            .then(self.given_name.cmp(&other.given_name))
            .then(self.suffix.cmp(&other.suffix))
            .then(self.prefix.cmp(&other.prefix))
    }
}

impl PartialOrd for Person {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl FromStr for Person {
    type Err = PersonError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_strings(s.split(',').collect())
    }
}

/// `text`'s extended grapheme clusters with their byte offsets, as
/// [`UnicodeSegmentation::grapheme_indices`] gives them. In ASCII text each character is a
/// cluster of its own but for a carriage return before a line feed, so text that is ASCII and
/// holds no carriage return is split without the Unicode tables (a name's initials, read a
/// grapheme at a time, are most of what a bibliography's names cost).
fn grapheme_indices(text: &str) -> Graphemes<'_> {
    if text.is_ascii() && !text.contains('\r') {
        Graphemes::Ascii { text, at: 0 }
    } else {
        Graphemes::Unicode(text.grapheme_indices(true))
    }
}

/// The iterator [`grapheme_indices`] returns.
enum Graphemes<'a> {
    Ascii { text: &'a str, at: usize },
    Unicode(unicode_segmentation::GraphemeIndices<'a>),
}

impl<'a> Iterator for Graphemes<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Graphemes::Ascii { text, at } => {
                let i = *at;
                let grapheme = text.get(i..i + 1)?;
                *at += 1;
                Some((i, grapheme))
            }
            Graphemes::Unicode(graphemes) => graphemes.next(),
        }
    }
}

/// A given name with a space after each initial written against the next (`J.R.R.` is
/// `J. R. R.`), so each initial is a word of its own, as citeproc reads them: initialized it is
/// `JRR` or `J. R. R.`, not `J`.
fn spaced_initials(given: &str) -> Cow<'_, str> {
    let run_together = |(i, c): (usize, char)| {
        c == '.' && given[i + 1..].starts_with(char::is_alphabetic)
    };
    if !given.char_indices().any(run_together) {
        return Cow::Borrowed(given);
    }
    let mut spaced = String::with_capacity(given.len() + 4);
    for (i, c) in given.char_indices() {
        spaced.push(c);
        if run_together((i, c)) {
            spaced.push(' ');
        }
    }
    Cow::Owned(spaced)
}

/// A given name without the parts a hyphen joins in lower case (`Min-ho` is `Min`), which have
/// no initial of their own: initialized, `Min-ho` is `M.`, as citeproc prints it, not `M.-ho`.
fn without_small_hyphen_parts(given: &str) -> Cow<'_, str> {
    let small_part = |i: usize| {
        given[i..].starts_with('-') && given[i + 1..].starts_with(char::is_lowercase)
    };
    if !given.char_indices().any(|(i, _)| small_part(i)) {
        return Cow::Borrowed(given);
    }
    let mut kept = String::with_capacity(given.len());
    let mut skipping = false;
    for (i, c) in given.char_indices() {
        if small_part(i) {
            skipping = true;
            continue;
        }
        if skipping && c.is_alphabetic() {
            continue;
        }
        skipping = false;
        kept.push(c);
    }
    Cow::Owned(kept)
}

#[cfg(test)]
mod tests {
    use super::Person;
    use super::grapheme_indices;
    use unicode_segmentation::UnicodeSegmentation;

    /// The clusters found without the Unicode tables are the ones found with them.
    #[test]
    fn graphemes_as_unicode_segments_them() {
        for text in [
            "",
            "J",
            "Jean-Paul",
            "Ph.M.E. van der Berg",
            "line\r\nbreak",
            "lone\rreturn",
            "Zoë",
            "Nguyễn Thị",
            "e\u{301}mile",
            "👩‍⚕️ Ana",
        ] {
            let ours: Vec<_> = grapheme_indices(text).collect();
            let unicode: Vec<_> = text.grapheme_indices(true).collect();
            assert_eq!(ours, unicode, "{text:?}");
        }
        // Every text of up to four characters from ASCII letters, marks, controls and spaces,
        // with an accented letter among them for the other path.
        let alphabet = ['a', 'Z', '.', '-', ' ', '\r', '\n', '\t', '\u{7f}', 'é'];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            for text in &longer {
                let ours: Vec<_> = grapheme_indices(text).collect();
                let unicode: Vec<_> = text.grapheme_indices(true).collect();
                assert_eq!(ours, unicode, "{text:?}");
            }
            texts = longer;
        }
    }

    #[test]
    fn person_initials() {
        let mut s = String::new();
        let p = Person::from_strings(vec!["Dissmer", "Courtney Deliah"]).unwrap();
        p.initials(&mut s, Some("."), true).unwrap();
        assert_eq!("C.D.", s);

        let mut s = String::new();
        let p = Person::from_strings(vec!["Dissmer", "Courtney Deliah"]).unwrap();
        p.initials(&mut s, Some(". "), true).unwrap();
        assert_eq!("C. D.", s);

        let mut s = String::new();
        let p = Person::from_strings(vec!["Dissmer", "Courtney Deliah"]).unwrap();
        p.initials(&mut s, Some(""), true).unwrap();
        assert_eq!("CD", s);

        let mut s = String::new();
        let p = Person::from_strings(vec!["Dissmer", "Courtney Deliah"]).unwrap();
        p.initials(&mut s, None, true).unwrap();
        assert_eq!("CD", s);

        let mut s = String::new();
        let p = Person::from_strings(vec!["Günther", "Hans-Joseph"]).unwrap();
        p.initials(&mut s, Some(". "), true).unwrap();
        assert_eq!("H.-J.", s);

        let mut s = String::new();
        let p = Person::from_strings(vec!["Günther", "Hans-Joseph"]).unwrap();
        p.initials(&mut s, Some("."), true).unwrap();
        assert_eq!("H.-J.", s);

        let mut s = String::new();
        let p = Person::from_strings(vec!["Günther", "Hans-Joseph"]).unwrap();
        p.initials(&mut s, Some(""), true).unwrap();
        assert_eq!("H-J", s);

        let mut s = String::new();
        let p = Person::from_strings(vec!["Günther", "Hans-Joseph"]).unwrap();
        p.initials(&mut s, None, true).unwrap();
        assert_eq!("H-J", s);

        let mut s = String::new();
        let p = Person::from_strings(vec!["Günther", "Hans-Joseph"]).unwrap();
        p.initials(&mut s, Some(". "), false).unwrap();
        assert_eq!("H. J.", s);

        let mut s = String::new();
        let p = Person::from_strings(vec!["Günther", "Hans-Joseph"]).unwrap();
        p.initials(&mut s, Some("."), false).unwrap();
        assert_eq!("H.J.", s);

        let mut s = String::new();
        let p = Person::from_strings(vec!["Günther", "Hans-Joseph"]).unwrap();
        p.initials(&mut s, Some(""), false).unwrap();
        assert_eq!("HJ", s);

        let mut s = String::new();
        let p = Person::from_strings(vec!["Günther", "Hans-Joseph"]).unwrap();
        p.initials(&mut s, None, false).unwrap();
        assert_eq!("HJ", s);
    }

    #[test]
    fn person_non_dropping_initials() {
        // As CSL-JSON gives a family name with its particle.
        let p = Person {
            name: "von der Leyen".into(),
            given_name: Some("Ursula".into()),
            prefix: None,
            suffix: None,
            comma_suffix: false,
            alias: None,
            particle_given: false,
        };
        assert_eq!("von der", p.name_particle().unwrap());
        assert_eq!("Leyen", p.name_without_particle());
        // Capitalised, the words are the surname as written, as citeproc and BibTeX read
        // them (BibTeX's von part is in lower case)...
        let p = Person { name: "De la Cruz".into(), ..p };
        assert_eq!(None, p.name_particle());
        assert_eq!("De la Cruz", p.name_without_particle());
        let p = Person::from_strings(vec!["Von Der Leyen", "Ursula"]).unwrap();
        assert_eq!(None, p.name_particle());
        // ... unless the particle was given as one.
        let p = Person {
            name: "La Fontaine".into(),
            particle_given: true,
            ..p
        };
        assert_eq!("La", p.name_particle().unwrap());
        assert_eq!("Fontaine", p.name_without_particle());
    }

    #[test]
    fn person_initials_run_together() {
        let p = Person::from_strings(vec!["Lee", "J.R.R."]).unwrap();
        for (delimiter, initials) in [(". ", "J. R. R."), (".", "J.R.R."), ("", "JRR")] {
            let mut s = String::new();
            p.initials(&mut s, Some(delimiter), true).unwrap();
            assert_eq!(initials, s, "initialize-with {delimiter:?}");
        }
        let mut s = String::new();
        p.first_name_with_delimiter(&mut s, Some(". ")).unwrap();
        assert_eq!("J. R. R.", s);
        // A part a hyphen joins in lower case has no initial of its own (Korean given names).
        for (given, delimiter, initials) in [
            ("Min-ho", ". ", "M."),
            ("Min-ho", "", "M"),
            ("Ji-woo Anna", ". ", "J. A."),
            ("Jean-Paul", ". ", "J.-P."),
        ] {
            let p = Person::from_strings(vec!["Lee", given]).unwrap();
            let mut s = String::new();
            p.initials(&mut s, Some(delimiter), true).unwrap();
            assert_eq!(initials, s, "{given} with {delimiter:?}");
        }
        // A hyphenated pair of initials is one compound name.
        let p = Person::from_strings(vec!["Sartre", "J.-P."]).unwrap();
        let mut s = String::new();
        p.initials(&mut s, Some(". "), true).unwrap();
        assert_eq!("J.-P.", s);
    }

    #[test]
    fn person_initials_of_a_word_in_lower_case_with_a_capital() {
        // citeproc prints a word that does not start with a capital but holds one whole, in
        // place of its initial (Pandoc: `Fam iPhone. J.`, `Fam d’Arcy`); a word in lower case
        // throughout is kept whole too, without the delimiter.
        for (given, delimiter, initials) in [
            ("authorFirst", ". ", "authorFirst."),
            ("authorFirst", "", "authorFirst"),
            ("iPhone Jo", ". ", "iPhone. J."),
            ("iPhone Jo", "", "iPhoneJ"),
            ("Jo iPhone", ". ", "J. iPhone."),
            ("d’Arcy", ". ", "d’Arcy."),
            ("eLife-Paul", ". ", "eLife.-P."),
            ("danah", ". ", "danah"),
            ("jean-Paul", ". ", "jean-P."),
        ] {
            let p = Person::from_strings(vec!["Fam", given]).unwrap();
            let mut s = String::new();
            p.initials(&mut s, Some(delimiter), true).unwrap();
            assert_eq!(initials, s, "{given} with {delimiter:?}");
        }
    }

    #[test]
    fn person_initials_of_an_abbreviated_given_name() {
        // A word of two letters or more ending with a period is an abbreviation: citeproc
        // prints it as written, without its period (the CSL test suite's
        // `name_InitialsInitializeTrue`: `Ph.M.E.` is `Ph M E`, `ME.` is `ME`, `Me.` is `Me`).
        for (given, delimiter, initials) in [
            ("Ph.M.E.", " ", "Ph M E"),
            ("Ph. M.E.", "", "PhME"),
            ("ME.", ". ", "ME."),
            ("Me.", "", "Me"),
            ("John M.E.", "", "JME"),
            ("M. E.", ". ", "M. E."),
            ("St. John", ". ", "St. J."),
        ] {
            let p = Person::from_strings(vec!["Fam", given]).unwrap();
            let mut s = String::new();
            p.initials(&mut s, Some(delimiter), true).unwrap();
            assert_eq!(initials, s, "{given} with {delimiter:?}");
        }
    }

    #[test]
    fn person_middle_initial() {
        let p = Person::from_strings(vec!["Kirk", "James T"]).unwrap();
        let mut s = String::new();
        p.first_name_with_delimiter(&mut s, Some(".")).unwrap();
        assert_eq!("James T.", s);
    }

    #[test]
    fn person_name_retrieval_order() {
        let p =
            Person::from_strings(vec!["van Dissmer", "Jr.", "Courtney Deliah"]).unwrap();
        assert_eq!("van Dissmer, Courtney Deliah, Jr.", p.name_first(false, false));
        assert_eq!("Dissmer, Courtney Deliah van, Jr.", p.name_first(false, true));
        assert_eq!("van Dissmer, C. D., Jr.", p.name_first(true, false));
        assert_eq!("Dissmer, C. D. van, Jr.", p.name_first(true, true));
        assert_eq!("Courtney Deliah van Dissmer Jr.", p.given_first(false));
        assert_eq!("C. D. van Dissmer Jr.", p.given_first(true));
    }
}
