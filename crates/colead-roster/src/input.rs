//! Input helpers shared by colead's parsers: bounded reads and a check for
//! CSV quotes left open.
//!
//! They live here, in the crate every other colead crate depends on, so that
//! each parser applies the same limits and reports the same way.

use std::io::Read;

/// Reads all of `reader`, but at most `limit` bytes.
///
/// Returns `Ok(None)` when the input is longer than `limit` (the caller
/// turns that into its own "too large" error), so a huge or endless input
/// costs at most `limit + 1` bytes of memory.
///
/// # Errors
///
/// The reader's I/O error.
///
/// # Example
///
/// ```
/// use colead_roster::input::read_to_limit;
///
/// assert_eq!(read_to_limit(&b"abc"[..], 3)?, Some(b"abc".to_vec()));
/// assert_eq!(read_to_limit(&b"abcd"[..], 3)?, None);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn read_to_limit<R: Read>(reader: R, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= limit).then_some(buf))
}

/// The 1-based line of byte offsets in a text, for parsers whose reader
/// reports byte offsets (the `csv` crate's record line numbers and byte
/// offsets both lag by one line per CRLF line end: a record after `\r\n`
/// starts, for it, at the `\n`).
///
/// Offsets asked in increasing order cost O(total bytes) together; an
/// earlier offset restarts the count from the start.
///
/// # Example
///
/// ```
/// use colead_roster::input::LineIndex;
///
/// let text = b"a\r\nb\r\nc\n";
/// let mut lines = LineIndex::new(text);
/// assert_eq!(lines.line_at(0), 1);
/// assert_eq!(lines.line_at(2), 2); // the `\n` of line 1: the next line
/// assert_eq!(lines.line_at(3), 2);
/// assert_eq!(lines.line_at(6), 3);
/// assert_eq!(lines.line_at(0), 1); // an earlier offset restarts the count
/// ```
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineIndex<'a> {
    /// Line numbers for `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        LineIndex {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of the first byte at or after `offset` that is not
    /// a line end (`\r`, `\n`); offsets past the end count as the end.
    pub fn line_at(&mut self, offset: u64) -> u64 {
        let mut offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while self
            .bytes
            .get(offset)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            offset += 1;
        }
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        let newlines = self
            .bytes
            .get(self.offset..offset)
            .map_or(0, |s| s.iter().filter(|&&b| b == b'\n').count());
        self.line += newlines as u64;
        self.offset = offset;
        self.line
    }
}

/// Finds a quoted CSV field that is never closed, which a CSV reader would
/// otherwise take as running to the end of the file, swallowing every row
/// after it.
///
/// Follows RFC 4180 as the `csv` crate reads it: a `"` opens a quoted field
/// only at the start of a field, `""` inside quotes is an escaped quote, and
/// a quote in the middle of an unquoted field is an ordinary character.
/// Returns the 1-based line and field number where the open quote is.
///
/// # Example
///
/// ```
/// use colead_roster::input::find_unterminated_quote;
///
/// assert_eq!(find_unterminated_quote(b"a,b\n1,\"x\n2,y\n"), Some((2, 2)));
/// assert_eq!(find_unterminated_quote(b"a,b\n1,\"x\ny\"\n"), None);
/// assert_eq!(find_unterminated_quote(b"size\n12\" screen\n"), None);
/// ```
pub fn find_unterminated_quote(bytes: &[u8]) -> Option<(u64, u64)> {
    let mut line: u64 = 1;
    let mut field: u64 = 1;
    let mut at_field_start = true;
    let mut in_quotes = false;
    let mut opened = (1, 1);
    let mut iter = bytes.iter().peekable();
    while let Some(&b) = iter.next() {
        if in_quotes {
            match b {
                b'"' if iter.peek() == Some(&&b'"') => {
                    iter.next();
                }
                b'"' => in_quotes = false,
                b'\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' if at_field_start => {
                in_quotes = true;
                opened = (line, field);
                at_field_start = false;
            }
            b',' => {
                field += 1;
                at_field_start = true;
            }
            b'\n' => {
                line += 1;
                field = 1;
                at_field_start = true;
            }
            b'\r' => {}
            _ => at_field_start = false,
        }
    }
    in_quotes.then_some(opened)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_quotes_do_not_close() {
        assert_eq!(find_unterminated_quote(b"\"a\"\"b\"\n"), None);
        assert_eq!(find_unterminated_quote(b"x,\"a\"\"\n"), Some((1, 2)));
    }

    #[test]
    fn multiline_quoted_fields_are_fine() {
        assert_eq!(find_unterminated_quote(b"a\r\n\"1\r\n2\"\r\n"), None);
    }
}
