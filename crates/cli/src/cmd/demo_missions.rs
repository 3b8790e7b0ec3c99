//! The demo's missions seed: a grants circle of GOV holders (an alliance
//! whose treasury GOV DAO funds and whose GOV votes) becomes a collective,
//! opens a season with two intents, and three teams compete for it (one
//! formed on the board, with roles, a reward plan and accepted invitations).
//! Budget voting opens a minute after the demo starts, so a visitor can cast
//! a ballot and watch the live allocation preview.

use concord_core::alliance::treasury_address;
use concord_core::alliance::{AllianceModel, AllianceSpec, DecisionModel, Member};
use concord_core::board::PostProfile;
use concord_core::charter::templates::template;
use concord_core::command::CommandBody;
use concord_core::governance::TokenWeight;
use concord_core::kernel::{InvitationRef, InviteMember};
use concord_core::keys::Key;
use concord_core::ledger::Transfer;
use concord_core::mission::{
    ApproveMission, CreateCollective, IntentSpec, Milestone, OpenSeason, Overflow, ProposeMission,
    RewardPlan, RewardSplit, RewardVesting,
};
use concord_core::split::Share;
use concord_core::{AllianceId, Amount, Bps, Charter, Timestamp};

use super::demo::WHOLE;

/// The team formed on the board (dev 6 leads dev 7 and dev 8).
pub(crate) const TEAM: &str = "pool-analytics";
/// The collective.
pub(crate) const COLLECTIVE: &str = "gov-play-grants";

/// The grants circle: token-weighted by GOV, led by dev 0.
fn circle() -> AllianceSpec {
    let mut spec = team(COLLECTIVE, 0, "GOV × PLAY Grants Circle");
    spec.decision_model = DecisionModel::TokenWeighted;
    spec.governance.weights =
        vec![TokenWeight { token: "GOV".parse().expect("a valid id"), weight_bps: Bps(10_000) }];
    spec.mission.title = "Fund the pool's ecosystem".into();
    spec.mission.summary = "Seasons of missions that grow GOV/PLAY liquidity.".into();
    spec
}

fn member(who: usize, name: &str, role: &str, tz: &str, skills: &[&str]) -> Member {
    let base = Charter::parse(template(AllianceModel::Mission)).expect("the mission template parses");
    let mut m = base.alliance.members[0].clone();
    m.account = Key::dev(who).address;
    m.name = name.into();
    m.roles = vec![role.into()];
    m.responsibilities = vec![format!("{role} deliverables")];
    m.skills = skills.iter().map(|s| (*s).to_owned()).collect();
    m.timezone = tz.parse().expect("a valid offset");
    m
}

fn team(id: &str, lead: usize, name: &str) -> AllianceSpec {
    let mut spec =
        Charter::parse(template(AllianceModel::Mission)).expect("the mission template parses").alliance;
    spec.id = id.parse().expect("a valid id");
    spec.name = name.into();
    spec.leader = Key::dev(lead).address;
    spec.members = vec![member(lead, "lead", "leader", "UTC+1", &["rust"])];
    spec.decision_model = DecisionModel::Leader;
    spec
}

fn milestones(now: Timestamp) -> Vec<Milestone> {
    vec![
        Milestone {
            title: "dashboards live".into(),
            due: Timestamp(now.0 + 30 * 86_400),
            critical: false,
            share_bps: Bps(4_000),
        },
        Milestone {
            title: "public API".into(),
            due: Timestamp(now.0 + 90 * 86_400),
            critical: true,
            share_bps: Bps(6_000),
        },
    ]
}

fn propose(
    collective: &AllianceId,
    team: &str,
    intent: &str,
    whole: u128,
    now: Timestamp,
    plan: Option<RewardPlan>,
) -> CommandBody {
    CommandBody::ProposeMission(Box::new(ProposeMission {
        collective: collective.clone(),
        alliance: team.parse().expect("a valid id"),
        season: 1,
        intent: intent.parse().expect("a valid id"),
        rfp: None,
        title: format!("{team}: {intent}"),
        deliverables: vec!["dashboards".into(), "an API".into()],
        milestones: milestones(now),
        requested: Amount(whole * WHOLE),
        impact: "Liquidity providers see their returns and risk in one place.".into(),
        plan,
        stream: false,
    }))
}

/// The seed, signed by dev keys: (signer, command).
pub(crate) fn seed(now: Timestamp) -> Vec<(usize, CommandBody)> {
    let collective: &AllianceId = &COLLECTIVE.parse().expect("a valid id");
    let profile = |skills: &[&str], tz: &str, start_hour| {
        CommandBody::PostProfile(PostProfile {
            skills: skills.iter().map(|s| (*s).to_owned()).collect(),
            intents: vec!["grow-liquidity".into()],
            timezone: tz.parse().expect("a valid offset"),
            start_hour,
            end_hour: start_hour + 8,
        })
    };
    let plan = RewardPlan {
        split: RewardSplit::Fixed {
            shares: vec![
                Share { recipient: Key::dev(6).address, bps: Bps(4_000) },
                Share { recipient: Key::dev(7).address, bps: Bps(3_000) },
                Share { recipient: Key::dev(8).address, bps: Bps(3_000) },
            ],
        },
        dust_to: Key::dev(6).address,
        vesting: Some(RewardVesting { cliff_secs: 0, duration_secs: 2 * 365 * 86_400 }),
    };
    let invite = |who, role, tz, skills: &[&str]| {
        CommandBody::InviteMember(Box::new(InviteMember {
            alliance: TEAM.parse().expect("a valid id"),
            member: member(who, role, role, tz, skills),
        }))
    };
    let accept =
        || CommandBody::AcceptInvitation(InvitationRef { alliance: TEAM.parse().expect("a valid id") });
    let approve =
        |mission| CommandBody::ApproveMission(ApproveMission { collective: collective.clone(), mission });
    let intent = |id: &str, title: &str, whole: u128| IntentSpec {
        id: id.parse().expect("a valid id"),
        title: title.into(),
        budget: Amount(whole * WHOLE),
    };
    let mut seed = vec![
        (0, CommandBody::CreateAlliance(Box::new(circle()))),
        (
            2,
            CommandBody::Transfer(Transfer {
                token: "GOV".parse().expect("a valid id"),
                to: treasury_address(collective),
                amount: Amount(90_000 * WHOLE),
            }),
        ),
        (
            0,
            CommandBody::CreateCollective(Box::new(CreateCollective {
                alliance: collective.clone(),
                token: "GOV".parse().expect("a valid id"),
                tiers: None,
                sponsor_approvals: 2,
                sponsor_min_power_bps: Bps(25),
                quorum: Amount(20_000 * WHOLE),
                approval_threshold_bps: Bps(5_100),
                overflow: Overflow::Skip,
                lockup_secs: 365 * 86_400,
                attestors: vec![],
            })),
        ),
        (
            0,
            CommandBody::OpenSeason(OpenSeason {
                collective: collective.clone(),
                season: 1,
                intents: vec![
                    intent("grow-liquidity", "Grow GOV/PLAY liquidity", 60_000),
                    intent("docs", "Docs for liquidity providers", 20_000),
                ],
                vote_start: Timestamp(now.0 + 60),
                vote_end: Timestamp(now.0 + 7 * 86_400),
                votable_supply: None,
            }),
        ),
        (6, profile(&["rust", "data"], "UTC+1", 9)),
        (7, profile(&["design"], "UTC-3", 10)),
        (8, profile(&["rust", "sql"], "UTC+2", 9)),
        (6, CommandBody::CreateAlliance(Box::new(team(TEAM, 6, "Pool Analytics")))),
        (6, invite(7, "designer", "UTC-3", &["design"])),
        (6, invite(8, "developer", "UTC+2", &["rust", "sql"])),
        (7, accept()),
        (8, accept()),
        (6, propose(collective, TEAM, "grow-liquidity", 40_000, now, Some(plan))),
        (9, CommandBody::CreateAlliance(Box::new(team("lp-academy", 9, "LP Academy")))),
        (9, propose(collective, "lp-academy", "grow-liquidity", 30_000, now, None)),
        (9, CommandBody::CreateAlliance(Box::new(team("bridge-guides", 9, "Bridge Guides")))),
        (9, propose(collective, "bridge-guides", "docs", 15_000, now, None)),
    ];
    // The contributor (dev 4) and dev 5 each hold 20 000 of about 1.19 M GOV (over 0.25 %): they sponsor all three.
    for mission in 1..=3 {
        seed.push((4, approve(mission)));
        seed.push((5, approve(mission)));
    }
    seed
}
