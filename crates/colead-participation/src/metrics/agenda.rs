//! Agenda adherence (M12).

use std::collections::BTreeMap;

use crate::context::Agenda;
use crate::diag::{WarningKind, Warnings};
use crate::metrics::{Undefined, gini, kendall_tau, normalized_entropy};
use crate::report::{AgendaItemReport, AgendaReport};
use crate::time::Time;

/// Marks sorted by time with the index of their item (None: off-agenda).
pub(crate) struct Spans {
    /// Span starts (sorted), clipped to the meeting.
    pub starts: Vec<i64>,
    /// Item index per span (None = off-agenda).
    pub items: Vec<Option<usize>>,
    /// Checkpoints for the sweep: span starts, then the meeting end.
    pub checkpoints: Vec<i64>,
}

/// Orders the marks and maps them to items; unknown ids warn.
pub(crate) fn spans(agenda: &Agenda, start: i64, end: i64, warnings: &mut Warnings) -> Spans {
    let mut marks: Vec<(i64, Option<usize>)> = Vec::new();
    for m in &agenda.marks {
        let item = agenda.items.iter().position(|i| i.id == m.item);
        if item.is_none() {
            let id = m.item.clone();
            warnings.add(
                WarningKind::UnknownAgendaItem,
                Some(m.location.clone()),
                || {
                    format!(
                        "mark names `{id}`, which is not an agenda item; counted as off-agenda time"
                    )
                },
            );
        }
        marks.push((m.start.as_nanos().clamp(start, end.max(start)), item));
    }
    marks.sort_by_key(|m| m.0);
    let starts: Vec<i64> = marks.iter().map(|m| m.0).collect();
    let items = marks.iter().map(|m| m.1).collect();
    let mut checkpoints = starts.clone();
    checkpoints.push(end.max(start));
    Spans {
        starts,
        items,
        checkpoints,
    }
}

/// Builds the agenda report.
///
/// `snapshots[i]` is each participant's cumulative talk at
/// `spans.checkpoints[i]`; `span_turns[i]` the turns started in span i.
#[allow(clippy::too_many_arguments, reason = "the parts of one computation")]
pub(crate) fn report(
    agenda: &Agenda,
    spans: &Spans,
    meeting_start: i64,
    snapshots: &[Vec<i64>],
    span_turns: &[Vec<u64>],
    keys: &[String],
    present: &[bool],
    undefined: &mut BTreeMap<String, Undefined>,
) -> AgendaReport {
    let k = agenda.items.len();
    let mut actual = vec![0i64; k];
    let mut talk: Vec<Vec<i64>> = vec![vec![0; keys.len()]; k];
    let mut turns: Vec<Vec<u64>> = vec![vec![0; keys.len()]; k];
    let mut first_seen: Vec<Option<usize>> = vec![None; k];
    let mut off = spans.starts.first().map_or(0, |f| f - meeting_start);
    for (i, item) in spans.items.iter().enumerate() {
        let (Some(&s), Some(&e)) = (spans.checkpoints.get(i), spans.checkpoints.get(i + 1)) else {
            continue;
        };
        let len = (e - s).max(0);
        match item {
            Some(it) => {
                if let Some(a) = actual.get_mut(*it) {
                    *a += len;
                }
                if len > 0
                    && let Some(f) = first_seen.get_mut(*it)
                    && f.is_none()
                {
                    *f = Some(i);
                }
                if let (Some(row), Some(before), Some(after)) =
                    (talk.get_mut(*it), snapshots.get(i), snapshots.get(i + 1))
                {
                    for (p, x) in row.iter_mut().enumerate() {
                        *x += after.get(p).copied().unwrap_or(0)
                            - before.get(p).copied().unwrap_or(0);
                    }
                }
                if let (Some(row), Some(st)) = (turns.get_mut(*it), span_turns.get(i)) {
                    for (x, y) in row.iter_mut().zip(st) {
                        *x += y;
                    }
                }
            }
            None => off += len,
        }
    }
    if spans.starts.is_empty() {
        off = spans.checkpoints.last().map_or(0, |e| e - meeting_start);
    }
    let secs = |ns: i64| Time::from_nanos(ns).as_secs_f64();
    let planned: Vec<i64> = agenda.items.iter().map(|i| i.planned.as_nanos()).collect();
    let sum_p: i64 = planned.iter().sum();
    let sum_a: i64 = actual.iter().sum();
    let mut items = Vec::with_capacity(k);
    for (j, it) in agenda.items.iter().enumerate() {
        let a = actual.get(j).copied().unwrap_or(0);
        let p = planned.get(j).copied().unwrap_or(0);
        let rel = if p > 0 {
            Some((a - p).abs() as f64 / p as f64)
        } else {
            undefined.insert(
                format!("agenda.items.{}.relative_deviation", it.id),
                Undefined::ZeroPlanned,
            );
            None
        };
        let row = talk.get(j).cloned().unwrap_or_default();
        let pop: Vec<f64> = row
            .iter()
            .zip(present)
            .filter(|(_, pr)| **pr)
            .map(|(x, _)| *x as f64)
            .collect();
        let g = gini(&pop);
        let h = normalized_entropy(&pop);
        if let Err(r) = g {
            undefined.insert(
                format!("agenda.items.{}.gini_speaking_time_present", it.id),
                r,
            );
        }
        if let Err(r) = h {
            undefined.insert(
                format!(
                    "agenda.items.{}.normalized_entropy_speaking_share_present",
                    it.id
                ),
                r,
            );
        }
        let silent = if a > 0 {
            keys.iter()
                .zip(&row)
                .zip(present)
                .filter(|((_, t), pr)| **pr && **t == 0)
                .map(|((k, _), _)| k.clone())
                .collect()
        } else {
            Vec::new()
        };
        items.push(AgendaItemReport {
            id: it.id.clone(),
            title: it.title.clone(),
            planned: secs(p),
            actual: secs(a),
            deviation: secs(a - p),
            relative_deviation: rel,
            speaking_time: keys
                .iter()
                .zip(&row)
                .filter(|(_, t)| **t > 0)
                .map(|(k, t)| (k.clone(), secs(*t)))
                .collect(),
            turns: keys
                .iter()
                .zip(turns.get(j).map(Vec::as_slice).unwrap_or(&[]))
                .filter(|(_, t)| **t > 0)
                .map(|(k, t)| (k.clone(), *t))
                .collect(),
            gini_speaking_time_present: g.ok(),
            normalized_entropy_speaking_share_present: h.ok(),
            silent,
        });
    }
    let overrun = if sum_p > 0 {
        Some((sum_a - sum_p) as f64 / sum_p as f64)
    } else {
        undefined.insert("agenda.overrun".into(), Undefined::ZeroPlanned);
        None
    };
    let denom = sum_a.max(sum_p);
    let adherence = if denom > 0 {
        let s: i64 = actual.iter().zip(&planned).map(|(a, p)| (*a).min(*p)).sum();
        Some(s as f64 / denom as f64)
    } else {
        undefined.insert("agenda.adherence".into(), Undefined::ZeroPlanned);
        None
    };
    // Order fidelity over items that occurred.
    let mut occurred: Vec<(usize, usize)> = first_seen
        .iter()
        .enumerate()
        .filter_map(|(j, f)| f.map(|f| (j, f)))
        .collect();
    occurred.sort_by_key(|x| x.0);
    let planned_rank: Vec<usize> = (0..occurred.len()).collect();
    let mut by_time: Vec<usize> = (0..occurred.len()).collect();
    by_time.sort_by_key(|&i| occurred.get(i).map_or(0, |x| x.1));
    let mut actual_rank = vec![0usize; occurred.len()];
    for (r, i) in by_time.iter().enumerate() {
        if let Some(x) = actual_rank.get_mut(*i) {
            *x = r;
        }
    }
    let order_fidelity = match kendall_tau(&planned_rank, &actual_rank) {
        Ok(t) => Some(t),
        Err(r) => {
            undefined.insert(
                "agenda.order_fidelity".into(),
                if occurred.is_empty() {
                    Undefined::NoItemReached
                } else {
                    r
                },
            );
            None
        }
    };
    AgendaReport {
        skipped_items: agenda
            .items
            .iter()
            .zip(&actual)
            .filter(|(_, a)| **a == 0)
            .map(|(i, _)| i.id.clone())
            .collect(),
        items,
        planned_total: secs(sum_p),
        actual_total: secs(sum_a),
        overrun,
        adherence,
        off_agenda_time: secs(off),
        order_fidelity,
    }
}
