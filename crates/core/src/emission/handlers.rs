//! Emission handlers: `create-emission` and `emit`, which mints every due
//! epoch and funds the routed vaults. Each validates everything, then writes.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    CreateEmission, EPOCH_SECS, Emission, EmissionCreated, EmissionDustPaid, EmissionError, EmissionId,
    EmissionState, Emit, EpochEmitted, MAX_EPOCHS_PER_EMIT, MAX_ROUTES, Route, Routing, epoch_of,
    module_account,
};
use crate::command::Event;
use crate::error::EngineResult;
use crate::gauge::Gauges;
use crate::kernel::{Kernel, Plan};
use crate::ledger::{Ledger, LedgerError};
use crate::roles::Role;
use crate::types::{Address, Amount, Timestamp, TokenId};
use crate::vault::{VaultError, VaultId, VaultState, plan_fund};

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
        // The ids are the controller's own; a gauge's target is a vault id by type.
        let Some(vault) = gauges.gauges.get(&id).map(|g| &g.target) else { continue };
        if weight > 0 && payable.contains(vault) {
            *weights.entry(vault.clone()).or_default() += weight;
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
