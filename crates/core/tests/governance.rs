//! Governance worked out by hand, on the governance-syndicate template:
//! GOV (18 decimals, chain 1) and VOTE (6 decimals, chain 10), both weight
//! 10000, dual majority, quorum 4%, threshold > 50%, timelock 2 days,
//! proposal threshold 1,000 power for treasury-allocation; council of dev 0,
//! 2, 3 with threshold 2 and emergency 6667 bps.
//!
//! Balances (from deposits at t = 10): dev 4: 1000 GOV + 100 VOTE;
//! dev 5: 500 GOV + 300 VOTE; dev 6: 200 GOV + 400 VOTE. dev 4 then pays 100
//! GOV into the treasury at t = 20. Power is normalised to 18 decimals, so
//! one whole token of either is 1e18 power:
//! dev 4 = 900 + 100 = 1000e18, dev 5 = 500 + 300 = 800e18,
//! dev 6 = 200 + 400 = 600e18, and total power (all supply, treasury
//! included) = 1700 GOV + 800 VOTE = 2500e18.

use concord_core::alliance::AllianceModel;
use concord_core::charter::templates::template;
use concord_core::command::{CommandBody, Event};
use concord_core::governance::council::{CouncilAction, CouncilError, CouncilPropose, CouncilTxRef};
use concord_core::governance::{
    Action, CastVote, CreateProposal, Delegate, GovernanceError, ProposalRef, ProposalState, Scope,
    VotingType,
};
use concord_core::ledger::{RecordDeposit, Transfer};
use concord_core::testing::{Scenario, cmd};
use concord_core::types::{AllianceId, Amount, B256, ChainId, Timestamp, TokenId};
use concord_core::{Charter, Engine, EngineError};

use crate::common::dev;

const E18: u128 = 1_000_000_000_000_000_000;
const E6: u128 = 1_000_000;

fn alliance() -> AllianceId {
    "delegate-syndicate".parse().unwrap()
}

fn token(id: &str) -> TokenId {
    id.parse().unwrap()
}

pub(crate) fn syndicate_charter(edit: impl Fn(String) -> String) -> Charter {
    Charter::parse(&edit(template(AllianceModel::GovernanceSyndicate).to_owned())).unwrap()
}

fn deposit(n: u64, tok: &str, chain: u64, to: usize, amount: u128) -> concord_core::Command {
    cmd(
        dev(1),
        10,
        CommandBody::RecordDeposit(RecordDeposit {
            chain_id: ChainId(chain),
            tx_hash: B256::repeat_byte(n as u8),
            log_index: n,
            token: token(tok),
            to: dev(to),
            amount: Amount(amount),
        }),
    )
}

/// The funded setup described in the module docs.
pub(crate) fn setup() -> Vec<concord_core::Command> {
    let treasury = concord_core::alliance::treasury_address(&alliance());
    vec![
        deposit(1, "GOV", 1, 4, 1000 * E18),
        deposit(2, "VOTE", 10, 4, 100 * E6),
        deposit(3, "GOV", 1, 5, 500 * E18),
        deposit(4, "VOTE", 10, 5, 300 * E6),
        deposit(5, "GOV", 1, 6, 200 * E18),
        deposit(6, "VOTE", 10, 6, 400 * E6),
        cmd(
            dev(4),
            20,
            CommandBody::Transfer(Transfer { token: token("GOV"), to: treasury, amount: Amount(100 * E18) }),
        ),
    ]
}

fn engine_with(charter: &Charter, extra: Vec<concord_core::Command>) -> Engine {
    let mut engine = Engine::genesis(charter);
    for (i, c) in setup().into_iter().chain(extra).enumerate() {
        engine.apply(&c).unwrap_or_else(|e| panic!("setup command {i}: {e}"));
    }
    engine
}

fn pay_proposal(start: u64, end: u64) -> CommandBody {
    CommandBody::CreateProposal(Box::new(CreateProposal {
        alliance: alliance(),
        scope: Scope::TreasuryAllocation,
        title: "Pay the auditor".into(),
        body: "10 GOV to dev 7 for the bridge audit".into(),
        actions: vec![Action::TreasuryTransfer { token: token("GOV"), to: dev(7), amount: Amount(10 * E18) }],
        voting: VotingType::Basic,
        choices: vec![],
        start: Timestamp(start),
        end: Timestamp(end),
        proposing_alliance: None,
    }))
}

pub(crate) fn vote(voter: usize, at: u64, choice: &str) -> concord_core::Command {
    cmd(
        dev(voter),
        at,
        CommandBody::CastVote(CastVote {
            alliance: alliance(),
            proposal: 1,
            choice: choice.into(),
            reason: String::new(),
        }),
    )
}

fn pref(body: fn(ProposalRef) -> CommandBody, actor: usize, at: u64) -> concord_core::Command {
    cmd(dev(actor), at, body(ProposalRef { alliance: alliance(), proposal: 1 }))
}

fn state_at(engine: &Engine, at: u64) -> ProposalState {
    let s = engine.state();
    let a = &s.alliances[&alliance()];
    let p = &s.governance[&alliance()].proposals[&1];
    s.power_sources().proposal_state(a, p, Timestamp(at))
}

fn gov_err(e: GovernanceError) -> EngineError {
    EngineError::Governance(e)
}

#[test]
fn a_proposal_goes_pending_active_succeeded_queued_executed() {
    let charter = syndicate_charter(|t| t);
    let mut engine = engine_with(&charter, vec![cmd(dev(4), 100, pay_proposal(200, 300))]);
    assert_eq!(state_at(&engine, 150), ProposalState::Pending);
    assert_eq!(state_at(&engine, 200), ProposalState::Pending); // the snapshot second itself
    assert_eq!(state_at(&engine, 201), ProposalState::Active);
    for c in [vote(4, 210, "1"), vote(5, 220, "2"), vote(6, 230, "1")] {
        engine.apply(&c).unwrap();
    }
    let p = &engine.state().governance[&alliance()].proposals[&1];
    // for = dev 4 (1000) + dev 6 (600) = 1600e18; against = dev 5 = 800e18.
    assert_eq!(p.tally.scores, vec![1600 * E18, 800 * E18, 0]);
    // GOV community: for 900 + 200, against 500. VOTE community: for 100 + 400, against 300.
    assert_eq!(p.tally.communities, vec![[1100 * E18, 500 * E18, 0], [500 * E18, 300 * E18, 0]]);
    let outcome = p.outcome(2500 * E18);
    assert_eq!(outcome.quorum, 100 * E18); // ceil(4% of 2500e18)
    assert!(outcome.quorum_reached && outcome.approved);
    assert_eq!(outcome.communities_approved, Some(true));
    assert_eq!(state_at(&engine, 300), ProposalState::Active); // the last voting second
    assert_eq!(state_at(&engine, 301), ProposalState::Succeeded);

    let events = engine.apply(&pref(CommandBody::QueueProposal, 9, 301)).unwrap();
    let eta = Timestamp(301 + 172_800);
    assert!(matches!(&events[0], Event::ProposalQueued(c) if c.eta == Some(eta)));
    // Executing before the timelock: rejected, nothing changes.
    let engine = Scenario::from_engine(engine)
        .when(&pref(CommandBody::ExecuteProposal, 9, eta.0 - 1))
        .then_error(&gov_err(GovernanceError::TimelockNotElapsed { id: 1, eta }));
    let mut engine = engine;
    let events = engine.apply(&pref(CommandBody::ExecuteProposal, 9, eta.0)).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(engine.state().ledger.balance(dev(7), token("GOV")), Amount(10 * E18));
    let treasury = engine.state().alliances[&alliance()].treasury;
    assert_eq!(engine.state().ledger.balance(treasury, token("GOV")), Amount(90 * E18));
    assert_eq!(state_at(&engine, eta.0), ProposalState::Executed);
    // Executing twice: rejected.
    Scenario::from_engine(engine).when(&pref(CommandBody::ExecuteProposal, 9, eta.0 + 1)).then_error(
        &gov_err(GovernanceError::WrongState {
            id: 1,
            state: ProposalState::Executed,
            rule: "only a queued proposal can be executed",
        }),
    );
}

#[test]
fn dual_majority_fails_when_one_community_says_no() {
    // Without dev 6: overall for 1000 > against 800, but inside the VOTE
    // community for 100 < against 300.
    let charter = syndicate_charter(|t| t);
    let mut engine = engine_with(&charter, vec![cmd(dev(4), 100, pay_proposal(200, 300))]);
    engine.apply(&vote(4, 210, "1")).unwrap();
    engine.apply(&vote(5, 220, "2")).unwrap();
    let p = &engine.state().governance[&alliance()].proposals[&1];
    let outcome = p.outcome(2500 * E18);
    assert!(outcome.approved, "overall 1000 for vs 800 against passes");
    assert_eq!(outcome.communities_approved, Some(false));
    assert_eq!(state_at(&engine, 301), ProposalState::Defeated);
    // Without dual majority the same votes pass.
    let charter = syndicate_charter(|t| t.replace("dual_majority = true", "dual_majority = false"));
    let mut engine = engine_with(&charter, vec![cmd(dev(4), 100, pay_proposal(200, 300))]);
    engine.apply(&vote(4, 210, "1")).unwrap();
    engine.apply(&vote(5, 220, "2")).unwrap();
    assert_eq!(state_at(&engine, 301), ProposalState::Succeeded);
}

#[test]
fn quorum_not_reached_is_defeated() {
    // Only dev 7 would vote, with nothing; here nobody votes: 0 < 100e18 quorum.
    let charter = syndicate_charter(|t| t);
    let engine = engine_with(&charter, vec![cmd(dev(4), 100, pay_proposal(200, 300))]);
    assert_eq!(state_at(&engine, 301), ProposalState::Defeated);
}

#[test]
fn a_queued_proposal_expires_after_the_grace_period() {
    let charter = syndicate_charter(|t| t);
    let mut engine = engine_with(&charter, vec![cmd(dev(4), 100, pay_proposal(200, 300))]);
    for c in [vote(4, 210, "1"), vote(6, 230, "1"), pref(CommandBody::QueueProposal, 9, 301)] {
        engine.apply(&c).unwrap();
    }
    let expiry = 301 + 172_800 + 1_209_600;
    assert_eq!(state_at(&engine, expiry - 1), ProposalState::Queued);
    assert_eq!(state_at(&engine, expiry), ProposalState::Expired);
    Scenario::from_engine(engine).when(&pref(CommandBody::ExecuteProposal, 9, expiry)).then_error(&gov_err(
        GovernanceError::WrongState {
            id: 1,
            state: ProposalState::Expired,
            rule: "only a queued proposal can be executed",
        },
    ));
}

#[test]
fn only_the_proposer_cancels_and_only_while_pending() {
    let charter = syndicate_charter(|t| t);
    let engine = engine_with(&charter, vec![cmd(dev(4), 100, pay_proposal(200, 300))]);
    let engine = Scenario::from_engine(engine)
        .when(&pref(CommandBody::CancelProposal, 5, 150))
        .then_error(&gov_err(GovernanceError::NotProposer { id: 1, proposer: dev(4) }));
    let engine = Scenario::from_engine(engine).when(&pref(CommandBody::CancelProposal, 4, 201)).then_error(
        &gov_err(GovernanceError::WrongState {
            id: 1,
            state: ProposalState::Active,
            rule: "the proposer may cancel only while it is pending",
        }),
    );
    let mut engine = Scenario::from_engine(engine).given([]).into_engine();
    // Time went to 201 only in rejected commands: the clock is still 100.
    engine.apply(&pref(CommandBody::CancelProposal, 4, 150)).unwrap();
    assert_eq!(state_at(&engine, 250), ProposalState::Canceled);
}

#[test]
fn proposing_needs_the_scope_threshold_and_an_action_inside_the_scope() {
    let charter = syndicate_charter(|t| t);
    let engine = engine_with(&charter, vec![]);
    // dev 6 holds 600e18 power; treasury-allocation needs 1000e18.
    let engine = Scenario::from_engine(engine).when(&cmd(dev(6), 100, pay_proposal(200, 300))).then_error(
        &gov_err(GovernanceError::BelowProposalThreshold {
            proposer: dev(6),
            scope: Scope::TreasuryAllocation,
            power: 600 * E18,
            needed: 1000 * E18,
        }),
    );
    let CommandBody::CreateProposal(mut outside) = pay_proposal(200, 300) else { unreachable!() };
    outside.actions.push(Action::RemoveMember { account: dev(2) });
    Scenario::from_engine(engine).when(&cmd(dev(4), 100, CommandBody::CreateProposal(outside))).then_error(
        &gov_err(GovernanceError::ActionOutsideScope {
            index: 1,
            action: "remove-member",
            scope: Scope::TreasuryAllocation,
        }),
    );
}

#[test]
fn tokens_acquired_after_the_snapshot_carry_no_power() {
    let charter = syndicate_charter(|t| t);
    let mut engine = engine_with(&charter, vec![cmd(dev(4), 100, pay_proposal(200, 300))]);
    // dev 7 buys 500 GOV from dev 5 after the snapshot (t = 250 > start 200).
    engine
        .apply(&cmd(
            dev(5),
            250,
            CommandBody::Transfer(Transfer { token: token("GOV"), to: dev(7), amount: Amount(500 * E18) }),
        ))
        .unwrap();
    let engine = Scenario::from_engine(engine)
        .when(&vote(7, 260, "1"))
        .then_error(&gov_err(GovernanceError::ZeroPower { id: 1, voter: dev(7), snapshot: Timestamp(200) }));
    // dev 5 still votes with its snapshot power (800e18), not its current 300e18.
    let mut engine = engine;
    let events = engine.apply(&vote(5, 260, "2")).unwrap();
    assert!(matches!(&events[0], Event::VoteCast(v) if v.weight == 800 * E18));
}

#[test]
fn votes_close_at_the_end_and_final_votes_cannot_change() {
    let charter = syndicate_charter(|t| t.replace("revote = \"replace\"", "revote = \"final\""));
    let mut engine = engine_with(&charter, vec![cmd(dev(4), 100, pay_proposal(200, 300))]);
    engine.apply(&vote(4, 210, "1")).unwrap();
    let engine = Scenario::from_engine(engine)
        .when(&vote(4, 220, "2"))
        .then_error(&gov_err(GovernanceError::AlreadyVoted { id: 1, voter: dev(4) }));
    // Only dev 4 voted, for, in both communities: the vote closed succeeded.
    Scenario::from_engine(engine).when(&vote(5, 301, "2")).then_error(&gov_err(
        GovernanceError::WrongState {
            id: 1,
            state: ProposalState::Succeeded,
            rule: "votes are accepted while it is active",
        },
    ));
}

#[test]
fn a_replaced_vote_moves_its_power() {
    let charter = syndicate_charter(|t| t);
    let mut engine = engine_with(&charter, vec![cmd(dev(4), 100, pay_proposal(200, 300))]);
    engine.apply(&vote(4, 210, "1")).unwrap();
    let events = engine.apply(&vote(4, 220, "3")).unwrap();
    assert!(matches!(&events[0], Event::VoteCast(v) if v.replaced));
    let p = &engine.state().governance[&alliance()].proposals[&1];
    assert_eq!(p.tally.scores, vec![0, 0, 1000 * E18]);
    assert_eq!(p.tally.voters, 1);
    assert_eq!(p.tally.participation, 1000 * E18);
}

#[test]
fn a_delegator_who_votes_overrides_its_delegate_on_that_proposal() {
    let charter = syndicate_charter(|t| t);
    // dev 5 delegates to dev 4 before the snapshot.
    let delegate =
        cmd(dev(5), 50, CommandBody::Delegate(Delegate { alliance: alliance(), to: Some(dev(4)) }));
    let mut engine = engine_with(&charter, vec![delegate, cmd(dev(4), 100, pay_proposal(200, 300))]);
    // dev 4 votes with 1000 + 800 = 1800e18.
    let events = engine.apply(&vote(4, 210, "1")).unwrap();
    assert!(matches!(&events[0], Event::VoteCast(v) if v.weight == 1800 * E18));
    // dev 5 votes against directly: 800e18 leaves dev 4's vote.
    let events = engine.apply(&vote(5, 220, "2")).unwrap();
    assert!(
        matches!(&events[0], Event::DelegateOverridden(o) if o.power == 800 * E18 && o.delegate == dev(4))
    );
    assert!(matches!(&events[1], Event::VoteCast(v) if v.weight == 800 * E18));
    let p = &engine.state().governance[&alliance()].proposals[&1];
    assert_eq!(p.tally.scores, vec![1000 * E18, 800 * E18, 0]);
    assert_eq!(p.tally.participation, 1800 * E18);
    // dev 4 re-votes: still 1000e18 (the override stays).
    let events = engine.apply(&vote(4, 230, "3")).unwrap();
    assert!(matches!(&events[0], Event::VoteCast(v) if v.weight == 1000 * E18));
}

fn choices_proposal(voting: VotingType, n: usize) -> concord_core::Command {
    cmd(
        dev(4),
        100,
        CommandBody::CreateProposal(Box::new(CreateProposal {
            alliance: alliance(),
            scope: Scope::Signal,
            title: "Which chain next?".into(),
            body: String::new(),
            actions: vec![],
            voting,
            choices: (1..=n).map(|i| format!("option {i}")).collect(),
            start: Timestamp(200),
            end: Timestamp(300),
            proposing_alliance: None,
        })),
    )
}

fn results(voting: VotingType, n: usize, votes: &[(usize, &str)]) -> Vec<u128> {
    let charter = syndicate_charter(|t| t);
    let mut engine = engine_with(&charter, vec![choices_proposal(voting, n)]);
    for (i, (voter, choice)) in votes.iter().enumerate() {
        engine.apply(&vote(*voter, 210 + i as u64, choice)).unwrap();
    }
    let p = &engine.state().governance[&alliance()].proposals[&1];
    p.tally.results(p.voting)
}

#[test]
fn single_choice_approval_and_weighted_tallies() {
    // Powers: dev 4 = 1000, dev 5 = 800, dev 6 = 600 (×1e18).
    assert_eq!(
        results(VotingType::SingleChoice, 3, &[(4, "2"), (5, "1"), (6, "2")]),
        vec![800 * E18, 1600 * E18, 0]
    );
    // Approval: each approved choice gets the voter's full power.
    assert_eq!(
        results(VotingType::Approval, 3, &[(4, "[1,2]"), (5, "[2,3]"), (6, "[3]")]),
        vec![1000 * E18, 1800 * E18, 1400 * E18]
    );
    // Weighted: dev 4 splits 1:3 → 250 / 750; dev 5 all on 3.
    assert_eq!(
        results(VotingType::Weighted, 3, &[(4, r#"{"1":1,"2":3}"#), (5, r#"{"3":1}"#)]),
        vec![250 * E18, 750 * E18, 800 * E18]
    );
}

#[test]
fn ranked_choice_runs_instant_runoff() {
    // First preferences: choice 1: dev 4 (1000); choice 2: dev 5 (800);
    // choice 3: dev 6 (600). Total 2400, nobody > 1200: eliminate choice 3
    // (lowest); dev 6 ranked [3, 2, 1] → moves to choice 2: 1000 vs 1400.
    // Two choices remain: stop. Final: [1000, 1400, 0].
    assert_eq!(
        results(VotingType::RankedChoice, 3, &[(4, "[1,2,3]"), (5, "[2,1,3]"), (6, "[3,2,1]")]),
        vec![1000 * E18, 1400 * E18, 0]
    );
}

#[test]
fn quadratic_uses_square_roots_and_scales_to_total_power() {
    // dev 4 (1000e18) all on 1 → sqrt(1e21) = 31622776601; dev 5 (800e18) on 2 → 28284271247;
    // dev 6 (600e18) on 2 → 24494897427. S = [31622776601, 52779168674].
    // Q = S²; total = 2400e18; score_1 = floor(Q1 · 2400e18 / (Q1 + Q2)).
    let s1: u128 = 31_622_776_601;
    let s2: u128 = 28_284_271_247 + 24_494_897_427;
    let (q1, q2) = (s1 * s1, s2 * s2);
    let total = 2400 * E18;
    let score1 = (alloy_primitives::U256::from(q1) * alloy_primitives::U256::from(total)
        / alloy_primitives::U256::from(q1 + q2))
    .to::<u128>();
    let score2 = (alloy_primitives::U256::from(q2) * alloy_primitives::U256::from(total)
        / alloy_primitives::U256::from(q1 + q2))
    .to::<u128>();
    let remainder = total - score1 - score2; // to choice 2 (largest Q)
    assert_eq!(
        results(VotingType::Quadratic, 2, &[(4, r#"{"1":1}"#), (5, r#"{"2":1}"#), (6, r#"{"2":1}"#)]),
        vec![score1, score2 + remainder]
    );
}

fn council_cmd(actor: usize, at: u64, body: CommandBody) -> concord_core::Command {
    cmd(dev(actor), at, body)
}

#[test]
fn the_council_cancels_in_an_emergency_with_a_supermajority() {
    let charter = syndicate_charter(|t| t);
    let mut engine = engine_with(&charter, vec![cmd(dev(4), 100, pay_proposal(200, 300))]);
    let propose = CommandBody::CouncilPropose(CouncilPropose {
        alliance: alliance(),
        action: CouncilAction::EmergencyCancel { proposal: 1 },
    });
    engine.apply(&council_cmd(0, 150, propose)).unwrap();
    let tx = |n| CouncilTxRef { alliance: alliance(), nonce: n };
    engine.apply(&council_cmd(2, 151, CommandBody::CouncilApprove(tx(1)))).unwrap();
    // A replayed approval and an outsider's approval are refused.
    let engine = Scenario::from_engine(engine)
        .when(&council_cmd(2, 152, CommandBody::CouncilApprove(tx(1))))
        .then_error(&EngineError::Council(CouncilError::AlreadyApproved { nonce: 1, signer: dev(2) }));
    let engine = Scenario::from_engine(engine)
        .when(&council_cmd(5, 152, CommandBody::CouncilApprove(tx(1))))
        .then_error(&EngineError::Council(CouncilError::NotSigner { actor: dev(5) }));
    // ceil(6667 · 3 / 10000) = 3 approvals: two are not enough.
    let mut engine = Scenario::from_engine(engine)
        .when(&council_cmd(0, 152, CommandBody::CouncilExecute(tx(1))))
        .then_error(&EngineError::Council(CouncilError::NotEnoughApprovals { nonce: 1, have: 2, need: 3 }));
    engine.apply(&council_cmd(3, 153, CommandBody::CouncilApprove(tx(1)))).unwrap();
    engine.apply(&council_cmd(3, 154, CommandBody::CouncilExecute(tx(1)))).unwrap();
    assert_eq!(state_at(&engine, 250), ProposalState::Canceled);
    Scenario::from_engine(engine)
        .when(&council_cmd(3, 155, CommandBody::CouncilExecute(tx(1))))
        .then_error(&EngineError::Council(CouncilError::AlreadyExecuted { nonce: 1 }));
}

#[test]
fn a_paused_alliance_takes_no_proposals_until_resumed() {
    let charter = syndicate_charter(|t| t);
    let mut engine = engine_with(&charter, vec![]);
    let tx = |n| CouncilTxRef { alliance: alliance(), nonce: n };
    let pause =
        CommandBody::CouncilPropose(CouncilPropose { alliance: alliance(), action: CouncilAction::Pause });
    engine.apply(&council_cmd(0, 30, pause)).unwrap();
    engine.apply(&council_cmd(2, 31, CommandBody::CouncilApprove(tx(1)))).unwrap();
    engine.apply(&council_cmd(2, 32, CommandBody::CouncilExecute(tx(1)))).unwrap();
    let mut engine = Scenario::from_engine(engine)
        .when(&cmd(dev(4), 100, pay_proposal(200, 300)))
        .then_error(&gov_err(GovernanceError::Paused { alliance: alliance() }));
    let resume =
        CommandBody::CouncilPropose(CouncilPropose { alliance: alliance(), action: CouncilAction::Unpause });
    engine.apply(&council_cmd(3, 40, resume)).unwrap();
    engine.apply(&council_cmd(0, 41, CommandBody::CouncilApprove(tx(2)))).unwrap();
    engine.apply(&council_cmd(0, 42, CommandBody::CouncilExecute(tx(2)))).unwrap();
    engine.apply(&cmd(dev(4), 100, pay_proposal(200, 300))).unwrap();
}

#[test]
fn council_signer_changes_go_through_the_council() {
    let charter = syndicate_charter(|t| t);
    let engine = engine_with(&charter, vec![]);
    let tx = |n| CouncilTxRef { alliance: alliance(), nonce: n };
    let add = CommandBody::CouncilPropose(CouncilPropose {
        alliance: alliance(),
        action: CouncilAction::AddSigner { account: dev(8) },
    });
    // A non-signer cannot even propose.
    let mut engine = Scenario::from_engine(engine)
        .when(&council_cmd(8, 30, add.clone()))
        .then_error(&EngineError::Council(CouncilError::NotSigner { actor: dev(8) }));
    engine.apply(&council_cmd(0, 30, add)).unwrap();
    engine.apply(&council_cmd(3, 31, CommandBody::CouncilApprove(tx(1)))).unwrap();
    engine.apply(&council_cmd(3, 32, CommandBody::CouncilExecute(tx(1)))).unwrap();
    let council = engine.state().governance[&alliance()].council.as_ref().unwrap();
    assert_eq!(council.signers.len(), 4);
    assert!(council.signers.contains(&dev(8)));
}

#[test]
fn execution_is_all_or_nothing() {
    // Two payments from a treasury holding 100 GOV: 60 then 60. The second
    // fails, so the first must not happen either.
    let charter = syndicate_charter(|t| t);
    let CommandBody::CreateProposal(mut two) = pay_proposal(200, 300) else { unreachable!() };
    two.actions = vec![
        Action::TreasuryTransfer { token: token("GOV"), to: dev(7), amount: Amount(60 * E18) },
        Action::TreasuryTransfer { token: token("GOV"), to: dev(8), amount: Amount(60 * E18) },
    ];
    let mut engine = engine_with(&charter, vec![cmd(dev(4), 100, CommandBody::CreateProposal(two))]);
    for c in [vote(4, 210, "1"), vote(6, 230, "1"), pref(CommandBody::QueueProposal, 9, 301)] {
        engine.apply(&c).unwrap();
    }
    let treasury = engine.state().alliances[&alliance()].treasury;
    let eta = 301 + 172_800;
    let error = engine.apply(&pref(CommandBody::ExecuteProposal, 9, eta)).unwrap_err();
    let EngineError::Governance(GovernanceError::ActionFailed { id: 1, index: 1, reason }) = &error else {
        panic!("expected the second action to fail, got {error}");
    };
    // The payments are checked together: 60 + 60 = 120 GOV needed of the 100 held.
    assert!(reason.contains("holds 100000000000000000000 GOV, needs 120000000000000000000"), "{reason}");
    assert_eq!(engine.state().ledger.balance(dev(7), token("GOV")), Amount(0));
    assert_eq!(engine.state().ledger.balance(treasury, token("GOV")), Amount(100 * E18));
    assert_eq!(state_at(&engine, eta), ProposalState::Queued);
}

/// An alliance created after tokens were held counts those holders' balances
/// as voting power from its creation (dev 4: 900 GOV after funding the
/// treasury; dev 5: 500 GOV), not only balances that move afterwards.
#[test]
fn an_alliance_created_later_counts_balances_held_before_it() {
    let charter = syndicate_charter(|t| t);
    let mut engine = engine_with(&charter, vec![]);
    let mut spec = charter.alliance;
    spec.id = "late-circle".parse().unwrap();
    spec.name = "Late circle".into();
    spec.council = None;
    spec.governance.weights.retain(|w| w.token == token("GOV"));
    spec.governance.dual_majority = false;
    engine.apply(&cmd(dev(0), 30, CommandBody::CreateAlliance(Box::new(spec)))).unwrap();
    let power = |who: usize, at: u64| {
        let q = concord_core::query::Query::PowerAt {
            alliance: "late-circle".parse().unwrap(),
            account: dev(who),
            at: Some(Timestamp(at)),
        };
        match concord_core::query::run(engine.state(), &q).unwrap() {
            concord_core::query::View::PowerAt(v) => (v.power, v.total),
            other => panic!("{other:?}"),
        }
    };
    // Total GOV: 1000 + 500 + 200 = 1700.
    assert_eq!(power(4, 30), (Amount(900 * E18), Amount(1_700 * E18)));
    assert_eq!(power(5, 30), (Amount(500 * E18), Amount(1_700 * E18)));
}

/// Amending the agreement is a governance-parameters proposal, and the charter's
/// dual majority holds it too: dev 4 and dev 5 for (1000 + 800), dev 6 against (600):
/// overall 1800 · 10000 > 6667 · 2400 passes the 66.67 % threshold, but inside the VOTE
/// community for 100 + 300 = 400 against 400 does not.
#[test]
fn an_agreement_amendment_needs_each_community_when_the_charter_asks_for_dual_majority() {
    let charter = syndicate_charter(|t| t);
    let mut next = charter.alliance.agreement.clone();
    next.duration_days += 30;
    let amend = CommandBody::CreateProposal(Box::new(CreateProposal {
        alliance: alliance(),
        scope: Scope::GovernanceParameters,
        title: "Extend the agreement by 30 days".into(),
        body: String::new(),
        actions: vec![Action::AmendAgreement { agreement: Box::new(next) }],
        voting: VotingType::Basic,
        choices: vec![],
        start: Timestamp(200),
        end: Timestamp(300),
        proposing_alliance: None,
    }));
    let votes = |engine: &mut Engine| {
        for c in [vote(4, 210, "1"), vote(5, 220, "1"), vote(6, 230, "2")] {
            engine.apply(&c).unwrap();
        }
    };
    let mut engine = engine_with(&charter, vec![cmd(dev(4), 100, amend.clone())]);
    votes(&mut engine);
    let p = &engine.state().governance[&alliance()].proposals[&1];
    let outcome = p.outcome(2500 * E18);
    assert!(outcome.approved, "1800 for against 600 passes the threshold overall");
    assert_eq!(outcome.communities_approved, Some(false));
    assert_eq!(state_at(&engine, 301), ProposalState::Defeated);
    // Without dual majority the same votes pass, and the amendment applies once executed.
    let charter = syndicate_charter(|t| t.replace("dual_majority = true", "dual_majority = false"));
    let mut engine = engine_with(&charter, vec![cmd(dev(4), 100, amend)]);
    votes(&mut engine);
    assert_eq!(state_at(&engine, 301), ProposalState::Succeeded);
    engine.apply(&pref(CommandBody::QueueProposal, 9, 301)).unwrap();
    engine.apply(&pref(CommandBody::ExecuteProposal, 9, 301 + 604_800)).unwrap();
    let days = engine.state().alliances[&alliance()].spec.agreement.duration_days;
    assert_eq!(days, charter.alliance.agreement.duration_days + 30);
}
