//! Project automation for cited, run as `cargo xtask <command>` (or
//! `cargo run --manifest-path xtask/Cargo.toml -- <command>`).
//!
//! Commands:
//! - `corpus --pages N --refs R --out DIR [--flavor cited|hugo|zola|all] [--shape typical|dense|wide]`:
//!   write a deterministic synthetic site (see [`corpus`]) for the benchmarks in `bench/run`.

mod corpus;
mod rng;
mod words;

use corpus::{Flavor, Shape};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask corpus --pages N --refs R --out DIR [--flavor cited|hugo|zola|all]
                           [--shape typical|dense|wide]

  corpus   write a deterministic synthetic site: DIR/cited (the cited source format),
           DIR/hugo and DIR/zola (the same pages for Hugo and Zola). Same arguments,
           byte-identical files. Every reference is cited when 7 * N >= R.
           --shape dense: about 14 citation clusters a page instead of about 7 sources
           (two sources each; every third one source with a figure and a page locator).
           --shape wide: long bibliographies, in clusters of ten sources: page 1 cites
           every reference, the other pages an even slice each (--pages 21 --refs 20000:
           one page of 20,000 sources and twenty of 1,000).
";

struct CorpusArgs {
    pages: usize,
    refs: usize,
    out: PathBuf,
    flavors: Vec<Flavor>,
    shape: Shape,
}

fn parse_corpus(args: &[String]) -> Result<CorpusArgs, String> {
    let (mut pages, mut refs, mut out, mut flavors) = (None, None, None, Flavor::ALL.to_vec());
    let mut shape = Shape::Typical;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or(format!("{name} needs a value"))
        };
        let number = |v: String| {
            v.parse::<usize>()
                .map_err(|_| format!("{name}: not a whole number: {v:?}"))
        };
        match name {
            "--pages" => pages = Some(number(value()?)?),
            "--refs" => refs = Some(number(value()?)?),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--flavor" => {
                flavors = match value()?.as_str() {
                    "cited" => vec![Flavor::Cited],
                    "hugo" => vec![Flavor::Hugo],
                    "zola" => vec![Flavor::Zola],
                    "all" => Flavor::ALL.to_vec(),
                    other => {
                        return Err(format!(
                            "--flavor: expected cited, hugo, zola or all, got {other:?}"
                        ));
                    }
                }
            }
            "--shape" => {
                shape = match value()?.as_str() {
                    "typical" => Shape::Typical,
                    "dense" => Shape::Dense,
                    "wide" => Shape::Wide,
                    other => {
                        return Err(format!(
                            "--shape: expected typical, dense or wide, got {other:?}"
                        ));
                    }
                }
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let refs = refs.ok_or("--refs is required")?;
    if refs == 0 {
        return Err("--refs must be at least 1 (claims need something to cite)".to_owned());
    }
    Ok(CorpusArgs {
        pages: pages.ok_or("--pages is required")?,
        refs,
        out: out.ok_or("--out is required")?,
        flavors,
        shape,
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("corpus") => {
            let a = match parse_corpus(&args[1..]) {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("error: {e}\n\n{USAGE}");
                    return ExitCode::from(2);
                }
            };
            let corpus = corpus::generate_shaped(a.pages, a.refs, a.shape);
            if let Err(e) = corpus::write(&corpus, &a.out, &a.flavors) {
                eprintln!("error: writing the corpus to {}: {e}", a.out.display());
                return ExitCode::FAILURE;
            }
            let names: Vec<&str> = a.flavors.iter().map(|f| f.dir_name()).collect();
            eprintln!(
                "wrote {} pages, {} references, {} checklists to {} ({})",
                a.pages,
                a.refs,
                corpus.checklists.len(),
                a.out.display(),
                names.join(", ")
            );
            ExitCode::SUCCESS
        }
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
