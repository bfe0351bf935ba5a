//! Writing `references.lock` (the model and the reader are `cited_site::lock`, since `load` reads
//! it). The text is written by hand rather than by a serializer so that its layout is fixed:
//! entries in citation-key order, fields in one order, every string double-quoted (a JSON string
//! is a valid YAML scalar, so no value can break the layout).

use std::collections::BTreeMap;

use cited_site::{LOCK_FILE, LOCK_VERSION, LockEntry, LockedIdentifier, Notice, Status};

/// One entry to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `cited_site::fingerprint` of the reference.
    pub fingerprint: String,
    /// The day this result was first found (`YYYY-MM-DD`).
    pub checked: String,
    /// The overall status.
    pub status: Status,
    /// Each identifier looked up.
    pub identifiers: Vec<LockedIdentifier>,
    /// The work's notices, sorted.
    pub notices: Vec<Notice>,
}

impl Entry {
    /// The entry as it was read from the lock.
    pub fn from_loaded(entry: &LockEntry) -> Entry {
        Entry {
            fingerprint: entry.fingerprint.value.clone(),
            checked: entry.checked.value.clone(),
            status: entry.status.value,
            identifiers: entry.identifiers.clone(),
            notices: entry.notices.clone(),
        }
    }

    /// Whether two entries say the same thing, whenever each was found.
    pub fn same_result(&self, other: &Entry) -> bool {
        Entry {
            checked: String::new(),
            ..self.clone()
        } == Entry {
            checked: String::new(),
            ..other.clone()
        }
    }
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// The lock's text.
pub fn render(entries: &BTreeMap<String, Entry>) -> String {
    let mut out = format!(
        "# {LOCK_FILE}: what Crossref and PubMed said about each reference, written by `cited verify`.\n\
         # Do not edit it by hand: change the reference, then run `cited verify` again.\n\
         version: {LOCK_VERSION}\n"
    );
    if entries.is_empty() {
        out.push_str("references: {}\n");
        return out;
    }
    out.push_str("references:\n");
    for (key, e) in entries {
        out.push_str(&format!("  {}:\n", q(key)));
        out.push_str(&format!("    fingerprint: {}\n", q(&e.fingerprint)));
        out.push_str(&format!("    checked: {}\n", q(&e.checked)));
        out.push_str(&format!("    status: {}\n", e.status.as_str()));
        if e.identifiers.is_empty() {
            out.push_str("    identifiers: []\n");
        } else {
            out.push_str("    identifiers:\n");
            for id in &e.identifiers {
                out.push_str(&format!(
                    "      - kind: {}\n        id: {}\n        registry: {}\n        digest: {}\n        status: {}\n",
                    q(&id.kind),
                    q(&id.id),
                    q(&id.registry),
                    q(&id.digest),
                    id.status.as_str()
                ));
            }
        }
        if e.notices.is_empty() {
            out.push_str("    notices: []\n");
        } else {
            out.push_str("    notices:\n");
            for n in &e.notices {
                out.push_str(&format!("      - kind: {}\n", q(&n.kind)));
                for (name, value) in [
                    ("DOI", &n.doi),
                    ("PMID", &n.pmid),
                    ("date", &n.date),
                    ("source", &n.source),
                ] {
                    if let Some(v) = value {
                        out.push_str(&format!("        {name}: {}\n", q(v)));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use cited_site::FileId;

    #[test]
    fn the_written_lock_reads_back_the_same() {
        let mut entries = BTreeMap::new();
        entries.insert(
            "smith: \"2020\"".to_owned(),
            Entry {
                fingerprint: "sha256:ab".into(),
                checked: "2026-11-27".into(),
                status: Status::Retracted,
                identifiers: vec![LockedIdentifier {
                    kind: "DOI".into(),
                    id: "10.1/x#y".into(),
                    registry: "crossref".into(),
                    digest: "sha256:cd".into(),
                    status: Status::Retracted,
                }],
                notices: vec![Notice {
                    kind: "retraction".into(),
                    doi: Some("10.1/r".into()),
                    pmid: None,
                    date: Some("2021-05-01".into()),
                    source: Some("retraction-watch".into()),
                }],
            },
        );
        entries.insert(
            "jones2019".to_owned(),
            Entry {
                fingerprint: "sha256:ef".into(),
                checked: "2026-11-27".into(),
                status: Status::Ok,
                identifiers: Vec::new(),
                notices: Vec::new(),
            },
        );
        let text = render(&entries);
        let lock = cited_site::parse_lock(FileId(0), &text).unwrap();
        let back: BTreeMap<String, Entry> = lock
            .references
            .iter()
            .map(|(k, e)| (k.value.clone(), Entry::from_loaded(e)))
            .collect();
        assert_eq!(back, entries);
        assert!(
            text.find("jones2019").unwrap() < text.find("smith").unwrap(),
            "{text}"
        );
        let empty = render(&BTreeMap::new());
        assert!(
            cited_site::parse_lock(FileId(0), &empty)
                .unwrap()
                .references
                .is_empty()
        );
    }
}
