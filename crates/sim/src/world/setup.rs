//! Day 0 of every run of a subset: the genesis engine plus the commands that
//! do not depend on the run's draws (the emission module as minter, the
//! scenario's vaults, the emission, the members' treasury deliveries),
//! applied once; each run clones the result.

use std::collections::BTreeMap;

use concord_core::alliance::treasury_address;
use concord_core::command::{CommandBody, Event};
use concord_core::emission::{
    CreateEmission, EPOCH_SECS, FACTOR_ONE, Route, Routing, Schedule, epoch_of, module_account,
};
use concord_core::ledger::{RecordDeposit, SetMinter, Transfer};
use concord_core::testing::cmd;
use concord_core::types::{
    Address, AllianceId, Amount, B256, Bps, ChainId, EmissionId, Timestamp, TokenId, VaultId,
};
use concord_core::vault::{CreateVault, IdleRewards};
use concord_core::{Engine, query};

use crate::error::{SimError, SimResult};
use crate::metrics::columns;
use crate::scenario::{EventKind, Scenario, Subset};

/// Seconds per simulated day.
pub const DAY_SECS: u64 = 86_400;

/// A vault agents can stake in.
#[derive(Clone, Debug)]
pub struct VaultInfo {
    /// Its id.
    pub id: VaultId,
    /// The staked token.
    pub stake_token: TokenId,
}

/// The council that pays the treasury's spending.
#[derive(Clone, Debug)]
pub struct Council {
    /// Signers who propose and approve, in order (the threshold's first ones).
    pub signers: Vec<Address>,
}

/// What every run of one subset starts from.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The engine after the shared day-0 commands.
    pub base: Engine,
    /// The hub admin who sets up.
    pub admin: Address,
    /// The relayer who records deposits.
    pub relayer: Address,
    /// Submits `emit` (anyone may).
    pub keeper: Address,
    /// Where agents sell tokens (the simulated market's account).
    pub market_account: Address,
    /// Receives the treasury's spending.
    pub payee: Address,
    /// The genesis alliance.
    pub alliance: AllianceId,
    /// Its leader (the proposer of simulated proposals).
    pub leader: Address,
    /// Its treasury.
    pub treasury: Address,
    /// Decimals per token.
    pub decimals: BTreeMap<TokenId, u8>,
    /// Home chain per token (for deposits).
    pub chains: BTreeMap<TokenId, ChainId>,
    /// Vaults, the charter's then the scenario's.
    pub vaults: Vec<VaultInfo>,
    /// The emission, if any.
    pub emission: Option<EmissionId>,
    /// The council, when spending is paid.
    pub council: Option<Council>,
    /// The token the treasury spends.
    pub spend_token: Option<TokenId>,
    /// Metric columns.
    pub columns: Vec<String>,
    /// Deposits recorded so far (each needs a distinct transaction hash).
    pub deposits: u64,
}

/// Applies a command the simulator needs (a refusal is a setup error).
pub(crate) fn must(engine: &mut Engine, actor: Address, at: u64, body: CommandBody) -> SimResult<Vec<Event>> {
    let kind = body.kind();
    engine.apply(&cmd(actor, at, body)).map_err(|e| SimError::Setup {
        kind,
        actor: actor.to_checksum(),
        message: e.to_string(),
    })
}

/// Whole tokens to base units, rounded down (a float from the scenario or a decision).
pub fn base_units(whole: f64, decimals: u8) -> Amount {
    if !(whole.is_finite() && whole > 0.0) {
        return Amount::ZERO;
    }
    // Whole part and fraction apart, so whole numbers convert exactly; `as`
    // saturates at u128::MAX and truncates toward zero (rounding down).
    let unit = 10u128.pow(u32::from(decimals));
    let int = (whole.trunc() as u128).saturating_mul(unit);
    let frac = (whole.fract() * unit as f64) as u128;
    Amount(int.saturating_add(frac))
}

/// Base units to whole tokens, for displayed figures.
pub fn whole(amount: u128, decimals: u8) -> f64 {
    // Split at the decimal point first, so whole amounts convert exactly.
    let unit = 10u128.pow(u32::from(decimals));
    (amount / unit) as f64 + (amount % unit) as f64 / unit as f64
}

/// A distinct deposit transaction hash: a tag byte and a counter.
pub(crate) fn deposit_hash(tag: u8, n: u64) -> B256 {
    let mut bytes = [0u8; 32];
    bytes[0] = tag;
    bytes[24..].copy_from_slice(&n.to_be_bytes());
    B256::from(bytes)
}

/// A deposit of `amount` of `token` to `to`, recorded by the relayer.
pub(crate) fn deposit(
    p: &Prepared,
    tag: u8,
    n: u64,
    token: TokenId,
    to: Address,
    amount: Amount,
) -> CommandBody {
    CommandBody::RecordDeposit(RecordDeposit {
        chain_id: p.chains[&token],
        tx_hash: deposit_hash(tag, n),
        log_index: n,
        token,
        to,
        amount,
    })
}

/// The first epoch at or after `day`: no epoch starting on or after it emits.
pub fn sunset_epoch(start_unix: u64, day: u32) -> u64 {
    (start_unix + u64::from(day) * DAY_SECS).div_ceil(EPOCH_SECS)
}

/// Builds the shared day-0 engine of a subset.
pub fn prepare(subset: &Subset) -> SimResult<Prepared> {
    let s: &Scenario = &subset.scenario;
    let c = &subset.charter;
    let mut engine = Engine::genesis(c);
    let at = s.start_unix;
    let admin = *c.hub.admins.first().ok_or_else(|| SimError::at("charter", "the hub needs an admin"))?;
    let relayer =
        *c.hub.relayers.first().ok_or_else(|| SimError::at("charter", "the hub needs a relayer"))?;
    let alliance = c.alliance.id.clone();
    let tokens = query::tokens(engine.state());
    let decimals = tokens.tokens.iter().map(|t| (t.token.id, t.token.decimals)).collect();
    let chains = tokens.tokens.iter().map(|t| (t.token.id, t.token.chain_id)).collect();
    let mut vaults: Vec<VaultInfo> =
        c.vaults.iter().map(|v| VaultInfo { id: v.id.clone(), stake_token: v.stake_token }).collect();
    let mut p = Prepared {
        base: Engine::genesis(c),
        admin,
        relayer,
        keeper: Address::derived("sim:keeper"),
        market_account: Address::derived("sim:market"),
        payee: Address::derived("sim:payee"),
        leader: c.alliance.leader,
        treasury: treasury_address(&alliance),
        alliance: alliance.clone(),
        decimals,
        chains,
        vaults: Vec::new(),
        emission: None,
        council: None,
        spend_token: s.treasury.spend_token.or(c.alliance.agreement.commitments.first().map(|x| x.token)),
        columns: columns(s),
        deposits: 0,
    };
    if let Some(e) = &s.emission {
        must(
            &mut engine,
            admin,
            at,
            CommandBody::SetMinter(SetMinter { token: e.token, minter: Some(module_account()) }),
        )?;
    }
    for v in &s.vaults {
        let reward =
            v.reward_token.or(s.emission.as_ref().map(|e| e.token)).expect("checked: a reward token");
        let create = CreateVault {
            id: v.id.clone(),
            alliance: alliance.clone(),
            stake_token: v.stake_token,
            reward_tokens: vec![reward],
            reward_duration_secs: u64::from(v.reward_duration_days) * DAY_SECS,
            idle_rewards: IdleRewards::CarryForward,
            loyalty: None,
            unbonding_secs: u64::from(v.unbonding_days) * DAY_SECS,
            exit_penalty: None,
        };
        must(&mut engine, admin, at, CommandBody::CreateVault(Box::new(create)))?;
        vaults.push(VaultInfo { id: v.id.clone(), stake_token: v.stake_token });
    }
    if let Some(e) = &s.emission {
        let decimals = p.decimals[&e.token];
        let per_week = base_units(e.per_week, decimals);
        let schedule = match e.decay_per_week {
            None => Schedule::Constant { per_epoch: per_week },
            Some(f) => Schedule::ExponentialDecay {
                initial: per_week,
                factor: Amount((f * FACTOR_ONE as f64) as u128),
            },
        };
        let routes: Vec<Route> = if e.routes.is_empty() {
            let only = subset_paying_vault(s, c, e.token);
            vec![Route { vault: only, weight_bps: Bps(10_000) }]
        } else {
            e.routes
                .iter()
                .map(|(v, w)| Route {
                    vault: v.parse().expect("checked: a known vault id"),
                    weight_bps: Bps(*w),
                })
                .collect()
        };
        let start_epoch = epoch_of(Timestamp(at));
        let sunset = s.events.iter().filter(|x| x.kind == EventKind::RewardsEnd).map(|x| x.day).min();
        let id: EmissionId = "sim-emission".parse().expect("a valid id");
        let create = CreateEmission {
            id: id.clone(),
            token: e.token,
            schedule,
            routing: Routing::Fixed { routes },
            start_epoch,
            sunset_epoch: sunset.map(|d| sunset_epoch(at, d).max(start_epoch + 1)),
            cap: Amount(per_week.0.saturating_mul(1_000_000)),
            dust_recipient: p.treasury,
        };
        must(&mut engine, admin, at, CommandBody::CreateEmission(Box::new(create)))?;
        p.emission = Some(id);
    }
    if s.treasury.deliver_commitments {
        for (i, cm) in c.alliance.agreement.commitments.iter().enumerate() {
            let body = deposit(&p, 1, i as u64, cm.token, cm.member, cm.amount);
            must(&mut engine, relayer, at, body)?;
            let pay = Transfer { token: cm.token, to: p.treasury, amount: cm.amount };
            must(&mut engine, cm.member, at, CommandBody::Transfer(pay))?;
        }
    }
    if s.treasury.spend_per_week > 0.0 {
        let spec = c.alliance.council.as_ref().expect("checked: a council");
        let signers = spec.signers.iter().copied().take(usize::from(spec.threshold.max(1))).collect();
        p.council = Some(Council { signers });
    }
    p.base = engine;
    p.vaults = vaults;
    Ok(p)
}

fn subset_paying_vault(s: &Scenario, c: &concord_core::Charter, token: TokenId) -> VaultId {
    crate::scenario::vault_tokens(s, c)
        .into_iter()
        .find(|(_, _, rewards)| rewards.contains(&token))
        .map(|(id, _, _)| id)
        .expect("checked: one vault pays the emission")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_round_down() {
        assert_eq!(base_units(1.5, 18), Amount(1_500_000_000_000_000_000));
        assert_eq!(base_units(100_000.0, 18), Amount(100_000 * 10u128.pow(18)));
        assert_eq!(base_units(0.0000001, 6), Amount(0));
        assert_eq!(base_units(-3.0, 18), Amount(0));
        assert_eq!(whole(2_500_000, 6), 2.5);
    }

    #[test]
    fn sunset_is_the_first_epoch_on_or_after_the_day() {
        // 2026-01-01 is the start of epoch 2922; day 7 starts epoch 2923; day 8 is inside it.
        let start = crate::scenario::DEFAULT_START_UNIX;
        assert_eq!(sunset_epoch(start, 7), 2923);
        assert_eq!(sunset_epoch(start, 8), 2924);
        assert_eq!(sunset_epoch(start, 14), 2924);
    }
}
