//! CSL-JSON rich text in titles (`<i>`, `<sub>`, `<sup>`, `<b>`, `<sc>`, `nocase`): formatting in
//! the engine, HTML through the escaping walker, as Pandoc prints it.

use super::*;

fn entry(style: &str, title: &str, kind: &str) -> String {
    let style = CitationStyle::bundled(style).unwrap();
    let mut item = json!({
            "type": kind,
            "title": title,
            "author": [{"family": "Rossi", "given": "Maria"}],
            "container-title": "Journal of Tests",
            "publisher": "Test Press",
            "volume": "12",
            "page": "44-50",
            "issued": {"date-parts": [[2018]]}
    });
    if kind == "book"
        && let Some(map) = item.as_object_mut()
    {
        for field in ["container-title", "volume", "page"] {
            map.remove(field);
        }
    }
    let refs = vec![("rossi2018".to_string(), item)];
    let site = format_site(&style, "en-US", &refs, &[vec![cite("rossi2018")]], false).unwrap();
    site.entries[0].body.html.clone()
}

#[test]
fn title_tags_are_formatting_and_title_case_goes_on_across_them() {
    let title = "Resistance of <i>E. coli</i> to drugs dissolved in H<sub>2</sub>O";
    assert_eq!(
        entry("chicago-author-date", title, "article-journal"),
        "Rossi, Maria. 2018. “Resistance of <i>E. Coli</i> to Drugs Dissolved in H<sub>2</sub>O.” <i>Journal of Tests</i> 12: 44–50."
    );
    assert_eq!(
        entry("harvard-cite-them-right", title, "article-journal"),
        "Rossi, M. (2018) “Resistance of <i>E. coli</i> to drugs dissolved in H<sub>2</sub>O,” <i>Journal of Tests</i>, 12, pp. 44–50."
    );
}

#[test]
fn italics_in_an_italic_title_are_upright_and_nocase_keeps_its_case() {
    // APA sets a book's title in italics: the species name inside flips back to roman.
    assert_eq!(
        entry("apa", "Growing <i>E. coli</i> at home", "book"),
        "Rossi, M. (2018). <i>Growing </i>E. coli<i> at home</i>. Test Press."
    );
    assert_eq!(
        entry(
            "chicago-author-date",
            "<span class=\"nocase\">mRNA</span> vaccines in <sc>Covid</sc> and <b>more</b><sup>1</sup>",
            "article-journal"
        ),
        "Rossi, Maria. 2018. “mRNA Vaccines in <span class=\"csl-sc\">Covid</span> and <b>More</b><sup>1</sup>.” <i>Journal of Tests</i> 12: 44–50."
    );
}

#[test]
fn other_angle_brackets_are_escaped_text() {
    assert_eq!(
        entry(
            "apa",
            "Doses <script>x</script> & p < 0.05",
            "article-journal"
        ),
        "Rossi, M. (2018). Doses &lt;script&gt;x&lt;/script&gt; &amp; p &lt; 0.05. <i>Journal of Tests</i>, <i>12</i>, 44–50."
    );
}
