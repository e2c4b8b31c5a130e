//! Turning a [`TeamInput`] into a [`TeamReport`]: every number comes from
//! a domain crate through the `colead` facade; this module only selects,
//! counts and words them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use colead::delegation::{Delegate, Engine, Grant, Report as DiagReport, Severity, validate};
use colead::graph::{
    Categories, FlagKind, FlagOptions, LeadershipOptions, LouvainOptions, MetricKey, MetricsReport,
    RelationGraph, RelationKind, ReportOptions, StructuralHolesOptions, Value, ViewSpec,
    WeightMerge, boundary_crossing, compute_report, degree_centralization, ladder_transitions,
    louvain, member_flags, shared_leadership, structural_holes, youth_adult_partnership,
};
use colead::participation::chat::analyze_chat;
use colead::participation::report::MeetingReport;
use colead::participation::{Config, MeetingContext, analyze, build_report};
use colead::process::{ProgressReport, SignalStatus, report_as_of};
use colead::roster::Roster;

use super::input::{Part, TeamInput, TeamSource};
use super::model::*;
use crate::error::CliError;

/// Choices the caller makes.
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    /// The time delegation and process refer to (default: each part's last
    /// event).
    pub as_of: Option<DateTime<Utc>>,
    /// Roster attribute to group and colour members by (default:
    /// `department`, else the first of `dept`, `group`, `team`, `unit`,
    /// `club`, `faction` the roster has).
    pub group_by: Option<String>,
    /// Title of the report.
    pub title: Option<String>,
}

/// How many members the "most sought" and "in between" lists name.
pub const TOP_MEMBERS: usize = 5;

/// How many ungranted kind × area pairs the delegation section lists.
pub const MAX_UNGRANTED: usize = 12;

/// Whether a relation is read as directed: the symmetric built-in kinds
/// (acquaintance, partner, collaboration) are undirected, every other kind
/// (advice, friend, trust, mentoring, reports-to, leadership and custom
/// kinds) is directed.
pub fn is_directed(kind: &RelationKind) -> bool {
    !matches!(
        kind,
        RelationKind::Acquaintance | RelationKind::Partner | RelationKind::Collaboration
    )
}

/// The relation used as the leadership network: `leadership` if present,
/// else `advice`, else the first.
pub fn leadership_relation(kinds: &[RelationKind]) -> Option<&RelationKind> {
    kinds
        .iter()
        .find(|k| **k == RelationKind::Leadership)
        .or_else(|| kinds.iter().find(|k| **k == RelationKind::Advice))
        .or_else(|| kinds.first())
}

/// The attribute members are grouped by.
pub fn group_attribute(roster: &Roster, asked: Option<&str>) -> Option<String> {
    if let Some(a) = asked {
        return Some(a.to_owned());
    }
    if roster.iter().any(|m| m.department().is_some()) {
        return Some("department".to_owned());
    }
    let names: Vec<&str> = roster.attribute_names().collect();
    ["dept", "group", "team", "unit", "club", "faction"]
        .into_iter()
        .find(|c| names.iter().any(|n| n.eq_ignore_ascii_case(c)))
        .and_then(|c| names.iter().find(|n| n.eq_ignore_ascii_case(c)))
        .map(|s| (*s).to_owned())
}

/// A member's group under `attr`.
pub fn group_of(member: &colead::roster::Member, attr: Option<&str>) -> Option<String> {
    match attr? {
        "department" => member.department().map(str::to_owned),
        "role" => member.role().map(str::to_owned),
        a => member.attribute(a).map(str::to_owned),
    }
}

/// The snapshot spec of one relation.
pub fn relation_view(kind: &RelationKind) -> ViewSpec {
    let spec = if is_directed(kind) {
        ViewSpec::directed()
    } else {
        ViewSpec::undirected()
    };
    spec.kinds([kind.clone()])
}

/// The analysis: the report plus what the charts need.
#[derive(Debug)]
pub struct Analysis {
    /// The report.
    pub report: TeamReport,
    /// Per-meeting participation reports, for charts.
    pub meetings: Vec<MeetingReport>,
}

/// Runs every analysis the input allows.
///
/// # Errors
///
/// Metrics that fail on valid input (not expected), invalid settings.
pub fn analyze_team(
    input: &TeamInput,
    options: &AnalysisOptions,
    step: &mut dyn FnMut(&str),
) -> Result<Analysis, CliError> {
    let roster = input.roster.as_ref().map(|(r, _)| r);
    step("relationships");
    let relationships = match &input.graph {
        Some((graph, files)) => Some(relationships(graph, files, options)?),
        None => None,
    };
    let leadership_in_degree: Option<HashMap<colead::roster::MemberId, f64>> =
        input.graph.as_ref().and_then(|(graph, files)| {
            let kinds: Vec<RelationKind> = files.iter().map(|f| f.kind.clone()).collect();
            let k = leadership_relation(&kinds)?;
            let snap = graph.snapshot(&relation_view(k));
            Some(
                graph
                    .roster()
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (m.id().clone(), snap.in_degree(i) as f64))
                    .collect(),
            )
        });
    step("delegation");
    let delegation = input.policy.as_ref().map(|(policy, file)| {
        delegation(
            policy,
            file,
            input,
            roster,
            options,
            leadership_in_degree.as_ref(),
        )
    });
    step("process");
    let process = match &input.initiative {
        Some((events, _)) => {
            let t = options.as_of.unwrap_or_else(|| {
                events
                    .last()
                    .map_or_else(DateTime::<Utc>::default, |e| e.recorded_at)
            });
            Some(report_as_of(
                events,
                t,
                &colead::process::ReportOptions::default(),
            )?)
        }
        None => None,
    };
    step("participation");
    let (participation, meetings) = participation(input, roster)?;
    let glance = glance(
        roster,
        relationships.as_ref(),
        delegation.as_ref(),
        process.as_ref(),
        participation.as_ref(),
    );
    let mut report = TeamReport {
        format_version: TEAM_REPORT_FORMAT_VERSION,
        title: options
            .title
            .clone()
            .unwrap_or_else(|| default_title(input)),
        inputs: inputs(input),
        glance,
        relationships,
        delegation,
        process,
        participation,
        suggestions: Vec::new(),
    };
    report.suggestions = super::suggest::suggestions(&report);
    Ok(Analysis { report, meetings })
}

fn default_title(input: &TeamInput) -> String {
    match &input.source {
        TeamSource::Demo => "Team report: the colead demo team".to_owned(),
        TeamSource::Folder(dir) => {
            let name = dir
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| dir.display().to_string());
            format!("Team report: {name}")
        }
    }
}

fn part_name(p: Part) -> String {
    match p {
        Part::Members => "members",
        Part::Ties => "ties",
        Part::Policy => "policy",
        Part::Decisions => "decisions",
        Part::Initiative => "initiative",
        Part::Meetings => "meetings",
    }
    .to_owned()
}

/// Citations of the real demo data.
pub const KRACKHARDT: &str = "Krackhardt, D. (1987). Cognitive social structures. Social Networks 9, 109–134 (via the networkdata R package, MIT)";
/// See [`KRACKHARDT`].
pub const AMI: &str = "AMI Meeting Corpus: Carletta, J. et al. (2006), CC BY 4.0, via BUTSpeechFIT/AMI-diarization-setup (Apache-2.0)";

fn inputs(input: &TeamInput) -> Inputs {
    let demo = input.source == TeamSource::Demo;
    let mut files = Vec::new();
    let mut push = |part: Part, file: &str, real: Option<&str>, illustrative: Option<&str>| {
        let (provenance, note) = match (demo, real, illustrative) {
            (false, _, _) => ("provided", None),
            (true, Some(c), _) => ("real", Some(c.to_owned())),
            (true, None, Some(n)) => ("illustrative", Some(n.to_owned())),
            (true, None, None) => ("illustrative", None),
        };
        files.push(InputFile {
            part: part_name(part),
            file: file.to_owned(),
            provenance: provenance.to_owned(),
            note,
        });
    };
    if let Some((_, f)) = &input.roster {
        push(
            Part::Members,
            f,
            Some(
                "Krackhardt (1987) managers: ids, age, tenure, level, department are real; the gifts column is illustrative",
            ),
            None,
        );
    }
    if let Some((_, rels)) = &input.graph {
        for r in rels {
            push(Part::Ties, &r.file, Some(KRACKHARDT), None);
        }
    }
    if let Some((_, f)) = &input.policy {
        push(
            Part::Policy,
            f,
            None,
            Some("an illustrative delegation policy for Krackhardt's managers"),
        );
    }
    if let Some((_, f)) = &input.decisions {
        push(
            Part::Decisions,
            f,
            None,
            Some("an illustrative decision log"),
        );
    }
    if let Some((_, f)) = &input.initiative {
        push(
            Part::Initiative,
            f,
            None,
            Some("the Riverside Youth Garden, an illustrative community initiative"),
        );
    }
    for f in &input.meeting_files {
        push(Part::Meetings, f, Some(AMI), None);
    }
    Inputs {
        source: if demo { "demo" } else { "folder" }.to_owned(),
        folder: match &input.source {
            TeamSource::Demo => None,
            TeamSource::Folder(d) => Some(d.display().to_string()),
        },
        files,
        absent: input
            .absent
            .iter()
            .map(|p| AbsentPart {
                part: part_name(*p),
                file: p.file().to_owned(),
                effect: p.effect().to_owned(),
            })
            .collect(),
        ignored: input
            .ignored
            .iter()
            .map(|(f, r)| Ignored {
                file: f.clone(),
                reason: r.clone(),
            })
            .collect(),
        warnings: input.warnings.clone(),
    }
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(x) if x.is_finite() => Some(*x),
        Value::Count(c) => Some(*c as f64),
        _ => None,
    }
}

fn count(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::Count(c) => Some(*c),
        _ => None,
    }
}

/// The `k` members with the highest value of `key`, ties broken by id;
/// zero values left out.
fn top(report: &MetricsReport, key: MetricKey, k: usize) -> Vec<MemberValue> {
    let Some(values) = report.node_values(key) else {
        return Vec::new();
    };
    let mut v: Vec<MemberValue> = report
        .ids()
        .iter()
        .zip(values)
        .filter_map(|(id, val)| {
            number(Some(val)).filter(|x| *x > 0.0).map(|x| MemberValue {
                member: id.clone(),
                value: x,
            })
        })
        .collect();
    v.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then_with(|| a.member.cmp(&b.member))
    });
    v.truncate(k);
    v
}

fn relationships(
    graph: &RelationGraph,
    files: &[super::input::RelationFile],
    options: &AnalysisOptions,
) -> Result<Relationships, CliError> {
    let kinds: Vec<RelationKind> = files.iter().map(|f| f.kind.clone()).collect();
    let leader = leadership_relation(&kinds)
        .map(ToString::to_string)
        .unwrap_or_default();
    let roster = graph.roster();
    let group_by = group_attribute(roster, options.group_by.as_deref());
    let categories =
        Categories::from_values(roster.iter().map(|m| group_of(m, group_by.as_deref())));
    let has_groups = roster
        .iter()
        .any(|m| group_of(m, group_by.as_deref()).is_some());
    let has_ages = roster.iter().any(|m| m.age_group().is_some());
    let ids: Vec<String> = roster.iter().map(|m| m.id().to_string()).collect();
    let id_of = |v: u32| ids.get(v as usize).cloned().unwrap_or_default();
    let mut leadership = None;
    let mut relations = Vec::with_capacity(files.len());
    for f in files {
        let directed = is_directed(&f.kind);
        let snap = graph.snapshot(&relation_view(&f.kind));
        if f.kind.to_string() == leader && directed {
            leadership = shared_leadership(&snap, &LeadershipOptions::default())
                .ok()
                .map(|l| LeadershipMeasures {
                    relation: leader.clone(),
                    density: l.density,
                    centralization: l.centralization,
                    decentralization: l.decentralization,
                    gini: l.gini,
                    leaders: l.leaders.iter().map(|v| id_of(*v)).collect(),
                    leader_density: l.leader_density,
                    index: l.index,
                    pattern: l.pattern.map(|p| flag_name(&p)),
                });
        }
        // Hubs by this relation's own in-degree (`advice` = None), so each
        // relation's list says who is overloaded in it.
        let flags = member_flags(&snap, None, &FlagOptions::default());
        let flagged = |kind: FlagKind| -> Vec<String> {
            let mut v: Vec<u32> = flags
                .iter()
                .filter(|x| x.kind == kind)
                .map(|x| x.member)
                .collect();
            v.sort_unstable();
            v.dedup();
            v.into_iter().map(id_of).collect()
        };
        let burt = structural_holes(&snap, &StructuralHolesOptions::default());
        let undirected = snap.to_undirected(WeightMerge::Sum);
        let mut lowest: Vec<MemberValue> = burt
            .iter()
            .enumerate()
            .filter(|(v, _)| undirected.out_degree(*v) >= 2)
            .filter_map(|(v, b)| {
                b.constraint.filter(|c| c.is_finite()).map(|c| MemberValue {
                    member: id_of(v as u32),
                    value: c,
                })
            })
            .collect();
        lowest.sort_by(|a, b| {
            a.value
                .total_cmp(&b.value)
                .then_with(|| natural(&a.member, &b.member))
        });
        lowest.truncate(TOP_MEMBERS);
        let boundary = if has_groups {
            boundary_crossing(&snap, &categories)
                .ok()
                .map(|b| Boundary {
                    attribute: group_by.clone().unwrap_or_default(),
                    ei: b.whole.index,
                    baseline: b.baseline_index,
                    skipped: b.mixing.skipped,
                    groups: b
                        .mixing
                        .categories
                        .iter()
                        .zip(&b.groups)
                        .map(|(g, e)| GroupEi {
                            group: g.clone(),
                            external: e.external,
                            internal: e.internal,
                            ei: e.index,
                        })
                        .collect(),
                })
        } else {
            None
        };
        let youth_adult = if has_ages {
            youth_adult_partnership(&snap, roster)
                .ok()
                .map(|y| YouthAdult {
                    youth_adult: y.youth_adult,
                    youth_youth: y.youth_youth,
                    adult_adult: y.adult_adult,
                    unknown: y.unknown,
                    share: y.share,
                })
        } else {
            None
        };
        let communities = louvain(&undirected, &LouvainOptions::default())
            .ok()
            .map(|c| {
                let mut sizes = c.partition.sizes();
                sizes.sort_unstable_by(|a, b| b.cmp(a));
                CommunitySummary {
                    count: c.partition.count(),
                    modularity: c.modularity,
                    sizes,
                }
            });
        let centralization = degree_centralization(
            &snap,
            if directed {
                colead::graph::DegreeKind::In
            } else {
                colead::graph::DegreeKind::Total
            },
        );
        let mut keys = vec![
            MetricKey::NEdges,
            MetricKey::Density,
            MetricKey::Degree,
            MetricKey::BetweennessCentrality,
            MetricKey::ArticulationPoints,
        ];
        if directed {
            keys.extend([
                MetricKey::Reciprocity,
                MetricKey::NWeaklyConnectedComponents,
                MetricKey::InDegree,
            ]);
        } else {
            keys.push(MetricKey::NConnectedComponents);
        }
        let r = compute_report(graph.roster(), &snap, &ReportOptions::default().only(keys))?;
        let isolates: Vec<String> = match r.node_values(MetricKey::Degree) {
            Some(d) => r
                .ids()
                .iter()
                .zip(d)
                .filter(|(_, v)| matches!(v, Value::Count(0)))
                .map(|(id, _)| id.clone())
                .collect(),
            None => Vec::new(),
        };
        let articulation_points = match r.graph_value(MetricKey::ArticulationPoints) {
            Some(Value::Ids(ids)) => ids.clone(),
            _ => Vec::new(),
        };
        relations.push(RelationSummary {
            relation: f.kind.to_string(),
            file: f.file.clone(),
            directed,
            ties: count(r.graph_value(MetricKey::NEdges)).unwrap_or(0),
            density: number(r.graph_value(MetricKey::Density)),
            reciprocity: number(r.graph_value(MetricKey::Reciprocity)),
            components: count(r.graph_value(if directed {
                MetricKey::NWeaklyConnectedComponents
            } else {
                MetricKey::NConnectedComponents
            })),
            isolates,
            most_sought: top(
                &r,
                if directed {
                    MetricKey::InDegree
                } else {
                    MetricKey::Degree
                },
                TOP_MEMBERS,
            ),
            in_between: top(&r, MetricKey::BetweennessCentrality, TOP_MEMBERS),
            articulation_points,
            centralization,
            brokers: flagged(FlagKind::Broker),
            peripheral: flagged(FlagKind::Peripheral),
            overloaded_hubs: flagged(FlagKind::OverloadedHub),
            lowest_constraint: lowest,
            boundary,
            youth_adult,
            communities,
        });
    }
    let times: Vec<DateTime<Utc>> = graph.ties().filter_map(|(_, t)| t.time()).collect();
    let ladder = match (times.iter().min(), times.iter().max()) {
        (Some(&from), Some(&to)) if from < to => {
            let t = ladder_transitions(graph, from, to);
            Some(LadderSummary {
                from,
                to,
                progressed: t.progressed,
                regressed: t.regressed,
                stayed: t.stayed,
            })
        }
        _ => None,
    };
    Ok(Relationships {
        leadership_relation: leader,
        leadership,
        ladder,
        group_by,
        relations,
    })
}

fn diagnostics(r: &DiagReport) -> Diagnostics {
    Diagnostics {
        errors: r.count(Severity::Error),
        warnings: r.count(Severity::Warning),
        infos: r.count(Severity::Info),
        diagnostics: r.diagnostics.clone(),
    }
}

/// The chain of grant ids from the root to `g`.
fn chain(policy_grants: &BTreeMap<String, &Grant>, g: &Grant) -> Vec<String> {
    let mut out = vec![g.id.to_string()];
    let mut cur = g.parent.as_ref();
    while let Some(p) = cur {
        if out.iter().any(|x| x == p.as_str()) || out.len() > 64 {
            break;
        }
        out.push(p.to_string());
        cur = policy_grants
            .get(p.as_str())
            .and_then(|pg| pg.parent.as_ref());
    }
    out.reverse();
    out
}

fn delegation(
    policy: &colead::delegation::Policy,
    file: &str,
    input: &TeamInput,
    roster: Option<&Roster>,
    options: &AnalysisOptions,
    in_degree: Option<&HashMap<colead::roster::MemberId, f64>>,
) -> DelegationSection {
    let log = input.decisions.as_ref().map(|(l, _)| l);
    let as_of = options
        .as_of
        .or_else(|| log.and_then(|l| l.events().last().map(|e| e.at)))
        .or(policy.effective)
        .unwrap_or_else(Utc::now);
    let validation = diagnostics(&validate(policy, roster, as_of));
    let mut section = DelegationSection {
        policy: policy
            .name
            .clone()
            .unwrap_or_else(|| "(unnamed policy)".to_owned()),
        file: file.to_owned(),
        as_of,
        validation,
        audit: None,
        decisions: 0,
        holders: Vec::new(),
        ungranted: Vec::new(),
        engine_error: None,
    };
    let start = policy
        .effective
        .or_else(|| log.and_then(|l| l.events().first().map(|e| e.at)))
        .unwrap_or(as_of);
    let mut engine = match Engine::new(policy.clone(), roster, start) {
        Ok(e) => e,
        Err(e) => {
            section.engine_error = Some(e.to_string());
            return section;
        }
    };
    if let Some(l) = log {
        if let Err(e) = engine.replay(l) {
            section.engine_error = Some(e.to_string());
            return section;
        }
        section.audit = Some(diagnostics(&engine.audit()));
    }
    section.decisions = engine.decisions().count();
    let state = engine.state();
    let grants: BTreeMap<String, &Grant> = state
        .grants
        .iter()
        .filter_map(|gs| {
            engine
                .grant(gs.grant.as_str())
                .map(|g| (gs.grant.to_string(), g))
        })
        .collect();
    let left: BTreeSet<&str> = state.left.iter().map(|(m, _)| m.as_str()).collect();
    let mut holders: BTreeMap<String, Vec<HeldGrant>> = BTreeMap::new();
    let mut live: Vec<&Grant> = Vec::new();
    for gs in &state.grants {
        let Some(g) = grants.get(gs.grant.as_str()) else {
            continue;
        };
        let status = if gs.revoked.is_some() {
            "revoked"
        } else if !gs.suspended.is_empty() {
            "suspended"
        } else if g.scope.window.expires_at.is_some_and(|e| e <= as_of) {
            "expired"
        } else if g.scope.window.not_before.is_some_and(|b| b > as_of) {
            "not yet valid"
        } else {
            "live"
        };
        if status == "live" {
            live.push(g);
        }
        let (members, circle): (Vec<String>, Option<String>) = match &g.delegate {
            Delegate::Member(m) => (vec![m.to_string()], None),
            Delegate::Circle(c) => (
                policy
                    .circles
                    .iter()
                    .find(|x| x.id == *c)
                    .map(|x| x.members.iter().map(ToString::to_string).collect())
                    .unwrap_or_default(),
                Some(c.to_string()),
            ),
        };
        for m in members {
            if left.contains(m.as_str()) {
                continue;
            }
            holders.entry(m).or_default().push(HeldGrant {
                grant: g.id.to_string(),
                circle: circle.clone(),
                kinds: g.scope.kinds.iter().map(ToString::to_string).collect(),
                areas: g.scope.areas.iter().map(ToString::to_string).collect(),
                cap: g.scope.cap.map(|c| c.to_string()),
                autonomy: g.autonomy.to_string(),
                chain: chain(&grants, g),
                status: status.to_owned(),
            });
        }
    }
    section.holders = holders
        .into_iter()
        .map(|(member, grants)| Holder { member, grants })
        .collect();
    section
        .holders
        .sort_by(|a, b| natural(&a.member, &b.member));
    section.ungranted = ungranted(policy, &engine, &live, as_of, in_degree);
    section
}

/// Whether `x` is `ancestor` or below it, following `parent` links.
fn within<'a>(x: &'a str, ancestor: &str, parent: &dyn Fn(&str) -> Option<&'a str>) -> bool {
    let mut cur = Some(x);
    let mut steps = 0;
    while let Some(c) = cur {
        if c == ancestor {
            return true;
        }
        steps += 1;
        if steps > 256 {
            return false;
        }
        cur = parent(c);
    }
    false
}

fn ungranted(
    policy: &colead::delegation::Policy,
    engine: &Engine,
    live: &[&Grant],
    at: DateTime<Utc>,
    in_degree: Option<&HashMap<colead::roster::MemberId, f64>>,
) -> Vec<Ungranted> {
    let kind_parent: HashMap<&str, &str> = policy
        .kinds
        .iter()
        .filter_map(|k| k.parent.as_ref().map(|p| (k.id.as_str(), p.as_str())))
        .collect();
    let area_parent: HashMap<&str, &str> = policy
        .areas
        .iter()
        .filter_map(|a| a.parent.as_ref().map(|p| (a.id.as_str(), p.as_str())))
        .collect();
    let kp = |k: &str| kind_parent.get(k).copied();
    let ap = |a: &str| area_parent.get(a).copied();
    let mut out = Vec::new();
    for kind in policy.kinds.iter().filter(|k| !k.requires.is_empty()) {
        for area in &policy.areas {
            let (k, a) = (kind.id.as_str(), area.id.as_str());
            let reserved = policy
                .charter
                .reserved
                .iter()
                .any(|m| within(k, m.kind.as_str(), &kp) && within(a, m.area.as_str(), &ap));
            let covered = live.iter().any(|g| {
                g.scope.kinds.iter().any(|gk| within(k, gk.as_str(), &kp))
                    && g.scope.areas.iter().any(|ga| within(a, ga.as_str(), &ap))
            });
            if reserved || covered {
                continue;
            }
            let Ok(mut cands) = engine.candidates(&kind.id, &area.id, at, in_degree) else {
                continue;
            };
            cands.retain(|c| !c.holds_authority);
            out.push(Ungranted {
                kind: k.to_owned(),
                area: a.to_owned(),
                candidates: cands
                    .into_iter()
                    .take(3)
                    .map(|c| CandidateFit {
                        member: c.member.to_string(),
                        meets_profile: c.meets_profile,
                        shortfall: c.shortfall,
                        surplus: c.surplus,
                        in_degree: c.in_degree,
                    })
                    .collect(),
            });
            if out.len() >= MAX_UNGRANTED {
                return out;
            }
        }
    }
    out
}

fn flag_name(kind: &impl serde::Serialize) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn participation(
    input: &TeamInput,
    roster: Option<&Roster>,
) -> Result<(Option<ParticipationSection>, Vec<MeetingReport>), CliError> {
    if input.meetings.is_empty() && input.chats.is_empty() {
        return Ok((None, Vec::new()));
    }
    let config = Config::default();
    let with_roster = MeetingContext {
        roster,
        attendance: None,
        agenda: None,
    };
    let without = MeetingContext {
        roster: None,
        attendance: None,
        agenda: None,
    };
    let mut reports = Vec::with_capacity(input.meetings.len() + input.chats.len());
    let mut matched = Vec::with_capacity(reports.capacity());
    for t in &input.meetings {
        let r = analyze(t, &with_roster, &config)?;
        let spoke = |s: &colead::participation::report::SpeakerMetrics| {
            s.member_id.is_some() && s.turns.n_turns > 0
        };
        if roster.is_some() && r.speakers.values().any(spoke) {
            reports.push(r);
            matched.push(true);
        } else {
            reports.push(analyze(t, &without, &config)?);
            matched.push(false);
        }
    }
    for c in &input.chats {
        let r = analyze_chat(c, &with_roster, &config)?;
        matched.push(roster.is_some());
        reports.push(r);
    }
    let full = build_report(reports, &config)?;
    let meetings: Vec<MeetingSummary> = full
        .meetings
        .iter()
        .zip(&matched)
        .map(|(m, matched)| meeting_summary(m, *matched))
        .collect();
    let (trends, persistent_flags) = match &full.series {
        Some(s) => (
            s.team
                .iter()
                .map(|(k, t)| TrendSummary {
                    metric: k.clone(),
                    values: t.values.clone(),
                    delta: t.delta,
                    slope: t.slope,
                })
                .collect(),
            s.flags
                .iter()
                .map(|f| FlagSummary {
                    kind: flag_name(&f.kind),
                    who: f.who.clone(),
                    evidence: f.evidence.clone(),
                })
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    Ok((
        Some(ParticipationSection {
            meetings,
            trends,
            persistent_flags,
        }),
        full.meetings,
    ))
}

/// A speaker's share: talk time among those present, else talk time, else
/// messages, else words.
pub fn speaker_share(s: &colead::participation::report::SpeakerMetrics) -> Option<f64> {
    s.timing
        .as_ref()
        .and_then(|t| t.share_of_talk_time_present.or(t.share_of_talk_time))
        .or_else(|| s.chat.as_ref().and_then(|c| c.share_of_messages))
        .or_else(|| s.words.as_ref().and_then(|w| w.share_of_words))
}

fn meeting_summary(m: &MeetingReport, matched: bool) -> MeetingSummary {
    let mut shares: Vec<SpeakerShare> = m
        .speakers
        .iter()
        .filter(|(_, s)| s.present || s.timing.as_ref().is_some_and(|t| t.n_segments > 0))
        .map(|(k, s)| SpeakerShare {
            speaker: k.clone(),
            share: speaker_share(s).unwrap_or(0.0),
            turns: s.turns.n_turns,
        })
        .collect();
    shares.sort_by(|a, b| {
        b.share
            .total_cmp(&a.share)
            .then_with(|| a.speaker.cmp(&b.speaker))
    });
    let timing = m.meeting.timing.as_ref();
    MeetingSummary {
        meeting: m.meeting_id.clone(),
        file: m.source.file.clone(),
        format: m.source.format.clone(),
        duration_s: timing.and_then(|t| t.meeting_duration),
        speakers: m.meeting.n_speakers,
        turns: m.meeting.turns.n_turns,
        gini: timing.and_then(|t| t.gini_speaking_time),
        normalized_entropy: timing.and_then(|t| t.normalized_entropy_speaking_share),
        matched_to_roster: matched,
        shares,
        flags: m
            .flags
            .iter()
            .map(|f| FlagSummary {
                kind: flag_name(&f.kind),
                who: f.who.clone(),
                evidence: f.evidence.clone(),
            })
            .collect(),
    }
}

fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = values.flatten().filter(|x| x.is_finite()).collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

fn glance(
    roster: Option<&Roster>,
    rel: Option<&Relationships>,
    del: Option<&DelegationSection>,
    process: Option<&ProgressReport>,
    part: Option<&ParticipationSection>,
) -> Glance {
    let members = roster.map(Roster::len);
    let leadership_network = rel.and_then(|r| {
        let s = r
            .relations
            .iter()
            .find(|s| s.relation == r.leadership_relation)?;
        Some(NetworkHeadline {
            relation: s.relation.clone(),
            density: s.density,
            ties: s.ties,
            isolates: s.isolates.len(),
            top_in_share: (s.directed && s.ties > 0)
                .then(|| s.most_sought.first().map(|m| m.value / s.ties as f64))
                .flatten(),
            decentralization: r.leadership.as_ref().and_then(|l| l.decentralization),
            pattern: r.leadership.as_ref().and_then(|l| l.pattern.clone()),
        })
    });
    let participation = part.map(|p| ParticipationHeadline {
        meetings: p.meetings.len(),
        mean_normalized_entropy: mean(p.meetings.iter().map(|m| m.normalized_entropy)),
        mean_gini: mean(p.meetings.iter().map(|m| m.gini)),
    });
    let delegation = del.map(|d| {
        let holders = d
            .holders
            .iter()
            .filter(|h| h.grants.iter().any(|g| g.status == "live"))
            .count();
        let live: BTreeSet<&str> = d
            .holders
            .iter()
            .flat_map(|h| h.grants.iter())
            .filter(|g| g.status == "live")
            .map(|g| g.grant.as_str())
            .collect();
        let all: BTreeSet<&str> = d
            .holders
            .iter()
            .flat_map(|h| h.grants.iter())
            .map(|g| g.grant.as_str())
            .collect();
        DelegationHeadline {
            holders,
            members,
            share: members
                .filter(|n| *n > 0)
                .map(|n| holders as f64 / n as f64),
            live_grants: live.len(),
            grants: all.len(),
            validation_errors: d.validation.errors,
            audit_findings: d.audit.as_ref().map_or(0, |a| a.errors + a.warnings),
        }
    });
    let process = process.map(|p| {
        let mut signals = [0usize; 4];
        for s in &p.signals {
            let i = match s.status {
                SignalStatus::Green => 0,
                SignalStatus::Amber => 1,
                SignalStatus::Red => 2,
                SignalStatus::Unknown => 3,
            };
            if let Some(c) = signals.get_mut(i) {
                *c += 1;
            }
        }
        ProcessHeadline {
            initiative: p.initiative.clone(),
            stage: p.where_we_are.stage_name.clone(),
            position: p.where_we_are.position,
            stages: p.where_we_are.stages,
            next_gate_ready: p.next_gate.as_ref().map(|g| g.ready),
            signals,
        }
    });
    Glance {
        members,
        leadership_network,
        participation,
        delegation,
        process,
    }
}

/// Orders ids numerically when both are numbers, else as text.
pub fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}
