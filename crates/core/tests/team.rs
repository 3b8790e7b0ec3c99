//! A team's rewards under its plan, on the engine: fixed shares, contribution
//! weights decided by the leader or by the members, peer points with their
//! CSV graph, and the conflict policy (a member who worked less, one who is
//! sick, one who leaves) and a clawback of unvested rewards. Every expected
//! value is worked out by hand in the comments.

use concord_core::alliance::{AllianceError, AllianceModel, DecisionModel, MemberStatus, treasury_address};
use concord_core::charter::templates::template;
use concord_core::command::CommandBody;
use concord_core::error::EngineError;
use concord_core::kernel::{InvitationRef, InviteMember};
use concord_core::mission::*;
use concord_core::query::{self, Query, View};
use concord_core::split::Share;
use concord_core::testing::{Scenario, cmd};
use concord_core::types::{Address, AllianceId, Amount, Bps, Timestamp, TokenId};
use concord_core::{Charter, Engine};
use proptest::prelude::*;

use crate::common::dev;
use crate::missions::{approve, collective, id, intent, leader, propose, team, world};

const CLOSE: u64 = 20_001;
const YEAR: u64 = 365 * 86_400;

fn lead() -> Address {
    leader(4)
}
fn bo() -> Address {
    Address::derived("team-e-bo")
}
fn cy() -> Address {
    Address::derived("team-e-cy")
}
fn gov() -> TokenId {
    "GOV".parse().unwrap()
}
fn team_e() -> AllianceId {
    id("team-e")
}

fn fixed(shares: &[(Address, u16)], vesting: Option<RewardVesting>) -> RewardPlan {
    RewardPlan {
        split: RewardSplit::Fixed {
            shares: shares.iter().map(|(a, b)| Share { recipient: *a, bps: Bps(*b) }).collect(),
        },
        dust_to: lead(),
        vesting,
    }
}

/// Team E: leader 4, Bo and Cy invited and accepted, deciding by `model`.
fn formed(model: DecisionModel) -> Engine {
    let mut e = world(Overflow::Skip);
    let CommandBody::CreateAlliance(mut spec) = team("team-e", lead()) else { unreachable!() };
    spec.decision_model = model;
    e.apply(&cmd(lead(), 4_100, CommandBody::CreateAlliance(spec))).unwrap();
    for (i, who) in [bo(), cy()].into_iter().enumerate() {
        let t = 4_200 + 10 * i as u64;
        let mut m =
            Charter::parse(template(AllianceModel::GovernanceSyndicate)).unwrap().alliance.members[0].clone();
        m.account = who;
        m.roles = vec!["developer".into()];
        let invite = InviteMember { alliance: team_e(), member: m };
        e.apply(&cmd(lead(), t, CommandBody::InviteMember(Box::new(invite)))).unwrap();
        e.apply(&cmd(who, t + 1, CommandBody::AcceptInvitation(InvitationRef { alliance: team_e() })))
            .unwrap();
    }
    e
}

/// Mission 5 under `docs` asking 1000 units with `plan`, proposed at 5 000.
fn proposal(plan: RewardPlan) -> concord_core::command::Command {
    let mut p = propose("team-e", "docs", 1);
    if let CommandBody::ProposeMission(x) = &mut p {
        x.requested = Amount(1_000);
        x.plan = Some(plan);
    }
    cmd(lead(), 5_000, p)
}

/// Team E wins mission 5 with a 1000-unit grant, closed at 20 001: lock-up
/// until 20 001 + one year.
fn funded(plan: RewardPlan, model: DecisionModel) -> Engine {
    let mut e = formed(model);
    e.apply(&proposal(plan)).unwrap();
    for sponsor in 2..=5 {
        e.apply(&cmd(dev(sponsor), 6_000, approve(5))).unwrap();
    }
    for who in [2, 3] {
        let ballot = CastBudgetBallot {
            collective: collective(),
            season: 1,
            intent: intent("docs"),
            approve: vec![5],
        };
        e.apply(&cmd(dev(who), 12_000, CommandBody::CastBudgetBallot(ballot))).unwrap();
    }
    let close = CloseBudgetVote { collective: collective(), season: 1, intent: intent("docs") };
    e.apply(&cmd(dev(7), CLOSE, CommandBody::CloseBudgetVote(close))).unwrap();
    e
}

fn attest(e: &mut Engine, at: u64, milestone: usize) {
    let body = AttestMilestone { collective: collective(), mission: 5, milestone };
    e.apply(&cmd(dev(9), at, CommandBody::AttestMilestone(body))).unwrap();
}

fn decide(action: TeamAction) -> CommandBody {
    CommandBody::TeamDecision(TeamDecision { collective: collective(), mission: 5, action })
}

fn team_view(e: &Engine) -> query::TeamView {
    match query::run(e.state(), &Query::Team { collective: collective(), mission: 5, at: None }).unwrap() {
        View::Team(v) => *v,
        other => panic!("{other:?}"),
    }
}

/// Each member's paid amount in closed epoch `n`.
fn paid(e: &Engine, n: usize) -> Vec<(Address, u128)> {
    let g = &e.state().missions.collectives[&collective()].grants[&5];
    g.team.epochs[n].payouts.iter().map(|p| (p.member, p.paid.0)).collect()
}

/// What `who` has vested by time `t` across their vesting grants.
fn at(e: &Engine, who: Address, t: u64) -> Amount {
    let vested: u128 = e
        .state()
        .vesting
        .grants
        .by_id
        .values()
        .filter(|g| g.beneficiary == who)
        .map(|g| g.vested_at(Timestamp(t)).0)
        .sum();
    Amount(vested)
}

#[test]
fn fixed_shares_pay_a_sick_member_pro_rata_and_a_reduced_member_what_the_leader_decided() {
    let plan = fixed(&[(lead(), 5_000), (bo(), 3_000), (cy(), 2_000)], None);
    let mut e = funded(plan, DecisionModel::Leader);
    // Bo falls sick 2000 s into the 4000 s epoch.
    let sick = MarkAbsent { collective: collective(), mission: 5, member: bo(), reason: "illness".into() };
    e.apply(&cmd(bo(), 22_001, CommandBody::MarkAbsent(sick.clone()))).unwrap();
    Scenario::from_engine(e.clone()).when(&cmd(lead(), 22_002, CommandBody::MarkAbsent(sick))).then_error(
        &EngineError::Mission(MissionError::WrongPhase {
            field: "body.member",
            rule: format!("{} is absent already", bo()),
        }),
    );
    // The preview at 24 001 is what the attestation then pays. Share ⌊1000 · 5000 / 10000⌋ = 500;
    // parts 250 / 150 / 100; Bo keeps ⌊150 · 2000 / 4000⌋ = 75; the freed 75 goes to the
    // unreduced by weight: leader ⌊75 · 5000 / 7000⌋ = 53, Cy ⌊75 · 2000 / 7000⌋ = 21, dust 1 to
    // the leader: 250 + 53 + 1 = 304, Bo 75, Cy 121.
    attest(&mut e, 24_001, 0);
    assert_eq!(paid(&e, 0), [(lead(), 304), (bo(), 75), (cy(), 121)]);
    // Cy worked significantly less in the next epoch: the leader keeps half of Cy's part.
    let cut = TeamAction::AdjustShare {
        member: cy(),
        keep_bps: Bps(5_000),
        reason: "missed two review weeks".into(),
    };
    Scenario::from_engine(e.clone()).when(&cmd(bo(), 25_000, decide(cut.clone()))).then_error(
        &EngineError::Mission(MissionError::NotAllowed {
            rule: format!("{} does not take part in this decision of `team-e`", bo()),
        }),
    );
    e.apply(&cmd(lead(), 25_000, decide(cut))).unwrap();
    // Epoch 1 (24 001 → 26 001): Bo absent throughout keeps 0 of 150; Cy keeps ⌊100 · 5000 / 10000⌋
    // = 50; the freed 200 all goes to the only unreduced member: leader 250 + 200 = 450.
    let next = team_view(&e).next_release.unwrap();
    attest(&mut e, 26_001, 1);
    assert_eq!(paid(&e, 1), [(lead(), 450), (bo(), 0), (cy(), 50)]);
    assert_eq!(next.share, Amount(500));
    // Everything stays in vesting grants until the lock-up ends, then vests at once.
    let unlock = CLOSE + YEAR;
    assert_eq!((at(&e, lead(), unlock - 1), at(&e, lead(), unlock)), (Amount::ZERO, Amount(754)));
    assert_eq!((at(&e, bo(), unlock), at(&e, cy(), unlock)), (Amount(75), Amount(171)));
    let grant = &e.state().missions.collectives[&collective()].grants[&5];
    assert_eq!(grant.status, GrantStatus::Delivered);
}

#[test]
fn the_preview_of_the_next_release_is_what_the_attestation_pays() {
    let plan = fixed(&[(lead(), 5_000), (bo(), 3_000), (cy(), 2_000)], None);
    let mut e = funded(plan, DecisionModel::Leader);
    let sick = MarkAbsent { collective: collective(), mission: 5, member: bo(), reason: "illness".into() };
    e.apply(&cmd(bo(), 22_001, CommandBody::MarkAbsent(sick))).unwrap();
    // Move the clock to 24 001 with a command that changes nothing of the team.
    let profile = concord_core::board::PostProfile {
        skills: vec!["rust".into()],
        intents: vec![],
        timezone: "UTC".parse().unwrap(),
        start_hour: 9,
        end_hour: 17,
    };
    e.apply(&cmd(dev(8), 24_001, CommandBody::PostProfile(profile))).unwrap();
    let next = team_view(&e).next_release.unwrap();
    assert_eq!(
        next.parts,
        [
            (lead(), Amount(250), Amount(304)),
            (bo(), Amount(150), Amount(75)),
            (cy(), Amount(100), Amount(121))
        ]
    );
    attest(&mut e, 24_001, 0);
    assert_eq!(paid(&e, 0), [(lead(), 304), (bo(), 75), (cy(), 121)]);
}

#[test]
fn members_decide_contribution_weights_by_majority_and_equal_shares_apply_when_none_is_recorded() {
    let plan = RewardPlan { split: RewardSplit::Contribution, dust_to: lead(), vesting: None };
    let mut e = funded(plan, DecisionModel::Members);
    let weights = TeamAction::RecordContributions {
        weights: vec![
            ContributionWeight { member: lead(), weight: 1 },
            ContributionWeight { member: bo(), weight: 2 },
            ContributionWeight { member: cy(), weight: 1 },
        ],
    };
    // Three members: a decision needs 2 signatures.
    e.apply(&cmd(lead(), 21_000, decide(weights.clone()))).unwrap();
    assert!(team_view(&e).book.contributions.is_empty(), "one of three is not a majority");
    Scenario::from_engine(e.clone()).when(&cmd(lead(), 21_001, decide(weights.clone()))).then_error(
        &EngineError::Mission(MissionError::Duplicate {
            field: "body.action",
            rule: format!("{} approved this decision already", lead()),
        }),
    );
    e.apply(&cmd(bo(), 21_002, decide(weights))).unwrap();
    assert_eq!(team_view(&e).book.contributions.len(), 3);
    // 500 by 1 : 2 : 1 → 125, 250, 125.
    attest(&mut e, 24_001, 0);
    assert_eq!(paid(&e, 0), [(lead(), 125), (bo(), 250), (cy(), 125)]);
    // A reduction of Bo is decided by the others (2 of 2); Bo takes no part.
    let cut =
        TeamAction::AdjustShare { member: bo(), keep_bps: Bps(2_500), reason: "absent from standups".into() };
    Scenario::from_engine(e.clone()).when(&cmd(bo(), 25_000, decide(cut.clone()))).then_error(
        &EngineError::Mission(MissionError::NotAllowed {
            rule: format!("{} does not take part in this decision of `team-e`", bo()),
        }),
    );
    e.apply(&cmd(lead(), 25_000, decide(cut.clone()))).unwrap();
    e.apply(&cmd(cy(), 25_001, decide(cut))).unwrap();
    // Epoch 1 has no weights: equal thirds ⌊500 / 3⌋ = 166 each, dust 2 to the leader (168);
    // Bo keeps ⌊166 · 2500 / 10000⌋ = 41; the freed 125 splits 1 : 1 → 62 and 62, dust 1 to the
    // leader: 168 + 62 + 1 = 231, Bo 41, Cy 166 + 62 = 228 (231 + 41 + 228 = 500).
    attest(&mut e, 26_001, 1);
    assert_eq!(paid(&e, 1), [(lead(), 231), (bo(), 41), (cy(), 228)]);
}

#[test]
fn peer_points_split_by_points_received_refuse_over_budget_and_export_the_graph_as_csv() {
    let plan = RewardPlan { split: RewardSplit::Peer { points: 100 }, dust_to: lead(), vesting: None };
    let mut e = funded(plan, DecisionModel::Leader);
    let give = |gifts: &[(Address, u32)]| {
        CommandBody::GivePoints(GivePoints {
            collective: collective(),
            mission: 5,
            gifts: gifts.iter().map(|(to, points)| Gift { to: *to, points: *points }).collect(),
        })
    };
    let plan_error =
        |path: &str, rule: String| EngineError::Mission(MissionError::Plan { path: path.into(), rule });
    let s = || Scenario::from_engine(e.clone());
    s().when(&cmd(bo(), 21_000, give(&[(lead(), 70), (cy(), 40)])))
        .then_error(&plan_error("body.gifts", "at most 100 points per epoch, got 110".into()));
    s().when(&cmd(bo(), 21_000, give(&[(bo(), 10)])))
        .then_error(&plan_error("body.gifts[0].to", "a member cannot give points to themselves".into()));
    s().when(&cmd(bo(), 21_000, give(&[(dev(3), 10)])))
        .then_error(&plan_error("body.gifts[0].to", format!("{} is not a member of the team", dev(3))));
    s().when(&cmd(dev(3), 21_000, give(&[(bo(), 10)]))).then_error(&EngineError::Mission(
        MissionError::NotAllowed {
            rule: format!("{} is not an accepted member of `team-e` who has not left", dev(3)),
        },
    ));
    e.apply(&cmd(lead(), 21_000, give(&[(bo(), 60), (cy(), 40)]))).unwrap();
    e.apply(&cmd(bo(), 21_001, give(&[(lead(), 10)]))).unwrap();
    // A second gift replaces the first.
    e.apply(&cmd(bo(), 21_002, give(&[(lead(), 50), (cy(), 50)]))).unwrap();
    // Received: leader 50, Bo 60, Cy 90 of 200 → ⌊500 · 50/200⌋ = 125, 150, 225.
    attest(&mut e, 24_001, 0);
    assert_eq!(paid(&e, 0), [(lead(), 125), (bo(), 150), (cy(), 225)]);
    e.apply(&cmd(cy(), 24_500, give(&[(bo(), 100)]))).unwrap();
    let View::Gives(graph) =
        query::run(e.state(), &Query::Gives { collective: collective(), mission: 5 }).unwrap()
    else {
        panic!()
    };
    let csv = graph.csv();
    let mut lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.remove(0), "epoch,from,to,points");
    let mut expected = vec![
        format!("0,{},{},60", lead(), bo()),
        format!("0,{},{},40", lead(), cy()),
        format!("0,{},{},50", bo(), lead()),
        format!("0,{},{},50", bo(), cy()),
        format!("1,{},{},100", cy(), bo()),
    ];
    let mut got: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
}

#[test]
fn a_leaver_keeps_what_vested_and_forfeits_the_rest_to_the_team() {
    let two_years = RewardVesting { cliff_secs: 0, duration_secs: 2 * YEAR };
    let mut e = funded(fixed(&[(lead(), 5_000), (bo(), 5_000)], Some(two_years)), DecisionModel::Leader);
    attest(&mut e, 24_001, 0);
    // Bo's 250 vests from 24 001: nothing before the lock-up ends (cliff 20 001 + 1 y − 24 001),
    // then ⌊250 · (t − 24 001) / 2 y⌋.
    let leave_at = 24_001 + 3 * YEAR / 2;
    let vested = 250 * (3 * YEAR / 2) as u128 / (2 * YEAR) as u128;
    assert_eq!(vested, 187);
    let leave = CommandBody::LeaveAlliance(LeaveAlliance { alliance: team_e() });
    Scenario::from_engine(e.clone())
        .when(&cmd(lead(), leave_at, leave.clone()))
        .then_error(&EngineError::Alliance(AllianceError::LeaderCannotLeave { alliance: team_e() }));
    let team_treasury = treasury_address(&team_e());
    let before = e.state().ledger.balance(team_treasury, gov());
    e.apply(&cmd(bo(), leave_at, leave.clone())).unwrap();
    assert_eq!(e.state().ledger.balance(team_treasury, gov()).0 - before.0, 250 - 187);
    assert_eq!(at(&e, bo(), leave_at + 10 * YEAR), Amount(187), "what vested stays, frozen");
    let member = e.state().alliances[&team_e()].spec.member(bo()).unwrap();
    assert_eq!(member.status, MemberStatus::Exited);
    let v = team_view(&e);
    let bo_view = v.members.iter().find(|m| m.member == bo()).unwrap();
    assert_eq!(
        (bo_view.paid, bo_view.vested, bo_view.forfeited, bo_view.left),
        (Amount(250), Amount(187), Amount(63), true)
    );
    // Leaving twice is refused; the next release goes to the leader alone.
    Scenario::from_engine(e.clone()).when(&cmd(bo(), leave_at + 1, leave)).then_error(
        &EngineError::Alliance(AllianceError::AlreadyExited { account: bo(), alliance: team_e() }),
    );
    attest(&mut e, leave_at + 1, 1);
    assert_eq!(paid(&e, 1), [(lead(), 500)]);
}

#[test]
fn a_clawback_takes_back_the_unreleased_part_and_every_unvested_reward() {
    let mut e = funded(fixed(&[(lead(), 5_000), (bo(), 5_000)], None), DecisionModel::Leader);
    attest(&mut e, 24_001, 0);
    let fund = treasury_address(&collective());
    let before = e.state().ledger.balance(fund, gov());
    // The critical milestone 1 was due at 31 000.
    let claw = ClawbackGrant {
        collective: collective(),
        mission: 5,
        milestone: 1,
        reason: "ship missed".into(),
        dispute: None,
    };
    e.apply(&cmd(dev(9), 40_000, CommandBody::ClawbackGrant(claw))).unwrap();
    // 500 unreleased + 250 + 250 unvested (nothing vests before the lock-up ends).
    assert_eq!(e.state().ledger.balance(fund, gov()).0 - before.0, 1_000);
    let g = &e.state().missions.collectives[&collective()].grants[&5];
    assert_eq!((g.clawed_back, g.status), (Amount(1_000), GrantStatus::ClawedBack));
    assert_eq!(
        (at(&e, lead(), CLOSE + 2 * YEAR), at(&e, bo(), CLOSE + 2 * YEAR)),
        (Amount::ZERO, Amount::ZERO)
    );
}

#[test]
fn plans_that_break_a_rule_are_refused_with_the_field() {
    let e = formed(DecisionModel::Leader);
    let with = proposal;
    let err = |path: &str, rule: &str| {
        EngineError::Mission(MissionError::Plan { path: path.into(), rule: rule.into() })
    };
    let s = || Scenario::from_engine(e.clone());
    s().when(&with(fixed(&[(lead(), 5_000), (bo(), 4_000)], None)))
        .then_error(&err("body.plan.split.shares", "bps must sum to exactly 10000, got 9000"));
    s().when(&with(RewardPlan { split: RewardSplit::Peer { points: 0 }, dust_to: lead(), vesting: None }))
        .then_error(&err("body.plan.split.points", "must be 1 to 1000000, got 0"));
    s().when(&with(fixed(&[(lead(), 10_000)], Some(RewardVesting { cliff_secs: 10, duration_secs: 5 }))))
        .then_error(&err("body.plan.vesting.cliff_secs", "the cliff (10 s) must not be after the end (5 s)"));
}

proptest! {
    /// Conservation: a release splits into members' parts and the team's
    /// treasury with nothing lost or made; a whole member (no reduction, not
    /// absent) never gets less than their part by weight.
    #[test]
    fn a_release_split_conserves_the_share(
        share in 0u128..1_000_000_000_000_000_000_000,
        bps in proptest::collection::vec(1u16..4_000, 1..6),
        keep in proptest::collection::vec(0u16..=10_000, 6),
        absent in proptest::collection::vec(0u64..5_000, 6),
        epoch in 0u64..5_000,
    ) {
        let members: Vec<Address> = (0..bps.len()).map(|i| Address::derived(&format!("m{i}"))).collect();
        // Fixed weights need not sum to 10 000 here: split_release normalises by Σ weights.
        let plan = RewardPlan {
            split: RewardSplit::Fixed {
                shares: members.iter().zip(&bps).map(|(a, b)| Share { recipient: *a, bps: Bps(*b) }).collect(),
            },
            dust_to: members[0],
            vesting: None,
        };
        let mut book = TeamBook { epoch_start: Timestamp(10_000), ..TeamBook::default() };
        let end = 10_000 + epoch;
        for (i, m) in members.iter().enumerate() {
            if keep[i] < 10_000 && i % 2 == 0 {
                book.adjustments.insert(*m, Adjustment { keep_bps: Bps(keep[i]), reason: "r".into() });
            }
            if i % 3 == 1 {
                book.absences.insert(*m, Absence { since: Timestamp(end.saturating_sub(absent[i])), until: None, reason: "r".into() });
            }
        }
        let s = split_release(&plan, &book, &members, members[0], Amount(share), Timestamp(end));
        let paid: u128 = s.parts.iter().map(|(_, _, p)| p.0).sum();
        let entitled: u128 = s.parts.iter().map(|(_, e, _)| e.0).sum();
        prop_assert_eq!(paid + s.to_team.0, share);
        prop_assert_eq!(entitled, share);
        for (m, e, p) in &s.parts {
            let i = members.iter().position(|x| x == m).expect("a part belongs to a member");
            let whole = !book.adjustments.contains_key(m)
                && (!book.absences.contains_key(m) || epoch == 0 || absent[i] == 0);
            if whole {
                prop_assert!(p >= e, "a whole member got {} < {}", p.0, e.0);
            } else {
                prop_assert!(p <= e);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    /// A member's vested share never decreases, whenever they leave: what
    /// vested by the leave stays, and nothing vests after it.
    #[test]
    fn a_members_vested_share_never_decreases(leave_after in 0u64..3 * YEAR, probes in proptest::collection::vec(0u64..4 * YEAR, 1..8)) {
        let two_years = RewardVesting { cliff_secs: 0, duration_secs: 2 * YEAR };
        let mut e = funded(fixed(&[(lead(), 5_000), (bo(), 5_000)], Some(two_years)), DecisionModel::Leader);
        attest(&mut e, 24_001, 0);
        let leave_at = 24_001 + leave_after;
        let before: Vec<Amount> = { let mut p = probes.clone(); p.sort_unstable(); p.iter().map(|t| at(&e, bo(), 24_001 + t)).collect() };
        prop_assert!(before.windows(2).all(|w| w[0] <= w[1]));
        e.apply(&cmd(bo(), leave_at, CommandBody::LeaveAlliance(LeaveAlliance { alliance: team_e() }))).unwrap();
        let mut times = probes;
        times.sort_unstable();
        let after: Vec<Amount> = times.iter().map(|t| at(&e, bo(), leave_at + t)).collect();
        prop_assert!(after.windows(2).all(|w| w[0] <= w[1]));
        // Frozen at the leave: ⌊250 · (leave − 24 001) / 2 y⌋ once past the lock-up, else 0.
        let cliff = CLOSE + YEAR - 24_001;
        let expected = if leave_after < cliff { 0 } else { 250 * u128::from(leave_after.min(2 * YEAR)) / u128::from(2 * YEAR) };
        prop_assert!(after.iter().all(|v| v.0 == expected), "{after:?} vs {expected}");
    }
}

/// The syndicate counts a dual majority (GOV and VOTE holders): dev 2 gets 100 VOTE.
fn vote_tokens(e: &mut Engine, at: u64) {
    let deposit = concord_core::ledger::RecordDeposit {
        chain_id: concord_core::types::ChainId(10),
        tx_hash: concord_core::types::B256::repeat_byte(0xee),
        log_index: 0,
        token: "VOTE".parse().unwrap(),
        to: dev(2),
        amount: Amount(100_000_000),
    };
    e.apply(&cmd(dev(1), at, CommandBody::RecordDeposit(deposit))).unwrap();
}

fn clawback_proposal(scope: concord_core::governance::Scope, start: u64) -> CommandBody {
    use concord_core::governance::{Action, CreateProposal, VotingType};
    CommandBody::CreateProposal(Box::new(CreateProposal {
        alliance: collective(),
        scope,
        title: "Claw back mission 5".into(),
        body: "The ship milestone was due at 31 000 and is not delivered.".into(),
        actions: vec![Action::ClawbackGrant {
            mission: 5,
            milestone: 1,
            reason: "ship missed".into(),
            dispute: None,
        }],
        voting: VotingType::Basic,
        choices: vec![],
        start: Timestamp(start),
        end: Timestamp(start + 10_000),
        proposing_alliance: None,
    }))
}

#[test]
fn the_collective_claws_back_a_grant_by_a_proposal_that_its_token_holders_pass() {
    use concord_core::governance::{CastVote, GovernanceError, ProposalRef, Scope};
    let mut e = funded(fixed(&[(lead(), 5_000), (bo(), 5_000)], None), DecisionModel::Leader);
    attest(&mut e, 24_001, 0);
    vote_tokens(&mut e, 31_500);
    // Only the mission-funding scope may claw back.
    Scenario::from_engine(e.clone())
        .when(&cmd(dev(2), 32_000, clawback_proposal(Scope::TreasuryAllocation, 33_000)))
        .then_error(&EngineError::Governance(GovernanceError::ActionOutsideScope {
            index: 0,
            action: "clawback-grant",
            scope: Scope::TreasuryAllocation,
        }));
    e.apply(&cmd(dev(2), 32_000, clawback_proposal(Scope::MissionFunding, 33_000))).unwrap();
    for who in 2..=5 {
        let vote =
            CastVote { alliance: collective(), proposal: 1, choice: "1".into(), reason: String::new() };
        e.apply(&cmd(dev(who), 34_000, CommandBody::CastVote(vote))).unwrap();
    }
    let pref = ProposalRef { alliance: collective(), proposal: 1 };
    e.apply(&cmd(dev(7), 43_001, CommandBody::QueueProposal(pref.clone()))).unwrap();
    let fund = treasury_address(&collective());
    let before = e.state().ledger.balance(fund, gov());
    // Timelock: 2 days after the queue.
    e.apply(&cmd(dev(7), 43_001 + 2 * 86_400, CommandBody::ExecuteProposal(pref))).unwrap();
    // 500 unreleased + 250 + 250 unvested return to the fund.
    assert_eq!(e.state().ledger.balance(fund, gov()).0 - before.0, 1_000);
    let g = &e.state().missions.collectives[&collective()].grants[&5];
    assert_eq!((g.clawed_back, g.status), (Amount(1_000), GrantStatus::ClawedBack));
}

#[test]
fn a_clawback_proposal_whose_milestone_is_not_missed_does_not_execute_and_changes_nothing() {
    use concord_core::governance::{CastVote, ProposalRef, Scope};
    let mut e = funded(fixed(&[(lead(), 5_000), (bo(), 5_000)], None), DecisionModel::Leader);
    vote_tokens(&mut e, 20_500);
    // Proposed before the milestone is due; delivered before the proposal executes.
    e.apply(&cmd(dev(2), 21_000, clawback_proposal(Scope::MissionFunding, 22_000))).unwrap();
    for who in 2..=5 {
        let vote =
            CastVote { alliance: collective(), proposal: 1, choice: "1".into(), reason: String::new() };
        e.apply(&cmd(dev(who), 23_000, CommandBody::CastVote(vote))).unwrap();
    }
    attest(&mut e, 24_001, 0);
    attest(&mut e, 25_000, 1);
    let pref = ProposalRef { alliance: collective(), proposal: 1 };
    e.apply(&cmd(dev(7), 32_001, CommandBody::QueueProposal(pref.clone()))).unwrap();
    Scenario::from_engine(e)
        .when(&cmd(dev(7), 32_001 + 2 * 86_400, CommandBody::ExecuteProposal(pref)))
        .then_error(&EngineError::Mission(MissionError::WrongPhase {
            field: "body.mission",
            rule: "the grant is no longer active".into(),
        }));
}

#[test]
fn a_streamed_grant_pays_the_team_as_it_streams_and_a_missed_critical_milestone_stops_it() {
    let mut e = formed(DecisionModel::Leader);
    let streamed = |plan: Option<RewardPlan>| {
        let mut p = proposal(fixed(&[(lead(), 10_000)], None));
        let CommandBody::ProposeMission(x) = &mut p.body else { unreachable!() };
        x.stream = true;
        x.plan = plan;
        // Milestone 0 (critical, 50 %) due at 25 000; milestone 1 due at 40 000: the stream
        // runs from the close (20 001) to 40 000, 19 999 s.
        x.milestones = vec![
            Milestone {
                title: "design".into(),
                due: Timestamp(25_000),
                critical: true,
                share_bps: Bps(5_000),
            },
            Milestone {
                title: "ship".into(),
                due: Timestamp(40_000),
                critical: false,
                share_bps: Bps(5_000),
            },
        ];
        p
    };
    // Streams and reward plans do not mix.
    Scenario::from_engine(e.clone()).when(&streamed(Some(fixed(&[(lead(), 10_000)], None)))).then_error(
        &EngineError::Mission(MissionError::Plan {
            path: "body.plan".into(),
            rule: "a streamed grant goes to the team's treasury; a reward plan splits milestone releases"
                .into(),
        }),
    );
    let p = streamed(None);
    e.apply(&p).unwrap();
    for sponsor in 2..=5 {
        e.apply(&cmd(dev(sponsor), 6_000, approve(5))).unwrap();
    }
    for who in [2, 3] {
        let ballot = CastBudgetBallot {
            collective: collective(),
            season: 1,
            intent: intent("docs"),
            approve: vec![5],
        };
        e.apply(&cmd(dev(who), 12_000, CommandBody::CastBudgetBallot(ballot))).unwrap();
    }
    let close = CloseBudgetVote { collective: collective(), season: 1, intent: intent("docs") };
    e.apply(&cmd(dev(7), CLOSE, CommandBody::CloseBudgetVote(close))).unwrap();
    let g = e.state().missions.collectives[&collective()].grants[&5].clone();
    let stream = g.stream.expect("a streamed grant");
    let v = &e.state().vesting.grants.by_id[&stream];
    assert_eq!(
        (v.beneficiary, v.total, v.start, v.duration_secs),
        (treasury_address(&team_e()), Amount(1_000), Timestamp(CLOSE), 19_999)
    );
    // At 26 000 the team has streamed ⌊1000 · 5999 / 19999⌋ = 299 and claims it.
    let release = concord_core::vesting::ReleaseVesting { grant: stream };
    e.apply(&cmd(dev(8), 26_000, CommandBody::ReleaseVesting(release))).unwrap();
    assert_eq!(e.state().ledger.balance(treasury_address(&team_e()), gov()), Amount(299));
    // Milestone 0 was missed: the clawback stops the stream; the other 701 return to the fund.
    let fund = treasury_address(&collective());
    let before = e.state().ledger.balance(fund, gov());
    let claw = ClawbackGrant {
        collective: collective(),
        mission: 5,
        milestone: 0,
        reason: "design missed".into(),
        dispute: None,
    };
    e.apply(&cmd(dev(9), 26_000, CommandBody::ClawbackGrant(claw))).unwrap();
    assert_eq!(e.state().ledger.balance(fund, gov()).0 - before.0, 701);
    let g = &e.state().missions.collectives[&collective()].grants[&5];
    assert_eq!((g.clawed_back, g.status), (Amount(701), GrantStatus::ClawedBack));
    // Nothing more streams.
    assert_eq!(e.state().vesting.grants.by_id[&stream].vested_at(Timestamp(50_000)), Amount(299));
}
