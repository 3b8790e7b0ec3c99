//! The sponsor gate, one-member-one-vote, and council treasury limits,
//! worked out by hand.

use concord_core::alliance::{AllianceModel, Member, MemberKind, MemberStatus, UtcOffset, treasury_address};
use concord_core::charter::templates::template;
use concord_core::command::CommandBody;
use concord_core::governance::council::{CouncilAction, CouncilError, CouncilPropose, CouncilTxRef};
use concord_core::governance::{
    Action, ApproveProposal, CastVote, CreateProposal, GovernanceError, ProposalRef, Scope, VotingType,
};
use concord_core::ledger::{RecordDeposit, Transfer};
use concord_core::testing::{Scenario, cmd};
use concord_core::types::{AllianceId, Amount, B256, ChainId, Timestamp};
use concord_core::{Charter, Engine, EngineError};

use crate::common::dev;
use crate::governance::{setup, syndicate_charter};

const E18: u128 = 1_000_000_000_000_000_000;

fn syndicate() -> AllianceId {
    "delegate-syndicate".parse().unwrap()
}

fn admit_dev9() -> concord_core::Command {
    let member = Member {
        account: dev(9),
        name: "Nine".into(),
        kind: MemberKind::Individual,
        status: MemberStatus::Candidate,
        roles: vec![],
        responsibilities: vec![],
        skills: vec![],
        timezone: UtcOffset { minutes: 60 },
        community: None,
        voucher: None,
    };
    cmd(
        dev(4),
        100,
        CommandBody::CreateProposal(Box::new(CreateProposal {
            alliance: syndicate(),
            scope: Scope::MemberAdmission,
            title: "Admit Nine".into(),
            body: String::new(),
            actions: vec![Action::AdmitMember { member: Box::new(member), candidate: None }],
            voting: VotingType::Basic,
            choices: vec![],
            start: Timestamp(200),
            end: Timestamp(300),
            proposing_alliance: Some(syndicate()),
        })),
    )
}

fn approve(sponsor: usize, at: u64) -> concord_core::Command {
    cmd(
        dev(sponsor),
        at,
        CommandBody::ApproveProposal(ApproveProposal { alliance: syndicate(), proposal: 1 }),
    )
}

fn vote(voter: usize, at: u64, choice: &str) -> concord_core::Command {
    cmd(
        dev(voter),
        at,
        CommandBody::CastVote(CastVote {
            alliance: syndicate(),
            proposal: 1,
            choice: choice.into(),
            reason: String::new(),
        }),
    )
}

fn gov(e: GovernanceError) -> EngineError {
    EngineError::Governance(e)
}

#[test]
fn voting_opens_only_after_enough_eligible_sponsors() {
    // member-admission needs 2 sponsors each holding > 25 bps of total power
    // (2500e18 → more than 6.25e18).
    let mut engine = Engine::genesis(&syndicate_charter(|t| t));
    for c in setup().into_iter().chain([admit_dev9()]) {
        engine.apply(&c).unwrap();
    }
    let s = |e: Engine| Scenario::from_engine(e);
    let not_eligible = |sponsor: usize, rule: &str| {
        gov(GovernanceError::SponsorNotEligible { id: 1, sponsor: dev(sponsor), rule: rule.into() })
    };
    let engine = s(engine)
        .when(&approve(4, 110))
        .then_error(&not_eligible(4, "the proposer cannot sponsor their own proposal"));
    // dev 2 is a member of the proposing alliance.
    let engine = s(engine).when(&approve(2, 110)).then_error(&not_eligible(
        2,
        "members of the proposing alliance `delegate-syndicate` cannot sponsor",
    ));
    // dev 7 holds nothing.
    let engine = s(engine).when(&approve(7, 110)).then_error(&not_eligible(
        7,
        &format!("holds 0 of {} voting power; sponsors need more than 25 bps", 2500 * E18),
    ));
    let mut engine = engine;
    engine.apply(&approve(5, 110)).unwrap();
    let engine = s(engine)
        .when(&approve(5, 111))
        .then_error(&gov(GovernanceError::AlreadyApproved { id: 1, sponsor: dev(5) }));
    // One sponsor: voting has not opened even after the start.
    let mut engine = s(engine)
        .when(&vote(5, 210, "1"))
        .then_error(&gov(GovernanceError::SponsorGateNotMet { id: 1, have: 1, need: 2 }));
    engine.apply(&approve(6, 211)).unwrap();
    let engine = s(engine).when(&approve(8, 212)).then_error(&gov(GovernanceError::NoSponsorNeeded {
        id: 1,
        rule: "already has all the sponsors it needs",
    }));
    let mut engine = engine;
    for c in [vote(4, 220, "1"), vote(6, 221, "1")] {
        engine.apply(&c).unwrap();
    }
    let pref = |body: fn(ProposalRef) -> CommandBody, at| {
        cmd(dev(9), at, body(ProposalRef { alliance: syndicate(), proposal: 1 }))
    };
    engine.apply(&pref(CommandBody::QueueProposal, 301)).unwrap();
    engine.apply(&pref(CommandBody::ExecuteProposal, 301 + 86_400)).unwrap();
    let nine = engine.state().alliances[&syndicate()].spec.member(dev(9)).unwrap().clone();
    assert_eq!(nine.status, MemberStatus::Member);
}

#[test]
fn one_member_one_vote() {
    // The mission template switched to the members model: dev 0, dev 4 and dev 5 each have one vote.
    let text = template(AllianceModel::Mission)
        .replace("decision_model = \"leader\"", "decision_model = \"members\"");
    let charter = Charter::parse(&text).unwrap();
    let alliance: AllianceId = "dev-tooling-alliance".parse().unwrap();
    let engine = Engine::genesis(&charter);
    let proposal = CreateProposal {
        alliance: alliance.clone(),
        scope: Scope::Signal,
        title: "Weekly call at 15:00 UTC?".into(),
        body: String::new(),
        actions: vec![],
        voting: VotingType::Basic,
        choices: vec![],
        start: Timestamp(10),
        end: Timestamp(20),
        proposing_alliance: None,
    };
    // Outsiders cannot propose.
    let mut engine = Scenario::from_engine(engine)
        .when(&cmd(dev(7), 5, CommandBody::CreateProposal(Box::new(proposal.clone()))))
        .then_error(&gov(GovernanceError::NotInElectorate {
            actor: dev(7),
            alliance: alliance.clone(),
            model: "members",
        }));
    engine.apply(&cmd(dev(4), 5, CommandBody::CreateProposal(Box::new(proposal)))).unwrap();
    let vote = |voter: usize, choice: &str| {
        cmd(
            dev(voter),
            11,
            CommandBody::CastVote(CastVote {
                alliance: alliance.clone(),
                proposal: 1,
                choice: choice.into(),
                reason: String::new(),
            }),
        )
    };
    for c in [vote(0, "1"), vote(4, "1"), vote(5, "2")] {
        engine.apply(&c).unwrap();
    }
    let engine = Scenario::from_engine(engine).when(&vote(7, "1")).then_error(&gov(
        GovernanceError::NotInElectorate { actor: dev(7), alliance: alliance.clone(), model: "members" },
    ));
    let p = &engine.state().governance[&alliance].proposals[&1];
    assert_eq!(p.tally.scores, vec![2, 1, 0]);
    // Quorum: ceil(4% of 3 members) = 1; 2 for > 50% of 3 → succeeded.
    let outcome = p.outcome(3);
    assert_eq!(outcome.quorum, 1);
    assert!(outcome.approved);
}

#[test]
fn council_treasury_transfers_stay_within_weekly_limits() {
    // liquidity-pool template: signers dev 2 and dev 3, threshold 2,
    // limits 50,000 GOV and 200,000 PLAY per week; ALLY has no limit.
    let text = template(AllianceModel::LiquidityPool);
    let charter = Charter::parse(text).unwrap();
    let alliance: AllianceId = "gov-play-pool".parse().unwrap();
    let treasury = treasury_address(&alliance);
    let mut engine = Engine::genesis(&charter);
    let fund = [
        cmd(
            dev(1),
            1,
            CommandBody::RecordDeposit(RecordDeposit {
                chain_id: ChainId(1),
                tx_hash: B256::repeat_byte(1),
                log_index: 0,
                token: "GOV".parse().unwrap(),
                to: dev(2),
                amount: Amount(100_000 * E18),
            }),
        ),
        cmd(
            dev(2),
            2,
            CommandBody::Transfer(Transfer {
                token: "GOV".parse().unwrap(),
                to: treasury,
                amount: Amount(100_000 * E18),
            }),
        ),
    ];
    for c in fund {
        engine.apply(&c).unwrap();
    }
    let pay = |amount: u128, token: &str| CouncilAction::TreasuryTransfer {
        token: token.parse().unwrap(),
        to: dev(8),
        amount: Amount(amount),
    };
    let mut nonce = 0;
    let mut run = |engine: &mut Engine, action: CouncilAction, at: u64| {
        nonce += 1;
        let tx = CouncilTxRef { alliance: alliance.clone(), nonce };
        engine
            .apply(&cmd(
                dev(2),
                at,
                CommandBody::CouncilPropose(CouncilPropose { alliance: alliance.clone(), action }),
            ))
            .unwrap();
        engine.apply(&cmd(dev(3), at, CommandBody::CouncilApprove(tx.clone()))).unwrap();
        (cmd(dev(3), at, CommandBody::CouncilExecute(tx)), nonce)
    };
    // Week 0 (t < 604800): 30,000 then 30,000 more would be 60,000 > 50,000.
    let (exec, _) = run(&mut engine, pay(30_000 * E18, "GOV"), 100);
    engine.apply(&exec).unwrap();
    let (exec, _) = run(&mut engine, pay(30_000 * E18, "GOV"), 200);
    let engine = Scenario::from_engine(engine).when(&exec).then_error(&EngineError::Council(
        CouncilError::OverLimit {
            token: "GOV".parse().unwrap(),
            limit: Amount(50_000 * E18),
            spent: Amount(30_000 * E18),
            amount: Amount(30_000 * E18),
        },
    ));
    // Next week the same transaction goes through.
    let mut engine = engine;
    let next_week = cmd(
        dev(3),
        604_800,
        match exec.body {
            CommandBody::CouncilExecute(tx) => CommandBody::CouncilExecute(tx),
            _ => unreachable!(),
        },
    );
    engine.apply(&next_week).unwrap();
    assert_eq!(engine.state().ledger.balance(dev(8), "GOV".parse().unwrap()), Amount(60_000 * E18));
    assert_eq!(engine.state().ledger.balance(treasury, "GOV".parse().unwrap()), Amount(40_000 * E18));
    // ALLY has no council limit: it cannot leave by council transaction.
    let (exec, _) = run(&mut engine, pay(1, "ALLY"), 604_900);
    Scenario::from_engine(engine)
        .when(&exec)
        .then_error(&EngineError::Council(CouncilError::NoLimit { token: "ALLY".parse().unwrap() }));
}

#[test]
fn vote_escrow_power_counts_for_its_holder_and_in_the_quorum_base() {
    use crate::escrow::{MAXTIME, W, alice, create_escrow, lock};
    // The liquidity-pool template switched to token-weighted voting with GOV
    // (weight 10000) and ve power (weight 10000). alice (dev 5) locks
    // 1000 · MAXTIME ALLY until 30W at 10W: slope 1000, so at the snapshot
    // s = 10W + 100 her ve power is 1000 · (20W − 100). dev 6 holds 500 GOV.
    let text = template(AllianceModel::LiquidityPool)
        .replace("decision_model = \"council\"", "decision_model = \"token-weighted\"")
        .replace(
            "[alliance.mission]",
            "[alliance.governance]\nve_weight_bps = 10000\n\n[[alliance.governance.weights]]\ntoken = \"GOV\"\nweight_bps = 10000\n\n[alliance.mission]",
        );
    let charter = Charter::parse(&text).unwrap();
    let alliance: AllianceId = "gov-play-pool".parse().unwrap();
    let mut engine = Engine::genesis(&charter);
    let setup = [
        cmd(
            dev(0),
            1,
            CommandBody::CreateEscrow(match create_escrow() {
                CommandBody::CreateEscrow(c) => c,
                _ => unreachable!(),
            }),
        ),
        cmd(dev(0), 1, crate::common::mint("ALLY", alice(), 1000 * MAXTIME)),
        cmd(
            dev(1),
            1,
            CommandBody::RecordDeposit(RecordDeposit {
                chain_id: ChainId(1),
                tx_hash: B256::repeat_byte(7),
                log_index: 0,
                token: "GOV".parse().unwrap(),
                to: dev(6),
                amount: Amount(500 * E18),
            }),
        ),
        cmd(alice(), 10 * W, lock(1000 * MAXTIME, 30 * W)),
    ];
    for c in setup {
        engine.apply(&c).unwrap_or_else(|e| panic!("{}: {e}", c.body.kind()));
    }
    let start = 10 * W + 100;
    let proposal = CreateProposal {
        alliance: alliance.clone(),
        scope: Scope::Signal,
        title: "ve counts".into(),
        body: String::new(),
        actions: vec![],
        voting: VotingType::Basic,
        choices: vec![],
        start: Timestamp(start),
        end: Timestamp(start + 1000),
        proposing_alliance: None,
    };
    engine.apply(&cmd(dev(6), 10 * W + 50, CommandBody::CreateProposal(Box::new(proposal)))).unwrap();
    let vote = |voter, choice: &str| {
        cmd(
            voter,
            start + 10,
            CommandBody::CastVote(CastVote {
                alliance: alliance.clone(),
                proposal: 1,
                choice: choice.into(),
                reason: String::new(),
            }),
        )
    };
    let ve = 1000 * u128::from(20 * W - 100);
    let events = engine.apply(&vote(alice(), "1")).unwrap();
    assert!(matches!(&events[0], concord_core::Event::VoteCast(v) if v.weight == ve));
    let events = engine.apply(&vote(dev(6), "2")).unwrap();
    assert!(matches!(&events[0], concord_core::Event::VoteCast(v) if v.weight == 500 * E18));
    let state = engine.state();
    let a = &state.alliances[&alliance];
    let p = &state.governance[&alliance].proposals[&1];
    // Total power at s: 500 GOV (the only GOV) + the only lock's ve power.
    assert_eq!(state.power_sources().total_power(a, p), 500 * E18 + ve);
    // Ve power belongs to no community: the GOV community saw only dev 6's vote.
    assert_eq!(p.tally.communities, vec![[0, 500 * E18, 0]]);
}

#[test]
fn the_sponsor_gate_opens_under_one_member_one_vote() {
    // The mission template under the members model (dev 0, 4, 5), with signal
    // proposals needing 1 sponsor holding more than 25 bps: each member holds
    // 1 of 3 votes (3333 bps), an outsider none.
    let text = template(AllianceModel::Mission)
        .replace("decision_model = \"leader\"", "decision_model = \"members\"")
        .replace(
            "[alliance.mission]",
            "[alliance.governance.scopes.signal]\nsponsor_approvals = 1\n\n[alliance.mission]",
        );
    let charter = Charter::parse(&text).unwrap();
    let alliance: AllianceId = "dev-tooling-alliance".parse().unwrap();
    let mut engine = Engine::genesis(&charter);
    let proposal = CreateProposal {
        alliance: alliance.clone(),
        scope: Scope::Signal,
        title: "Ship the SDK beta?".into(),
        body: String::new(),
        actions: vec![],
        voting: VotingType::Basic,
        choices: vec![],
        start: Timestamp(10),
        end: Timestamp(20),
        proposing_alliance: None,
    };
    engine.apply(&cmd(dev(4), 5, CommandBody::CreateProposal(Box::new(proposal)))).unwrap();
    let approve = |who: usize| {
        cmd(
            dev(who),
            6,
            CommandBody::ApproveProposal(ApproveProposal { alliance: alliance.clone(), proposal: 1 }),
        )
    };
    let engine = Scenario::from_engine(engine).when(&approve(7)).then_error(&gov(
        GovernanceError::SponsorNotEligible {
            id: 1,
            sponsor: dev(7),
            rule: "holds 0 of 3 voting power; sponsors need more than 25 bps".into(),
        },
    ));
    let mut engine = engine;
    engine.apply(&approve(5)).unwrap();
    let vote =
        CastVote { alliance: alliance.clone(), proposal: 1, choice: "1".into(), reason: String::new() };
    engine.apply(&cmd(dev(0), 11, CommandBody::CastVote(vote))).unwrap();
}

#[test]
fn a_removed_signers_pending_approvals_do_not_come_back() {
    use concord_core::governance::council::{CouncilAction, CouncilPropose, CouncilTxRef};
    // Syndicate council: dev 0, 2, 3, threshold 2. dev 2 approves a pause
    // (tx 1, proposed by dev 0); the council removes dev 2 (tx 2) and adds it
    // back (tx 3). Tx 1 must count only dev 0's approval again.
    let mut engine = Engine::genesis(&syndicate_charter(|t| t));
    let a = syndicate();
    let propose = |who: usize, at: u64, action: CouncilAction| {
        cmd(dev(who), at, CommandBody::CouncilPropose(CouncilPropose { alliance: a.clone(), action }))
    };
    let tx = |n| CouncilTxRef { alliance: a.clone(), nonce: n };
    let steps = [
        propose(0, 10, CouncilAction::Pause),
        cmd(dev(2), 11, CommandBody::CouncilApprove(tx(1))),
        propose(0, 12, CouncilAction::RemoveSigner { account: dev(2) }),
        cmd(dev(3), 13, CommandBody::CouncilApprove(tx(2))),
        cmd(dev(3), 14, CommandBody::CouncilExecute(tx(2))),
        propose(0, 15, CouncilAction::AddSigner { account: dev(2) }),
        cmd(dev(3), 16, CommandBody::CouncilApprove(tx(3))),
        cmd(dev(3), 17, CommandBody::CouncilExecute(tx(3))),
    ];
    for c in steps {
        engine.apply(&c).unwrap_or_else(|e| panic!("{}: {e}", c.body.kind()));
    }
    let council = engine.state().governance[&a].council.as_ref().unwrap();
    assert!(council.signers.contains(&dev(2)));
    assert_eq!(council.counted(&council.txs[&1]), 1);
    Scenario::from_engine(engine)
        .when(&cmd(dev(0), 18, CommandBody::CouncilExecute(tx(1))))
        .then_error(&EngineError::Council(CouncilError::NotEnoughApprovals { nonce: 1, have: 1, need: 2 }));
}
