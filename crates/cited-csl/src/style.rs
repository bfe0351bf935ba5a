//! A CSL style ready to format with: loading (bundled or independent CSL 1.0 XML) and the few
//! questions the formatter asks of it.

use crate::{CslError, Subject};
use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::{CitationFormat, IndependentStyle, Style, StyleCategory};

/// A citation style ready to format with.
#[derive(Debug, Clone)]
pub struct CitationStyle {
    pub(crate) style: IndependentStyle,
    /// Citations can depend on earlier ones (note styles, ibid); see [`depends_on_position`].
    pub(crate) position_dependent: bool,
}

impl CitationStyle {
    fn new(style: IndependentStyle) -> Self {
        let position_dependent = depends_on_position(&style);
        CitationStyle {
            style,
            position_dependent,
        }
    }

    /// A style bundled with hayagriva, by name: "american-medical-association", "apa",
    /// "nature", ... (see [`CitationStyle::bundled_names`]).
    pub fn bundled(name: &str) -> Option<CitationStyle> {
        let archived = ArchivedStyle::by_name(name)?;
        match archived.get() {
            Style::Independent(style) => Some(CitationStyle::new(style)),
            Style::Dependent(_) => None,
        }
    }

    /// Names of all bundled styles (for "did you mean" hints), sorted, including aliases
    /// such as "apa" and "ieee".
    pub fn bundled_names() -> Vec<&'static str> {
        let mut names: Vec<&'static str> = ArchivedStyle::all()
            .iter()
            .flat_map(|s| s.names().iter().copied())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// An independent CSL style from its XML text. Dependent styles are an error.
    ///
    /// The style is checked before use: nesting depth, undefined and self-calling macros, and
    /// how much work its macros expand to (see the `validate` module).
    pub fn from_csl_xml(xml: &str) -> Result<CitationStyle, CslError> {
        crate::validate::check_depth(xml)?;
        match Style::from_xml(xml) {
            Ok(Style::Independent(style)) => {
                crate::validate::check_macros(&style, xml)?;
                Ok(CitationStyle::new(style))
            }
            Ok(Style::Dependent(dep)) => {
                let parent = dep.parent_link.href.clone();
                let hint = ArchivedStyle::by_id(&parent)
                    .and_then(|s| s.names().first().copied())
                    .map(|n| format!("; its parent is bundled, use style \"{n}\""))
                    .unwrap_or_default();
                Err(CslError::new(
                    Subject::Style { offset: None },
                    format!(
                        "\"{}\" is a dependent CSL style (it only points to its parent {parent}); \
                     an independent style is needed{hint}",
                        dep.info.title.value
                    ),
                ))
            }
            Err(err) => {
                let (offset, message) = crate::xml_error::describe(xml, &err);
                Err(CslError::new(Subject::Style { offset }, message))
            }
        }
    }

    /// Whether the style sorts its bibliography by the works themselves (author, date,
    /// title...) rather than leaving it in citation order (as numeric styles do, with no sort or
    /// a sort by `citation-number`).
    pub fn sorts_bibliography(&self) -> bool {
        use hayagriva::citationberg::SortKey;
        use hayagriva::citationberg::taxonomy::{NumberVariable, Variable};
        self.style
            .bibliography
            .as_ref()
            .and_then(|b| b.sort.as_ref())
            .is_some_and(|sort| {
                sort.keys.iter().any(|k| {
                    !matches!(
                        k,
                        SortKey::Variable {
                            variable: Variable::Number(NumberVariable::CitationNumber),
                            ..
                        }
                    )
                })
            })
    }

    /// Whether the style has a bibliography at all (some note styles have none).
    pub fn has_bibliography(&self) -> bool {
        self.style.bibliography.is_some()
    }

    /// Whether the style puts citations in notes (Chicago notes).
    pub fn is_note_style(&self) -> bool {
        self.style.settings.class == hayagriva::citationberg::StyleClass::Note
    }

    /// true for numeric styles (AMA, Vancouver...), false for author-date (APA).
    pub fn is_numeric(&self) -> bool {
        let mut declared = None;
        for cat in &self.style.info.category {
            if let StyleCategory::CitationFormat { format } = cat {
                declared = Some(*format == CitationFormat::Numeric);
            }
        }
        declared.unwrap_or_else(|| {
            // No category declared: numeric if the citation shows the citation number.
            self.style
                .citation
                .layout
                .find_variable_element(
                    hayagriva::citationberg::taxonomy::Variable::Number(
                        hayagriva::citationberg::taxonomy::NumberVariable::CitationNumber,
                    ),
                    &self.style.macros,
                )
                .is_some()
        })
    }

    /// The style's title, e.g. "AMA Manual of Style 11th edition".
    pub fn title(&self) -> &str {
        &self.style.info.title.value
    }
}

/// Whether any element of the style (layouts and macros, through groups and
/// conditionals) satisfies `pred`.
pub(crate) fn style_has(
    style: &IndependentStyle,
    pred: &dyn Fn(&hayagriva::citationberg::LayoutRenderingElement) -> bool,
) -> bool {
    use hayagriva::citationberg::LayoutRenderingElement as E;
    fn any(elems: &[E], pred: &dyn Fn(&E) -> bool, depth: usize) -> bool {
        depth < 64 && elems.iter().any(|e| one(e, pred, depth))
    }
    fn one(e: &E, pred: &dyn Fn(&E) -> bool, depth: usize) -> bool {
        pred(e)
            || match e {
                E::Group(g) => any(&g.children, pred, depth + 1),
                E::Choose(c) => {
                    c.branches().any(|b| any(&b.children, pred, depth + 1))
                        || c.otherwise
                            .as_ref()
                            .is_some_and(|o| any(&o.children, pred, depth + 1))
                }
                E::Text(_) | E::Date(_) | E::Number(_) | E::Names(_) | E::Label(_) => false,
            }
    }
    // Macros are scanned directly rather than followed from `cs:text macro=...`.
    any(&style.citation.layout.elements, pred, 0)
        || style
            .bibliography
            .as_ref()
            .is_some_and(|b| any(&b.layout.elements, pred, 0))
        || style.macros.iter().any(|m| any(&m.children, pred, 0))
}

/// Whether a citation's output can depend on earlier citations (ibid, subsequent,
/// note numbers) rather than only on its own content.
pub(crate) fn depends_on_position(style: &IndependentStyle) -> bool {
    use hayagriva::citationberg::{LayoutRenderingElement as E, StyleClass};
    style.settings.class == StyleClass::Note
        || style_has(
            style,
            &|e| matches!(e, E::Choose(c) if c.branches().any(|b| b.position.is_some())),
        )
}
