//! `concord demo`: a hub on the embedded SQLite default, seeded with a
//! realistic two-community alliance (the liquidity-pool template: GOV DAO and
//! PLAY Guild), signed by the public dev keys, that also funds missions
//! (a season, two intents, three competing teams: `demo_missions`).

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use concord_core::alliance::AllianceModel;
use concord_core::charter::templates::template;
use concord_core::command::CommandBody;
use concord_core::governance::council::{CouncilAction, CouncilPropose, CouncilTxRef};
use concord_core::governance::{CreateProposal, Scope, VotingType};
use concord_core::keys::Key;
use concord_core::ledger::{Mint, RecordDeposit, Transfer, Withdraw};
use concord_core::vault::{
    CreateVault, ExitPenalty, FundVault, IdleRewards, Loyalty, PenaltyTo, Stake, VaultId,
};
use concord_core::{AllianceId, Amount, B256, Bps, ChainId, Timestamp, TokenId};
use concord_server::{Hub, system_clock};

/// One whole token with 18 decimals.
pub(crate) const WHOLE: u128 = 1_000_000_000_000_000_000;

fn token(id: &str) -> TokenId {
    id.parse().expect("template token ids are valid")
}

/// The seed: deposits from both home chains, each community's commitment to
/// the treasury, an ALLY incentive budget, a contributor grant and a withdrawal.
fn seed(treasury: concord_core::Address) -> Vec<(usize, CommandBody)> {
    let (gov_dao, play_guild, contributor) = (Key::dev(2).address, Key::dev(3).address, Key::dev(4).address);
    vec![
        (
            1,
            CommandBody::RecordDeposit(RecordDeposit {
                chain_id: ChainId(1),
                tx_hash: B256::repeat_byte(0x01),
                log_index: 7,
                token: token("GOV"),
                to: gov_dao,
                amount: Amount(1_200_000 * WHOLE),
            }),
        ),
        (
            1,
            CommandBody::RecordDeposit(RecordDeposit {
                chain_id: ChainId(42161),
                tx_hash: B256::repeat_byte(0x02),
                log_index: 3,
                token: token("PLAY"),
                to: play_guild,
                amount: Amount(5_000_000 * WHOLE),
            }),
        ),
        (
            2,
            CommandBody::Transfer(Transfer {
                token: token("GOV"),
                to: treasury,
                amount: Amount(1_000_000 * WHOLE),
            }),
        ),
        (
            3,
            CommandBody::Transfer(Transfer {
                token: token("PLAY"),
                to: treasury,
                amount: Amount(4_000_000 * WHOLE),
            }),
        ),
        (
            0,
            CommandBody::Mint(Mint { token: token("ALLY"), to: treasury, amount: Amount(2_500_000 * WHOLE) }),
        ),
        (
            2,
            CommandBody::Transfer(Transfer {
                token: token("GOV"),
                to: contributor,
                amount: Amount(50_000 * WHOLE),
            }),
        ),
        (
            4,
            CommandBody::Withdraw(Withdraw {
                token: token("GOV"),
                recipient: contributor,
                amount: Amount(10_000 * WHOLE),
            }),
        ),
    ]
}

/// Incentives seed: a one-week GOV → ALLY farming vault (loyalty boost up to
/// 2.5× for a one-year lock, 14-day unbonding, 3 % instant-exit penalty to the
/// treasury) funded with 100,000 ALLY; the contributor and GOV DAO stake.
fn incentives_seed(alliance: &AllianceId) -> Vec<(usize, CommandBody)> {
    let farm: VaultId = "gov-farm".parse().expect("a valid vault id");
    let vault = CreateVault {
        id: farm.clone(),
        alliance: alliance.clone(),
        stake_token: token("GOV"),
        reward_tokens: vec![token("ALLY")],
        reward_duration_secs: 7 * 86_400,
        idle_rewards: IdleRewards::CarryForward,
        loyalty: Some(Loyalty { max_boost_bps: 25_000, max_lock_secs: 365 * 86_400 }),
        unbonding_secs: 14 * 86_400,
        exit_penalty: Some(ExitPenalty { bps: Bps(300), to: PenaltyTo::Treasury }),
    };
    let stake = |amount: u128, lock_secs: u64| {
        CommandBody::Stake(Stake { vault: farm.clone(), amount: Amount(amount * WHOLE), lock_secs })
    };
    vec![
        (
            0,
            CommandBody::Mint(Mint {
                token: token("ALLY"),
                to: Key::dev(0).address,
                amount: Amount(100_000 * WHOLE),
            }),
        ),
        (0, CommandBody::CreateVault(Box::new(vault))),
        (
            0,
            CommandBody::FundVault(FundVault {
                vault: farm.clone(),
                token: token("ALLY"),
                amount: Amount(100_000 * WHOLE),
            }),
        ),
        (4, stake(20_000, 180 * 86_400)),
        (2, stake(50_000, 0)),
    ]
}

/// Governance seed: the council (GOV DAO and PLAY Guild delegates, 2 of 2)
/// pays a contributor from the treasury within its weekly limit, and GOV DAO
/// opens a signal proposal whose voting opens a minute later.
fn governance_seed(alliance: &AllianceId, now: Timestamp) -> Vec<(usize, CommandBody)> {
    let pay = CouncilAction::TreasuryTransfer {
        token: token("GOV"),
        to: Key::dev(5).address,
        amount: Amount(20_000 * WHOLE),
    };
    let tx = CouncilTxRef { alliance: alliance.clone(), nonce: 1 };
    let proposal = CreateProposal {
        alliance: alliance.clone(),
        scope: Scope::Signal,
        title: "Extend PLAY incentives for another quarter?".into(),
        body: "Signal before the council tops up the PLAY reward budget.".into(),
        actions: vec![],
        voting: VotingType::Basic,
        choices: vec![],
        start: Timestamp(now.0 + 60),
        end: Timestamp(now.0 + 7 * 86_400),
        proposing_alliance: None,
    };
    vec![
        (2, CommandBody::CouncilPropose(CouncilPropose { alliance: alliance.clone(), action: pay })),
        (3, CommandBody::CouncilApprove(tx.clone())),
        (3, CommandBody::CouncilExecute(tx)),
        (2, CommandBody::CreateProposal(Box::new(proposal))),
    ]
}

fn remove_db(path: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| format!("removing the previous demo log {file}"));
            }
            _ => {}
        }
    }
    Ok(())
}

pub(crate) fn run(listen: &str, db: &Path) -> anyhow::Result<ExitCode> {
    remove_db(db)?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let charter = template(AllianceModel::LiquidityPool);
        let db_url = format!("sqlite:{}", db.display());
        let store = concord_store::open(&db_url).await?;
        let hub = Arc::new(Hub::open(charter, Arc::from(store), system_clock()).await?);
        let (alliance, treasury) = {
            let chain = hub.chain().await;
            let state = chain.engine().state();
            let id = state.hub.genesis_alliance.clone();
            let treasury = state.alliances[&id].treasury;
            (id, treasury)
        };
        let mut nonces = [0u64; 10];
        let seeds = seed(treasury)
            .into_iter()
            .chain(governance_seed(&alliance, hub.now()))
            .chain(incentives_seed(&alliance))
            .chain(super::demo_missions::seed(hub.now()));
        for (signer, body) in seeds {
            let key = Key::dev(signer);
            let envelope = key.sign(hub.domain(), nonces[signer], &body);
            nonces[signer] += 1;
            hub.submit(envelope).await.map_err(|e| anyhow::anyhow!("seeding {}: {}", body.kind(), e.message))?;
        }
        let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("listening on {listen}"))?;
        let base = format!("http://{}", listener.local_addr()?);
        let (seq, head, state_hash) = hub.head().await;
        let (gov_dao, play_guild) = (Key::dev(2).address, Key::dev(3).address);
        println!("Concord demo — GOV × PLAY Liquidity Alliance (two communities, shared treasury), and a grants circle funding missions");
        println!();
        println!("  log     {db_url} ({seq} signed entries, head {head})");
        println!("  state   {state_hash}");
        println!("  listen  {base}");
        println!();
        println!("Open:");
        println!("  {base}/v1/alliance                      the alliance, its members and treasury");
        println!("  {base}/v1/accounts/{gov_dao}/balances");
        println!("  {base}/v1/alliances/{alliance}/proposals   proposals with live tallies");
        println!("  {base}/v1/alliances/{alliance}/council     council signers, limits, transactions");
        println!("  {base}/v1/vaults/gov-farm                  a GOV → ALLY farming vault with two stakers");
        let grants = super::demo_missions::COLLECTIVE;
        println!("  {base}/v1/collectives/{grants}/missions  three teams compete in season 1 (two intents)");
        println!("  {base}/v1/collectives/{grants}/seasons/1/intents/grow-liquidity/preview   the live allocation");
        println!("  {base}/v1/alliances/{}/overlap   the team formed on the board: daily overlap", super::demo_missions::TEAM);
        println!("  {base}/v1/log                           the hash-chained log");
        println!("  {base}/v1/openapi.json                  the API");
        println!();
        println!("Try (in another terminal):");
        println!(
            "  concord submit --hub {base} --dev 2 --kind transfer --body '{{\"token\":\"GOV\",\"to\":\"{play_guild}\",\"amount\":\"1000\"}}'"
        );
        println!(
            "  concord submit --hub {base} --dev 3 --kind cast-vote --body '{{\"alliance\":\"{alliance}\",\"proposal\":1,\"choice\":\"1\"}}'   (voting opens a minute after the demo starts)"
        );
        println!(
            "  concord submit --hub {base} --dev 4 --kind cast-budget-ballot --body '{{\"collective\":\"{grants}\",\"season\":1,\"intent\":\"grow-liquidity\",\"approve\":[1]}}'   (budget voting opens a minute after the start)"
        );
        println!("  concord mission preview --hub {base} --collective {grants} --season 1 --intent grow-liquidity");
        println!("  concord board search --hub {base} --skill rust");
        println!("  concord verify {}            (after stopping the demo, or any time)", db.display());
        println!();
        println!("Ctrl-C to stop.");
        concord_server::serve(hub, listener).await?;
        Ok(ExitCode::SUCCESS)
    })
}
