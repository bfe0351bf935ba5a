//! The wide shape: pages whose bibliographies are as long as a site's can be, for the cost of
//! formatting many distinct references at once.
//!
//! The first page cites every reference, in clusters of ten keys (an evidence summary or a
//! "sources" page: the worst case, one bibliography of all of them). The other pages split the
//! references into even, disjoint slices, and each cites its slice in clusters of ten (the
//! shape of a real site with long reviews). With `--pages 21 --refs 20000`: one page of 20,000
//! sources and twenty of 1,000. The claims state no figure (an evidential phrase makes each one
//! a claim), so no reference needs a finding for them.

use super::*;

/// Keys in each citation cluster.
pub const CLUSTER: usize = 10;
/// Clusters in each paragraph, between filler sentences.
const CLUSTERS_PER_PARAGRAPH: usize = 5;

/// The wide pages: the first cites every reference, the others an even slice each.
pub fn pages(count: usize, refs: &[Reference]) -> Vec<Page> {
    let others = count.saturating_sub(1);
    (0..count)
        .map(|i| {
            let keys: Vec<usize> = if i == 0 {
                (0..refs.len()).collect()
            } else {
                // Page i (from 1) takes the i-th of `others` even slices.
                let from = (i - 1) * refs.len() / others;
                let to = i * refs.len() / others;
                (from..to).collect()
            };
            page(i, refs, &keys)
        })
        .collect()
}

fn page(index: usize, refs: &[Reference], keys: &[usize]) -> Page {
    let mut rng = Rng::for_item(STREAM_PAGE, index as u64);
    let t = rng.pick(TOPICS);
    let mut u = rng.pick(TOPICS);
    while u == t {
        u = rng.pick(TOPICS);
    }
    let title = if index == 0 {
        format!("Every source on {t} and {u}")
    } else {
        fill(
            rng.pick(TITLE_FORMS),
            t,
            u,
            rng.pick(ADJECTIVES),
            rng.pick(PERSON),
        )
    };
    let description = format!(
        "Plain-language information about {t} and {u}, with a source for every factual claim."
    );
    let authors = vec![person(&mut rng)];
    let reviewers = vec![person(&mut rng)];
    let mut body = String::new();
    for (p, paragraph) in keys.chunks(CLUSTER * CLUSTERS_PER_PARAGRAPH).enumerate() {
        if p > 0 && p % 20 == 0 {
            let _ = write!(body, "## {}\n\n", cap(rng.pick(TOPICS)));
        }
        body.push_str(&filler(&mut rng));
        for cluster in paragraph.chunks(CLUSTER) {
            let ids: Vec<String> = cluster
                .iter()
                .map(|&k| format!("@{}", refs[k].id))
                .collect();
            let _ = write!(
                body,
                " {} [{}].",
                cap(&evidential_claim(&mut rng)),
                ids.join("; ")
            );
        }
        body.push_str("\n\n");
    }
    if body.is_empty() {
        body.push_str(&filler(&mut rng));
    }
    let body = body.trim_end().to_owned();
    Page {
        file_stem: format!("page-{:05}", index + 1),
        title,
        description,
        authors,
        reviewers,
        body,
    }
}
