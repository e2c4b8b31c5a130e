//! A streaming line reader: CRLF, LF and lone CR line ends, a leading BOM
//! removed, UTF-8 checked, line length and total size bounded.
//!
//! Lines are found with a SIMD search (`memchr`) in the reader's own buffer
//! (`BufRead::fill_buf`) and copied once into a reused `String`; a line
//! that spans two buffer fills is assembled in the same `String`. Each line
//! is checked to be UTF-8 once, when it is read.

use std::io::BufRead;
use std::sync::Arc;

use colead_roster::Location;

use crate::error::ReadTranscriptError;

/// Limits a streaming parser enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest line accepted, in bytes (default 1 MiB).
    pub max_line_bytes: u64,
    /// Largest input accepted, in bytes (default 16 GiB).
    pub max_input_bytes: u64,
}

impl Limits {
    /// The defaults: 1 MiB lines, 16 GiB input.
    pub const DEFAULT: Limits = Limits {
        max_line_bytes: 1 << 20,
        max_input_bytes: 16 << 30,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Reads lines one at a time into a reused buffer.
#[derive(Debug)]
pub(crate) struct Lines<R> {
    inner: R,
    /// The line last returned, already checked to be UTF-8.
    current: String,
    line_no: u64,
    read: u64,
    limits: Limits,
    file: Arc<str>,
    first: bool,
    /// The last line ended with a CR: a LF right after it belongs to it.
    skip_lf: bool,
    eof: bool,
}

impl<R> Lines<R> {
    pub(crate) fn file(&self) -> &Arc<str> {
        &self.file
    }

    /// The 1-based number of the line last returned.
    pub(crate) fn line_no(&self) -> u64 {
        self.line_no
    }

    pub(crate) fn location(&self, line: u64, column: u64) -> Location {
        Location::new(Arc::clone(&self.file), line).with_column(column)
    }

    /// The line last returned.
    pub(crate) fn current(&self) -> &str {
        &self.current
    }
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(inner: R, file: Arc<str>, limits: Limits) -> Self {
        Lines {
            inner,
            current: String::with_capacity(256),
            line_no: 0,
            read: 0,
            limits,
            file,
            first: true,
            skip_lf: false,
            eof: false,
        }
    }

    fn io_error(&self, source: std::io::Error) -> ReadTranscriptError {
        ReadTranscriptError::Io {
            path: self.file.to_string().into(),
            source,
        }
    }

    /// The reader's buffer, refilled when empty; retries on `Interrupted`.
    fn fill(&mut self) -> Result<usize, ReadTranscriptError> {
        loop {
            match self.inner.fill_buf() {
                Ok(b) => return Ok(b.len()),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.io_error(e)),
            }
        }
    }

    fn too_long(&self) -> ReadTranscriptError {
        ReadTranscriptError::LineTooLong {
            location: Location::new(Arc::clone(&self.file), self.line_no + 1),
            limit: self.limits.max_line_bytes,
        }
    }

    /// The next line without its terminator, or `None` at the end.
    pub(crate) fn next_line(&mut self) -> Result<Option<&str>, ReadTranscriptError> {
        if self.eof {
            return Ok(None);
        }
        let mut bytes = std::mem::take(&mut self.current).into_bytes();
        bytes.clear();
        let max = usize::try_from(self.limits.max_line_bytes).unwrap_or(usize::MAX);
        let mut consumed: u64 = 0;
        let mut ended = false;
        loop {
            if self.fill()? == 0 {
                self.eof = true;
                break;
            }
            let Ok(buf) = self.inner.fill_buf() else {
                break;
            };
            let mut from = 0;
            if self.skip_lf {
                self.skip_lf = false;
                if buf.first() == Some(&b'\n') {
                    from = 1;
                }
            }
            let rest = buf.get(from..).unwrap_or_default();
            let (take, used, cr) = match memchr::memchr2(b'\n', b'\r', rest) {
                Some(p) => (p, p + 1, rest.get(p) == Some(&b'\r')),
                None => (rest.len(), rest.len(), false),
            };
            let found = used > take;
            if bytes.len().saturating_add(take) > max {
                return Err(self.too_long());
            }
            bytes.extend_from_slice(rest.get(..take).unwrap_or_default());
            let n = from + used;
            self.inner.consume(n);
            consumed += n as u64;
            if found {
                self.skip_lf = cr;
                ended = true;
                break;
            }
        }
        if !ended && consumed == 0 {
            self.current = String::from_utf8(bytes).unwrap_or_default();
            return Ok(None);
        }
        self.read += consumed;
        if self.read > self.limits.max_input_bytes {
            return Err(ReadTranscriptError::TooLarge {
                file: self.file.to_string(),
                limit: self.limits.max_input_bytes,
            });
        }
        if !ended && bytes.is_empty() {
            // Only the LF of a CRLF split across two fills was left.
            self.current = String::from_utf8(bytes).unwrap_or_default();
            return Ok(None);
        }
        if self.first {
            self.first = false;
            if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
                bytes.drain(..3);
            }
        }
        self.line_no += 1;
        match String::from_utf8(bytes) {
            Ok(s) => {
                self.current = s;
                Ok(Some(&self.current))
            }
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let good = e.as_bytes().get(..valid).unwrap_or(&[]);
                let col = String::from_utf8_lossy(good).chars().count() as u64 + 1;
                Err(ReadTranscriptError::InvalidUtf8 {
                    location: self.location(self.line_no, col),
                })
            }
        }
    }
}
/// The 1-based character column of byte offset `byte` in `line`.
pub(crate) fn column_of(line: &str, byte: usize) -> u64 {
    let b = byte.min(line.len());
    let mut b = b;
    while b > 0 && !line.is_char_boundary(b) {
        b -= 1;
    }
    line.get(..b).map_or(0, |p| p.chars().count()) as u64 + 1
}

/// A short excerpt of a line for messages (at most 60 characters).
pub(crate) fn excerpt(s: &str) -> String {
    if s.chars().count() <= 60 {
        s.to_owned()
    } else {
        let mut e: String = s.chars().take(57).collect();
        e.push('…');
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> Result<Vec<String>, ReadTranscriptError> {
        let mut l = Lines::new(input, Arc::from("t"), Limits::DEFAULT);
        let mut out = Vec::new();
        while let Some(s) = l.next_line()? {
            out.push(s.to_owned());
        }
        Ok(out)
    }

    #[test]
    fn line_ends_and_bom() {
        assert_eq!(
            all(b"\xEF\xBB\xBFa\r\nb\rc\nd").unwrap(),
            vec!["a", "b", "c", "d"]
        );
        assert_eq!(all(b"a\n\nb\n").unwrap(), vec!["a", "", "b"]);
    }

    #[test]
    fn regression_lines_split_across_buffer_fills_read_the_same() {
        let input: &[u8] = b"\xEF\xBB\xBFWEBVTT\r\n\r\nx\ry\r\r\nz\n\nlast\r";
        let whole = all(input).unwrap();
        assert_eq!(whole, vec!["WEBVTT", "", "x", "y", "", "z", "", "last"]);
        for cap in 1..9 {
            let r = std::io::BufReader::with_capacity(cap, input);
            let mut l = Lines::new(r, Arc::from("t"), Limits::DEFAULT);
            let mut out = Vec::new();
            while let Some(s) = l.next_line().unwrap() {
                out.push(s.to_owned());
            }
            assert_eq!(out, whole, "buffer of {cap} bytes");
            assert_eq!(l.line_no(), 8);
        }
    }

    #[test]
    fn invalid_utf8_has_a_column() {
        let e = all(b"ok\nab\xFFc\n").unwrap_err();
        assert_eq!(e.location().unwrap().to_string(), "t:2:3");
    }

    #[test]
    fn long_lines_are_refused() {
        let limits = Limits {
            max_line_bytes: 4,
            max_input_bytes: 100,
        };
        let mut l = Lines::new(&b"abcdefgh\n"[..], Arc::from("t"), limits);
        assert!(matches!(
            l.next_line(),
            Err(ReadTranscriptError::LineTooLong { .. })
        ));
        let limits = Limits {
            max_line_bytes: 100,
            max_input_bytes: 5,
        };
        let mut l = Lines::new(&b"abc\ndef\n"[..], Arc::from("t"), limits);
        assert!(l.next_line().is_ok());
        assert!(matches!(
            l.next_line(),
            Err(ReadTranscriptError::TooLarge { .. })
        ));
    }
}
