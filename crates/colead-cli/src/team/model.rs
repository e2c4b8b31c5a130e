//! The team report as data: what `--format json` writes (format version
//! [`TEAM_REPORT_FORMAT_VERSION`], documented in `docs/formats.md`), and
//! what the Markdown and HTML renderers read.

use chrono::{DateTime, Utc};
use colead::delegation::Diagnostic;
use colead::process::ProgressReport;
use serde::Serialize;

/// The version of the team report JSON. It changes when a field changes
/// meaning or disappears; new fields may be added within a version.
pub const TEAM_REPORT_FORMAT_VERSION: u32 = 1;

/// The whole team report.
#[derive(Debug, Clone, Serialize)]
pub struct TeamReport {
    /// [`TEAM_REPORT_FORMAT_VERSION`].
    pub format_version: u32,
    /// The report's title.
    pub title: String,
    /// What was read, what was absent, what was ignored.
    pub inputs: Inputs,
    /// Section 1: the headline numbers.
    pub glance: Glance,
    /// Section 2: relationship networks (`null` without ties).
    pub relationships: Option<Relationships>,
    /// Section 3: delegation (`null` without a policy).
    pub delegation: Option<DelegationSection>,
    /// Section 4: the community process, as `colead process report --format
    /// json` writes it (`null` without a process log).
    pub process: Option<ProgressReport>,
    /// Section 5: participation in meetings (`null` without meetings).
    pub participation: Option<ParticipationSection>,
    /// Section 6: suggestions, each citing the measure that triggered it.
    pub suggestions: Vec<Suggestion>,
}

/// Where the data came from.
#[derive(Debug, Clone, Serialize)]
pub struct Inputs {
    /// `demo` or `folder`.
    pub source: String,
    /// The folder, for `folder`.
    pub folder: Option<String>,
    /// Every file read.
    pub files: Vec<InputFile>,
    /// Parts of the team folder that were not there, and what the report
    /// loses without them.
    pub absent: Vec<AbsentPart>,
    /// Files present but not used, and why.
    pub ignored: Vec<Ignored>,
    /// Warnings from the readers (merged duplicate ties, skipped rows, …).
    pub warnings: Vec<String>,
}

/// One input file.
#[derive(Debug, Clone, Serialize)]
pub struct InputFile {
    /// Which part of the folder (`members`, `ties`, `policy`, `decisions`,
    /// `initiative`, `meetings`).
    pub part: String,
    /// The file as named in messages.
    pub file: String,
    /// `real` (public data, cited), `illustrative` (made up for the demo)
    /// or `provided` (the user's own file).
    pub provenance: String,
    /// The citation or note, for real and illustrative data.
    pub note: Option<String>,
}

/// A part that was not there.
#[derive(Debug, Clone, Serialize)]
pub struct AbsentPart {
    /// The part.
    pub part: String,
    /// Its file or folder name.
    pub file: String,
    /// What the report cannot show without it.
    pub effect: String,
}

/// A file that was not used.
#[derive(Debug, Clone, Serialize)]
pub struct Ignored {
    /// The file.
    pub file: String,
    /// Why.
    pub reason: String,
}

/// Section 1: shared leadership at a glance.
#[derive(Debug, Clone, Serialize)]
pub struct Glance {
    /// Members on the roster.
    pub members: Option<usize>,
    /// The leadership network's headline.
    pub leadership_network: Option<NetworkHeadline>,
    /// Participation equality across meetings.
    pub participation: Option<ParticipationHeadline>,
    /// Breadth of delegated authority.
    pub delegation: Option<DelegationHeadline>,
    /// Process stage and signals.
    pub process: Option<ProcessHeadline>,
}

/// The leadership network in numbers.
#[derive(Debug, Clone, Serialize)]
pub struct NetworkHeadline {
    /// The relation used as the leadership network (`leadership` if
    /// present, else `advice`, else the first relation).
    pub relation: String,
    /// `density` of that relation (colead-graph `density`).
    pub density: Option<f64>,
    /// Ties in it.
    pub ties: u64,
    /// Members with no tie in it.
    pub isolates: usize,
    /// Share of all incoming ties that go to the most sought member
    /// (`max in_degree / n_edges`, directed relations).
    pub top_in_share: Option<f64>,
    /// Decentralization `1 − C` of the leadership network, C the Freeman
    /// in-degree centralization of the nominations
    /// (colead-graph `shared_leadership`; 1 = everyone named equally).
    pub decentralization: Option<f64>,
    /// The shared-leadership pattern on density × decentralization
    /// (`shared`, `concentrated`, `diffuse`, `thin`).
    pub pattern: Option<String>,
}

/// Participation equality in numbers.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipationHeadline {
    /// Meetings analysed.
    pub meetings: usize,
    /// Mean over meetings of the normalised entropy of talk shares
    /// (colead-participation `normalized_entropy_speaking_share`; 1 =
    /// everyone equal).
    pub mean_normalized_entropy: Option<f64>,
    /// Mean over meetings of the Gini coefficient of talk time
    /// (`gini_speaking_time`; 0 = everyone equal).
    pub mean_gini: Option<f64>,
}

/// Delegated authority in numbers.
#[derive(Debug, Clone, Serialize)]
pub struct DelegationHeadline {
    /// Members holding at least one live grant (directly or through a
    /// circle).
    pub holders: usize,
    /// Members on the roster (the denominator), if known.
    pub members: Option<usize>,
    /// `holders / members`.
    pub share: Option<f64>,
    /// Grants live at the report time.
    pub live_grants: usize,
    /// Grants in the policy and log.
    pub grants: usize,
    /// Errors found by validation.
    pub validation_errors: usize,
    /// Errors and warnings found by the audit of the decision log.
    pub audit_findings: usize,
}

/// The process in numbers.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessHeadline {
    /// The initiative.
    pub initiative: String,
    /// Current stage name (empty before the first stage).
    pub stage: String,
    /// Stage position, 1-based.
    pub position: usize,
    /// Number of stages.
    pub stages: usize,
    /// Whether the next gate's required criteria are met.
    pub next_gate_ready: Option<bool>,
    /// Signals by status: green, amber, red, unknown.
    pub signals: [usize; 4],
}

/// Section 2: the relationship networks.
#[derive(Debug, Clone, Serialize)]
pub struct Relationships {
    /// The relation used as the leadership network.
    pub leadership_relation: String,
    /// Shared-leadership measures of that network (`null` when it is
    /// undirected).
    pub leadership: Option<LeadershipMeasures>,
    /// Relationship-ladder changes (acquaintance → friend → partner)
    /// between the first and last tie times (`null` when the ties carry no
    /// times).
    pub ladder: Option<LadderSummary>,
    /// The roster attribute nodes are grouped and coloured by.
    pub group_by: Option<String>,
    /// One summary per relation.
    pub relations: Vec<RelationSummary>,
}

/// colead-graph `shared_leadership` of the leadership network.
#[derive(Debug, Clone, Serialize)]
pub struct LeadershipMeasures {
    /// The relation.
    pub relation: String,
    /// Nomination density `L / (N(N−1))`.
    pub density: Option<f64>,
    /// Freeman in-degree centralization of the nominations.
    pub centralization: Option<f64>,
    /// `1 − centralization`.
    pub decentralization: Option<f64>,
    /// Gini coefficient of nominations received.
    pub gini: Option<f64>,
    /// Members named by at least half of the others.
    pub leaders: Vec<String>,
    /// Density of nominations among those leaders.
    pub leader_density: Option<f64>,
    /// `density × decentralization`.
    pub index: Option<f64>,
    /// `shared`, `concentrated`, `diffuse` or `thin`.
    pub pattern: Option<String>,
}

/// Relationship-ladder transitions (colead-graph `ladder_transitions`).
#[derive(Debug, Clone, Serialize)]
pub struct LadderSummary {
    /// Start of the comparison (the earliest tie time).
    pub from: DateTime<Utc>,
    /// End (the latest tie time).
    pub to: DateTime<Utc>,
    /// Member pairs that moved up the ladder.
    pub progressed: u64,
    /// Pairs that moved down.
    pub regressed: u64,
    /// Pairs that stayed.
    pub stayed: u64,
}

/// E-I index of one group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupEi {
    /// The group.
    pub group: String,
    /// Ties leaving the group.
    pub external: u64,
    /// Ties within the group.
    pub internal: u64,
    /// `(E − I) / (E + I)`.
    pub ei: Option<f64>,
}

/// Boundary crossing by the grouping attribute (colead-graph
/// `boundary_crossing`, Krackhardt and Stern's E-I index).
#[derive(Debug, Clone, Serialize)]
pub struct Boundary {
    /// The attribute.
    pub attribute: String,
    /// E-I of the whole network (−1 all ties within groups, +1 all
    /// between).
    pub ei: Option<f64>,
    /// The E-I group sizes alone imply (ties placed at random).
    pub baseline: Option<f64>,
    /// Ties with an end outside any group, left out.
    pub skipped: u64,
    /// Per group.
    pub groups: Vec<GroupEi>,
}

/// Youth–adult ties (colead-graph `youth_adult_partnership`).
#[derive(Debug, Clone, Serialize)]
pub struct YouthAdult {
    /// Ties between a youth and an adult.
    pub youth_adult: u64,
    /// Between two youth.
    pub youth_youth: u64,
    /// Between two adults.
    pub adult_adult: u64,
    /// With an end of unknown age group.
    pub unknown: u64,
    /// Share of ties with known ends that cross the age line.
    pub share: Option<f64>,
}

/// Communities found by Louvain (colead-graph `louvain`, seed 0).
#[derive(Debug, Clone, Serialize)]
pub struct CommunitySummary {
    /// Number of communities.
    pub count: usize,
    /// Modularity of the partition.
    pub modularity: Option<f64>,
    /// Community sizes, largest first.
    pub sizes: Vec<usize>,
}

/// One relation's measures.
#[derive(Debug, Clone, Serialize)]
pub struct RelationSummary {
    /// The relation kind.
    pub relation: String,
    /// Its tie file.
    pub file: String,
    /// Whether it is read as directed (see `docs/report.md`).
    pub directed: bool,
    /// `n_edges`.
    pub ties: u64,
    /// `density`.
    pub density: Option<f64>,
    /// `reciprocity` (directed relations).
    pub reciprocity: Option<f64>,
    /// `n_weakly_connected_components` (directed) or
    /// `n_connected_components`.
    pub components: Option<u64>,
    /// Members with `degree` 0 in this relation.
    pub isolates: Vec<String>,
    /// The five members with the highest `in_degree` (directed) or
    /// `degree`: who is sought out.
    pub most_sought: Vec<MemberValue>,
    /// The five members with the highest `betweenness_centrality`: who
    /// sits on the paths between others.
    pub in_between: Vec<MemberValue>,
    /// `articulation_points`: members whose departure would split the
    /// network.
    pub articulation_points: Vec<String>,
    /// Freeman degree centralization (in-degree for directed relations):
    /// 0 when everyone is named equally, 1 for a star.
    pub centralization: Option<f64>,
    /// Brokers (colead-graph `member_flags`: top betweenness, low Burt
    /// constraint, or cut-off).
    pub brokers: Vec<String>,
    /// Peripheral members (degree 1, colead-graph `member_flags`).
    pub peripheral: Vec<String>,
    /// Overloaded hubs (top in-degree in this relation, at least 3
    /// seekers; colead-graph `member_flags`).
    pub overloaded_hubs: Vec<String>,
    /// The five members with the lowest Burt constraint (most brokerage
    /// opportunity), among members with two or more contacts.
    pub lowest_constraint: Vec<MemberValue>,
    /// Boundary crossing by the grouping attribute (`null` without one).
    pub boundary: Option<Boundary>,
    /// Youth–adult ties (`null` when no member has an age group).
    pub youth_adult: Option<YouthAdult>,
    /// Louvain communities of the undirected view.
    pub communities: Option<CommunitySummary>,
}

/// A member and a value.
#[derive(Debug, Clone, Serialize)]
pub struct MemberValue {
    /// Member id.
    pub member: String,
    /// The value.
    pub value: f64,
}

/// Section 3: delegation.
#[derive(Debug, Clone, Serialize)]
pub struct DelegationSection {
    /// The policy's name.
    pub policy: String,
    /// Its file.
    pub file: String,
    /// The time validation, holders and suggestions refer to: `--as-of`,
    /// else the last decision-log event, else the policy's effective
    /// time, else now.
    pub as_of: DateTime<Utc>,
    /// `colead delegation check`: every diagnostic.
    pub validation: Diagnostics,
    /// `colead delegation audit` of the decision log (`null` without a log
    /// or when the policy has errors).
    pub audit: Option<Diagnostics>,
    /// Decisions in the log.
    pub decisions: usize,
    /// Who holds which authority, by member.
    pub holders: Vec<Holder>,
    /// Kind × area pairs with a qualification profile that no live grant
    /// covers, and the members whose gifts fit best.
    pub ungranted: Vec<Ungranted>,
    /// Why no engine could be built, if so.
    pub engine_error: Option<String>,
}

/// A list of diagnostics with counts.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostics {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Information.
    pub infos: usize,
    /// Every diagnostic, as `colead delegation check --format json`.
    pub diagnostics: Vec<Diagnostic>,
}

/// One member's authority.
#[derive(Debug, Clone, Serialize)]
pub struct Holder {
    /// Member id.
    pub member: String,
    /// The grants they hold.
    pub grants: Vec<HeldGrant>,
}

/// One grant held.
#[derive(Debug, Clone, Serialize)]
pub struct HeldGrant {
    /// Grant id.
    pub grant: String,
    /// The circle through which it is held, if any.
    pub circle: Option<String>,
    /// Decision kinds.
    pub kinds: Vec<String>,
    /// Areas.
    pub areas: Vec<String>,
    /// Cap per decision, if any.
    pub cap: Option<String>,
    /// Autonomy (`decide`, `inform within 7 days`, …).
    pub autonomy: String,
    /// The chain of authority from the charter: grant ids, root first.
    pub chain: Vec<String>,
    /// `live`, `revoked`, `suspended`, `expired` or `not yet valid`.
    pub status: String,
}

/// An area without a delegate.
#[derive(Debug, Clone, Serialize)]
pub struct Ungranted {
    /// Decision kind.
    pub kind: String,
    /// Area.
    pub area: String,
    /// Best-fitting members ([`colead::delegation::Engine::candidates`]),
    /// at most three, those meeting the profile first.
    pub candidates: Vec<CandidateFit>,
}

/// A candidate's fit.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateFit {
    /// Member id.
    pub member: String,
    /// Whether every required gift level is met.
    pub meets_profile: bool,
    /// Levels missing, summed over the profile.
    pub shortfall: u32,
    /// Levels above the profile, summed.
    pub surplus: u32,
    /// In-degree in the leadership network (the tie-break), if known.
    pub in_degree: Option<f64>,
}

/// Section 5: participation.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipationSection {
    /// One summary per meeting, in file order.
    pub meetings: Vec<MeetingSummary>,
    /// Team measures across meetings (two or more meetings).
    pub trends: Vec<TrendSummary>,
    /// Flags that persist across meetings.
    pub persistent_flags: Vec<FlagSummary>,
}

/// One meeting.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingSummary {
    /// Meeting id.
    pub meeting: String,
    /// Source file.
    pub file: String,
    /// Source format.
    pub format: String,
    /// Duration in seconds, if known.
    pub duration_s: Option<f64>,
    /// Distinct speakers.
    pub speakers: u64,
    /// Turns.
    pub turns: u64,
    /// `gini_speaking_time`.
    pub gini: Option<f64>,
    /// `normalized_entropy_speaking_share`.
    pub normalized_entropy: Option<f64>,
    /// Whether speaker labels were matched against the roster (false when
    /// no label matched a member: the meeting is analysed by label).
    pub matched_to_roster: bool,
    /// Talk share per speaker (`share_of_talk_time_present`, else
    /// `share_of_talk_time`; message share for chat), largest first.
    pub shares: Vec<SpeakerShare>,
    /// Flags (silent, dominant, monologue, interrupter, late voice, …).
    pub flags: Vec<FlagSummary>,
}

/// A speaker's share.
#[derive(Debug, Clone, Serialize)]
pub struct SpeakerShare {
    /// Speaker label or member id.
    pub speaker: String,
    /// Share of talk time (0–1).
    pub share: f64,
    /// Turns taken.
    pub turns: u64,
}

/// A flag raised by colead-participation.
#[derive(Debug, Clone, Serialize)]
pub struct FlagSummary {
    /// The flag kind (`silent`, `dominant_share`, …).
    pub kind: String,
    /// Who.
    pub who: String,
    /// The evidence, in words.
    pub evidence: String,
}

/// A team measure across meetings.
#[derive(Debug, Clone, Serialize)]
pub struct TrendSummary {
    /// The measure.
    pub metric: String,
    /// One value per meeting (`null` where undefined).
    pub values: Vec<Option<f64>>,
    /// Last value minus the one before.
    pub delta: Option<f64>,
    /// Least-squares slope per meeting.
    pub slope: Option<f64>,
}

/// A suggestion.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// `relationships`, `delegation`, `process` or `participation`.
    pub area: String,
    /// What to do.
    pub title: String,
    /// Why, in a sentence.
    pub text: String,
    /// The measure that triggered it, with its value.
    pub because: String,
}
