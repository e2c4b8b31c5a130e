//! A member and the attributes colead knows about.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::MemberId;

/// Whether a member is a young person or an adult, for youth–adult
/// partnership measures.
///
/// Written `youth` or `adult` in files (case is ignored when reading).
///
/// # Example
///
/// ```
/// use colead_roster::AgeGroup;
///
/// assert_eq!("Youth".parse::<AgeGroup>()?, AgeGroup::Youth);
/// assert_eq!(AgeGroup::Adult.to_string(), "adult");
/// # Ok::<(), colead_roster::ParseAgeGroupError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AgeGroup {
    /// A young person (the framework leaves the age boundary to the team).
    Youth,
    /// An adult.
    Adult,
}

impl AgeGroup {
    /// The lowercase name used in files: `youth` or `adult`.
    pub const fn as_str(self) -> &'static str {
        match self {
            AgeGroup::Youth => "youth",
            AgeGroup::Adult => "adult",
        }
    }
}

impl fmt::Display for AgeGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is neither `youth` nor `adult`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown age group `{0}`; expected `youth` or `adult`")]
pub struct ParseAgeGroupError(pub String);

impl FromStr for AgeGroup {
    type Err = ParseAgeGroupError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("youth") {
            Ok(AgeGroup::Youth)
        } else if t.eq_ignore_ascii_case("adult") {
            Ok(AgeGroup::Adult)
        } else {
            Err(ParseAgeGroupError(s.to_owned()))
        }
    }
}

/// How strong a member is in a skill, from 1 (beginner) to 5 (expert).
///
/// The scale follows the five-point proficiency scales common in skills
/// inventories; colead only relies on its order.
///
/// # Example
///
/// ```
/// use colead_roster::GiftLevel;
///
/// assert_eq!(GiftLevel::new(4)?.get(), 4);
/// assert!(GiftLevel::new(6).is_err());
/// # Ok::<(), colead_roster::GiftError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct GiftLevel(u8);

impl GiftLevel {
    /// The lowest level.
    pub const MIN: GiftLevel = GiftLevel(1);
    /// The highest level.
    pub const MAX: GiftLevel = GiftLevel(5);

    /// Checks that `level` is in `1..=5`.
    ///
    /// # Errors
    ///
    /// [`GiftError::LevelOutOfRange`] otherwise.
    pub fn new(level: u8) -> Result<Self, GiftError> {
        if (1..=5).contains(&level) {
            Ok(GiftLevel(level))
        } else {
            Err(GiftError::LevelOutOfRange(level.to_string()))
        }
    }

    /// The level as a number in `1..=5`.
    pub const fn get(self) -> u8 {
        self.0
    }
}

impl<'de> Deserialize<'de> for GiftLevel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = u64::deserialize(d)?;
        u8::try_from(v)
            .ok()
            .and_then(|l| GiftLevel::new(l).ok())
            .ok_or_else(|| serde::de::Error::custom(GiftError::LevelOutOfRange(v.to_string())))
    }
}

impl fmt::Display for GiftLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Why a gifts cell such as `facilitation:4;budgeting:2` could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GiftError {
    /// An entry had no `:level` part.
    #[error("gift `{0}` has no level; expected `skill:level` with a level from 1 to 5")]
    MissingLevel(String),
    /// The skill name before the colon was empty.
    #[error("gift `{0}` has an empty skill name; expected `skill:level`")]
    EmptySkill(String),
    /// The level was not a whole number from 1 to 5.
    #[error("gift level `{0}` is not a whole number from 1 to 5")]
    LevelOutOfRange(String),
    /// A skill name contained `:` or `;`.
    #[error("skill name `{0}` contains `:` or `;`, which separate gifts")]
    InvalidSkillName(String),
    /// The same skill appeared twice.
    #[error("skill `{0}` is listed twice")]
    DuplicateSkill(String),
}

/// One skill a member brings, with its level.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Gift {
    skill: String,
    level: GiftLevel,
}

impl Gift {
    /// A gift of `skill` at `level`.
    ///
    /// Surrounding whitespace is removed from the skill name.
    ///
    /// # Errors
    ///
    /// [`GiftError::EmptySkill`] if the skill name is empty, and
    /// [`GiftError::InvalidSkillName`] if it contains `:` or `;` (the
    /// separators of the CSV cell, which could not be written back).
    pub fn new(skill: impl Into<String>, level: GiftLevel) -> Result<Self, GiftError> {
        let skill = skill.into();
        let trimmed = skill.trim();
        if trimmed.is_empty() {
            return Err(GiftError::EmptySkill(skill));
        }
        if trimmed.contains([':', ';']) {
            return Err(GiftError::InvalidSkillName(skill));
        }
        Ok(Gift {
            skill: trimmed.to_owned(),
            level,
        })
    }

    /// The skill's name, e.g. `facilitation`.
    pub fn skill(&self) -> &str {
        &self.skill
    }

    /// The member's level in the skill.
    pub fn level(&self) -> GiftLevel {
        self.level
    }
}

/// The skills ("gifts") a member brings, in the order they were written.
///
/// A skill appears at most once. In CSV the cell is written
/// `facilitation:4;budgeting:2`; in JSON it is an object
/// `{"facilitation": 4, "budgeting": 2}` (order kept).
///
/// # Example
///
/// ```
/// use colead_roster::Gifts;
///
/// let gifts: Gifts = "facilitation:4; budgeting:2".parse()?;
/// assert_eq!(gifts.level("budgeting").map(|l| l.get()), Some(2));
/// assert_eq!(gifts.to_string(), "facilitation:4;budgeting:2");
/// # Ok::<(), colead_roster::GiftError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Gifts(Vec<Gift>);

impl Gifts {
    /// No gifts.
    pub fn new() -> Self {
        Gifts(Vec::new())
    }

    /// Adds a gift.
    ///
    /// # Errors
    ///
    /// [`GiftError::DuplicateSkill`] if the skill is already listed.
    pub fn push(&mut self, gift: Gift) -> Result<(), GiftError> {
        if self.level(&gift.skill).is_some() {
            return Err(GiftError::DuplicateSkill(gift.skill));
        }
        self.0.push(gift);
        Ok(())
    }

    /// The level of `skill`, if the member has it.
    pub fn level(&self, skill: &str) -> Option<GiftLevel> {
        self.0.iter().find(|g| g.skill == skill).map(|g| g.level)
    }

    /// The gifts in the order they were written.
    pub fn iter(&self) -> std::slice::Iter<'_, Gift> {
        self.0.iter()
    }

    /// Number of gifts.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no gifts.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Gifts {
    type Item = &'a Gift;
    type IntoIter = std::slice::Iter<'a, Gift>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl FromStr for Gifts {
    type Err = GiftError;

    /// Parses `skill:level;skill:level`. Whitespace around entries, names
    /// and levels is ignored; empty entries (as in a trailing `;`) are
    /// skipped; an empty cell means no gifts.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut gifts = Gifts::new();
        for entry in s.split(';') {
            let entry = entry.trim();
            if entry.is_empty() {
                continue;
            }
            let Some((skill, level)) = entry.rsplit_once(':') else {
                return Err(GiftError::MissingLevel(entry.to_owned()));
            };
            let skill = skill.trim();
            if skill.is_empty() {
                return Err(GiftError::EmptySkill(entry.to_owned()));
            }
            let level_text = level.trim();
            let level = level_text
                .parse::<u8>()
                .ok()
                .and_then(|l| GiftLevel::new(l).ok())
                .ok_or_else(|| GiftError::LevelOutOfRange(level_text.to_owned()))?;
            gifts.push(Gift::new(skill, level)?)?;
        }
        Ok(gifts)
    }
}

impl fmt::Display for Gifts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, g) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(";")?;
            }
            write!(f, "{}:{}", g.skill, g.level)?;
        }
        Ok(())
    }
}

impl Serialize for Gifts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for g in &self.0 {
            m.serialize_entry(&g.skill, &g.level)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Gifts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Gifts;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object mapping skill names to levels 1..=5")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Gifts, A::Error> {
                let mut gifts = Gifts::new();
                while let Some((skill, level)) = map.next_entry::<String, GiftLevel>()? {
                    let gift = Gift::new(skill, level).map_err(serde::de::Error::custom)?;
                    gifts.push(gift).map_err(serde::de::Error::custom)?;
                }
                Ok(gifts)
            }
        }
        d.deserialize_map(V)
    }
}

/// A team member: an id plus what colead knows about them.
///
/// Everything but the id is optional. `department`, `role`, `age_group`,
/// `aliases` and `gifts` are the attributes colead's measures understand;
/// any other column of a roster file is kept, as text, in
/// [`attributes`](Member::attributes).
///
/// # Example
///
/// ```
/// use colead_roster::{AgeGroup, Member, MemberId};
///
/// let ana = Member::new(MemberId::new("ana")?)
///     .with_name("Ana Ruiz")
///     .with_department("Outreach")
///     .with_age_group(AgeGroup::Youth)
///     .with_gifts("facilitation:4".parse()?)
///     .with_attribute("school", "Lincoln High");
/// assert_eq!(ana.display_name(), "Ana Ruiz");
/// assert_eq!(ana.attribute("school"), Some("Lincoln High"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    id: MemberId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    age_group: Option<AgeGroup>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Gifts::is_empty")]
    gifts: Gifts,
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::json::deserialize_attributes"
    )]
    attributes: BTreeMap<String, String>,
}

impl Member {
    /// A member with only an id.
    pub fn new(id: MemberId) -> Self {
        Member {
            id,
            name: None,
            department: None,
            role: None,
            age_group: None,
            aliases: Vec::new(),
            gifts: Gifts::new(),
            attributes: BTreeMap::new(),
        }
    }

    /// Sets the display name.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the department or function.
    #[must_use]
    pub fn with_department(mut self, department: impl Into<String>) -> Self {
        self.department = Some(department.into());
        self
    }

    /// Sets the role (job title, or role in the initiative).
    #[must_use]
    pub fn with_role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// Sets the age group.
    #[must_use]
    pub fn with_age_group(mut self, age_group: AgeGroup) -> Self {
        self.age_group = Some(age_group);
        self
    }

    /// Adds another name the member is known by (e.g. a speaker label in a
    /// transcript).
    #[must_use]
    pub fn with_alias(mut self, alias: impl Into<String>) -> Self {
        self.aliases.push(alias.into());
        self
    }

    /// Sets the gifts.
    #[must_use]
    pub fn with_gifts(mut self, gifts: Gifts) -> Self {
        self.gifts = gifts;
        self
    }

    /// Sets a free-form attribute. An empty value removes it (an empty
    /// roster cell means "no value").
    #[must_use]
    pub fn with_attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let value = value.into();
        let name = name.into();
        if value.is_empty() {
            self.attributes.remove(&name);
        } else {
            self.attributes.insert(name, value);
        }
        self
    }

    /// The member's id.
    pub fn id(&self) -> &MemberId {
        &self.id
    }

    /// The display name, if one was given.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The name to show a person: the display name, or the id when there is
    /// none.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(self.id.as_str())
    }

    /// The department or function.
    pub fn department(&self) -> Option<&str> {
        self.department.as_deref()
    }

    /// The role.
    pub fn role(&self) -> Option<&str> {
        self.role.as_deref()
    }

    /// Youth or adult, if known.
    pub fn age_group(&self) -> Option<AgeGroup> {
        self.age_group
    }

    /// Other names the member is known by.
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }

    /// The member's skills with levels.
    pub fn gifts(&self) -> &Gifts {
        &self.gifts
    }

    /// The raw text of a free-form attribute.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// A free-form attribute read as a number, when its text is a finite
    /// number.
    pub fn numeric_attribute(&self, name: &str) -> Option<f64> {
        self.attribute(name).and_then(parse_number)
    }

    /// Every free-form attribute, by name.
    pub fn attributes(&self) -> &BTreeMap<String, String> {
        &self.attributes
    }

    /// The value of any attribute as text, looking first at the attributes
    /// colead knows (`name`, `department`, `role`, `age_group`) and then at
    /// the free-form ones. This is what categorical measures (E-I index,
    /// mixing matrices) group by.
    pub fn category(&self, attribute: &str) -> Option<&str> {
        match attribute {
            "id" => Some(self.id.as_str()),
            "name" => self.name(),
            "department" => self.department(),
            "role" => self.role(),
            "age_group" => self.age_group.map(AgeGroup::as_str),
            other => self.attribute(other),
        }
    }
}

/// Reads a finite number the way roster files write them: Rust's `f64`
/// syntax (`3`, `-2.5`, `1e3`), surrounding whitespace ignored. `NaN` and
/// infinities are not numbers for this purpose.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gifts_parse_and_print() {
        let g: Gifts = " facilitation : 4 ;budgeting:2;".parse().unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g.to_string(), "facilitation:4;budgeting:2");
    }

    #[test]
    fn gifts_errors_name_the_problem() {
        assert_eq!(
            "cooking".parse::<Gifts>(),
            Err(GiftError::MissingLevel("cooking".into()))
        );
        assert_eq!(
            ":3".parse::<Gifts>(),
            Err(GiftError::EmptySkill(":3".into()))
        );
        assert_eq!(
            "a:6".parse::<Gifts>(),
            Err(GiftError::LevelOutOfRange("6".into()))
        );
        assert_eq!(
            "a:0".parse::<Gifts>(),
            Err(GiftError::LevelOutOfRange("0".into()))
        );
        assert_eq!(
            "a:x".parse::<Gifts>(),
            Err(GiftError::LevelOutOfRange("x".into()))
        );
        assert_eq!(
            "a:1;a:2".parse::<Gifts>(),
            Err(GiftError::DuplicateSkill("a".into()))
        );
    }

    #[test]
    fn age_group_is_case_insensitive() {
        assert_eq!(" ADULT ".parse::<AgeGroup>().unwrap(), AgeGroup::Adult);
        assert!("teen".parse::<AgeGroup>().is_err());
    }

    #[test]
    fn number_parsing_rejects_nan_and_infinity() {
        assert_eq!(parse_number("9.333"), Some(9.333));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("x"), None);
    }

    #[test]
    fn category_reads_known_and_free_attributes() {
        let m = Member::new(MemberId::new("1").unwrap())
            .with_department("4")
            .with_attribute("level", "3");
        assert_eq!(m.category("department"), Some("4"));
        assert_eq!(m.category("level"), Some("3"));
        assert_eq!(m.category("missing"), None);
    }
}
