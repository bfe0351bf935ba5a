//! The first step of a load: the walk over `content/` and `references/` that finds the site's
//! files, says what each is by its folder and extension, and reads them, in parallel and in
//! batches, parsing each page as it is read. It owns what can go wrong with a file before its
//! format is read: unreadable, not UTF-8, a control character (E0001), a symbolic link that
//! leads outside the site or to a folder, a page or library in a format cited does not read
//! (E0006). And it decides, as the pages' bytes add up, whether the load holds their texts and
//! prose ([`LoadOptions`]).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::{
    Code, Diagnostic, FileId, LoadOptions, Loaded, Page, ReadError, SourceFile, Span, io_words,
    load_page, read_text, source,
};

/// What a file of the site is, by its folder and extension.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Config,
    Page,
    Checklist,
    References,
}

impl Kind {
    /// Pages and checklists: the files that hold citations.
    fn is_content(&self) -> bool {
        matches!(self, Kind::Page | Kind::Checklist)
    }
}

/// Finds the site's files, reads them into `loaded.site.sources`, and says what each is; parses
/// the pages as it reads them.
pub(crate) fn discover(root: &Path, loaded: &mut Loaded, options: &LoadOptions) -> Discovered {
    let mut wanted: Vec<(String, PathBuf, Kind)> = Vec::new();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for (dir, is_references) in [("content", false), ("references", true)] {
        let base = root.join(dir);
        if !base.is_dir() {
            continue;
        }
        let mut entries: Vec<_> = walkdir::WalkDir::new(&base)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| match e {
                Ok(e) => Some(e),
                Err(err) => {
                    let path = err
                        .path()
                        .map(|p| source::relative_path(root, p))
                        .unwrap_or_default();
                    let why = err
                        .io_error()
                        .map_or_else(|| err.to_string(), io_words::io_in_words);
                    push_file_error(
                        loaded,
                        root,
                        &path,
                        &format!("cannot read: {why}"),
                        "check that it can be read (its permissions, or a disk that went away), or remove it from the site",
                    );
                    loaded.site.content_incomplete |= !is_references;
                    loaded.site.references_incomplete |= is_references;
                    None
                }
            })
            .filter(|e| !e.file_type().is_dir())
            .collect();
        entries.sort_by(|a, b| a.path().cmp(b.path()));
        for entry in entries {
            let path = entry.path();
            let rel = source::relative_path(root, path);
            let name = entry.file_name().to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            // walkdir does not follow a link to a folder: said, not skipped unseen.
            if entry.path_is_symlink() && path.is_dir() {
                push_file_error(
                    loaded,
                    root,
                    &rel,
                    "is a symbolic link to a folder, which cited does not follow",
                    "move the folder into the site in place of the link",
                );
                loaded.site.content_incomplete |= !is_references;
                loaded.site.references_incomplete |= is_references;
                continue;
            }
            let kind = match (is_references, ext.as_str()) {
                (false, "md") => Kind::Page,
                (false, "yaml" | "yml")
                    if rel == "content/site.yaml" || rel == "content/site.yml" =>
                {
                    Kind::Config
                }
                (false, "yaml" | "yml") => Kind::Checklist,
                (true, "yaml" | "yml" | "json" | "bib") => Kind::References,
                // Markdown under a name cited does not read as a page: it would vanish unseen.
                (false, "markdown" | "mdown" | "mkd" | "mkdn" | "mdx") => {
                    let id = loaded.site.sources.add(SourceFile::new(&rel, path, ""));
                    let stem = rel.rsplit_once('.').map_or(rel.as_str(), |(stem, _)| stem);
                    loaded.diagnostics.push(
                        Diagnostic::new(
                            Code::E0006,
                            Span::new(id, 0..0),
                            format!("`{rel}` is not read: pages are `.md` files"),
                        )
                        .with_hint(format!("rename it to `{stem}.md`")),
                    );
                    continue;
                }
                // A library in a format cited does not read: its sources would be "unknown".
                (true, "ris" | "nbib" | "enw" | "medline" | "rdf" | "xml") => {
                    let id = loaded.site.sources.add(SourceFile::new(&rel, path, ""));
                    loaded.diagnostics.push(
                        Diagnostic::new(
                            Code::E0006,
                            Span::new(id, 0..0),
                            format!("`{rel}` is not read: references are CSL-YAML (`.yaml`), CSL-JSON (`.json`) or BibTeX (`.bib`) files"),
                        )
                        .with_hint("export the sources as BibTeX or CSL JSON instead (Zotero imports a `.ris` or `.nbib` file and exports either)"),
                    );
                    loaded.site.references_incomplete = true;
                    continue;
                }
                _ => continue,
            };
            if entry.path_is_symlink() {
                match path.canonicalize() {
                    Ok(target) if target.starts_with(&canonical_root) => {}
                    _ => {
                        push_file_error(
                            loaded,
                            root,
                            &rel,
                            "is a symbolic link that leads outside the site (or nowhere)",
                            "copy the file into the site in place of the link",
                        );
                        loaded.site.content_incomplete |= kind.is_content();
                        loaded.site.references_incomplete |= kind == Kind::References;
                        continue;
                    }
                }
            }
            wanted.push((rel, path.to_path_buf(), kind));
        }
    }
    // Reading thousands of files is a good part of loading: read them in parallel, then number
    // them in the walk's (sorted) order, so file ids and output stay stable. Each file read
    // becomes one source (one that cannot be read, an empty one), so the file at `i` is
    // `FileId(first + i)`: a page is parsed as soon as it is read, under its id, and once the
    // pages read come to more than the load holds, no page's text or prose is held beyond its
    // parse. A batch at a time, so that at most a batch is held before that is known.
    let first = loaded.site.sources.len();
    // Made to size: a page is about a kilobyte and a half before its lists, so a list doubled
    // past the page count held the room of thousands more to the end of the build.
    let mut pages = Vec::with_capacity(wanted.iter().filter(|w| w.2 == Kind::Page).count());
    let mut page_errors = Vec::new();
    let mut page_bytes = 0usize;
    let mut holding = true;
    let mut found = Vec::with_capacity(wanted.len());
    for (batch_index, batch) in wanted.chunks(LOAD_BATCH).enumerate() {
        let batch_first = first + batch_index * LOAD_BATCH;
        let read: Vec<(FileRead, Option<Result<Page, Diagnostic>>)> = batch
            .par_iter()
            // A file at a time, so that no thread is left with the batch's last stretch alone.
            .with_max_len(1)
            .enumerate()
            .map(|(i, (rel, path, kind))| {
                let mut read = match read_text(path) {
                    Ok(text) => match control_character(&text) {
                        None => FileRead::Text(SourceFile::new(rel.as_str(), path, &text)),
                        Some((offset, c)) => FileRead::Lossy(
                            SourceFile::new(rel.as_str(), path, &text),
                            offset,
                            Unreadable::Control(c),
                        ),
                    },
                    Err(ReadError::NotUtf8 { text, offset }) => FileRead::Lossy(
                        SourceFile::new(rel.as_str(), path, &text),
                        offset,
                        Unreadable::NotUtf8,
                    ),
                    Err(err) => FileRead::Failed(err.to_string(), err.hint()),
                };
                let page = match (&mut read, kind) {
                    // A page that is not UTF-8 is not parsed: its E0001 is enough.
                    (FileRead::Text(file), Kind::Page) => {
                        let id = FileId(u32::try_from(batch_first + i).unwrap_or(u32::MAX));
                        let mut page = load_page(file, id);
                        if let Ok(page) = &mut page {
                            if !holding {
                                file.release();
                                let_go_of(page);
                            } else if !options.hold_texts {
                                file.release();
                                page.body.release_text();
                            }
                        }
                        Some(page)
                    }
                    _ => None,
                };
                (read, page)
            })
            .collect();
        for ((rel, _, kind), (read, page)) in batch.iter().zip(read) {
            if let (FileRead::Text(file), Kind::Page) = (&read, kind) {
                page_bytes += file.loaded_len();
            }
            let kind = *kind;
            match read {
                FileRead::Text(file) => {
                    let id = loaded.site.sources.add(file);
                    found.push((id, kind));
                }
                FileRead::Lossy(file, offset, why) => {
                    loaded.site.content_incomplete |= kind.is_content();
                    loaded.site.references_incomplete |= kind == Kind::References;
                    let id = loaded.site.sources.add(file);
                    loaded.diagnostics.push(match why {
                        Unreadable::NotUtf8 => Diagnostic::new(
                            Code::E0001,
                            Span::new(id, offset..offset + char::REPLACEMENT_CHARACTER.len_utf8()),
                            "file is not valid UTF-8",
                        )
                        .with_hint("save the file as UTF-8"),
                        Unreadable::Control(c) => Diagnostic::new(
                            Code::E0001,
                            Span::new(id, offset..offset + c.len_utf8()),
                            format!(
                                "the file holds {}, an invisible control character no text means",
                                control_name(c)
                            ),
                        )
                        .with_label("here")
                        .with_hint("delete it: most editors do not show it, so delete the character at this place, or retype the line"),
                    });
                }
                FileRead::Failed(message, hint) => {
                    loaded.site.content_incomplete |= kind.is_content();
                    loaded.site.references_incomplete |= kind == Kind::References;
                    push_file_error(loaded, root, rel, &message, hint);
                }
            }
            match page {
                Some(Ok(page)) => pages.push(page),
                Some(Err(d)) => page_errors.push(d),
                None => {}
            }
        }
        if holding && page_bytes > options.hold_pages_up_to {
            // Past what the load holds: the pages parsed so far let go too.
            holding = false;
            for page in &mut pages {
                loaded.site.sources.release(page.file);
                let_go_of(page);
            }
        }
    }
    Discovered {
        files: found,
        pages,
        page_errors,
    }
}

/// What [`discover`] found: every file read, with what it is, and the pages parsed, in the
/// walk's order.
pub(crate) struct Discovered {
    pub(crate) files: Vec<(FileId, Kind)>,
    pub(crate) pages: Vec<Page>,
    /// Why each page that could not be parsed could not, in the walk's order.
    pub(crate) page_errors: Vec<Diagnostic>,
}

/// Files read and parsed at once by the load, before it knows whether it holds the pages.
const LOAD_BATCH: usize = 1024;

/// What a load that does not hold its pages keeps of one, besides its file's length and hash
/// ([`SourceFile::release`]): not its body's share of the text, nor its prose, which is made
/// again when it is checked.
fn let_go_of(page: &mut Page) {
    page.body.release_text();
    page.body.defer_prose();
}

/// One file as read: its text, its text with bad bytes replaced (and where the first was), or why
/// it could not be read.
enum FileRead {
    Text(SourceFile),
    /// Read, but not to be parsed: the text, the byte offset of the fault, and what it is.
    Lossy(SourceFile, usize, Unreadable),
    Failed(String, &'static str),
}

/// Why a file read as text is not parsed.
enum Unreadable {
    /// A byte that is no UTF-8 (replaced in the text).
    NotUtf8,
    /// A control character no text means: a NUL, say, which Markdown would publish raw.
    Control(char),
}

/// The first control character in `text` that no text file means, with its byte offset: C0
/// controls and DEL other than the tab, line feed, carriage return and form feed.
pub(crate) fn control_character(text: &str) -> Option<(usize, char)> {
    // Bytes, not chars: every file is scanned, and a control character is one ASCII byte. A
    // pass without an early exit first, which the compiler vectorises (a search byte by byte
    // was 0.7 % of a dense site's build); the place is looked for only in a file that has one.
    let forbidden = |b: u8| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c);
    let bytes = text.as_bytes();
    if !bytes.iter().fold(false, |seen, &b| seen | forbidden(b)) {
        return None;
    }
    let at = bytes.iter().position(|&b| forbidden(b))?;
    Some((at, char::from(bytes[at])))
}

/// A control character's name, as an editor would look it up.
fn control_name(c: char) -> String {
    match c {
        '\0' => "a NUL (U+0000)".to_owned(),
        '\u{b}' => "a vertical tab (U+000B, a word processor's line break)".to_owned(),
        '\u{7f}' => "a DEL (U+007F)".to_owned(),
        c => format!("a control character (U+{:04X})", u32::from(c)),
    }
}

fn push_file_error(loaded: &mut Loaded, root: &Path, rel: &str, message: &str, hint: &str) {
    let id = loaded
        .site
        .sources
        .add(SourceFile::new(rel, root.join(rel), ""));
    loaded.diagnostics.push(
        Diagnostic::new(
            Code::E0001,
            Span::new(id, 0..0),
            format!("`{rel}` {message}"),
        )
        .with_hint(hint),
    );
}
