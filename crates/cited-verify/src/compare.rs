//! Comparing a reference's fields with a registry's record: normalised titles (case, markup,
//! punctuation and a missing subtitle do not count), family names without diacritics, years, and
//! journal names full or abbreviated.

/// Folds common Latin diacritics (`é` → `e`, `ß` → `ss`), lowercases, and keeps letters and digits
/// as words separated by single spaces. Markup (`<i>`) is dropped first.
pub fn normalize(text: &str) -> String {
    let mut without_tags = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                without_tags.push(' ');
            }
            _ if !in_tag => without_tags.push(c),
            _ => {}
        }
    }
    let mut out = String::with_capacity(without_tags.len());
    for c in without_tags.chars().flat_map(char::to_lowercase) {
        let folded = fold(c);
        for f in folded.chars() {
            if f.is_alphanumeric() {
                out.push(f);
            } else if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
        }
    }
    out.trim_end().to_owned()
}

fn fold(c: char) -> String {
    let plain = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ß' => return "ss".to_owned(),
        'æ' => return "ae".to_owned(),
        'œ' => return "oe".to_owned(),
        '’' | '\'' => return String::new(),
        other => other,
    };
    plain.to_string()
}

/// Whether two titles name the same work: equal once normalised, one the other without its
/// subtitle, or nearly equal (a typo, British and American spelling).
pub fn same_title(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    // A reference may drop the subtitle: the short title must be most of a word-aligned prefix.
    if long.starts_with(short.as_str())
        && long[short.len()..].starts_with(' ')
        && short.split(' ').count() >= 3
    {
        return true;
    }
    strsim::normalized_levenshtein(&a, &b) >= 0.9
}

/// Whether two family names are the same person's: equal once diacritics, case, spaces and
/// hyphens are set aside.
pub fn same_family(a: &str, b: &str) -> bool {
    let squash = |s: &str| normalize(s).replace(' ', "");
    let (a, b) = (squash(a), squash(b));
    !a.is_empty() && (a == b || strsim::normalized_levenshtein(&a, &b) >= 0.85)
}

const STOP_WORDS: &[&str] = &["the", "of", "and", "for", "in", "on", "a", "an", "to"];

/// Whether two journal names are the same journal: equal or nearly, or one abbreviates the other
/// word by word (`Psychol Res Behav Manag` for `Psychology Research and Behavior Management`).
pub fn same_container(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b || strsim::normalized_levenshtein(&a, &b) >= 0.85 {
        return true;
    }
    let words = |s: &str| -> Vec<String> {
        s.split(' ')
            .filter(|w| !STOP_WORDS.contains(w))
            .map(str::to_owned)
            .collect()
    };
    let (wa, wb) = (words(&a), words(&b));
    let abbreviates = |short: &[String], long: &[String]| {
        short.len() == long.len()
            && short
                .iter()
                .zip(long)
                .all(|(s, l)| l.starts_with(s.as_str()))
    };
    abbreviates(&wa, &wb) || abbreviates(&wb, &wa)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert!(same_title(
            "Exposure and Response Prevention in the Treatment of OCD",
            "Exposure and response prevention in the treatment of OCD."
        ));
        assert!(same_title(
            "A <i>randomised</i> trial of things",
            "A randomised trial of things: a subtitle"
        ));
        assert!(same_title(
            "A randomized trial of things",
            "A randomised trial of things"
        ));
        assert!(!same_title("A study of things", "Another title entirely"));
        assert!(!same_title("", ""));
    }

    #[test]
    fn family_names() {
        assert!(same_family("Müller", "Muller"));
        assert!(same_family("van der Berg", "Van Der Berg"));
        assert!(same_family("Smith-Jones", "Smith Jones"));
        assert!(!same_family("Smith", "Jones"));
    }

    #[test]
    fn journals_full_and_abbreviated() {
        assert!(same_container(
            "Psychology Research and Behavior Management",
            "Psychol Res Behav Manag"
        ));
        assert!(same_container("The Lancet", "Lancet"));
        assert!(!same_container("The Lancet", "BMJ"));
    }
}
