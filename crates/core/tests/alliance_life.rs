//! The alliance's life command by command: the ERC-4626 share vault's
//! commands (hand-worked rounding, the donation attack, bad input), exits by
//! model (revenue-sharing penalty, syndicate delegation withdrawn, exit twice,
//! leader, outsider), the agreement amended by proposal, and the roadmap's
//! refusals. Every expected value is worked by hand.

use concord_core::alliance::{AllianceError, AllianceModel, Member, MemberStatus};
use concord_core::charter::templates::template;
use concord_core::command::{CommandBody, Event};
use concord_core::governance::{
    Action, CastVote, CreateProposal, Delegate, GovernanceError, ProposalRef, Scope, VotingType,
};
use concord_core::kernel::{CheckDeliverable, InviteMember, RecordRetrospective};
use concord_core::ledger::{RecordDeposit, Transfer};
use concord_core::mission::LeaveAlliance;
use concord_core::share_vault::{
    CreateShareVault, DepositAssets, MintShares, RedeemShares, ShareVaultError, WithdrawAssets,
};
use concord_core::testing::{Scenario, cmd};
use concord_core::{Address, AllianceId, Amount, B256, ChainId, Charter, Engine, EngineError, Timestamp};
use proptest::prelude::*;

use crate::common::dev;

const E18: u128 = 1_000_000_000_000_000_000;
const DAY: u64 = 86_400;

fn story() -> Charter {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/second-seed.toml"))
            .unwrap();
    Charter::parse(&text).unwrap()
}

fn deposit(n: u8, token: &str, chain: u64, to: Address, amount: u128) -> concord_core::Command {
    cmd(
        dev(1),
        1,
        CommandBody::RecordDeposit(RecordDeposit {
            chain_id: ChainId(chain),
            tx_hash: B256::repeat_byte(n),
            log_index: 0,
            token: token.parse().unwrap(),
            to,
            amount: Amount(amount),
        }),
    )
}

fn create_vault(alliance: &str, offset: u8) -> CommandBody {
    create_vault_of(alliance, "GOV", offset)
}

fn create_vault_of(alliance: &str, asset: &str, offset: u8) -> CommandBody {
    CommandBody::CreateShareVault(CreateShareVault {
        id: "jv".parse().unwrap(),
        alliance: alliance.parse().unwrap(),
        asset: asset.parse().unwrap(),
        share_token: "jGOV".parse().unwrap(),
        symbol: "jGOV".into(),
        decimals_offset: offset,
    })
}

fn dep(assets: u128) -> CommandBody {
    CommandBody::DepositAssets(DepositAssets {
        vault: "jv".parse().unwrap(),
        assets: Amount(assets),
        receiver: None,
    })
}
fn mint(shares: u128) -> CommandBody {
    CommandBody::MintShares(MintShares {
        vault: "jv".parse().unwrap(),
        shares: Amount(shares),
        receiver: None,
    })
}
fn withdraw(assets: u128) -> CommandBody {
    CommandBody::WithdrawAssets(WithdrawAssets {
        vault: "jv".parse().unwrap(),
        assets: Amount(assets),
        receiver: None,
    })
}
fn redeem(shares: u128) -> CommandBody {
    CommandBody::RedeemShares(RedeemShares {
        vault: "jv".parse().unwrap(),
        shares: Amount(shares),
        receiver: None,
    })
}

fn bal(e: &Engine, who: Address, token: &str) -> u128 {
    e.state().ledger.balance(who, token.parse().unwrap()).0
}

fn vault_account() -> Address {
    concord_core::share_vault::share_vault_account(&"jv".parse().unwrap())
}

/// dev 2 and dev 3 hold GOV; the vault is created with `offset`.
fn vault_engine(offset: u8) -> Engine {
    Scenario::new(&story())
        .given([
            deposit(1, "GOV", 1, dev(2), 10_000),
            deposit(2, "GOV", 1, dev(3), 10_000),
            cmd(dev(0), 2, create_vault("gov-play-pool", offset)),
        ])
        .into_engine()
}

#[test]
fn the_vault_s_commands_round_as_eip_4626_requires() {
    // Offset 0: 1000 in for 1000 shares, then 500 of rewards arrive by plain transfer.
    let mut e = vault_engine(0);
    e.apply(&cmd(dev(2), 3, dep(1_000))).unwrap();
    let reward = Transfer { token: "GOV".parse().unwrap(), to: vault_account(), amount: Amount(500) };
    e.apply(&cmd(dev(3), 3, CommandBody::Transfer(reward))).unwrap();
    // deposit 100: ⌊100 · 1001 / 1501⌋ = 66 shares for exactly 100 assets.
    e.apply(&cmd(dev(3), 4, dep(100))).unwrap();
    assert_eq!((bal(&e, dev(3), "jGOV"), bal(&e, dev(3), "GOV")), (66, 10_000 - 500 - 100));
    // mint 66 at assets 1600, supply 1066: ⌈66 · 1601 / 1067⌉ = ⌈99.03⌉ = 100 assets.
    e.apply(&cmd(dev(3), 5, mint(66))).unwrap();
    assert_eq!((bal(&e, dev(3), "jGOV"), bal(&e, dev(3), "GOV")), (132, 9_300));
    // withdraw 100 at assets 1700, supply 1132: ⌈100 · 1133 / 1701⌉ = ⌈66.6⌉ = 67 shares burnt.
    e.apply(&cmd(dev(3), 6, withdraw(100))).unwrap();
    assert_eq!((bal(&e, dev(3), "jGOV"), bal(&e, dev(3), "GOV")), (65, 9_400));
    // redeem 65 at assets 1600, supply 1065: ⌊65 · 1601 / 1066⌋ = ⌊97.62⌋ = 97 assets.
    e.apply(&cmd(dev(3), 7, redeem(65))).unwrap();
    assert_eq!((bal(&e, dev(3), "jGOV"), bal(&e, dev(3), "GOV")), (0, 9_497));
    // What is left: assets 1503 for dev 2's 1000 shares (⌊1000 · 1504 / 1001⌋ = 1502 redeemable).
    assert_eq!(bal(&e, vault_account(), "GOV"), 1_503);
    let q = concord_core::query::Query::ShareVault {
        vault: "jv".parse().unwrap(),
        account: Some(dev(2)),
        amount: Some(Amount(100)),
    };
    let concord_core::query::View::ShareVault(v) = concord_core::query::run(e.state(), &q).unwrap() else {
        panic!()
    };
    let p = v.position.unwrap();
    assert_eq!(
        (p.shares, p.assets, p.max_redeem, p.max_withdraw),
        (Amount(1_000), Amount(1_502), Amount(1_000), Amount(1_502))
    );
    // Previews of 100: deposit ⌊100 · 1001 / 1504⌋ = 66, mint ⌈100 · 1504 / 1001⌉ = 151,
    // withdraw ⌈100 · 1001 / 1504⌉ = 67, redeem ⌊100 · 1504 / 1001⌋ = 150.
    let pv = v.previews.unwrap();
    assert_eq!(
        (pv.deposit, pv.mint, pv.withdraw, pv.redeem),
        (Some(Amount(66)), Some(Amount(151)), Some(Amount(67)), Some(Amount(150)))
    );
}

#[test]
fn the_donation_attack_through_the_commands_costs_the_attacker() {
    // Offset 6: the attacker (dev 2) deposits 1 and donates 1e18; the victim deposits 1e18.
    let mut e = Scenario::new(&story())
        .given([
            deposit(1, "GOV", 1, dev(2), 2 * E18),
            deposit(2, "GOV", 1, dev(3), E18),
            cmd(dev(0), 2, create_vault("gov-play-pool", 6)),
        ])
        .into_engine();
    e.apply(&cmd(dev(2), 3, dep(1))).unwrap();
    let donate = Transfer { token: "GOV".parse().unwrap(), to: vault_account(), amount: Amount(E18) };
    e.apply(&cmd(dev(2), 3, CommandBody::Transfer(donate))).unwrap();
    e.apply(&cmd(dev(3), 4, dep(E18))).unwrap();
    // Victim: ⌊1e18 · (1e6 + 1e6) / (1e18 + 1 + 1)⌋ = 1 999 999 shares.
    assert_eq!(bal(&e, dev(3), "jGOV"), 1_999_999);
    // Attacker redeems its 1e6 shares at assets 2e18 + 1, supply 2 999 999:
    // ⌊1e6 · (2e18 + 2) / (2 999 999 + 1e6)⌋ = 500 000 125 000 031 250.
    e.apply(&cmd(dev(2), 5, redeem(1_000_000))).unwrap();
    let got = bal(&e, dev(2), "GOV") - (2 * E18 - 1 - E18);
    assert_eq!(got, 500_000_125_000_031_250);
    assert!(got < E18 + 1, "the attacker paid 1e18 + 1 and gets back less");
    // The victim redeems all: ⌊1 999 999 · (2e18 + 1 − 500 000 125 000 031 250 + 1) / (1 999 999 + 1e6)⌋.
    e.apply(&cmd(dev(3), 6, redeem(1_999_999))).unwrap();
    let assets_left: u128 = 2 * E18 + 1 - 500_000_125_000_031_250;
    let expected = 1_999_999u128 * (assets_left + 1) / (1_999_999 + 1_000_000);
    assert_eq!(bal(&e, dev(3), "GOV"), expected);
    assert!(expected > 99 * E18 / 100, "the victim keeps over 99 %");
}

#[test]
fn bad_share_vault_commands_are_refused_and_change_nothing() {
    let e = vault_engine(0);
    let s = || Scenario::from_engine(e.clone());
    let sv = |err| EngineError::ShareVault(err);
    s().when(&cmd(dev(0), 3, create_vault("gov-play-pool", 0)))
        .then_error(&sv(ShareVaultError::DuplicateVault { vault: "jv".parse().unwrap() }));
    let mut other = create_vault("gov-play-pool", 19);
    if let CommandBody::CreateShareVault(c) = &mut other {
        c.id = "jv2".parse().unwrap();
        c.share_token = "jGOV2".parse().unwrap();
    }
    s().when(&cmd(dev(0), 3, other)).then_error(&sv(ShareVaultError::Invalid {
        field: "body.decimals_offset",
        rule: "must be 0 to 18, got 19".into(),
    }));
    // An outsider cannot create one.
    let mut outsider = create_vault("gov-play-pool", 0);
    if let CommandBody::CreateShareVault(c) = &mut outsider {
        c.id = "jv3".parse().unwrap();
        c.share_token = "jGOV3".parse().unwrap();
    }
    let r = s().when(&cmd(dev(5), 3, outsider));
    r.then_error_code("not_admin_or_leader");
    s().when(&cmd(dev(2), 3, dep(0))).then_error(&sv(ShareVaultError::Invalid {
        field: "body.assets",
        rule: "must be greater than zero".into(),
    }));
    s().when(&cmd(dev(2), 3, redeem(1))).then_error(&sv(ShareVaultError::ExceedsMax {
        field: "body.shares",
        what: "shares",
        max: Amount::ZERO,
        got: Amount(1),
    }));
    let unknown = CommandBody::DepositAssets(DepositAssets {
        vault: "nope".parse().unwrap(),
        assets: Amount(1),
        receiver: None,
    });
    s().when(&cmd(dev(2), 3, unknown))
        .then_error(&sv(ShareVaultError::UnknownVault { vault: "nope".parse().unwrap() }));
    // More than the balance: the kernel refuses the debit.
    s().when(&cmd(dev(2), 3, dep(10_001))).then_error_code("insufficient_balance");
    // The share token is the vault's alone to mint.
    let forged = CommandBody::Mint(concord_core::ledger::Mint {
        token: "jGOV".parse().unwrap(),
        to: dev(2),
        amount: Amount(5),
    });
    s().when(&cmd(dev(2), 3, forged)).then_error_code("not_minter");
    // A deposit that would mint nothing: 1000 in, then 9000 donated.
    let mut e2 = e.clone();
    e2.apply(&cmd(dev(2), 3, dep(1_000))).unwrap();
    let big = Transfer { token: "GOV".parse().unwrap(), to: vault_account(), amount: Amount(9_000) };
    e2.apply(&cmd(dev(3), 3, CommandBody::Transfer(big))).unwrap();
    // assets 10 000, supply 1000: ⌊1 · 1001 / 10001⌋ = 0.
    Scenario::from_engine(e2).when(&cmd(dev(3), 4, dep(1))).then_error(&sv(ShareVaultError::RoundsToZero {
        field: "body.assets",
        what: "shares",
        got: Amount(1),
    }));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Whatever the sequence of deposits, mints, withdrawals, redemptions and
    /// donations, no account ends with more than it put in plus its share of
    /// donations, the vault always holds what its shares can redeem, and
    /// GOV is conserved.
    #[test]
    fn the_vault_never_pays_out_more_than_it_holds(ops in proptest::collection::vec((0u8..5, 1u128..5_000, 2usize..4), 1..30)) {
        let mut e = vault_engine(3);
        let total_before = bal(&e, dev(2), "GOV") + bal(&e, dev(3), "GOV");
        for (i, (op, x, who)) in ops.into_iter().enumerate() {
            let body = match op {
                0 => dep(x),
                1 => mint(x),
                2 => withdraw(x),
                3 => redeem(x),
                _ => CommandBody::Transfer(Transfer { token: "GOV".parse().unwrap(), to: vault_account(), amount: Amount(x) }),
            };
            let before = e.state_hash();
            if e.apply(&cmd(dev(who), 3 + i as u64, body)).is_err() {
                prop_assert_eq!(e.state_hash(), before, "a refused command changed nothing");
            }
            // The vault can always pay every holder what its shares redeem for.
            let supply = e.state().ledger.tokens[&"jGOV".parse().unwrap()].supply.total.latest().0;
            let assets = bal(&e, vault_account(), "GOV");
            let owed = supply.checked_mul(assets + 1).map(|p| p / (supply + 1_000));
            prop_assert!(owed.is_none_or(|o| o <= assets));
        }
        let total_after = bal(&e, dev(2), "GOV") + bal(&e, dev(3), "GOV") + bal(&e, vault_account(), "GOV");
        prop_assert_eq!(total_before, total_after, "GOV is conserved");
    }
}

// ------------------------------------------------------------------ exits by model

fn revenue_charter() -> Charter {
    Charter::parse(template(AllianceModel::RevenueSharing)).unwrap()
}

#[test]
fn a_revenue_sharing_exit_is_immediate_and_leaves_its_penalty_in_the_vault() {
    let c = revenue_charter();
    let id = c.alliance.id.clone();
    let leaver = c.alliance.members.iter().find(|m| m.account != c.alliance.leader).unwrap().account;
    let stayer = c
        .alliance
        .members
        .iter()
        .rev()
        .find(|m| m.account != c.alliance.leader && m.account != leaver)
        .unwrap()
        .account;
    assert_eq!(c.alliance.agreement.exit.penalty_bps.0, 300);
    let mut e = Scenario::new(&c)
        .given([
            deposit(1, "DEX", 10, leaver, 10_000),
            deposit(2, "DEX", 10, stayer, 10_000),
            cmd(c.alliance.leader, 2, create_vault_of(id.as_str(), "DEX", 0)),
            cmd(leaver, 3, dep(4_000)),
            cmd(stayer, 3, dep(6_000)),
        ])
        .into_engine();
    let events =
        e.apply(&cmd(leaver, 4, CommandBody::LeaveAlliance(LeaveAlliance { alliance: id.clone() }))).unwrap();
    // 4000 shares redeem for 4000; the penalty ⌈4000 · 300 / 10000⌉ = 120 stays in the vault.
    let penalty = 120;
    assert_eq!(bal(&e, leaver, "DEX"), 10_000 - 4_000 + 4_000 - penalty);
    assert_eq!((bal(&e, leaver, "jGOV"), bal(&e, vault_account(), "DEX")), (0, 6_000 + penalty));
    let status = e.state().alliances[&id].spec.member(leaver).unwrap().status;
    assert_eq!(status, MemberStatus::Exited);
    assert!(events.iter().any(|ev| matches!(ev, Event::MemberRemoved(_))));
    // The stayer's 6000 shares now redeem for ⌊6000 · 6121 / 6001⌋ = ⌊6119.98⌋ = 6119
    // (the virtual share keeps its cut of the penalty).
    e.apply(&cmd(stayer, 5, redeem(6_000))).unwrap();
    assert_eq!(bal(&e, stayer, "DEX"), 10_000 - 6_000 + 6_119);
    // Exit twice: a clear error, nothing changed.
    Scenario::from_engine(e)
        .when(&cmd(leaver, 6, CommandBody::LeaveAlliance(LeaveAlliance { alliance: id.clone() })))
        .then_error(&EngineError::Alliance(AllianceError::AlreadyExited { account: leaver, alliance: id }));
}

#[test]
fn a_syndicate_exit_withdraws_the_delegation_at_once() {
    let c = Charter::parse(template(AllianceModel::GovernanceSyndicate)).unwrap();
    let id = c.alliance.id.clone();
    let leaver = c.alliance.members.iter().find(|m| m.account != c.alliance.leader).unwrap().account;
    let weighted = c.alliance.governance.weights[0].token;
    let home = c.tokens.iter().find(|t| t.id == weighted).unwrap().chain_id.0;
    let mut e = Scenario::new(&c)
        .given([
            cmd(
                dev(1),
                1,
                CommandBody::RecordDeposit(RecordDeposit {
                    chain_id: ChainId(home),
                    tx_hash: B256::repeat_byte(7),
                    log_index: 0,
                    token: weighted,
                    to: leaver,
                    amount: Amount(1_000),
                }),
            ),
            cmd(
                leaver,
                2,
                CommandBody::Delegate(Delegate { alliance: id.clone(), to: Some(c.alliance.leader) }),
            ),
        ])
        .into_engine();
    assert_eq!(e.state().governance[&id].power.delegate(leaver), c.alliance.leader);
    let events =
        e.apply(&cmd(leaver, 3, CommandBody::LeaveAlliance(LeaveAlliance { alliance: id.clone() }))).unwrap();
    assert_eq!(e.state().governance[&id].power.delegate(leaver), leaver, "its power returns to itself");
    assert!(
        events
            .iter()
            .any(|ev| matches!(ev, Event::Delegated(d) if d.from == c.alliance.leader && d.to == leaver))
    );
    assert_eq!(e.state().alliances[&id].spec.member(leaver).unwrap().status, MemberStatus::Exited);
}

#[test]
fn the_leader_and_outsiders_cannot_leave() {
    let c = story();
    let e = Engine::genesis(&c);
    let leave = || CommandBody::LeaveAlliance(LeaveAlliance { alliance: c.alliance.id.clone() });
    Scenario::from_engine(e.clone()).when(&cmd(dev(0), 1, leave())).then_error(&EngineError::Alliance(
        AllianceError::LeaderCannotLeave { alliance: c.alliance.id.clone() },
    ));
    Scenario::from_engine(e).when(&cmd(dev(8), 1, leave())).then_error(&EngineError::Alliance(
        AllianceError::NotMember { account: dev(8), alliance: c.alliance.id.clone() },
    ));
}

// ------------------------------------------------------------------ agreement and roadmap

fn pool() -> AllianceId {
    "gov-play-pool".parse().unwrap()
}

fn propose(scope: Scope, actions: Vec<Action>, at: u64) -> CommandBody {
    CommandBody::CreateProposal(Box::new(CreateProposal {
        alliance: pool(),
        scope,
        title: "t".into(),
        body: String::new(),
        actions,
        voting: VotingType::Basic,
        choices: vec![],
        start: Timestamp(at + 1),
        end: Timestamp(at + DAY),
        proposing_alliance: None,
    }))
}

#[test]
fn the_agreement_is_amended_by_a_governance_parameters_proposal() {
    let mut e = Engine::genesis(&story());
    let mut next = story().alliance.agreement;
    next.duration_days = 730;
    next.exit.unbonding_days = 21;
    e.apply(&cmd(
        dev(0),
        10,
        propose(
            Scope::GovernanceParameters,
            vec![Action::AmendAgreement { agreement: Box::new(next.clone()) }],
            10,
        ),
    ))
    .unwrap();
    for v in [0, 2, 3] {
        let vote = CastVote { alliance: pool(), proposal: 1, choice: "1".into(), reason: String::new() };
        e.apply(&cmd(dev(v), 12, CommandBody::CastVote(vote))).unwrap();
    }
    let r = ProposalRef { alliance: pool(), proposal: 1 };
    e.apply(&cmd(dev(0), DAY + 11, CommandBody::QueueProposal(r.clone()))).unwrap();
    let events = e.apply(&cmd(dev(0), 3 * DAY + 12, CommandBody::ExecuteProposal(r))).unwrap();
    assert!(events.iter().any(|ev| matches!(ev, Event::AgreementAmended(a) if a.duration_days == 730)));
    assert_eq!(e.state().alliances[&pool()].spec.agreement, next);
    // A liquidity pool's unbonding must stay within 7–30 days; a commitment needs a member.
    let mut broken = next;
    broken.exit.unbonding_days = 3;
    broken.commitments[0].member = dev(9);
    let err = Scenario::from_engine(e)
        .when(&cmd(
            dev(0),
            4 * DAY,
            propose(
                Scope::GovernanceParameters,
                vec![Action::AmendAgreement { agreement: Box::new(broken) }],
                4 * DAY,
            ),
        ))
        .then_error_code("invalid_action");
    let paths: Vec<String> = match err {
        EngineError::Governance(GovernanceError::InvalidAction { problems }) => {
            problems.into_iter().map(|p| p.path).collect()
        }
        other => panic!("{other}"),
    };
    assert_eq!(
        paths,
        ["body.actions[0].agreement.commitments[0].member", "body.actions[0].agreement.exit.unbonding_days"]
    );
}

#[test]
fn the_roadmap_refuses_what_is_not_the_leader_s_or_not_the_current_phase() {
    let e = Engine::genesis(&story());
    let s = || Scenario::from_engine(e.clone());
    let check = |phase, deliverable| {
        CommandBody::CheckDeliverable(CheckDeliverable {
            alliance: pool(),
            phase,
            deliverable,
            evidence: String::new(),
        })
    };
    s().when(&cmd(dev(2), 1, check(0, 0)))
        .then_error(&EngineError::Alliance(AllianceError::NotLeader { actor: dev(2), alliance: pool() }));
    s().when(&cmd(dev(0), 1, check(1, 0)))
        .then_error(&EngineError::Alliance(AllianceError::NotCurrentPhase { phase: 1, current: 0 }));
    s().when(&cmd(dev(0), 1, check(0, 3))).then_error(&EngineError::Alliance(AllianceError::Invalid {
        field: "body.deliverable",
        rule: "phase 0 has 3 deliverables (0 to 2), got 3".into(),
    }));
    let retro = |results: Vec<Amount>| {
        CommandBody::RecordRetrospective(RecordRetrospective {
            alliance: pool(),
            phase: 0,
            summary: "ok".into(),
            results,
        })
    };
    s().when(&cmd(dev(0), 1, retro(vec![]))).then_error(&EngineError::Alliance(AllianceError::Invalid {
        field: "body.results",
        rule: "give one figure per KPI of phase 0 (1 KPIs), got 0".into(),
    }));
    // A scope the phase has not unlocked, and one no phase unlocks in a custom roadmap.
    s().when(&cmd(dev(0), 1, propose(Scope::JointLiquidity, vec![], 1))).then_error(
        &EngineError::Governance(GovernanceError::ScopeLocked {
            scope: Scope::JointLiquidity,
            phase: 0,
            phase_name: "Foundation and governance".into(),
            opens_in: Some(2),
        }),
    );
    // Skipping a phase is refused even with a retrospective.
    let mut e2 = e.clone();
    e2.apply(&cmd(dev(0), 1, retro(vec![Amount(3)]))).unwrap();
    Scenario::from_engine(e2)
        .when(&cmd(
            dev(0),
            2,
            propose(Scope::RoadmapRatification, vec![Action::AdvancePhase { phase: 2 }], 2),
        ))
        .then_error_code("invalid_action");
}

#[test]
fn a_community_cannot_be_invited_around_the_vetting() {
    let e = Engine::genesis(&story());
    let member: Member = serde_json::from_value(serde_json::json!({
        "account": dev(6).to_string(), "name": "Sneaky DAO", "kind": "community", "roles": ["liquidity"],
        "timezone": "UTC+0",
        "community": {"token": "YLD", "chain_id": 8453, "treasury": dev(7).to_string(), "delegates": [dev(6).to_string()]}
    }))
    .unwrap();
    let invite = CommandBody::InviteMember(Box::new(InviteMember { alliance: pool(), member }));
    let err = Scenario::from_engine(e).when(&cmd(dev(0), 1, invite)).then_error_code("invalid_alliance");
    assert!(
        err.to_string()
            .contains("body.member.kind: a community joins only through a passed member-admission proposal"),
        "{err}"
    );
}

#[test]
fn roadmaps_in_a_charter_are_checked_with_their_paths() {
    let base =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/second-seed.toml"))
            .unwrap();
    let custom = base.replace(
        "[alliance.roadmap]\ntemplate = \"four-phase\"",
        "[[alliance.roadmap.phases]]\nname = \"\"\nunlocks = [\"signal\", \"signal\"]\n\n[[alliance.roadmap.phases]]\nname = \"Two\"\nunlocks = [\"vault\"]",
    );
    let problems = Charter::parse(&custom).unwrap_err();
    let paths: Vec<(String, String)> = problems.iter().map(|p| (p.path.clone(), p.rule.clone())).collect();
    assert!(paths.iter().any(|(p, _)| p == "alliance.roadmap.phases[1].unlocks[0]"), "{paths:?}");
    let fixed = base.replace(
        "[alliance.roadmap]\ntemplate = \"four-phase\"",
        "[[alliance.roadmap.phases]]\nname = \"\"\nunlocks = [\"signal\", \"signal\"]",
    );
    let problems = Charter::parse(&fixed).unwrap_err();
    let paths: Vec<(String, String)> = problems.iter().map(|p| (p.path.clone(), p.rule.clone())).collect();
    assert_eq!(
        paths,
        [
            ("alliance.roadmap.phases[0].name".to_owned(), "must be 1 to 200 bytes".to_owned()),
            (
                "alliance.roadmap.phases[0].unlocks[1]".to_owned(),
                "`signal` is unlocked twice (a scope opens once and stays open)".to_owned()
            ),
        ]
    );
    let wrong = base.replace("template = \"four-phase\"", "template = \"five-phase\"");
    let problems = Charter::parse(&wrong).unwrap_err();
    assert_eq!(problems[0].path, "alliance.roadmap.template");
}
