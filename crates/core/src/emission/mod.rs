//! Emissions of the alliance token per weekly epoch (`epoch = ⌊t / 604800⌋`).
//!
//! Schedules (amount of epoch `start_epoch + k`, `a_k`):
//! * `constant`: `a_k = per_epoch`;
//! * `linear-decay`: `a_k = max(0, initial − k · decrease_per_epoch)` (exact);
//! * `exponential-decay`: `a_0 = initial`, `a_{k+1} = ⌊a_k · factor / 1e18⌋`
//!   (floor at every step, so the figure is reproducible step by step; e.g.
//!   Curve's yearly 2^¼ reduction is a factor of 2^(−1/4) once a year);
//! * `step`: `a_0 = initial`, every `period_epochs` epochs
//!   `a ← ⌊a · factor_bps / 10000⌋` (halving: `factor_bps = 5000`).
//!
//! A hard `cap` bounds the total minted (the epoch that reaches it mints
//! `cap − minted`), and no epoch at or after `sunset_epoch` emits.
//!
//! Tokens are minted only by this module: its account
//! [`module_account`] must be the token's minter (an admin sets it with
//! `set-minter`). Each epoch's amount is routed to vaults by weights: the
//! share of a route is `⌊amount · weight / Σ weights⌋` (floor), the remainder
//! is minted to the emission's named dust recipient. A vault's share funds the
//! vault (`fund-vault` semantics with the vault's reward duration); a share
//! too small to give a positive rate (`share + leftover < duration`) goes to
//! the dust recipient too.
//!
//! **Routing**: [`Routing::Fixed`] bps weights, or [`Routing::Gauges`]: each
//! epoch's relative gauge weights from the gauge controller. `emit_with`
//! takes the per-epoch weights as a function returning `Vec<(VaultId, u128)>`,
//! so the minting, capping and funding logic is the same for both.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::command::Event;
use crate::error::EngineResult;
use crate::gauge::Gauges;
use crate::kernel::{Kernel, Plan};
use crate::ledger::{Ledger, LedgerError};
use crate::roles::Role;
use crate::types::{Address, AllianceId, Amount, Bps, Timestamp, TokenId};
use crate::vault::{VaultError, VaultId, VaultState, plan_fund};

/// An emission's id: a slug with the same rules as an alliance id.
pub type EmissionId = AllianceId;

/// Seconds per epoch: one week.
pub const EPOCH_SECS: u64 = 604_800;
/// 1.0 in the exponential factor's fixed point.
pub const FACTOR_ONE: u128 = 1_000_000_000_000_000_000;
/// Most epochs one `emit` catches up (bounds its cost; call again for more).
pub const MAX_EPOCHS_PER_EMIT: u64 = 52;
/// Most routes per emission.
pub const MAX_ROUTES: usize = 16;

/// The epoch containing `at`: `⌊at / 604800⌋`.
pub fn epoch_of(at: Timestamp) -> u64 {
    at.0 / EPOCH_SECS
}

/// The emission module's account: the minter of every emitted token.
pub fn module_account() -> Address {
    Address::derived("emission")
}

/// An emission schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Schedule {
    /// The same amount every epoch.
    Constant {
        /// Amount per epoch.
        per_epoch: Amount,
    },
    /// Decreases by a fixed amount each epoch, down to zero.
    LinearDecay {
        /// First epoch's amount.
        initial: Amount,
        /// Decrease per epoch.
        decrease_per_epoch: Amount,
    },
    /// Multiplied by `factor / 1e18` each epoch (floor each step).
    ExponentialDecay {
        /// First epoch's amount.
        initial: Amount,
        /// Per-epoch factor in 1e18 fixed point, 1 to 1e18 − 1.
        factor: Amount,
    },
    /// Multiplied by `factor_bps / 10000` every `period_epochs` (floor each step).
    Step {
        /// First epoch's amount.
        initial: Amount,
        /// Epochs per step (≥ 1).
        period_epochs: u64,
        /// Factor per step in bps (0 to 10000; 5000 halves).
        factor_bps: Bps,
    },
}

impl Schedule {
    /// The first epoch's amount.
    pub fn initial(&self) -> Amount {
        match self {
            Self::Constant { per_epoch } => *per_epoch,
            Self::LinearDecay { initial, .. }
            | Self::ExponentialDecay { initial, .. }
            | Self::Step { initial, .. } => *initial,
        }
    }

    /// `a_{k+1}` from `a_k`.
    pub fn next(&self, k: u64, amount: Amount) -> Amount {
        match self {
            Self::Constant { .. } => amount,
            Self::LinearDecay { decrease_per_epoch, .. } => {
                amount.checked_sub(*decrease_per_epoch).unwrap_or(Amount::ZERO)
            }
            // factor < 1e18, so the result is below `amount`.
            Self::ExponentialDecay { factor, .. } => {
                amount.mul_div_floor(factor.0, FACTOR_ONE).unwrap_or(Amount::ZERO)
            }
            Self::Step { period_epochs, factor_bps, .. } => {
                if (k + 1).is_multiple_of(*period_epochs) {
                    amount.mul_div_floor(u128::from(factor_bps.0), 10_000).unwrap_or(Amount::ZERO)
                } else {
                    amount
                }
            }
        }
    }

    fn check(&self) -> Result<(), (String, String)> {
        let bad = |path: &str, rule: String| Err((format!("body.schedule.{path}"), rule));
        if self.initial().is_zero() {
            let path = if matches!(self, Self::Constant { .. }) { "per_epoch" } else { "initial" };
            return bad(path, "must be greater than zero".into());
        }
        match self {
            Self::ExponentialDecay { factor, .. } if factor.is_zero() || factor.0 >= FACTOR_ONE => bad(
                "factor",
                format!("must be 1 to {} (below 1.0 in 1e18 fixed point), got {factor}", FACTOR_ONE - 1),
            ),
            Self::Step { period_epochs: 0, .. } => bad("period_epochs", "must be at least 1".into()),
            Self::Step { factor_bps, .. } if !factor_bps.is_valid() => {
                bad("factor_bps", format!("must be ≤ 10000, got {}", factor_bps.0))
            }
            _ => Ok(()),
        }
    }
}

/// One route: a vault and its weight in bps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// The vault (the emitted token must be one of its reward tokens).
    pub vault: VaultId,
    /// Its weight in bps; the weights sum to exactly 10000.
    pub weight_bps: Bps,
}

/// How an epoch's amount is split across vaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Routing {
    /// Fixed weights in bps summing to 10000.
    Fixed {
        /// The routes.
        routes: Vec<Route>,
    },
    /// Each epoch split by the gauge controller's relative weights (Curve
    /// `gauge_relative_weight` at the epoch's start), over gauges whose target
    /// is a vault paying the emitted token. A share with no such vault, or an
    /// epoch nobody voted in, goes to the dust recipient.
    Gauges {},
}

impl Routing {
    /// The fixed weights (empty for gauge routing, whose weights come from
    /// the gauge controller per epoch: see [`gauge_weights`]).
    pub fn weights(&self, _epoch: u64) -> Vec<(VaultId, u128)> {
        match self {
            Self::Fixed { routes } => {
                routes.iter().map(|r| (r.vault.clone(), u128::from(r.weight_bps.0))).collect()
            }
            Self::Gauges {} => Vec::new(),
        }
    }
}

/// An emission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Emission {
    /// Its id.
    pub id: EmissionId,
    /// The token minted.
    pub token: TokenId,
    /// The schedule.
    pub schedule: Schedule,
    /// Routing.
    pub routing: Routing,
    /// First epoch.
    pub start_epoch: u64,
    /// First epoch that emits nothing, if any.
    pub sunset_epoch: Option<u64>,
    /// Most ever minted.
    pub cap: Amount,
    /// Who receives rounding remainders.
    pub dust_recipient: Address,
    /// Next epoch to emit.
    pub next_epoch: u64,
    /// Its scheduled amount (before the cap).
    pub next_amount: Amount,
    /// Minted so far.
    pub minted: Amount,
}

impl Emission {
    /// Whether no epoch will ever emit again: the cap is reached, the sunset
    /// passed, or the schedule reached 0 (every schedule is non-increasing).
    pub fn finished(&self) -> bool {
        self.minted >= self.cap
            || self.sunset_epoch.is_some_and(|s| self.next_epoch >= s)
            || self.next_amount.is_zero()
    }
}

/// Every emission.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmissionState {
    /// Emissions by id.
    pub emissions: BTreeMap<EmissionId, Emission>,
}

/// Why an emission command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmissionError {
    /// No emission has this id.
    #[error("body.emission: unknown emission `{emission}`")]
    UnknownEmission {
        /// The id.
        emission: EmissionId,
    },
    /// An emission with this id exists.
    #[error("body.id: emission `{emission}` already exists")]
    DuplicateEmission {
        /// The id.
        emission: EmissionId,
    },
    /// Only hub admins create emissions (they mint the alliance token).
    #[error("actor: {actor} is not a hub admin; only admins create emissions")]
    NotAdmin {
        /// Who tried.
        actor: Address,
    },
    /// The emission module must be the token's minter.
    #[error(
        "body.token: the minter of {token} must be the emission module {module}, is {minter:?}; an admin sets it with set-minter"
    )]
    NotModuleMinter {
        /// The token.
        token: TokenId,
        /// The module's account.
        module: Address,
        /// The current minter.
        minter: Option<Address>,
    },
    /// A parameter breaks a rule.
    #[error("{path}: {rule}")]
    Invalid {
        /// The offending field.
        path: String,
        /// The rule.
        rule: String,
    },
    /// Nothing to emit yet, or the emission has finished.
    #[error("body.emission: emission `{emission}` has nothing to emit at epoch {current} (next epoch {next_epoch}{})", if *.finished { ", finished: cap reached or sunset passed" } else { "" })]
    NothingToEmit {
        /// The id.
        emission: EmissionId,
        /// The current epoch.
        current: u64,
        /// The next epoch to emit.
        next_epoch: u64,
        /// Whether it will never emit again.
        finished: bool,
    },
}

impl EmissionError {
    /// The command field the error is about.
    pub fn field(&self) -> &str {
        match self {
            Self::UnknownEmission { .. } | Self::NothingToEmit { .. } => "body.emission",
            Self::DuplicateEmission { .. } => "body.id",
            Self::NotAdmin { .. } => "actor",
            Self::NotModuleMinter { .. } => "body.token",
            Self::Invalid { path, .. } => path,
        }
    }

    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownEmission { .. } => "unknown_emission",
            Self::DuplicateEmission { .. } => "duplicate_emission",
            Self::NotAdmin { .. } => "missing_role",
            Self::NotModuleMinter { .. } => "not_module_minter",
            Self::Invalid { .. } => "invalid_emission",
            Self::NothingToEmit { .. } => "nothing_to_emit",
        }
    }
}

/// Create an emission (hub admins only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateEmission {
    /// New id.
    pub id: EmissionId,
    /// The token to mint (its minter must be the emission module).
    pub token: TokenId,
    /// The schedule.
    pub schedule: Schedule,
    /// Routing to vaults.
    pub routing: Routing,
    /// First epoch (≥ the current epoch).
    pub start_epoch: u64,
    /// First epoch that emits nothing (> start_epoch), if any.
    #[serde(default)]
    pub sunset_epoch: Option<u64>,
    /// Most ever minted (> 0).
    pub cap: Amount,
    /// Who receives rounding remainders.
    pub dust_recipient: Address,
}

/// Mint and route every due epoch, up to 52 at a time (anyone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Emit {
    /// The emission.
    pub emission: EmissionId,
}

/// An emission was created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmissionCreated {
    /// The emission as created.
    pub emission: Emission,
}

/// One epoch was emitted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpochEmitted {
    /// The emission.
    pub emission: EmissionId,
    /// The epoch.
    pub epoch: u64,
    /// Minted for it (after the cap).
    pub amount: Amount,
    /// Per route, `⌊amount · weight / Σ weights⌋`.
    pub shares: Vec<(VaultId, Amount)>,
    /// The split's rounding remainder (minted to the dust recipient).
    pub dust: Amount,
    /// Minted in total so far.
    pub minted: Amount,
}

/// What an `emit` minted to the dust recipient: the split remainders of its
/// epochs plus any vault share too small to give a positive rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmissionDustPaid {
    /// The emission.
    pub emission: EmissionId,
    /// The dust recipient.
    pub recipient: Address,
    /// Amount minted to it.
    pub amount: Amount,
}

fn invalid(path: impl Into<String>, rule: impl Into<String>) -> EmissionError {
    EmissionError::Invalid { path: path.into(), rule: rule.into() }
}

fn check_minter(ledger: &Ledger, token: TokenId) -> EngineResult<()> {
    let minter = ledger.token(token, "body.token")?.token.minter;
    if minter == Some(module_account()) {
        Ok(())
    } else {
        Err(EmissionError::NotModuleMinter { token, module: module_account(), minter }.into())
    }
}

/// `create-emission`.
pub(crate) fn create(
    emissions: &mut EmissionState,
    k: &Kernel<'_>,
    vaults: &VaultState,
    actor: Address,
    at: Timestamp,
    c: &CreateEmission,
) -> EngineResult<Vec<Event>> {
    if emissions.emissions.contains_key(&c.id) {
        return Err(EmissionError::DuplicateEmission { emission: c.id.clone() }.into());
    }
    if !k.roles().has(Role::Admin, actor) {
        return Err(EmissionError::NotAdmin { actor }.into());
    }
    check_minter(k.ledger(), c.token)?;
    c.schedule.check().map_err(|(p, r)| invalid(p, r))?;
    let current = epoch_of(at);
    if c.start_epoch < current {
        return Err(invalid(
            "body.start_epoch",
            format!("must be ≥ the current epoch {current}, got {}", c.start_epoch),
        )
        .into());
    }
    if let Some(s) = c.sunset_epoch
        && s <= c.start_epoch
    {
        return Err(invalid(
            "body.sunset_epoch",
            format!("must be after start_epoch {}, got {s}", c.start_epoch),
        )
        .into());
    }
    if c.cap.is_zero() {
        return Err(invalid("body.cap", "must be greater than zero").into());
    }
    if c.dust_recipient.is_zero() {
        return Err(invalid("body.dust_recipient", "must not be the zero address").into());
    }
    let routes: &[Route] = match &c.routing {
        Routing::Fixed { routes } => routes,
        Routing::Gauges {} => &[],
    };
    if matches!(c.routing, Routing::Fixed { .. }) && routes.is_empty() || routes.len() > MAX_ROUTES {
        return Err(invalid(
            "body.routing.routes",
            format!("must have 1 to {MAX_ROUTES} routes, got {}", routes.len()),
        )
        .into());
    }
    let mut seen = BTreeSet::new();
    let mut sum = 0u32;
    for (i, r) in routes.iter().enumerate() {
        let path = format!("body.routing.routes[{i}]");
        let v = vaults
            .vaults
            .get(&r.vault)
            .ok_or_else(|| invalid(format!("{path}.vault"), format!("unknown vault `{}`", r.vault)))?;
        if !v.rewards.contains_key(&c.token) {
            return Err(invalid(
                format!("{path}.vault"),
                format!("vault `{}` does not pay {}", r.vault, c.token),
            )
            .into());
        }
        if !seen.insert(r.vault.clone()) {
            return Err(invalid(format!("{path}.vault"), format!("vault `{}` appears twice", r.vault)).into());
        }
        if r.weight_bps.0 == 0 || !r.weight_bps.is_valid() {
            return Err(invalid(
                format!("{path}.weight_bps"),
                format!("must be 1 to 10000, got {}", r.weight_bps.0),
            )
            .into());
        }
        sum += u32::from(r.weight_bps.0);
    }
    if matches!(c.routing, Routing::Fixed { .. }) && sum != 10_000 {
        return Err(invalid(
            "body.routing.routes",
            format!("weight_bps must sum to exactly 10000, got {sum}"),
        )
        .into());
    }
    let emission = Emission {
        id: c.id.clone(),
        token: c.token,
        schedule: c.schedule.clone(),
        routing: c.routing.clone(),
        start_epoch: c.start_epoch,
        sunset_epoch: c.sunset_epoch,
        cap: c.cap,
        dust_recipient: c.dust_recipient,
        next_epoch: c.start_epoch,
        next_amount: c.schedule.initial(),
        minted: Amount::ZERO,
    };
    emissions.emissions.insert(c.id.clone(), emission.clone());
    Ok(vec![Event::EmissionCreated(EmissionCreated { emission })])
}

/// `emit` with the emission's own routing.
pub(crate) fn emit(
    emissions: &mut EmissionState,
    k: &mut Kernel<'_>,
    vaults: &mut VaultState,
    gauges: &Gauges,
    at: Timestamp,
    c: &Emit,
) -> EngineResult<Vec<Event>> {
    let by_gauges = emissions.emissions.get(&c.emission).filter(|e| matches!(e.routing, Routing::Gauges {}));
    let Some(emission) = by_gauges else {
        return emit_with(emissions, k, vaults, at, &c.emission, |e, epoch| e.routing.weights(epoch));
    };
    // The weights are read from the controller as it stands (emitting changes
    // neither gauges nor which vaults pay the token).
    let payable: BTreeSet<VaultId> = vaults
        .vaults
        .iter()
        .filter(|(_, v)| v.rewards.contains_key(&emission.token))
        .map(|(id, _)| id.clone())
        .collect();
    emit_with(emissions, k, vaults, at, &c.emission, |_, epoch| gauge_weights(gauges, &payable, epoch))
}

/// An epoch's split by relative gauge weight (1e18 fixed point, Curve's
/// `gauge_relative_weight` at the epoch's start) over gauges whose target is
/// one of `payable`; gauges pointing at the same vault add up.
pub fn gauge_weights(gauges: &Gauges, payable: &BTreeSet<VaultId>, epoch: u64) -> Vec<(VaultId, u128)> {
    let mut weights: BTreeMap<VaultId, u128> = BTreeMap::new();
    for (id, weight) in gauges.relative_weights(Timestamp(epoch.saturating_mul(EPOCH_SECS))) {
        let Some(vault) = gauges.gauges.get(&id).and_then(|g| g.target.parse::<VaultId>().ok()) else {
            continue;
        };
        if weight > 0 && payable.contains(&vault) {
            *weights.entry(vault).or_default() += weight;
        }
    }
    weights.into_iter().collect()
}

/// Emits every due epoch (up to [`MAX_EPOCHS_PER_EMIT`]) with per-epoch
/// weights from `weights` (the gauge module's entry point).
fn emit_with(
    emissions: &mut EmissionState,
    k: &mut Kernel<'_>,
    vaults: &mut VaultState,
    at: Timestamp,
    id: &EmissionId,
    weights: impl Fn(&Emission, u64) -> Vec<(VaultId, u128)>,
) -> EngineResult<Vec<Event>> {
    let e =
        emissions.emissions.get(id).ok_or_else(|| EmissionError::UnknownEmission { emission: id.clone() })?;
    let current = epoch_of(at);
    if e.finished() || e.next_epoch > current {
        return Err(EmissionError::NothingToEmit {
            emission: id.clone(),
            current,
            next_epoch: e.next_epoch,
            finished: e.finished(),
        }
        .into());
    }
    check_minter(k.ledger(), e.token)?;
    let token = e.token;
    let module = module_account();
    let mut next = e.clone();
    let mut events = Vec::new();
    let mut per_vault: BTreeMap<VaultId, Amount> = BTreeMap::new();
    let mut dust_total = Amount::ZERO;
    let overflow = || LedgerError::Overflow { what: "cumulative minted", token };
    let last = current.min(e.next_epoch.saturating_add(MAX_EPOCHS_PER_EMIT - 1));
    while next.next_epoch <= last && !next.finished() {
        let epoch = next.next_epoch;
        let k = epoch - next.start_epoch;
        let amount = next.next_amount.min(Amount(next.cap.0 - next.minted.0));
        let w = weights(&next, epoch);
        let raw: Vec<u128> = w.iter().map(|(_, x)| *x).collect();
        let (parts, dust) =
            crate::split::split_floor(amount, &raw).unwrap_or((vec![Amount::ZERO; w.len()], amount));
        let mut shares = Vec::new();
        for ((vault, _), part) in w.iter().zip(parts) {
            shares.push((vault.clone(), part));
            let slot = per_vault.entry(vault.clone()).or_insert(Amount::ZERO);
            *slot = slot.checked_add(part).ok_or_else(overflow)?;
        }
        dust_total = dust_total.checked_add(dust).ok_or_else(overflow)?;
        next.minted = next.minted.checked_add(amount).ok_or_else(overflow)?;
        next.next_amount = next.schedule.next(k, next.next_amount);
        next.next_epoch = epoch + 1;
        events.push(Event::EpochEmitted(EpochEmitted {
            emission: id.clone(),
            epoch,
            amount,
            shares,
            dust,
            minted: next.minted,
        }));
    }
    // Plan the funding of each vault; a share too small for a positive rate goes to the dust recipient.
    let mut fundings = Vec::new();
    let mut mints = Plan::default();
    let mut moves = Plan::default();
    for (vault, amount) in per_vault {
        if amount.is_zero() {
            continue;
        }
        match plan_fund(vaults, k.ledger(), &vault, module, token, amount, at) {
            Ok(mut plan) => {
                mints.mint(token, module, crate::vault::vault_account(&vault), amount);
                moves.extend(plan.take_moves());
                fundings.push(plan);
            }
            Err(VaultError::RateZero { .. }) => {
                dust_total = dust_total.checked_add(amount).ok_or_else(overflow)?
            }
            Err(other) => return Err(other.into()),
        }
    }
    mints.mint(token, module, next.dust_recipient, dust_total);
    // The mints, then the vaults' idle returns, checked together.
    mints.extend(moves);
    events.splice(0..0, k.transact(mints, at)?);
    for plan in fundings {
        events.extend(plan.write(vaults));
    }
    if !dust_total.is_zero() {
        events.push(Event::EmissionDustPaid(EmissionDustPaid {
            emission: id.clone(),
            recipient: next.dust_recipient,
            amount: dust_total,
        }));
    }
    emissions.emissions.insert(id.clone(), next);
    Ok(events)
}
