//! The second seed's story, end to end on the engine (docs/examples/second-seed.toml):
//! two candidates scored and compared, one vetoed by a red flag; a compatibility
//! warning on colliding unlock cliffs read from the hub's own vesting state;
//! admission by proposal; a commitment delivered late; a phase advanced by vote
//! that unlocks a scope; and a community exiting under unbonding while the
//! joint vault's liquidity leaves in tranches. Every figure is worked by hand.

use concord_core::alliance::{AllianceError, Member, MemberStatus, treasury_address};
use concord_core::command::{CommandBody, Event};
use concord_core::exit::CompleteExit;
use concord_core::governance::{
    Action, CastVote, CreateProposal, GovernanceError, ProposalRef, Scope, VotingType,
};
use concord_core::kernel::{CheckDeliverable, RecordRetrospective};
use concord_core::ledger::{RecordDeposit, Transfer};
use concord_core::mission::LeaveAlliance;
use concord_core::partner::compat::Verdict;
use concord_core::partner::{ScoreCandidate, parse_candidates};
use concord_core::query::{self, Query, View};
use concord_core::share_vault::{CreateShareVault, DepositAssets, RedeemShares, ShareVaultError};
use concord_core::testing::{Scenario, cmd};
use concord_core::vesting::CreateVesting;
use concord_core::{Address, AllianceId, Amount, B256, ChainId, Charter, Engine, EngineError, Timestamp};

use crate::common::dev;

const E18: u128 = 1_000_000_000_000_000_000;
const DAY: u64 = 86_400;

fn charter() -> Charter {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/second-seed.toml"))
            .unwrap();
    Charter::parse(&text).unwrap_or_else(|p| panic!("{p:?}"))
}

fn pool() -> AllianceId {
    "gov-play-pool".parse().unwrap()
}
fn ada() -> Address {
    dev(0)
}
fn gov_dao() -> Address {
    dev(2)
}
fn play_guild() -> Address {
    dev(3)
}
fn yield_dao() -> Address {
    dev(4)
}

fn gov(whole: u128) -> Amount {
    Amount(whole * E18)
}

fn deposit(n: u8, token: &str, chain: u64, to: Address, whole: u128) -> concord_core::Command {
    cmd(
        dev(1),
        DAY,
        CommandBody::RecordDeposit(RecordDeposit {
            chain_id: ChainId(chain),
            tx_hash: B256::repeat_byte(n),
            log_index: 0,
            token: token.parse().unwrap(),
            to,
            amount: gov(whole),
        }),
    )
}

fn run(q: &Query, e: &Engine) -> View {
    query::run(e.state(), q).unwrap_or_else(|err| panic!("{err}"))
}

fn apply(e: &mut Engine, who: Address, at: u64, body: CommandBody) -> Vec<Event> {
    let kind = body.kind();
    e.apply(&cmd(who, at, body)).unwrap_or_else(|err| panic!("{kind} at {at}: {err}"))
}

fn proposal(scope: Scope, title: &str, actions: Vec<Action>, at: u64) -> CommandBody {
    CommandBody::CreateProposal(Box::new(CreateProposal {
        alliance: pool(),
        scope,
        title: title.into(),
        body: String::new(),
        actions,
        voting: VotingType::Basic,
        choices: vec![],
        start: Timestamp(at + 1),
        end: Timestamp(at + DAY),
        proposing_alliance: None,
    }))
}

/// Proposes at `at`, the three founding members vote for, then queue and execute
/// (2-day timelock): returns the time it executed.
fn pass(
    e: &mut Engine,
    id: u64,
    scope: Scope,
    title: &str,
    actions: Vec<Action>,
    at: u64,
) -> (u64, Vec<Event>) {
    apply(e, ada(), at, proposal(scope, title, actions, at));
    for voter in [ada(), gov_dao(), play_guild()] {
        let vote = CastVote { alliance: pool(), proposal: id, choice: "1".into(), reason: String::new() };
        apply(e, voter, at + 2, CommandBody::CastVote(vote));
    }
    let r = ProposalRef { alliance: pool(), proposal: id };
    apply(e, ada(), at + DAY + 1, CommandBody::QueueProposal(r.clone()));
    let done = at + 3 * DAY + 2;
    let events = apply(e, ada(), done, CommandBody::ExecuteProposal(r));
    (done, events)
}

fn community(account: Address, name: &str, token: &str, chain: u64) -> Member {
    serde_json::from_value(serde_json::json!({
        "account": account.to_string(),
        "name": name,
        "kind": "community",
        "roles": ["liquidity"],
        "timezone": "UTC+0",
        "community": {
            "token": token, "chain_id": chain,
            "treasury": "0x5555555555555555555555555555555555555555",
            "delegates": [account.to_string()]
        }
    }))
    .unwrap()
}

fn admit(member: Member, candidate: Option<&str>) -> Action {
    Action::AdmitMember { member: Box::new(member), candidate: candidate.map(str::to_owned) }
}

fn card(id: &str) -> concord_core::partner::Candidate {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/candidates.toml"))
            .unwrap();
    let file = parse_candidates(&text).unwrap_or_else(|p| panic!("{p:?}"));
    file.candidates.into_iter().find(|c| c.id == id).unwrap()
}

fn refused(e: &Engine, who: Address, at: u64, body: CommandBody, expected: &EngineError) {
    Scenario::from_engine(e.clone()).when(&cmd(who, at, body)).then_error(expected);
}

fn action_problem(path: &str, rule: &str) -> EngineError {
    EngineError::Governance(GovernanceError::InvalidAction {
        problems: vec![concord_core::problem::Problem::new(path.to_owned(), rule.to_owned())],
    })
}

fn share_position(e: &Engine, who: Address) -> (Amount, Amount, Amount) {
    let q = Query::ShareVault { vault: "joint-gov".parse().unwrap(), account: Some(who), amount: None };
    let View::ShareVault(v) = run(&q, e) else { panic!() };
    let p = v.position.unwrap();
    (v.total_assets, p.shares, p.max_redeem)
}

#[test]
fn the_second_seed_s_story() {
    let mut e = Engine::genesis(&charter());
    for c in [
        deposit(1, "GOV", 1, gov_dao(), 10_000),
        deposit(2, "GOV", 1, play_guild(), 3_500),
        deposit(3, "PLAY", 42_161, play_guild(), 4_000),
    ] {
        e.apply(&c).unwrap();
    }
    // GOV DAO's investor grant: 1,500 GOV from day 1, cliff 109 days (day 110), over 436 days:
    // ⌊1500 · 109 / 436⌋ = 375 GOV unlock at the cliff.
    apply(
        &mut e,
        gov_dao(),
        DAY,
        CommandBody::CreateVesting(CreateVesting {
            beneficiary: dev(5),
            token: "GOV".parse().unwrap(),
            total: gov(1_500),
            start: Timestamp(DAY),
            cliff_secs: 109 * DAY,
            duration_secs: 436 * DAY,
            revocable: false,
        }),
    );

    // 1. Two candidates scored by members and compared side by side; FastSwap is vetoed.
    let score = |c| CommandBody::ScoreCandidate(Box::new(ScoreCandidate { alliance: pool(), candidate: c }));
    apply(&mut e, gov_dao(), 2 * DAY, score(card("yield-dao")));
    apply(&mut e, play_guild(), 2 * DAY, score(card("fast-swap")));
    let View::Candidates(c) = run(&Query::Candidates { alliance: pool() }, &e) else { panic!() };
    let rows: Vec<(usize, &str, u32, Vec<String>)> =
        c.ranking.iter().map(|r| (r.rank, r.id.as_str(), r.total_bps, r.vetoed_by.clone())).collect();
    assert_eq!(rows, [(1, "yield-dao", 8_366, vec![]), (2, "fast-swap", 6_300, vec!["no-audit".to_owned()])]);

    // 2. Compatibility from hub state: Yield DAO's team cliff (day 120, its card) is 10 days
    //    after GOV's vesting cliff (day 110, 375 GOV, the hub's own grant): a warning.
    let q = Query::Compatibility { alliance: pool(), candidate: "yield-dao".into() };
    let View::Compatibility(v) = run(&q, &e) else { panic!() };
    let gov_member = v.members.iter().find(|m| m.id == "GOV").unwrap();
    assert_eq!(gov_member.tokenomics.unlocks.len(), 1);
    assert_eq!(
        (gov_member.tokenomics.unlocks[0].day, gov_member.tokenomics.unlocks[0].amount),
        (110, gov(375))
    );
    let collision = v.checks.iter().find(|c| c.check == "unlock-collision").unwrap();
    assert_eq!((collision.verdict, collision.member.as_deref()), (Verdict::Warning, Some("GOV")));
    assert!(collision.figures.contains("10 days apart"), "{}", collision.figures);

    // 3. Admission only by proposal, for a scored candidate without red flags.
    let fast = community(dev(6), "FastSwap", "YLD", 8_453);
    refused(
        &e,
        ada(),
        3 * DAY,
        proposal(
            Scope::MemberAdmission,
            "Admit FastSwap",
            vec![admit(fast.clone(), Some("fast-swap"))],
            3 * DAY,
        ),
        &action_problem(
            "body.actions[0].candidate",
            "candidate `fast-swap` is vetoed by a red flag (no-audit): it cannot be admitted",
        ),
    );
    refused(
        &e,
        ada(),
        3 * DAY,
        proposal(Scope::MemberAdmission, "Admit Nobody", vec![admit(fast.clone(), Some("nobody"))], 3 * DAY),
        &action_problem(
            "body.actions[0].candidate",
            "candidate `nobody` has no scorecard in `gov-play-pool`: members score it (score-candidate) before it can be admitted",
        ),
    );
    refused(
        &e,
        ada(),
        3 * DAY,
        proposal(Scope::MemberAdmission, "Admit FastSwap", vec![admit(fast, None)], 3 * DAY),
        &action_problem(
            "body.actions[0].candidate",
            "a community is admitted as a vetted candidate: name its scorecard's candidate id",
        ),
    );
    let yld = community(yield_dao(), "Yield DAO", "YLD", 8_453);
    pass(&mut e, 1, Scope::MemberAdmission, "Admit Yield DAO", vec![admit(yld, Some("yield-dao"))], 3 * DAY);
    let status = |e: &Engine, who| e.state().alliances[&pool()].spec.member(who).unwrap().status;
    assert_eq!(status(&e, yield_dao()), MemberStatus::Member);

    // 4. GOV DAO's 1,000 GOV are due on day 30: 600 on day 20, 400 on day 40 — delivered late.
    let treasury = treasury_address(&pool());
    let pay = |whole| {
        CommandBody::Transfer(Transfer { token: "GOV".parse().unwrap(), to: treasury, amount: gov(whole) })
    };
    apply(&mut e, gov_dao(), 20 * DAY, pay(600));
    apply(&mut e, gov_dao(), 40 * DAY, pay(400));
    let View::Alliance(a) = run(&Query::Alliance { alliance: pool() }, &e) else { panic!() };
    let c = &a.commitments[0];
    assert_eq!(
        (c.delivered, c.outstanding, c.due, c.met_at, c.late),
        (gov(1_000), Amount::ZERO, Some(Timestamp(30 * DAY)), Some(Timestamp(40 * DAY)), true)
    );

    // 5. Phase 0 does not open treasury allocation; advancing needs a retrospective first.
    let pay_out = Action::TreasuryTransfer { token: "GOV".parse().unwrap(), to: dev(7), amount: gov(10) };
    let t = 41 * DAY;
    refused(
        &e,
        ada(),
        t,
        proposal(Scope::TreasuryAllocation, "Pay the auditor", vec![pay_out.clone()], t),
        &EngineError::Governance(GovernanceError::ScopeLocked {
            scope: Scope::TreasuryAllocation,
            phase: 0,
            phase_name: "Foundation and governance".into(),
            opens_in: Some(1),
        }),
    );
    refused(
        &e,
        ada(),
        t,
        proposal(Scope::RoadmapRatification, "Enter phase 1", vec![Action::AdvancePhase { phase: 1 }], t),
        &action_problem(
            "body.actions[0].phase",
            "phase 0 (Foundation and governance) has no recorded retrospective: record one (record-retrospective) before advancing",
        ),
    );
    for d in 0..3 {
        let check = CheckDeliverable { alliance: pool(), phase: 0, deliverable: d, evidence: String::new() };
        apply(&mut e, ada(), t, CommandBody::CheckDeliverable(check));
    }
    // The template's phase-0 KPI: 2 members by day ⌊365 / 4⌋ = 91; the hub counts 4.
    let retro = RecordRetrospective {
        alliance: pool(),
        phase: 0,
        summary: "Governance ratified; Yield DAO vetted and admitted.".into(),
        results: vec![Amount(4)],
    };
    apply(&mut e, ada(), t, CommandBody::RecordRetrospective(retro));
    let (_, events) = pass(
        &mut e,
        2,
        Scope::RoadmapRatification,
        "Enter phase 1",
        vec![Action::AdvancePhase { phase: 1 }],
        t,
    );
    assert!(events.iter().any(|ev| matches!(ev, Event::PhaseAdvanced(p)
        if p.phase == 1 && p.unlocked == [Scope::TreasuryAllocation, Scope::MemberRemoval])));
    let View::Roadmap(r) = run(&Query::Roadmap { alliance: pool() }, &e) else { panic!() };
    assert_eq!(r.current, 1);
    assert_eq!(r.phases[0].done, [true, true, true]);
    let kpi = &r.phases[0].retrospective.as_ref().unwrap().results[0];
    assert_eq!((kpi.reported, kpi.measured, kpi.met), (Amount(4), Some(Amount(4)), true));
    let now = 46 * DAY;
    apply(&mut e, ada(), now, proposal(Scope::TreasuryAllocation, "Pay the auditor", vec![pay_out], now));

    // 6. The joint GOV vault (no virtual offset, so shares are 1:1 here): GOV DAO puts in
    //    7,000, PLAY Guild 3,500.
    let create = CreateShareVault {
        id: "joint-gov".parse().unwrap(),
        alliance: pool(),
        asset: "GOV".parse().unwrap(),
        share_token: "jGOV".parse().unwrap(),
        symbol: "jGOV".into(),
        decimals_offset: 0,
    };
    apply(&mut e, ada(), now, CommandBody::CreateShareVault(create));
    let put = |whole| {
        CommandBody::DepositAssets(DepositAssets {
            vault: "joint-gov".parse().unwrap(),
            assets: gov(whole),
            receiver: None,
        })
    };
    apply(&mut e, gov_dao(), now, put(7_000));
    apply(&mut e, play_guild(), now, put(3_500));
    assert_eq!(share_position(&e, play_guild()), (gov(10_500), gov(3_500), gov(3_500)));

    // 7. PLAY Guild exits on day 50: 14 days of unbonding in 7 tranches of 500 shares,
    //    unlocking on days 52, 54, …, 64.
    let exit_day = 50 * DAY;
    let leave = CommandBody::LeaveAlliance(LeaveAlliance { alliance: pool() });
    let events = apply(&mut e, play_guild(), exit_day, leave.clone());
    let Some(Event::MemberExit(x)) = events.iter().find(|ev| matches!(ev, Event::MemberExit(_))) else {
        panic!()
    };
    let unlocks: Vec<(Amount, Timestamp)> = x.tranches.iter().map(|t| (t.shares, t.unlock_at)).collect();
    let expected: Vec<(Amount, Timestamp)> =
        (1..=7).map(|i| (gov(500), Timestamp(exit_day + 2 * i * DAY))).collect();
    assert_eq!(unlocks, expected);
    assert_eq!((x.status, x.ends), (MemberStatus::Exiting, Timestamp(64 * DAY)));
    assert_eq!(status(&e, play_guild()), MemberStatus::Exiting);
    refused(
        &e,
        play_guild(),
        exit_day + DAY,
        leave,
        &EngineError::Alliance(AllianceError::AlreadyExiting {
            account: play_guild(),
            alliance: pool(),
            started: Timestamp(exit_day),
            ends: Timestamp(64 * DAY),
        }),
    );
    let redeem = |whole| {
        CommandBody::RedeemShares(RedeemShares {
            vault: "joint-gov".parse().unwrap(),
            shares: gov(whole),
            receiver: None,
        })
    };
    // Day 51: nothing has unlocked.
    refused(
        &e,
        play_guild(),
        51 * DAY,
        redeem(1),
        &EngineError::ShareVault(ShareVaultError::ExceedsMax {
            field: "body.shares",
            what: "shares",
            max: Amount::ZERO,
            got: gov(1),
        }),
    );
    // The exit completes only once the unbonding has ended.
    let complete = CommandBody::CompleteExit(CompleteExit { alliance: pool(), member: play_guild() });
    refused(
        &e,
        ada(),
        51 * DAY,
        complete,
        &EngineError::Alliance(AllianceError::StillUnbonding {
            ends: Timestamp(64 * DAY),
            now: Timestamp(51 * DAY),
        }),
    );
    // Liquidity leaves in tranches: 500 on day 52, 1,000 more on day 56, the rest on day 64.
    let mut tvl = Vec::new();
    for (day, take) in [(52, 500), (56, 1_000), (64, 2_000)] {
        refused(
            &e,
            play_guild(),
            day * DAY,
            redeem(take + 1),
            &EngineError::ShareVault(ShareVaultError::ExceedsMax {
                field: "body.shares",
                what: "shares",
                max: gov(take),
                got: gov(take + 1),
            }),
        );
        apply(&mut e, play_guild(), day * DAY, redeem(take));
        tvl.push(share_position(&e, play_guild()).0);
    }
    assert_eq!(tvl, [gov(10_000), gov(9_000), gov(7_000)]);
    assert_eq!(e.state().ledger.balance(play_guild(), "GOV".parse().unwrap()), gov(3_500));

    let complete = CommandBody::CompleteExit(CompleteExit { alliance: pool(), member: play_guild() });
    apply(&mut e, ada(), 64 * DAY, complete);
    assert_eq!(status(&e, play_guild()), MemberStatus::Exited);
}
