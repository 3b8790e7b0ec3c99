//! Missions for a collective, end to end on the engine: a season with two
//! intents, competing mission proposals, the sponsor gate, the budget vote
//! (checked by hand with `skip` and `stop`), grants released by milestone
//! under a lock-up, and a clawback. Every expected value is worked out here.

use concord_core::alliance::AllianceModel;
use concord_core::charter::templates::template;
use concord_core::command::{CommandBody, Event};
use concord_core::error::EngineError;
use concord_core::ledger::RecordDeposit;
use concord_core::mission::*;
use concord_core::testing::{Scenario, cmd};
use concord_core::types::{Address, AllianceId, Amount, B256, Bps, ChainId, IntentId, Timestamp};
use concord_core::{Charter, Engine};

use crate::common::dev;

pub(crate) const E18: u128 = 1_000_000_000_000_000_000;

pub(crate) fn id(s: &str) -> AllianceId {
    s.parse().unwrap()
}

pub(crate) fn intent(s: &str) -> IntentId {
    s.parse().unwrap()
}

pub(crate) fn collective() -> AllianceId {
    id("delegate-syndicate")
}

pub(crate) fn leader(i: u8) -> Address {
    Address::derived(&format!("team-leader-{i}"))
}

fn deposit(n: u8, to: Address, whole: u128) -> CommandBody {
    CommandBody::RecordDeposit(RecordDeposit {
        chain_id: ChainId(1),
        tx_hash: B256::repeat_byte(n),
        log_index: 0,
        token: "GOV".parse().unwrap(),
        to,
        amount: Amount(whole * E18 / 10),
    })
}

/// A team alliance led by `lead` (the syndicate template's spec, one member).
pub(crate) fn team(name: &str, lead: Address) -> CommandBody {
    let mut spec = Charter::parse(template(AllianceModel::GovernanceSyndicate)).unwrap().alliance;
    spec.id = id(name);
    spec.name = format!("Team {name}");
    spec.leader = lead;
    spec.members.truncate(1);
    spec.members[0].account = lead;
    spec.council = None;
    spec.agreement.commitments.clear();
    spec.decision_model = concord_core::alliance::DecisionModel::Leader;
    CommandBody::CreateAlliance(Box::new(spec))
}

pub(crate) fn milestones(due: u64) -> Vec<Milestone> {
    vec![
        Milestone { title: "design".into(), due: Timestamp(due), critical: false, share_bps: Bps(5_000) },
        Milestone {
            title: "ship".into(),
            due: Timestamp(due + 1_000),
            critical: true,
            share_bps: Bps(5_000),
        },
    ]
}

pub(crate) fn propose(team: &str, intent_id: &str, whole: u128) -> CommandBody {
    CommandBody::ProposeMission(Box::new(ProposeMission {
        collective: collective(),
        alliance: id(team),
        season: 1,
        intent: intent(intent_id),
        rfp: None,
        title: format!("{team} mission"),
        deliverables: vec!["a working thing".into()],
        milestones: milestones(30_000),
        requested: Amount(whole * E18),
        impact: "more developers".into(),
        plan: None,
        stream: false,
    }))
}

pub(crate) fn approve(mission: u64) -> CommandBody {
    CommandBody::ApproveMission(ApproveMission { collective: collective(), mission })
}

fn ballot(approve: &[u64]) -> CommandBody {
    CommandBody::CastBudgetBallot(CastBudgetBallot {
        collective: collective(),
        season: 1,
        intent: intent("grow"),
        approve: approve.to_vec(),
    })
}

/// Delegates dev 2–5 hold 100 GOV each (71 bps of the 1400.1 GOV of power), dev 6
/// holds 0.1 GOV (under 0.25 %), the collective's treasury holds 1000 GOV.
/// Quorum 200 GOV at 51 %: a mission needs ⌈102⌉ GOV of approvals.
pub(crate) fn world(overflow: Overflow) -> Engine {
    let charter = Charter::parse(template(AllianceModel::GovernanceSyndicate)).unwrap();
    let mut e = Engine::genesis(&charter);
    let treasury = concord_core::alliance::treasury_address(&collective());
    let mut setup = vec![
        cmd(dev(1), 1_000, deposit(1, dev(2), 1_000)),
        cmd(dev(1), 1_000, deposit(2, dev(3), 1_000)),
        cmd(dev(1), 1_000, deposit(3, dev(4), 1_000)),
        cmd(dev(1), 1_000, deposit(4, dev(5), 1_000)),
        cmd(dev(1), 1_000, deposit(5, dev(6), 1)),
        cmd(dev(1), 1_000, deposit(6, treasury, 10_000)),
        cmd(
            dev(0),
            1_100,
            CommandBody::CreateCollective(Box::new(CreateCollective {
                alliance: collective(),
                token: "GOV".parse().unwrap(),
                tiers: None,
                sponsor_approvals: 4,
                sponsor_min_power_bps: Bps(25),
                quorum: Amount(200 * E18),
                approval_threshold_bps: Bps(5_100),
                overflow,
                lockup_secs: 365 * 86_400,
                attestors: vec![dev(9)],
            })),
        ),
        cmd(
            dev(0),
            2_000,
            CommandBody::OpenSeason(OpenSeason {
                collective: collective(),
                season: 1,
                intents: vec![
                    IntentSpec {
                        id: intent("grow"),
                        title: "Grow developers".into(),
                        budget: Amount(500 * E18),
                    },
                    IntentSpec { id: intent("docs"), title: "Better docs".into(), budget: Amount(200 * E18) },
                ],
                vote_start: Timestamp(10_000),
                vote_end: Timestamp(20_000),
                votable_supply: None,
            }),
        ),
    ];
    for (i, name) in ["team-a", "team-b", "team-c", "team-d"].iter().enumerate() {
        let lead = leader(i as u8);
        setup.push(cmd(lead, 2_100, team(name, lead)));
    }
    // Missions 1–4 under `grow`: A asks 300, B 250, C 150, D 100.
    for (i, (name, ask)) in
        [("team-a", 300), ("team-b", 250), ("team-c", 150), ("team-d", 100)].iter().enumerate()
    {
        setup.push(cmd(leader(i as u8), 3_000, propose(name, "grow", *ask)));
    }
    for mission in 1..=4 {
        for sponsor in 2..=5 {
            setup.push(cmd(dev(sponsor), 4_000, approve(mission)));
        }
    }
    for c in setup {
        e.apply(&c).unwrap_or_else(|err| panic!("setup {}: {err}", c.body.kind()));
    }
    e
}

/// Closes the `grow` vote after its window (anyone may).
fn close_grow(e: &mut Engine) -> Vec<Event> {
    e.apply(&cmd(
        dev(7),
        20_001,
        CommandBody::CloseBudgetVote(CloseBudgetVote {
            collective: collective(),
            season: 1,
            intent: intent("grow"),
        }),
    ))
    .unwrap()
}

fn missions(e: &Engine) -> &Collective {
    &e.state().missions.collectives[&collective()]
}

/// Ballots: dev 2 [A, B], dev 3 [A, C], dev 4 [B, C, D], dev 5 [A].
/// Approvals: A 300, B 200, C 200, D 100 (< 102: below). Rank A, B, C (B before C: lower id).
fn vote(e: &mut Engine) {
    for (who, approve) in [(2, vec![1, 2]), (3, vec![1, 3]), (4, vec![2, 3, 4]), (5, vec![1])] {
        e.apply(&cmd(dev(who), 12_000, ballot(&approve))).unwrap();
    }
}

#[test]
fn the_budget_vote_funds_by_rank_with_skip_and_the_preview_matches_the_close() {
    let mut e = world(Overflow::Skip);
    vote(&mut e);
    // Budget 500: A 300 funded (200 left); B 250 > 200 skipped; C 150 funded (50 left).
    let preview = tally(missions(&e), 1, &intent("grow"), None);
    let verdicts: Vec<(u64, Verdict)> = preview.ranked.iter().map(|r| (r.id, r.verdict)).collect();
    assert_eq!(
        verdicts,
        vec![
            (1, Verdict::Funded),
            (2, Verdict::OverBudget),
            (3, Verdict::Funded),
            (4, Verdict::BelowThreshold)
        ]
    );
    assert_eq!((preview.funded, preview.leftover), (Amount(450 * E18), Amount(50 * E18)));
    assert_eq!(preview.needed, 102 * E18);
    // A voter previews their own change before signing: dev 5 adding B gives B 300, ranked with A.
    let mut with_b = std::collections::BTreeSet::new();
    with_b.extend([1u64, 2]);
    let what_if = tally(missions(&e), 1, &intent("grow"), Some((dev(5), &with_b, 100 * E18)));
    assert_eq!(what_if.ranked[0].approvals, 300 * E18);
    assert_eq!(what_if.ranked[1].id, 2);
    assert_eq!(what_if.ranked[1].verdict, Verdict::OverBudget, "A 300 then B 250 > 200 left");

    let events = close_grow(&mut e);
    let Some(Event::BudgetVoteClosed(closed)) = events.last() else { panic!("{events:?}") };
    assert_eq!(closed.allocation, preview, "the final allocation is the preview once ballots stop changing");
    let grant_account = concord_core::mission::grant_account(&collective());
    assert_eq!(e.state().ledger.balance(grant_account, "GOV".parse().unwrap()), Amount(450 * E18));
    let treasury = concord_core::alliance::treasury_address(&collective());
    assert_eq!(e.state().ledger.balance(treasury, "GOV".parse().unwrap()), Amount(550 * E18));
    assert_eq!(missions(&e).missions[&2].status, MissionStatus::NotFunded);
    assert_eq!(missions(&e).grants.keys().copied().collect::<Vec<_>>(), vec![1, 3]);
}

#[test]
fn stop_ends_the_allocation_at_the_first_proposal_over_budget() {
    let mut e = world(Overflow::Stop);
    vote(&mut e);
    // A 300 funded (200 left); B 250 > 200 ends it: C is stopped; 200 returns to the fund.
    let a = tally(missions(&e), 1, &intent("grow"), None);
    let verdicts: Vec<(u64, Verdict)> = a.ranked.iter().map(|r| (r.id, r.verdict)).collect();
    assert_eq!(
        verdicts,
        vec![
            (1, Verdict::Funded),
            (2, Verdict::Stopped),
            (3, Verdict::Stopped),
            (4, Verdict::BelowThreshold)
        ]
    );
    assert_eq!((a.funded, a.leftover), (Amount(300 * E18), Amount(200 * E18)));
}

#[test]
fn the_sponsor_gate_refuses_small_holders_team_members_duplicates_and_late_approvals() {
    let mut e = world(Overflow::Skip);
    // Mission 5 under `docs` by team A, approved by nobody yet.
    e.apply(&cmd(leader(0), 5_000, propose("team-a", "docs", 50))).unwrap();
    // Total power is all 1400.1 GOV (the treasury's 1000 count too): dev 6's 0.1 is 0.7 bps ≤ 25 bps.
    let small = EngineError::Mission(MissionError::SponsorNotEligible {
        rule: format!(
            "holds {} of {} voting power; sponsors need more than 25 bps",
            E18 / 10,
            14_001 * E18 / 10
        ),
    });
    Scenario::from_engine(e.clone()).when(&cmd(dev(6), 5_100, approve(5))).then_error(&small);
    // The proposing team's own leader cannot approve.
    let own = EngineError::Mission(MissionError::SponsorNotEligible {
        rule: "members of the proposing alliance `team-a` cannot approve".into(),
    });
    Scenario::from_engine(e.clone()).when(&cmd(leader(0), 5_100, approve(5))).then_error(&own);
    e.apply(&cmd(dev(2), 5_200, approve(5))).unwrap();
    let twice = EngineError::Mission(MissionError::AlreadyApproved { mission: 5 });
    Scenario::from_engine(e.clone()).when(&cmd(dev(2), 5_300, approve(5))).then_error(&twice);
    let late = EngineError::Mission(MissionError::WrongPhase {
        field: "body.mission",
        rule: "approvals closed when the budget vote opened at 10000".into(),
    });
    Scenario::from_engine(e).when(&cmd(dev(3), 10_000, approve(5))).then_error(&late);
}

#[test]
fn a_season_with_a_set_votable_supply_measures_sponsors_against_it() {
    let mut e = world(Overflow::Skip);
    // Season 2 sets a votable supply of 50 000 GOV: dev 2's 100 GOV is 20 bps, not more than 25.
    let season = OpenSeason {
        collective: collective(),
        season: 2,
        intents: vec![IntentSpec { id: intent("reach"), title: "Reach".into(), budget: Amount(100 * E18) }],
        vote_start: Timestamp(30_000),
        vote_end: Timestamp(40_000),
        votable_supply: Some(Amount(50_000 * E18)),
    };
    let zero = OpenSeason { season: 3, votable_supply: Some(Amount::ZERO), ..season.clone() };
    Scenario::from_engine(e.clone()).when(&cmd(dev(0), 5_000, CommandBody::OpenSeason(zero))).then_error(
        &EngineError::Mission(MissionError::Invalid {
            field: "body.votable_supply",
            rule: "must be greater than zero".into(),
        }),
    );
    e.apply(&cmd(dev(0), 5_000, CommandBody::OpenSeason(season))).unwrap();
    let mut p = propose("team-a", "reach", 10);
    if let CommandBody::ProposeMission(x) = &mut p {
        x.season = 2;
    }
    e.apply(&cmd(leader(0), 5_100, p)).unwrap();
    let small = EngineError::Mission(MissionError::SponsorNotEligible {
        rule: format!(
            "holds {} of the season's votable supply of {}; sponsors need more than 25 bps",
            100 * E18,
            50_000 * E18
        ),
    });
    Scenario::from_engine(e).when(&cmd(dev(2), 5_200, approve(5))).then_error(&small);
}

#[test]
fn tiers_cap_requests_and_rfps_name_both_tiers() {
    let e = world(Overflow::Skip);
    // An Ember leader asks 150 000 GOV: Ember allows 100 000, Fledgling would.
    let big = EngineError::Mission(MissionError::AboveTier {
        tier: "Ember".into(),
        cap: Amount(100_000 * E18),
        requested: Amount(150_000 * E18),
        needs: "Fledgling".into(),
    });
    Scenario::from_engine(e.clone())
        .when(&cmd(leader(1), 5_000, propose("team-b", "docs", 150_000)))
        .then_error(&big);
    assert_eq!(
        big.to_string(),
        "body.requested: the team's leader is Ember, which may request at most 100000000000000000000000, got 150000000000000000000000 (that needs Fledgling)"
    );
    // An RFP for Eagle teams; team B's leader is Ember.
    let mut e = e;
    e.apply(&cmd(
        dev(0),
        5_000,
        CommandBody::PublishRfp(PublishRfp {
            collective: collective(),
            season: 1,
            intent: intent("docs"),
            title: "Audit the docs".into(),
            deliverables: vec!["an audit".into()],
            min_tier: "Eagle".into(),
            budget_cap: Amount(100 * E18),
        }),
    ))
    .unwrap();
    let mut answer = propose("team-b", "docs", 50);
    if let CommandBody::ProposeMission(p) = &mut answer {
        p.rfp = Some(9);
    }
    let rfp_id = missions(&e).last_id;
    if let CommandBody::ProposeMission(p) = &mut answer {
        p.rfp = Some(rfp_id);
    }
    let low = EngineError::Mission(MissionError::RfpTier {
        rfp: rfp_id,
        needs: "Eagle".into(),
        tier: "Ember".into(),
    });
    Scenario::from_engine(e.clone()).when(&cmd(leader(1), 5_100, answer.clone())).then_error(&low);
    // A track of 200 000 GOV delivered makes the leader Eagle; the application is accepted.
    e.apply(&cmd(
        dev(9),
        5_200,
        CommandBody::RecordTrack(RecordTrack {
            collective: collective(),
            account: leader(1),
            received: Amount(200_000 * E18),
            delivered: Amount(200_000 * E18),
            note: "delivered season 0's indexer".into(),
        }),
    ))
    .unwrap();
    assert_eq!(missions(&e).tier_of(leader(1)).name, "Eagle");
    e.apply(&cmd(leader(1), 5_300, answer)).unwrap();
}

#[test]
fn milestones_release_locked_shares_and_a_missed_critical_milestone_is_clawed_back() {
    let mut e = world(Overflow::Skip);
    vote(&mut e);
    close_grow(&mut e);
    let gov: concord_core::TokenId = "GOV".parse().unwrap();
    let team_a = concord_core::alliance::treasury_address(&id("team-a"));
    let attest = |mission, milestone| {
        CommandBody::AttestMilestone(AttestMilestone { collective: collective(), mission, milestone })
    };
    // A's first milestone: 50 % of 300 = 150 GOV to team A, locked one year from the close.
    e.apply(&cmd(dev(9), 25_000, attest(1, 0))).unwrap();
    assert_eq!(e.state().ledger.balance(team_a, gov), Amount(150 * E18));
    let (locked, until) = e.state().vesting.lockups.locked_at(team_a, gov, Timestamp(25_000));
    assert_eq!((locked, until), (Amount(150 * E18), Some(Timestamp(20_001 + 365 * 86_400))));
    // An outsider cannot attest.
    let outsider = EngineError::Mission(MissionError::NotAllowed {
        rule: format!("{} is not the collective's leader, an admin or an attestor", dev(6)),
    });
    Scenario::from_engine(e.clone()).when(&cmd(dev(6), 25_100, attest(1, 1))).then_error(&outsider);
    // C misses its critical `ship` milestone (due 31 000): clawed back at 40 000, 150 GOV to the fund.
    let treasury = concord_core::alliance::treasury_address(&collective());
    let clawback = |at| {
        cmd(
            dev(9),
            at,
            CommandBody::ClawbackGrant(ClawbackGrant {
                collective: collective(),
                mission: 3,
                milestone: 1,
                reason: "ship missed".into(),
                dispute: None,
            }),
        )
    };
    let too_early = EngineError::Mission(MissionError::WrongPhase {
        field: "body.milestone",
        rule: "milestone 1 is not missed (due 31000, attested: false)".into(),
    });
    Scenario::from_engine(e.clone()).when(&clawback(30_500)).then_error(&too_early);
    let after_lockup = Scenario::from_engine(e.clone());
    e.apply(&clawback(40_000)).unwrap();
    assert_eq!(e.state().ledger.balance(treasury, gov), Amount(700 * E18));
    assert_eq!(missions(&e).grants[&3].status, GrantStatus::ClawedBack);
    // After the lock-up ends, a clawback is refused.
    let late = EngineError::Mission(MissionError::WrongPhase {
        field: "body.mission",
        rule: format!("the lock-up ended at {}; a clawback must come before", 20_001 + 365 * 86_400),
    });
    after_lockup.when(&clawback(20_001 + 365 * 86_400)).then_error(&late);
}

mod properties {
    use concord_core::mission::budget::{Entry, Overflow, Verdict, allocate, needed};
    use concord_core::types::Amount;
    use proptest::prelude::*;

    proptest! {
        /// The allocation never exceeds the budget, gives out exactly what it
        /// reports, funds only proposals at or above the threshold, and under
        /// `skip` leaves no unfunded eligible proposal that would still fit.
        #[test]
        fn allocation_never_exceeds_the_budget(
            budget in 0u128..10_000,
            quorum in 1u128..5_000,
            threshold in 0u16..=10_000,
            asks in proptest::collection::vec((1u128..3_000, 0u128..6_000), 0..12),
            stop in any::<bool>(),
        ) {
            let entries: Vec<Entry> = asks.iter().enumerate()
                .map(|(i, (ask, approvals))| Entry { id: i as u64 + 1, requested: Amount(*ask), approvals: *approvals })
                .collect();
            let overflow = if stop { Overflow::Stop } else { Overflow::Skip };
            let a = allocate(Amount(budget), &entries, quorum, threshold, overflow);
            prop_assert!(a.funded.0 <= budget);
            prop_assert_eq!(a.funded.0 + a.leftover.0, budget);
            let funded: u128 = a.ranked.iter().filter(|r| r.verdict == Verdict::Funded).map(|r| r.requested.0).sum();
            prop_assert_eq!(funded, a.funded.0);
            prop_assert_eq!(a.ranked.len(), entries.len());
            let need = needed(quorum, threshold);
            for r in &a.ranked {
                if r.verdict == Verdict::Funded {
                    prop_assert!(r.approvals >= need && r.approvals > 0);
                }
                if !stop && r.verdict == Verdict::OverBudget {
                    prop_assert!(r.requested.0 > a.leftover.0, "a skipped proposal that fits the leftover");
                }
            }
            // Ranked by approvals, descending, among the eligible.
            let eligible: Vec<u128> = a.ranked.iter().filter(|r| r.verdict != Verdict::BelowThreshold).map(|r| r.approvals).collect();
            prop_assert!(eligible.windows(2).all(|w| w[0] >= w[1]));
        }
    }
}

mod grant_conservation {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// After any attestations and clawbacks, every granted unit is with a
        /// team, still in the grant account, or back in the fund; the fund,
        /// the grant account and the teams hold the 1000 GOV they started with,
        /// and a team's released share never decreases.
        #[test]
        fn every_grant_unit_ends_with_a_team_the_fund_or_a_clawback(
            ops in proptest::collection::vec((any::<bool>(), 0usize..2, 0usize..2, 0u64..30_000), 0..10),
        ) {
            let mut e = world(Overflow::Skip);
            vote(&mut e);
            close_grow(&mut e);
            let gov: concord_core::TokenId = "GOV".parse().unwrap();
            let held = |e: &Engine| {
                let l = &e.state().ledger;
                let teams: u128 = ["team-a", "team-b", "team-c", "team-d"].iter()
                    .map(|t| l.balance(concord_core::alliance::treasury_address(&id(t)), gov).0).sum();
                let treasury = l.balance(concord_core::alliance::treasury_address(&collective()), gov).0;
                let grants = l.balance(grant_account(&collective()), gov).0;
                (teams, treasury, grants)
            };
            let mut released_before = [0u128; 2];
            let mut at = 20_002u64;
            for (claw, which, milestone, dt) in ops {
                at += dt;
                let mission = [1u64, 3][which];
                let body = if claw {
                    CommandBody::ClawbackGrant(ClawbackGrant { collective: collective(), mission, milestone, reason: "missed".into(), dispute: None })
                } else {
                    CommandBody::AttestMilestone(AttestMilestone { collective: collective(), mission, milestone })
                };
                let _accepted_or_refused_either_way = e.apply(&cmd(dev(9), at, body));
                let c = missions(&e);
                let mut unreleased = 0u128;
                for (k, m) in [1u64, 3].iter().enumerate() {
                    let g = &c.grants[m];
                    prop_assert!(g.released.0 + g.clawed_back.0 <= g.amount.0);
                    prop_assert!(g.released.0 >= released_before[k], "released never decreases");
                    released_before[k] = g.released.0;
                    if g.status != GrantStatus::ClawedBack {
                        unreleased += g.amount.0 - g.released.0;
                    } else {
                        prop_assert_eq!(g.released.0 + g.clawed_back.0, g.amount.0);
                    }
                }
                let (teams, treasury, grants) = held(&e);
                prop_assert_eq!(grants, unreleased);
                prop_assert_eq!(teams + treasury + grants, 1_000 * E18);
                prop_assert_eq!(teams, released_before.iter().sum::<u128>());
            }
        }
    }
}

#[test]
fn a_reward_plan_splits_each_released_share_among_accepted_members_locked() {
    use concord_core::kernel::{InvitationRef, InviteMember};
    use concord_core::split::Share;
    let mut e = world(Overflow::Skip);
    let member = Address::derived("team-a-member");
    let mut m =
        Charter::parse(template(AllianceModel::GovernanceSyndicate)).unwrap().alliance.members[0].clone();
    m.account = member;
    m.roles = vec!["developer".into()];
    e.apply(&cmd(
        leader(0),
        5_000,
        CommandBody::InviteMember(Box::new(InviteMember { alliance: id("team-a"), member: m })),
    ))
    .unwrap();
    let plan = RewardPlan {
        split: RewardSplit::Fixed {
            shares: vec![
                Share { recipient: leader(0), bps: Bps(3_333) },
                Share { recipient: member, bps: Bps(6_667) },
            ],
        },
        dust_to: leader(0),
        vesting: None,
    };
    let with_plan = |plan: RewardPlan| {
        let mut c = propose("team-a", "docs", 1);
        if let CommandBody::ProposeMission(p) = &mut c {
            p.requested = Amount(101);
            p.plan = Some(plan);
        }
        c
    };
    // Before accepting, the member cannot be in the plan.
    let not_yet = EngineError::Mission(MissionError::Plan {
        path: "body.plan.split.shares[1].recipient".into(),
        rule: format!("{member} is not an accepted member of `team-a`"),
    });
    Scenario::from_engine(e.clone())
        .when(&cmd(leader(0), 5_100, with_plan(plan.clone())))
        .then_error(&not_yet);
    e.apply(&cmd(member, 5_200, CommandBody::AcceptInvitation(InvitationRef { alliance: id("team-a") })))
        .unwrap();
    let mut short = plan.clone();
    if let RewardSplit::Fixed { shares } = &mut short.split {
        shares[1].bps = Bps(6_000);
    }
    let sum = EngineError::Mission(MissionError::Plan {
        path: "body.plan.split.shares".into(),
        rule: "bps must sum to exactly 10000, got 9333".into(),
    });
    Scenario::from_engine(e.clone()).when(&cmd(leader(0), 5_300, with_plan(short))).then_error(&sum);
    e.apply(&cmd(leader(0), 5_300, with_plan(plan))).unwrap();
    for sponsor in 2..=5 {
        e.apply(&cmd(dev(sponsor), 6_000, approve(5))).unwrap();
    }
    for who in [2, 3] {
        e.apply(&cmd(
            dev(who),
            12_000,
            CommandBody::CastBudgetBallot(CastBudgetBallot {
                collective: collective(),
                season: 1,
                intent: intent("docs"),
                approve: vec![5],
            }),
        ))
        .unwrap();
    }
    e.apply(&cmd(
        dev(7),
        20_001,
        CommandBody::CloseBudgetVote(CloseBudgetVote {
            collective: collective(),
            season: 1,
            intent: intent("docs"),
        }),
    ))
    .unwrap();
    e.apply(&cmd(
        dev(9),
        25_000,
        CommandBody::AttestMilestone(AttestMilestone { collective: collective(), mission: 5, milestone: 0 }),
    ))
    .unwrap();
    // Milestone 0: ⌊101 · 5000 / 10000⌋ = 50. Split: ⌊50 · 3333 / 10000⌋ = 16, ⌊50 · 6667 / 10000⌋ = 33,
    // dust 1 to the leader: 17 and 33, each in a vesting grant that vests at once when the
    // lock-up ends, a year after the close.
    let gov: concord_core::TokenId = "GOV".parse().unwrap();
    let l = &e.state().ledger;
    assert_eq!((l.balance(leader(0), gov), l.balance(member, gov)), (Amount::ZERO, Amount::ZERO));
    let unlock = 20_001 + 365 * 86_400;
    let grants: Vec<_> = e
        .state()
        .vesting
        .grants
        .by_id
        .values()
        .map(|g| (g.beneficiary, g.total, g.start, g.cliff_secs, g.duration_secs, g.revocable))
        .collect();
    let lock = unlock - 25_000;
    assert_eq!(
        grants,
        [
            (leader(0), Amount(17), Timestamp(25_000), lock, lock, true),
            (member, Amount(33), Timestamp(25_000), lock, lock, true),
        ]
    );
}

#[test]
fn a_dispute_flagged_as_defrauding_the_collective_opens_a_clawback_and_a_resolved_one_does_not() {
    let mut e = world(Overflow::Skip);
    vote(&mut e);
    close_grow(&mut e);
    let record = |by: Address, defrauds: bool| {
        cmd(
            by,
            21_000,
            CommandBody::RecordDispute(RecordDispute {
                alliance: id("team-c"),
                about: None,
                description: "the demo was faked".into(),
                defrauds: defrauds.then(collective),
            }),
        )
    };
    // Only an accepted member of the team records its disputes.
    let outsider = EngineError::Mission(MissionError::NotAllowed {
        rule: format!("{} is not an accepted member of `team-c`", dev(6)),
    });
    Scenario::from_engine(e.clone()).when(&record(dev(6), true)).then_error(&outsider);
    e.apply(&record(leader(2), true)).unwrap();
    let claw = |dispute| {
        cmd(
            dev(9),
            21_100,
            CommandBody::ClawbackGrant(ClawbackGrant {
                collective: collective(),
                mission: 3,
                milestone: 0,
                reason: "fraud".into(),
                dispute: Some(dispute),
            }),
        )
    };
    let none = EngineError::Mission(MissionError::Invalid {
        field: "body.dispute",
        rule: "`team-c` has no open dispute 4 flagged as defrauding `delegate-syndicate`".into(),
    });
    Scenario::from_engine(e.clone()).when(&claw(4)).then_error(&none);
    // The resolved dispute no longer opens the path.
    let mut resolved = e.clone();
    resolved
        .apply(&cmd(
            leader(2),
            21_050,
            CommandBody::ResolveDispute(ResolveDispute {
                alliance: id("team-c"),
                dispute: 0,
                resolution: "the demo was real".into(),
            }),
        ))
        .unwrap();
    let closed = EngineError::Mission(MissionError::Invalid {
        field: "body.dispute",
        rule: "`team-c` has no open dispute 0 flagged as defrauding `delegate-syndicate`".into(),
    });
    Scenario::from_engine(resolved).when(&claw(0)).then_error(&closed);
    // Open and flagged: C's whole 150 GOV (nothing released yet) returns, before any milestone is due.
    e.apply(&claw(0)).unwrap();
    let g = &missions(&e).grants[&3];
    assert_eq!((g.status, g.clawed_back), (GrantStatus::ClawedBack, Amount(150 * E18)));
}
