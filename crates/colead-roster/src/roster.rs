//! The roster: every member of a team, in order, with O(1) lookup.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::PushMemberError;
use crate::member::parse_number;
use crate::{Member, MemberId, MemberIndex};

/// Whether a free-form attribute holds numbers or categories.
///
/// When a roster is read from CSV, a column is [`Numeric`](Self::Numeric)
/// when every non-empty value in it is a finite number, and
/// [`Categorical`](Self::Categorical) otherwise (including columns with no
/// values at all). A JSON roster may declare a numeric-looking column
/// categorical (department codes, levels), which the CSV reader cannot know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttributeKind {
    /// Values are labels compared as text.
    Categorical,
    /// Values are finite numbers.
    Numeric,
}

impl fmt::Display for AttributeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AttributeKind::Categorical => "categorical",
            AttributeKind::Numeric => "numeric",
        })
    }
}

/// What a roster column holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The member id (`id`).
    Id,
    /// The display name (`name`).
    Name,
    /// Department or function (`department`).
    Department,
    /// Role (`role`).
    Role,
    /// `youth` or `adult` (`age_group`).
    AgeGroup,
    /// Other names, `;`-separated (`aliases`).
    Aliases,
    /// Skills with levels, `skill:level;…` (`gifts`).
    Gifts,
    /// Any other column, kept as a free-form attribute of that name.
    Attribute(String),
}

impl Field {
    /// The field a header names. Recognised names (`id`, `name`,
    /// `department`, `role`, `age_group`, `aliases`, `gifts`) are matched
    /// ignoring ASCII case and surrounding whitespace; anything else is a
    /// free-form attribute named by the trimmed header.
    pub fn from_header(header: &str) -> Field {
        let h = header.trim();
        let is = |name: &str| h.eq_ignore_ascii_case(name);
        if is("id") {
            Field::Id
        } else if is("name") {
            Field::Name
        } else if is("department") {
            Field::Department
        } else if is("role") {
            Field::Role
        } else if is("age_group") {
            Field::AgeGroup
        } else if is("aliases") {
            Field::Aliases
        } else if is("gifts") {
            Field::Gifts
        } else {
            Field::Attribute(h.to_owned())
        }
    }

    /// The canonical header for this field.
    pub fn canonical_header(&self) -> &str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::Department => "department",
            Field::Role => "role",
            Field::AgeGroup => "age_group",
            Field::Aliases => "aliases",
            Field::Gifts => "gifts",
            Field::Attribute(a) => a,
        }
    }
}

/// One column of a roster's tabular form: what it holds and the header text
/// it had in the file it came from (so writing back keeps the user's
/// spelling and order).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Column {
    field: Field,
    header: String,
}

impl Column {
    /// A column with the field's canonical header.
    pub fn new(field: Field) -> Self {
        let header = field.canonical_header().to_owned();
        Column { field, header }
    }

    /// A column whose header was spelt `header` in the file.
    pub fn with_header(field: Field, header: impl Into<String>) -> Self {
        Column {
            field,
            header: header.into(),
        }
    }

    /// What the column holds.
    pub fn field(&self) -> &Field {
        &self.field
    }

    /// The header text.
    pub fn header(&self) -> &str {
        &self.header
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
struct AttributeStats {
    non_empty: usize,
    non_numeric: usize,
    declared: Option<AttributeKind>,
}

impl AttributeStats {
    fn kind(&self) -> AttributeKind {
        match self.declared {
            Some(k) => k,
            None if self.non_empty > 0 && self.non_numeric == 0 => AttributeKind::Numeric,
            None => AttributeKind::Categorical,
        }
    }
}

/// Every member of a team, in insertion order, with O(1) lookup by id and a
/// dense [`MemberIndex`] per member for algorithms.
///
/// Members are never removed or reordered, so indices stay valid for the
/// roster's life. The roster also remembers its column layout (for writing
/// CSV back as it was read) and the kind of each free-form attribute.
///
/// # Example
///
/// ```
/// use colead_roster::Roster;
///
/// let csv = "id,name,age_group,gifts,school\n\
///            1,Ana,youth,facilitation:4,Lincoln\n\
///            2,Ben,adult,budgeting:3;facilitation:2,\n";
/// let roster = Roster::from_csv_str(csv, "members.csv")?;
/// assert_eq!(roster.len(), 2);
/// let ben = roster.get("2").expect("member 2 exists");
/// assert_eq!(ben.gifts().level("budgeting").map(|l| l.get()), Some(3));
/// assert_eq!(roster.index_of("2").map(|i| i.get()), Some(1));
/// # Ok::<(), colead_roster::LoadRosterError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Roster {
    members: Vec<Member>,
    by_id: HashMap<MemberId, MemberIndex>,
    columns: Vec<Column>,
    attributes: BTreeMap<String, AttributeStats>,
}

impl Roster {
    /// An empty roster (its only column is `id`).
    pub fn new() -> Self {
        Roster {
            members: Vec::new(),
            by_id: HashMap::new(),
            columns: vec![Column::new(Field::Id)],
            attributes: BTreeMap::new(),
        }
    }

    /// Builds a roster from members, in order.
    ///
    /// # Errors
    ///
    /// [`PushMemberError`] on the first duplicate id (or if there are more
    /// than `u32::MAX` members).
    pub fn from_members<I: IntoIterator<Item = Member>>(
        members: I,
    ) -> Result<Self, PushMemberError> {
        let mut r = Roster::new();
        for m in members {
            r.push(m)?;
        }
        Ok(r)
    }

    /// Adds a member at the end and returns its index.
    ///
    /// # Errors
    ///
    /// [`PushMemberError::DuplicateId`] if a member with the same id exists;
    /// [`PushMemberError::ReservedAttribute`] for an attribute named like a
    /// built-in column (or with surrounding whitespace), which would not
    /// read back as itself; [`PushMemberError::TooManyMembers`] past
    /// `u32::MAX` members.
    pub fn push(&mut self, member: Member) -> Result<MemberIndex, PushMemberError> {
        if let Some(first) = self.by_id.get(member.id()) {
            return Err(PushMemberError::DuplicateId {
                id: member.id().clone(),
                first: *first,
            });
        }
        // Every attribute must come back as itself from CSV and JSON.
        if let Some(name) = member
            .attributes()
            .keys()
            .find(|name| Field::from_header(name) != Field::Attribute((*name).clone()))
        {
            return Err(PushMemberError::ReservedAttribute {
                attribute: name.to_owned(),
                id: member.id().clone(),
            });
        }
        let idx = u32::try_from(self.members.len())
            .map_err(|_| PushMemberError::TooManyMembers)
            .map(MemberIndex::new)?;
        self.note_columns(&member);
        self.by_id.insert(member.id().clone(), idx);
        self.members.push(member);
        Ok(idx)
    }

    fn note_columns(&mut self, m: &Member) {
        let needs = [
            (m.name().is_some(), Field::Name),
            (m.department().is_some(), Field::Department),
            (m.role().is_some(), Field::Role),
            (m.age_group().is_some(), Field::AgeGroup),
            (!m.aliases().is_empty(), Field::Aliases),
            (!m.gifts().is_empty(), Field::Gifts),
        ];
        for (present, field) in needs {
            if present && !self.columns.iter().any(|c| c.field == field) {
                self.columns.push(Column::new(field));
            }
        }
        for (name, value) in m.attributes() {
            let numeric = parse_number(value).is_some();
            let stats = match self.attributes.get_mut(name) {
                Some(stats) => stats,
                None => self.stats_mut(name),
            };
            stats.non_empty += 1;
            if !numeric {
                stats.non_numeric += 1;
            }
        }
    }

    fn stats_mut(&mut self, name: &str) -> &mut AttributeStats {
        let field = Field::Attribute(name.to_owned());
        if !self.columns.iter().any(|c| c.field == field) {
            self.columns.push(Column::new(field));
        }
        self.attributes.entry(name.to_owned()).or_default()
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the roster has no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The member with this id.
    pub fn get(&self, id: &str) -> Option<&Member> {
        self.by_id.get(id).and_then(|i| self.members.get(i.get()))
    }

    /// The member at this index.
    pub fn member(&self, index: MemberIndex) -> Option<&Member> {
        self.members.get(index.get())
    }

    /// The dense index of the member with this id.
    pub fn index_of(&self, id: &str) -> Option<MemberIndex> {
        self.by_id.get(id).copied()
    }

    /// Whether a member with this id exists.
    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// Members in insertion order.
    pub fn iter(&self) -> std::slice::Iter<'_, Member> {
        self.members.iter()
    }

    /// Members in insertion order, as a slice indexed by [`MemberIndex::get`].
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// Member ids in insertion order.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = &MemberId> + '_ {
        self.members.iter().map(Member::id)
    }

    /// The column layout used when writing CSV: the columns of the file the
    /// roster was read from, in order, plus any needed by members added
    /// since.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Free-form attribute names, in column order.
    pub fn attribute_names(&self) -> impl Iterator<Item = &str> + '_ {
        self.columns.iter().filter_map(|c| match &c.field {
            Field::Attribute(a) => Some(a.as_str()),
            _ => None,
        })
    }

    /// The kind of a free-form attribute, or `None` if no member has it and
    /// no column declares it.
    pub fn attribute_kind(&self, name: &str) -> Option<AttributeKind> {
        self.attributes.get(name).map(AttributeStats::kind)
    }

    /// Declares the kind of a free-form attribute, overriding what the
    /// values suggest (for example to treat department codes `1`, `2`, … as
    /// categories). Declaring [`AttributeKind::Numeric`] requires every value
    /// to be a finite number.
    ///
    /// # Errors
    ///
    /// [`PushMemberError::NotNumeric`] naming the first member whose value
    /// is not a number; [`PushMemberError::ReservedAttributeKind`] for a
    /// name that is a built-in column or not trimmed (it would not read
    /// back as an attribute).
    pub fn declare_attribute_kind(
        &mut self,
        name: &str,
        kind: AttributeKind,
    ) -> Result<(), PushMemberError> {
        if Field::from_header(name) != Field::Attribute(name.to_owned()) {
            return Err(PushMemberError::ReservedAttributeKind {
                attribute: name.to_owned(),
            });
        }
        let offending = self
            .members
            .iter()
            .find(|m| m.attribute(name).is_some_and(|v| parse_number(v).is_none()));
        if let (AttributeKind::Numeric, Some(m)) = (kind, offending) {
            return Err(PushMemberError::NotNumeric {
                attribute: name.to_owned(),
                id: m.id().clone(),
                value: m.attribute(name).unwrap_or_default().to_owned(),
            });
        }
        self.stats_mut(name).declared = Some(kind);
        Ok(())
    }

    /// The kinds the user declared explicitly (not inferred), in column order.
    pub(crate) fn declared_kinds(&self) -> impl Iterator<Item = (&str, AttributeKind)> + '_ {
        self.attribute_names().filter_map(|n| {
            self.attributes
                .get(n)
                .and_then(|s| s.declared)
                .map(|k| (n, k))
        })
    }

    /// Replaces the column layout (used by the readers to keep the file's
    /// order and header spelling). Columns needed by members but missing
    /// from `columns` are appended.
    pub(crate) fn set_columns(&mut self, columns: Vec<Column>) {
        let previous = std::mem::replace(&mut self.columns, columns);
        if !self.columns.iter().any(|c| c.field == Field::Id) {
            self.columns.insert(0, Column::new(Field::Id));
        }
        for c in previous {
            if !self.columns.iter().any(|x| x.field == c.field) {
                self.columns.push(c);
            }
        }
        // Columns without values still get an entry, so their kind and
        // order survive a round trip.
        let names: Vec<String> = self.attribute_names().map(str::to_owned).collect();
        for name in names {
            self.attributes.entry(name).or_default();
        }
    }
}

impl Default for Roster {
    fn default() -> Self {
        Roster::new()
    }
}

impl<'a> IntoIterator for &'a Roster {
    type Item = &'a Member;
    type IntoIter = std::slice::Iter<'a, Member>;
    fn into_iter(self) -> Self::IntoIter {
        self.members.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_columns_cannot_be_declared_as_attributes() {
        let mut r = Roster::new();
        for name in ["id", "Name", "gifts", " level"] {
            assert_eq!(
                r.declare_attribute_kind(name, AttributeKind::Categorical),
                Err(PushMemberError::ReservedAttributeKind {
                    attribute: name.to_owned()
                }),
                "{name}"
            );
        }
        assert!(
            r.declare_attribute_kind("level", AttributeKind::Categorical)
                .is_ok()
        );
    }

    fn id(s: &str) -> MemberId {
        MemberId::new(s).unwrap()
    }

    #[test]
    fn push_rejects_duplicates_and_keeps_first() {
        let mut r = Roster::new();
        r.push(Member::new(id("a")).with_name("first")).unwrap();
        let err = r
            .push(Member::new(id("a")).with_name("second"))
            .unwrap_err();
        assert!(matches!(err, PushMemberError::DuplicateId { .. }));
        assert_eq!(r.len(), 1);
        assert_eq!(r.get("a").unwrap().name(), Some("first"));
    }

    #[test]
    fn attribute_kind_is_inferred_from_values() {
        let r = Roster::from_members([
            Member::new(id("a"))
                .with_attribute("age", "30")
                .with_attribute("team", "x"),
            Member::new(id("b")).with_attribute("age", "41.5"),
        ])
        .unwrap();
        assert_eq!(r.attribute_kind("age"), Some(AttributeKind::Numeric));
        assert_eq!(r.attribute_kind("team"), Some(AttributeKind::Categorical));
        assert_eq!(r.attribute_kind("nope"), None);
    }

    #[test]
    fn declaring_numeric_checks_values() {
        let mut r =
            Roster::from_members([Member::new(id("a")).with_attribute("team", "x")]).unwrap();
        assert!(matches!(
            r.declare_attribute_kind("team", AttributeKind::Numeric),
            Err(PushMemberError::NotNumeric { .. })
        ));
        r.declare_attribute_kind("team", AttributeKind::Categorical)
            .unwrap();
    }

    #[test]
    fn indices_are_dense_and_stable() {
        let r = Roster::from_members(["x", "y", "z"].map(|s| Member::new(id(s)))).unwrap();
        for (i, m) in r.iter().enumerate() {
            assert_eq!(r.index_of(m.id().as_str()).unwrap().get(), i);
            assert_eq!(r.member(MemberIndex::new(i as u32)).unwrap().id(), m.id());
        }
    }
}
