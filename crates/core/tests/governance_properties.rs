//! Governance invariants under random delegations, transfers and votes:
//! - the live tally equals a recount of the stored votes;
//! - each vote's weight equals an independent reference: own power at the
//!   snapshot plus the own power of delegators (at the snapshot) who did not
//!   vote themselves;
//! - delegated power is conserved: for each token, Σ votes = Σ own power.

use std::collections::BTreeMap;

use concord_core::Engine;
use concord_core::command::CommandBody;
use concord_core::governance::{CastVote, CreateProposal, Delegate, Scope, Tally, VotingType, weighted};
use concord_core::ledger::Transfer;
use concord_core::testing::cmd;
use concord_core::types::{Address, Amount, Bps, Timestamp, TokenId};
use proptest::prelude::*;

use crate::common::dev;
use crate::governance::{setup, syndicate_charter};

const VOTERS: [usize; 4] = [4, 5, 6, 7];

fn alliance() -> concord_core::AllianceId {
    "delegate-syndicate".parse().unwrap()
}

#[derive(Clone, Debug)]
enum Op {
    Transfer { from: usize, to: usize, token: bool, bps: u16 },
    Delegate { from: usize, to: usize },
    Vote { voter: usize, choice: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    let who = proptest::sample::select(VOTERS.to_vec());
    prop_oneof![
        (who.clone(), who.clone(), any::<bool>(), 1u16..=10_000)
            .prop_map(|(from, to, token, bps)| Op::Transfer { from, to, token, bps }),
        (who.clone(), who.clone()).prop_map(|(from, to)| Op::Delegate { from, to }),
        (who, 1u8..=3).prop_map(|(voter, choice)| Op::Vote { voter, choice }),
    ]
}

fn own(engine: &Engine, a: Address, at: u64) -> [u128; 2] {
    let l = &engine.state().ledger;
    [
        weighted(l.balance_at(a, "GOV".parse().unwrap(), Timestamp(at)), 18, Bps(10_000)),
        weighted(l.balance_at(a, "VOTE".parse().unwrap(), Timestamp(at)), 6, Bps(10_000)),
    ]
}

fn apply(engine: &mut Engine, delegates: &mut BTreeMap<usize, usize>, op: &Op, at: u64) {
    let body = match op {
        Op::Transfer { from, to, token, bps } => {
            let id: TokenId = if *token { "GOV" } else { "VOTE" }.parse().unwrap();
            let balance = engine.state().ledger.balance(dev(*from), id).0;
            let amount = balance * u128::from(*bps) / 10_000;
            CommandBody::Transfer(Transfer { token: id, to: dev(*to), amount: Amount(amount) })
        }
        Op::Delegate { to, .. } => {
            CommandBody::Delegate(Delegate { alliance: alliance(), to: Some(dev(*to)) })
        }
        Op::Vote { choice, .. } => CommandBody::CastVote(CastVote {
            alliance: alliance(),
            proposal: 1,
            choice: choice.to_string(),
            reason: String::new(),
        }),
    };
    let actor = match op {
        Op::Transfer { from, .. } | Op::Delegate { from, .. } => *from,
        Op::Vote { voter, .. } => *voter,
    };
    if engine.apply(&cmd(dev(actor), at, body)).is_ok()
        && let Op::Delegate { from, to } = op
    {
        delegates.insert(*from, *to);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn tallies_recount_and_power_is_conserved(
        before in proptest::collection::vec(op(), 0..12),
        during in proptest::collection::vec(op(), 0..24),
    ) {
        let charter = syndicate_charter(|t| t);
        let mut engine = Engine::genesis(&charter);
        for c in setup() {
            engine.apply(&c).unwrap();
        }
        // dev 7 starts with some GOV so it can take part.
        engine.apply(&cmd(dev(6), 25, CommandBody::Transfer(Transfer {
            token: "GOV".parse().unwrap(), to: dev(7), amount: Amount(50 * 1_000_000_000_000_000_000) }))).unwrap();
        let mut delegates = BTreeMap::new();
        for (i, op) in before.iter().filter(|o| !matches!(o, Op::Vote { .. })).enumerate() {
            apply(&mut engine, &mut delegates, op, 30 + i as u64);
        }
        let snapshot_delegates = delegates.clone();
        engine.apply(&cmd(dev(4), 100, CommandBody::CreateProposal(Box::new(CreateProposal {
            alliance: alliance(), scope: Scope::Signal, title: "t".into(), body: String::new(), actions: vec![],
            voting: VotingType::Basic, choices: vec![], start: Timestamp(200), end: Timestamp(400),
            proposing_alliance: None,
        })))).unwrap();
        for (i, op) in during.iter().enumerate() {
            apply(&mut engine, &mut delegates, op, 201 + i as u64);
        }

        let state = engine.state();
        let gov = &state.governance[&alliance()];
        let p = &gov.proposals[&1];
        // 1. The live tally equals a recount of the stored votes.
        let mut recount = Tally::new(3, 2);
        for record in p.votes.values() {
            recount.add(&record.ballot, &record.weight);
        }
        prop_assert_eq!(&recount, &p.tally);

        // 2. Each vote's weight matches the reference model at the snapshot.
        let delegate_of = |a: usize| snapshot_delegates.get(&a).copied().unwrap_or(a);
        for (voter_addr, record) in &p.votes {
            let v = VOTERS.iter().copied().find(|i| dev(*i) == *voter_addr).unwrap();
            let mut expected = own(&engine, dev(v), 200);
            // Own power counts for the voter only if it votes for itself or
            // voted directly (it did: it is in the votes).
            for d in VOTERS {
                if d != v && delegate_of(d) == v && !p.votes.contains_key(&dev(d)) {
                    let o = own(&engine, dev(d), 200);
                    expected = [expected[0] + o[0], expected[1] + o[1]];
                }
            }
            prop_assert_eq!(&record.weight.per_token, &expected.to_vec(), "voter dev {}", v);
            prop_assert_eq!(record.weight.total, expected[0] + expected[1]);
        }

        // 3. Delegated power is conserved, per token, now.
        let now = state.clock.0;
        for (k, token) in ["GOV", "VOTE"].iter().enumerate() {
            let token: TokenId = token.parse().unwrap();
            let votes: u128 = gov.power.votes.values().map(|m| m.get(&token).map_or(0, |h| h.latest().0)).sum();
            let accounts: Vec<Address> = state.ledger.balances.keys().copied().collect();
            let owned: u128 = accounts.iter().map(|a| own(&engine, *a, now)[k]).sum();
            prop_assert_eq!(votes, owned, "token {}", token);
        }
    }
}

fn ballot_for(voting: VotingType, seed: u64) -> String {
    // Four choices; the seed picks a valid ballot of the type.
    let a = (seed % 4) + 1;
    let b = ((seed / 4) % 4) + 1;
    match voting {
        VotingType::Basic => ((seed % 3) + 1).to_string(),
        VotingType::SingleChoice => a.to_string(),
        VotingType::Approval if a == b => format!("[{a}]"),
        VotingType::Approval => format!("[{a},{b}]"),
        VotingType::RankedChoice => {
            let mut ranking = vec![1, 2, 3, 4];
            ranking.rotate_left((seed % 4) as usize);
            if seed % 2 == 1 {
                ranking.swap(2, 3);
            }
            format!("{ranking:?}").replace(' ', "")
        }
        VotingType::Weighted | VotingType::Quadratic => {
            format!(r#"{{"{a}":{},"{}":{}}}"#, 1 + seed % 7, (a % 4) + 1, 1 + seed % 3)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every voting type: after any sequence of votes and re-votes, the live
    /// tally (and its final results) equal a recount of the stored votes.
    #[test]
    fn every_voting_type_recounts(
        kind in 0usize..6,
        votes in proptest::collection::vec((proptest::sample::select(VOTERS.to_vec()), any::<u64>()), 1..30),
    ) {
        let voting = [VotingType::Basic, VotingType::SingleChoice, VotingType::Approval,
                      VotingType::RankedChoice, VotingType::Weighted, VotingType::Quadratic][kind];
        let charter = syndicate_charter(|t| t);
        let mut engine = Engine::genesis(&charter);
        for c in setup() {
            engine.apply(&c).unwrap();
        }
        let choices = if voting == VotingType::Basic { vec![] } else { (1..=4).map(|i| format!("c{i}")).collect() };
        engine.apply(&cmd(dev(4), 100, CommandBody::CreateProposal(Box::new(CreateProposal {
            alliance: alliance(), scope: Scope::Signal, title: "t".into(), body: String::new(), actions: vec![],
            voting, choices, start: Timestamp(200), end: Timestamp(400), proposing_alliance: None,
        })))).unwrap();
        let mut accepted = 0usize;
        let mut voted = std::collections::BTreeSet::new();
        for (i, (voter, seed)) in votes.iter().enumerate() {
            let body = CommandBody::CastVote(CastVote {
                alliance: alliance(), proposal: 1, choice: ballot_for(voting, *seed), reason: String::new() });
            let result = engine.apply(&cmd(dev(*voter), 201 + i as u64, body));
            if *voter == 7 {
                // dev 7 holds nothing here: its vote is refused for having no power.
                prop_assert_eq!(result.expect_err("no power").code(), "zero_power");
            } else {
                // Every ballot is valid and the revote policy is `replace`: each is accepted.
                result.map_err(|e| TestCaseError::fail(format!("vote {i} by dev {voter}: {e}")))?;
                accepted += 1;
                voted.insert(dev(*voter));
            }
        }
        prop_assert_eq!(accepted, votes.iter().filter(|(v, _)| *v != 7).count());
        let p = &engine.state().governance[&alliance()].proposals[&1];
        // One stored vote (the latest) per distinct voter.
        prop_assert_eq!(p.votes.keys().copied().collect::<std::collections::BTreeSet<_>>(), voted.clone());
        prop_assert_eq!(p.tally.voters as usize, voted.len());
        let mut recount = Tally::new(p.choices.len(), 2);
        for record in p.votes.values() {
            recount.add(&record.ballot, &record.weight);
        }
        prop_assert_eq!(&recount, &p.tally);
        prop_assert_eq!(recount.results(voting), p.tally.results(voting));
        let total: u128 = p.votes.values().map(|r| r.weight.total).sum();
        prop_assert_eq!(p.tally.participation, total);
        if matches!(voting, VotingType::Weighted | VotingType::Quadratic) && total > 0 {
            // Splits and the quadratic scaling give out exactly the counted power.
            prop_assert_eq!(p.tally.results(voting).iter().sum::<u128>(), total);
        }
    }
}
