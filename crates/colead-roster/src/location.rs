//! Where in a user's file something was found.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A position in an input file: the file's name, a 1-based line and, where
/// the format has one, a 1-based column.
///
/// Every colead parser attaches a `Location` to the errors and warnings it
/// reports, so that a message can point a user at the exact spot to fix.
/// For CSV input the column is the 1-based *field* number (as a spreadsheet
/// shows it); for text formats (WebVTT, TOML, JSON) it is the 1-based
/// character column.
///
/// It displays as `file:line:column` (or `file:line` without a column), the
/// form editors and terminals recognise.
///
/// # Example
///
/// ```
/// use colead_roster::Location;
///
/// let at = Location::new("members.csv", 4).with_column(2);
/// assert_eq!(at.to_string(), "members.csv:4:2");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Location {
    file: Arc<str>,
    line: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    column: Option<u64>,
}

impl Location {
    /// A location at `line` (1-based) of `file`, without a column.
    pub fn new(file: impl Into<Arc<str>>, line: u64) -> Self {
        Location {
            file: file.into(),
            line,
            column: None,
        }
    }

    /// The same location with a 1-based column.
    #[must_use]
    pub fn with_column(mut self, column: u64) -> Self {
        self.column = Some(column);
        self
    }

    /// The file's name as the user gave it (or a label such as `<input>`).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The 1-based line.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The 1-based column, when the format has one.
    pub fn column(&self) -> Option<u64> {
        self.column
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "{}:{}:{}", self.file, self.line, c),
            None => write!(f, "{}:{}", self.file, self.line),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_without_column() {
        assert_eq!(Location::new("a.csv", 7).to_string(), "a.csv:7");
    }

    #[test]
    fn accessors_return_parts() {
        let l = Location::new("x", 3).with_column(9);
        assert_eq!((l.file(), l.line(), l.column()), ("x", 3, Some(9)));
    }
}
