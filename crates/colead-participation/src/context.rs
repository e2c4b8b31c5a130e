//! What a meeting's transcript does not say: who attended, and the agenda.

use colead_roster::Location;
use serde::{Deserialize, Serialize};

use crate::diag::Warnings;
use crate::time::Time;

/// One stretch of presence: a person joined at `join` and left at `leave`
/// (offsets from the start of the recording). A person who rejoins has
/// several entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceEntry {
    /// The name, email or id as written (resolved against the roster like a
    /// speaker label).
    pub name: String,
    /// The meeting the row is for, when the file has a `meeting` column.
    pub meeting: Option<String>,
    /// Join time.
    pub join: Time,
    /// Leave time.
    pub leave: Time,
    /// Where the row is.
    pub location: Location,
}

/// An attendance report: who was in the meeting, when.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Attendance {
    /// Rows in file order.
    pub entries: Vec<AttendanceEntry>,
    /// What the reader skipped or noticed.
    pub warnings: Warnings,
}

impl Attendance {
    /// The rows that apply to `meeting_id`: rows without a meeting, and
    /// rows naming it.
    pub fn for_meeting<'a>(
        &'a self,
        meeting_id: &'a str,
    ) -> impl Iterator<Item = &'a AttendanceEntry> + 'a {
        self.entries
            .iter()
            .filter(move |e| e.meeting.as_deref().is_none_or(|m| m == meeting_id))
    }
}

/// An agenda item with its planned length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    /// The item's id (unique within a meeting's agenda).
    pub id: String,
    /// A title for reports.
    pub title: Option<String>,
    /// Planned length.
    pub planned: Time,
    /// Who leads the item (a name or member id), when given.
    pub owner: Option<String>,
    /// The meeting the item belongs to, when the file names one.
    pub meeting: Option<String>,
}

/// The moment the meeting moved to an item. A mark naming an id that is
/// not on the agenda (conventionally `other`) starts off-agenda time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaMark {
    /// The item's id.
    pub item: String,
    /// When the item started (offset from the recording's start).
    pub start: Time,
    /// The meeting the mark belongs to, when the file names one.
    pub meeting: Option<String>,
    /// Where the mark is written.
    pub location: Location,
}

/// A meeting agenda: planned items in planned order, and marks of when
/// the meeting actually moved to each.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    /// Items in planned order.
    pub items: Vec<AgendaItem>,
    /// Marks in file order.
    pub marks: Vec<AgendaMark>,
}

impl Agenda {
    /// The part of the agenda that applies to `meeting_id`.
    pub fn for_meeting(&self, meeting_id: &str) -> Agenda {
        let ok = |m: &Option<String>| m.as_deref().is_none_or(|x| x == meeting_id);
        Agenda {
            items: self
                .items
                .iter()
                .filter(|i| ok(&i.meeting))
                .cloned()
                .collect(),
            marks: self
                .marks
                .iter()
                .filter(|m| ok(&m.meeting))
                .cloned()
                .collect(),
        }
    }

    /// Whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
