use super::serialise::files;
use super::*;

/// The keys of every `[@...]` citation in `s`, and `s` with the citations removed.
fn split_citations(s: &str) -> (Vec<String>, String) {
    let mut keys = Vec::new();
    let mut prose = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("[@") {
        prose.push_str(&rest[..start]);
        let Some(len) = rest[start..].find(']') else {
            break;
        };
        for part in rest[start + 1..start + len].split(';') {
            let key = part.trim().trim_start_matches('@');
            keys.push(key.split(',').next().unwrap_or_default().trim().to_owned());
        }
        rest = &rest[start + len + 1..];
    }
    prose.push_str(rest);
    (keys, prose)
}

/// Figures in prose: runs of digits with inner `.` or `,`.
fn figures(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let inner = (c == '.' || c == ',')
            && !cur.is_empty()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if c.is_ascii_digit() || inner {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A simple stand-in for the cited claim rule, over every prose sentence of the corpus.
fn check_sentence(corpus: &Corpus, sentence: &str) {
    let (keys, prose) = split_citations(sentence);
    let lower = prose.to_lowercase();
    let evidential = EVIDENTIAL.iter().any(|e| lower.contains(e));
    let figs = figures(&prose);
    if keys.is_empty() {
        assert!(
            !evidential && figs.is_empty(),
            "uncited claim: {sentence:?}"
        );
        return;
    }
    for fig in figs {
        let backed = keys.iter().any(|k| {
            let r = corpus
                .refs
                .iter()
                .find(|r| &r.id == k)
                .expect("cited key exists");
            r.findings.iter().any(|f| f.text.contains(&fig))
        });
        assert!(
            backed,
            "figure {fig} not in the findings of {keys:?}: {sentence:?}"
        );
    }
}

/// Sentences of a paragraph, split on ". " outside citations.
fn sentences(par: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    let chars: Vec<char> = par.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '.' if depth == 0 && chars.get(i + 1).is_none_or(|n| n.is_whitespace()) => {
                out.push(std::mem::take(&mut cur).trim().to_owned());
            }
            _ => {}
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_owned());
    }
    out
}

#[test]
fn every_sentence_passes_the_claim_rule() {
    let corpus = generate(200, 300);
    for page in &corpus.pages {
        let mut in_fence = false;
        for line in page.body.lines() {
            if line.starts_with("```") {
                in_fence = !in_fence;
                continue;
            }
            if in_fence || line.starts_with("|---") {
                continue;
            }
            let text = line.trim_start_matches("## ").trim_start_matches("- ");
            for cell in text.split('|') {
                for s in sentences(cell) {
                    check_sentence(&corpus, &s);
                }
            }
        }
    }
    for c in &corpus.checklists {
        for text in [&c.title, &c.intro]
            .into_iter()
            .chain(c.items.iter().flat_map(|i| [&i.label, &i.detail]))
        {
            for s in sentences(text) {
                check_sentence(&corpus, &s);
            }
        }
        for (_, text) in &c.guidance {
            for s in sentences(text) {
                check_sentence(&corpus, &s);
            }
        }
    }
}

#[test]
fn every_reference_is_cited_when_pages_times_seven_reach_refs() {
    for (pages, refs) in [(100, 700), (286, 2000), (3, 21), (1, 2)] {
        let corpus = generate(pages, refs);
        let mut cited = vec![false; refs];
        for p in &corpus.pages {
            let (keys, _) = split_citations(&p.body);
            for k in keys {
                let n: usize = k.trim_start_matches("ref").parse().expect("ref key");
                cited[n - 1] = true;
            }
        }
        assert!(
            cited.iter().all(|&c| c),
            "{pages} pages, {refs} refs: some reference never cited"
        );
    }
}

#[test]
fn pages_have_five_to_ten_citations_and_about_600_words() {
    let corpus = generate(300, 2000);
    for p in &corpus.pages {
        let n = p.body.matches("[@").count();
        assert!((5..=10).contains(&n), "{} has {n} citations", p.file_stem);
        let w = words(&p.body);
        assert!((600..=700).contains(&w), "{} has {w} words", p.file_stem);
        assert!(p.body.contains("\n- **") && p.body.contains("|---|") && p.body.contains("\n## "));
    }
    let all: String = corpus.pages.iter().map(|p| p.body.as_str()).collect();
    assert!(all.contains(", p. ") && all.contains("; @"));
}

#[test]
fn dense_pages_have_about_fourteen_clusters_and_pass_the_claim_rule() {
    let corpus = generate_shaped(200, 2000, Shape::Dense);
    for p in &corpus.pages {
        let n = p.body.matches("[@").count();
        assert!((13..=15).contains(&n), "{} has {n} clusters", p.file_stem);
        let pairs = p.body.matches("; @").count();
        let located = p.body.matches(", p. ").count();
        assert!(pairs * 3 >= n && located * 4 >= n, "{}", p.file_stem);
        let w = words(&p.body);
        assert!((600..=780).contains(&w), "{} has {w} words", p.file_stem);
        for line in p.body.lines().filter(|l| l.contains("[@")) {
            for s in sentences(line.trim_start_matches("- ")) {
                check_sentence(&corpus, &s);
            }
        }
    }
}

#[test]
fn wide_pages_cite_everything_once_on_the_first_page_and_in_even_slices_after() {
    let corpus = generate_shaped(5, 203, Shape::Wide);
    assert!(corpus.checklists.is_empty());
    let keys = |p: &Page| -> Vec<String> {
        p.body
            .split(['[', ';', ']'])
            .filter_map(|k| k.trim().strip_prefix('@'))
            .map(str::to_owned)
            .collect()
    };
    let all: Vec<String> = corpus.refs.iter().map(|r| r.id.clone()).collect();
    assert_eq!(keys(&corpus.pages[0]), all);
    let slices: Vec<Vec<String>> = corpus.pages[1..].iter().map(keys).collect();
    assert_eq!(slices.concat(), all);
    for s in &slices {
        assert!((50..=51).contains(&s.len()), "a slice of {}", s.len());
    }
    for p in &corpus.pages {
        for cluster in p.body.split('[').skip(1) {
            let n = cluster.split(']').next().unwrap_or("").matches('@').count();
            assert!(
                (1..=10).contains(&n),
                "{} has a cluster of {n}",
                p.file_stem
            );
        }
    }
}

#[test]
fn same_arguments_same_bytes() {
    let a = generate(50, 120);
    let b = generate(50, 120);
    for flavor in Flavor::ALL {
        assert_eq!(files(&a, flavor), files(&b, flavor));
    }
}

#[test]
fn front_matter_is_fenced() {
    let corpus = generate(5, 40);
    for (flavor, fence) in [
        (Flavor::Cited, "---\n"),
        (Flavor::Hugo, "---\n"),
        (Flavor::Zola, "+++\n"),
    ] {
        for p in &corpus.pages {
            let md = p.to_markdown(flavor);
            assert!(md.starts_with(fence));
            let rest = &md[fence.len()..];
            let end = rest.find(&format!("\n{fence}")).expect("closing fence");
            assert!(!rest[..end].is_empty());
        }
    }
}

#[test]
fn guidance_covers_every_count_once() {
    let corpus = generate(3, 30);
    assert_eq!(corpus.checklists.len(), CHECKLISTS);
    for c in &corpus.checklists {
        let mut seen = vec![0; c.items.len() + 1];
        for (when, _) in &c.guidance {
            let (lo, hi) = match when.split_once('-') {
                Some((a, b)) => (
                    a.parse::<usize>().expect("lo"),
                    b.parse::<usize>().expect("hi"),
                ),
                None => {
                    let n = when.parse::<usize>().expect("n");
                    (n, n)
                }
            };
            for count in &mut seen[lo..=hi] {
                *count += 1;
            }
        }
        assert!(seen.iter().all(|&s| s == 1), "{}: {seen:?}", c.id);
    }
}
