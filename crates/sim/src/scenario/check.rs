//! The rules a scenario follows against its charter, each error naming the
//! field path. Run before any engine command, so a bad file fails at once.

use std::collections::BTreeSet;

use concord_core::Charter;
use concord_core::alliance::DecisionModel;
use concord_core::types::{TokenId, VaultId};

use super::spec::{AgentKind, EventKind, Population, Scenario, When};
use crate::error::{SimError, SimResult};
use crate::market::cholesky;
use crate::metrics::columns;

/// Longest horizon: ten years of daily steps.
pub const MAX_HORIZON_DAYS: u32 = 3650;

fn err<T>(path: impl Into<String>, message: impl Into<String>) -> SimResult<T> {
    Err(SimError::at(path, message))
}

/// Every vault the scenario can use: the charter's, then the scenario's, with
/// their stake and reward tokens.
pub(crate) fn vault_tokens(s: &Scenario, charter: &Charter) -> Vec<(VaultId, TokenId, Vec<TokenId>)> {
    let mut out: Vec<(VaultId, TokenId, Vec<TokenId>)> =
        charter.vaults.iter().map(|v| (v.id.clone(), v.stake_token, v.all_reward_tokens())).collect();
    for v in &s.vaults {
        let reward = v.reward_token.or(s.emission.as_ref().map(|e| e.token));
        out.push((v.id.clone(), v.stake_token, reward.into_iter().collect()));
    }
    out
}

pub(super) fn check(s: &Scenario, charter: &Charter) -> SimResult<()> {
    if s.horizon_days == 0 || s.horizon_days > MAX_HORIZON_DAYS {
        return err("horizon_days", format!("must be 1 to {MAX_HORIZON_DAYS}, got {}", s.horizon_days));
    }
    if s.runs == 0 {
        return err("runs", "must be at least 1");
    }
    let tokens: BTreeSet<TokenId> = charter.tokens.iter().map(|t| t.id).collect();
    let priced: BTreeSet<TokenId> = s.market.tokens.iter().map(|t| t.token).collect();
    check_market(s, &tokens)?;
    let vaults = vault_tokens(s, charter);
    check_vaults(s, charter, &tokens, &priced, &vaults)?;
    check_emission(s, &tokens, &vaults)?;
    check_treasury(s, charter, &priced)?;
    for (i, p) in s.agents.iter().enumerate() {
        check_population(&format!("agents[{i}]"), p, s, charter, &vaults)?;
    }
    check_events(s, charter)?;
    if let Some(g) = &s.governance {
        if g.every_days == 0 {
            return err("governance.every_days", "must be at least 1");
        }
        if g.voting_days == 0 || g.voting_days > 30 {
            return err("governance.voting_days", format!("must be 1 to 30, got {}", g.voting_days));
        }
        if charter.alliance.decision_model != DecisionModel::TokenWeighted {
            return err(
                "governance",
                format!(
                    "simulated votes need a token-weighted alliance, the charter's decision_model is {} \
                     (set charter.set.\"alliance.decision_model\" = \"token-weighted\")",
                    charter.alliance.decision_model.name()
                ),
            );
        }
    }
    let metrics = columns(s);
    for (i, a) in s.assertions.iter().enumerate() {
        let p = format!("assert[{i}]");
        if !metrics.contains(&a.metric) {
            return err(
                format!("{p}.metric"),
                format!("unknown metric `{}` (known: {})", a.metric, metrics.join(", ")),
            );
        }
        if a.below.is_some() == a.above.is_some() {
            return err(p, "give exactly one of below, above");
        }
        if let When::Day(d) = a.at
            && d > s.horizon_days
        {
            return err(format!("{p}.at"), format!("day {d} is after the horizon {}", s.horizon_days));
        }
        if let Some(m) = a.max_share
            && !(0.0..=1.0).contains(&m)
        {
            return err(format!("{p}.max_share"), format!("must be 0 to 1, got {m}"));
        }
    }
    Ok(())
}

// Matrix indices read as the rule does (c[i][j] = c[j][i]).
#[allow(clippy::needless_range_loop)]
fn check_market(s: &Scenario, tokens: &BTreeSet<TokenId>) -> SimResult<()> {
    let mut seen = BTreeSet::new();
    for (i, t) in s.market.tokens.iter().enumerate() {
        let p = format!("market.tokens[{i}]");
        if !tokens.contains(&t.token) {
            return err(format!("{p}.token"), format!("`{}` is not a charter token", t.token));
        }
        if !seen.insert(t.token) {
            return err(format!("{p}.token"), format!("`{}` appears twice", t.token));
        }
        if !(t.price.is_finite() && t.price > 0.0) {
            return err(format!("{p}.price"), format!("must be > 0, got {}", t.price));
        }
        if !(t.volatility.is_finite() && t.volatility >= 0.0) {
            return err(format!("{p}.volatility"), format!("must be ≥ 0, got {}", t.volatility));
        }
        if !t.drift.is_finite() {
            return err(format!("{p}.drift"), "must be finite");
        }
        if let Some(d) = t.depth
            && !(d.is_finite() && d > 0.0)
        {
            return err(format!("{p}.depth"), format!("must be > 0, got {d}"));
        }
    }
    if let Some(c) = &s.market.correlation {
        let n = s.market.tokens.len();
        if c.len() != n || c.iter().any(|r| r.len() != n) {
            return err(
                "market.correlation",
                format!("must be {n}×{n} (one row and column per market token)"),
            );
        }
        for i in 0..n {
            if c[i][i] != 1.0 {
                return err(format!("market.correlation[{i}][{i}]"), format!("must be 1, got {}", c[i][i]));
            }
            for j in 0..n {
                if c[i][j] != c[j][i] || !(-1.0..=1.0).contains(&c[i][j]) {
                    return err(
                        format!("market.correlation[{i}][{j}]"),
                        "must be symmetric and within −1 to 1",
                    );
                }
            }
        }
        if cholesky(c).is_none() {
            return err("market.correlation", "must be positive definite");
        }
    }
    for (i, sh) in s.market.shocks.iter().enumerate() {
        let p = format!("market.shocks[{i}]");
        if !s.market.tokens.iter().any(|t| t.token == sh.token) {
            return err(format!("{p}.token"), format!("`{}` is not a market token", sh.token));
        }
        if sh.day == 0 || sh.day > s.horizon_days {
            return err(format!("{p}.day"), format!("must be 1 to {}, got {}", s.horizon_days, sh.day));
        }
        if !(sh.change.is_finite() && sh.change > -1.0) {
            return err(format!("{p}.change"), format!("must be above −1, got {}", sh.change));
        }
    }
    Ok(())
}

fn check_vaults(
    s: &Scenario,
    charter: &Charter,
    tokens: &BTreeSet<TokenId>,
    priced: &BTreeSet<TokenId>,
    vaults: &[(VaultId, TokenId, Vec<TokenId>)],
) -> SimResult<()> {
    for (i, v) in s.vaults.iter().enumerate() {
        let p = format!("vaults[{i}]");
        if charter.vaults.iter().any(|c| c.id == v.id) || s.vaults[..i].iter().any(|o| o.id == v.id) {
            return err(format!("{p}.id"), format!("vault `{}` is defined twice", v.id));
        }
        if !tokens.contains(&v.stake_token) {
            return err(format!("{p}.stake_token"), format!("`{}` is not a charter token", v.stake_token));
        }
        if v.reward_token.is_none() && s.emission.is_none() {
            return err(format!("{p}.reward_token"), "is required without an emission");
        }
        if v.reward_duration_days == 0 {
            return err(format!("{p}.reward_duration_days"), "must be at least 1");
        }
    }
    for (id, stake, rewards) in vaults {
        for t in std::iter::once(stake).chain(rewards) {
            if !priced.contains(t) {
                return err("market.tokens", format!("needs a price for {t} (a token of vault `{id}`)"));
            }
        }
    }
    Ok(())
}

fn check_emission(
    s: &Scenario,
    tokens: &BTreeSet<TokenId>,
    vaults: &[(VaultId, TokenId, Vec<TokenId>)],
) -> SimResult<()> {
    let Some(e) = &s.emission else { return Ok(()) };
    if !tokens.contains(&e.token) {
        return err("emission.token", format!("`{}` is not a charter token", e.token));
    }
    if !(e.per_week.is_finite() && e.per_week > 0.0) {
        return err("emission.per_week", format!("must be > 0, got {}", e.per_week));
    }
    if let Some(d) = e.decay_per_week
        && !(d > 0.0 && d < 1.0)
    {
        return err("emission.decay_per_week", format!("must be between 0 and 1 (exclusive), got {d}"));
    }
    let paying: Vec<&VaultId> =
        vaults.iter().filter(|(_, _, r)| r.contains(&e.token)).map(|(id, _, _)| id).collect();
    if e.routes.is_empty() {
        if paying.len() != 1 {
            return err("emission.routes", format!("needed when {} vaults pay {}", paying.len(), e.token));
        }
        return Ok(());
    }
    let mut sum = 0u32;
    for (id, w) in &e.routes {
        if !paying.iter().any(|v| v.as_str() == id) {
            return err(format!("emission.routes.{id}"), format!("no vault `{id}` pays {}", e.token));
        }
        sum += u32::from(*w);
    }
    if sum != 10_000 {
        return err("emission.routes", format!("weights must sum to 10000, got {sum}"));
    }
    Ok(())
}

fn check_treasury(s: &Scenario, charter: &Charter, priced: &BTreeSet<TokenId>) -> SimResult<()> {
    let t = &s.treasury;
    if !(t.spend_per_week.is_finite() && t.spend_per_week >= 0.0) {
        return err("treasury.spend_per_week", format!("must be ≥ 0, got {}", t.spend_per_week));
    }
    let token = t.spend_token.or(charter.alliance.agreement.commitments.first().map(|c| c.token));
    if t.spend_per_week > 0.0 {
        let Some(token) = token else {
            return err("treasury.spend_token", "is required when the charter has no commitment");
        };
        if !priced.contains(&token) {
            return err("treasury.spend_token", format!("needs a market price for {token}"));
        }
        let Some(council) = &charter.alliance.council else {
            return err(
                "treasury.spend_per_week",
                "spending is paid by council transaction: the charter has no council",
            );
        };
        if !council.limits.iter().any(|l| l.token == token) {
            return err("treasury.spend_token", format!("the council has no weekly limit for {token}"));
        }
    }
    Ok(())
}

fn share(path: String, v: Option<f64>) -> SimResult<()> {
    match v {
        Some(x) if !(0.0..=1.0).contains(&x) => err(path, format!("must be 0 to 1, got {x}")),
        _ => Ok(()),
    }
}

fn check_population(
    p: &str,
    a: &Population,
    s: &Scenario,
    charter: &Charter,
    vaults: &[(VaultId, TokenId, Vec<TokenId>)],
) -> SimResult<()> {
    let kind = a.kind;
    let only = |field: &str, present: bool, kinds: &[AgentKind]| -> SimResult<()> {
        if present && !kinds.contains(&kind) {
            let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
            return err(
                format!("{p}.{field}"),
                format!("only {} agents take it, not {}", names.join(", "), kind.name()),
            );
        }
        Ok(())
    };
    use AgentKind::*;
    let stakers = [Holder, Farmer, Whale, Community];
    only("vault", a.vault.is_some(), &stakers)?;
    only("stake", a.stake.is_some(), &stakers)?;
    only("claim_every_days", a.claim_every_days.is_some(), &stakers)?;
    only("sell_rewards", a.sell_rewards.is_some(), &stakers)?;
    only("sell_on_exit", a.sell_on_exit.is_some(), &[Farmer, Whale, Community])?;
    only("balance", a.balance.is_some(), &[Voter, Sybil, Arbitrageur])?;
    only("token", a.token.is_some(), &[Voter, Sybil, Arbitrageur])?;
    only("capital", a.capital.is_some(), &[Arbitrageur])?;
    only("band", a.band.is_some(), &[Arbitrageur])?;
    only("apr_threshold", a.apr_threshold.is_some(), &[Farmer])?;
    only("exit_drawdown", a.exit_drawdown.is_some(), &[Whale])?;
    only("participation", a.participation.is_some(), &[Voter])?;
    only("for_probability", a.for_probability.is_some(), &[Voter])?;
    only("choice", a.choice.is_some(), &[Sybil])?;
    only("member", a.member.is_some(), &[Community])?;
    only("exit_over_days", a.exit_over_days.is_some(), &[Community])?;
    let required = |field: &str, present: bool| -> SimResult<()> {
        if present {
            Ok(())
        } else {
            err(format!("{p}.{field}"), format!("is required for {} agents", kind.name()))
        }
    };
    if kind.stakes() {
        required("stake", a.stake.is_some())?;
        let sampler = a.stake.as_ref().expect("checked").0.sampler(&format!("{p}.stake"))?;
        let _ = sampler;
        match &a.vault {
            Some(v) if !vaults.iter().any(|(id, _, _)| id == v) => {
                return err(format!("{p}.vault"), format!("unknown vault `{v}`"));
            }
            None if vaults.is_empty() => return err(format!("{p}.vault"), "there is no vault to stake in"),
            _ => {}
        }
        if a.claim_every_days == Some(0) {
            return err(format!("{p}.claim_every_days"), "must be at least 1");
        }
        share(format!("{p}.sell_rewards"), a.sell_rewards)?;
        share(format!("{p}.sell_on_exit"), a.sell_on_exit)?;
    }
    match kind {
        Farmer => {
            required("apr_threshold", a.apr_threshold.is_some())?;
            a.apr_threshold.as_ref().expect("checked").0.sampler(&format!("{p}.apr_threshold"))?;
        }
        Whale => {
            required("exit_drawdown", a.exit_drawdown.is_some())?;
            a.exit_drawdown.as_ref().expect("checked").0.sampler(&format!("{p}.exit_drawdown"))?;
        }
        Voter | Sybil => {
            required("balance", a.balance.is_some())?;
            a.balance.as_ref().expect("checked").0.sampler(&format!("{p}.balance"))?;
            if let Some(d) = &a.participation {
                d.0.sampler(&format!("{p}.participation"))?;
            }
            share(format!("{p}.for_probability"), a.for_probability)?;
            if let Some(c) = &a.choice
                && !["for", "against", "abstain"].contains(&c.as_str())
            {
                return err(format!("{p}.choice"), format!("must be for, against or abstain, got `{c}`"));
            }
            let token = a.token.or(charter.alliance.governance.weights.first().map(|w| w.token));
            match token {
                None => return err(format!("{p}.token"), "the charter weighs no token for voting power"),
                Some(t) if !charter.tokens.iter().any(|x| x.id == t) => {
                    return err(format!("{p}.token"), format!("`{t}` is not a charter token"));
                }
                Some(_) => {}
            }
            if s.governance.is_none() {
                return err(
                    p,
                    format!(
                        "{} agents need a [governance] section (the proposals they vote on)",
                        kind.name()
                    ),
                );
            }
        }
        Community => {
            required("member", a.member.is_some())?;
            let m = a.member.expect("checked");
            if !charter.alliance.members.iter().any(|x| x.account == m) {
                return err(format!("{p}.member"), format!("{m} is not a charter member"));
            }
        }
        Arbitrageur => {
            required("token", a.token.is_some())?;
            required("capital", a.capital.is_some())?;
            a.capital.as_ref().expect("checked").0.sampler(&format!("{p}.capital"))?;
            if let Some(d) = &a.balance {
                d.0.sampler(&format!("{p}.balance"))?;
            }
            let t = a.token.expect("checked");
            if !charter.tokens.iter().any(|x| x.id == t) {
                return err(format!("{p}.token"), format!("`{t}` is not a charter token"));
            }
            match s.market.tokens.iter().find(|m| m.token == t) {
                None => return err(format!("{p}.token"), format!("the market does not price `{t}`")),
                Some(m) if m.depth.is_none() => {
                    return err(
                        format!("{p}.token"),
                        format!("arbitrage needs a price impact: give `{t}` a depth in market.tokens"),
                    );
                }
                Some(_) => {}
            }
            match a.band {
                Some(b) if !(b.is_finite() && (0.0..1.0).contains(&b)) => {
                    return err(format!("{p}.band"), format!("must be at least 0 and below 1, got {b}"));
                }
                _ => {}
            }
        }
        Holder => {}
    }
    Ok(())
}

fn check_events(s: &Scenario, charter: &Charter) -> SimResult<()> {
    for (i, e) in s.events.iter().enumerate() {
        let p = format!("events[{i}]");
        if e.day == 0 || e.day > s.horizon_days {
            return err(format!("{p}.day"), format!("must be 1 to {}, got {}", s.horizon_days, e.day));
        }
        match e.kind {
            EventKind::RewardsEnd => {
                if s.emission.is_none() {
                    return err(format!("{p}.kind"), "rewards-end needs an [emission]");
                }
                if e.member.is_some() {
                    return err(format!("{p}.member"), "only member-exit events name a member");
                }
            }
            EventKind::MemberExit => {
                let Some(m) = e.member else {
                    return err(format!("{p}.member"), "is required for member-exit");
                };
                if !charter.alliance.members.iter().any(|x| x.account == m) {
                    return err(format!("{p}.member"), format!("{m} is not a charter member"));
                }
                if charter.alliance.leader == m {
                    return err(format!("{p}.member"), "the leader cannot leave (the engine refuses it)");
                }
            }
        }
    }
    Ok(())
}
