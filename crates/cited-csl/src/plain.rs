//! Rich text as plain text, for where no formatting can go: a page's JSON-LD, say.

use hayagriva::types::{ChunkKind, ChunkedString};

/// The text of a CSL-JSON rich-text string (`<i>E. coli</i> and “quotes”`) as the engine reads
/// it, without its formatting: tags the engine reads are dropped (anything else in angle
/// brackets is text, as it is to the engine), and quoted text gets typographic marks by depth
/// (`“…”` outside, `‘…’` inside), whatever marks it was written with.
pub fn plain_text(rich: &str) -> String {
    let chunks = ChunkedString::from_csl_rich_text(rich);
    let mut out = String::with_capacity(rich.len());
    // Outer and inner marks, taking turns by depth.
    const MARKS: [(char, char); 2] = [('“', '”'), ('‘', '’')];
    let mut depth = 0usize;
    for chunk in &chunks.0 {
        match chunk.kind {
            ChunkKind::QuoteOpen => {
                out.push(MARKS[depth % 2].0);
                depth += 1;
            }
            ChunkKind::QuoteClose => {
                depth = depth.saturating_sub(1);
                out.push(MARKS[depth % 2].1);
            }
            _ => out.push_str(&chunk.value),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn formatting_goes_and_text_stays() {
        assert_eq!(
            plain_text("<i>E. coli</i> in H<sub>2</sub>O"),
            "E. coli in H2O"
        );
        assert_eq!(
            plain_text("<span class=\"nocase\">iPhone</span> use"),
            "iPhone use"
        );
        // Angle brackets the engine does not read as a tag are text.
        assert_eq!(plain_text("p < 0.05 <script>"), "p < 0.05 <script>");
        assert_eq!(plain_text("Plain"), "Plain");
    }

    #[test]
    fn quotes_get_marks_by_depth() {
        assert_eq!(
            plain_text("Why \"talk 'works' here\" helps"),
            "Why “talk ‘works’ here” helps"
        );
        assert_eq!(plain_text("Don't"), "Don’t");
    }
}
