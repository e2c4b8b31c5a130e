//! Compiling a policy: ids to dense indices, trees to pre/post numbers, and
//! the structural diagnostics found on the way.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hash;

use chrono::{DateTime, Utc};
use colead_roster::{Member, MemberId, Roster};

use crate::amount::{Amount, Currency};
use crate::diagnostic::{Code, Diagnostic};
use crate::id::{AreaId, CircleId, GrantId, KindId};
use crate::model::{Budget, Delegate, Grant, Policy};
use crate::time::Window;

/// A small, fast, deterministic hasher for id maps (FxHash's
/// multiply-rotate over 8-byte words). Ids come from policy files, not from
/// an adversary that could exploit collisions beyond slowing one load down.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            if let Some(dst) = w.get_mut(..rest.len()) {
                dst.copy_from_slice(rest);
            }
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59))
                .wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        // Rotated so that the well-mixed high bits reach the low bits the
        // table indexes with.
        self.0.rotate_left(26)
    }
}

/// The `BuildHasher` of [`FxHasher`].
pub(crate) type FastBuild = std::hash::BuildHasherDefault<FxHasher>;

/// A `HashMap` with [`FxHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// A forest of ids with O(1) "is inside" through pre/post numbering.
#[derive(Debug, Clone)]
pub(crate) struct Tree<I> {
    pub ids: Vec<I>,
    pub index: FastMap<I, u32>,
    pub parent: Vec<Option<u32>>,
    pre: Vec<u32>,
    post: Vec<u32>,
}

impl<I: Clone + Eq + Hash + std::fmt::Display> Tree<I> {
    /// Builds the tree from (id, parent) pairs in order. Duplicates,
    /// unknown parents and cycles become diagnostics; the tree stays usable
    /// (cyclic and orphaned nodes become roots).
    pub fn build(
        items: impl Iterator<Item = (I, Option<I>)>,
        section: &str,
        what: &str,
        unknown: Code,
        cycle: Code,
        diags: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut ids = Vec::new();
        let mut index = FastMap::default();
        let mut parent_ids = Vec::new();
        let mut positions = Vec::new();
        for (pos, (id, parent)) in items.enumerate() {
            if index.contains_key(&id) {
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        format!("{what} `{id}` is declared more than once"),
                    )
                    .subject(format!("{what} `{id}`"))
                    .at(format!("{section}[{pos}].id"))
                    .help("give each item its own id, or remove the repetition"),
                );
                continue;
            }
            let n = u32::try_from(ids.len()).unwrap_or(u32::MAX);
            index.insert(id.clone(), n);
            ids.push(id);
            parent_ids.push(parent);
            positions.push(pos);
        }
        let mut parent: Vec<Option<u32>> = Vec::with_capacity(ids.len());
        for ((id, p), pos) in ids.iter().zip(&parent_ids).zip(&positions) {
            parent.push(match p {
                None => None,
                Some(p) => match index.get(p) {
                    Some(i) => Some(*i),
                    None => {
                        diags.push(
                            Diagnostic::new(
                                unknown,
                                format!("{what} `{id}` has parent `{p}`, which is not declared"),
                            )
                            .subject(format!("{what} `{id}`"))
                            .at(format!("{section}[{pos}].parent"))
                            .help(format!("declare {what} `{p}`, or fix the parent's id")),
                        );
                        None
                    }
                },
            });
        }
        // Cycle detection: follow parents with colouring.
        let n = ids.len();
        let mut state = vec![0u8; n]; // 0 new, 1 on path, 2 done
        for start in 0..n {
            let mut path = Vec::new();
            let mut cur = Some(start);
            while let Some(c) = cur {
                match state.get(c).copied() {
                    Some(0) => {
                        if let Some(s) = state.get_mut(c) {
                            *s = 1;
                        }
                        path.push(c);
                        cur = parent.get(c).copied().flatten().map(|p| p as usize);
                    }
                    Some(1) => {
                        // A cycle: the part of the path from c on.
                        let from = path.iter().position(|x| *x == c).unwrap_or(0);
                        let cyc: Vec<usize> = path.get(from..).unwrap_or_default().to_vec();
                        let names: Vec<String> = cyc
                            .iter()
                            .filter_map(|i| ids.get(*i))
                            .map(|i| format!("`{i}`"))
                            .collect();
                        if let (Some(first), Some(pos)) = (
                            cyc.iter().min().copied(),
                            cyc.iter().min().and_then(|i| positions.get(*i)),
                        ) {
                            let fid = ids.get(first).map(ToString::to_string).unwrap_or_default();
                            diags.push(
                                Diagnostic::new(
                                    cycle,
                                    format!(
                                        "{what}s {} form a cycle of parents",
                                        names.join(" → ")
                                    ),
                                )
                                .subject(format!("{what} `{fid}`"))
                                .at(format!("{section}[{pos}].parent"))
                                .help(format!(
                                    "a {what} tree has no cycles: remove one parent link"
                                )),
                            );
                        }
                        for i in cyc {
                            if let Some(p) = parent.get_mut(i) {
                                *p = None;
                            }
                        }
                        break;
                    }
                    _ => break,
                }
            }
            for c in path {
                if let Some(s) = state.get_mut(c) {
                    *s = 2;
                }
            }
        }
        // Pre/post numbering by an iterative DFS.
        let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, p) in parent.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            match p {
                Some(p) => {
                    if let Some(c) = children.get_mut(*p as usize) {
                        c.push(i);
                    }
                }
                None => roots.push(i),
            }
        }
        let mut pre = vec![0u32; n];
        let mut post = vec![0u32; n];
        let mut clock = 0u32;
        let mut stack: Vec<(u32, usize)> = Vec::new();
        for r in roots {
            stack.push((r, 0));
            if let Some(x) = pre.get_mut(r as usize) {
                *x = clock;
            }
            clock += 1;
            while let Some((node, child)) = stack.pop() {
                let kids = children.get(node as usize);
                match kids.and_then(|k| k.get(child)).copied() {
                    Some(k) => {
                        stack.push((node, child + 1));
                        if let Some(x) = pre.get_mut(k as usize) {
                            *x = clock;
                        }
                        clock += 1;
                        stack.push((k, 0));
                    }
                    None => {
                        if let Some(x) = post.get_mut(node as usize) {
                            *x = clock;
                        }
                        clock += 1;
                    }
                }
            }
        }
        Tree {
            ids,
            index,
            parent,
            pre,
            post,
        }
    }

    /// Whether `node` is `ancestor` or lies below it.
    #[inline]
    pub fn contains(&self, ancestor: u32, node: u32) -> bool {
        match (
            self.pre.get(ancestor as usize),
            self.post.get(ancestor as usize),
            self.pre.get(node as usize),
            self.post.get(node as usize),
        ) {
            (Some(pa), Some(qa), Some(pn), Some(qn)) => pa <= pn && qn <= qa,
            _ => false,
        }
    }

    /// Whether one of the two lies inside the other.
    pub fn related(&self, a: u32, b: u32) -> bool {
        self.contains(a, b) || self.contains(b, a)
    }

    pub fn get(&self, id: &str) -> Option<u32>
    where
        I: std::borrow::Borrow<str>,
    {
        self.index.get(id).copied()
    }

    pub fn id(&self, i: u32) -> Option<&I> {
        self.ids.get(i as usize)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }
}

/// A short list of dense indices (a grant's kinds or areas): no
/// allocation for the usual one or none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Ids {
    #[default]
    Empty,
    One(u32),
    Many(Vec<u32>),
}

impl Ids {
    pub fn push(&mut self, x: u32) {
        *self = match std::mem::take(self) {
            Ids::Empty => Ids::One(x),
            Ids::One(a) => Ids::Many(vec![a, x]),
            Ids::Many(mut v) => {
                v.push(x);
                Ids::Many(v)
            }
        };
    }
}

impl std::ops::Deref for Ids {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        match self {
            Ids::Empty => &[],
            Ids::One(x) => std::slice::from_ref(x),
            Ids::Many(v) => v,
        }
    }
}

impl<'a> IntoIterator for &'a Ids {
    type Item = &'a u32;
    type IntoIter = std::slice::Iter<'a, u32>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl FromIterator<u32> for Ids {
    fn from_iter<T: IntoIterator<Item = u32>>(iter: T) -> Self {
        let mut out = Ids::Empty;
        for x in iter {
            out.push(x);
        }
        out
    }
}

/// Who holds a compiled grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Holder {
    Member(u32),
    Circle(u32),
}

/// A circle with member indices.
#[derive(Debug, Clone)]
pub(crate) struct CircleRec {
    pub id: CircleId,
    pub members: Vec<u32>,
    pub quorum: u32,
}

/// A grant with resolved indices, plus its state from the event log.
#[derive(Debug, Clone)]
pub(crate) struct GrantRec<'p> {
    /// Borrowed from the policy while validating; owned in an engine.
    pub grant: Cow<'p, Grant>,
    /// The position in the policy's grants, for grants from the policy
    /// file (their path is `grants[i]`).
    pub pos: Option<usize>,
    pub parent: Option<u32>,
    pub holder: Option<Holder>,
    pub kinds: Ids,
    pub areas: Ids,
    pub requires: Vec<(String, u8)>,
    /// Structurally sound: every id resolved and the parent chain ends at
    /// the charter. Unsound grants never allow.
    pub sound: bool,
    /// Depth below the charter (1 for root grants).
    pub depth: u32,
    pub granted_at: Option<DateTime<Utc>>,
    pub revoked: Option<(DateTime<Utc>, u64)>,
    pub suspended: Vec<(DateTime<Utc>, Option<DateTime<Utc>>, u64)>,
    pub children: Vec<u32>,
}

impl GrantRec<'_> {
    /// The same record owning its grant (a clone of a borrowed grant).
    pub fn into_owned(self) -> GrantRec<'static> {
        GrantRec {
            grant: Cow::Owned(self.grant.into_owned()),
            pos: self.pos,
            parent: self.parent,
            holder: self.holder,
            kinds: self.kinds,
            areas: self.areas,
            requires: self.requires,
            sound: self.sound,
            depth: self.depth,
            granted_at: self.granted_at,
            revoked: self.revoked,
            suspended: self.suspended,
            children: self.children,
        }
    }

    /// `grants[i]` for grants from the policy file.
    pub fn path(&self) -> Option<String> {
        self.pos.map(|p| format!("grants[{p}]"))
    }

    pub fn window(&self) -> &Window {
        &self.grant.scope.window
    }

    pub fn cap(&self) -> Option<Amount> {
        self.grant.scope.cap
    }

    pub fn budget(&self) -> Option<Budget> {
        self.grant.scope.budget
    }

    /// Whether the grant is suspended at `t`; the suspension's event.
    pub fn suspended_at(&self, t: DateTime<Utc>) -> Option<(DateTime<Utc>, u64)> {
        self.suspended
            .iter()
            .find(|(from, to, _)| *from <= t && to.is_none_or(|e| t < e))
            .map(|(from, _, seq)| (*from, *seq))
    }

    /// Whether it is revoked at `t`.
    pub fn revoked_at(&self, t: DateTime<Utc>) -> Option<(DateTime<Utc>, u64)> {
        self.revoked.filter(|(at, _)| *at <= t)
    }
}

/// A compiled policy: everything with dense indices.
#[derive(Debug, Clone)]
pub(crate) struct Compiled<'p> {
    pub areas: Tree<AreaId>,
    pub kinds: Tree<KindId>,
    pub kind_currency: Vec<Option<Currency>>,
    pub kind_requires: Vec<Vec<(String, u8)>>,
    pub roster: Roster,
    pub roster_given: bool,
    pub collective: Vec<u32>,
    pub quorum: u32,
    pub reserved: Vec<(u32, u32)>,
    pub conflicting: Vec<(u32, u32)>,
    pub circles: Vec<CircleRec>,
    pub circle_index: FastMap<CircleId, u32>,
    pub grants: Vec<GrantRec<'p>>,
    pub grant_index: FastMap<GrantId, u32>,
    /// Grants each member can act under (directly or through a circle).
    pub by_member: Vec<Vec<u32>>,
}

pub(crate) fn member_ix(roster: &Roster, id: &MemberId) -> Option<u32> {
    roster.index_of(id.as_str()).map(|i| i.as_u32())
}

/// Every member id a policy mentions, in order of first mention.
fn mentioned_members(policy: &Policy) -> Vec<MemberId> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut add = |m: &MemberId| {
        if seen.insert(m.clone()) {
            out.push(m.clone());
        }
    };
    policy.charter.collective.iter().for_each(&mut add);
    for c in &policy.circles {
        c.members.iter().for_each(&mut add);
    }
    for g in &policy.grants {
        if let Delegate::Member(m) = &g.delegate {
            add(m);
        }
        g.delegator.iter().for_each(&mut add);
        g.escalate_to.iter().for_each(&mut add);
        if let crate::model::Autonomy::Advice { from } = &g.autonomy {
            from.iter().for_each(&mut add);
        }
    }
    out
}

impl<'p> Compiled<'p> {
    /// The same compiled policy owning its grants, for an engine that
    /// outlives the borrowed policy.
    pub fn into_owned(self) -> Compiled<'static> {
        Compiled {
            areas: self.areas,
            kinds: self.kinds,
            kind_currency: self.kind_currency,
            kind_requires: self.kind_requires,
            roster: self.roster,
            roster_given: self.roster_given,
            collective: self.collective,
            quorum: self.quorum,
            reserved: self.reserved,
            conflicting: self.conflicting,
            circles: self.circles,
            circle_index: self.circle_index,
            grants: self.grants.into_iter().map(GrantRec::into_owned).collect(),
            grant_index: self.grant_index,
            by_member: self.by_member,
        }
    }

    /// Compiles a policy against a roster (or, without one, a roster of
    /// every member the policy mentions, with no gifts). The compiled
    /// grants borrow the policy's grants.
    pub fn build(policy: &'p Policy, roster: Option<&Roster>, diags: &mut Vec<Diagnostic>) -> Self {
        let roster_given = roster.is_some();
        let roster = match roster {
            Some(r) => r.clone(),
            None => {
                diags.push(
                    Diagnostic::new(
                        Code::NoRoster,
                        "no roster was given, so unknown members and qualifications were not checked",
                    )
                    .help("set `roster = \"members.csv\"` in the policy or pass a roster"),
                );
                Roster::from_members(mentioned_members(policy).into_iter().map(Member::new))
                    .unwrap_or_default()
            }
        };
        let areas = Tree::build(
            policy
                .areas
                .iter()
                .map(|a| (a.id.clone(), a.parent.clone())),
            "areas",
            "area",
            Code::UnknownArea,
            Code::AreaCycle,
            diags,
        );
        let kinds = Tree::build(
            policy
                .kinds
                .iter()
                .map(|k| (k.id.clone(), k.parent.clone())),
            "kinds",
            "kind",
            Code::UnknownKind,
            Code::KindCycle,
            diags,
        );
        // Effective currency and requirements, inherited from ancestors.
        let by_id: HashMap<&KindId, &crate::model::Kind> =
            policy.kinds.iter().rev().map(|k| (&k.id, k)).collect();
        let mut kind_currency = Vec::with_capacity(kinds.len());
        let mut kind_requires = Vec::with_capacity(kinds.len());
        for i in 0..kinds.len() {
            let mut cur = u32::try_from(i).ok();
            let mut currency = None;
            let mut req: Vec<(String, u8)> = Vec::new();
            let mut guard = 0;
            while let Some(c) = cur {
                guard += 1;
                if guard > kinds.len() {
                    break;
                }
                if let Some(k) = kinds.id(c).and_then(|id| by_id.get(id)) {
                    if currency.is_none() {
                        currency = k.currency;
                    }
                    for (skill, level) in &k.requires {
                        match req.iter_mut().find(|(s, _)| s == skill) {
                            Some((_, l)) => *l = (*l).max(level.get()),
                            None => req.push((skill.clone(), level.get())),
                        }
                    }
                }
                cur = kinds.parent.get(c as usize).copied().flatten();
            }
            req.sort();
            kind_currency.push(currency);
            kind_requires.push(req);
        }
        for (pos, k) in policy.kinds.iter().enumerate() {
            if let (Some(own), Some(parent)) = (k.currency, k.parent.as_ref()) {
                let inherited = kinds
                    .get(parent.as_str())
                    .and_then(|p| kind_currency.get(p as usize).copied().flatten());
                if let Some(inh) = inherited.filter(|inh| *inh != own) {
                    diags.push(
                        Diagnostic::new(
                            Code::InvalidAmount,
                            format!(
                                "kind `{}` is in {own} but its parent `{parent}` is in {inh}",
                                k.id
                            ),
                        )
                        .subject(format!("kind `{}`", k.id))
                        .at(format!("kinds[{pos}].currency"))
                        .help("a kind and the kinds below it share one currency"),
                    );
                }
            }
        }

        let unknown_member =
            |m: &MemberId, path: String, subject: String, diags: &mut Vec<Diagnostic>| {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownMember,
                        format!("member `{m}` is not in the roster"),
                    )
                    .subject(subject)
                    .at(path)
                    .help("add the member to the roster, or fix the id (ids are compared exactly)"),
                );
            };

        let mut collective = Vec::new();
        for (i, m) in policy.charter.collective.iter().enumerate() {
            match member_ix(&roster, m) {
                Some(ix) if !collective.contains(&ix) => collective.push(ix),
                Some(_) => diags.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        format!("member `{m}` is listed twice in the collective"),
                    )
                    .subject("the charter")
                    .at(format!("charter.collective[{i}]")),
                ),
                None => unknown_member(
                    m,
                    format!("charter.collective[{i}]"),
                    "the charter".into(),
                    diags,
                ),
            }
        }
        let quorum = policy.charter.effective_quorum();
        if quorum == 0 || quorum as usize > collective.len() {
            diags.push(
                Diagnostic::new(
                    Code::QuorumTooLarge,
                    format!(
                        "the charter's quorum is {quorum} but the collective has {} members",
                        collective.len()
                    ),
                )
                .subject("the charter")
                .at("charter.quorum")
                .help("set a quorum from 1 to the number of members of the collective"),
            );
        }
        let mut reserved = Vec::new();
        for (i, r) in policy.charter.reserved.iter().enumerate() {
            let k = kinds.get(r.kind.as_str());
            let a = areas.get(r.area.as_str());
            if k.is_none() {
                diags.push(unknown_kind(
                    &r.kind,
                    format!("charter.reserved[{i}].kind"),
                    "the charter",
                ));
            }
            if a.is_none() {
                diags.push(unknown_area(
                    &r.area,
                    format!("charter.reserved[{i}].area"),
                    "the charter",
                ));
            }
            if let (Some(k), Some(a)) = (k, a) {
                reserved.push((k, a));
            }
        }
        let mut conflicting = Vec::new();
        for (i, (a, b)) in policy.charter.conflicting.iter().enumerate() {
            let ka = kinds.get(a.as_str());
            let kb = kinds.get(b.as_str());
            for (k, id) in [(ka, a), (kb, b)] {
                if k.is_none() {
                    diags.push(unknown_kind(
                        id,
                        format!("charter.conflicting[{i}]"),
                        "the charter",
                    ));
                }
            }
            if let (Some(x), Some(y)) = (ka, kb) {
                conflicting.push((x, y));
            }
        }

        let n_members = roster.len();
        let mut circles = Vec::new();
        let mut circle_index = FastMap::default();
        for (pos, c) in policy.circles.iter().enumerate() {
            if circle_index.contains_key(&c.id) {
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        format!("circle `{}` is declared more than once", c.id),
                    )
                    .subject(format!("circle `{}`", c.id))
                    .at(format!("circles[{pos}].id")),
                );
                continue;
            }
            let ci = u32::try_from(circles.len()).unwrap_or(u32::MAX);
            let mut members = Vec::new();
            for (j, m) in c.members.iter().enumerate() {
                match member_ix(&roster, m) {
                    Some(ix) if !members.contains(&ix) => {
                        members.push(ix);
                    }
                    Some(_) => {}
                    None => unknown_member(
                        m,
                        format!("circles[{pos}].members[{j}]"),
                        format!("circle `{}`", c.id),
                        diags,
                    ),
                }
            }
            if c.quorum == 0 || c.quorum as usize > members.len() {
                diags.push(
                    Diagnostic::new(
                        Code::QuorumTooLarge,
                        format!(
                            "circle `{}` has quorum {} but {} members",
                            c.id,
                            c.quorum,
                            members.len()
                        ),
                    )
                    .subject(format!("circle `{}`", c.id))
                    .at(format!("circles[{pos}].quorum"))
                    .help("set a quorum from 1 to the number of members"),
                );
            }
            circle_index.insert(c.id.clone(), ci);
            circles.push(CircleRec {
                id: c.id.clone(),
                members,
                quorum: c.quorum,
            });
        }

        let mut compiled = Compiled {
            areas,
            kinds,
            kind_currency,
            kind_requires,
            roster,
            roster_given,
            collective,
            quorum,
            reserved,
            conflicting,
            circles,
            circle_index,
            grants: Vec::with_capacity(policy.grants.len()),
            grant_index: FastMap::with_capacity_and_hasher(policy.grants.len(), Default::default()),
            by_member: vec![Vec::new(); n_members],
        };
        for (pos, g) in policy.grants.iter().enumerate() {
            if compiled.grant_index.contains_key(&g.id) {
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        format!("grant `{}` is declared more than once", g.id),
                    )
                    .subject(format!("grant `{}`", g.id))
                    .at(format!("grants[{pos}].id"))
                    .help("give each grant its own id"),
                );
                continue;
            }
            let rec = compiled.resolve(g, Some(pos), policy.effective, diags);
            compiled.push(rec);
        }
        compiled.link_parents(diags);
        compiled
    }

    /// Resolves a grant's ids (parent linking happens in `link_parents` or
    /// `push_linked`).
    pub fn resolve<'g>(
        &self,
        g: &'g Grant,
        pos: Option<usize>,
        effective: Option<DateTime<Utc>>,
        diags: &mut Vec<Diagnostic>,
    ) -> GrantRec<'g> {
        let at = |field: &str| pos.map(|p| format!("grants[{p}].{field}"));
        let mut sound = true;
        let push = |d: Diagnostic, field: &str, diags: &mut Vec<Diagnostic>| {
            let d = d.subject(format!("grant `{}`", g.id));
            diags.push(match at(field) {
                Some(p) => d.at(p),
                None => d,
            });
        };
        let holder = match &g.delegate {
            Delegate::Member(m) => match member_ix(&self.roster, m) {
                Some(ix) => Some(Holder::Member(ix)),
                None => {
                    push(
                        Diagnostic::new(Code::UnknownMember, format!("delegate `{m}` is not in the roster"))
                            .help("add the member to the roster, or fix the id (ids are compared exactly)"),
                        "delegate",
                        diags,
                    );
                    None
                }
            },
            Delegate::Circle(c) => match self.circle_index.get(c) {
                Some(ix) => Some(Holder::Circle(*ix)),
                None => {
                    push(
                        Diagnostic::new(
                            Code::UnknownCircle,
                            format!("circle `{c}` is not declared"),
                        )
                        .help("declare the circle in a `[[circle]]` table"),
                        "circle",
                        diags,
                    );
                    None
                }
            },
        };
        if holder.is_none() {
            sound = false;
        }
        for (field, m) in [
            ("delegator", g.delegator.as_ref()),
            ("escalate_to", g.escalate_to.as_ref()),
        ] {
            if let Some(m) = m
                && member_ix(&self.roster, m).is_none()
            {
                push(
                    Diagnostic::new(
                        Code::UnknownMember,
                        format!("{field} `{m}` is not in the roster"),
                    )
                    .help("add the member to the roster, or fix the id"),
                    field,
                    diags,
                );
                sound = false;
            }
        }
        if let crate::model::Autonomy::Advice { from } = &g.autonomy {
            for m in from {
                if member_ix(&self.roster, m).is_none() {
                    push(
                        Diagnostic::new(
                            Code::UnknownMember,
                            format!("adviser `{m}` is not in the roster"),
                        ),
                        "advice_from",
                        diags,
                    );
                    sound = false;
                }
            }
        }
        let mut kinds = Ids::Empty;
        for (i, k) in g.scope.kinds.iter().enumerate() {
            match self.kinds.get(k.as_str()) {
                Some(ix) => kinds.push(ix),
                None => {
                    push(
                        unknown_kind(k, String::new(), ""),
                        &format!("kinds[{i}]"),
                        diags,
                    );
                    sound = false;
                }
            }
        }
        let mut areas = Ids::Empty;
        for (i, a) in g.scope.areas.iter().enumerate() {
            match self.areas.get(a.as_str()) {
                Some(ix) => areas.push(ix),
                None => {
                    push(
                        unknown_area(a, String::new(), ""),
                        &format!("areas[{i}]"),
                        diags,
                    );
                    sound = false;
                }
            }
        }
        if g.scope.window.is_empty() {
            push(
                Diagnostic::new(
                    Code::EmptyWindow,
                    format!(
                        "the window {} contains no time: `expires_at` is not after `not_before`",
                        g.scope.window
                    ),
                )
                .help("set `expires_at` later than `not_before`"),
                "expires_at",
                diags,
            );
        }
        // Amounts: non-negative, in the kinds' currency, only on monetary kinds.
        let currencies = || {
            kinds
                .iter()
                .filter_map(|k| self.kind_currency.get(*k as usize).copied().flatten())
        };
        let amounts = [
            ("cap", g.scope.cap),
            ("budget", g.scope.budget.map(|b| b.amount)),
            ("four_eyes_above", g.controls.four_eyes_above),
            ("review_above", g.controls.review_above),
        ];
        for (field, amount) in amounts {
            let Some(a) = amount else { continue };
            if a.minor() < 0 {
                push(
                    Diagnostic::new(Code::InvalidAmount, format!("`{field}` is negative ({a})"))
                        .help("amounts in grants are zero or more"),
                    field,
                    diags,
                );
                sound = false;
            }
            if currencies().next().is_none() && !kinds.is_empty() {
                push(
                    Diagnostic::new(
                        Code::InvalidAmount,
                        format!("`{field}` is {a} but none of the grant's kinds is monetary"),
                    )
                    .help("give the kind a `currency`, or remove the amount"),
                    field,
                    diags,
                );
            } else if let Some(c) = currencies().find(|c| *c != a.currency()) {
                push(
                    Diagnostic::new(
                        Code::InvalidAmount,
                        format!(
                            "`{field}` is in {} but the grant's kinds are in {c}",
                            a.currency()
                        ),
                    )
                    .help(format!(
                        "write the amount in {c}; amounts are never converted"
                    )),
                    field,
                    diags,
                );
                sound = false;
            }
        }
        let mut requires: Vec<(String, u8)> = g
            .requires
            .iter()
            .map(|(s, l)| (s.clone(), l.get()))
            .collect();
        requires.sort();
        GrantRec {
            grant: Cow::Borrowed(g),
            pos,
            parent: None,
            holder,
            kinds,
            areas,
            requires,
            sound,
            depth: 0,
            granted_at: g.granted_at.or(g.scope.window.not_before).or(effective),
            revoked: None,
            suspended: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Adds a resolved grant to the store and the member index.
    pub fn push(&mut self, rec: GrantRec<'p>) -> u32 {
        let ix = u32::try_from(self.grants.len()).unwrap_or(u32::MAX);
        match rec.holder {
            Some(Holder::Member(m)) => {
                if let Some(v) = self.by_member.get_mut(m as usize) {
                    v.push(ix);
                }
            }
            Some(Holder::Circle(c)) => {
                let members = self
                    .circles
                    .get(c as usize)
                    .map(|c| c.members.clone())
                    .unwrap_or_default();
                for m in members {
                    if let Some(v) = self.by_member.get_mut(m as usize) {
                        v.push(ix);
                    }
                }
            }
            None => {}
        }
        self.grant_index.insert(rec.grant.id.clone(), ix);
        self.grants.push(rec);
        ix
    }

    /// Links every grant to its parent, finds orphans and parent cycles, and
    /// computes depths.
    fn link_parents(&mut self, diags: &mut Vec<Diagnostic>) {
        let n = self.grants.len();
        for i in 0..n {
            let Some(rec) = self.grants.get(i) else {
                continue;
            };
            let Some(pid) = rec.grant.parent.clone() else {
                continue;
            };
            match self.grant_index.get(&pid).copied() {
                Some(p) => {
                    if let Some(r) = self.grants.get_mut(i) {
                        r.parent = Some(p);
                    }
                }
                None => {
                    let path = rec.path().map(|p| format!("{p}.parent"));
                    let mut d = Diagnostic::new(
                        Code::OrphanGrant,
                        format!(
                            "grant `{}` names parent `{pid}`, which does not exist",
                            rec.grant.id
                        ),
                    )
                    .subject(format!("grant `{}`", rec.grant.id))
                    .help(
                        "fix the parent's id, or remove `parent` to make it a grant of the charter",
                    );
                    if let Some(p) = path {
                        d = d.at(p);
                    }
                    diags.push(d);
                    if let Some(r) = self.grants.get_mut(i) {
                        r.sound = false;
                    }
                }
            }
        }
        // Depths, with cycle detection.
        let mut state = vec![0u8; n];
        for start in 0..n {
            let mut path = Vec::new();
            let mut cur = Some(start);
            let mut base_depth = 0u32;
            let mut base_sound = true;
            while let Some(c) = cur {
                match state.get(c).copied() {
                    Some(0) => {
                        if let Some(s) = state.get_mut(c) {
                            *s = 1;
                        }
                        path.push(c);
                        cur = self
                            .grants
                            .get(c)
                            .and_then(|r| r.parent)
                            .map(|p| p as usize);
                    }
                    Some(1) => {
                        let from = path.iter().position(|x| *x == c).unwrap_or(0);
                        let cyc: Vec<usize> = path.get(from..).unwrap_or_default().to_vec();
                        let names: Vec<String> = cyc
                            .iter()
                            .filter_map(|i| self.grants.get(*i))
                            .map(|r| format!("`{}`", r.grant.id))
                            .collect();
                        if let Some(first) = cyc.iter().min().and_then(|i| self.grants.get(*i)) {
                            let mut d = Diagnostic::new(
                                Code::DelegationCycle,
                                format!("grants {} are each other's parents", names.join(" → ")),
                            )
                            .subject(format!("grant `{}`", first.grant.id))
                            .help("every chain of grants must start at the charter: remove one `parent`");
                            if let Some(p) = first.path() {
                                d = d.at(format!("{p}.parent"));
                            }
                            diags.push(d);
                        }
                        for i in &cyc {
                            if let Some(r) = self.grants.get_mut(*i) {
                                r.parent = None;
                                r.sound = false;
                                r.depth = 1;
                            }
                            if let Some(s) = state.get_mut(*i) {
                                *s = 2;
                            }
                        }
                        path.truncate(from);
                        base_depth = 1;
                        base_sound = false;
                        break;
                    }
                    _ => {
                        if let Some(r) = self.grants.get(c) {
                            base_depth = r.depth;
                            base_sound = r.sound;
                        }
                        break;
                    }
                }
            }
            // Unwind: parents first.
            let mut depth = base_depth;
            let mut sound = base_sound;
            for c in path.into_iter().rev() {
                depth += 1;
                if let Some(r) = self.grants.get_mut(c) {
                    if r.parent.is_none() {
                        depth = 1;
                        sound = r.sound;
                    } else {
                        sound = sound && r.sound;
                    }
                    r.depth = depth;
                    r.sound = sound;
                }
                if let Some(s) = state.get_mut(c) {
                    *s = 2;
                }
            }
        }
        for i in 0..n {
            if let Some(p) = self.grants.get(i).and_then(|r| r.parent)
                && let Some(pr) = self.grants.get_mut(p as usize)
            {
                pr.children.push(u32::try_from(i).unwrap_or(u32::MAX));
            }
        }
    }

    /// The chain from a grant up to its root grant (leaf first).
    pub fn chain(&self, leaf: u32) -> Chain<'_> {
        Chain {
            c: self,
            cur: Some(leaf),
            left: self.grants.len() + 1,
        }
    }

    pub fn grant(&self, ix: u32) -> Option<&GrantRec<'p>> {
        self.grants.get(ix as usize)
    }

    pub fn member_id(&self, ix: u32) -> Option<&MemberId> {
        self.roster
            .member(colead_roster::MemberIndex::new(ix))
            .map(Member::id)
    }

    /// The members of a holder.
    pub fn holder_members(&self, h: Holder) -> Vec<u32> {
        match h {
            Holder::Member(m) => vec![m],
            Holder::Circle(c) => self
                .circles
                .get(c as usize)
                .map(|c| c.members.clone())
                .unwrap_or_default(),
        }
    }

    /// The principal that made a grant: the parent's holder, or the charter.
    pub fn delegator_of(&self, rec: &GrantRec) -> Principal {
        match rec
            .parent
            .and_then(|p| self.grant(p))
            .and_then(|p| p.holder)
        {
            Some(Holder::Member(m)) => Principal::Member(m),
            Some(Holder::Circle(c)) => Principal::Circle(c),
            None => Principal::Charter,
        }
    }

    /// Whether a grant's scope covers a kind and an area.
    #[inline]
    pub fn covers_kind(&self, rec: &GrantRec, kind: u32) -> bool {
        rec.kinds.iter().any(|k| self.kinds.contains(*k, kind))
    }

    #[inline]
    pub fn covers_area(&self, rec: &GrantRec, area: u32) -> bool {
        rec.areas.iter().any(|a| self.areas.contains(*a, area))
    }

    /// Whether (kind, area) is a reserved matter.
    pub fn is_reserved(&self, kind: u32, area: u32) -> bool {
        self.reserved
            .iter()
            .any(|(k, a)| self.kinds.contains(*k, kind) && self.areas.contains(*a, area))
    }
}

/// A principal: who made a grant or stays accountable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Principal {
    Charter,
    Member(u32),
    Circle(u32),
}

/// Iterator over a chain, leaf first (bounded, so a corrupt parent link
/// cannot loop).
pub(crate) struct Chain<'a> {
    c: &'a Compiled<'a>,
    cur: Option<u32>,
    left: usize,
}

impl<'a> Iterator for Chain<'a> {
    type Item = (u32, &'a GrantRec<'a>);
    fn next(&mut self) -> Option<Self::Item> {
        let ix = self.cur?;
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let rec = self.c.grant(ix)?;
        self.cur = rec.parent;
        Some((ix, rec))
    }
}

pub(crate) fn unknown_kind(k: &KindId, path: String, subject: &str) -> Diagnostic {
    let mut d = Diagnostic::new(Code::UnknownKind, format!("kind `{k}` is not declared"))
        .help("declare it in a `[[kind]]` table, or fix the id");
    if !path.is_empty() {
        d = d.at(path);
    }
    if !subject.is_empty() {
        d = d.subject(subject);
    }
    d
}

pub(crate) fn unknown_area(a: &AreaId, path: String, subject: &str) -> Diagnostic {
    let mut d = Diagnostic::new(Code::UnknownArea, format!("area `{a}` is not declared"))
        .help("declare it in an `[[area]]` table, or fix the id");
    if !path.is_empty() {
        d = d.at(path);
    }
    if !subject.is_empty() {
        d = d.subject(subject);
    }
    d
}
