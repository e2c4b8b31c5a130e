//! The built-in collective-leadership framework.
//!
//! Stages and practices: *Collective Leadership Works: Preparing Youth &
//! Adults for Community Change* (Innovation Center for Community and
//! Youth Development, Kellogg Leadership for Community Change). Gate
//! criteria, prompts and thresholds are colead's own defaults (marked
//! `source = "ours"`), drawn from the stage descriptions and from the
//! Communities That Care milestones and Collective Impact preconditions;
//! `docs/process.md` gives each one's origin.

use crate::criteria::{CriterionDef, Rule};
use crate::framework::{
    ApprovalPolicy, CoverageThresholds, FRAMEWORK_FORMAT_VERSION, Framework, GateDef, Practice,
    PracticeDef, Prompt, SignalThresholds, Stage, StageDef,
};
use crate::keys::CriterionKey;
use crate::records::ActivityKind;
use crate::signals::{SignalKind, SignalStatus};

const OURS: &str = "ours";

fn c(id: &str, text: &str, required: bool, rule: Rule) -> CriterionDef {
    CriterionDef {
        id: CriterionKey::trusted(id),
        text: text.to_owned(),
        required,
        rule,
        source: OURS.to_owned(),
    }
}

fn attested() -> Rule {
    Rule::Attested { min_attesters: 1 }
}

fn acts(kinds: &[ActivityKind], min_count: u32, min_roster_share: Option<f64>) -> Rule {
    Rule::Activities {
        kinds: kinds.to_vec(),
        stage: None,
        practice: None,
        min_count,
        min_roster_share,
    }
}

const PROMPTS: [(Stage, Practice, &str); 20] = [
    (
        Stage::GetReady,
        Practice::YouthAdultPartnership,
        "Who is at the table, and are youth and adults both shaping the agenda?",
    ),
    (
        Stage::GetReady,
        Practice::CommunityAssets,
        "What does our community already have that we can build on?",
    ),
    (
        Stage::GetReady,
        Practice::IndividualGifts,
        "What does each of us bring?",
    ),
    (
        Stage::GetReady,
        Practice::Teamwork,
        "How will we meet, decide and communicate?",
    ),
    (
        Stage::GetReady,
        Practice::ReflectLearn,
        "What did we learn about each other?",
    ),
    (
        Stage::Plan,
        Practice::YouthAdultPartnership,
        "Can every member say what we are trying to change and why?",
    ),
    (
        Stage::Plan,
        Practice::CommunityAssets,
        "Which assets does our plan use?",
    ),
    (
        Stage::Plan,
        Practice::IndividualGifts,
        "Does the plan use each person's gifts?",
    ),
    (
        Stage::Plan,
        Practice::Teamwork,
        "How did we decide, and who was heard?",
    ),
    (
        Stage::Plan,
        Practice::ReflectLearn,
        "What assumptions are we testing?",
    ),
    (
        Stage::Implement,
        Practice::YouthAdultPartnership,
        "Are youth leading parts of the work?",
    ),
    (
        Stage::Implement,
        Practice::CommunityAssets,
        "Which assets did we mobilise?",
    ),
    (
        Stage::Implement,
        Practice::IndividualGifts,
        "Where did someone's gift make the difference?",
    ),
    (
        Stage::Implement,
        Practice::Teamwork,
        "How are we handling conflict and workload?",
    ),
    (
        Stage::Implement,
        Practice::ReflectLearn,
        "What is working, and what should we change now?",
    ),
    (
        Stage::Sustain,
        Practice::YouthAdultPartnership,
        "Who will carry this on, youth and adults together?",
    ),
    (
        Stage::Sustain,
        Practice::CommunityAssets,
        "Which partnerships and resources will last?",
    ),
    (
        Stage::Sustain,
        Practice::IndividualGifts,
        "Whose gifts have we not yet tapped, and who will we mentor next?",
    ),
    (
        Stage::Sustain,
        Practice::Teamwork,
        "How do we keep renewing the team?",
    ),
    (
        Stage::Sustain,
        Practice::ReflectLearn,
        "How do we keep learning and celebrating?",
    ),
];

fn stage_description(s: Stage) -> &'static str {
    match s {
        Stage::GetReady => "Build relationships with and among partners, and handle logistics.",
        Stage::Plan => "Visioning: agree the desired goals and the methods to reach them.",
        Stage::Implement => "Turn plans into reality together.",
        Stage::Sustain => "Strategies and partnerships for long-term impact.",
    }
}

pub(crate) fn collective_leadership() -> Framework {
    use ActivityKind as K;
    let gates = vec![
        GateDef {
            from: Stage::GetReady.as_key(),
            criteria: vec![
                c(
                    "core_team",
                    "Core team has at least 2 youth and 2 adults",
                    true,
                    Rule::Members {
                        min_youth: 2,
                        min_adults: 2,
                        min_total: 0,
                    },
                ),
                c(
                    "partner_recorded",
                    "At least one partner is recorded",
                    true,
                    Rule::Partners { min: 1 },
                ),
                c(
                    "logistics_agreed",
                    "Logistics agreed: meeting rhythm, place, roles, communication channel",
                    true,
                    attested(),
                ),
                c(
                    "relationships_built",
                    "At least 2 relationship-building activities, with 75 % of members taking part",
                    true,
                    acts(&[K::RelationshipBuilding], 2, Some(0.75)),
                ),
                c(
                    "everyone_connected",
                    "Every member has taken part in an activity with at least 3 others",
                    false,
                    Rule::EveryoneTookPart {
                        stage: None,
                        min_others: 3,
                    },
                ),
                c("ground_rules", "Ground rules agreed", false, attested()),
            ],
        },
        GateDef {
            from: Stage::Plan.as_key(),
            criteria: vec![
                c(
                    "vision_adopted",
                    "A shared vision statement is adopted, with who was present",
                    true,
                    attested(),
                ),
                c(
                    "goals_and_methods",
                    "Goals and methods agreed in a decision",
                    true,
                    acts(&[K::Decision], 1, None),
                ),
                c(
                    "assets_mapped",
                    "At least one asset-mapping activity",
                    true,
                    acts(&[K::AssetMapping], 1, None),
                ),
                c(
                    "roles_assigned",
                    "Roles assigned for at least 75 % of members",
                    true,
                    Rule::RolesAssigned { min_share: 0.75 },
                ),
                c(
                    "gifts_recorded",
                    "At least 50 % of members have a recorded gift",
                    false,
                    Rule::GiftsRecorded { min_share: 0.5 },
                ),
                c(
                    "purpose_clear",
                    "Purpose clarity is green",
                    false,
                    Rule::Signal {
                        signal: SignalKind::PurposeClarity,
                        at_least: SignalStatus::Green,
                    },
                ),
            ],
        },
        GateDef {
            from: Stage::Implement.as_key(),
            criteria: vec![
                c(
                    "action_completed",
                    "At least one service action or event completed",
                    true,
                    acts(&[K::ServiceAction, K::Event], 1, None),
                ),
                c(
                    "reflected",
                    "At least one reflection held in this stage",
                    true,
                    Rule::Reflections {
                        stage: None,
                        min_count: 1,
                    },
                ),
                c(
                    "results_reviewed",
                    "Results reviewed against the goals",
                    true,
                    attested(),
                ),
                c(
                    "practices_covered",
                    "Every practice covered in this stage",
                    false,
                    Rule::PracticesCovered {
                        stage: None,
                        min_practices: None,
                    },
                ),
                c(
                    "youth_led",
                    "Youth led at least one activity",
                    false,
                    Rule::YouthLed {
                        stage: None,
                        min_count: 1,
                    },
                ),
            ],
        },
        GateDef {
            from: Stage::Sustain.as_key(),
            criteria: vec![
                c(
                    "sustainability_strategy",
                    "Sustainability strategy recorded: funding, partnerships, succession",
                    true,
                    attested(),
                ),
                c(
                    "partnership_agreement",
                    "At least one partnership agreement",
                    true,
                    acts(&[K::PartnershipAgreement], 1, None),
                ),
                c(
                    "reflection_cadence",
                    "Reflection cadence is green",
                    false,
                    Rule::Signal {
                        signal: SignalKind::ReflectionCadence,
                        at_least: SignalStatus::Green,
                    },
                ),
            ],
        },
    ];
    Framework {
        format_version: FRAMEWORK_FORMAT_VERSION,
        id: "collective-leadership".to_owned(),
        name: "Collective Leadership Works".to_owned(),
        source: "Innovation Center for Community and Youth Development, Collective Leadership Works: Preparing Youth & Adults for Community Change (stages and practices); gate criteria, prompts and thresholds are colead's own defaults".to_owned(),
        stages: Stage::ALL
            .iter()
            .map(|s| StageDef {
                key: s.as_key(),
                name: s.name().to_owned(),
                description: stage_description(*s).to_owned(),
                expected_days: None,
            })
            .collect(),
        practices: Practice::ALL
            .iter()
            .map(|p| PracticeDef {
                key: p.as_key(),
                name: p.name().to_owned(),
                description: String::new(),
            })
            .collect(),
        gates,
        prompts: PROMPTS
            .iter()
            .map(|(s, p, text)| Prompt {
                id: format!("{}.{}.1", s.key(), p.key()),
                stage: s.as_key(),
                practice: p.as_key(),
                text: (*text).to_owned(),
            })
            .collect(),
        coverage: CoverageThresholds::default(),
        signals: SignalThresholds::default(),
        approval: ApprovalPolicy::default(),
    }
}
