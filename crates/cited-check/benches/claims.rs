//! Claim detection: the check stage's hot path (nine tenths of a large site's check).
//!
//! `cargo bench -p cited-check --bench claims`. Inputs come from the real site. The baseline,
//! `scan_text_only`, reads the same prose once and counts full stops: the floor any sentence
//! splitter pays. `split_sentences`, `find_triggers` and `whole_claim_rules` then show what
//! splitting, trigger detection, and the full rules with figure matching cost on top of it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use cited_check::claims::{self, Triggers};
use cited_site::Site;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

fn real_site() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let loaded = cited_site::load(&root);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.site
}

/// Every sentence's text, as the rules see it.
fn sentences(site: &Site) -> Vec<String> {
    site.documents()
        .flat_map(|doc| {
            doc.blocks()
                .flat_map(move |b| claims::sentences_in(doc, &b))
        })
        .map(|s| s.text)
        .collect()
}

#[divan::bench]
fn scan_text_only(bencher: Bencher) {
    let site = real_site();
    let texts: Vec<&str> = site
        .documents()
        .flat_map(|d| d.blocks().flat_map(|b| b.pieces).map(move |p| (d, p)))
        .filter_map(|(d, p)| d.piece_text(p))
        .collect();
    bencher.bench(|| {
        texts
            .iter()
            .map(|t| black_box(t).bytes().filter(|b| *b == b'.').count())
            .sum::<usize>()
    });
}

#[divan::bench]
fn split_sentences(bencher: Bencher) {
    let site = real_site();
    bencher.bench(|| {
        site.documents()
            .flat_map(|doc| doc.blocks().map(move |b| (doc, b)))
            .map(|(doc, b)| claims::sentences_in(black_box(doc), &b).len())
            .sum::<usize>()
    });
}

#[divan::bench]
fn find_triggers(bencher: Bencher) {
    let site = real_site();
    let texts = sentences(&site);
    let triggers = Triggers::new(true, None, &[]);
    bencher
        .counter(divan::counter::ItemsCount::new(texts.len()))
        .bench(|| {
            texts
                .iter()
                .filter(|t| triggers.trigger(black_box(t)).is_some())
                .count()
        });
}

#[divan::bench]
fn whole_claim_rules(bencher: Bencher) {
    let site = real_site();
    bencher.bench(|| {
        let mut out = Vec::new();
        let evidence = cited_check::claim_rules(black_box(&site), &mut out);
        (out.len(), evidence.claims.len())
    });
}
