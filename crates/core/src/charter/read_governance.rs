//! Reads `[alliance.governance]` and `[alliance.council]`.

use std::collections::BTreeMap;

use toml::Table;

use super::reader::{Reader, amount, boolean, bps, one_of, parsed, u8_, u64_};
use crate::governance::council::{CouncilSpec, TreasuryLimit};
use crate::governance::{GovernanceSpec, RevotePolicy, Scope, ScopeRules, TokenWeight};

/// `[alliance.governance]`; absent means the defaults.
pub(super) fn governance(r: &mut Reader<'_>, parent: &Table) -> Option<GovernanceSpec> {
    let p = "alliance.governance";
    let Some(value) = parent.get("governance") else { return Some(GovernanceSpec::default()) };
    let Some(t) = value.as_table() else {
        r.out.push(p, format!("must be a table, got {}", value.type_str()));
        return None;
    };
    r.deny_unknown(
        t,
        p,
        &["weights", "ve_weight_bps", "revote", "dual_majority", "grace_period_secs", "scopes"],
    );
    let defaults = GovernanceSpec::default();
    let weights: Option<Vec<TokenWeight>> = optional_tables(r, t, p, "weights")
        .into_iter()
        .map(|(wp, w)| {
            r.deny_unknown(w, &wp, &["token", "weight_bps"]);
            let token = r.req(w, &wp, "token", parsed);
            let weight_bps = r.req(w, &wp, "weight_bps", bps);
            Some(TokenWeight { token: token?, weight_bps: weight_bps? })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let revote = r.opt(t, p, "revote", |v| {
        one_of(v, &[RevotePolicy::Replace, RevotePolicy::Final], |x| match x {
            RevotePolicy::Replace => "replace",
            RevotePolicy::Final => "final",
        })
    });
    let ve_weight = r.opt(t, p, "ve_weight_bps", bps);
    let dual_majority = r.opt(t, p, "dual_majority", boolean);
    let grace = r.opt(t, p, "grace_period_secs", u64_);
    let scopes = match t.get("scopes") {
        None => Some(BTreeMap::new()),
        Some(toml::Value::Table(scopes)) => scope_rules(r, scopes),
        Some(other) => {
            r.out.push(format!("{p}.scopes"), format!("must be a table, got {}", other.type_str()));
            None
        }
    };
    Some(GovernanceSpec {
        weights: weights?,
        ve_weight_bps: ve_weight?.unwrap_or(defaults.ve_weight_bps),
        revote: revote?.unwrap_or(defaults.revote),
        dual_majority: dual_majority?.unwrap_or(defaults.dual_majority),
        grace_period_secs: grace?.unwrap_or(defaults.grace_period_secs),
        scopes: scopes?,
    })
}

fn scope_rules(r: &mut Reader<'_>, scopes: &Table) -> Option<BTreeMap<Scope, ScopeRules>> {
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (name, value) in scopes {
        let p = format!("alliance.governance.scopes.{name}");
        let Some(scope) = Scope::from_name(name) else {
            let names: Vec<&str> = Scope::ALL.iter().map(|s| s.name()).collect();
            r.out.push(p, format!("unknown scope (expected one of: {})", names.join(", ")));
            ok = false;
            continue;
        };
        let Some(t) = value.as_table() else {
            r.out.push(p, format!("must be a table, got {}", value.type_str()));
            ok = false;
            continue;
        };
        r.deny_unknown(
            t,
            &p,
            &[
                "enabled",
                "quorum_bps",
                "threshold_bps",
                "timelock_secs",
                "proposal_threshold",
                "sponsor_approvals",
                "sponsor_min_power_bps",
            ],
        );
        let d = ScopeRules::default();
        let enabled = r.opt(t, &p, "enabled", boolean);
        let quorum = r.opt(t, &p, "quorum_bps", bps);
        let threshold = r.opt(t, &p, "threshold_bps", bps);
        let timelock = r.opt(t, &p, "timelock_secs", u64_);
        let proposal_threshold = r.opt(t, &p, "proposal_threshold", amount);
        let sponsors = r.opt(t, &p, "sponsor_approvals", u8_);
        let sponsor_bps = r.opt(t, &p, "sponsor_min_power_bps", bps);
        let rules = (|| {
            Some(ScopeRules {
                enabled: enabled?.unwrap_or(d.enabled),
                quorum_bps: quorum?.unwrap_or(d.quorum_bps),
                threshold_bps: threshold?.unwrap_or(d.threshold_bps),
                timelock_secs: timelock?.unwrap_or(d.timelock_secs),
                proposal_threshold: proposal_threshold?.unwrap_or(d.proposal_threshold),
                sponsor_approvals: sponsors?.unwrap_or(d.sponsor_approvals),
                sponsor_min_power_bps: sponsor_bps?.unwrap_or(d.sponsor_min_power_bps),
            })
        })();
        match rules {
            Some(rules) => {
                out.insert(scope, rules);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// `[alliance.council]`; absent means none.
pub(super) fn council(r: &mut Reader<'_>, parent: &Table) -> Option<Option<CouncilSpec>> {
    let p = "alliance.council";
    let Some(value) = parent.get("council") else { return Some(None) };
    let Some(t) = value.as_table() else {
        r.out.push(p, format!("must be a table, got {}", value.type_str()));
        return None;
    };
    r.deny_unknown(t, p, &["signers", "threshold", "emergency_bps", "limits"]);
    let signers = r.list(t, p, "signers", parsed);
    let threshold = r.req(t, p, "threshold", |v| {
        let i = v.as_integer().ok_or_else(|| format!("must be an integer, got {}", v.type_str()))?;
        u16::try_from(i).map_err(|_| format!("must be between 1 and 65535, got {i}"))
    });
    let emergency = r.opt(t, p, "emergency_bps", bps);
    let limits: Option<Vec<TreasuryLimit>> = optional_tables(r, t, p, "limits")
        .into_iter()
        .map(|(lp, l)| {
            r.deny_unknown(l, &lp, &["token", "per_week"]);
            let token = r.req(l, &lp, "token", parsed);
            let per_week = r.req(l, &lp, "per_week", amount);
            Some(TreasuryLimit { token: token?, per_week: per_week? })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    Some(Some(CouncilSpec {
        signers: signers?,
        threshold: threshold?,
        emergency_bps: emergency?.unwrap_or(crate::types::Bps(6_667)),
        limits: limits?,
    }))
}

/// An array of tables that may be absent (then empty).
fn optional_tables<'t>(r: &mut Reader<'_>, t: &'t Table, p: &str, key: &str) -> Vec<(String, &'t Table)> {
    if t.contains_key(key) { r.tables(t, p, key) } else { Vec::new() }
}
