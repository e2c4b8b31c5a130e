//! A fast reader for the plain subset of TOML that policy files use, with
//! the `toml` crate as the reference and the fallback.
//!
//! The subset: comments; `[table]` and `[[array]]` headers with one bare
//! key; `key = value` lines with bare keys; values that are basic strings
//! without escapes, literal strings, decimal integers, booleans and arrays
//! of those (over several lines, with comments and a trailing comma).
//! Anything else — escapes, multi-line strings, floats, dates, inline
//! tables, dotted or quoted keys, a repeated key or table, a lone CR —
//! makes [`from_str`] return `None`, and the caller parses the text with
//! `toml` instead. So does any error of the typed mapping, so every
//! message and position still comes from `toml`: this reader only ever
//! returns a value that `toml::from_str` would have returned.
//!
//! It exists because `toml` builds a spanned document tree with an
//! allocation per key before serde maps it: for a policy of 10,000 grants
//! that took three quarters of loading (see `docs/benchmarks.md`).

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

/// Reads `text` into `T` when it is in the subset and maps without error.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let root = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
    }
    .document()?;
    T::deserialize(Val::Table(root)).ok()
}

/// A value of the subset, borrowing its strings from the text.
#[derive(Debug)]
enum Val<'a> {
    Str(&'a str),
    Int(i64),
    Bool(bool),
    Arr(Vec<Val<'a>>),
    /// An array of tables made by `[[name]]` headers (can grow).
    Tables(Vec<Table<'a>>),
    Table(Table<'a>),
}

type Table<'a> = Vec<(&'a str, Val<'a>)>;

const MAX_DEPTH: u32 = 32;

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

fn has_key(t: &Table<'_>, k: &str) -> bool {
    t.iter().any(|(x, _)| *x == k)
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    /// A comment up to (not including) the line end; `None` on a control
    /// character, which TOML forbids in comments.
    fn comment(&mut self) -> Option<()> {
        while let Some(c) = self.peek() {
            if c == b'\n' || c == b'\r' {
                break;
            }
            if (c < 0x20 && c != b'\t') || c == 0x7f {
                return None;
            }
            self.i += 1;
        }
        Some(())
    }

    /// Whitespace, an optional comment and a line end (or the end).
    fn line_end(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek() == Some(b'#') {
            self.comment()?;
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.i += 1;
                Some(())
            }
            Some(b'\r') if self.s.get(self.i + 1) == Some(&b'\n') => {
                self.i += 2;
                Some(())
            }
            _ => None,
        }
    }

    fn bare_key(&mut self) -> Option<&'a str> {
        let start = self.i;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        {
            self.i += 1;
        }
        if self.i == start {
            return None;
        }
        self.text.get(start..self.i)
    }

    fn document(&mut self) -> Option<Table<'a>> {
        let mut root: Table<'a> = Vec::new();
        // Where keys go: the root, or the last table of a root entry.
        let mut current: Option<usize> = None;
        loop {
            self.skip_ws();
            match self.peek() {
                None => return Some(root),
                Some(b'\n' | b'\r' | b'#') => self.line_end()?,
                Some(b'[') => {
                    self.i += 1;
                    let array = self.peek() == Some(b'[');
                    if array {
                        self.i += 1;
                    }
                    self.skip_ws();
                    let name = self.bare_key()?;
                    self.skip_ws();
                    if self.peek() != Some(b']') {
                        return None;
                    }
                    self.i += 1;
                    if array {
                        if self.peek() != Some(b']') {
                            return None;
                        }
                        self.i += 1;
                    }
                    self.line_end()?;
                    let found = root.iter().position(|(k, _)| *k == name);
                    current = Some(match (found, array) {
                        (None, false) => {
                            root.push((name, Val::Table(Vec::new())));
                            root.len() - 1
                        }
                        (None, true) => {
                            root.push((name, Val::Tables(vec![Vec::with_capacity(8)])));
                            root.len() - 1
                        }
                        (Some(at), true) => match root.get_mut(at) {
                            Some((_, Val::Tables(v))) => {
                                v.push(Vec::with_capacity(8));
                                at
                            }
                            _ => return None,
                        },
                        (Some(_), false) => return None,
                    });
                }
                Some(_) => {
                    let key = self.bare_key()?;
                    self.skip_ws();
                    if self.peek() != Some(b'=') {
                        return None;
                    }
                    self.i += 1;
                    self.skip_ws();
                    let v = self.value(0)?;
                    self.line_end()?;
                    let table = match current {
                        None => &mut root,
                        Some(at) => match root.get_mut(at) {
                            Some((_, Val::Table(t))) => t,
                            Some((_, Val::Tables(v))) => v.last_mut()?,
                            _ => return None,
                        },
                    };
                    if has_key(table, key) {
                        return None;
                    }
                    table.push((key, v));
                }
            }
        }
    }

    /// Whitespace, newlines and comments inside an array.
    fn array_space(&mut self) -> Option<()> {
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'#' | b'\n' | b'\r') => self.line_end()?,
                _ => return Some(()),
            }
        }
    }

    fn value(&mut self, depth: u32) -> Option<Val<'a>> {
        match self.peek()? {
            q @ (b'"' | b'\'') => {
                self.i += 1;
                let start = self.i;
                if self.peek() == Some(q) && self.s.get(self.i + 1) == Some(&q) {
                    return None; // multi-line string
                }
                loop {
                    let c = self.peek()?;
                    if c == q {
                        break;
                    }
                    if (q == b'"' && c == b'\\') || (c < 0x20 && c != b'\t') || c == 0x7f {
                        return None;
                    }
                    self.i += 1;
                }
                let s = self.text.get(start..self.i)?;
                self.i += 1;
                Some(Val::Str(s))
            }
            b't' | b'f' => {
                let rest = self.s.get(self.i..)?;
                let (v, n) = if rest.starts_with(b"true") {
                    (true, 4)
                } else if rest.starts_with(b"false") {
                    (false, 5)
                } else {
                    return None;
                };
                self.i += n;
                self.delimiter()?;
                Some(Val::Bool(v))
            }
            b'0'..=b'9' | b'+' | b'-' => {
                let neg = self.peek() == Some(b'-');
                if matches!(self.peek(), Some(b'+' | b'-')) {
                    self.i += 1;
                }
                let start = self.i;
                let mut n: i64 = 0;
                while let Some(c) = self.peek().filter(u8::is_ascii_digit) {
                    let d = i64::from(c - b'0');
                    n = n.checked_mul(10).and_then(|n| {
                        if neg {
                            n.checked_sub(d)
                        } else {
                            n.checked_add(d)
                        }
                    })?;
                    self.i += 1;
                }
                let len = self.i - start;
                if len == 0 || (len > 1 && self.s.get(start) == Some(&b'0')) {
                    return None;
                }
                self.delimiter()?;
                Some(Val::Int(n))
            }
            b'[' if depth < MAX_DEPTH => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.array_space()?;
                    if self.peek() == Some(b']') {
                        self.i += 1;
                        return Some(Val::Arr(items));
                    }
                    items.push(self.value(depth + 1)?);
                    self.array_space()?;
                    match self.peek()? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(Val::Arr(items));
                        }
                        _ => return None,
                    }
                }
            }
            _ => None,
        }
    }

    /// What may follow a bare value: whitespace, `,`, `]`, a comment or a
    /// line end (so `1.5`, `1979-05-27`, `1_000` or `truex` fall back).
    fn delimiter(&self) -> Option<()> {
        match self.peek() {
            None | Some(b' ' | b'\t' | b',' | b']' | b'#' | b'\n' | b'\r') => Some(()),
            _ => None,
        }
    }
}

/// Any mapping error: the caller falls back to `toml`, which reports it.
#[derive(Debug)]
struct Fallback;

impl fmt::Display for Fallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the fast TOML subset")
    }
}

impl std::error::Error for Fallback {}

impl de::Error for Fallback {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Fallback
    }
}

struct Seq<'a, I: Iterator<Item = Val<'a>>>(I);

impl<'de, I: Iterator<Item = Val<'de>>> de::SeqAccess<'de> for Seq<'de, I> {
    type Error = Fallback;
    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Fallback> {
        match self.0.next() {
            Some(v) => seed.deserialize(v).map(Some),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        let (lo, hi) = self.0.size_hint();
        (Some(lo) == hi).then_some(lo)
    }
}

struct Map<'a> {
    it: std::vec::IntoIter<(&'a str, Val<'a>)>,
    value: Option<Val<'a>>,
}

impl<'de> de::MapAccess<'de> for Map<'de> {
    type Error = Fallback;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Fallback> {
        match self.it.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(BorrowedStrDeserializer::<Fallback>::new(k))
                    .map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Fallback> {
        seed.deserialize(self.value.take().ok_or(Fallback)?)
    }
}

/// Visits a sequence and refuses leftover elements (as a strict reader
/// would), so that a length mismatch falls back to `toml`.
fn visit_all<'de, V: Visitor<'de>, I: Iterator<Item = Val<'de>>>(
    visitor: V,
    it: I,
) -> Result<V::Value, Fallback> {
    let mut seq = Seq(it);
    let out = visitor.visit_seq(&mut seq)?;
    match seq.0.next() {
        None => Ok(out),
        Some(_) => Err(Fallback),
    }
}

impl<'de> de::Deserializer<'de> for Val<'de> {
    type Error = Fallback;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fallback> {
        match self {
            Val::Str(s) => visitor.visit_borrowed_str(s),
            Val::Int(n) => visitor.visit_i64(n),
            Val::Bool(b) => visitor.visit_bool(b),
            Val::Arr(items) => visit_all(visitor, items.into_iter()),
            Val::Tables(tables) => visit_all(visitor, tables.into_iter().map(Val::Table)),
            Val::Table(t) => {
                let mut map = Map {
                    it: t.into_iter(),
                    value: None,
                };
                let out = visitor.visit_map(&mut map)?;
                match map.it.next() {
                    None => Ok(out),
                    Some(_) => Err(Fallback),
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fallback> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fallback> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fallback> {
        match self {
            Val::Str(s) => visitor.visit_enum(s.into_deserializer()),
            _ => Err(Fallback),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fallback> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parses(t: &str) -> bool {
        Parser {
            s: t.as_bytes(),
            text: t,
            i: 0,
        }
        .document()
        .is_some()
    }

    #[test]
    fn the_subset_is_read_and_everything_else_falls_back() {
        assert!(parses(
            "a = 1\nb = \"x\" # c\n[t]\nk = ['l', \"m\",\n  # c\n  -3,]\n[[g]]\nid = true\n[[g]]\nid = false\r\n"
        ));
        for t in [
            "a = 1.5\n",
            "a = 1979-05-27\n",
            "a = 1_000\n",
            "a = 01\n",
            "a = \"x\\ty\"\n",
            "a = \"\"\"x\"\"\"\n",
            "a = { b = 1 }\n",
            "a.b = 1\n",
            "\"a\" = 1\n",
            "a = 1\na = 2\n",
            "[t]\n[t]\n",
            "a = 1\n[[a]]\n",
            "a = 1\rb = 2\n",
            "a = 1 b\n",
            "a = truex\n",
            "\u{feff}a = 1\n",
        ] {
            assert!(!parses(t), "{t:?} should fall back");
        }
    }

    const SUBSET_POLICY: &str = r#"# every kind of field, in the subset
format_version = 1
name = "subset"
effective = "2024-01-01T00:00:00Z"

[charter]
collective = ["a", "b", 'c']
quorum = 2
conflicting = [["spend", "pay"],]

[lints]
no-expiry = "allow"

[[area]]
id = "org"
[[area]]
id = "east"   # a comment
parent = "org"

[[kind]]
id = "spend"
currency = "EUR"
[[kind]]
id = "pay"
currency = "EUR"

[[circle]]
id = "board"
members = [
  "a", # first
  "b",
]
quorum = 2

[[grant]]
id = "g1"
delegate = "a"
kinds = ["spend", "pay"]
areas = ["org"]
cap = "5_000.50 EUR"
budget = "20000 EUR"
period = "month"
redelegate = 2
four_eyes_above = "1000 EUR"
no_self_approval = true
exclusive = false
autonomy = "advice"
advice_from = ["b"]
expires_at = "2030-01-01"
purpose = "a é 'quoted' purpose"

[[grant]]
id = "g2"
parent = "g1"
circle = "board"
kinds = ["spend"]
areas = ["east"]
autonomy = "inform"
inform_within_days = 3
not_before = "2024-02-01T00:00:00Z"
expires_at = "2029-01-01T00:00:00Z"
"#;

    #[test]
    fn regression_fast_reader_gives_what_toml_gives() {
        use crate::model::Policy;
        let fast: Policy = from_str(SUBSET_POLICY).expect("in the subset");
        let reference: Policy = toml::from_str(SUBSET_POLICY).expect("valid TOML");
        assert_eq!(fast, reference);
        assert_eq!(fast.grants.len(), 2);
        // CRLF line ends read the same.
        let crlf = SUBSET_POLICY.replace('\n', "\r\n");
        assert_eq!(from_str::<Policy>(&crlf), Some(reference));
    }

    #[test]
    fn mapping_errors_fall_back_so_toml_reports_them() {
        use crate::model::Policy;
        for (bad, want) in [
            ("grant_typo = 1\n", "p.toml:"),
            (
                "format_version = 1\n[charter]\ncollective = 7\n",
                "p.toml:3:14: ",
            ),
            (
                "format_version = 1\n[charter]\ncollective = [\"a\"]\n[[grant]]\nid = \"g\"\ndelegate = \"a\"\ncap = \"5 euros\"\n",
                "p.toml:7:7: ",
            ),
        ] {
            assert!(from_str::<Policy>(bad).is_none(), "{bad:?}");
            let e = Policy::from_toml_str(bad, "p.toml").expect_err("invalid");
            assert!(e.to_string().starts_with(want), "{e}");
        }
    }
}
