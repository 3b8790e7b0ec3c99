//! Fixtures for the incentive tests: command builders and a funded scenario.
//! In the sample charter dev 0 is admin, alliance leader and ALLY minter;
//! dev 1 is the relayer. Stakers (dev 5, 6, 7) get GOV by deposit.

use concord_core::command::CommandBody;
use concord_core::emission::{CreateEmission, Emit, Route, Routing, Schedule};
use concord_core::split::{CreateSplit, DistributeFees, Share};
use concord_core::testing::{Scenario, cmd, sample_charter};
use concord_core::types::{Address, AllianceId, Amount, Bps, Timestamp};
use concord_core::vault::{
    Claim, CreateVault, EmergencyWithdraw, ExitInstant, ExitPenalty, FundVault, IdleRewards, Kick, Loyalty,
    PauseVault, PenaltyTo, Stake, Unstake, VaultId, WithdrawUnbonded,
};
use concord_core::vesting::{CreateVesting, ReleaseVesting, RevokeVesting, TransferLocked};
use concord_core::{Command, Engine};

use crate::common::{GOV_CHAIN, PLAY_CHAIN, admin, deposit, derived_address, dev, mint, relayer, tok};

/// The sample charter's alliance.
pub(crate) fn alliance() -> AllianceId {
    "gov-play-pool".parse().unwrap()
}

/// Its treasury, `derived("alliance:gov-play-pool:treasury")` written out.
pub(crate) fn treasury() -> Address {
    derived_address("alliance:gov-play-pool:treasury")
}

/// A vault id.
pub(crate) fn vid(id: &str) -> VaultId {
    id.parse().unwrap()
}

/// A vault's custody account, written out.
pub(crate) fn vault_addr(id: &str) -> Address {
    derived_address(&format!("vault:{id}"))
}

/// The emission module's account, written out.
pub(crate) fn emission_addr() -> Address {
    derived_address("emission")
}

pub(crate) fn alice() -> Address {
    dev(5)
}
pub(crate) fn bob() -> Address {
    dev(6)
}
pub(crate) fn carol() -> Address {
    dev(7)
}

/// Options of a test vault: stake GOV, earn ALLY, 100 s periods, carry-forward.
#[derive(Clone)]
pub(crate) struct VaultSpec {
    pub(crate) rewards: Vec<&'static str>,
    pub(crate) duration: u64,
    pub(crate) idle: IdleRewards,
    pub(crate) loyalty: Option<Loyalty>,
    pub(crate) unbonding: u64,
    pub(crate) penalty: Option<(u16, PenaltyTo)>,
}

impl Default for VaultSpec {
    fn default() -> Self {
        Self {
            rewards: vec!["ALLY"],
            duration: 100,
            idle: IdleRewards::CarryForward,
            loyalty: None,
            unbonding: 0,
            penalty: None,
        }
    }
}

pub(crate) fn create_vault(id: &str, spec: &VaultSpec) -> CommandBody {
    CommandBody::CreateVault(Box::new(CreateVault {
        id: vid(id),
        alliance: alliance(),
        stake_token: tok("GOV"),
        reward_tokens: spec.rewards.iter().map(|t| tok(t)).collect(),
        reward_duration_secs: spec.duration,
        idle_rewards: spec.idle,
        loyalty: spec.loyalty,
        unbonding_secs: spec.unbonding,
        exit_penalty: spec.penalty.map(|(bps, to)| ExitPenalty { bps: Bps(bps), to }),
    }))
}

pub(crate) fn fund(id: &str, token: &str, amount: u128) -> CommandBody {
    CommandBody::FundVault(FundVault { vault: vid(id), token: tok(token), amount: Amount(amount) })
}

pub(crate) fn stake(id: &str, amount: u128) -> CommandBody {
    CommandBody::Stake(Stake { vault: vid(id), amount: Amount(amount), lock_secs: 0 })
}

pub(crate) fn stake_locked(id: &str, amount: u128, lock_secs: u64) -> CommandBody {
    CommandBody::Stake(Stake { vault: vid(id), amount: Amount(amount), lock_secs })
}

pub(crate) fn unstake(id: &str, amount: u128) -> CommandBody {
    CommandBody::Unstake(Unstake { vault: vid(id), amount: Amount(amount) })
}

pub(crate) fn withdraw_unbonded(id: &str) -> CommandBody {
    CommandBody::WithdrawUnbonded(WithdrawUnbonded { vault: vid(id) })
}

pub(crate) fn claim(id: &str) -> CommandBody {
    CommandBody::Claim(Claim { vault: vid(id) })
}

pub(crate) fn exit_instant(id: &str) -> CommandBody {
    CommandBody::ExitInstant(ExitInstant { vault: vid(id) })
}

pub(crate) fn pause(id: &str, paused: bool) -> CommandBody {
    CommandBody::PauseVault(PauseVault { vault: vid(id), paused })
}

pub(crate) fn emergency(id: &str) -> CommandBody {
    CommandBody::EmergencyWithdraw(EmergencyWithdraw { vault: vid(id) })
}

pub(crate) fn kick(id: &str, account: Address) -> CommandBody {
    CommandBody::Kick(Kick { vault: vid(id), account })
}

pub(crate) fn create_vesting(
    beneficiary: Address,
    token: &str,
    total: u128,
    start: u64,
    cliff_secs: u64,
    duration_secs: u64,
    revocable: bool,
) -> CommandBody {
    CommandBody::CreateVesting(CreateVesting {
        beneficiary,
        token: tok(token),
        total: Amount(total),
        start: Timestamp(start),
        cliff_secs,
        duration_secs,
        revocable,
    })
}

pub(crate) fn release(grant: u64) -> CommandBody {
    CommandBody::ReleaseVesting(ReleaseVesting { grant })
}

pub(crate) fn revoke(grant: u64) -> CommandBody {
    CommandBody::RevokeVesting(RevokeVesting { grant })
}

pub(crate) fn transfer_locked(token: &str, to: Address, amount: u128, unlock_at: u64) -> CommandBody {
    CommandBody::TransferLocked(TransferLocked {
        token: tok(token),
        to,
        amount: Amount(amount),
        unlock_at: Timestamp(unlock_at),
    })
}

pub(crate) fn create_split(id: &str, shares: &[(Address, u16)], dust_recipient: Address) -> CommandBody {
    CommandBody::CreateSplit(CreateSplit {
        id: id.parse().unwrap(),
        alliance: alliance(),
        shares: shares.iter().map(|(r, b)| Share { recipient: *r, bps: Bps(*b) }).collect(),
        dust_recipient,
    })
}

pub(crate) fn distribute(id: &str, token: &str, amount: u128) -> CommandBody {
    CommandBody::DistributeFees(DistributeFees {
        split: id.parse().unwrap(),
        token: tok(token),
        amount: Amount(amount),
    })
}

pub(crate) fn create_emission(
    id: &str,
    schedule: Schedule,
    routes: &[(&str, u16)],
    start_epoch: u64,
    sunset_epoch: Option<u64>,
    cap: u128,
    dust_recipient: Address,
) -> CommandBody {
    CommandBody::CreateEmission(Box::new(CreateEmission {
        id: id.parse().unwrap(),
        token: tok("ALLY"),
        schedule,
        routing: Routing::Fixed {
            routes: routes.iter().map(|(v, w)| Route { vault: vid(v), weight_bps: Bps(*w) }).collect(),
        },
        start_epoch,
        sunset_epoch,
        cap: Amount(cap),
        dust_recipient,
    }))
}

pub(crate) fn emit(id: &str) -> CommandBody {
    CommandBody::Emit(Emit { emission: id.parse().unwrap() })
}

/// GOV deposited to alice, bob, carol (1e6 each, t=1), ALLY minted to the
/// admin (1e9, t=1) and PLAY deposited to the admin (1e9, t=1).
pub(crate) fn hub_commands() -> Vec<Command> {
    vec![
        cmd(relayer(), 1, deposit(GOV_CHAIN, 1, 0, "GOV", alice(), 1_000_000)),
        cmd(relayer(), 1, deposit(GOV_CHAIN, 1, 1, "GOV", bob(), 1_000_000)),
        cmd(relayer(), 1, deposit(GOV_CHAIN, 1, 2, "GOV", carol(), 1_000_000)),
        cmd(relayer(), 1, deposit(PLAY_CHAIN, 2, 0, "PLAY", admin(), 1_000_000_000)),
        cmd(admin(), 1, mint("ALLY", admin(), 1_000_000_000)),
    ]
}

/// `hub_commands` as a scenario.
pub(crate) fn funded_hub() -> Scenario {
    Scenario::new(&sample_charter()).given(hub_commands())
}

/// `funded_hub` plus a vault `v` created at t=2.
pub(crate) fn with_vault(spec: &VaultSpec) -> Scenario {
    funded_hub().given([cmd(admin(), 2, create_vault("v", spec))])
}

/// An engine after `hub_commands`, vault `v` (t=2) and `commands`, all of which must pass.
pub(crate) fn engine_with(spec: &VaultSpec, commands: &[Command]) -> Engine {
    let mut engine = Engine::genesis(&sample_charter());
    let mut all = hub_commands();
    all.push(cmd(admin(), 2, create_vault("v", spec)));
    all.extend_from_slice(commands);
    for c in &all {
        engine.apply(c).unwrap_or_else(|e| panic!("{} rejected: {e}", c.body.kind()));
    }
    engine
}
