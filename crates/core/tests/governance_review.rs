//! Adversarial review of governance and the council: each test reproduces a
//! bug found in review (it failed before its fix).

use concord_core::command::CommandBody;
use concord_core::governance::{Action, CreateProposal, GovernanceError, Scope, ScopeRules, VotingType};
use concord_core::ledger::RecordDeposit;
use concord_core::query;
use concord_core::testing::{Scenario, cmd};
use concord_core::types::{AllianceId, Amount, B256, Bps, ChainId, Timestamp, TokenId};
use concord_core::{Engine, EngineError};

use crate::common::dev;
use crate::governance::{setup, syndicate_charter, vote};

fn alliance() -> AllianceId {
    "delegate-syndicate".parse().unwrap()
}

fn token(id: &str) -> TokenId {
    id.parse().unwrap()
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

fn proposal(scope: Scope, actions: Vec<Action>, voting: VotingType, choices: &[&str]) -> CommandBody {
    CommandBody::CreateProposal(Box::new(CreateProposal {
        alliance: alliance(),
        scope,
        title: "Review".into(),
        body: String::new(),
        actions,
        voting,
        choices: choices.iter().map(|c| (*c).to_owned()).collect(),
        start: Timestamp(200),
        end: Timestamp(300),
        proposing_alliance: None,
    }))
}

fn engine(extra: Vec<concord_core::Command>) -> Engine {
    let mut engine = Engine::genesis(&syndicate_charter(|t| t));
    for (i, c) in extra.into_iter().enumerate() {
        engine.apply(&c).unwrap_or_else(|e| panic!("setup command {i}: {e}"));
    }
    engine
}

/// `set-scope-rules` must reject what the charter check rejects: a
/// `sponsor_min_power_bps` above 10000 would make every sponsor ineligible
/// (power · 10000 > total · bps is impossible), closing the scope for good.
#[test]
fn set_scope_rules_rejects_a_sponsor_share_above_10000_bps() {
    let rules =
        ScopeRules { sponsor_approvals: 1, sponsor_min_power_bps: Bps(10_001), ..ScopeRules::default() };
    let create = cmd(
        dev(4),
        100,
        proposal(
            Scope::GovernanceParameters,
            vec![Action::SetScopeRules { scope: Scope::Signal, rules }],
            VotingType::Basic,
            &[],
        ),
    );
    let error = engine(setup()).apply(&create).unwrap_err();
    let EngineError::Governance(GovernanceError::InvalidAction { problems }) = &error else {
        panic!("expected invalid_action, got {error}");
    };
    assert_eq!(problems[0].path, "body.actions[0].rules.sponsor_min_power_bps");
}

/// Per-token power saturates at u128::MAX; summing one proposer's power over
/// two tokens must not overflow (overflow checks are on in release builds, so
/// this was a panic in the hub on a signed create-proposal).
#[test]
fn create_proposal_with_huge_power_in_two_tokens_saturates_the_proposer_s_power() {
    let mut e = engine(vec![
        deposit(1, "GOV", 1, 4, u128::MAX / 2 + 1),
        deposit(2, "VOTE", 10, 4, u128::MAX / 2 + 1),
    ]);
    let create = cmd(dev(4), 100, proposal(Scope::Signal, vec![], VotingType::Basic, &[]));
    e.apply(&create).unwrap();
    // By hand: GOV power 2^127 (18 decimals, weight 1); VOTE 2^127 · 1e12 (6 → 18
    // decimals) saturates at u128::MAX; their sum saturates too.
    let power = query::power(e.state(), &alliance(), 1, dev(4)).unwrap();
    assert_eq!(power.per_token[&token("GOV")], Amount(1 << 127));
    assert_eq!(power.per_token[&token("VOTE")], Amount(u128::MAX));
    assert_eq!(power.power, Amount(u128::MAX));
    assert_eq!(e.state().governance[&alliance()].proposals[&1].proposer, dev(4));
}

/// The same overflow in `approve-proposal`: a sponsor's power over two tokens.
#[test]
fn approving_with_huge_power_in_two_tokens_records_the_sponsor() {
    let charter = syndicate_charter(|t| {
        t + "\n[alliance.governance.scopes.signal]\nquorum_bps = 400\nthreshold_bps = 5000\n\
             timelock_secs = 0\nsponsor_approvals = 1\n"
    });
    let mut e = Engine::genesis(&charter);
    for c in [
        deposit(1, "GOV", 1, 5, u128::MAX / 2 + 1),
        deposit(2, "VOTE", 10, 5, u128::MAX / 2 + 1),
        cmd(dev(4), 100, proposal(Scope::Signal, vec![], VotingType::Basic, &[])),
    ] {
        e.apply(&c).unwrap();
    }
    let approve = cmd(
        dev(5),
        150,
        CommandBody::ApproveProposal(concord_core::governance::ApproveProposal {
            alliance: alliance(),
            proposal: 1,
        }),
    );
    e.apply(&approve).unwrap();
    let p = &e.state().governance[&alliance()].proposals[&1];
    assert_eq!(p.sponsors.iter().copied().collect::<Vec<_>>(), vec![dev(5)]);
    let view = query::proposal(e.state(), &alliance(), 1, None).unwrap();
    assert_eq!((view.summary.sponsors, view.summary.sponsors_needed), (1, 1));
}

/// Two voters whose power is near u128::MAX each: the running tally
/// (participation, scores) overflowed and panicked on the second vote. The
/// vote must be rejected and change nothing.
#[test]
fn a_vote_that_would_overflow_the_tally_is_rejected_not_a_panic() {
    let e = engine(vec![
        deposit(1, "VOTE", 10, 4, u128::MAX / 4),
        deposit(2, "VOTE", 10, 5, u128::MAX / 4),
        cmd(dev(4), 100, proposal(Scope::Signal, vec![], VotingType::Basic, &[])),
        vote(4, 210, "1"),
    ]);
    let error = EngineError::Governance(GovernanceError::Invalid {
        field: "actor".into(),
        rule: "the tally cannot count this much power".into(),
    });
    Scenario::from_engine(e).when(&vote(5, 220, "2")).then_error(&error);
}

/// Instant runoff compared `leader · 2 > total` in u128: a leader with more
/// than half of u128::MAX overflowed, so queueing (which reads the outcome)
/// panicked.
#[test]
fn ranked_choice_with_a_leader_above_half_of_u128_is_won_and_queued() {
    let mut e = engine(vec![
        deposit(1, "GOV", 1, 4, u128::MAX / 2 + 1),
        cmd(dev(4), 100, proposal(Scope::Signal, vec![], VotingType::RankedChoice, &["a", "b", "c"])),
        vote(4, 210, "[2, 1, 3]"),
    ]);
    let queue = cmd(
        dev(9),
        301,
        CommandBody::QueueProposal(concord_core::governance::ProposalRef {
            alliance: alliance(),
            proposal: 1,
        }),
    );
    e.apply(&queue).unwrap();
    // One voter ranks choice 2 first with all the power: it wins round one with
    // 2^127 of 2^127, and the signal is queued.
    let view = query::proposal(e.state(), &alliance(), 1, None).unwrap();
    let outcome = view.summary.outcome.expect("closed");
    assert_eq!(outcome.scores, vec![0, 1 << 127, 0]);
    assert_eq!(view.summary.tally.scores, vec![Amount(0), Amount(1 << 127), Amount(0)]);
    assert_eq!(serde_json::to_value(&view.summary.status).unwrap()["status"], "queued");
}

/// Quadratic scores computed `Q_i · total / ΣQ` on 256 bits, where
/// `Q_i · total` can exceed 2^256 (Q up to N · total): the product wrapped and
/// the scores came out wrong (or the remainder subtraction could panic).
/// Eight voters of power p: four on choice 1, three on choice 2, one on
/// choice 3: S = [4s, 3s, s], Q = [16s², 9s², s²], so score_2 = floor(9 · 8p /
/// 26), score_3 = floor(8p / 26) and choice 1 (largest Q) takes the rest.
#[test]
fn quadratic_scores_do_not_wrap_with_huge_power() {
    use concord_core::governance::{Ballot, Tally, Weight};
    let p = u128::MAX / 8;
    let w = Weight { total: p, per_token: vec![] };
    let mut t = Tally::new(3, 0);
    for choice in [0, 0, 0, 0, 1, 1, 1, 2] {
        t.add(&Ballot::Weights(vec![(choice, 1)]), &w);
    }
    let total = 8 * p;
    let (second, third) = (9 * (total / 26) + 9 * (total % 26) / 26, total / 26);
    assert_eq!(t.results(VotingType::Quadratic), vec![total - second - third, second, third]);
}

/// The reason is capped at 1,000 bytes so stored votes stay small, but the
/// choice text (stored verbatim with the vote) was not: JSON whitespace
/// padding let any voter store ~128 KiB per vote. It is capped too.
#[test]
fn a_padded_choice_is_rejected() {
    let e = engine(
        setup()
            .into_iter()
            .chain([cmd(dev(4), 100, proposal(Scope::Signal, vec![], VotingType::Basic, &[]))])
            .collect(),
    );
    let padded = format!("1{}", " ".repeat(100_000));
    let error = EngineError::Governance(GovernanceError::BadChoice {
        rule: "must be at most 4096 bytes, got 100001".into(),
    });
    Scenario::from_engine(e).when(&vote(4, 210, &padded)).then_error(&error);
}

/// Two council limits for the same token were accepted and the last one
/// silently won (the map is built from the list): a charter could show a
/// small limit and enforce a large one. The duplicate is rejected, naming it.
#[test]
fn a_council_limit_listed_twice_for_one_token_is_rejected() {
    let text = concord_core::charter::templates::template(
        concord_core::alliance::AllianceModel::GovernanceSyndicate,
    )
    .replace(
        "emergency_bps = 6667\n",
        "emergency_bps = 6667\nlimits = [{ token = \"GOV\", per_week = \"100\" }, \
             { token = \"GOV\", per_week = \"1000000\" }]\n",
    );
    let problems = concord_core::Charter::parse(&text).unwrap_err();
    assert!(problems.iter().any(|p| p.path == "alliance.council.limits[1].token"), "{problems:?}");
}

/// A proposal could start at `u64::MAX - 1`, parking it (and its snapshot)
/// forever; voting must start within 90 days of creation.
#[test]
fn a_proposal_must_start_within_ninety_days() {
    let e = engine(vec![deposit(1, "GOV", 1, 4, 1_000_000_000_000_000_000_000)]);
    let mut far = proposal(Scope::Signal, vec![], VotingType::Basic, &[]);
    if let CommandBody::CreateProposal(p) = &mut far {
        p.start = Timestamp(100 + 90 * 86_400 + 1);
        p.end = Timestamp(100 + 91 * 86_400);
    }
    let error = EngineError::Governance(GovernanceError::Invalid {
        field: "body.start".into(),
        rule: "must be within 7776000 seconds (90 days) of now 100, got 7776101".into(),
    });
    Scenario::from_engine(e.clone()).when(&cmd(dev(4), 100, far.clone())).then_error(&error);
    if let CommandBody::CreateProposal(p) = &mut far {
        p.start = Timestamp(100 + 90 * 86_400);
    }
    let mut ok = e;
    ok.apply(&cmd(dev(4), 100, far)).unwrap();
    assert_eq!(ok.state().governance[&alliance()].proposals[&1].start, Timestamp(7_776_100));
}

/// A reason over 1,000 bytes has its own code (it was `invalid_proposal`).
#[test]
fn a_vote_reason_over_1000_bytes_is_reason_too_long() {
    let e = engine(
        setup()
            .into_iter()
            .chain([cmd(dev(4), 100, proposal(Scope::Signal, vec![], VotingType::Basic, &[]))])
            .collect(),
    );
    let mut long = vote(4, 210, "1");
    if let CommandBody::CastVote(v) = &mut long.body {
        v.reason = "x".repeat(1_001);
    }
    let error = EngineError::Governance(GovernanceError::ReasonTooLong { max: 1_000, got: 1_001 });
    assert_eq!((error.code(), error.field()), ("reason_too_long", "body.reason"));
    Scenario::from_engine(e).when(&long).then_error(&error);
}
