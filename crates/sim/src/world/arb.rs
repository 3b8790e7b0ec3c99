//! Arbitrageurs: each trades its token towards the market's fundamental
//! price (the price path without the agents' impact) with its own capital,
//! buying from the market's account when the price is below it and selling
//! into the market when above. Trades are ordinary engine `transfer`s; the
//! quote currency they pay with lives outside the engine (the market model).
//!
//! Each one looks at the price the next step will have from today's net flow
//! (`ln S − pending / depth`), so arbitrageurs acting on the same day share
//! one gap and do not overshoot each other.

use concord_core::command::CommandBody;
use concord_core::ledger::Transfer;
use concord_core::query;
use concord_core::types::{Address, Amount, TokenId};

use super::run::Run;
use super::setup::{base_units, whole};

/// What an arbitrageur does this step, in quote currency.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Trade {
    /// Nothing: the gap is inside its band, or it has nothing to trade with.
    Hold,
    /// Buys this much.
    Buy(f64),
    /// Sells this much.
    Sell(f64),
}

/// The trade that closes `gap = ln(fundamental / projected price)` down to
/// `band`: buying a quote value `q` raises the next log price by `q / depth`,
/// so `q = depth · (gap − band)`, capped by its cash and by what the market's
/// account holds (`inventory`, quote value); above the fundamental it sells
/// `depth · (−gap − band)`, capped by its holdings (quote value).
pub fn decide(gap: f64, band: f64, depth: f64, cash: f64, holdings: f64, inventory: f64) -> Trade {
    if !(gap.is_finite() && depth > 0.0) {
        return Trade::Hold;
    }
    if gap > band {
        let q = (depth * (gap - band)).min(cash).min(inventory);
        if q > 0.0 { Trade::Buy(q) } else { Trade::Hold }
    } else if gap < -band {
        let q = (depth * (-gap - band)).min(holdings);
        if q > 0.0 { Trade::Sell(q) } else { Trade::Hold }
    } else {
        Trade::Hold
    }
}

impl Run<'_> {
    fn held(&self, account: Address, token: TokenId) -> Amount {
        query::balances(self.engine.state(), account, None).balances.get(&token).copied().unwrap_or_default()
    }

    /// Every arbitrageur trades once, in population order.
    pub(crate) fn arbitrage(&mut self) {
        for k in 0..self.arbitrageurs.len() {
            let i = self.arbitrageurs[k];
            let (address, token, band, cash) = {
                let a = &self.agents[i];
                (a.address, a.token, a.band, a.cash)
            };
            let (Some(price), Some(fundamental), Some(depth)) =
                (self.market.price(token), self.market.fundamental(token), self.market.depth(token))
            else {
                continue;
            };
            let projected = price.ln() - self.market.pending(token) / depth;
            let gap = fundamental.ln() - projected;
            let decimals = self.p.decimals[&token];
            let holdings = self.held(address, token);
            let inventory = self.held(self.p.market_account, token);
            let value = |a: Amount| whole(a.0, decimals) * price;
            match decide(gap, band, depth, cash, value(holdings), value(inventory)) {
                Trade::Hold => {}
                Trade::Buy(q) => {
                    let amount = base_units(q / price, decimals).min(inventory);
                    if amount.is_zero() {
                        continue;
                    }
                    let body = CommandBody::Transfer(Transfer { token, to: address, amount });
                    if self.submit(self.p.market_account, body).is_some() {
                        let paid = value(amount);
                        self.agents[i].cash -= paid;
                        self.market.record_purchase(token, paid);
                    }
                }
                Trade::Sell(q) => {
                    let amount = base_units(q / price, decimals).min(holdings);
                    self.agents[i].cash += self.sell(i, token, amount, 1.0);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_buys_the_gap_beyond_its_band_within_its_cash_and_the_market_s_inventory() {
        // gap 0.10, band 0.02, depth 1000: wants 1000 · 0.08 = 80.
        assert_eq!(decide(0.10, 0.02, 1000.0, 500.0, 0.0, 1e9), Trade::Buy(1000.0 * (0.10 - 0.02)));
        assert_eq!(decide(0.10, 0.02, 1000.0, 50.0, 0.0, 1e9), Trade::Buy(50.0), "cash caps it");
        assert_eq!(decide(0.10, 0.02, 1000.0, 500.0, 0.0, 30.0), Trade::Buy(30.0), "inventory caps it");
        assert_eq!(decide(0.10, 0.02, 1000.0, 0.0, 0.0, 1e9), Trade::Hold, "no cash");
    }

    #[test]
    fn it_sells_above_the_fundamental_within_its_holdings_and_holds_inside_the_band() {
        // gap −0.05, band 0.02, depth 1000: wants to sell 1000 · 0.03 = 30.
        let want = 1000.0 * (0.05 - 0.02);
        assert_eq!(decide(-0.05, 0.02, 1000.0, 0.0, 100.0, 0.0), Trade::Sell(want));
        assert_eq!(decide(-0.05, 0.02, 1000.0, 0.0, 10.0, 0.0), Trade::Sell(10.0));
        assert_eq!(decide(-0.05, 0.02, 1000.0, 0.0, 0.0, 0.0), Trade::Hold, "nothing to sell");
        assert_eq!(decide(0.02, 0.02, 1000.0, 9.0, 9.0, 9.0), Trade::Hold, "at the band's edge");
        assert_eq!(decide(-0.01, 0.02, 1000.0, 9.0, 9.0, 9.0), Trade::Hold);
        assert_eq!(decide(f64::NAN, 0.02, 1000.0, 9.0, 9.0, 9.0), Trade::Hold);
    }
}
