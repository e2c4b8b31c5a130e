//! A streaming line reader: CRLF, LF and lone CR line ends, a leading BOM
//! removed, UTF-8 checked, line length and total size bounded.

use std::collections::VecDeque;
use std::io::{BufRead, Read};
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
    buf: Vec<u8>,
    queued: VecDeque<Vec<u8>>,
    current: Vec<u8>,
    line_no: u64,
    read: u64,
    limits: Limits,
    file: Arc<str>,
    first: bool,
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

    /// The line last returned (already checked to be UTF-8).
    pub(crate) fn current(&self) -> &str {
        std::str::from_utf8(&self.current).unwrap_or("")
    }
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(inner: R, file: Arc<str>, limits: Limits) -> Self {
        Lines {
            inner,
            buf: Vec::with_capacity(256),
            queued: VecDeque::new(),
            current: Vec::new(),
            line_no: 0,
            read: 0,
            limits,
            file,
            first: true,
            eof: false,
        }
    }

    /// The next line without its terminator, or `None` at the end.
    pub(crate) fn next_line(&mut self) -> Result<Option<&str>, ReadTranscriptError> {
        if let Some(q) = self.queued.pop_front() {
            self.current = q;
            self.line_no += 1;
            return self.check_current();
        }
        if self.eof {
            return Ok(None);
        }
        self.buf.clear();
        let limit = self.limits.max_line_bytes.saturating_add(2);
        let n = (&mut self.inner)
            .take(limit)
            .read_until(b'\n', &mut self.buf)
            .map_err(|source| ReadTranscriptError::Io {
                path: self.file.to_string().into(),
                source,
            })?;
        if n == 0 {
            self.eof = true;
            return Ok(None);
        }
        self.read += n as u64;
        if self.read > self.limits.max_input_bytes {
            return Err(ReadTranscriptError::TooLarge {
                file: self.file.to_string(),
                limit: self.limits.max_input_bytes,
            });
        }
        let had_newline = self.buf.last() == Some(&b'\n');
        if had_newline {
            self.buf.pop();
        } else if n as u64 >= limit {
            return Err(ReadTranscriptError::LineTooLong {
                location: Location::new(Arc::clone(&self.file), self.line_no + 1),
                limit: self.limits.max_line_bytes,
            });
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        if self.first {
            self.first = false;
            if self.buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
                self.buf.drain(..3);
            }
        }
        if self.buf.contains(&b'\r') {
            // Lone CR line ends (valid in WebVTT): split.
            let mut parts = self.buf.split(|&b| b == b'\r');
            let first = parts.next().map(<[u8]>::to_vec).unwrap_or_default();
            for p in parts {
                self.queued.push_back(p.to_vec());
            }
            self.current = first;
        } else {
            std::mem::swap(&mut self.current, &mut self.buf);
        }
        self.line_no += 1;
        if self.current.len() as u64 > self.limits.max_line_bytes {
            return Err(ReadTranscriptError::LineTooLong {
                location: Location::new(Arc::clone(&self.file), self.line_no),
                limit: self.limits.max_line_bytes,
            });
        }
        self.check_current()
    }

    fn check_current(&mut self) -> Result<Option<&str>, ReadTranscriptError> {
        match std::str::from_utf8(&self.current) {
            Ok(s) => Ok(Some(s)),
            Err(e) => {
                let good = self.current.get(..e.valid_up_to()).unwrap_or(&[]);
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
