//! Diagnostics: stable codes, severities, and reports.

use std::collections::BTreeMap;
use std::fmt;

use colead_roster::Location;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information only.
    Info,
    /// Probably a mistake; the policy still works.
    Warning,
    /// The policy is wrong; an engine will not be built from it.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// The level a lint is set to in a policy's `[lints]` table or in
/// [`LintLevels`]: a severity, or `allow` to silence it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Silenced.
    Allow,
    /// Reported as info.
    Info,
    /// Reported as a warning.
    Warning,
    /// Reported as an error.
    Error,
}

impl Level {
    fn parse(s: &str) -> Option<Level> {
        match s {
            "allow" => Some(Level::Allow),
            "info" => Some(Level::Info),
            "warning" | "warn" => Some(Level::Warning),
            "error" | "deny" => Some(Level::Error),
            _ => None,
        }
    }

    fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $num:literal, $name:literal, $level:ident, $fixed:literal; )*) => {
        /// A diagnostic code: a number that never changes and is never
        /// reused, with a kebab-case name. `docs/delegation.md` documents
        /// each with an example.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as written: `DLG101`.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => concat!("DLG", $num),)* }
            }

            /// The kebab-case name: `widens-cap`.
            pub const fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The level the code has unless configured otherwise.
            pub const fn default_level(self) -> Level {
                match self { $(Code::$variant => Level::$level,)* }
            }

            /// Whether the level is fixed: errors that would make the
            /// semantics unsound (widening, broken structure) cannot be
            /// downgraded.
            pub const fn is_fixed(self) -> bool {
                match self { $(Code::$variant => $fixed,)* }
            }
        }
    };
}

codes! {
    /// Two items of the same section share an id.
    DuplicateId = "001", "duplicate-id", Error, true;
    /// A member is not in the roster.
    UnknownMember = "002", "unknown-member", Error, true;
    /// An area is not declared.
    UnknownArea = "003", "unknown-area", Error, true;
    /// A decision kind is not declared.
    UnknownKind = "004", "unknown-kind", Error, true;
    /// A window ends before it starts.
    EmptyWindow = "005", "empty-window", Error, true;
    /// A negative amount, a currency other than the kind's, or an amount on a non-monetary kind.
    InvalidAmount = "006", "invalid-amount", Error, true;
    /// The area tree has a cycle.
    AreaCycle = "007", "area-cycle", Error, true;
    /// The kind tree has a cycle.
    KindCycle = "008", "kind-cycle", Error, true;
    /// A grant names an undeclared circle.
    UnknownCircle = "009", "unknown-circle", Error, true;
    /// The `[lints]` table names an unknown code or level, or tries to change a fixed error.
    InvalidLint = "010", "invalid-lint", Warning, false;
    /// No roster was given, so member and qualification checks were skipped.
    NoRoster = "011", "no-roster", Info, false;
    /// The child holds a kind its parent lacks.
    WidensKinds = "101", "widens-kinds", Error, true;
    /// A child area lies outside every parent area.
    WidensAreas = "102", "widens-areas", Error, true;
    /// The child's cap or budget is above the parent's (an absent one is inherited, not widened).
    WidensCap = "103", "widens-cap", Error, true;
    /// The child's window extends past the parent's.
    WidensWindow = "104", "widens-window", Error, true;
    /// The parent does not allow re-delegation.
    RedelegationForbidden = "105", "redelegation-forbidden", Error, true;
    /// The chain is deeper than the parent allows.
    DepthExhausted = "106", "depth-exhausted", Error, true;
    /// The child has more autonomy than its parent.
    WidensAutonomy = "107", "widens-autonomy", Error, true;
    /// The child loosens an inherited control or requirement (which would not take effect).
    DropsControl = "108", "drops-control", Error, true;
    /// A reserved matter appears in a grant.
    DelegatesReserved = "109", "delegates-reserved", Error, true;
    /// Parent links form a cycle, or a chain returns to an earlier holder.
    DelegationCycle = "201", "delegation-cycle", Error, true;
    /// A member re-delegates to themselves.
    SelfDelegation = "202", "self-delegation", Error, true;
    /// The parent grant does not exist.
    OrphanGrant = "203", "orphan-grant", Error, true;
    /// An ancestor expired or was revoked, or a holder left: the grant can never apply.
    DormantGrant = "204", "dormant-grant", Warning, false;
    /// The named delegator does not hold the parent grant.
    DelegatorNotHolder = "205", "delegator-not-holder", Error, true;
    /// The delegate lacks a required skill or level.
    UnqualifiedDelegate = "301", "unqualified-delegate", Error, false;
    /// The delegate was qualified when granted but no longer is.
    QualificationDrift = "302", "qualification-drift", Warning, false;
    /// Another member covers the profile with higher levels.
    BetterQualifiedAvailable = "303", "better-qualified-available", Allow, false;
    /// A re-delegated grant has no expiry.
    NoExpiry = "401", "no-expiry", Warning, false;
    /// A monetary kind is granted without a cap anywhere on the chain.
    UncappedMonetary = "402", "uncapped-monetary", Warning, false;
    /// The window lies entirely in the past.
    NeverActive = "403", "never-active", Warning, false;
    /// The review date has passed.
    ReviewOverdue = "404", "review-overdue", Warning, false;
    /// Another grant to the same delegate from the same parent covers this one.
    RedundantGrant = "501", "redundant-grant", Warning, false;
    /// Overlapping scopes granted to one delegate by different delegators.
    SplitAccountability = "502", "split-accountability", Warning, false;
    /// The effective scope is empty.
    UnreachableGrant = "503", "unreachable-grant", Warning, false;
    /// Two exclusive grants to different delegates overlap.
    ExclusiveOverlap = "504", "exclusive-overlap", Warning, false;
    /// One member holds both kinds of a conflicting pair.
    ConflictingDuties = "601", "conflicting-duties", Error, false;
    /// The four-eyes threshold is at or above the cap, so it never triggers.
    FourEyesUnreachable = "602", "four-eyes-unreachable", Warning, false;
    /// A quorum is zero or larger than the membership.
    QuorumTooLarge = "603", "quorum-too-large", Error, true;
    /// The escalation target holds no authority covering the scope.
    EscalationWithoutAuthority = "701", "escalation-without-authority", Error, false;
    /// Escalation targets form a cycle.
    EscalationCycle = "702", "escalation-cycle", Error, true;
    /// A delegator overrode an in-scope decision without revocation, escalation, appeal or review rule.
    OverrideWithoutRevocation = "801", "override-without-revocation", Warning, false;
    /// A delegator decided inside an exclusive active grant.
    PreEmption = "802", "pre-emption", Warning, false;
    /// A logged decision had no authority at its time.
    DecidedWithoutAuthority = "803", "decided-without-authority", Error, true;
    /// An override that followed a revocation (allowed; shown for transparency).
    OverrideAfterRevocation = "804", "override-after-revocation", Info, false;
    /// Decisions by one maker on one subject sum past the cap within a period.
    SplitTransaction = "805", "split-transaction", Warning, false;
    /// A decision above the four-eyes threshold lacks an independent second approver.
    MissingCoApproval = "806", "missing-co-approval", Error, true;
}

impl Code {
    /// The code with this text (`DLG101`) or name (`widens-cap`).
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s) || c.name() == s)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Code::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown diagnostic code `{s}`")))
    }
}

/// One problem found in a policy or a decision log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// The code's name (`widens-cap`).
    pub name: String,
    /// The severity after configuration.
    pub severity: Severity,
    /// The item the diagnostic is about, such as `grant `g2``.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The item's path in the policy (`grants[3].cap`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Where it is in the file (TOML policies and logs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at the code's default severity (errors when the default
    /// level is `allow`, so a diagnostic built by hand is never lost).
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            name: code.name().to_owned(),
            severity: code.default_level().severity().unwrap_or(Severity::Info),
            subject: None,
            path: None,
            location: None,
            message: message.into(),
            help: None,
        }
    }

    /// Sets the subject.
    #[must_use]
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Sets the path.
    #[must_use]
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the location.
    #[must_use]
    pub fn located(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {}: {}",
            self.severity, self.code, self.name, self.message
        )?;
        match (&self.location, &self.path) {
            (Some(l), _) => write!(f, "\n  --> {l}")?,
            (None, Some(p)) => write!(f, "\n  --> {p}")?,
            (None, None) => {}
        }
        if let Some(h) = &self.help {
            write!(f, "\n  = help: {h}")?;
        }
        Ok(())
    }
}

/// Lint levels: the defaults, changed per code by a policy's `[lints]`
/// table or in code. Fixed errors ([`Code::is_fixed`]) keep their level.
///
/// # Example
///
/// ```
/// use colead_delegation::{Code, Level, LintLevels};
///
/// let mut levels = LintLevels::default();
/// assert!(levels.set(Code::NoExpiry, Level::Allow).is_ok());
/// assert!(levels.set(Code::WidensCap, Level::Warning).is_err());
/// assert_eq!(levels.level(Code::NoExpiry), Level::Allow);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintLevels {
    overrides: BTreeMap<Code, Level>,
}

/// A lint level that cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LintLevelError {
    /// The code is a fixed error.
    #[error("`{code}` ({name}) is a soundness error and cannot be changed", name = code.name())]
    Fixed {
        /// The code.
        code: Code,
    },
    /// The code or name is unknown.
    #[error(
        "unknown diagnostic code `{0}`; expected a code such as `DLG401` or a name such as `no-expiry`"
    )]
    UnknownCode(String),
    /// The level is unknown.
    #[error("unknown lint level `{0}`; expected `allow`, `info`, `warning` or `error`")]
    UnknownLevel(String),
}

impl LintLevels {
    /// Sets the level of a code.
    ///
    /// # Errors
    ///
    /// [`LintLevelError::Fixed`] for fixed errors.
    pub fn set(&mut self, code: Code, level: Level) -> Result<(), LintLevelError> {
        if code.is_fixed() && level != Level::Error {
            return Err(LintLevelError::Fixed { code });
        }
        self.overrides.insert(code, level);
        Ok(())
    }

    /// Sets a level from text, as in a `[lints]` table.
    ///
    /// # Errors
    ///
    /// [`LintLevelError`] for an unknown code, an unknown level or a fixed
    /// error.
    pub fn set_text(&mut self, code: &str, level: &str) -> Result<(), LintLevelError> {
        let c = Code::parse(code).ok_or_else(|| LintLevelError::UnknownCode(code.to_owned()))?;
        let l =
            Level::parse(level).ok_or_else(|| LintLevelError::UnknownLevel(level.to_owned()))?;
        self.set(c, l)
    }

    /// The levels set explicitly, by code.
    pub fn overrides(&self) -> impl Iterator<Item = (Code, Level)> + '_ {
        self.overrides.iter().map(|(c, l)| (*c, *l))
    }

    /// The level in force for a code.
    pub fn level(&self, code: Code) -> Level {
        self.overrides
            .get(&code)
            .copied()
            .unwrap_or_else(|| code.default_level())
    }
}

/// Every diagnostic of a validation or audit, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The diagnostics, sorted by location, path and code.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// How many diagnostics have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The diagnostics with this code.
    pub fn with_code(&self, code: Code) -> impl Iterator<Item = &Diagnostic> + '_ {
        self.diagnostics.iter().filter(move |d| d.code == code)
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> + '_ {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// Applies levels (dropping silenced diagnostics), resolves locations
    /// through `source`, and sorts.
    pub(crate) fn finish(
        mut diagnostics: Vec<Diagnostic>,
        levels: &LintLevels,
        source: Option<&crate::format::SourceMap>,
    ) -> Report {
        diagnostics.retain_mut(|d| match levels.level(d.code).severity() {
            Some(s) => {
                d.severity = s;
                true
            }
            None => false,
        });
        if let Some(src) = source {
            let paths: Vec<&str> = diagnostics
                .iter()
                .filter(|d| d.location.is_none())
                .filter_map(|d| d.path.as_deref())
                .collect();
            if !paths.is_empty() {
                let mut found = src.locate_all(&paths).into_iter();
                for d in diagnostics
                    .iter_mut()
                    .filter(|d| d.location.is_none() && d.path.is_some())
                {
                    d.location = found.next().flatten();
                }
            }
        }
        diagnostics.sort_by(|a, b| {
            let la = a.location.as_ref().map(|l| (l.line(), l.column()));
            let lb = b.location.as_ref().map(|l| (l.line(), l.column()));
            la.cmp(&lb)
                .then_with(|| a.path.cmp(&b.path))
                .then_with(|| a.code.cmp(&b.code))
                .then_with(|| a.message.cmp(&b.message))
        });
        diagnostics.dedup();
        Report { diagnostics }
    }

    /// The report as text, one diagnostic per paragraph, with a summary.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for d in &self.diagnostics {
            s.push_str(&d.to_string());
            s.push_str("\n\n");
        }
        s.push_str(&format!(
            "{} errors, {} warnings, {} infos\n",
            self.count(Severity::Error),
            self.count(Severity::Warning),
            self.count(Severity::Info)
        ));
        s
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "{c}");
            assert!(seen.insert(c.name()), "{c}");
            assert_eq!(Code::parse(c.as_str()), Some(*c));
            assert_eq!(Code::parse(c.name()), Some(*c));
        }
    }

    #[test]
    fn fixed_errors_cannot_be_downgraded() {
        let mut l = LintLevels::default();
        for c in Code::ALL {
            if c.is_fixed() {
                assert_eq!(c.default_level(), Level::Error, "{c}");
                assert!(l.set(*c, Level::Allow).is_err());
            } else {
                assert!(l.set(*c, Level::Allow).is_ok());
            }
        }
        assert!(matches!(
            l.set_text("DLG999", "allow"),
            Err(LintLevelError::UnknownCode(_))
        ));
        assert!(matches!(
            l.set_text("no-expiry", "loud"),
            Err(LintLevelError::UnknownLevel(_))
        ));
    }
}
