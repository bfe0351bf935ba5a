//! The rule codes: every diagnostic's stable code, its default severity, a one-line summary and
//! the explanation `cited explain CODE` prints. One enum, so no emission site spells a code as a
//! string and no code can exist without its explanation.

use super::Severity;
use Severity::{Error, Warning};

/// Declares [`Code`] and its tables from one list, so a variant cannot lack a severity, a summary
/// or an explanation.
macro_rules! codes {
    ($($code:ident: $severity:ident, $summary:literal, $explanation:literal;)*) => {
        /// A stable rule code, such as `E0301`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = $summary]
                $code,
            )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$code),*];

            /// The code as printed: `E0301`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }

            /// The severity unless `site.yaml` overrides it.
            pub const fn default_severity(self) -> Severity {
                match self {
                    $(Code::$code => $severity,)*
                }
            }

            /// One line: what the rule finds.
            pub const fn summary(self) -> &'static str {
                match self {
                    $(Code::$code => $summary,)*
                }
            }

            /// What it means and how to fix it.
            pub const fn explanation(self) -> &'static str {
                match self {
                    $(Code::$code => $explanation,)*
                }
            }
        }
    };
}

impl Code {
    /// Whether `site.yaml` may change this code's severity. The rules that keep script and
    /// hijacked anchors out of pages cannot be turned down: a page that fails them is unsafe to
    /// publish, whatever a site's policy says.
    pub const fn can_be_overridden(self) -> bool {
        !matches!(self, Code::E0402 | Code::E0403 | Code::E0404)
    }

    /// The code written as `text` (`E0301`, or `e0301`).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(text))
    }

    /// The code `text` was likely meant to be, for a did-you-mean: the same number written
    /// short or without its `E` (`302`, `E302`, `e0302` for `E0302`), else the code nearest in
    /// spelling.
    pub fn nearest(text: &str) -> Option<Code> {
        let digits = text.trim().trim_start_matches(['E', 'e']);
        let by_number = digits
            .parse::<u16>()
            .ok()
            .filter(|_| digits.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| Code::parse(&format!("E{n:04}")));
        by_number.or_else(|| {
            crate::did_you_mean(text, Code::ALL.iter().map(|c| c.as_str())).and_then(Code::parse)
        })
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

codes! {
    E0001: Error,
        "a file cannot be read",
        "A file of the site could not be read: it is missing, too large (over 10 MiB), not UTF-8, holding a control character no text means (a NUL, a vertical tab: invisible in most editors, and Markdown would publish it raw), a symbolic link that leads outside the site, or a symbolic link to a folder (which cited does not follow). Save it as UTF-8 text inside the site folder. A page is also refused when it holds more than cited can check or publish in one page, each a bound on the memory a build takes: more than 400,000 lines and table cells, 1,000,000 Markdown marks (brackets, `*`, `_`, backticks, quotes and the like), 100,000 paragraphs, list items and table cells, 1,000 figures in one sentence, 200 sources cited by one claim (in its sentence, a paragraph of citations after it, or its notes), or 100,000 cited sources (a page with the checklists it embeds counted together, and a checklist over all its fields), or HTML of more than 64 MiB before its template adds to it (the references page's too, which links back to the citations of the pages citing each source: the page that cites most is named). A long review cites a few hundred sources. Split it into several pages.";
    E0002: Error,
        "YAML does not parse",
        "A YAML file (or a page's front matter) is not valid YAML: an unclosed quote, a bad indent, a duplicate key, or too many aliases. The caret shows where the parser stopped. Quote values that contain `: ` or start with a special character.";
    E0003: Error,
        "unknown field",
        "A field name is not one cited knows. It is usually a typo (`titel` for `title`); the hint suggests the closest name. In a reference, field names are case-insensitive (`doi` is `DOI`) and a field no CSL processor reads (Zotero's `seeAlso`) is only a warning and is left out, as Pandoc ignores it. A name another format gives a CSL field (BibTeX's `journal`, `year`, `pages`, `address`) is an error: Pandoc ignores it too, so the journal, year or pages would be missing from the entry. The hint names the CSL field (`container-title`, `issued`, `page`, `publisher-place`).";
    E0004: Error,
        "a value has the wrong shape",
        "A field holds the wrong kind of value (a list where text is expected, text where a list is expected), a required field is missing, a title holds an invisible control character (a right-to-left override, a direction mark, a control code), a text readers must see is blank (the site's title, the crisis notice's text, a checklist's title, an item's label, a guidance's text), or a `site.yaml` address has the wrong form (`base_url` must be an absolute http or https URL with a host and no query or fragment). A `base_url` on this computer (`http://localhost:4000/`) is a warning: the published site's canonical links, sitemap and feed would send readers to their own machine. The message says what was expected.";
    E0005: Error,
        "a page has no front matter",
        "Every page starts with YAML front matter between two `---` lines, holding at least `title:`.";
    E0006: Error,
        "a file is in a form cited does not read",
        "Pages are read from `.md` files under `content/`. A file there with another Markdown extension (`.markdown`, `.mdown`, `.mkd`, `.mkdn`, `.mdx`) is not read, so it would not be published and its claims not checked. Rename it to end in `.md`. References are read from CSL-YAML (`.yaml`, `.yml`), CSL-JSON (`.json`) and BibTeX or BibLaTeX (`.bib`) files under `references/`; a library in another format (RIS `.ris`, PubMed's `.nbib`, EndNote's `.enw` or XML, Zotero RDF) is not read, so its sources would be unknown. Export them as BibTeX or CSL JSON (Zotero imports the other formats and exports either).";
    E0007: Error,
        "a page's slug cannot be a URL",
        "A page's URL segment (its `slug:`, or else its file name) must be lowercase letters, digits and `-`, and not one of the names cited uses itself (`assets`, `checklists`, `references`, `about`, `404`) or a device name Windows reserves (`con`, `nul`, …).";
    E0008: Error,
        "two pages share a URL",
        "Two pages would be written to the same folder. Give one a different `slug:`.";
    E0009: Error,
        "the citation style cannot be used",
        "`citation_style` must name a bundled style (such as `american-medical-association` or `apa`) or an independent `.csl` file inside the site, by its path from the site's folder (the one that holds `content/`): `styles/house.csl`, or `content/house.csl` for a style kept beside the pages. Dependent styles are not supported: use the independent style they point to. A `.csl` file is checked before use, and the caret shows the place: an element or attribute CSL does not have (a misspelt variable such as `publiser`), an element left empty, a macro it calls but does not define, a macro that calls itself (directly or through others), elements nested too deep, or macros that call each other so many times over that formatting would take too long.";
    E0010: Error,
        "a BibTeX file does not parse",
        "A `.bib` file under `references/` is not valid BibTeX or BibLaTeX: a brace or comma is missing, an `@string` abbreviation is used before it is defined, a LaTeX command is not closed, or a `crossref` names no entry of the file. The caret shows where the parser stopped; nothing of the file is read until it parses. Each entry is `@type{key, field = {value}, ...}`.";
    E0011: Error,
        "the theme's words are not in the site's language",
        "The theme prints words of its own around the site's text: the skip link, \"References\", \"Last reviewed\", the checklist's buttons, the about page. cited has them in English, French, Spanish and German, and picks them by the first part of `language:` (`fr-CA` gets the French). For another language, those words would be published in English inside pages marked with that language, and screen readers would pronounce them as that language (WCAG 3.1.2, Language of Parts). Give every word under `words:` in `site.yaml` (below, in English; a word in braces such as `{n}` is filled in and stays), and write `crisis:` and `disclaimer:` in that language, since cited's own are in English. `words:` also changes single words of a bundled language (`guides: \"Health A to Z\"`).";
    E0101: Error,
        "citation key has no reference",
        "A citation `[@key]` names a key that no file under `references/` defines. Check the spelling, or add the reference (one file per source, CSL-YAML under `references:`, or a CSL-JSON export from Zotero).";
    E0102: Error,
        "a link definition hides a citation",
        "A markdown link definition such as `[@key]: https://...` turns every `[@key]` into an ordinary link, so the citation silently disappears. Remove the definition.";
    E0103: Error,
        "malformed citation",
        "Bracketed text with an `@` looks like a citation but does not parse. Write `[@key]`, `[@a; @b]`, `[see @key, p. 4]` or `[-@key]`. A full-width `＠` (as some keyboards and input methods type it) makes no citation either: type the plain `@`. Braces or parentheses around a citation (`{@key}`, LaTeX's habit, or `(@key)`) are printed around the author's name and the style's citation, `(Hansen (2002))`: write `[@key]`. LaTeX's own `\\cite{key}` is text to Markdown, so its sentence cites nothing (E0301, whose hint gives the citation to write).";
    E0104: Warning,
        "bracketed text names a reference without `@`",
        "Text in brackets such as `[smith2020]` or `[see smith2020, p. 4]` holds a reference's key without the `@` that makes it a citation, so it is printed as it is and cites nothing. Write `[@smith2020]`. Anything else in brackets (`[sic]`, `[1]`) is left alone.";
    E0105: Warning,
        "a locator under a label the site's language does not read",
        "After a citation's key, Pandoc reads a locator (the page, chapter or figure cited) only under a label of the document's language, as its CSL locale writes it, or the citation style's own: in English `p.` or `pp.`, `page`, `chap.`, `sec.`, `fig.`, `para.`, `vol.` and the like, each abbreviation with its full stop; in German `S.`, `Kap.`, `Abb.`. Any other text (`pg. 4`, `p 4`, `fig 3`, or `p. 4` on a German site) is printed after the citation as written, and the style does not format it: AMA prints `1, pg. 4` where it would print `1(p4)`. cited reads citations as Pandoc does, so it warns instead. Write the label as the site's language writes it (`[@key, p. 4]`); a locator in braces is read whole, a page unless it starts with a label (`[@key, {iv, vi-xi}]`).";
    E0201: Error,
        "a reference file holds no `references:` list",
        "Reference files are read as Pandoc reads them: CSL-YAML with a `references:` list, or a CSL-JSON array. A single item on its own, a list with no `references:` line above it, and an empty file are none of these: put the items in a list under `references:` (`references:` then `  - id: ...`), or remove an empty file.";
    E0202: Error,
        "two references share an id",
        "Each reference `id` must be unique across all files under `references/`, or citations would be ambiguous. Ids that look alike count as the same (`smіth2020` with a Cyrillic і beside `smith2020`, by the Unicode confusables skeleton): a citation of one could stand in for the other unseen. Write ids in plain letters and digits.";
    E0203: Warning,
        "two references share a DOI or PMID",
        "Two entries describe the same work. Keep one and cite it everywhere.";
    E0204: Warning,
        "a reference is never cited",
        "A reference is not cited by any page or checklist, nor listed in a page's `nocite`. Cite it; or, to show it in a page's bibliography without citing it, list its key in that page's front matter (`nocite: \"[@key]\"`, as in Pandoc; `\"[@*]\"` lists every source); or remove the entry. A `nocite` in a reference file (Pandoc writes one when it converts a library) lists nothing, in Pandoc as here: it counts only in a page's front matter. Not reported while a page or checklist cannot be loaded: its citations are unknown until it is fixed.";
    E0205: Error,
        "a reference lacks a required field",
        "Every reference needs a title (one line of text), an author or a publisher, and a date (`issued`). Articles need a DOI, PMID or URL. Web pages need a URL and an `accessed` date.";
    E0206: Error,
        "malformed identifier",
        "A DOI must look like `10.NNNN/suffix` (no `https://doi.org/` prefix), a PMID is digits, a PMCID is `PMC` followed by digits, and a URL must be http or https.";
    E0207: Error,
        "a reference's date is in the future",
        "A web page's `accessed` date is after today, or a work's date (`issued`, `original-date`, `event-date`, `submitted`) is after next year. No source can be dated so: it is a typo (`20002`, `2202`) that the style would print as the work's year, and the hint names the years one slip away. A work in press is dated the year it is expected, at most next year.";
    E0208: Warning,
        "accessed date is older than the review interval",
        "A web page was last accessed longer ago than the site's review interval: check it still says what the content cites, then update `accessed`.";
    E0209: Error,
        "a reference cannot be formatted",
        "The CSL engine could not read this reference, or would print a field as written where a date is wanted (`2002 Jun;9(3)`, PubMed's form, is a warning; a year typed with a letter for a digit, `2O02` or BibTeX's `year = {202O}`, an error): a field has the wrong shape (for example `author` must be a list of `{family, given}` or `{literal}`, `issued` must be `{date-parts: [[year, month, day]]}`) or `type` is not a CSL type, or the site's `language` has no CSL locale. Types that tools write outside CSL (`misc`, the empty type Pandoc writes for it, `website`, `online`) are formatted as a generic item, as Pandoc does; where a CSL type would give the work its own format (`webpage` for `website`), a warning says which. The caret shows the faulty field of the faulty file; `cited check` reports it, as `cited build` would.";
    E0301: Error,
        "a claim has no citation",
        "A sentence holds a figure (digits, or a share or multiple in words: \"two thirds\", \"one in five\", \"twice as\"; not a year, nor a number that names rather than counts, as in \"type 2 diabetes\", \"step 3\", \"12 March 2024\", \"(PDF, 245 KB)\" or \"Call 999\", nor a service's contact details: \"call the helpline on 0800 123 4567\", \"open 09:00 to 17:00, 24 hours a day\", \"86–90 Paul Street\", \"111.nhs.uk\") or an evidential phrase (\"research\", \"study\", \"found\", \"effective\", ...) and so is a claim, but it cites nothing. Claims are checked wherever they are written: paragraphs, list items, table cells, headings, image descriptions, checklist text, a page's `title` and `description`, and the site's `description`. Cite the source in the same sentence (`... improve [@key].`), in a footnote the sentence calls (`... improve.[^1]` with `[^1]: [@key]`), or cite a whole paragraph or list once with a paragraph holding only the citation right after it. A table cell is checked on its own: cite in the cell, or give the row a cell holding only its citation (a `Source` column), which cites every cell of the row. A checklist's title and labels, a page's title and description and the site's description are plain text and cannot cite: move the claim, with its citation, into the item's `detail` or a page's text. A citation typed as another tool prints it (`[1]`, `(Hansen et al., 2002)`, `\\cite{hansen2002}`), a footnote that writes its source out by hand, and a reference list pasted under the text are text, which cites nothing: the hint says how to cite by key instead. If it is not a claim, reword it or silence it with `<!-- cited: not-a-claim: <reason> -->` right after the sentence.";
    E0302: Error,
        "a figure is not backed by the cited source",
        "Every figure in a cited claim must appear in a `findings` excerpt of one of the sentence's cited references (or of its paragraph's or list's block citation). A mistyped or drifted number fails here. A figure in words is backed by the same quantity in any form at the source's precision: \"two thirds\" by \"2/3\", \"66.7%\" or \"67%\" (not \"66%\"), \"one in five\" by \"1 in 5\" or \"20%\", \"three times as likely\" by \"threefold\" or \"3.0\". Fix the figure, or add the excerpt that states it to the reference's `findings`.";
    E0303: Error,
        "an opt-out marker has no reason",
        "`<!-- cited: not-a-claim -->` must say why: `<!-- cited: not-a-claim: ordinal in a heading -->`. Reviewers read the reasons in `cited claims`.";
    E0304: Error,
        "unknown cited directive",
        "An HTML comment starting `cited:` holds a directive cited does not know. The only one is `not-a-claim: <reason>`.";
    E0305: Error,
        "a citation that would be published as raw text",
        "A citation sits where it cannot be shown, so readers would see its brackets: inside the text of a link (`[see the review [@key]](https://…)`: a link cannot hold another link, so the page would show `[see the review¹](https://…)`), or in a plain-text field (a checklist's `title` or an item's `label`, which are published as written), or in the crisis notice or the disclaimer, which are shown on every page with no reference list to point into. Put the citation after the link (`[see the review](https://…) [@key]`); move a checklist claim and its citation into the item's `detail`, the `intro` or the guidance, which are markdown.";
    E0306: Error,
        "a note number pasted from a word processor",
        "A superscript number after punctuation (`improve.¹`) is how a word processor marks a footnote. Pasted into a page, the number comes without its note: it is printed, cites nothing, and makes the sentences around it read as one to the claim checker. Remove it and cite the source in the sentence, `… improve [@key].`. A superscript after a letter, a bracket or a quotation mark (`m²`, `(height in m)²`) is a power, and left alone.";
    E0307: Error,
        "a percentage written with a letter for a digit",
        "A letter O or l typed for a zero or a one in a percentage (`5O%`, `1l%`, `2.O%`) makes it no number: readers may misread it, and the claim checker cannot hold it to its source, so a figure no source states could be published. Write the digits (`50%`).";
    E0401: Error,
        "a link leads nowhere",
        "An internal link or `#anchor` does not resolve to a page, checklist, heading, figure (`#fig:name`) or reference of the site.";
    E0402: Error,
        "a link uses a forbidden scheme",
        "Only http, https, mailto, tel and sms links, relative links and `#anchors` are allowed, in content, in the crisis notice and the disclaimer, and for the addresses in `site.yaml` (`base_url` and `publisher.url` http or https; `publisher.contact` also mailto). A `tel:` or `sms:` link holds a phone number only: digits, spaces, `+`, `-` and parentheses. `javascript:`, `data:`, `file:`, typos such as `htps:` and others are refused.";
    E0403: Error,
        "raw HTML in content",
        "Content is markdown only: raw HTML could carry script into a page read by vulnerable readers, and escapes the theme's accessibility. Write it in markdown. HTML comments are allowed.";
    E0404: Error,
        "a heading carries an id or attribute cited does not allow",
        "A heading may set its own id with `{#my-id}`, but not one of the ids cited gives its own elements (`main`, `references`, `crisis-heading`, `toc-heading`, or any id starting `cite-`, `ref-`, `checklist-`, `fn-` or `fnref-`): every citation of a source, or the crisis notice's label, would lead to the heading instead. Other heading attributes (`{onfocus=...}`, `{style=...}`, `{.class}`) are never published: they could run script or restyle the page. Choose another id, and remove the attributes.";
    E0405: Error,
        "a `#` heading in a page",
        "A page's title is its one top-level heading (`<h1>`): the theme prints it above the text. A `#` heading in the text would make a second one, and screen-reader users, who move through a page by its headings, would meet two titles. Start the text's headings at `##`, and put the headings under it one level deeper (`###`).";
    E0406: Error,
        "a heading level is skipped",
        "Heading levels go down one at a time: a `###` heading follows a `##` or another `###`, never the title or a `#` directly. Screen-reader users move through a page by its headings and read a skipped level as a missing section. Make the heading one level below the heading it sits under (a heading may go back up any number of levels).";
    E0407: Error,
        "a link or note printed as text",
        "Markdown prints some links and notes as plain text, brackets and all, where readers could not follow them. A link `[text](address)` whose address holds a space is not a link (an address ends at its first space): write the address without spaces (`tel:116123`, `talk-therapy.md`), or put it in angle brackets: `[the guide](<when talk therapy.md>)`. A reference link `[crisis line][crisis]` (or `[text][]`) is a link only when a line `[crisis]: address` defines its label: add that line, or write the address in place (brackets side by side around single words, `[1][2]`, `a[i][j]`, are left alone). A note mark `[^2]` is a note only when a line `[^2]: …` gives its text: add it, or remove the mark. A space between `]` and `(https://…)` parts a link from its address: remove it.";
    E0408: Error,
        "a heading without a space after its `#`s",
        "A line such as `###The timing` is not a heading in Markdown: the `#`s of a heading are followed by a space (`### The timing`). Without it the line is a paragraph, published with its `#`s, and the page loses a heading that readers and screen readers navigate by. Put a space after the `#`s; to start a paragraph with `#`s, write the first one as `\\#`.";
    E0409: Error,
        "Markdown's marks printed as text",
        "Some Markdown written almost right is printed as it was typed: a table whose header has no line of dashes under it (`|---|---|`) is a paragraph of `|`s; list items started with a typed bullet (`•`, pasted from a word processor) are one paragraph; a `**` never closed is two stars; and any formatting or link in a field published as plain text (a page's `title` and `description`, the site's `description`, a checklist's `title` and its items' labels) is printed with its marks (`*talk therapy*`). Add the line of dashes, start list items with `- `, close the bold, write plain text in plain fields.";
    E0410: Error,
        "stars between figures printed as bold or italics",
        "A `*` or `**` between a figure and another figure or a letter (`2*3*4 tablets`, `x**2 + y**2`) is how code writes times and powers, but to Markdown a pair of them marks italics or bold: the stars are dropped and the text between them emphasised, so `2*3*4 tablets` is published as \"234 tablets\" with an italic 3, a different number, and the claim checker reads the number published. Write `×` for times (`2 × 3 × 4`), a superscript or words for a power (`x²`), or `\\*` for a star printed as typed. Stars with spaces around them (`3 * 4`) are printed as typed and left alone.";
    E0411: Error,
        "a paragraph underlined into a heading",
        "A line of `-` or `=` right under text makes that text a heading in Markdown (`Title` over `-----` is a `##` heading): put under a paragraph to part it from the next, `---` publishes the whole paragraph, citations and all, as a heading, which screen-reader users meet in the page's outline and the table of contents lists. Leave a blank line above `---` for a line across the page (or remove it); for a heading, write a short title after `## `. Reported when the underlined text reads as a paragraph: over several lines, ending in a full stop, holding a citation, or longer than 120 characters.";
    E0412: Error,
        "text indented into a code block",
        "Text indented by four spaces or more, after a blank line (or four more than a list item's text), is code to Markdown: it is published in a monospace box, as typed, its line breaks kept and its formatting, links and citations printed as text, and the claim checker does not read it, so a figure in it is published unchecked. Indentation comes with text pasted from an email or a word processor. Remove it from the start of the lines; to show code, fence it with ```` ``` ```` lines, which are left alone.";
    E0413: Error,
        "table cells past the header's columns",
        "A table has as many columns as its header row has cells, and Markdown drops every cell of a row past them, unpublished: a figure in such a cell is lost without a word, and the claim checker never reads it. A `|` inside a cell, also in `code`, parts it in two unless it is written `\\|` (`` `a\\|b` ``), which drops the rest of the row the same way. Add the column to the header and to its line of dashes, or write the `|` as `\\|`.";
    E0414: Error,
        "a `>` before a figure read as a quotation",
        "A line that starts with `>` is a quotation to Markdown, also in the middle of a paragraph: `>50% of patients` (more than half) there is published as a quote of `50% of patients`, its `>` gone, a different figure that the claim checker then finds backed. Write the words (`more than 50%`), `≥`, or `\\>` for a `>` printed as typed, or move it off the start of the line. A quotation written as Markdown writes it, `>` and a space, is left alone.";
    E0415: Error,
        "a heading with no text",
        "A line of `#`s with nothing after them (`## `, or `## {#id}` alone) is an empty heading: it is published as an empty `<h2>`, which screen-reader users meet in the page's outline with nothing to read, and the table of contents lists it as an empty link. Write the heading's words after the `#`s, or remove the line. (A line of `#`s meant as a divider is a heading too; for a line across the page, write `---` with a blank line above it.)";
    E0416: Error,
        "a link with no text",
        "A link with nothing between its brackets (`[](https://…)`, `[ ](page.md)`, or an image with no description as its only content) is published with nothing to click: sighted readers cannot see it, and a screen reader can only call it \"link\" or read out its address. Write where the link leads between the brackets, in words that make sense on their own: `[the NHS page on talk therapy](https://…)`.";
    E0417: Warning,
        "a link whose text does not say where it leads",
        "A link's text is what a screen reader reads out for it, and screen-reader users often move through a page by its links alone, without the sentences around them: a link called \"click here\", \"here\", \"read more\" or \"this page\" tells them nothing of where it leads, and several of them sound alike (WCAG 2.4.4, Link Purpose). Make the words that name the destination the link: `[the NHS page on talk therapy](https://…)`, not `For the NHS page, [click here](https://…)`. The words checked are English, French, Spanish and German ones, in the site's `language`; a site in another language is not checked.";
    E0501: Error,
        "two checklist items share an id",
        "Item ids identify answers; each must be unique within its checklist.";
    E0502: Error,
        "a checklist has no items",
        "A checklist needs at least one item under `items:`, each with an `id` and a `label`; a checklist with nothing to tick cannot guide the reader.";
    E0503: Error,
        "guidance does not cover every count",
        "A checklist's `guidance` must say something for every number of ticked items, from 0 to the number of items, exactly once. Write `when:` as a count (`\"2\"`) or a range (`\"3-5\"`).";
    E0504: Error,
        "a page embeds an unknown checklist",
        "A ```` ```checklist ```` block names a checklist id that no checklist file defines.";
    E0505: Error,
        "two checklists share an id",
        "Checklist ids are URLs (`/checklists/<id>/`) and must be unique.";
    E0506: Error,
        "a checklist block that embeds nothing",
        "A checklist is embedded with a fenced block whose first line is ```checklist (in lower case) and whose only line is the checklist's id, closed by ```. A block marked otherwise (```Checklist) is published as code, and one never closed runs to the end of the page, which would be read as the id. Write the block as ```checklist, the id, then ```.";
    E0601: Error,
        "a required editorial field is missing",
        "The site's editorial policy (`policy.required` in `content/site.yaml`) requires this front-matter field on every page.";
    E0602: Error,
        "the review is overdue",
        "`next_review` is in the past: review the page against its sources, then update `last_reviewed` and `next_review`.";
    E0603: Error,
        "a date does not parse",
        "Dates are written `YYYY-MM-DD`, e.g. `2026-11-27`. A date written another way (`27/11/2026`, `27.11.2026`, `27 November 2026`, `November 27, 2026`) gets it as `YYYY-MM-DD` in the hint, both ways when its day and month could be read either way (`07/12/2026`).";
    E0604: Error,
        "next review is beyond the review interval",
        "`next_review` is further after `last_reviewed` than `policy.review_interval_days` allows.";
    E0605: Error,
        "a required disclosure is missing",
        "Health pages declare who publishes them, how to reach the editors, who funds them, conflicts of interest and advertising. Set `publisher` (with `contact`) and `policy.funding`, `policy.conflicts` and `policy.advertising` in `content/site.yaml`.";
    E0606: Warning,
        "a page is hard to read",
        "The page's prose scores above the site's reading-grade threshold (`readability.max_grade`). Patient information reads best at a reading age of 11 to 12: shorter sentences, everyday words.";
    E0701: Error,
        "a template fails",
        "A theme template has a syntax error or uses a value the rendering context does not have. The message names the template file and line; `themes/README.md` documents the context.";
    E0702: Error,
        "a theme cannot be loaded",
        "The theme named in `content/site.yaml` (or by `--theme`) does not exist, or its `theme.yaml` is invalid.";
    E0801: Error,
        "an external link is broken",
        "`cited check --external` fetched a URL or DOI and got an error status or no answer.";
    E0901: Error,
        "an identifier points at another work",
        "`cited verify` looked the DOI, PMID or PMCID up and the registry's record has another title or another first author than the reference: usually a typo in the identifier, which now points at someone else's paper. The message says what the identifier really is. Correct the identifier (or, if the reference's title or author list is what is wrong, correct that). Also reported when the identifier is a retraction or correction notice rather than the work itself.";
    E0902: Warning,
        "the year or journal differs from the registry's",
        "`cited verify` found the work, but the registry dates it in another year or places it in another journal than the reference does. Online-first and print years both count as a match, and so do journal abbreviations. Correct the reference unless the source itself gives what you wrote.";
    E0903: Error,
        "a reference's identifiers point at different works",
        "The reference's DOI and PMID (or PMCID) do not name the same work: PubMed lists another DOI for the PMID, the PMC ID converter maps the PMCID to another PMID or DOI, or the two records' titles differ. One of the identifiers is wrong; look the source up by its title and correct it.";
    E0904: Error,
        "a registry does not know an identifier",
        "No registry has a record for the identifier: Crossref (or, for a DOI of another agency such as DataCite, the DOI resolver), PubMed or PMC. Usually a typo, or a DOI that was never registered. Check it against the source.";
    E0905: Warning,
        "a registry could not be asked",
        "`cited verify` could not get an answer it could read: the registry was unreachable, answered an error (after retries, following its Retry-After), took too long, or sent a body that is not its documented format. The lock keeps its previous entry for the reference; run `cited verify` again later.";
    E0906: Warning,
        "a source was retracted, corrected or put under an expression of concern",
        "A registry records a notice about the work: a retraction or withdrawal (from the publisher, or from the Retraction Watch database through Crossref, or PubMed's \"Retracted Publication\"), an expression of concern, or a correction. `cited verify` records it in `references.lock`; `check` and `build` then fail claims that rest only on a retracted source (E0911) and mark the source on the page and in the reference list.";
    E0911: Error,
        "a claim rests on a retracted source",
        "`references.lock` says a source this claim cites was retracted, and nothing sound is left to support the claim: it is the only source, or a figure in the sentence is backed only by the retracted source's findings. Cite a sound source (with a finding that states the figure), or remove the claim.";
    E0912: Warning,
        "a claim also cites a retracted source",
        "`references.lock` says one of this claim's sources was retracted, but another cited source supports the claim and backs its figures. Remove the citation of the retracted source.";
    E0913: Warning,
        "a lock entry is stale",
        "A reference's identifiers, title, authors, date or journal changed since `cited verify` wrote its entry in `references.lock`, or the lock has an entry for a reference that no longer exists. The sources are judged by an old result: run `cited verify` to check them again.";
    E1001: Error,
        "an image has no alt text",
        "Every image needs a text alternative, read out by screen readers and shown when the picture does not load: say what the picture shows, in the brackets (`![A therapist and a client talking](session.jpg)`). An image that adds nothing to the text (a divider, an ornament) must say it is decorative: `![](divider.png){.decorative}` is published with an empty `alt`, which screen readers skip.";
    E1002: Warning,
        "an image's alt text says nothing",
        "The alt text is a file name (`session.jpg`) or a word such as \"image\", \"picture\" or \"photo\": a screen reader user learns nothing from it. Describe what the picture shows, as you would to someone on the phone.";
    E1003: Error,
        "an image file does not exist",
        "An image `![alt](name.png)` is looked for beside the page, then in `content/images/` (a path starting with `/` is from the site root, and must be under `content/`). The message lists each place looked. Put the file in one of them; images do not go in `static/`, which holds the theme's text files.";
    E1004: Error,
        "a remote image",
        "Every page carries a Content-Security-Policy that lets the browser load images from the site itself only, so an image from another host would show as a broken picture to every reader (and would tell that host who reads the page). Save the picture in `content/images/` and link it from there; or, if the site must show images from a host, list the host under `images: allowed_hosts:` in `content/site.yaml`, and the policy then allows exactly the hosts listed (https only).";
    E1005: Error,
        "an image is too large",
        "The image file is larger than `images.max_bytes` in `content/site.yaml` (5 MB unless set), or has more than 40 million pixels or a side over 16,384 pixels (read from its header; it is not decoded). Readers on a phone pay for every byte: resize it (2,000 pixels wide is plenty for a page) and save it again. cited makes the smaller widths for phones itself.";
    E1006: Error,
        "an image cannot be published",
        "cited publishes PNG, JPEG, GIF, WebP and AVIF images. SVG is refused: an SVG file can carry script, which would run for every reader; export it as PNG. Other formats (HEIC, TIFF, BMP) must be converted. A file whose data does not decode is refused too, and so is an AVIF file that carries EXIF or XMP metadata (cited cannot re-encode AVIF to remove it; phones write GPS positions there): export it again without metadata, or as JPEG or WebP.";
    E1007: Error,
        "an image carries an attribute cited does not allow",
        "After an image, `{#fig:name}` gives its figure an id that links can target (`[see the chart](#fig:name)`), and `{.decorative}` marks it decorative. The id must start with `fig:` and then hold letters, digits, `-` and `_`, once per page. Other attributes and classes (`{width=50%}`, `{.left}`, `{onload=...}`) are not published: sizes come from the file, and styling belongs to the theme.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_and_parse_back() {
        for pair in Code::ALL.windows(2) {
            assert!(
                pair[0].as_str() < pair[1].as_str(),
                "{} then {}",
                pair[0],
                pair[1]
            );
        }
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(*code));
            assert!(!code.summary().is_empty() && !code.explanation().is_empty());
        }
        assert_eq!(Code::parse("e0101"), Some(Code::E0101));
        assert_eq!(Code::parse("E9999"), None);
    }

    #[test]
    fn a_code_written_short_is_the_code_it_means() {
        for short in ["302", "E302", "e0302", " 0302"] {
            assert_eq!(Code::nearest(short), Some(Code::E0302), "{short:?}");
        }
        assert_eq!(Code::nearest("E0330"), Some(Code::E0303));
        assert_eq!(Code::nearest("9999"), None);
        assert_eq!(Code::nearest("severity"), None);
    }
}
