//! Markdown with Pandoc citations: the load stage's hot path.
//!
//! `cargo bench -p cited-site --bench markdown`. The input is the real article's body. The
//! baseline, `pulldown_cmark_only`, runs the same parser with the same options and nothing else,
//! so the ratio `document_parse / pulldown_cmark_only` is what citations, prose blocks, heading
//! ids and markers cost on top of parsing. `yaml.rs` measures the other half of loading.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use cited_site::Document;
use cited_site::FileId;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

/// The real article's body (front matter removed).
fn article() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../content/when-talk-therapy-doesnt-work.md");
    let text = std::fs::read_to_string(path).expect("the real article");
    let split = cited_site::split_front_matter(FileId(0), &text).expect("front matter");
    text[split.body_start..].to_owned()
}

/// Every event of the same parser and options, consumed and dropped: the floor.
#[divan::bench]
fn pulldown_cmark_only(bencher: Bencher) {
    let text = article();
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION
        | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES;
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| pulldown_cmark::Parser::new_ext(black_box(&text), options).count());
}

/// A page body parsed as `cited` loads it: citations, headings, links, prose blocks (the events
/// are looked at, not kept; rendering replays them).
#[divan::bench]
fn document_parse(bencher: Bencher) {
    let text = article();
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| Document::parse(FileId(0), 0, black_box(&text)));
}

/// The citation grammar alone, on the forms editors write.
#[divan::bench]
fn citation_grammar(bencher: Bencher) {
    let inputs = [
        "@cuijpers2021",
        "@a; @b, p. 4",
        "see @lambert2013, chap. 3, pp. 33-35; also @c, fig. 2",
        "-@vermani2011 [suffix]",
        "@x, sec. 4.2 and elsewhere",
    ];
    bencher
        .counter(divan::counter::ItemsCount::new(inputs.len()))
        .bench(|| {
            inputs
                .iter()
                .map(|i| cited_site::parse_citation(black_box(i)).is_ok())
                .filter(|ok| *ok)
                .count()
        });
}
