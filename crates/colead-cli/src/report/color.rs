//! Colour-blind-safe palettes and WCAG contrast.
//!
//! Categories use the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal
//! Design"), designed to stay distinguishable under protanopia,
//! deuteranopia and tritanopia. Ordered statuses (coverage Gap → Thin →
//! Covered) use a single-hue blue ramp whose lightness alone carries the
//! order, so it reads the same in greyscale and for every kind of colour
//! vision. Charts never rely on colour alone: statuses are also written as
//! words, event kinds also have shapes, and the legend names every colour.
//!
//! Text on a coloured fill is chosen by [`text_on`], which picks the ink
//! with the higher WCAG 2.x contrast ratio.

use std::fmt;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// WCAG 2.x relative luminance, in `0..=1`.
    ///
    /// # Formula
    ///
    /// L = 0.2126 R + 0.7152 G + 0.0722 B, each channel linearised from
    /// sRGB: c/12.92 when c ≤ 0.04045, ((c + 0.055)/1.055)^2.4 otherwise.
    ///
    /// # Reference
    ///
    /// W3C, *Web Content Accessibility Guidelines 2.1*, "relative luminance".
    pub fn luminance(self) -> f64 {
        fn lin(c: u8) -> f64 {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// WCAG 2.x contrast ratio between two colours, from 1 to 21.
    ///
    /// # Formula
    ///
    /// (L_lighter + 0.05) / (L_darker + 0.05).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Dark ink (`#1a1a1a`).
pub const INK: Rgb = Rgb(0x1a, 0x1a, 0x1a);
/// White.
pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
/// Neutral grey for "other" and missing categories (`#999999`).
pub const OTHER: Rgb = Rgb(0x99, 0x99, 0x99);

/// The Okabe–Ito palette without black, in the order categories receive
/// them: blue, orange, bluish green, vermillion, sky blue, reddish purple,
/// yellow. Seven colours; further categories are grouped as "other" in
/// [`OTHER`] grey.
pub const CATEGORICAL: [Rgb; 7] = [
    Rgb(0x00, 0x72, 0xB2),
    Rgb(0xE6, 0x9F, 0x00),
    Rgb(0x00, 0x9E, 0x73),
    Rgb(0xD5, 0x5E, 0x00),
    Rgb(0x56, 0xB4, 0xE9),
    Rgb(0xCC, 0x79, 0xA7),
    Rgb(0xF0, 0xE4, 0x42),
];

/// The colour of category number `i` (in the order the chart ranks
/// categories), or [`OTHER`] beyond the palette.
pub fn categorical(i: usize) -> Rgb {
    CATEGORICAL.get(i).copied().unwrap_or(OTHER)
}

/// Accent for highlighted bars and reference lines: Okabe–Ito vermillion.
pub const ACCENT: Rgb = Rgb(0xD5, 0x5E, 0x00);
/// Primary data colour: Okabe–Ito blue.
pub const PRIMARY: Rgb = Rgb(0x00, 0x72, 0xB2);
/// De-emphasised data colour: a light blue-grey.
pub const MUTED: Rgb = Rgb(0xA8, 0xB8, 0xC8);
/// Reddish purple (Okabe–Ito), used for step-backs.
pub const PURPLE: Rgb = Rgb(0xCC, 0x79, 0xA7);

/// Three-step single-hue ramp for ordered statuses, light to dark: used for
/// Gap, Thin, Covered.
pub const ORDINAL3: [Rgb; 3] = [
    Rgb(0xF1, 0xF1, 0xEE),
    Rgb(0x9E, 0xCA, 0xE1),
    Rgb(0x21, 0x66, 0xAC),
];

/// The ink ([`INK`] or [`WHITE`]) with the higher contrast on `background`.
pub fn text_on(background: Rgb) -> Rgb {
    if INK.contrast(background) >= WHITE.contrast(background) {
        INK
    } else {
        WHITE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_reference_points() {
        assert!((INK.contrast(WHITE) - 17.4).abs() < 0.1);
        assert!((Rgb(0, 0, 0).contrast(WHITE) - 21.0).abs() < 1e-9);
        assert!((WHITE.contrast(WHITE) - 1.0).abs() < 1e-12);
        // #767676 on white is the classic 4.54:1 AA boundary.
        assert!((Rgb(0x76, 0x76, 0x76).contrast(WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn text_on_every_palette_colour_reaches_aa_large_text() {
        for c in CATEGORICAL
            .iter()
            .chain(&ORDINAL3)
            .chain(&[OTHER, ACCENT, MUTED])
        {
            let ink = text_on(*c);
            assert!(ink.contrast(*c) >= 4.5, "{c}: {}", ink.contrast(*c));
        }
    }

    #[test]
    fn ordinal_ramp_gets_darker() {
        let l: Vec<f64> = ORDINAL3.iter().map(|c| c.luminance()).collect();
        assert!(l.windows(2).all(|w| w[0] > w[1] * 1.5), "{l:?}");
    }

    #[test]
    fn hex_is_lowercase_six_digits() {
        assert_eq!(Rgb(0x00, 0x72, 0xB2).hex(), "#0072b2");
        assert_eq!(categorical(99), OTHER);
    }
}
