//! SVG fragments, XML escaping, fixed number formatting and text metrics.
//!
//! Every chart in [`super::chart`] writes through the crate-internal
//! `SvgBuilder`, which escapes every attribute value and text node, writes
//! numbers through [`Num`] (at most two decimals, no `-0`, never `NaN`), and
//! puts one element per line so that outputs diff well. The result is an
//! [`Svg`]: a complete `<svg>` element that can be saved as a file or
//! inlined in HTML as is.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// The font stack used by every chart: the platform's UI font, then common
/// sans-serif fallbacks. No web font is loaded.
pub const FONT_FAMILY: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/// Dark text colour used on light backgrounds (contrast 17.4:1 on white).
pub const INK: &str = "#1a1a1a";

/// Secondary text colour for axes and notes (contrast 7.5:1 on white).
pub const INK_MUTED: &str = "#555555";

/// A complete `<svg>` element produced by one of the charts.
///
/// It carries `xmlns`, a `viewBox`, `role="img"`, an `aria-label`, a
/// `<title>` and a `<desc>`, so it is valid both as a standalone `.svg`
/// file and inlined into HTML. Only this crate's renderers create values of
/// this type, which is what lets [`super::html`] embed them unescaped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Svg {
    markup: String,
    width: u32,
    height: u32,
}

impl Svg {
    /// The markup, starting with `<svg` and ending with `</svg>\n`.
    pub fn as_str(&self) -> &str {
        &self.markup
    }

    /// The markup, by value.
    pub fn into_string(self) -> String {
        self.markup
    }

    /// The intrinsic width in CSS pixels (the `viewBox` width).
    pub fn width(&self) -> u32 {
        self.width
    }

    /// The intrinsic height in CSS pixels (the `viewBox` height).
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The markup as a standalone SVG document, with an XML declaration,
    /// ready to be written to a `.svg` file.
    pub fn to_document(&self) -> String {
        let mut s = String::with_capacity(self.markup.len() + 40);
        s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.push_str(&self.markup);
        s
    }
}

impl fmt::Display for Svg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.markup)
    }
}

/// A number written with at most two decimals and no trailing zeros: `3`,
/// `2.5`, `0.33`. `-0` is written as `0`, and non-finite values (which the
/// charts never produce, since they validate their input) as `0`, so that
/// output never contains `NaN`.
///
/// Two decimals are a hundredth of a CSS pixel: far below what a screen
/// shows, and short enough to keep files small. Fixed formatting is what
/// makes outputs byte-identical for equal inputs.
///
/// ```
/// use colead_cli::report::svg::Num;
/// assert_eq!(Num(2.0).to_string(), "2");
/// assert_eq!(Num(1.0 / 3.0).to_string(), "0.33");
/// assert_eq!(Num(-0.001).to_string(), "0");
/// assert_eq!(Num(f64::NAN).to_string(), "0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.0.is_finite() {
            return f.write_str("0");
        }
        let s = format!("{:.2}", self.0);
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.')
        } else {
            s.as_str()
        };
        if s == "-0" {
            f.write_str("0")
        } else {
            f.write_str(s)
        }
    }
}

/// Whether `c` may appear in an XML 1.0 document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes `s` for use as XML or HTML text content *and* inside a
/// double- or single-quoted attribute: `&`, `<`, `>`, `"` and `'` become
/// entities, and characters XML 1.0 forbids (most C0 controls, U+FFFE,
/// U+FFFF) become U+FFFD, so that a user-supplied name can never break the
/// markup. Borrows when nothing needs escaping.
///
/// ```
/// use colead_cli::report::svg::escape;
/// assert_eq!(escape("Ana & Ben <\"co-leads\">"), "Ana &amp; Ben &lt;&quot;co-leads&quot;&gt;");
/// assert_eq!(escape("O'Neil"), "O&#39;Neil");
/// assert_eq!(escape("bell\u{7}"), "bell\u{FFFD}");
/// assert_eq!(escape("Zoë"), "Zoë");
/// ```
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'') || !is_xml_char(c))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    push_escaped(&mut out, s);
    Cow::Owned(out)
}

/// Appends `s` to `out`, escaped as [`escape`] does.
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

/// Estimated advance width of `s` in a proportional sans-serif font of
/// `size` pixels.
///
/// Charts cannot measure text (there is no font at render time), so they
/// estimate: per-character widths for narrow, wide, upper-case and digit
/// classes, calibrated on Arial/DejaVu Sans and rounded up so that labels
/// rather get too much room than overlap. Used to size label columns and to
/// truncate long names.
pub fn text_width(s: &str, size: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' | ' ' => 0.30,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.38,
            'm' | 'w' => 0.86,
            'M' | 'W' | '%' | '@' => 0.92,
            '0'..='9' => 0.58,
            c if c.is_ascii_uppercase() => 0.70,
            c if c.is_ascii() => 0.58,
            // CJK and other wide scripts take about one em.
            c if c as u32 >= 0x2E80 => 1.0,
            _ => 0.62,
        })
        .sum();
    em * size
}

/// Estimated width of `s` in a bold (600–700) weight: 10 % wider than
/// [`text_width`].
pub fn bold_text_width(s: &str, size: f64) -> f64 {
    text_width(s, size) * 1.1
}

/// `s` shortened with a trailing `…` so that its [`text_width`] at `size`
/// fits in `max_width`; `s` itself when it fits.
pub fn truncate_to_width(s: &str, size: f64, max_width: f64) -> Cow<'_, str> {
    if text_width(s, size) <= max_width {
        return Cow::Borrowed(s);
    }
    let budget = max_width - text_width("…", size);
    let mut out = String::new();
    let mut used = 0.0;
    for c in s.chars() {
        let mut tmp = [0u8; 4];
        let w = text_width(c.encode_utf8(&mut tmp), size);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('…');
    Cow::Owned(out)
}

/// An attribute value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum V<'a> {
    /// A number, written through [`Num`].
    N(f64),
    /// Text, escaped.
    S(&'a str),
}

impl From<f64> for V<'_> {
    fn from(x: f64) -> Self {
        V::N(x)
    }
}

impl<'a> From<&'a str> for V<'a> {
    fn from(s: &'a str) -> Self {
        V::S(s)
    }
}

impl<'a> From<&'a String> for V<'a> {
    fn from(s: &'a String) -> Self {
        V::S(s.as_str())
    }
}

/// Writes SVG markup with escaping and fixed number formatting.
#[derive(Debug)]
pub(crate) struct SvgBuilder {
    buf: String,
    width: u32,
    height: u32,
    depth: usize,
}

impl SvgBuilder {
    /// Starts an `<svg>` of `width` × `height` CSS pixels with an accessible
    /// name (`title`) and a longer text description (`desc`).
    pub(crate) fn new(width: f64, height: f64, title: &str, desc: &str) -> Self {
        let w = width.ceil().clamp(1.0, 100_000.0);
        let h = height.ceil().clamp(1.0, 100_000.0);
        let mut b = SvgBuilder {
            buf: String::with_capacity(4096),
            width: w as u32,
            height: h as u32,
            depth: 0,
        };
        b.start(
            "svg",
            &[
                ("xmlns", "http://www.w3.org/2000/svg".into()),
                (
                    "viewBox",
                    format!("0 0 {} {}", Num(w), Num(h)).as_str().into(),
                ),
                ("width", w.into()),
                ("height", h.into()),
                ("role", "img".into()),
                ("aria-label", title.into()),
                ("font-family", FONT_FAMILY.into()),
                ("font-size", 12.0.into()),
                ("fill", INK.into()),
            ],
        );
        b.text_el("title", &[], title);
        b.text_el("desc", &[], desc);
        b
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.buf.push(' ');
        }
    }

    fn attrs(&mut self, attrs: &[(&str, V<'_>)]) {
        for (k, v) in attrs {
            self.buf.push(' ');
            self.buf.push_str(k);
            self.buf.push_str("=\"");
            match v {
                V::N(x) => {
                    let _ = write!(self.buf, "{}", Num(*x));
                }
                V::S(s) => push_escaped(&mut self.buf, s),
            }
            self.buf.push('"');
        }
    }

    /// Opens `<name …>`; close it with [`Self::end`].
    pub(crate) fn start(&mut self, name: &str, attrs: &[(&str, V<'_>)]) {
        self.indent();
        self.buf.push('<');
        self.buf.push_str(name);
        self.attrs(attrs);
        self.buf.push_str(">\n");
        self.depth += 1;
    }

    /// Closes the innermost open element, `name`.
    pub(crate) fn end(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push_str(">\n");
    }

    /// An empty element `<name …/>`.
    pub(crate) fn leaf(&mut self, name: &str, attrs: &[(&str, V<'_>)]) {
        self.indent();
        self.buf.push('<');
        self.buf.push_str(name);
        self.attrs(attrs);
        self.buf.push_str("/>\n");
    }

    /// An element with a `<title>` child: a tooltip in browsers and the
    /// element's accessible name.
    pub(crate) fn titled(&mut self, name: &str, attrs: &[(&str, V<'_>)], tooltip: &str) {
        self.indent();
        self.buf.push('<');
        self.buf.push_str(name);
        self.attrs(attrs);
        self.buf.push_str("><title>");
        push_escaped(&mut self.buf, tooltip);
        self.buf.push_str("</title></");
        self.buf.push_str(name);
        self.buf.push_str(">\n");
    }

    /// An element whose content is escaped text.
    pub(crate) fn text_el(&mut self, name: &str, attrs: &[(&str, V<'_>)], text: &str) {
        self.indent();
        self.buf.push('<');
        self.buf.push_str(name);
        self.attrs(attrs);
        self.buf.push('>');
        push_escaped(&mut self.buf, text);
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push_str(">\n");
    }

    /// A `<text>` element at (`x`, `y`) with extra attributes.
    pub(crate) fn text(&mut self, x: f64, y: f64, attrs: &[(&str, V<'_>)], text: &str) {
        let mut all: Vec<(&str, V<'_>)> = Vec::with_capacity(attrs.len() + 2);
        all.push(("x", x.into()));
        all.push(("y", y.into()));
        all.extend_from_slice(attrs);
        self.text_el("text", &all, text);
    }

    /// A `<text>` element showing `shown`, with a `<title>` tooltip holding
    /// `full` when the two differ (a truncated label).
    pub(crate) fn label(
        &mut self,
        x: f64,
        y: f64,
        attrs: &[(&str, V<'_>)],
        shown: &str,
        full: &str,
    ) {
        if shown == full {
            self.text(x, y, attrs, shown);
            return;
        }
        self.indent();
        self.buf.push_str("<text");
        self.attrs(&[("x", x.into()), ("y", y.into())]);
        self.attrs(attrs);
        self.buf.push_str("><title>");
        push_escaped(&mut self.buf, full);
        self.buf.push_str("</title>");
        push_escaped(&mut self.buf, shown);
        self.buf.push_str("</text>\n");
    }

    /// Closes the root element and returns the finished [`Svg`].
    pub(crate) fn finish(mut self) -> Svg {
        while self.depth > 1 {
            self.end("g");
        }
        self.end("svg");
        Svg {
            markup: self.buf,
            width: self.width,
            height: self.height,
        }
    }
}

/// Path data builder with fixed number formatting.
#[derive(Debug, Default)]
pub(crate) struct PathData(String);

impl PathData {
    /// Moves to (`x`, `y`).
    pub(crate) fn m(&mut self, x: f64, y: f64) -> &mut Self {
        let _ = write!(self.0, "M{} {}", Num(x), Num(y));
        self
    }
    /// Draws a line to (`x`, `y`).
    pub(crate) fn l(&mut self, x: f64, y: f64) -> &mut Self {
        let _ = write!(self.0, "L{} {}", Num(x), Num(y));
        self
    }
    /// Closes the sub-path.
    pub(crate) fn z(&mut self) -> &mut Self {
        self.0.push('Z');
        self
    }
    /// The path data.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
    /// Whether nothing was drawn.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn num_is_fixed_and_never_nan() {
        assert_eq!(Num(0.0).to_string(), "0");
        assert_eq!(Num(-0.0).to_string(), "0");
        assert_eq!(Num(10.0).to_string(), "10");
        assert_eq!(Num(10.5).to_string(), "10.5");
        assert_eq!(Num(0.126).to_string(), "0.13");
        assert_eq!(Num(-3.456).to_string(), "-3.46");
        assert_eq!(Num(f64::INFINITY).to_string(), "0");
        assert_eq!(Num(1e20).to_string(), "100000000000000000000");
    }

    #[test]
    fn escape_handles_every_markup_character() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape("\u{0}\u{1F}\u{FFFE}ok\t"),
            "\u{FFFD}\u{FFFD}\u{FFFD}ok\t"
        );
    }

    #[test]
    fn truncation_fits_and_marks_with_ellipsis() {
        let long = "Maximiliana Wolfeschlegelsteinhausen";
        let t = truncate_to_width(long, 12.0, 100.0);
        assert!(t.ends_with('…'));
        assert!(text_width(&t, 12.0) <= 100.0);
        assert_eq!(truncate_to_width("Ana", 12.0, 100.0), "Ana");
    }

    #[test]
    fn builder_escapes_attributes_and_text() {
        let mut b = SvgBuilder::new(100.0, 50.0, "A & B", "<desc>");
        b.text(1.0, 2.0, &[("class", "x\"y".into())], "<script>");
        let svg = b.finish();
        let s = svg.as_str();
        assert!(s.contains("aria-label=\"A &amp; B\""));
        assert!(s.contains("<desc>&lt;desc&gt;</desc>"));
        assert!(s.contains("class=\"x&quot;y\""));
        assert!(s.contains("&lt;script&gt;"));
        assert!(!s.contains("<script"));
        assert!(s.ends_with("</svg>\n"));
        assert_eq!((svg.width(), svg.height()), (100, 50));
        assert!(svg.to_document().starts_with("<?xml"));
    }
}
