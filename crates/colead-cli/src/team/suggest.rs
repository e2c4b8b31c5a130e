//! Section 6: suggestions derived from the measures, each citing the
//! measure and value that triggered it. The rules and thresholds are
//! listed in `docs/report.md`.

use super::model::{Suggestion, TeamReport};

/// Leadership-network density below this suggests widening who people
/// turn to.
pub const LOW_DENSITY: f64 = 0.25;
/// Leadership decentralization below this suggests spreading leadership.
pub const LOW_DECENTRALIZATION: f64 = 0.5;
/// An E-I index this far below what group sizes imply suggests building
/// ties across groups.
pub const EI_BELOW_BASELINE: f64 = 0.3;
/// A youth–adult share of ties below this suggests fostering
/// partnerships.
pub const FEW_YOUTH_ADULT: f64 = 0.3;
/// Fewer members than this share holding delegated authority suggests
/// spreading it.
pub const NARROW_DELEGATION: f64 = 0.25;
/// A mean Gini of talk time above this suggests structured turn-taking.
pub const UNEQUAL_TALK: f64 = 0.3;
/// At most this many suggestions of one rule (the rest are counted).
pub const PER_RULE: usize = 3;

fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

fn list(items: &[String]) -> String {
    if items.len() <= 6 {
        items.join(", ")
    } else {
        let head: Vec<&str> = items.iter().take(6).map(String::as_str).collect();
        format!("{} and {} more", head.join(", "), items.len() - 6)
    }
}

fn push(out: &mut Vec<Suggestion>, area: &str, title: String, text: String, because: String) {
    out.push(Suggestion {
        area: area.to_owned(),
        title,
        text,
        because,
    });
}

/// Every suggestion the report's measures trigger, in section order.
pub fn suggestions(r: &TeamReport) -> Vec<Suggestion> {
    let mut out = Vec::new();
    relationships(r, &mut out);
    delegation(r, &mut out);
    process(r, &mut out);
    participation(r, &mut out);
    out
}

fn relationships(r: &TeamReport, out: &mut Vec<Suggestion>) {
    let Some(rel) = &r.relationships else { return };
    let Some(s) = rel
        .relations
        .iter()
        .find(|s| s.relation == rel.leadership_relation)
    else {
        return;
    };
    if let Some(d) = s.density
        && d < LOW_DENSITY
    {
        push(
            out,
            "relationships",
            format!("Widen who people turn to ({})", s.relation),
            "Few of the possible ties exist, so a handful of members carry the leadership network. Pair people across the usual lines for advice and decisions.".to_owned(),
            format!("density of `{}` = {d:.3} (below {LOW_DENSITY})", s.relation),
        );
    }
    if let Some(l) = &rel.leadership
        && let Some(d) = l.decentralization
        && d < LOW_DECENTRALIZATION
    {
        push(
            out,
            "relationships",
            "Spread leadership beyond a few members".to_owned(),
            "Nominations concentrate on a few members; rotate leading roles so that more members are relied on.".to_owned(),
            format!(
                "decentralization of `{}` = {d:.3} (below {LOW_DECENTRALIZATION}; pattern {})",
                l.relation,
                l.pattern.as_deref().unwrap_or("–")
            ),
        );
    }
    for hub in s.overloaded_hubs.iter().take(PER_RULE) {
        let indeg = s
            .most_sought
            .iter()
            .find(|m| &m.member == hub)
            .map(|m| format!(" = {}", m.value))
            .unwrap_or_default();
        push(
            out,
            "relationships",
            format!("Share the load of member {hub}"),
            format!(
                "Member {hub} is among the most sought in `{}`; others could take on part of that role.",
                s.relation
            ),
            format!(
                "overloaded hub (`member_flags`): in_degree in `{}`{indeg}",
                s.relation
            ),
        );
    }
    if let Some(b) = &s.boundary
        && let (Some(ei), Some(base)) = (b.ei, b.baseline)
        && ei < base - EI_BELOW_BASELINE
    {
        push(
            out,
            "relationships",
            format!("Build ties across {} lines", b.attribute),
            format!(
                "Ties in `{}` stay within groups more than group sizes alone would give: pair people across groups.",
                s.relation
            ),
            format!(
                "E-I index by `{}` in `{}` = {ei:.3} vs {base:.3} expected from group sizes",
                b.attribute, s.relation
            ),
        );
    }
    if let Some(y) = &s.youth_adult
        && y.youth_youth + y.adult_adult > 0
        && let Some(share) = y.share
        && share < FEW_YOUTH_ADULT
    {
        push(
            out,
            "relationships",
            "Foster youth–adult partnerships".to_owned(),
            "Few ties cross the age line: pair youth and adults on shared tasks.".to_owned(),
            format!(
                "youth–adult share of `{}` ties = {} (below {})",
                s.relation,
                pct(share),
                pct(FEW_YOUTH_ADULT)
            ),
        );
    }
    if !s.isolates.is_empty() {
        push(
            out,
            "relationships",
            "Bring isolated members in".to_owned(),
            "Some members have no tie at all in the leadership network: invite them into advice and decisions.".to_owned(),
            format!("degree 0 in `{}`: {}", s.relation, list(&s.isolates)),
        );
    }
    if !s.peripheral.is_empty() {
        push(
            out,
            "relationships",
            "Draw peripheral members in".to_owned(),
            "These members have a single tie in the leadership network: introduce them to a second colleague.".to_owned(),
            format!("peripheral (`member_flags`, degree 1) in `{}`: {}", s.relation, list(&s.peripheral)),
        );
    }
    if !s.articulation_points.is_empty() {
        push(
            out,
            "relationships",
            "Back up single points of connection".to_owned(),
            "The network would split if these members left: build a second link around each."
                .to_owned(),
            format!(
                "articulation_points of `{}`: {}",
                s.relation,
                list(&s.articulation_points)
            ),
        );
    }
}

fn delegation(r: &TeamReport, out: &mut Vec<Suggestion>) {
    let Some(d) = &r.delegation else { return };
    if d.validation.errors > 0 {
        let codes: Vec<String> = d
            .validation
            .diagnostics
            .iter()
            .filter(|x| x.severity == colead::delegation::Severity::Error)
            .map(|x| format!("{} {}", x.code, x.name))
            .collect();
        push(
            out,
            "delegation",
            "Fix the delegation policy".to_owned(),
            "The policy has errors, so nobody can rely on it; `colead delegation check` explains each.".to_owned(),
            format!("{} validation errors: {}", d.validation.errors, list(&codes)),
        );
    }
    if let Some(a) = &d.audit {
        let found: Vec<String> = a
            .diagnostics
            .iter()
            .filter(|x| x.severity != colead::delegation::Severity::Info)
            .map(|x| format!("{} {}", x.code, x.name))
            .collect();
        if !found.is_empty() {
            push(
                out,
                "delegation",
                "Review the decisions the audit flags".to_owned(),
                "Overriding or pre-empting empowered delegates undoes shared leadership; talk through each case with the delegate.".to_owned(),
                format!("audit of the decision log: {}", list(&found)),
            );
        }
    }
    if let Some(g) = &r.glance.delegation
        && let Some(share) = g.share
        && share < NARROW_DELEGATION
    {
        push(
            out,
            "delegation",
            "Spread delegated authority".to_owned(),
            "Few members hold any delegated decision: consider grants for routine decisions to more people.".to_owned(),
            format!(
                "{} of {} members hold a live grant ({})",
                g.holders,
                g.members.unwrap_or(0),
                pct(share)
            ),
        );
    }
    for u in d
        .ungranted
        .iter()
        .filter(|u| u.candidates.first().is_some_and(|c| c.meets_profile))
        .take(PER_RULE)
    {
        let names: Vec<String> = u
            .candidates
            .iter()
            .filter(|c| c.meets_profile)
            .map(|c| c.member.clone())
            .collect();
        push(
            out,
            "delegation",
            format!("Consider delegating `{}` in `{}`", u.kind, u.area),
            format!(
                "No live grant covers it; members {} meet its qualification profile.",
                names.join(", ")
            ),
            format!(
                "candidates for `{}` in `{}`: {} meet the profile (shortfall 0)",
                u.kind,
                u.area,
                names.join(", ")
            ),
        );
    }
}

fn process(r: &TeamReport, out: &mut Vec<Suggestion>) {
    let Some(p) = &r.process else { return };
    if let Some(g) = &p.next_gate
        && !g.ready
    {
        let unmet: Vec<String> = g
            .criteria
            .iter()
            .filter(|c| c.required && c.status != colead::process::CriterionStatus::Met)
            .map(|c| c.text.clone())
            .collect();
        if !unmet.is_empty() {
            push(
                out,
                "process",
                format!("Work toward the `{}` gate", g.from),
                format!("Still needed: {}.", unmet.join("; ")),
                format!(
                    "next gate: {} of {} required criteria unmet",
                    unmet.len(),
                    g.criteria.iter().filter(|c| c.required).count()
                ),
            );
        }
    }
    let stage = p.where_we_are.stage.as_ref().map(ToString::to_string);
    for s in p.suggestions.iter().take(PER_RULE) {
        push(
            out,
            "process",
            format!("Practise `{}` in this stage", s.practice),
            s.prompt
                .clone()
                .unwrap_or_else(|| "Plan an activity for this practice.".to_owned()),
            format!(
                "coverage of `{}` × `{}` = {}",
                stage.as_deref().unwrap_or("?"),
                s.practice,
                s.status.as_str()
            ),
        );
    }
    for s in p
        .signals
        .iter()
        .filter(|s| s.status == colead::process::SignalStatus::Red)
        .take(PER_RULE)
    {
        push(
            out,
            "process",
            format!("Attend to {}", s.signal.name().to_lowercase()),
            s.explanation.clone(),
            format!(
                "signal `{}` = red{} ({})",
                s.signal,
                s.value
                    .map(|v| format!(", value {v:.2}"))
                    .unwrap_or_default(),
                s.thresholds
            ),
        );
    }
}

fn participation(r: &TeamReport, out: &mut Vec<Suggestion>) {
    let Some(p) = &r.participation else { return };
    for f in p.persistent_flags.iter().take(PER_RULE) {
        let title = match f.kind.as_str() {
            "persistent_silence" => format!("Invite {} in", f.who),
            "persistent_dominance" => format!("Make room beside {}", f.who),
            _ => format!("Look at `{}` for {}", f.kind, f.who),
        };
        push(
            out,
            "participation",
            title,
            f.evidence.clone(),
            format!("series flag `{}` for {}", f.kind, f.who),
        );
    }
    if let Some(h) = &r.glance.participation
        && let Some(g) = h.mean_gini
        && g > UNEQUAL_TALK
    {
        push(
            out,
            "participation",
            "Structure turn-taking".to_owned(),
            "Talk time is unevenly spread: try rounds, a speaking order, or a facilitator who invites quieter members.".to_owned(),
            format!(
                "mean gini_speaking_time over {} meetings = {g:.3} (above {UNEQUAL_TALK})",
                h.meetings
            ),
        );
    }
    if p.persistent_flags.is_empty()
        && let Some(last) = p.meetings.last()
    {
        for f in last
            .flags
            .iter()
            .filter(|f| {
                matches!(
                    f.kind.as_str(),
                    "silent" | "dominant_share" | "dominant_majority"
                )
            })
            .take(PER_RULE)
        {
            push(
                out,
                "participation",
                format!("Check in with {}", f.who),
                f.evidence.clone(),
                format!("flag `{}` in meeting {}", f.kind, last.meeting),
            );
        }
    }
}
