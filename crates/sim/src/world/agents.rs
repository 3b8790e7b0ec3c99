//! Agents: each population's accounts, their draws at day 0, and the
//! deposits and stakes that put them in place (ordinary engine commands).

use concord_core::Engine;
use concord_core::command::CommandBody;
use concord_core::types::{Address, Amount, TokenId};
use concord_core::vault::Stake;
use rand::{Rng, RngExt};

use super::setup::{Prepared, base_units, deposit, must};
use crate::agenda::{Action, Agenda};
use crate::index::ThresholdIndex;
use crate::scenario::{AgentKind, Scenario};

/// One simulated account.
#[derive(Clone, Debug)]
pub struct Agent {
    /// Its account.
    pub address: Address,
    /// Its kind.
    pub kind: AgentKind,
    /// Stakers: index of its vault in [`Prepared::vaults`].
    pub vault: usize,
    /// The token it stakes or holds.
    pub token: TokenId,
    /// Stakers: what the engine says it has staked.
    pub staked: Amount,
    /// Stakers: whether it is still staked.
    pub active: bool,
    /// Whether it was staked at day 0 (counted by retention).
    pub initial: bool,
    /// Days between claims.
    pub claim_every: u32,
    /// Share of claimed rewards sold.
    pub sell_rewards: f64,
    /// Share of principal sold when leaving.
    pub sell_on_exit: f64,
    /// Voters: probability of voting on a proposal.
    pub participation: f64,
    /// Voters: probability that a vote is `for`.
    pub for_probability: f64,
    /// Sybils: the fixed choice.
    pub choice: Option<&'static str>,
    /// Community: the member it follows.
    pub member: Option<Address>,
    /// Community: days over which it leaves after the member's exit.
    pub exit_over_days: u32,
    /// Arbitrageurs: quote currency left to buy with.
    pub cash: f64,
    /// Arbitrageurs: the log gap to the fundamental price left untraded.
    pub band: f64,
}

/// The account of agent `index` of population `population`: `"sim\0"`, the
/// population and the index, big-endian (distinct, no hashing).
pub fn agent_address(population: u32, index: u32) -> Address {
    let mut b = [0u8; 20];
    b[..4].copy_from_slice(b"sim\0");
    b[4..8].copy_from_slice(&population.to_be_bytes());
    b[8..12].copy_from_slice(&index.to_be_bytes());
    Address::from_bytes(b)
}

/// Agents in place, with the indexes of the ones that act on a condition.
pub struct Spawned {
    /// Every agent, population by population.
    pub agents: Vec<Agent>,
    /// Per vault: farmers by APR threshold.
    pub apr_index: Vec<ThresholdIndex>,
    /// Per vault: whales by price-ratio floor (`1 − drawdown`).
    pub price_index: Vec<ThresholdIndex>,
    /// The arbitrageurs, in population order.
    pub arbitrageurs: Vec<usize>,
}

fn choice_name(c: &str) -> &'static str {
    match c {
        "for" => "for",
        "abstain" => "abstain",
        _ => "against",
    }
}

/// Draws every agent's parameters (population order, then agent order),
/// records its deposit and stakes it, and schedules its first claim.
pub fn spawn<R: Rng + ?Sized>(
    p: &Prepared,
    s: &Scenario,
    engine: &mut Engine,
    rng: &mut R,
    agenda: &mut Agenda,
) -> crate::SimResult<Spawned> {
    let at = s.start_unix;
    let gov_token = engine.state().alliances[&p.alliance].spec.governance.weights.first().map(|w| w.token);
    let mut agents = Vec::new();
    let mut arbitrageurs = Vec::new();
    let mut apr: Vec<Vec<(f64, usize)>> = vec![Vec::new(); p.vaults.len()];
    let mut price: Vec<Vec<(f64, usize)>> = vec![Vec::new(); p.vaults.len()];
    for (pi, pop) in s.agents.iter().enumerate() {
        let path = format!("agents[{pi}]");
        let sampler = |d: &Option<crate::scenario::DistOrNumber>, field: &str| {
            d.as_ref().map(|d| d.0.sampler(&format!("{path}.{field}"))).transpose()
        };
        let amount_s =
            if pop.kind.stakes() { sampler(&pop.stake, "stake")? } else { sampler(&pop.balance, "balance")? };
        let apr_s = sampler(&pop.apr_threshold, "apr_threshold")?;
        let drawdown_s = sampler(&pop.exit_drawdown, "exit_drawdown")?;
        let part_s = sampler(&pop.participation, "participation")?;
        let capital_s = sampler(&pop.capital, "capital")?;
        let vault = pop
            .vault
            .as_ref()
            .map_or(0, |v| p.vaults.iter().position(|x| &x.id == v).expect("checked: a known vault"));
        let token = if pop.kind.stakes() {
            p.vaults[vault].stake_token
        } else {
            pop.token.or(gov_token).expect("checked: a voting token")
        };
        let decimals = p.decimals[&token];
        let farmer_like = matches!(pop.kind, AgentKind::Farmer | AgentKind::Whale);
        let claim_every = pop.claim_every_days.unwrap_or(if farmer_like { 7 } else { 30 });
        for j in 0..pop.count {
            let id = agents.len();
            let address = agent_address(pi as u32, j);
            let amount = base_units(amount_s.as_ref().map_or(0.0, |d| d.sample(rng)), decimals);
            let participation = part_s.as_ref().map_or(1.0, |d| d.sample(rng)).clamp(0.0, 1.0);
            let cash = capital_s.as_ref().map_or(0.0, |d| d.sample(rng)).max(0.0);
            if let Some(d) = &apr_s {
                apr[vault].push((d.sample(rng), id));
            }
            if let Some(d) = &drawdown_s {
                price[vault].push((1.0 - d.sample(rng), id));
            }
            let phase = rng.random_range(0..claim_every.max(1));
            let mut agent = Agent {
                address,
                kind: pop.kind,
                vault,
                token,
                staked: Amount::ZERO,
                active: false,
                initial: false,
                claim_every,
                sell_rewards: pop.sell_rewards.unwrap_or(if pop.kind == AgentKind::Farmer {
                    1.0
                } else {
                    0.0
                }),
                sell_on_exit: pop.sell_on_exit.unwrap_or(0.0),
                participation,
                for_probability: pop.for_probability.unwrap_or(0.6),
                choice: (pop.kind == AgentKind::Sybil)
                    .then(|| choice_name(pop.choice.as_deref().unwrap_or("against"))),
                member: pop.member,
                exit_over_days: pop.exit_over_days.unwrap_or(7),
                cash,
                band: pop.band.unwrap_or(0.02),
            };
            if pop.kind == AgentKind::Arbitrageur {
                arbitrageurs.push(id);
            }
            if !amount.is_zero() {
                must(engine, p.relayer, at, deposit(p, 2, id as u64, token, address, amount))?;
                if pop.kind.stakes() {
                    let stake = Stake { vault: p.vaults[vault].id.clone(), amount, lock_secs: 0 };
                    must(engine, address, at, CommandBody::Stake(stake))?;
                    agent.staked = amount;
                    agent.active = true;
                    agent.initial = true;
                    agenda.at(1 + phase, Action::Claim(id));
                }
            }
            agents.push(agent);
        }
    }
    Ok(Spawned {
        agents,
        apr_index: apr.into_iter().map(ThresholdIndex::new).collect(),
        price_index: price.into_iter().map(ThresholdIndex::new).collect(),
        arbitrageurs,
    })
}
