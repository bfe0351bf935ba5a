//! `cited verify` and `cited add`: the commands that ask Crossref and PubMed. The work is in the
//! `cited-verify` crate; this module reads the options, writes `references.lock` or the new
//! reference file, and prints.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use cited_verify::http::{Client, ClientOptions};
use cited_verify::{Endpoints, VerifyOptions};

use crate::report::Format;

/// The contact address sent to the registries: `--contact`, else `CITED_CONTACT`, else the
/// publisher's `mailto:` contact in `site.yaml`.
fn contact(flag: Option<String>, site: &cited_site::Site) -> Option<String> {
    flag.or_else(|| std::env::var("CITED_CONTACT").ok())
        .map(|c| c.trim().trim_start_matches("mailto:").to_owned())
        .filter(|c| !c.is_empty())
        .or_else(|| {
            site.config
                .as_ref()?
                .publisher
                .as_ref()?
                .contact
                .as_ref()?
                .value
                .strip_prefix("mailto:")
                .map(str::to_owned)
        })
}

fn client(root: &Path, contact: Option<&str>, endpoints: &Endpoints) -> Client {
    let mut options = ClientOptions::new(cited_verify::user_agent(contact));
    // Crossref's polite pool takes 10 requests a second; NCBI 3 without a key, 10 with one.
    options.min_interval = if endpoints.ncbi_api_key.is_some() {
        Duration::from_millis(100)
    } else {
        Duration::from_millis(340)
    };
    options.cache = Some((
        root.join(".cited-cache").join("registry.json"),
        Duration::from_secs(24 * 3600),
    ));
    Client::new(options)
}

/// Writes `text` to `path` through a temporary file beside it, so the file is never half written.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("lock.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// `cited verify`.
pub fn verify(
    common: &crate::Common,
    format: Format,
    contact_flag: Option<String>,
    today: jiff::civil::Date,
) -> ExitCode {
    let start = Instant::now();
    let root = &common.root;
    let loaded = cited_site::load(root);
    let site = loaded.site;
    let mut diagnostics = loaded.diagnostics;
    let endpoints = Endpoints::from_env();
    let contact = contact(contact_flag, &site);
    let client = client(root, contact.as_deref(), &endpoints);
    let options = VerifyOptions {
        today,
        endpoints,
        contact,
        keep_unknown: !diagnostics.is_empty(),
    };
    let outcome = cited_verify::verify(&site, &client, &options);
    client.save_cache();
    diagnostics.extend(outcome.diagnostics);
    cited_site::sort_diagnostics(&mut diagnostics);
    crate::print_diagnostics(&diagnostics, &site, format, common.max_diagnostics);
    let path = root.join(cited_site::LOCK_FILE);
    let before = std::fs::read_to_string(&path).ok();
    // A site with nothing to verify gets no lock; one that has a lock keeps it current.
    let changed = before.as_deref() != Some(outcome.lock_text.as_str())
        && (before.is_some() || outcome.summary.verifiable > 0);
    if changed && let Err(err) = write_atomically(&path, &outcome.lock_text) {
        eprintln!(
            "error: cannot write {}: {}",
            path.display(),
            cited_site::io_in_words(&err)
        );
        return ExitCode::from(2);
    }
    let failed = cited_driver::fails(&diagnostics, common.deny_warnings);
    if !common.quiet && format == Format::Human {
        let s = &outcome.summary;
        eprintln!(
            "verified {} of {} references with a DOI, PMID or PMCID ({} requests, the rest cached); {} {}: {} in {} ms",
            s.verified,
            s.verifiable,
            s.requests,
            cited_site::LOCK_FILE,
            if changed { "updated" } else { "unchanged" },
            crate::summary(&diagnostics),
            start.elapsed().as_millis()
        );
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `cited add DOI-or-PMID`.
pub fn add(root: &Path, id: &str, contact_flag: Option<String>) -> ExitCode {
    let Some(identifier) = cited_verify::Identifier::parse(id) else {
        eprintln!(
            "error: `{id}` is not a DOI (10.xxxx/...), a PMID (digits) or a PMCID (PMC and digits)"
        );
        return ExitCode::from(2);
    };
    let site = cited_site::load(root).site;
    let endpoints = Endpoints::from_env();
    let contact = contact(contact_flag, &site);
    let client = client(root, contact.as_deref(), &endpoints);
    let prepared = cited_verify::prepare_reference(
        &site,
        &identifier,
        &client,
        &endpoints,
        contact.as_deref(),
    );
    client.save_cache();
    let new = match prepared {
        Ok(new) => new,
        Err(err) => {
            eprintln!("error: {}\n  = help: {}", err.message, err.hint);
            // A registry out of reach is an I/O error (2); an identifier it does not know, 1.
            return ExitCode::from(if err.unreachable { 2 } else { 1 });
        }
    };
    // What is written must be a reference cited reads; anything else is a bug, not the editor's.
    if let Err(problems) =
        cited_site::parse_reference_file(cited_site::FileId(0), &new.path, &new.text)
    {
        eprintln!(
            "error: the registry's record did not make a valid reference ({}); nothing was written",
            problems
                .first()
                .map_or_else(String::new, |d| d.message.clone())
        );
        return ExitCode::from(1);
    }
    let path = root.join(&new.path);
    let written = std::fs::create_dir_all(root.join("references")).and_then(|()| {
        use std::io::Write;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(new.text.as_bytes()))
    });
    if let Err(err) = written {
        eprintln!(
            "error: cannot write {}: {}",
            path.display(),
            cited_site::io_in_words(&err)
        );
        return ExitCode::from(2);
    }
    eprintln!(
        "added {} (cite it as [@{}]); add the excerpts your text quotes under `findings:`, then run `cited verify`",
        new.path, new.key
    );
    ExitCode::SUCCESS
}
