//! Participants: roster members and unresolved voices, the present
//! population, and names for credit matching.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use colead_roster::{Location, Member, MemberId, Roster};

use crate::context::Attendance;
use crate::diag::{WarningKind, Warnings};
use crate::resolve::{MatchKind, Resolution, SpeakerResolver};
use crate::text::tokens;

/// How a participant's identity was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ident {
    /// A roster member (how the labels matched, if any did).
    Member(Option<MatchKind>),
    /// A label no roster member matched.
    Unresolved,
    /// A label several members matched.
    Ambiguous,
    /// No roster: the label is the identity.
    NoRoster,
}

impl Ident {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Ident::Member(Some(MatchKind::Exact)) => "exact",
            Ident::Member(Some(MatchKind::Folded)) => "folded",
            Ident::Member(None) => "roster",
            Ident::Unresolved => "unresolved",
            Ident::Ambiguous => "ambiguous",
            Ident::NoRoster => "no_roster",
        }
    }
}

/// The participants of one meeting.
#[derive(Debug, Clone)]
pub(crate) struct People {
    pub key: Vec<String>,
    pub member: Vec<Option<MemberId>>,
    pub display: Vec<Option<String>>,
    pub role: Vec<Option<String>>,
    pub labels: Vec<Vec<String>>,
    pub ident: Vec<Ident>,
    /// In the present population (before "spoke" is added).
    pub present: Vec<bool>,
    /// Whether attendance was given (then `present` is from attendance).
    pub has_attendance: bool,
    pub has_roster: bool,
    /// Name token sequences for credit matching.
    pub names: Vec<Vec<Vec<String>>>,
}

impl People {
    pub(crate) fn len(&self) -> usize {
        self.key.len()
    }

    /// Builds participants for the given raw labels. Returns them and the
    /// participant index of each label.
    pub(crate) fn build(
        labels: &[String],
        roster: Option<&Roster>,
        attendance: Option<(&Attendance, &str)>,
        file: &Arc<str>,
        warnings: &mut Warnings,
    ) -> (People, Vec<u32>) {
        // Without a roster, attendance names act as the roster.
        let implicit;
        let roster = match (roster, attendance) {
            (Some(r), _) => Some(r),
            (None, Some((a, meeting))) => {
                let mut r = Roster::new();
                let mut seen = BTreeSet::new();
                for e in a.for_meeting(meeting) {
                    if seen.insert(e.name.clone())
                        && let Ok(id) = MemberId::new(e.name.trim())
                    {
                        let _ = r.push(Member::new(id));
                    }
                }
                implicit = r;
                Some(&implicit)
            }
            (None, None) => None,
        };
        let mut p = People {
            key: Vec::new(),
            member: Vec::new(),
            display: Vec::new(),
            role: Vec::new(),
            labels: Vec::new(),
            ident: Vec::new(),
            present: Vec::new(),
            has_attendance: attendance.is_some(),
            has_roster: roster.is_some(),
            names: Vec::new(),
        };
        let mut map = Vec::with_capacity(labels.len());
        let Some(roster) = roster else {
            for l in labels {
                map.push(p.key.len() as u32);
                p.push(
                    l.clone(),
                    None,
                    None,
                    None,
                    vec![l.clone()],
                    Ident::NoRoster,
                    true,
                );
            }
            p.finish_names();
            return (p, map);
        };
        let resolver = SpeakerResolver::new(roster);
        for m in roster.iter() {
            p.push(
                m.id().to_string(),
                Some(m.id().clone()),
                m.name().map(str::to_owned),
                m.role().map(str::to_owned),
                Vec::new(),
                Ident::Member(None),
                attendance.is_none(),
            );
            let i = p.key.len() - 1;
            if let Some(names) = p.names.get_mut(i) {
                for n in
                    std::iter::once(m.display_name()).chain(m.aliases().iter().map(String::as_str))
                {
                    names.push(tokens(n).into_iter().map(|t| t.0).collect());
                }
                if let Some(first) = m.name().and_then(|n| n.split_whitespace().next())
                    && first.chars().count() >= 2
                {
                    names.push(tokens(first).into_iter().map(|t| t.0).collect());
                }
            }
        }
        let taken: BTreeSet<String> = p.key.iter().cloned().collect();
        for l in labels {
            let loc = Location::new(Arc::clone(file), 1);
            match resolver.resolve(l) {
                Resolution::Member { index, how, .. } => {
                    let i = index.get();
                    map.push(i as u32);
                    if let Some(ls) = p.labels.get_mut(i) {
                        ls.push(l.clone());
                    }
                    if let Some(id) = p.ident.get_mut(i) {
                        *id = match *id {
                            Ident::Member(Some(MatchKind::Exact)) => {
                                Ident::Member(Some(MatchKind::Exact))
                            }
                            _ => Ident::Member(Some(how)),
                        };
                    }
                }
                r => {
                    let ambiguous = matches!(r, Resolution::Ambiguous { .. });
                    let mut key = l.clone();
                    if taken.contains(&key) {
                        key = format!("{l} (unresolved)");
                    }
                    let what = if ambiguous {
                        WarningKind::AmbiguousSpeaker
                    } else {
                        WarningKind::UnresolvedSpeaker
                    };
                    let lab = l.clone();
                    warnings.add(what, Some(loc), || {
                        if ambiguous {
                            format!(
                                "speaker `{lab}` matches several roster members; left unresolved"
                            )
                        } else {
                            format!("speaker `{lab}` matches no roster member; add it as an alias")
                        }
                    });
                    map.push(p.key.len() as u32);
                    p.push(
                        key,
                        None,
                        None,
                        None,
                        vec![l.clone()],
                        if ambiguous {
                            Ident::Ambiguous
                        } else {
                            Ident::Unresolved
                        },
                        true,
                    );
                }
            }
        }
        if let Some((a, meeting)) = attendance {
            for e in a.for_meeting(meeting) {
                match resolver.resolve(&e.name) {
                    Resolution::Member { index, .. } => {
                        if let Some(x) = p.present.get_mut(index.get()) {
                            *x = true;
                        }
                    }
                    _ => {
                        let n = e.name.clone();
                        warnings.add(
                            WarningKind::UnknownAttendee,
                            Some(e.location.clone()),
                            || format!("attendee `{n}` matches no roster member"),
                        );
                    }
                }
            }
        }
        p.finish_names();
        (p, map)
    }

    #[allow(clippy::too_many_arguments, reason = "one row of parallel vectors")]
    fn push(
        &mut self,
        key: String,
        member: Option<MemberId>,
        display: Option<String>,
        role: Option<String>,
        labels: Vec<String>,
        ident: Ident,
        present: bool,
    ) {
        self.key.push(key);
        self.member.push(member);
        self.display.push(display);
        self.role.push(role);
        let mut names = Vec::new();
        for l in &labels {
            names.push(tokens(l).into_iter().map(|t| t.0).collect::<Vec<_>>());
            if let Some(first) = l.split_whitespace().next()
                && first.chars().count() >= 2
                && first != l
            {
                names.push(tokens(first).into_iter().map(|t| t.0).collect());
            }
        }
        self.labels.push(labels);
        self.ident.push(ident);
        self.present.push(present);
        self.names.push(names);
    }

    fn finish_names(&mut self) {
        for n in &mut self.names {
            n.retain(|t| !t.is_empty());
            n.sort();
            n.dedup();
        }
    }

    /// A matcher from name token sequences to the one participant they name
    /// (names shared by several participants are dropped as ambiguous).
    pub(crate) fn name_index(&self) -> NameIndex {
        let mut owners: HashMap<Vec<String>, BTreeSet<u32>> = HashMap::new();
        for (p, names) in self.names.iter().enumerate() {
            for n in names {
                owners.entry(n.clone()).or_default().insert(p as u32);
            }
        }
        let mut by_first: HashMap<String, Vec<(Vec<String>, u32)>> = HashMap::new();
        for (seq, ps) in owners {
            if ps.len() != 1 {
                continue;
            }
            let (Some(first), Some(&p)) = (seq.first().cloned(), ps.iter().next()) else {
                continue;
            };
            by_first.entry(first).or_default().push((seq, p));
        }
        for v in by_first.values_mut() {
            v.sort();
        }
        NameIndex { by_first }
    }

    /// The participant a free-form reference names: a key, a label, or a
    /// roster name/alias.
    pub(crate) fn find(&self, who: &str, roster: Option<&Roster>) -> Option<usize> {
        if let Some(i) = self.key.iter().position(|k| k == who) {
            return Some(i);
        }
        if let Some(i) = self
            .labels
            .iter()
            .position(|ls| ls.iter().any(|l| l == who))
        {
            return Some(i);
        }
        let r = roster?;
        match SpeakerResolver::new(r).resolve(who) {
            Resolution::Member { index, .. } => Some(index.get()),
            _ => None,
        }
    }

    /// The facilitator: `configured` if it names a participant, else the
    /// one member whose role is facilitator, chair or host.
    pub(crate) fn facilitator(
        &self,
        configured: Option<&str>,
        roster: Option<&Roster>,
    ) -> Option<usize> {
        if let Some(c) = configured {
            return self.find(c, roster);
        }
        let hits: Vec<usize> = (0..self.len())
            .filter(|&i| {
                self.role
                    .get(i)
                    .and_then(|r| r.as_deref())
                    .is_some_and(|r| {
                        let r = r.trim();
                        ["facilitator", "chair", "host"]
                            .iter()
                            .any(|x| r.eq_ignore_ascii_case(x))
                    })
            })
            .collect();
        match hits.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

/// Finds participant names in token sequences.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    by_first: HashMap<String, Vec<(Vec<String>, u32)>>,
}

impl NameIndex {
    /// Participants named in `toks` (sorted, unique).
    pub(crate) fn named(&self, toks: &[String]) -> Vec<u32> {
        let mut out = BTreeSet::new();
        for (i, t) in toks.iter().enumerate() {
            if let Some(cands) = self.by_first.get(t) {
                for (seq, p) in cands {
                    if toks.get(i..i + seq.len()) == Some(seq.as_slice()) {
                        out.insert(*p);
                    }
                }
            }
        }
        out.into_iter().collect()
    }
}
