//! Missions benchmark: the budget vote's live allocation preview (the read a
//! voter makes before signing) with 100 competing proposals and 10,000
//! ballots, against the floor of summing the same approvals into a vector;
//! and a cast ballot through `Engine::apply`, whose tally is the same loop.
//! The team's release split for 16 members with absences and reductions,
//! against the fee split's floor division alone.

use std::hint::black_box;
use std::time::Instant;

use concord_core::alliance::{AllianceModel, DecisionModel};
use concord_core::charter::templates::template;
use concord_core::command::CommandBody;
use concord_core::keys::Key;
use concord_core::ledger::Mint;
use concord_core::mission::{
    Absence, Adjustment, ApproveMission, CastBudgetBallot, CreateCollective, IntentSpec, Milestone,
    OpenSeason, Overflow, ProposeMission, RewardPlan, RewardSplit, TeamBook, split_release, tally,
};
use concord_core::split::{Share, split_floor};
use concord_core::testing::cmd;
use concord_core::{Address, AllianceId, Amount, Bps, Charter, Engine, Timestamp};

use super::bench::row;

const E18: u128 = 1_000_000_000_000_000_000;

/// The syndicate template with dev 0 as GOV minter.
fn charter() -> anyhow::Result<Charter> {
    let text = template(AllianceModel::GovernanceSyndicate).replacen(
        "role = \"member\"",
        "role = \"member\"\nminter = \"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\"",
        1,
    );
    Charter::parse(&text).map_err(|p| anyhow::anyhow!("bench charter: {p:?}"))
}

/// A collective with `proposals` sponsored missions under one intent and
/// `voters` ballots, each approving 10 of them.
fn season(proposals: usize, voters: usize) -> anyhow::Result<(Engine, Vec<CastBudgetBallot>)> {
    let mut e = Engine::genesis(&charter()?);
    let minter = Key::dev(0).address;
    let collective: AllianceId = "delegate-syndicate".parse()?;
    let gov = "GOV".parse()?;
    let mint =
        |to: Address, whole: u128| CommandBody::Mint(Mint { token: gov, to, amount: Amount(whole * E18) });
    let sponsors: Vec<Address> = (0..4).map(|i| Address::derived(&format!("sponsor:{i}"))).collect();
    let voters: Vec<Address> = (0..voters).map(|i| Address::derived(&format!("voter:{i}"))).collect();
    e.apply(&cmd(minter, 1, mint(concord_core::alliance::treasury_address(&collective), 10_000_000)))?;
    for a in &sponsors {
        e.apply(&cmd(minter, 1, mint(*a, 100_000)))?;
    }
    for a in &voters {
        e.apply(&cmd(minter, 1, mint(*a, 1_000)))?;
    }
    e.apply(&cmd(
        minter,
        2,
        CommandBody::CreateCollective(Box::new(CreateCollective {
            alliance: collective.clone(),
            token: gov,
            tiers: None,
            sponsor_approvals: 4,
            sponsor_min_power_bps: Bps(1),
            quorum: Amount(1_000 * E18),
            approval_threshold_bps: Bps(5_100),
            overflow: Overflow::Skip,
            lockup_secs: 365 * 86_400,
            attestors: vec![],
        })),
    ))?;
    e.apply(&cmd(
        minter,
        3,
        CommandBody::OpenSeason(OpenSeason {
            collective: collective.clone(),
            season: 1,
            intents: vec![IntentSpec {
                id: "grow".parse()?,
                title: "Grow".into(),
                budget: Amount(5_000_000 * E18),
            }],
            vote_start: Timestamp(1_000),
            vote_end: Timestamp(2_000),
            votable_supply: None,
        }),
    ))?;
    let base = charter()?.alliance;
    for i in 0..proposals {
        let lead = Address::derived(&format!("lead:{i}"));
        let mut spec = base.clone();
        spec.id = format!("team-{i}").parse()?;
        spec.leader = lead;
        spec.members.truncate(1);
        spec.members[0].account = lead;
        spec.council = None;
        spec.agreement.commitments.clear();
        spec.decision_model = DecisionModel::Leader;
        e.apply(&cmd(lead, 6, CommandBody::CreateAlliance(Box::new(spec))))?;
        e.apply(&cmd(
            lead,
            6,
            CommandBody::ProposeMission(Box::new(ProposeMission {
                collective: collective.clone(),
                alliance: format!("team-{i}").parse()?,
                season: 1,
                intent: "grow".parse()?,
                rfp: None,
                title: format!("mission {i}"),
                deliverables: vec!["a thing".into()],
                milestones: vec![Milestone {
                    title: "all".into(),
                    due: Timestamp(100_000),
                    critical: true,
                    share_bps: Bps(10_000),
                }],
                requested: Amount((10_000 + 397 * i as u128) * E18),
                impact: "more builders".into(),
                plan: None,
                stream: false,
            })),
        ))?;
        for s in &sponsors {
            let approve = ApproveMission { collective: collective.clone(), mission: i as u64 + 1 };
            e.apply(&cmd(*s, 6, CommandBody::ApproveMission(approve)))?;
        }
    }
    let ballots = voters
        .iter()
        .enumerate()
        .map(|(v, _)| CastBudgetBallot {
            collective: collective.clone(),
            season: 1,
            intent: "grow".parse().expect("a valid id"),
            approve: (0..10)
                .map(|k| ((v * 7 + k * 13) % proposals) as u64 + 1)
                .collect::<std::collections::BTreeSet<u64>>()
                .into_iter()
                .collect(),
        })
        .collect();
    Ok((e, ballots))
}

pub(crate) fn run(proposals: usize, voters: usize) -> anyhow::Result<()> {
    let (mut e, ballots) = season(proposals, voters)?;
    let voter = |i: usize| Address::derived(&format!("voter:{i}"));
    let start = Instant::now();
    for (i, b) in ballots.iter().enumerate() {
        e.apply(&cmd(voter(i), 1_100, CommandBody::CastBudgetBallot(b.clone())))?;
    }
    let cast = start.elapsed().as_secs_f64();
    let collective: AllianceId = "delegate-syndicate".parse()?;
    let c = &e.state().missions.collectives[&collective];
    let stored = &c.ballots[&(1, "grow".parse()?)];
    // Baseline: the approvals summed into a vector, the least any tally does.
    let reps = 200;
    let start = Instant::now();
    for _ in 0..reps {
        let mut sums = vec![0u128; proposals + 1];
        for b in stored.values() {
            for id in &b.approve {
                sums[*id as usize] += b.power;
            }
        }
        black_box(&sums);
    }
    let baseline = row(
        &format!("baseline: sum {voters} ballots' approvals ({proposals} missions)"),
        reps,
        start.elapsed().as_secs_f64(),
        None,
    );
    let start = Instant::now();
    for _ in 0..reps {
        black_box(tally(c, 1, &"grow".parse()?, None));
    }
    row("budget-preview: tally, rank, allocate (skip)", reps, start.elapsed().as_secs_f64(), Some(baseline));
    row(&format!("cast-budget-ballot via Engine::apply ({voters} ballots)"), voters, cast, None);

    // The release split: 16 members, a third absent half the epoch, a quarter reduced.
    let members: Vec<Address> = (0..16).map(|i| Address::derived(&format!("member:{i}"))).collect();
    let shares: Vec<Share> = members.iter().map(|m| Share { recipient: *m, bps: Bps(625) }).collect();
    let plan = RewardPlan { split: RewardSplit::Fixed { shares }, dust_to: members[0], vesting: None };
    let mut book = TeamBook { epoch_start: Timestamp(0), ..TeamBook::default() };
    for (i, m) in members.iter().enumerate() {
        if i % 3 == 1 {
            book.absences.insert(*m, Absence { since: Timestamp(5_000), until: None, reason: "sick".into() });
        }
        if i % 4 == 2 {
            book.adjustments.insert(*m, Adjustment { keep_bps: Bps(5_000), reason: "less".into() });
        }
    }
    let n = 200_000;
    let weights = vec![625u128; 16];
    let start = Instant::now();
    for i in 0..n {
        black_box(split_floor(Amount(1_000_000 * E18 + i as u128), &weights));
    }
    let floor = row("baseline: split_floor, 16 weights", n, start.elapsed().as_secs_f64(), None);
    let start = Instant::now();
    for i in 0..n {
        black_box(split_release(
            &plan,
            &book,
            &members,
            members[0],
            Amount(1_000_000 * E18 + i as u128),
            Timestamp(10_000),
        ));
    }
    row("split_release: 16 members, absences and reductions", n, start.elapsed().as_secs_f64(), Some(floor));
    Ok(())
}
