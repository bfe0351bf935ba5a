//! TeX math in a `.bib` field (`$\beta$`, `$x^2$`, `$p < 0.05$`) as text, as Pandoc reads it
//! (its texmath): letters in italics, `-` as a minus sign, relations between spaces, `^…` and
//! `_…` as superscript and subscript, Greek letters and common symbols as their characters.
//! Math that uses anything else (`\frac{1}{2}`) is kept as written, dollar signs included, as
//! Pandoc keeps math it cannot convert.

use super::markup::Piece;

/// The pieces of the math `tex` (written between dollar signs), every character protected
/// from case changes: from the sentence case a `.bib` title is read in, and, in a `nocase`
/// span, from the title case a style prints it in (`β-blocker`, not `Β-Blocker`).
pub(super) fn pieces(tex: &str) -> Vec<Piece> {
    let mut out = vec![Piece::Tag(NO_CASE.0)];
    out.extend(unspanned(tex));
    out.push(Piece::Tag(NO_CASE.1));
    out
}

/// CSL-JSON rich text's span whose text no text case changes.
const NO_CASE: (&str, &str) = ("<span class=\"nocase\">", "</span>");

/// [`pieces`] without the span.
fn unspanned(tex: &str) -> Vec<Piece> {
    let tokens = match tokens(tex) {
        Some(tokens) if !tokens.is_empty() => tokens,
        _ => return as_written(tex),
    };
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Letter(c) => italic(&mut out, *c),
            Token::Upright(text) => out.extend(text.chars().map(|c| Piece::Char(c, true))),
            Token::Infix(c) => {
                // A relation or an operation between two terms stands between spaces
                // (`p < 0.05`); one that begins the math only before its term (`±2`) unless
                // it is a relation (` ≤ 5%`); alone, it is the character.
                let after = i + 1 < tokens.len();
                let before = i > 0;
                let relation = is_relation(*c);
                if after && (before || relation) {
                    out.push(Piece::Char(' ', true));
                }
                out.push(Piece::Char(*c, true));
                if after && (before || relation) {
                    out.push(Piece::Char(' ', true));
                }
            }
            Token::Script(tag, inner) => {
                let (open, close) = if *tag == '^' {
                    ("<sup>", "</sup>")
                } else {
                    ("<sub>", "</sub>")
                };
                out.push(Piece::Tag(open));
                for token in inner {
                    match token {
                        Token::Letter(c) => italic(&mut out, *c),
                        Token::Upright(text) => {
                            out.extend(text.chars().map(|c| Piece::Char(c, true)));
                        }
                        Token::Infix(c) => out.push(Piece::Char(*c, true)),
                        // `tokens` does not nest scripts in scripts, and reads a command's
                        // upright text into one token.
                        Token::Script(..) | Token::UprightCommand => {}
                    }
                }
                out.push(Piece::Tag(close));
            }
            // `tokens` reads a command's upright text into one token.
            Token::UprightCommand => {}
        }
    }
    out
}

/// One unit of math as printed.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A variable: printed in italics.
    Letter(char),
    /// Digits, punctuation and words in `\mathrm{…}`: printed as they are.
    Upright(String),
    /// A relation or an operation (`<`, `≤`, `±`): printed between spaces when between terms.
    Infix(char),
    /// `^…` or `_…`, with what it raises or lowers.
    Script(char, Vec<Token>),
    /// A command whose braced text is printed upright (`\mathrm`, `\text`): read with that text
    /// into an [`Token::Upright`] (`upright_text`), never printed as it is.
    UprightCommand,
}

/// The math as tokens, or None when it holds something this reader does not know (a command,
/// a script of a script, an unbalanced brace).
fn tokens(tex: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = tex.chars().collect();
    let mut at = 0;
    let tokens = group(&chars, &mut at, 0)?;
    (at == chars.len()).then_some(tokens)
}

/// Deep enough for any title, shallow enough that no input exhausts the stack.
const MAX_DEPTH: usize = 8;

/// Tokens from `chars[*at..]` to the end, or to the `}` that closes a group at `depth > 0`.
fn group(chars: &[char], at: &mut usize, depth: usize) -> Option<Vec<Token>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut out = Vec::new();
    while let Some(&c) = chars.get(*at) {
        *at += 1;
        match c {
            '}' if depth > 0 => return Some(out),
            '}' => return None,
            '{' => out.extend(group(chars, at, depth + 1)?),
            c if c.is_whitespace() => {}
            '^' | '_' => {
                let inner = match chars.get(*at) {
                    Some('{') => {
                        *at += 1;
                        group(chars, at, depth + 1)?
                    }
                    Some('\\') => {
                        *at += 1;
                        match command(chars, at)? {
                            Token::UprightCommand => vec![upright_text(chars, at, depth)?],
                            token => vec![token],
                        }
                    }
                    Some(&c) if !c.is_whitespace() => {
                        *at += 1;
                        vec![plain(c)]
                    }
                    _ => return None,
                };
                if inner.iter().any(|t| matches!(t, Token::Script(..))) {
                    return None;
                }
                out.push(Token::Script(c, inner));
            }
            '\\' => match command(chars, at)? {
                Token::UprightCommand => out.push(upright_text(chars, at, depth)?),
                token => out.push(token),
            },
            c => out.push(plain(c)),
        }
    }
    (depth == 0).then_some(out)
}

/// The braced text at `chars[*at]` after a command that prints it upright (`\mathrm{CO}`), as
/// one upright token: its letters are not variables. None without braces, or with a script
/// inside.
fn upright_text(chars: &[char], at: &mut usize, depth: usize) -> Option<Token> {
    if chars.get(*at) != Some(&'{') {
        return None;
    }
    *at += 1;
    let mut text = String::new();
    for token in group(chars, at, depth + 1)? {
        match token {
            Token::Letter(c) | Token::Infix(c) => text.push(c),
            Token::Upright(s) => text.push_str(&s),
            Token::Script(..) | Token::UprightCommand => return None,
        }
    }
    Some(Token::Upright(text))
}

/// A character written as itself.
fn plain(c: char) -> Token {
    match c {
        'a'..='z' | 'A'..='Z' => Token::Letter(c),
        '-' => Token::Infix('\u{2212}'),
        '+' | '<' | '>' | '=' => Token::Infix(c),
        c => Token::Upright(c.to_string()),
    }
}

/// The command after a `\` at `chars[*at]`: a symbol's token, or [`Token::UprightCommand`]
/// for a command whose braced text is printed upright (`\mathrm`, `\text`). None for any
/// other.
fn command(chars: &[char], at: &mut usize) -> Option<Token> {
    let first = *chars.get(*at)?;
    if !first.is_ascii_alphabetic() {
        *at += 1;
        return match first {
            '%' | '&' | '$' | '#' | '_' | '{' | '}' => Some(Token::Upright(first.to_string())),
            // Thin and normal spaces.
            ',' | ' ' | ';' => Some(Token::Upright("\u{2009}".into())),
            _ => None,
        };
    }
    let end = chars[*at..]
        .iter()
        .position(|c| !c.is_ascii_alphabetic())
        .map_or(chars.len(), |n| *at + n);
    let name: String = chars[*at..end].iter().collect();
    *at = end;
    if matches!(
        name.as_str(),
        "mathrm" | "text" | "textrm" | "mathup" | "operatorname" | "mbox"
    ) {
        return Some(Token::UprightCommand);
    }
    if let Some(c) = greek(&name) {
        return Some(Token::Letter(c));
    }
    let symbol = match name.as_str() {
        "leq" | "le" => Token::Infix('≤'),
        "geq" | "ge" => Token::Infix('≥'),
        "neq" | "ne" => Token::Infix('≠'),
        "approx" => Token::Infix('≈'),
        "sim" => Token::Infix('∼'),
        "simeq" => Token::Infix('≃'),
        "equiv" => Token::Infix('≡'),
        "propto" => Token::Infix('∝'),
        "ll" => Token::Infix('≪'),
        "gg" => Token::Infix('≫'),
        "to" | "rightarrow" => Token::Infix('→'),
        "leftarrow" => Token::Infix('←'),
        "leftrightarrow" => Token::Infix('↔'),
        "Rightarrow" => Token::Infix('⇒'),
        "pm" => Token::Infix('±'),
        "mp" => Token::Infix('∓'),
        "times" => Token::Infix('×'),
        "cdot" => Token::Infix('⋅'),
        "div" => Token::Infix('÷'),
        "infty" => Token::Upright("∞".into()),
        "circ" => Token::Upright("∘".into()),
        "degree" => Token::Upright("°".into()),
        "prime" => Token::Upright("′".into()),
        "ldots" | "dots" => Token::Upright("…".into()),
        "cdots" => Token::Upright("⋯".into()),
        "partial" => Token::Upright("∂".into()),
        "uparrow" => Token::Upright("↑".into()),
        "downarrow" => Token::Upright("↓".into()),
        _ => return None,
    };
    Some(symbol)
}

/// A relation: between spaces even where it begins the math.
fn is_relation(c: char) -> bool {
    matches!(
        c,
        '<' | '>'
            | '='
            | '≤'
            | '≥'
            | '≠'
            | '≈'
            | '∼'
            | '≃'
            | '≡'
            | '∝'
            | '≪'
            | '≫'
            | '→'
            | '←'
            | '↔'
            | '⇒'
    )
}

/// The Greek letter a command names (`alpha` → α, `Delta` → Δ).
fn greek(name: &str) -> Option<char> {
    const LOWER: &[(&str, char)] = &[
        ("alpha", 'α'),
        ("beta", 'β'),
        ("gamma", 'γ'),
        ("delta", 'δ'),
        ("epsilon", 'ϵ'),
        ("varepsilon", 'ε'),
        ("zeta", 'ζ'),
        ("eta", 'η'),
        ("theta", 'θ'),
        ("vartheta", 'ϑ'),
        ("iota", 'ι'),
        ("kappa", 'κ'),
        ("lambda", 'λ'),
        ("mu", 'μ'),
        ("nu", 'ν'),
        ("xi", 'ξ'),
        ("pi", 'π'),
        ("rho", 'ρ'),
        ("sigma", 'σ'),
        ("tau", 'τ'),
        ("upsilon", 'υ'),
        ("phi", 'ϕ'),
        ("varphi", 'φ'),
        ("chi", 'χ'),
        ("psi", 'ψ'),
        ("omega", 'ω'),
        ("Gamma", 'Γ'),
        ("Delta", 'Δ'),
        ("Theta", 'Θ'),
        ("Lambda", 'Λ'),
        ("Xi", 'Ξ'),
        ("Pi", 'Π'),
        ("Sigma", 'Σ'),
        ("Upsilon", 'Υ'),
        ("Phi", 'Φ'),
        ("Psi", 'Ψ'),
        ("Omega", 'Ω'),
    ];
    LOWER.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

/// A letter in italics, joined to the italics just before it.
fn italic(out: &mut Vec<Piece>, c: char) {
    if out.last() == Some(&Piece::Tag("</i>")) {
        out.pop();
    } else {
        out.push(Piece::Tag("<i>"));
    }
    out.push(Piece::Char(c, true));
    out.push(Piece::Tag("</i>"));
}

/// The math as written, between its dollar signs.
fn as_written(tex: &str) -> Vec<Piece> {
    std::iter::once('$')
        .chain(tex.chars())
        .chain(std::iter::once('$'))
        .map(|c| Piece::Char(c, true))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::markup::{Piece, to_text};
    use super::{NO_CASE, pieces, unspanned};

    fn text(tex: &str) -> String {
        to_text(&unspanned(tex))
    }

    #[test]
    fn math_keeps_its_case() {
        let math = pieces(r"\beta");
        assert_eq!(math.first(), Some(&Piece::Tag(NO_CASE.0)));
        assert_eq!(math.last(), Some(&Piece::Tag(NO_CASE.1)));
        assert!(math.iter().all(|p| !matches!(p, Piece::Char(_, false))));
    }

    #[test]
    fn math_reads_as_pandoc_prints_it() {
        assert_eq!(text(r"\beta"), "<i>β</i>");
        assert_eq!(text("x^2"), "<i>x</i><sup>2</sup>");
        assert_eq!(text(r"\alpha_1"), "<i>α</i><sub>1</sub>");
        assert_eq!(text("H_{2}O"), "<i>H</i><sub>2</sub><i>O</i>");
        assert_eq!(text("p < 0.05"), "<i>p</i> < 0.05");
        assert_eq!(text(r"\leq 5\%"), " ≤ 5%");
        assert_eq!(text(r"\pm 2"), "±2");
        assert_eq!(text(r"\times"), "×");
        assert_eq!(text("10^{-3}"), "10<sup>−3</sup>");
        assert_eq!(text(r"\mathrm{CO}_2"), "CO<sub>2</sub>");
        // Upright text in a script (`pandoc --citeproc`, a `.bib` title).
        assert_eq!(text(r"V_\mathrm{max}"), "<i>V</i><sub>max</sub>");
        assert_eq!(text(r"x^\text{th}"), "<i>x</i><sup>th</sup>");
        assert_eq!(text(r"K_{\mathrm{m}}"), "<i>K</i><sub>m</sub>");
        assert_eq!(text(r"\chi^2"), "<i>χ</i><sup>2</sup>");
        assert_eq!(text("xy"), "<i>xy</i>");
    }

    #[test]
    fn math_it_cannot_read_is_kept_as_written() {
        assert_eq!(text(r"\frac{1}{2}"), r"$\frac{1}{2}$");
        assert_eq!(text("x^{y^2}"), "$x^{y^2}$");
        assert_eq!(text("a}"), "$a}$");
        assert_eq!(text("{a"), "${a$");
        assert_eq!(text("x^"), "$x^$");
        assert_eq!(text(""), "$$");
        let deep = format!("{}x{}", "{".repeat(100), "}".repeat(100));
        assert_eq!(text(&deep), format!("${deep}$"));
    }
}
