//! Governance benchmark: the cost of one vote with 1,000 and with 1,000,000
//! voters (baseline: 1,000). Tallies are incremental, so the per-vote cost
//! must stay flat; what grows is only the O(log n) of the ordered maps.

use std::hint::black_box;
use std::time::Instant;

use concord_core::alliance::AllianceModel;
use concord_core::charter::templates::template;
use concord_core::command::CommandBody;
use concord_core::governance::{Ballot, CastVote, CreateProposal, Scope, Tally, VotingType, Weight};
use concord_core::keys::Key;
use concord_core::ledger::Mint;
use concord_core::testing::cmd;
use concord_core::{Address, Amount, Charter, Engine, Timestamp};

use super::bench::row;

/// The syndicate template with dev 0 as GOV minter, so the bench can fund voters.
fn charter() -> anyhow::Result<Charter> {
    let text = template(AllianceModel::GovernanceSyndicate).replacen(
        "role = \"member\"",
        "role = \"member\"\nminter = \"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\"",
        1,
    );
    Charter::parse(&text).map_err(|p| anyhow::anyhow!("bench charter: {p:?}"))
}

/// Total seconds for `voters` voters, each voting once on one proposal.
fn votes(voters: usize) -> anyhow::Result<f64> {
    let mut engine = Engine::genesis(&charter()?);
    let minter = Key::dev(0).address;
    let accounts: Vec<Address> = (0..voters).map(|i| Address::derived(&format!("voter:{i}"))).collect();
    for a in &accounts {
        let mint = CommandBody::Mint(Mint {
            token: "GOV".parse()?,
            to: *a,
            amount: Amount(1 + (a.as_bytes()[0] as u128)),
        });
        engine.apply(&cmd(minter, 1, mint))?;
    }
    let alliance: concord_core::AllianceId = "delegate-syndicate".parse()?;
    let proposal = CreateProposal {
        alliance: alliance.clone(),
        scope: Scope::Signal,
        title: "bench".into(),
        body: String::new(),
        actions: vec![],
        voting: VotingType::Basic,
        choices: vec![],
        start: Timestamp(10),
        end: Timestamp(1_000_000),
        proposing_alliance: None,
    };
    engine.apply(&cmd(minter, 2, CommandBody::CreateProposal(Box::new(proposal))))?;
    let commands: Vec<_> = accounts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let choice = ["1", "2", "3"][i % 3].to_owned();
            cmd(
                *a,
                11,
                CommandBody::CastVote(CastVote {
                    alliance: alliance.clone(),
                    proposal: 1,
                    choice,
                    reason: String::new(),
                }),
            )
        })
        .collect();
    let start = Instant::now();
    for c in &commands {
        black_box(engine.apply(c)?);
    }
    Ok(start.elapsed().as_secs_f64())
}

/// Total seconds for `voters` successive `Tally::add` calls.
fn tally_adds(voters: usize) -> f64 {
    let mut tally = Tally::new(3, 2);
    let ballots = [Ballot::One(0), Ballot::One(1), Ballot::One(2)];
    let weight = Weight {
        total: 1_000_000_000_000_000_000,
        per_token: vec![600_000_000_000_000_000, 400_000_000_000_000_000],
    };
    let start = Instant::now();
    for i in 0..voters {
        tally.add(&ballots[i % 3], black_box(&weight));
    }
    black_box(&tally);
    start.elapsed().as_secs_f64()
}

/// Runs the governance section for each voter count; the first is the baseline.
pub(crate) fn run(counts: &[usize]) -> anyhow::Result<()> {
    let Some((&first, rest)) = counts.split_first() else { anyhow::bail!("voters: give at least one count") };
    let base =
        row(&format!("baseline: cast-vote via Engine::apply, {first} voters"), first, votes(first)?, None);
    for &n in rest {
        row(&format!("cast-vote via Engine::apply, {n} voters"), n, votes(n)?, Some(base));
    }
    let base = row(
        &format!("baseline: Tally::add (basic, 2 communities), {first} votes"),
        first,
        tally_adds(first),
        None,
    );
    for &n in rest {
        row(&format!("Tally::add (basic, 2 communities), {n} votes"), n, tally_adds(n), Some(base));
    }
    Ok(())
}
