//! `concord bench` section: the alliance's life. ERC-4626 share-vault
//! deposits and redemptions against a plain transfer of the same token (the
//! baseline: a deposit is a transfer plus a mint, a redemption a burn plus a
//! transfer), with 10 holders and with 100,000; exits of a liquidity-pool
//! alliance locking shares in 7 tranches; and the compatibility read over a
//! hub holding 10,000 vesting grants.
//!
//! Setup (not timed): the second seed's charter (docs/examples/second-seed.toml,
//! embedded), GOV deposited to every holder, a joint GOV share vault.

use std::hint::black_box;
use std::time::Instant;

use concord_core::alliance::{Member, MemberStatus};
use concord_core::command::CommandBody;
use concord_core::keys::Key;
use concord_core::ledger::{RecordDeposit, Transfer};
use concord_core::mission::LeaveAlliance;
use concord_core::partner::{ScoreCandidate, parse_candidates};
use concord_core::query::{self, Query};
use concord_core::share_vault::{CreateShareVault, DepositAssets, RedeemShares};
use concord_core::testing::cmd;
use concord_core::vesting::CreateVesting;
use concord_core::{Address, Amount, B256, ChainId, Charter, Command, Engine, Timestamp, TokenId};

use super::bench::row;

const CHARTER: &str = include_str!("../../../../docs/examples/second-seed.toml");
const CANDIDATES: &str = include_str!("../../../../docs/examples/candidates.toml");
const ONE: u128 = 1_000_000_000_000_000_000;

fn holder(i: usize) -> Address {
    Address::derived(&format!("bench-holder:{i}"))
}

fn gov() -> TokenId {
    "GOV".parse().expect("a valid token id")
}

fn vault_body() -> anyhow::Result<CommandBody> {
    Ok(CommandBody::CreateShareVault(CreateShareVault {
        id: "joint-gov".parse()?,
        alliance: "gov-play-pool".parse()?,
        asset: gov(),
        share_token: "jGOV".parse()?,
        symbol: "jGOV".into(),
        decimals_offset: 6,
    }))
}

/// The story's hub with `holders` GOV holders, each with a deposit in the joint vault.
fn setup(holders: usize) -> anyhow::Result<Engine> {
    let mut e = Engine::genesis(&Charter::parse(CHARTER).map_err(|p| anyhow::anyhow!("{p:?}"))?);
    let relayer = Key::dev(1).address;
    e.apply(&cmd(Key::dev(0).address, 1, vault_body()?))?;
    for i in 0..holders {
        let deposit = RecordDeposit {
            chain_id: ChainId(1),
            tx_hash: B256::from(alloy_primitives::U256::from(i + 1)),
            log_index: 0,
            token: gov(),
            to: holder(i),
            amount: Amount(1_000_000 * ONE),
        };
        e.apply(&cmd(relayer, 3, CommandBody::RecordDeposit(deposit)))?;
        e.apply(&cmd(holder(i), 3, deposit_body(ONE)?))?;
    }
    Ok(e)
}

fn deposit_body(assets: u128) -> anyhow::Result<CommandBody> {
    Ok(CommandBody::DepositAssets(DepositAssets {
        vault: "joint-gov".parse()?,
        assets: Amount(assets),
        receiver: None,
    }))
}

fn time(engine: &mut Engine, commands: &[Command]) -> anyhow::Result<f64> {
    let start = Instant::now();
    for c in commands {
        black_box(engine.apply(c)?);
    }
    Ok(start.elapsed().as_secs_f64())
}

fn share_vaults(holder_counts: &[usize], ops: usize) -> anyhow::Result<()> {
    for &n in holder_counts {
        let setup_start = Instant::now();
        let mut e = setup(n)?;
        eprintln!("alliance bench: {n} vault holders set up in {:.1} s", setup_start.elapsed().as_secs_f64());
        let to = Address::derived("bench-sink");
        let transfers: Vec<Command> = (0..ops)
            .map(|i| {
                cmd(
                    holder(i % n),
                    10 + i as u64,
                    CommandBody::Transfer(Transfer { token: gov(), to, amount: Amount(ONE) }),
                )
            })
            .collect();
        let base = row(&format!("baseline: GOV transfer, {n} holders"), ops, time(&mut e, &transfers)?, None);
        let deposits: Vec<Command> = (0..ops)
            .map(|i| Ok(cmd(holder(i % n), 10 + (ops + i) as u64, deposit_body(ONE + i as u128)?)))
            .collect::<anyhow::Result<_>>()?;
        row(&format!("deposit-assets (ERC-4626), {n} holders"), ops, time(&mut e, &deposits)?, Some(base));
        let redeems: Vec<Command> = (0..ops)
            .map(|i| {
                let body = RedeemShares { vault: "joint-gov".parse()?, shares: Amount(ONE), receiver: None };
                Ok(cmd(holder(i % n), 10 + (2 * ops + i) as u64, CommandBody::RedeemShares(body)))
            })
            .collect::<anyhow::Result<_>>()?;
        row(&format!("redeem-shares (ERC-4626), {n} holders"), ops, time(&mut e, &redeems)?, Some(base));
    }
    Ok(())
}

fn community(i: usize) -> anyhow::Result<Member> {
    Ok(serde_json::from_value(serde_json::json!({
        "account": holder(i).to_string(),
        "name": format!("Community {i}"),
        "kind": "community",
        "status": "member",
        "roles": ["liquidity"],
        "timezone": "UTC+0",
        "community": {"token": "GOV", "chain_id": 1, "treasury": holder(i).to_string(), "delegates": [holder(i).to_string()]}
    }))?)
}

/// 200 community members (the most an alliance lists is 256) each leave, each
/// with shares in the joint vault locked in 7 tranches.
fn exits(members: usize) -> anyhow::Result<()> {
    let mut charter = Charter::parse(CHARTER).map_err(|p| anyhow::anyhow!("{p:?}"))?;
    for i in 0..members {
        charter.alliance.members.push(community(i)?);
    }
    let mut e = Engine::genesis(&charter);
    e.apply(&cmd(Key::dev(0).address, 1, vault_body()?))?;
    for i in 0..members {
        let deposit = RecordDeposit {
            chain_id: ChainId(1),
            tx_hash: B256::from(alloy_primitives::U256::from(i + 1)),
            log_index: 0,
            token: gov(),
            to: holder(i),
            amount: Amount(1_000 * ONE),
        };
        e.apply(&cmd(Key::dev(1).address, 3, CommandBody::RecordDeposit(deposit)))?;
        e.apply(&cmd(holder(i), 3, deposit_body(700 * ONE)?))?;
    }
    let leaves: Vec<Command> = (0..members)
        .map(|i| {
            Ok(cmd(
                holder(i),
                10,
                CommandBody::LeaveAlliance(LeaveAlliance { alliance: "gov-play-pool".parse()? }),
            ))
        })
        .collect::<anyhow::Result<_>>()?;
    row(
        &format!("leave-alliance, 7 tranches, {} members", members + 3),
        members,
        time(&mut e, &leaves)?,
        None,
    );
    let exiting = e
        .state()
        .alliances
        .values()
        .next()
        .map_or(0, |a| a.spec.members.iter().filter(|m| m.status == MemberStatus::Exiting).count());
    anyhow::ensure!(exiting == members, "every community is exiting ({exiting} of {members})");
    Ok(())
}

/// The compatibility read over a hub holding `grants` vesting grants of GOV.
fn compatibility(grants: usize, reads: usize) -> anyhow::Result<()> {
    let mut e = setup(1)?;
    let grantor = holder(0);
    for i in 0..grants {
        let g = CreateVesting {
            beneficiary: Address::derived(&format!("bench-beneficiary:{i}")),
            token: gov(),
            total: Amount(ONE),
            start: Timestamp(5),
            cliff_secs: 86_400 * (1 + (i % 300) as u64),
            duration_secs: 86_400 * 400,
            revocable: false,
        };
        e.apply(&cmd(grantor, 5, CommandBody::CreateVesting(g)))?;
    }
    let file = parse_candidates(CANDIDATES).map_err(|p| anyhow::anyhow!("{p:?}"))?;
    let card = file
        .candidates
        .into_iter()
        .find(|c| c.id == "yield-dao")
        .ok_or_else(|| anyhow::anyhow!("yield-dao"))?;
    e.apply(&cmd(
        Key::dev(2).address,
        6,
        CommandBody::ScoreCandidate(Box::new(ScoreCandidate {
            alliance: "gov-play-pool".parse()?,
            candidate: card,
        })),
    ))?;
    let q = Query::Compatibility { alliance: "gov-play-pool".parse()?, candidate: "yield-dao".into() };
    let start = Instant::now();
    for _ in 0..reads {
        black_box(query::run(e.state(), &q)?);
    }
    row(
        &format!("compatibility read, {grants} vesting grants in the hub"),
        reads,
        start.elapsed().as_secs_f64(),
        None,
    );
    Ok(())
}

/// Runs the section.
pub(crate) fn run() -> anyhow::Result<()> {
    share_vaults(&[10, 100_000], 100_000)?;
    exits(200)?;
    compatibility(10_000, 100)?;
    Ok(())
}
