//! The Markdown form of the team report (what `colead report` prints).

use std::fmt::Write as _;

use super::model::*;

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "–".to_owned(), |x| format!("{x:.digits$}"))
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |x| format!("{:.1} %", x * 100.0))
}

/// Escapes a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn ids(v: &[String]) -> String {
    if v.is_empty() {
        "none".to_owned()
    } else {
        v.join(", ")
    }
}

/// The section titles, in order (also the HTML page's sections).
pub const SECTIONS: [&str; 6] = [
    "Shared leadership at a glance",
    "Relationships",
    "Delegation",
    "Process",
    "Participation",
    "Suggestions",
];

/// Renders the report as Markdown.
pub fn markdown(r: &TeamReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", r.title);
    about(r, &mut s);
    glance(r, &mut s);
    relationships(r, &mut s);
    delegation(r, &mut s);
    process(r, &mut s);
    participation(r, &mut s);
    suggestions(r, &mut s);
    s
}

fn about(r: &TeamReport, s: &mut String) {
    let i = &r.inputs;
    let _ = writeln!(s, "## About the data\n");
    if i.source == "demo" {
        let _ = writeln!(
            s,
            "This is the demo team compiled into `colead`; `colead demo export DIR` writes its files. Real data is cited; illustrative data is labelled.\n"
        );
    }
    let _ = writeln!(s, "| part | file | provenance |\n|---|---|---|");
    for f in &i.files {
        let prov = match &f.note {
            Some(n) => format!("{}: {}", f.provenance, cell(n)),
            None => f.provenance.clone(),
        };
        let _ = writeln!(s, "| {} | `{}` | {prov} |", f.part, cell(&f.file));
    }
    s.push('\n');
    if !i.absent.is_empty() {
        let _ = writeln!(s, "Absent:\n");
        for a in &i.absent {
            let _ = writeln!(s, "- `{}`: {}", a.file, a.effect);
        }
        s.push('\n');
    }
    if !i.ignored.is_empty() {
        let _ = writeln!(s, "Ignored:\n");
        for g in &i.ignored {
            let _ = writeln!(s, "- `{}`: {}", g.file, g.reason);
        }
        s.push('\n');
    }
    if !i.warnings.is_empty() {
        let _ = writeln!(s, "Warnings ({}):\n", i.warnings.len());
        for w in i.warnings.iter().take(20) {
            let _ = writeln!(s, "- {w}");
        }
        if i.warnings.len() > 20 {
            let _ = writeln!(s, "- … and {} more", i.warnings.len() - 20);
        }
        s.push('\n');
    }
}

fn glance(r: &TeamReport, s: &mut String) {
    let g = &r.glance;
    let _ = writeln!(s, "## 1. {}\n", SECTIONS[0]);
    let _ = writeln!(s, "| measure | value | based on |\n|---|---|---|");
    if let Some(n) = g.members {
        let _ = writeln!(s, "| members | {n} | roster |");
    }
    if let Some(l) = &g.leadership_network {
        let _ = writeln!(
            s,
            "| leadership network density | {} | `density` of `{}` ({} ties) |",
            num(l.density, 3),
            l.relation,
            l.ties
        );
        let _ = writeln!(
            s,
            "| members without a leadership tie | {} | `degree` = 0 in `{}` |",
            l.isolates, l.relation
        );
        if l.decentralization.is_some() {
            let _ = writeln!(
                s,
                "| leadership decentralization | {} | 1 − Freeman in-degree centralization of `{}` (`shared_leadership`); pattern {} |",
                num(l.decentralization, 3),
                l.relation,
                l.pattern.as_deref().unwrap_or("–")
            );
        }
        if let Some(t) = l.top_in_share {
            let _ = writeln!(
                s,
                "| share of ties to the most sought member | {} | max `in_degree` / `n_edges` of `{}` |",
                pct(Some(t)),
                l.relation
            );
        }
    }
    if let Some(p) = &g.participation {
        let _ = writeln!(
            s,
            "| participation equality | {} | mean `normalized_entropy_speaking_share` over {} meetings (1 = equal) |",
            num(p.mean_normalized_entropy, 3),
            p.meetings
        );
        let _ = writeln!(
            s,
            "| talk-time inequality | {} | mean `gini_speaking_time` (0 = equal) |",
            num(p.mean_gini, 3)
        );
    }
    if let Some(d) = &g.delegation {
        let _ = writeln!(
            s,
            "| members holding delegated authority | {} of {} ({}) | live grants, directly or through a circle |",
            d.holders,
            d.members.map_or_else(|| "?".to_owned(), |n| n.to_string()),
            pct(d.share)
        );
        let _ = writeln!(
            s,
            "| live grants | {} of {} | grant status at the report time |",
            d.live_grants, d.grants
        );
        let _ = writeln!(
            s,
            "| policy errors / audit findings | {} / {} | `colead delegation check` / `audit` |",
            d.validation_errors, d.audit_findings
        );
    }
    if let Some(p) = &g.process {
        let _ = writeln!(
            s,
            "| process stage | {} ({} of {}) | `{}` process log |",
            cell(&p.stage),
            p.position,
            p.stages,
            cell(&p.initiative)
        );
        let ready = match p.next_gate_ready {
            Some(true) => "ready",
            Some(false) => "not ready",
            None => "–",
        };
        let _ = writeln!(s, "| next gate | {ready} | required gate criteria |");
        let [gr, am, re, un] = p.signals;
        let _ = writeln!(
            s,
            "| signals | {gr} green, {am} amber, {re} red, {un} unknown | process signals |"
        );
    }
    s.push('\n');
}

fn relationships(r: &TeamReport, s: &mut String) {
    let _ = writeln!(s, "## 2. {}\n", SECTIONS[1]);
    let Some(rel) = &r.relationships else {
        let _ = writeln!(s, "No relationship data (`ties/`).\n");
        return;
    };
    let _ = writeln!(
        s,
        "Leadership network: `{}`. Members grouped by {}.\n",
        rel.leadership_relation,
        rel.group_by.as_deref().map_or_else(
            || "nothing (no group attribute)".to_owned(),
            |g| format!("`{g}`")
        )
    );
    if let Some(l) = &rel.leadership {
        let _ = writeln!(
            s,
            "Shared leadership in `{}` (`shared_leadership`): density {}, centralization {}, decentralization {}, Gini of nominations received {}, index {}, pattern **{}**; leaders (named by half the others or more): {} (density among them {}).\n",
            l.relation,
            num(l.density, 3),
            num(l.centralization, 3),
            num(l.decentralization, 3),
            num(l.gini, 3),
            num(l.index, 3),
            l.pattern.as_deref().unwrap_or("–"),
            ids(&l.leaders),
            num(l.leader_density, 3)
        );
    }
    let _ = writeln!(
        s,
        "| relation | directed | ties | density | reciprocity | centralization | E-I | components | communities (modularity) | isolates |\n|---|---|---|---|---|---|---|---|---|---|"
    );
    for x in &rel.relations {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            x.relation,
            if x.directed { "yes" } else { "no" },
            x.ties,
            num(x.density, 3),
            num(x.reciprocity, 3),
            num(x.centralization, 3),
            num(x.boundary.as_ref().and_then(|b| b.ei), 3),
            x.components
                .map_or_else(|| "–".to_owned(), |c| c.to_string()),
            x.communities.as_ref().map_or_else(
                || "–".to_owned(),
                |c| format!("{} ({})", c.count, num(c.modularity, 3))
            ),
            x.isolates.len()
        );
    }
    s.push('\n');
    match &rel.ladder {
        Some(l) => {
            let _ = writeln!(
                s,
                "Relationship ladder from {} to {} (`ladder_transitions`): {} pairs moved up, {} moved down, {} stayed.\n",
                l.from.format("%Y-%m-%d"),
                l.to.format("%Y-%m-%d"),
                l.progressed,
                l.regressed,
                l.stayed
            );
        }
        None => {
            let _ = writeln!(
                s,
                "The ties carry no times, so relationship-ladder changes are not shown.\n"
            );
        }
    }
    for x in &rel.relations {
        let _ = writeln!(s, "### {}\n", x.relation);
        let sought: Vec<String> = x
            .most_sought
            .iter()
            .map(|m| format!("{} ({})", m.member, m.value))
            .collect();
        let between: Vec<String> = x
            .in_between
            .iter()
            .map(|m| format!("{} ({:.3})", m.member, m.value))
            .collect();
        let _ = writeln!(
            s,
            "- Most sought (`{}`): {}",
            if x.directed { "in_degree" } else { "degree" },
            ids(&sought)
        );
        let _ = writeln!(
            s,
            "- In between others (`betweenness_centrality`): {}",
            ids(&between)
        );
        let _ = writeln!(s, "- Isolates (`degree` = 0): {}", ids(&x.isolates));
        let _ = writeln!(s, "- Brokers (`member_flags`): {}", ids(&x.brokers));
        let constraint: Vec<String> = x
            .lowest_constraint
            .iter()
            .map(|m| format!("{} ({:.3})", m.member, m.value))
            .collect();
        let _ = writeln!(
            s,
            "- Lowest Burt `constraint` (most brokerage opportunity): {}",
            ids(&constraint)
        );
        let _ = writeln!(
            s,
            "- Peripheral (`member_flags`, degree 1): {}",
            ids(&x.peripheral)
        );
        let _ = writeln!(
            s,
            "- Overloaded hubs (`member_flags`, top in-degree): {}",
            ids(&x.overloaded_hubs)
        );
        if let Some(b) = &x.boundary {
            let groups: Vec<String> = b
                .groups
                .iter()
                .map(|g| {
                    format!(
                        "{} {} ({} out, {} in)",
                        g.group,
                        num(g.ei, 2),
                        g.external,
                        g.internal
                    )
                })
                .collect();
            let _ = writeln!(
                s,
                "- Boundary crossing by `{}` (E-I index, `boundary_crossing`): {} (group sizes alone imply {}); by group: {}",
                b.attribute,
                num(b.ei, 3),
                num(b.baseline, 3),
                ids(&groups)
            );
        }
        if let Some(y) = &x.youth_adult {
            let _ = writeln!(
                s,
                "- Youth–adult ties (`youth_adult_partnership`): {} youth–adult, {} youth–youth, {} adult–adult, {} unknown; share across the age line {}",
                y.youth_adult,
                y.youth_youth,
                y.adult_adult,
                y.unknown,
                pct(y.share)
            );
        }
        if let Some(c) = &x.communities {
            let sizes: Vec<String> = c.sizes.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                s,
                "- Communities (`louvain`, seed 0): {} of sizes {}, modularity {}",
                c.count,
                sizes.join(", "),
                num(c.modularity, 3)
            );
        }

        let _ = writeln!(
            s,
            "- Articulation points (`articulation_points`): {}\n",
            ids(&x.articulation_points)
        );
    }
}

fn delegation(r: &TeamReport, s: &mut String) {
    let _ = writeln!(s, "## 3. {}\n", SECTIONS[2]);
    let Some(d) = &r.delegation else {
        let _ = writeln!(s, "No delegation policy (`policy.toml`).\n");
        return;
    };
    let _ = writeln!(
        s,
        "Policy {} (`{}`) as of {}; {} decisions in the log.\n",
        cell(&d.policy),
        cell(&d.file),
        d.as_of.format("%Y-%m-%d %H:%M UTC"),
        d.decisions
    );
    let _ = writeln!(
        s,
        "Validation: {} errors, {} warnings, {} notes.\n",
        d.validation.errors, d.validation.warnings, d.validation.infos
    );
    for x in &d.validation.diagnostics {
        let _ = writeln!(s, "- {} {}: {}", x.code, x.severity, cell(&x.message));
    }
    if !d.validation.diagnostics.is_empty() {
        s.push('\n');
    }
    if let Some(e) = &d.engine_error {
        let _ = writeln!(s, "No authority could be computed: {e}\n");
    }
    if !d.holders.is_empty() {
        let _ = writeln!(
            s,
            "| member | grant | kinds | areas | cap | autonomy | chain | status |\n|---|---|---|---|---|---|---|---|"
        );
        for h in &d.holders {
            for g in &h.grants {
                let grant = match &g.circle {
                    Some(c) => format!("{} (circle {c})", g.grant),
                    None => g.grant.clone(),
                };
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} | {} | charter → {} | {} |",
                    h.member,
                    cell(&grant),
                    g.kinds.join(", "),
                    g.areas.join(", "),
                    g.cap.as_deref().unwrap_or("–"),
                    cell(&g.autonomy),
                    g.chain.join(" → "),
                    g.status
                );
            }
        }
        s.push('\n');
    }
    if let Some(a) = &d.audit {
        let _ = writeln!(
            s,
            "Audit of the decision log: {} errors, {} warnings, {} notes.\n",
            a.errors, a.warnings, a.infos
        );
        for x in &a.diagnostics {
            let _ = writeln!(s, "- {} {}: {}", x.code, x.severity, cell(&x.message));
        }
        if !a.diagnostics.is_empty() {
            s.push('\n');
        }
    }
    if !d.ungranted.is_empty() {
        let _ = writeln!(
            s,
            "Areas no live grant covers, with the most qualified members (gifts against the kind's profile, then leadership in-degree):\n"
        );
        let _ = writeln!(s, "| kind | area | candidates |\n|---|---|---|");
        for u in &d.ungranted {
            let c: Vec<String> = u
                .candidates
                .iter()
                .map(|c| {
                    format!(
                        "{} ({}{})",
                        c.member,
                        if c.meets_profile {
                            "meets profile".to_owned()
                        } else {
                            format!("short {}", c.shortfall)
                        },
                        c.in_degree
                            .map(|d| format!(", in-degree {d}"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            let _ = writeln!(s, "| {} | {} | {} |", u.kind, u.area, ids(&c));
        }
        s.push('\n');
    }
}

fn process(r: &TeamReport, s: &mut String) {
    let _ = writeln!(s, "## 4. {}\n", SECTIONS[3]);
    let Some(p) = &r.process else {
        let _ = writeln!(s, "No process log (`initiative.jsonl`).\n");
        return;
    };
    let w = &p.where_we_are;
    let _ = writeln!(
        s,
        "{} ({}): stage {} of {}, **{}**, for {:.0} days; status {:?}; as of {}.\n",
        cell(&p.initiative),
        cell(&p.framework),
        w.position,
        w.stages,
        cell(&w.stage_name),
        w.days_in_stage,
        w.status,
        p.as_of.format("%Y-%m-%d")
    );
    if let Some(g) = &p.next_gate {
        let (met, total) = g.required_counts();
        let _ = writeln!(
            s,
            "Next gate `{}`{}: {} ({met} of {total} required criteria met).\n",
            g.from,
            g.to.as_ref()
                .map(|t| format!(" → `{t}`"))
                .unwrap_or_default(),
            if g.ready { "ready" } else { "not ready" }
        );
        for c in &g.criteria {
            let _ = write!(
                s,
                "- [{:?}] {} ({})",
                c.status,
                cell(&c.text),
                if c.required { "required" } else { "advisory" }
            );
            if !c.missing.is_empty() {
                let _ = write!(s, ": missing {}", cell(&c.missing));
            }
            s.push('\n');
        }
        s.push('\n');
    }
    let m = &p.coverage;
    let _ = write!(s, "Practice × stage coverage:\n\n| practice |");
    for st in &m.stages {
        let _ = write!(s, " {st} |");
    }
    let _ = write!(s, "\n|---|");
    for _ in &m.stages {
        s.push_str("---|");
    }
    s.push('\n');
    for pr in &m.practices {
        let _ = write!(s, "| {pr} |");
        for st in &m.stages {
            let c = m.cells.iter().find(|c| &c.stage == st && &c.practice == pr);
            let _ = write!(
                s,
                " {} |",
                c.map_or_else(
                    || "–".to_owned(),
                    |c| format!("{} ({})", c.status.as_str(), c.activities)
                )
            );
        }
        s.push('\n');
    }
    s.push('\n');
    let _ = writeln!(
        s,
        "| signal | status | value | explanation |\n|---|---|---|---|"
    );
    for x in &p.signals {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            x.signal.name(),
            x.status.as_str(),
            num(x.value, 2),
            cell(&x.explanation)
        );
    }
    s.push('\n');
    let _ = writeln!(s, "Timeline:\n");
    for t in &p.timeline {
        let what = match (&t.from, &t.to) {
            (Some(f), Some(to)) => format!("{} `{f}` → `{to}`", t.kind),
            (None, Some(to)) => format!("{} → `{to}`", t.kind),
            (Some(f), None) => format!("{} in `{f}`", t.kind),
            (None, None) => t.kind.to_owned(),
        };
        let _ = write!(s, "- {}: {what}", t.at.format("%Y-%m-%d"));
        if !t.text.is_empty() {
            let _ = write!(s, ": {}", cell(&t.text));
        }
        s.push('\n');
    }
    s.push('\n');
}

fn participation(r: &TeamReport, s: &mut String) {
    let _ = writeln!(s, "## 5. {}\n", SECTIONS[4]);
    let Some(p) = &r.participation else {
        let _ = writeln!(s, "No meetings (`meetings/`).\n");
        return;
    };
    let _ = writeln!(
        s,
        "| meeting | minutes | speakers | turns | Gini of talk time | normalised entropy | largest share |\n|---|---|---|---|---|---|---|"
    );
    for m in &p.meetings {
        let largest = m
            .shares
            .first()
            .map(|x| format!("{} {}", x.speaker, pct(Some(x.share))))
            .unwrap_or_else(|| "–".to_owned());
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            cell(&m.meeting),
            num(m.duration_s.map(|d| d / 60.0), 1),
            m.speakers,
            m.turns,
            num(m.gini, 3),
            num(m.normalized_entropy, 3),
            cell(&largest)
        );
    }
    s.push('\n');
    for m in &p.meetings {
        let _ = writeln!(s, "### {}\n", m.meeting);
        let _ = writeln!(
            s,
            "Source `{}` ({}){}.\n",
            cell(&m.file),
            m.format,
            if m.matched_to_roster {
                ""
            } else {
                "; speakers are not on the roster, so they are shown by label"
            }
        );
        let shares: Vec<String> = m
            .shares
            .iter()
            .map(|x| format!("{} {} ({} turns)", x.speaker, pct(Some(x.share)), x.turns))
            .collect();
        let _ = writeln!(s, "Talk share: {}.\n", ids(&shares));
        for f in &m.flags {
            let _ = writeln!(s, "- **{}** {}: {}", f.kind, f.who, cell(&f.evidence));
        }
        if !m.flags.is_empty() {
            s.push('\n');
        }
    }
    if !p.trends.is_empty() {
        let _ = writeln!(
            s,
            "Across {} meetings:\n\n| measure | values | change | slope per meeting |\n|---|---|---|---|",
            p.meetings.len()
        );
        for t in &p.trends {
            let v: Vec<String> = t.values.iter().map(|v| num(*v, 3)).collect();
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                t.metric,
                v.join(" → "),
                num(t.delta, 3),
                num(t.slope, 4)
            );
        }
        s.push('\n');
        for f in &p.persistent_flags {
            let _ = writeln!(s, "- **{}** {}: {}", f.kind, f.who, cell(&f.evidence));
        }
        if !p.persistent_flags.is_empty() {
            s.push('\n');
        }
    }
}

fn suggestions(r: &TeamReport, s: &mut String) {
    let _ = writeln!(s, "## 6. {}\n", SECTIONS[5]);
    if r.suggestions.is_empty() {
        let _ = writeln!(s, "No measure triggered a suggestion.");
        return;
    }
    for (i, x) in r.suggestions.iter().enumerate() {
        let _ = writeln!(
            s,
            "{}. **{}** ({}): {} *Based on: {}.*",
            i + 1,
            x.title,
            x.area,
            x.text,
            x.because
        );
    }
}
