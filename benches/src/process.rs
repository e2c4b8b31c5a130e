//! A generated community-process log: an initiative with `members`
//! members that records activities, reflections, purpose checks, gifts and
//! assets, advancing (by override) and stepping back along the way.
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    reason = "fixture generator: indices are below the lengths they index and ids are built from valid constants"
)]

use colead::process::{
    ActionDraft, ActivityDraft, ActivityKind, AssetKind, Command, GiftUse, Initiative, Override,
    PartnerKind, Practice, PurposeAnswer, PurposeMethod, Recorded, ReflectionDraft,
    ReflectionFormat, Stage, Timestamp,
};
use colead::roster::{AgeGroup, MemberId};

use crate::SplitMix64;

const KINDS: [ActivityKind; 9] = [
    ActivityKind::Meeting,
    ActivityKind::RelationshipBuilding,
    ActivityKind::Visioning,
    ActivityKind::Decision,
    ActivityKind::AssetMapping,
    ActivityKind::ServiceAction,
    ActivityKind::Event,
    ActivityKind::Training,
    ActivityKind::Outreach,
];

fn id(s: String) -> MemberId {
    MemberId::new(s).unwrap()
}

/// Runs generated commands until the log holds `events` events; returns
/// the final state and the events. Every command is validated as a user's
/// would be, so the log is valid.
pub fn process_log(events: usize, members: usize, seed: u64) -> (Initiative, Vec<Recorded>) {
    let mut rng = SplitMix64::new(seed);
    let mut s = Initiative::new();
    let mut out = Vec::with_capacity(events);
    let mut t: Timestamp = Timestamp::default() + chrono::Duration::days(20_000);
    let run = |s: &mut Initiative, out: &mut Vec<Recorded>, c: Command, t: Timestamp| {
        if let Ok(r) = s.execute(&c, t, None) {
            out.push(r);
        }
    };
    run(
        &mut s,
        &mut out,
        Command::CreateInitiative {
            name: "generated".into(),
            framework: None,
            at: None,
        },
        t,
    );
    let ids: Vec<MemberId> = (0..members.max(2))
        .map(|i| {
            id(if i % 2 == 0 {
                format!("y{i}")
            } else {
                format!("a{i}")
            })
        })
        .collect();
    for (i, m) in ids.iter().enumerate() {
        let age = if i % 2 == 0 {
            AgeGroup::Youth
        } else {
            AgeGroup::Adult
        };
        let c = Command::JoinMember {
            member: m.clone(),
            name: Some(format!("Member {i}")),
            age_group: Some(age),
            roles: vec!["crew".into()],
            affiliation: None,
            at: None,
        };
        run(&mut s, &mut out, c, t);
        let g = Command::RecordGift {
            id: None,
            member: m.clone(),
            skill: "skill".into(),
            level: None,
            at: None,
        };
        run(&mut s, &mut out, g, t);
    }
    for p in ["school", "center", "agency"] {
        let c = Command::AddPartner {
            partner: p.parse().unwrap(),
            name: p.into(),
            kind: PartnerKind::Nonprofit,
            at: None,
        };
        run(&mut s, &mut out, c, t);
    }
    let pick = |rng: &mut SplitMix64, k: usize| -> Vec<MemberId> {
        let mut v: Vec<MemberId> = Vec::with_capacity(k);
        while v.len() < k.min(ids.len()) {
            let m = &ids[rng.below(ids.len() as u64) as usize];
            if !v.contains(m) {
                v.push(m.clone());
            }
        }
        v
    };
    let mut assets = 0usize;
    while out.len() < events {
        t += chrono::Duration::minutes(30 + rng.below(600) as i64);
        let roll = rng.below(100);
        let c = if roll < 70 {
            let k = 2 + rng.below(8) as usize;
            let people = pick(&mut rng, k);
            let practices = Practice::ALL
                .iter()
                .filter(|_| rng.below(2) == 0)
                .map(|p| p.as_key())
                .collect();
            Command::RecordActivity(ActivityDraft {
                id: None,
                stage: None,
                practices,
                kind: KINDS[rng.below(KINDS.len() as u64) as usize],
                title: "generated activity".into(),
                at: None,
                duration_minutes: Some(60),
                led_by: people.first().cloned().into_iter().collect(),
                gifts: people
                    .first()
                    .map(|m| GiftUse {
                        member: m.clone(),
                        skill: "skill".into(),
                    })
                    .into_iter()
                    .collect(),
                participants: people,
                partners: vec!["school".parse().unwrap()],
                assets: if assets > 0 {
                    vec![
                        format!("asset-{}", rng.below(assets as u64))
                            .parse()
                            .unwrap(),
                    ]
                } else {
                    vec![]
                },
                outcome: String::new(),
                evidence: vec![],
                meeting: None,
            })
        } else if roll < 80 {
            Command::RecordReflection(ReflectionDraft {
                id: None,
                stage: None,
                at: None,
                format: ReflectionFormat::PlusDelta,
                practices: vec![Practice::ReflectLearn.as_key()],
                participants: pick(&mut rng, 4),
                entries: vec![],
                learnings: vec!["generated learning".into()],
                actions: vec![ActionDraft {
                    id: None,
                    text: "follow up".into(),
                    owner: None,
                    due: Some((t + chrono::Duration::days(14)).date_naive()),
                }],
            })
        } else if roll < 90 {
            Command::CheckPurpose {
                id: None,
                member: pick(&mut rng, 1).remove(0),
                method: PurposeMethod::Survey,
                answer: [PurposeAnswer::Yes, PurposeAnswer::Partly, PurposeAnswer::No]
                    [rng.below(3) as usize],
                note: String::new(),
                at: None,
            }
        } else if roll < 95 {
            assets += 1;
            Command::MapAsset {
                id: Some(format!("asset-{}", assets - 1).parse().unwrap()),
                kind: AssetKind::Physical,
                name: "asset".into(),
                contributed_by: None,
                partner: None,
                at: None,
            }
        } else if roll < 98 || s.stage_position() == 0 {
            Command::Advance {
                to: None,
                override_: Some(Override {
                    reason: "generated".into(),
                    approved_by: vec![ids[0].clone(), ids[1].clone()],
                }),
                at: None,
            }
        } else {
            Command::StepBack {
                to: Stage::GetReady.as_key(),
                reason: "generated".into(),
                regressed: vec![],
                trigger: String::new(),
                at: None,
            }
        };
        run(&mut s, &mut out, c, t);
    }
    (s, out)
}
