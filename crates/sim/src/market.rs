//! The market model: one geometric Brownian motion per token, correlated
//! through the Cholesky factor of a correlation matrix, with scheduled shocks
//! and an optional price impact of the agents' net selling.
//!
//! Per daily step (Δt = 1/365 year), for token i with drift μᵢ and volatility σᵢ:
//!
//! ```text
//! z = L · ε                       (ε ~ N(0, I), L Lᵀ = correlation)
//! ln Sᵢ ← ln Sᵢ + (μᵢ − σᵢ²/2)·Δt + σᵢ·√Δt·zᵢ − soldᵢ / depthᵢ
//! Sᵢ ← Sᵢ · (1 + change)          for each shock of token i on this day
//! ```
//!
//! `soldᵢ` is the net quote value agents sold of token i during the previous
//! step (purchases count negative). Beside the traded price the market keeps
//! each token's **fundamental** price: the same path without the agents'
//! impact, which arbitrageurs trade towards. Floats live only here and in
//! agent decisions, never in the engine.

use concord_core::types::TokenId;
use rand::{Rng, RngExt};
use rand_distr::StandardNormal;

use crate::scenario::MarketSpec;

/// One step in years.
pub const DT_YEARS: f64 = 1.0 / 365.0;

/// The lower-triangular `L` with `L Lᵀ = c`, or `None` when `c` is not
/// positive definite (Cholesky–Banachiewicz, row by row).
// Matrix indices read as the textbook formula does.
#[allow(clippy::needless_range_loop)]
pub fn cholesky(c: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = c.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let mut sum = 0.0;
            for k in 0..j {
                sum += l[i][k] * l[j][k];
            }
            if i == j {
                let d = c[i][i] - sum;
                if d <= 0.0 || !d.is_finite() {
                    return None;
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (c[i][j] - sum) / l[j][j];
            }
        }
    }
    Some(l)
}

/// Prices of the market tokens, advanced one day at a time.
#[derive(Clone, Debug)]
pub struct Market {
    tokens: Vec<TokenId>,
    prices: Vec<f64>,
    fundamental: Vec<f64>,
    initial: Vec<f64>,
    drift: Vec<f64>,
    volatility: Vec<f64>,
    depth: Vec<Option<f64>>,
    chol: Vec<Vec<f64>>,
    /// `(day, token index, change)`, sorted by day then scenario order.
    shocks: Vec<(u32, usize, f64)>,
    sold: Vec<f64>,
    day: u32,
}

impl Market {
    /// The market at day 0 (a checked scenario's spec).
    pub fn new(spec: &MarketSpec) -> Self {
        let n = spec.tokens.len();
        let identity: Vec<Vec<f64>> =
            (0..n).map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect()).collect();
        let chol = cholesky(spec.correlation.as_ref().unwrap_or(&identity)).unwrap_or(identity);
        let index =
            |t: TokenId| spec.tokens.iter().position(|m| m.token == t).expect("checked: a market token");
        let mut shocks: Vec<(u32, usize, f64)> =
            spec.shocks.iter().map(|s| (s.day, index(s.token), s.change)).collect();
        shocks.sort_by_key(|s| s.0); // stable: same-day shocks keep the file's order
        Self {
            tokens: spec.tokens.iter().map(|t| t.token).collect(),
            prices: spec.tokens.iter().map(|t| t.price).collect(),
            fundamental: spec.tokens.iter().map(|t| t.price).collect(),
            initial: spec.tokens.iter().map(|t| t.price).collect(),
            drift: spec.tokens.iter().map(|t| t.drift).collect(),
            volatility: spec.tokens.iter().map(|t| t.volatility).collect(),
            depth: spec.tokens.iter().map(|t| t.depth).collect(),
            chol,
            shocks,
            sold: vec![0.0; n],
            day: 0,
        }
    }

    /// Advances to the next day with fresh standard normal draws (one per token, in order).
    pub fn step<R: Rng + ?Sized>(&mut self, rng: &mut R) {
        let normals: Vec<f64> = (0..self.tokens.len()).map(|_| rng.sample(StandardNormal)).collect();
        self.step_with(&normals);
    }

    /// Advances to the next day with the given independent standard normals `ε`.
    pub fn step_with(&mut self, normals: &[f64]) {
        self.day += 1;
        let sqrt_dt = DT_YEARS.sqrt();
        for i in 0..self.tokens.len() {
            let mut z = 0.0;
            for (k, e) in normals.iter().enumerate().take(i + 1) {
                z += self.chol[i][k] * e;
            }
            let (mu, sigma) = (self.drift[i], self.volatility[i]);
            let impact = self.depth[i].map_or(0.0, |d| self.sold[i] / d);
            let log_step = (mu - sigma * sigma / 2.0) * DT_YEARS + sigma * sqrt_dt * z;
            self.prices[i] *= (log_step - impact).exp();
            self.fundamental[i] *= log_step.exp();
        }
        for &(day, i, change) in &self.shocks {
            if day == self.day {
                self.prices[i] *= 1.0 + change;
                self.fundamental[i] *= 1.0 + change;
            }
        }
        self.sold.iter_mut().for_each(|s| *s = 0.0);
    }

    /// The current day.
    pub fn day(&self) -> u32 {
        self.day
    }

    /// A token's price now (`None` if the market does not price it).
    pub fn price(&self, token: TokenId) -> Option<f64> {
        self.index(token).map(|i| self.prices[i])
    }

    /// A token's fundamental price now: its path without the agents' impact.
    pub fn fundamental(&self, token: TokenId) -> Option<f64> {
        self.index(token).map(|i| self.fundamental[i])
    }

    /// A token's depth (quote value that moves its log price by 1), if selling moves it.
    pub fn depth(&self, token: TokenId) -> Option<f64> {
        self.index(token).and_then(|i| self.depth[i])
    }

    /// Net quote value of `token` sold so far this step (purchases negative):
    /// the impact the next step will apply.
    pub fn pending(&self, token: TokenId) -> f64 {
        self.index(token).map_or(0.0, |i| self.sold[i])
    }

    fn index(&self, token: TokenId) -> Option<usize> {
        self.tokens.iter().position(|t| *t == token)
    }

    /// A token's price now over its day-0 price.
    pub fn ratio(&self, token: TokenId) -> Option<f64> {
        self.index(token).map(|i| self.prices[i] / self.initial[i])
    }

    /// Every price now, in market order.
    pub fn prices(&self) -> &[f64] {
        &self.prices
    }

    /// Records a sale of `value` (quote currency) of `token`, moving the next step's price.
    pub fn record_sale(&mut self, token: TokenId, value: f64) {
        if let Some(i) = self.index(token) {
            self.sold[i] += value;
        }
    }

    /// Records a purchase of `value` (quote currency) of `token`: the next step's price rises.
    pub fn record_purchase(&mut self, token: TokenId, value: f64) {
        if let Some(i) = self.index(token) {
            self.sold[i] -= value;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{ShockSpec, TokenMarket};

    fn tok(s: &str) -> TokenId {
        s.parse().unwrap()
    }

    fn token(id: &str, price: f64, drift: f64, volatility: f64) -> TokenMarket {
        TokenMarket { token: tok(id), price, drift, volatility, depth: None }
    }

    #[test]
    fn cholesky_of_a_two_by_two() {
        // [[1, ρ], [ρ, 1]] = L Lᵀ with L = [[1, 0], [ρ, √(1 − ρ²)]].
        let l = cholesky(&[vec![1.0, 0.6], vec![0.6, 1.0]]).unwrap();
        assert_eq!(l[0], vec![1.0, 0.0]);
        assert_eq!(l[1][0], 0.6);
        assert!((l[1][1] - 0.8).abs() < 1e-15);
        assert!(cholesky(&[vec![1.0, 1.5], vec![1.5, 1.0]]).is_none());
    }

    #[test]
    fn correlated_step_by_hand() {
        // GOV σ = 0.5, μ = 0.1; PLAY σ = 0.3, μ = 0; ρ = 0.6; ε = (1, −2).
        // z = (1, 0.6·1 + 0.8·(−2)) = (1, −1.0).
        let spec = MarketSpec {
            tokens: vec![token("GOV", 2.0, 0.1, 0.5), token("PLAY", 1.0, 0.0, 0.3)],
            correlation: Some(vec![vec![1.0, 0.6], vec![0.6, 1.0]]),
            shocks: vec![],
        };
        let mut m = Market::new(&spec);
        m.step_with(&[1.0, -2.0]);
        let dt: f64 = 1.0 / 365.0;
        let gov = 2.0 * ((0.1 - 0.125) * dt + 0.5 * dt.sqrt() * 1.0).exp();
        let z2 = 0.6 * 1.0 + 0.8 * -2.0;
        let play = 1.0 * ((0.0 - 0.045) * dt + 0.3 * dt.sqrt() * z2).exp();
        assert!((m.price(tok("GOV")).unwrap() - gov).abs() < 1e-12);
        assert!((m.price(tok("PLAY")).unwrap() - play).abs() < 1e-12);
    }

    #[test]
    fn a_shock_lands_on_its_day_only() {
        // No volatility, no drift: the price moves only by the shock.
        let spec = MarketSpec {
            tokens: vec![token("GOV", 1.0, 0.0, 0.0)],
            correlation: None,
            shocks: vec![ShockSpec { token: tok("GOV"), day: 30, change: -0.5 }],
        };
        let mut m = Market::new(&spec);
        for day in 1..=29 {
            m.step_with(&[0.0]);
            assert_eq!(m.price(tok("GOV")), Some(1.0), "day {day}");
        }
        m.step_with(&[0.0]);
        assert_eq!(m.day(), 30);
        assert_eq!(m.price(tok("GOV")), Some(0.5));
        m.step_with(&[0.0]);
        assert_eq!(m.price(tok("GOV")), Some(0.5));
        assert_eq!(m.ratio(tok("GOV")), Some(0.5));
    }

    #[test]
    fn drift_compounds_daily() {
        // σ = 0: S_d = S_0 · e^{μ d / 365}, step by step.
        let spec =
            MarketSpec { tokens: vec![token("GOV", 1.0, 0.365, 0.0)], correlation: None, shocks: vec![] };
        let mut m = Market::new(&spec);
        let mut expected = 1.0f64;
        for _ in 0..10 {
            m.step_with(&[0.7]);
            expected *= (0.365f64 / 365.0).exp();
        }
        assert_eq!(m.price(tok("GOV")), Some(expected));
    }

    #[test]
    fn selling_lowers_the_next_price() {
        // depth 1000: selling 500 moves the log price by −0.5.
        let mut t = token("ALLY", 1.0, 0.0, 0.0);
        t.depth = Some(1000.0);
        let mut m = Market::new(&MarketSpec { tokens: vec![t], correlation: None, shocks: vec![] });
        m.record_sale(tok("ALLY"), 500.0);
        m.step_with(&[0.0]);
        assert_eq!(m.price(tok("ALLY")), Some((-0.5f64).exp()));
        m.step_with(&[0.0]);
        assert_eq!(m.price(tok("ALLY")), Some((-0.5f64).exp()), "the sale counts once");
        assert_eq!(m.fundamental(tok("ALLY")), Some(1.0), "the fundamental path has no impact");
    }

    #[test]
    fn a_purchase_nets_against_sales_and_raises_the_next_price() {
        // depth 1000: sold 500, bought 200 → net 300 → log price −0.3; then
        // bought 300 → +0.3, back to 1.0 (e^{−0.3} · e^{0.3}).
        let mut t = token("ALLY", 1.0, 0.0, 0.0);
        t.depth = Some(1000.0);
        let mut m = Market::new(&MarketSpec { tokens: vec![t], correlation: None, shocks: vec![] });
        m.record_sale(tok("ALLY"), 500.0);
        m.record_purchase(tok("ALLY"), 200.0);
        assert_eq!(m.pending(tok("ALLY")), 300.0);
        m.step_with(&[0.0]);
        assert_eq!(m.price(tok("ALLY")), Some((-0.3f64).exp()));
        assert_eq!(m.pending(tok("ALLY")), 0.0);
        m.record_purchase(tok("ALLY"), 300.0);
        m.step_with(&[0.0]);
        assert!((m.price(tok("ALLY")).unwrap() - 1.0).abs() < 1e-15);
        assert_eq!(m.depth(tok("ALLY")), Some(1000.0));
        assert_eq!(m.depth(tok("GOV")), None);
    }

    #[test]
    fn a_shock_moves_the_fundamental_too() {
        let mut t = token("GOV", 2.0, 0.0, 0.0);
        t.depth = Some(100.0);
        let spec = MarketSpec {
            tokens: vec![t],
            correlation: None,
            shocks: vec![ShockSpec { token: tok("GOV"), day: 1, change: -0.5 }],
        };
        let mut m = Market::new(&spec);
        m.record_sale(tok("GOV"), 10.0);
        m.step_with(&[0.0]);
        assert_eq!(m.fundamental(tok("GOV")), Some(1.0));
        assert_eq!(m.price(tok("GOV")), Some(2.0 * (-0.1f64).exp() * 0.5));
    }
}
