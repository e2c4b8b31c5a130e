//! One self-contained HTML page: inline CSS, inline SVG, no JavaScript,
//! no external requests.
//!
//! A [`Page`] has a header (title, subtitle, facts such as the date, and
//! the [data sources](DataSource): which data is real, with its citation,
//! which is illustrative, which is the user's own), a table of contents,
//! and [`Section`]s made of [`Block`]s: paragraphs, key figures, tables,
//! callouts for suggestions and warnings, and figures holding
//! [`Svg`] charts.
//!
//! The page carries a `Content-Security-Policy` that allows nothing but
//! its own inline styles and `data:` images, so a browser makes no request
//! when opening it, even if a user-supplied name looked like a URL. All
//! text is escaped. Section ids are unique slugs of the titles (`#delegation`,
//! `#delegation-2`), stable for the same titles. The layout reads on
//! narrow screens (wide tables scroll sideways, charts scale down) and
//! prints cleanly (no navigation, no page breaks inside figures, callouts,
//! table rows).
//!
//! # Example
//!
//! ```
//! use colead_cli::report::html::{Block, Callout, DataSource, Page, Section, Stat, Table};
//! let mut page = Page::new("Team report: River Youth Council");
//! page.subtitle = Some("How leadership is shared".into());
//! page.facts.push(("As of".into(), "2024-09-01".into()));
//! page.sources.push(DataSource::real("Advice network", "Krackhardt, D. (1987). Cognitive social structures. Social Networks 9, 109–134."));
//! page.sources.push(DataSource::illustrative("Initiative log", "written for the demo"));
//! let mut table = Table::new(&["Member", "Talk share"]);
//! table.numeric(1).row(["Ana", "42.0%"]);
//! page.push_section(
//!     Section::new("At a glance")
//!         .with(Block::Stats(vec![Stat::new("Members", "21")]))
//!         .with(Block::Table(table))
//!         .with(Block::Callout(Callout::suggestion("Invite Ben to speak first", "Ben was silent in 3 of 4 meetings").because("talk share 0% (M1)"))),
//! );
//! let html = page.render();
//! assert!(html.contains("<h2 id=\"at-a-glance\">"));
//! assert!(html.contains("Content-Security-Policy"));
//! assert!(!html.contains("<script"));
//! ```

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::svg::{Svg, push_escaped};

/// Width in CSS pixels of the page's content column, and the default
/// width of the charts, so that they show at their natural size. Charts
/// never grow beyond their natural width; on narrower screens they shrink
/// with their text.
pub const CHART_WIDTH: f64 = 940.0;

/// Where a piece of data came from, shown as a badge in the page header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Provenance {
    /// Real, published data, with its citation (and licence if known).
    Real {
        /// The reference to cite.
        citation: String,
    },
    /// Made up to illustrate a part no public data set covers.
    Illustrative,
    /// The user's own data, read from the named file or folder.
    Provided {
        /// The path read.
        path: String,
    },
}

/// One data source in the header's "About the data" list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DataSource {
    /// What the data is (`Advice network`, `Meeting ES2011a`).
    pub name: String,
    /// Where it came from.
    pub provenance: Provenance,
    /// One more sentence (licence, what was changed, how it was built).
    pub detail: Option<String>,
}

impl DataSource {
    /// Real data with its citation.
    pub fn real(name: impl Into<String>, citation: impl Into<String>) -> Self {
        DataSource {
            name: name.into(),
            provenance: Provenance::Real {
                citation: citation.into(),
            },
            detail: None,
        }
    }

    /// Illustrative data, with a note on how it was made.
    pub fn illustrative(name: impl Into<String>, detail: impl Into<String>) -> Self {
        DataSource {
            name: name.into(),
            provenance: Provenance::Illustrative,
            detail: Some(detail.into()),
        }
    }

    /// The user's own data, read from `path`.
    pub fn provided(name: impl Into<String>, path: impl Into<String>) -> Self {
        DataSource {
            name: name.into(),
            provenance: Provenance::Provided { path: path.into() },
            detail: None,
        }
    }
}

/// A run of text inside a paragraph, list item or callout.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Bold text.
    Strong(String),
    /// Monospace text (a file name, a metric id).
    Code(String),
    /// A link. Only `#anchor`, `https:`, `http:` and `mailto:` targets
    /// become links; anything else is written as plain text.
    Link {
        /// The link text.
        text: String,
        /// The target.
        href: String,
    },
}

impl From<&str> for Inline {
    fn from(s: &str) -> Self {
        Inline::Text(s.to_owned())
    }
}

impl From<String> for Inline {
    fn from(s: String) -> Self {
        Inline::Text(s)
    }
}

/// A traffic-light signal, shown with a glyph and a word as well as a
/// colour, so it reads without colour vision and in greyscale print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// On track (✓).
    Green,
    /// Needs watching (!).
    Amber,
    /// Needs action (✕).
    Red,
    /// Not enough data (?).
    Unknown,
}

impl Signal {
    fn glyph(self) -> &'static str {
        match self {
            Signal::Green => "✓",
            Signal::Amber => "!",
            Signal::Red => "✕",
            Signal::Unknown => "?",
        }
    }
    /// The word shown next to the glyph.
    pub fn word(self) -> &'static str {
        match self {
            Signal::Green => "on track",
            Signal::Amber => "watch",
            Signal::Red => "act",
            Signal::Unknown => "unknown",
        }
    }
    fn class(self) -> &'static str {
        match self {
            Signal::Green => "green",
            Signal::Amber => "amber",
            Signal::Red => "red",
            Signal::Unknown => "unknown",
        }
    }
}

/// A key figure: a big value with a label.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Stat {
    /// What the number is (`Participation equality`).
    pub label: String,
    /// The value, already formatted (`0.82`, `14 of 21`).
    pub value: String,
    /// A line under the value (the measure's name or a comparison).
    pub note: Option<String>,
    /// An optional signal.
    pub signal: Option<Signal>,
}

impl Stat {
    /// A figure without note or signal.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Stat {
            label: label.into(),
            value: value.into(),
            note: None,
            signal: None,
        }
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Adds a signal.
    pub fn signal(mut self, signal: Signal) -> Self {
        self.signal = Some(signal);
        self
    }
}

/// A table column.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Column {
    /// The header text.
    pub header: String,
    /// Right-aligned with tabular figures.
    pub numeric: bool,
}

/// A table. Short rows are padded with empty cells; long rows keep every
/// cell (the header gets empty cells), so nothing is dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Table {
    /// An optional caption above the table.
    pub caption: Option<String>,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows of cell texts.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with text columns named `headers`.
    pub fn new(headers: &[&str]) -> Self {
        Table {
            caption: None,
            columns: headers
                .iter()
                .map(|h| Column {
                    header: (*h).to_owned(),
                    numeric: false,
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Marks column `i` as numeric (ignored if there is no such column).
    pub fn numeric(&mut self, i: usize) -> &mut Self {
        if let Some(c) = self.columns.get_mut(i) {
            c.numeric = true;
        }
        self
    }

    /// Appends a row.
    pub fn row<I, S>(&mut self, cells: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(cells.into_iter().map(Into::into).collect());
        self
    }
}

/// What a callout is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CalloutKind {
    /// An actionable suggestion derived from a measure.
    Suggestion,
    /// A problem in the data or the team's setup.
    Warning,
    /// Context: what was absent, how to read a chart.
    Note,
}

impl CalloutKind {
    fn word(self) -> &'static str {
        match self {
            CalloutKind::Suggestion => "Suggestion",
            CalloutKind::Warning => "Warning",
            CalloutKind::Note => "Note",
        }
    }
    fn class(self) -> &'static str {
        match self {
            CalloutKind::Suggestion => "suggestion",
            CalloutKind::Warning => "warning",
            CalloutKind::Note => "note",
        }
    }
}

/// A highlighted box: a suggestion (citing the measure that triggered
/// it), a warning or a note.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Callout {
    /// The kind.
    pub kind: CalloutKind,
    /// The headline.
    pub title: String,
    /// The explanation.
    pub body: Vec<Inline>,
    /// The measure and value that triggered it, shown as "Based on: …".
    pub evidence: Option<String>,
}

impl Callout {
    fn make(kind: CalloutKind, title: impl Into<String>, body: impl Into<String>) -> Self {
        Callout {
            kind,
            title: title.into(),
            body: vec![Inline::Text(body.into())],
            evidence: None,
        }
    }
    /// A suggestion.
    pub fn suggestion(title: impl Into<String>, body: impl Into<String>) -> Self {
        Callout::make(CalloutKind::Suggestion, title, body)
    }
    /// A warning.
    pub fn warning(title: impl Into<String>, body: impl Into<String>) -> Self {
        Callout::make(CalloutKind::Warning, title, body)
    }
    /// A note.
    pub fn note(title: impl Into<String>, body: impl Into<String>) -> Self {
        Callout::make(CalloutKind::Note, title, body)
    }
    /// Names the measure behind it.
    pub fn because(mut self, evidence: impl Into<String>) -> Self {
        self.evidence = Some(evidence.into());
        self
    }
}

/// A chart with a caption.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Figure {
    /// The chart.
    pub svg: Svg,
    /// What it shows and how to read it.
    pub caption: String,
}

/// A piece of a section.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Block {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A sub-heading (`<h3>`).
    Heading(String),
    /// A row of key figures.
    Stats(Vec<Stat>),
    /// A table.
    Table(Table),
    /// A callout.
    Callout(Callout),
    /// A full-width chart.
    Figure(Figure),
    /// Several small charts side by side (small multiples), wrapping on
    /// narrow screens.
    Figures(Vec<Figure>),
    /// A bulleted list.
    List(Vec<Vec<Inline>>),
}

impl Block {
    /// A paragraph of plain text.
    pub fn text(s: impl Into<String>) -> Self {
        Block::Paragraph(vec![Inline::Text(s.into())])
    }

    /// A chart with a caption.
    pub fn figure(svg: Svg, caption: impl Into<String>) -> Self {
        Block::Figure(Figure {
            svg,
            caption: caption.into(),
        })
    }
}

/// A titled section with an anchor.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Section {
    /// The heading (`<h2>`) and table-of-contents entry.
    pub title: String,
    /// The anchor id; by default a slug of the title, made unique on
    /// render.
    pub id: String,
    /// The content.
    pub blocks: Vec<Block>,
}

impl Section {
    /// An empty section titled `title`, with id `slug(title)`.
    pub fn new(title: impl Into<String>) -> Self {
        let title = title.into();
        Section {
            id: slug(&title),
            title,
            blocks: Vec::new(),
        }
    }

    /// Adds a block.
    pub fn with(mut self, block: Block) -> Self {
        self.blocks.push(block);
        self
    }

    /// Adds a block in place.
    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }
}

/// The page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Page {
    /// The `<title>` and `<h1>`.
    pub title: String,
    /// A line under the title.
    pub subtitle: Option<String>,
    /// Short facts in the header (`As of` → `2024-09-01`).
    pub facts: Vec<(String, String)>,
    /// The data sources, listed under "About the data".
    pub sources: Vec<DataSource>,
    /// The sections, in order.
    pub sections: Vec<Section>,
    /// The page language (`en`).
    pub lang: String,
    /// Written in the footer and the `generator` meta tag.
    pub generator: String,
}

impl Page {
    /// An empty English page generated by this version of colead.
    pub fn new(title: impl Into<String>) -> Self {
        Page {
            title: title.into(),
            subtitle: None,
            facts: Vec::new(),
            sources: Vec::new(),
            sections: Vec::new(),
            lang: "en".to_owned(),
            generator: format!("colead {}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// Appends a section.
    pub fn push_section(&mut self, section: Section) -> &mut Self {
        self.sections.push(section);
        self
    }

    /// The ids the sections get on render, in order: each section's `id`
    /// (or `section` when empty), with `-2`, `-3`, … added to repeats.
    pub fn section_ids(&self) -> Vec<String> {
        let mut used: BTreeSet<String> = BTreeSet::new();
        // Ids the header uses itself.
        used.insert("about-the-data".to_owned());
        used.insert("contents".to_owned());
        self.sections
            .iter()
            .map(|s| {
                let base = slug(&s.id);
                let mut id = base.clone();
                let mut k = 2;
                while used.contains(&id) {
                    id = format!("{base}-{k}");
                    k += 1;
                }
                used.insert(id.clone());
                id
            })
            .collect()
    }

    /// The complete HTML document.
    pub fn render(&self) -> String {
        let mut h = String::with_capacity(64 * 1024);
        let lang = if self
            .lang
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !self.lang.is_empty()
        {
            self.lang.as_str()
        } else {
            "en"
        };
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
        );
        h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        h.push_str("<meta name=\"color-scheme\" content=\"light\">\n");
        h.push_str("<meta name=\"generator\" content=\"");
        push_escaped(&mut h, &self.generator);
        h.push_str("\">\n<title>");
        push_escaped(&mut h, &self.title);
        h.push_str("</title>\n<style>\n");
        h.push_str(CSS);
        h.push_str("</style>\n</head>\n<body>\n<div class=\"page\">\n");

        // Header.
        h.push_str(
            "<header class=\"masthead\">\n<p class=\"eyebrow\">Shared leadership report</p>\n<h1>",
        );
        push_escaped(&mut h, &self.title);
        h.push_str("</h1>\n");
        if let Some(sub) = &self.subtitle {
            h.push_str("<p class=\"subtitle\">");
            push_escaped(&mut h, sub);
            h.push_str("</p>\n");
        }
        if !self.facts.is_empty() {
            h.push_str("<dl class=\"facts\">\n");
            for (k, v) in &self.facts {
                h.push_str("<div><dt>");
                push_escaped(&mut h, k);
                h.push_str("</dt><dd>");
                push_escaped(&mut h, v);
                h.push_str("</dd></div>\n");
            }
            h.push_str("</dl>\n");
        }
        h.push_str("</header>\n");

        if !self.sources.is_empty() {
            h.push_str("<section class=\"sources\" id=\"about-the-data\" aria-labelledby=\"about-the-data-h\">\n<h2 id=\"about-the-data-h\">About the data</h2>\n<ul>\n");
            for s in &self.sources {
                let (class, word) = match &s.provenance {
                    Provenance::Real { .. } => ("real", "Real data"),
                    Provenance::Illustrative => ("illustrative", "Illustrative"),
                    Provenance::Provided { .. } => ("provided", "Your data"),
                };
                let _ = write!(
                    h,
                    "<li><span class=\"badge {class}\">{word}</span> <strong>"
                );
                push_escaped(&mut h, &s.name);
                h.push_str("</strong>");
                match &s.provenance {
                    Provenance::Real { citation } => {
                        h.push_str(" — <cite>");
                        push_escaped(&mut h, citation);
                        h.push_str("</cite>");
                    }
                    Provenance::Provided { path } => {
                        h.push_str(" — <code>");
                        push_escaped(&mut h, path);
                        h.push_str("</code>");
                    }
                    Provenance::Illustrative => {}
                }
                if let Some(d) = &s.detail {
                    h.push_str("<span class=\"detail\">");
                    push_escaped(&mut h, d);
                    h.push_str("</span>");
                }
                h.push_str("</li>\n");
            }
            h.push_str("</ul>\n</section>\n");
        }

        let ids = self.section_ids();
        if !self.sections.is_empty() {
            h.push_str("<nav class=\"toc\" id=\"contents\" aria-label=\"Contents\">\n<ol>\n");
            for (s, id) in self.sections.iter().zip(&ids) {
                let _ = write!(h, "<li><a href=\"#{id}\">");
                push_escaped(&mut h, &s.title);
                h.push_str("</a></li>\n");
            }
            h.push_str("</ol>\n</nav>\n");
        }

        h.push_str("<main>\n");
        for (s, id) in self.sections.iter().zip(&ids) {
            let _ = write!(h, "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">");
            push_escaped(&mut h, &s.title);
            let _ = writeln!(
                h,
                " <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></h2>"
            );
            for b in &s.blocks {
                render_block(&mut h, b);
            }
            h.push_str("</section>\n");
        }
        h.push_str("</main>\n<footer>\n<p>Generated by ");
        push_escaped(&mut h, &self.generator);
        h.push_str(". This page is self-contained: it loads nothing from the network and runs no scripts. Every number names the measure it comes from; see the colead documentation for the formulas.</p>\n</footer>\n</div>\n</body>\n</html>\n");
        h
    }
}

fn render_inlines(h: &mut String, inlines: &[Inline]) {
    for i in inlines {
        match i {
            Inline::Text(t) => push_escaped(h, t),
            Inline::Strong(t) => {
                h.push_str("<strong>");
                push_escaped(h, t);
                h.push_str("</strong>");
            }
            Inline::Code(t) => {
                h.push_str("<code>");
                push_escaped(h, t);
                h.push_str("</code>");
            }
            Inline::Link { text, href } => {
                let ok = href.starts_with('#')
                    || href.starts_with("https://")
                    || href.starts_with("http://")
                    || href.starts_with("mailto:");
                if ok {
                    h.push_str("<a href=\"");
                    push_escaped(h, href);
                    h.push_str("\">");
                    push_escaped(h, text);
                    h.push_str("</a>");
                } else {
                    push_escaped(h, text);
                }
            }
        }
    }
}

fn render_figure(h: &mut String, f: &Figure) {
    h.push_str("<figure>\n");
    h.push_str(f.svg.as_str());
    if !f.caption.is_empty() {
        h.push_str("<figcaption>");
        push_escaped(h, &f.caption);
        h.push_str("</figcaption>\n");
    }
    h.push_str("</figure>\n");
}

fn render_block(h: &mut String, b: &Block) {
    match b {
        Block::Paragraph(inl) => {
            h.push_str("<p>");
            render_inlines(h, inl);
            h.push_str("</p>\n");
        }
        Block::Heading(t) => {
            h.push_str("<h3>");
            push_escaped(h, t);
            h.push_str("</h3>\n");
        }
        Block::Stats(stats) => {
            h.push_str("<div class=\"stats\">\n");
            for s in stats {
                h.push_str("<div class=\"stat\"><div class=\"label\">");
                push_escaped(h, &s.label);
                h.push_str("</div><div class=\"value\">");
                push_escaped(h, &s.value);
                h.push_str("</div>");
                if let Some(sig) = s.signal {
                    let _ = write!(
                        h,
                        "<div class=\"signal {}\"><span class=\"glyph\" aria-hidden=\"true\">{}</span> {}</div>",
                        sig.class(),
                        sig.glyph(),
                        sig.word()
                    );
                }
                if let Some(n) = &s.note {
                    h.push_str("<div class=\"note\">");
                    push_escaped(h, n);
                    h.push_str("</div>");
                }
                h.push_str("</div>\n");
            }
            h.push_str("</div>\n");
        }
        Block::Table(t) => {
            let width = t
                .rows
                .iter()
                .map(Vec::len)
                .chain(std::iter::once(t.columns.len()))
                .max()
                .unwrap_or(0);
            let numeric = |i: usize| t.columns.get(i).is_some_and(|c| c.numeric);
            h.push_str("<div class=\"table-wrap\">\n<table>\n");
            if let Some(c) = &t.caption {
                h.push_str("<caption>");
                push_escaped(h, c);
                h.push_str("</caption>\n");
            }
            h.push_str("<thead><tr>");
            for i in 0..width {
                let head = t.columns.get(i).map_or("", |c| c.header.as_str());
                h.push_str(if numeric(i) {
                    "<th scope=\"col\" class=\"num\">"
                } else {
                    "<th scope=\"col\">"
                });
                push_escaped(h, head);
                h.push_str("</th>");
            }
            h.push_str("</tr></thead>\n<tbody>\n");
            for row in &t.rows {
                h.push_str("<tr>");
                for i in 0..width {
                    let cell = row.get(i).map_or("", String::as_str);
                    h.push_str(if numeric(i) {
                        "<td class=\"num\">"
                    } else {
                        "<td>"
                    });
                    push_escaped(h, cell);
                    h.push_str("</td>");
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</tbody>\n</table>\n</div>\n");
        }
        Block::Callout(c) => {
            let role = if c.kind == CalloutKind::Warning {
                " role=\"note\""
            } else {
                ""
            };
            let _ = write!(
                h,
                "<aside class=\"callout {}\"{role}>\n<p class=\"kind\">{}</p>\n<p class=\"title\">",
                c.kind.class(),
                c.kind.word()
            );
            push_escaped(h, &c.title);
            h.push_str("</p>\n<p>");
            render_inlines(h, &c.body);
            h.push_str("</p>\n");
            if let Some(e) = &c.evidence {
                h.push_str("<p class=\"evidence\">Based on: ");
                push_escaped(h, e);
                h.push_str("</p>\n");
            }
            h.push_str("</aside>\n");
        }
        Block::Figure(f) => render_figure(h, f),
        Block::Figures(fs) => {
            h.push_str("<div class=\"figures\">\n");
            for f in fs {
                render_figure(h, f);
            }
            h.push_str("</div>\n");
        }
        Block::List(items) => {
            h.push_str("<ul>\n");
            for item in items {
                h.push_str("<li>");
                render_inlines(h, item);
                h.push_str("</li>\n");
            }
            h.push_str("</ul>\n");
        }
    }
}

/// A URL fragment from `s`: lower-case ASCII letters and digits, other
/// runs of characters as one `-`; `section` when nothing is left.
///
/// ```
/// use colead_cli::report::html::slug;
/// assert_eq!(slug("Delegation & authority"), "delegation-authority");
/// assert_eq!(slug("  Étape 2: Plan "), "tape-2-plan");
/// assert_eq!(slug("???"), "section");
/// ```
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "section".to_owned()
    } else {
        out
    }
}

/// The page's style sheet: system fonts, a 1040 px column, a dark header,
/// cards for key figures, coloured left borders for callouts, responsive
/// and print rules.
const CSS: &str = r#":root{--ink:#1a1a1a;--muted:#555;--line:#d9dee3;--panel:#f5f7f9;--brand:#0b3954;--blue:#0072b2;--orange:#b35900;--green:#00704f}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#e9edf1;color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.page{max-width:1040px;margin:0 auto;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.08),0 8px 24px rgba(0,0,0,.06)}
.masthead{background:var(--brand);color:#fff;padding:40px 48px 30px}
.eyebrow{margin:0;font-size:13px;font-weight:600;letter-spacing:.08em;text-transform:uppercase;color:#bcd7ea}
h1{margin:6px 0 4px;font-size:34px;line-height:1.2;font-weight:700}
.subtitle{margin:0;font-size:18px;color:#dbe8f2}
.facts{display:flex;flex-wrap:wrap;gap:10px 32px;margin:20px 0 0}
.facts div{min-width:0}
.facts dt{font-size:12px;letter-spacing:.05em;text-transform:uppercase;color:#bcd7ea}
.facts dd{margin:0;font-weight:600}
.sources{background:var(--panel);padding:18px 48px 14px;border-bottom:1px solid var(--line)}
.sources h2{font-size:15px;margin:0 0 6px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.sources ul{margin:0;padding:0;list-style:none;font-size:14px}
.sources li{margin:0 0 6px}
.sources cite{font-style:normal;color:var(--muted)}
.sources .detail{display:block;color:var(--muted);font-size:13px;margin-left:2px}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:700;vertical-align:1px}
.badge.real{background:#d7ebf7;color:#00466e}
.badge.illustrative{background:#fde9c8;color:#6e3c00}
.badge.provided{background:#d5efe4;color:#004d36}
.toc{padding:14px 48px;border-bottom:1px solid var(--line);font-size:14px}
.toc ol{display:flex;flex-wrap:wrap;gap:6px 20px;margin:0;padding:0;list-style:none;counter-reset:toc}
.toc li{counter-increment:toc}
.toc li::before{content:counter(toc) ". ";color:var(--muted)}
a{color:#005a8c}
main{padding:4px 48px 24px}
main>section{padding:8px 0 20px;border-bottom:1px solid var(--line)}
main>section:last-child{border-bottom:0}
h2{font-size:25px;line-height:1.25;margin:26px 0 12px}
h2 .anchor{color:#9aa5b1;text-decoration:none;font-weight:400;font-size:.8em;opacity:0}
h2:hover .anchor,h2 .anchor:focus{opacity:1}
h3{font-size:18px;margin:24px 0 8px}
p{margin:10px 0}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.9em;background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:0 4px}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:14px 0}
.stat{border:1px solid var(--line);border-radius:10px;padding:12px 14px;background:#fbfcfd}
.stat .label{font-size:13px;color:var(--muted);font-weight:600}
.stat .value{font-size:22px;font-weight:700;line-height:1.3;font-variant-numeric:tabular-nums}
.stat .note{font-size:13px;color:var(--muted)}
.signal{display:inline-block;margin:4px 0 2px;font-size:13px;font-weight:700;border-radius:999px;padding:0 9px 0 3px}
.signal .glyph{display:inline-block;width:18px;height:18px;line-height:18px;text-align:center;border-radius:50%;color:#fff;font-size:12px}
.signal.green{background:#dcf1e8;color:#00583f}.signal.green .glyph{background:#00704f}
.signal.amber{background:#fdecc8;color:#6e3c00}.signal.amber .glyph{background:#9a5b00}
.signal.red{background:#fbe1d3;color:#8a2d00}.signal.red .glyph{background:#b8410b}
.signal.unknown{background:#eceff2;color:#444}.signal.unknown .glyph{background:#6b7785}
figure{margin:18px 0}
figure svg{display:block;max-width:100%;height:auto;border:1px solid var(--line);border-radius:10px}
figcaption{font-size:14px;color:var(--muted);margin-top:6px}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:4px 14px}
.table-wrap{overflow-x:auto;margin:14px 0;border:1px solid var(--line);border-radius:10px}
table{border-collapse:collapse;width:100%;font-size:14px}
caption{text-align:left;font-weight:600;padding:10px 12px 4px}
th,td{padding:7px 12px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
tbody tr:last-child td{border-bottom:0}
th{background:var(--panel);font-weight:600;white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#fafbfc}
.callout{margin:14px 0;padding:12px 18px;border-left:5px solid;border-radius:8px}
.callout p{margin:4px 0}
.callout .kind{font-size:12px;font-weight:700;letter-spacing:.07em;text-transform:uppercase}
.callout .title{font-weight:700;font-size:17px}
.callout .evidence{font-size:13px;color:var(--muted)}
.callout.suggestion{border-color:var(--blue);background:#eef6fb}.callout.suggestion .kind{color:#005a8c}
.callout.warning{border-color:#d55e00;background:#fdf1e9}.callout.warning .kind{color:#9a3d00}
.callout.note{border-color:#8b949e;background:var(--panel)}.callout.note .kind{color:var(--muted)}
footer{padding:18px 48px 28px;border-top:1px solid var(--line);font-size:13px;color:var(--muted)}
@media (max-width:700px){.masthead,.sources,.toc,main,footer{padding-left:18px;padding-right:18px}h1{font-size:27px}h2{font-size:21px}.stat .value{font-size:21px}.page{box-shadow:none}}
@media print{body{background:#fff;font-size:11pt}.page{max-width:none;box-shadow:none}.masthead{background:none;color:var(--ink);padding:0 0 10px;border-bottom:2px solid var(--ink)}.eyebrow,.subtitle,.facts dt{color:var(--muted)}.sources,.toc,main,footer{padding-left:0;padding-right:0}.toc,h2 .anchor{display:none}figure,.callout,.stat,tr,.stats{break-inside:avoid}h2,h3{break-after:avoid}a{color:inherit;text-decoration:none}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::chart::{Bar, BarChart};

    fn svg() -> Svg {
        BarChart::new("c", vec![Bar::new("a", 0.5)])
            .render()
            .unwrap()
    }

    #[test]
    fn ids_are_unique_and_stable() {
        let mut p = Page::new("t");
        for title in ["Overview", "Overview", "About the data", "", "Overview"] {
            p.push_section(Section::new(title));
        }
        assert_eq!(
            p.section_ids(),
            [
                "overview",
                "overview-2",
                "about-the-data-2",
                "section",
                "overview-3"
            ]
        );
        let html = p.render();
        assert!(html.contains("href=\"#overview-3\""));
        assert_eq!(html, p.render());
    }

    #[test]
    fn user_text_is_escaped_everywhere() {
        let evil = "<script>alert(1)</script>\"'&";
        let mut p = Page::new(evil);
        p.subtitle = Some(evil.into());
        p.facts.push((evil.into(), evil.into()));
        p.sources.push(DataSource::real(evil, evil));
        let mut t = Table::new(&[evil]);
        t.row([evil]);
        p.push_section(
            Section::new(evil)
                .with(Block::text(evil))
                .with(Block::Heading(evil.into()))
                .with(Block::Stats(vec![Stat::new(evil, evil).note(evil)]))
                .with(Block::Table(t))
                .with(Block::Callout(Callout::warning(evil, evil).because(evil)))
                .with(Block::List(vec![vec![Inline::Code(evil.into())]]))
                .with(Block::figure(svg(), evil)),
        );
        let html = p.render();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert(1)</script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
    }

    #[test]
    fn only_safe_links_become_links() {
        let mut p = Page::new("t");
        p.push_section(Section::new("s").with(Block::Paragraph(vec![
            Inline::Link {
                text: "ok".into(),
                href: "#s".into(),
            },
            Inline::Link {
                text: "bad".into(),
                href: "javascript:alert(1)".into(),
            },
            Inline::Link {
                text: "web".into(),
                href: "https://example.org/?a=1&b=2".into(),
            },
        ])));
        let html = p.render();
        assert!(html.contains("<a href=\"#s\">ok</a>"));
        assert!(!html.contains("javascript:"));
        assert!(html.contains(">bad<") || html.contains("bad</p>") || html.contains("bad<a"));
        assert!(html.contains("href=\"https://example.org/?a=1&amp;b=2\""));
    }

    #[test]
    fn tables_never_drop_cells() {
        let mut t = Table::new(&["a", "b"]);
        t.numeric(1).row(["1"]).row(["1", "2", "extra"]);
        let mut p = Page::new("t");
        p.push_section(Section::new("s").with(Block::Table(t)));
        let html = p.render();
        assert!(html.contains("<td>extra</td>"));
        assert!(html.contains("<td class=\"num\"></td>"));
        assert_eq!(html.matches("<th scope=\"col\"").count(), 3);
    }

    #[test]
    fn page_is_self_contained() {
        let mut p = Page::new("t");
        p.sources.push(DataSource::illustrative("log", "made up"));
        p.sources
            .push(DataSource::provided("roster", "team/members.csv"));
        p.push_section(Section::new("Charts").with(Block::Figures(vec![Figure {
            svg: svg(),
            caption: String::new(),
        }])));
        let html = p.render();
        assert!(html.contains("default-src 'none'"));
        for needle in ["<script", "<link", "src=\"http", "url(http", "@import"] {
            assert!(!html.contains(needle), "{needle}");
        }
        assert!(html.contains("badge illustrative"));
        assert!(html.contains("<code>team/members.csv</code>"));
        assert!(html.contains("@media print"));
        assert!(html.contains("@media (max-width:700px)"));
    }
}
