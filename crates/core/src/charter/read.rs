//! Maps the charter's TOML layout onto typed values, one reader per section.

use std::collections::BTreeMap;

use toml::Table;

use super::reader::{Reader, amount, boolean, bps, one_of, parsed, string, u8_, u32_, u64_};
use super::{AlliancePolicy, Charter, HubSpec};
use crate::alliance::{
    Agreement, AllianceModel, AllianceSpec, Commitment, Community, DecisionModel, ExitTerms, KpiMetric,
    KpiTarget, Member, MemberKind, MemberStatus, Mission, MissionKind,
};
use crate::ledger::{Token, TokenRole};
use crate::problem::Problems;
use crate::types::{ChainId, TokenId};
use crate::vault::{CreateVault, ExitPenalty, IdleRewards, Loyalty, PenaltyTo};

/// Whatever parts of a charter could be read; semantic checks run on each
/// part that was, so one bad section does not hide problems in another.
pub(super) struct Parts {
    pub(super) hub: Option<HubSpec>,
    pub(super) tokens: Vec<Option<Token>>,
    /// Every token id that was readable, with its chain when readable.
    pub(super) token_ids: BTreeMap<TokenId, Option<ChainId>>,
    pub(super) alliance: Option<AllianceSpec>,
    /// Genesis vaults (`None` marks one that was not readable).
    pub(super) vaults: Vec<Option<CreateVault>>,
}

impl Parts {
    pub(super) fn into_charter(self) -> Option<Charter> {
        let tokens: Option<Vec<Token>> = self.tokens.into_iter().collect();
        let vaults: Option<Vec<CreateVault>> = self.vaults.into_iter().collect();
        Some(Charter { hub: self.hub?, tokens: tokens?, alliance: self.alliance?, vaults: vaults? })
    }
}

pub(super) fn charter(root: &Table, out: &mut Problems) -> Parts {
    let mut r = Reader { out };
    r.deny_unknown(root, "", &["hub", "tokens", "alliance", "vaults"]);
    let hub = r.table(root, "", "hub").and_then(|t| hub(&mut r, t));
    let token_tables = r.tables(root, "", "tokens");
    let token_ids = token_tables
        .iter()
        .filter_map(|(_, t)| {
            let id = t.get("id")?.as_str()?.parse().ok()?;
            let chain = t.get("chain_id").and_then(|v| chain(v).ok());
            Some((id, chain))
        })
        .collect();
    let tokens = token_tables.into_iter().map(|(p, t)| token(&mut r, &p, t)).collect();
    let alliance = r.table(root, "", "alliance").and_then(|t| alliance(&mut r, t));
    let vaults = if root.contains_key("vaults") {
        r.tables(root, "", "vaults").into_iter().map(|(p, t)| vault(&mut r, &p, t)).collect()
    } else {
        Vec::new()
    };
    Parts { hub, tokens, token_ids, alliance, vaults }
}

fn chain(v: &toml::Value) -> Result<ChainId, String> {
    u64_(v).map(ChainId)
}

fn hub(r: &mut Reader<'_>, t: &Table) -> Option<HubSpec> {
    r.deny_unknown(
        t,
        "hub",
        &[
            "chain_id",
            "admins",
            "relayers",
            "alliance_creation",
            "alliances_per_address",
            "alliance_creators",
        ],
    );
    let chain_id = r.req(t, "hub", "chain_id", chain);
    let admins = r.list(t, "hub", "admins", parsed);
    let relayers = r.list(t, "hub", "relayers", parsed);
    let alliance_creation = alliance_policy(r, t);
    Some(HubSpec {
        chain_id: chain_id?,
        admins: admins?,
        relayers: relayers?,
        alliance_creation: alliance_creation?,
    })
}

/// `alliance_creation = "open" | "allowlist" | "admin"` (default open), with
/// `alliances_per_address` (open, default 3, 1 to 1000) or `alliance_creators`
/// (allowlist).
fn alliance_policy(r: &mut Reader<'_>, t: &Table) -> Option<AlliancePolicy> {
    let kind = r.opt(t, "hub", "alliance_creation", string)?.unwrap_or_else(|| "open".to_owned());
    let per_address = r.opt(t, "hub", "alliances_per_address", u32_)?;
    let creators = if t.contains_key("alliance_creators") {
        Some(r.list(t, "hub", "alliance_creators", parsed)?)
    } else {
        None
    };
    let policy = match kind.as_str() {
        "open" => {
            let per_address = per_address.unwrap_or(AlliancePolicy::DEFAULT_PER_ADDRESS);
            if !(1..=1000).contains(&per_address) {
                r.problem("hub.alliances_per_address", format!("must be 1 to 1000, got {per_address}"));
                return None;
            }
            AlliancePolicy::Open { per_address }
        }
        "allowlist" => AlliancePolicy::Allowlist { accounts: creators.clone().unwrap_or_default() },
        "admin" => AlliancePolicy::Admin,
        other => {
            r.problem(
                "hub.alliance_creation",
                format!("must be one of open, allowlist, admin, got `{other}`"),
            );
            return None;
        }
    };
    let stray = match &policy {
        AlliancePolicy::Open { .. } => creators.is_some().then_some("hub.alliance_creators"),
        _ => per_address.is_some().then_some("hub.alliances_per_address"),
    };
    if let Some(path) = stray {
        r.problem(path, format!("does not apply to alliance_creation = \"{kind}\""));
        return None;
    }
    Some(policy)
}

fn token(r: &mut Reader<'_>, path: &str, t: &Table) -> Option<Token> {
    r.deny_unknown(t, path, &["id", "symbol", "decimals", "chain_id", "contract", "role", "minter"]);
    let id = r.req(t, path, "id", parsed);
    let symbol = r.req(t, path, "symbol", string);
    let decimals = r.req(t, path, "decimals", u8_);
    let chain_id = r.req(t, path, "chain_id", chain);
    let contract = r.opt(t, path, "contract", parsed);
    let role = r.req(t, path, "role", |v| {
        one_of(v, &[TokenRole::Member, TokenRole::Alliance, TokenRole::Reward, TokenRole::Lp], |x| match x {
            TokenRole::Member => "member",
            TokenRole::Alliance => "alliance",
            TokenRole::Reward => "reward",
            TokenRole::Lp => "lp",
        })
    });
    let minter = r.opt(t, path, "minter", parsed);
    Some(Token {
        id: id?,
        symbol: symbol?,
        decimals: decimals?,
        chain_id: chain_id?,
        contract: contract?,
        role: role?,
        minter: minter?,
    })
}

fn alliance(r: &mut Reader<'_>, t: &Table) -> Option<AllianceSpec> {
    let p = "alliance";
    r.deny_unknown(
        t,
        p,
        &[
            "id",
            "name",
            "model",
            "leader",
            "decision_model",
            "defensible_value",
            "communication",
            "reward_plan",
            "conflict_policy",
            "mission",
            "members",
            "agreement",
            "governance",
            "council",
            "roadmap",
        ],
    );
    let id = r.req(t, p, "id", parsed);
    let name = r.req(t, p, "name", string);
    let model = r.req(t, p, "model", |v| one_of(v, &AllianceModel::ALL, AllianceModel::name));
    let leader = r.req(t, p, "leader", parsed);
    let decision_model =
        r.req(t, p, "decision_model", |v| one_of(v, &DecisionModel::ALL, DecisionModel::name));
    let defensible_value = r.req(t, p, "defensible_value", string);
    let communication = r.req(t, p, "communication", string);
    let reward_plan = r.req(t, p, "reward_plan", string);
    let conflict_policy = r.req(t, p, "conflict_policy", string);
    let mission = r.table(t, p, "mission").and_then(|m| mission(r, m));
    let members: Vec<Option<Member>> =
        r.tables(t, p, "members").into_iter().map(|(mp, m)| member(r, &mp, m)).collect();
    let agreement = r.table(t, p, "agreement").and_then(|a| agreement(r, a));
    let governance = super::read_governance::governance(r, t);
    let council = super::read_governance::council(r, t);
    let roadmap = super::read_roadmap::roadmap(r, t, agreement.as_ref().map(|a| a.duration_days));
    let members: Option<Vec<Member>> = members.into_iter().collect();
    Some(AllianceSpec {
        id: id?,
        name: name?,
        model: model?,
        leader: leader?,
        decision_model: decision_model?,
        defensible_value: defensible_value?,
        communication: communication?,
        reward_plan: reward_plan?,
        conflict_policy: conflict_policy?,
        mission: mission?,
        members: members?,
        agreement: agreement?,
        governance: governance?,
        council: council?,
        roadmap: roadmap?,
    })
}

fn mission(r: &mut Reader<'_>, t: &Table) -> Option<Mission> {
    let p = "alliance.mission";
    r.deny_unknown(t, p, &["title", "summary", "kind", "intent"]);
    let title = r.req(t, p, "title", string);
    let summary = r.req(t, p, "summary", string);
    let kind = r.req(t, p, "kind", |v| {
        one_of(v, &[MissionKind::Foundation, MissionKind::Proposed], |k| match k {
            MissionKind::Foundation => "foundation",
            MissionKind::Proposed => "proposed",
        })
    });
    let intent = r.opt(t, p, "intent", string);
    Some(Mission { title: title?, summary: summary?, kind: kind?, intent: intent? })
}

fn member(r: &mut Reader<'_>, p: &str, t: &Table) -> Option<Member> {
    r.deny_unknown(
        t,
        p,
        &[
            "account",
            "name",
            "kind",
            "status",
            "roles",
            "responsibilities",
            "skills",
            "timezone",
            "community",
        ],
    );
    let account = r.req(t, p, "account", parsed);
    let name = r.req(t, p, "name", string);
    let kind = r.req(t, p, "kind", |v| {
        one_of(v, &[MemberKind::Individual, MemberKind::Community], |k| match k {
            MemberKind::Individual => "individual",
            MemberKind::Community => "community",
        })
    });
    let status = r.opt(t, p, "status", |v| {
        let all =
            [MemberStatus::Candidate, MemberStatus::Member, MemberStatus::Exiting, MemberStatus::Exited];
        one_of(v, &all, |s| match s {
            MemberStatus::Candidate => "candidate",
            MemberStatus::Member => "member",
            MemberStatus::Exiting => "exiting",
            MemberStatus::Exited => "exited",
            // Not in `all`: a charter lists members, invitations come by command.
            MemberStatus::Invited => "invited",
        })
    });
    let roles = r.list(t, p, "roles", string);
    let responsibilities = r.list(t, p, "responsibilities", string);
    let skills = r.list(t, p, "skills", string);
    let timezone = r.req(t, p, "timezone", parsed);
    let community = match t.get("community") {
        None => Some(None),
        Some(toml::Value::Table(c)) => community(r, &format!("{p}.community"), c).map(Some),
        Some(other) => {
            r.out.push(format!("{p}.community"), format!("must be a table, got {}", other.type_str()));
            None
        }
    };
    Some(Member {
        account: account?,
        name: name?,
        kind: kind?,
        status: status?.unwrap_or(MemberStatus::Member),
        roles: roles?,
        responsibilities: responsibilities?,
        skills: skills?,
        timezone: timezone?,
        community: community?,
        voucher: None,
    })
}

fn community(r: &mut Reader<'_>, p: &str, t: &Table) -> Option<Community> {
    r.deny_unknown(t, p, &["token", "chain_id", "treasury", "delegates"]);
    let token = r.req(t, p, "token", parsed);
    let chain_id = r.req(t, p, "chain_id", chain);
    let treasury = r.req(t, p, "treasury", parsed);
    let delegates = r.list(t, p, "delegates", parsed);
    Some(Community { token: token?, chain_id: chain_id?, treasury: treasury?, delegates: delegates? })
}

fn agreement(r: &mut Reader<'_>, t: &Table) -> Option<Agreement> {
    let p = "alliance.agreement";
    r.deny_unknown(t, p, &["duration_days", "commitments", "kpis", "exit"]);
    let duration_days = r.req(t, p, "duration_days", u32_);
    let commitments: Option<Vec<Commitment>> = optional_tables(r, t, p, "commitments")
        .into_iter()
        .map(|(cp, c)| {
            r.deny_unknown(c, &cp, &["member", "token", "amount", "by_day"]);
            let member = r.req(c, &cp, "member", parsed);
            let token = r.req(c, &cp, "token", parsed);
            let amount = r.req(c, &cp, "amount", amount);
            let by_day = r.opt(c, &cp, "by_day", u32_);
            Some(Commitment { member: member?, token: token?, amount: amount?, by_day: by_day? })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let kpis: Option<Vec<KpiTarget>> = optional_tables(r, t, p, "kpis")
        .into_iter()
        .map(|(kp, k)| kpi(r, &kp, k))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let exit = r.table(t, p, "exit").and_then(|e| {
        let ep = "alliance.agreement.exit";
        r.deny_unknown(
            e,
            ep,
            &["notice_days", "unbonding_days", "penalty_bps", "forfeit_unvested", "tranches"],
        );
        let notice_days = r.req(e, ep, "notice_days", u32_);
        let unbonding_days = r.req(e, ep, "unbonding_days", u32_);
        let penalty_bps = r.req(e, ep, "penalty_bps", bps);
        let forfeit_unvested = r.req(e, ep, "forfeit_unvested", boolean);
        let tranches = r.opt(e, ep, "tranches", u32_);
        Some(ExitTerms {
            tranches: tranches?,
            notice_days: notice_days?,
            unbonding_days: unbonding_days?,
            penalty_bps: penalty_bps?,
            forfeit_unvested: forfeit_unvested?,
        })
    });
    Some(Agreement { duration_days: duration_days?, commitments: commitments?, kpis: kpis?, exit: exit? })
}

/// One KPI target (`[[alliance.agreement.kpis]]`, `[[alliance.roadmap.phases.kpis]]`).
pub(super) fn kpi(r: &mut Reader<'_>, kp: &str, k: &Table) -> Option<KpiTarget> {
    r.deny_unknown(k, kp, &["metric", "token", "target", "by_day"]);
    let metric = r.req(k, kp, "metric", |v| {
        let all = [KpiMetric::Tvl, KpiMetric::Volume, KpiMetric::Members, KpiMetric::ParticipationBps];
        one_of(v, &all, |m| match m {
            KpiMetric::Tvl => "tvl",
            KpiMetric::Volume => "volume",
            KpiMetric::Members => "members",
            KpiMetric::ParticipationBps => "participation-bps",
        })
    });
    let token = r.opt(k, kp, "token", parsed);
    let target = r.req(k, kp, "target", amount);
    let by_day = r.req(k, kp, "by_day", u32_);
    Some(KpiTarget { metric: metric?, token: token?, target: target?, by_day: by_day? })
}

/// An array of tables that may be absent (then empty).
pub(super) fn optional_tables<'t>(
    r: &mut Reader<'_>,
    t: &'t Table,
    p: &str,
    key: &str,
) -> Vec<(String, &'t Table)> {
    if t.contains_key(key) { r.tables(t, p, key) } else { Vec::new() }
}

/// An optional sub-table: `Some(None)` when absent, `None` when not a table or unreadable.
fn sub_table<'t, T>(
    r: &mut Reader<'_>,
    t: &'t Table,
    p: &str,
    key: &str,
    read: impl FnOnce(&mut Reader<'_>, &str, &'t Table) -> Option<T>,
) -> Option<Option<T>> {
    let path = format!("{p}.{key}");
    match t.get(key) {
        None => Some(None),
        Some(toml::Value::Table(sub)) => read(r, &path, sub).map(Some),
        Some(other) => {
            r.out.push(path, format!("must be a table, got {}", other.type_str()));
            None
        }
    }
}

/// One `[[vaults]]` entry: the fields of `create-vault`.
fn vault(r: &mut Reader<'_>, p: &str, t: &Table) -> Option<CreateVault> {
    r.deny_unknown(
        t,
        p,
        &[
            "id",
            "alliance",
            "stake_token",
            "reward_tokens",
            "reward_duration_secs",
            "idle_rewards",
            "loyalty",
            "unbonding_secs",
            "exit_penalty",
        ],
    );
    let id = r.req(t, p, "id", parsed);
    let alliance = r.req(t, p, "alliance", parsed);
    let stake_token = r.req(t, p, "stake_token", parsed);
    let reward_tokens = r.list(t, p, "reward_tokens", parsed);
    let reward_duration_secs = r.req(t, p, "reward_duration_secs", u64_);
    let idle_rewards = r.opt(t, p, "idle_rewards", |v| {
        one_of(v, &[IdleRewards::CarryForward, IdleRewards::ReturnToTreasury], |x| match x {
            IdleRewards::CarryForward => "carry-forward",
            IdleRewards::ReturnToTreasury => "return-to-treasury",
        })
    });
    let unbonding_secs = r.opt(t, p, "unbonding_secs", u64_);
    let loyalty = sub_table(r, t, p, "loyalty", |r, lp, l| {
        r.deny_unknown(l, lp, &["max_boost_bps", "max_lock_secs"]);
        let max_boost_bps = r.req(l, lp, "max_boost_bps", u32_);
        let max_lock_secs = r.req(l, lp, "max_lock_secs", u64_);
        Some(Loyalty { max_boost_bps: max_boost_bps?, max_lock_secs: max_lock_secs? })
    });
    let exit_penalty = sub_table(r, t, p, "exit_penalty", |r, ep, e| {
        r.deny_unknown(e, ep, &["bps", "to"]);
        let bps = r.req(e, ep, "bps", bps);
        let to = r.req(e, ep, "to", |v| {
            one_of(v, &[PenaltyTo::RemainingStakers, PenaltyTo::Treasury], |x| match x {
                PenaltyTo::RemainingStakers => "remaining-stakers",
                PenaltyTo::Treasury => "treasury",
            })
        });
        Some(ExitPenalty { bps: bps?, to: to? })
    });
    Some(CreateVault {
        id: id?,
        alliance: alliance?,
        stake_token: stake_token?,
        reward_tokens: reward_tokens?,
        reward_duration_secs: reward_duration_secs?,
        idle_rewards: idle_rewards?.unwrap_or_default(),
        loyalty: loyalty?,
        unbonding_secs: unbonding_secs?.unwrap_or(0),
        exit_penalty: exit_penalty?,
    })
}
