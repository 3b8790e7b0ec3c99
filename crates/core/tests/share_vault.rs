//! ERC-4626 share arithmetic against hand-worked cases, EIP-4626's rounding
//! directions and the donation (inflation) attack.

use concord_core::share_vault::*;
use concord_core::types::Amount;
use proptest::prelude::*;

const E18: u128 = 1_000_000_000_000_000_000;

fn vault(assets: u128, supply: u128, offset: u8) -> ShareVault {
    ShareVault { total_assets: Amount(assets), total_supply: Amount(supply), decimals_offset: offset }
}

#[test]
fn an_empty_vault_mints_one_share_per_asset_without_offset() {
    let v = vault(0, 0, 0);
    // 100 · (0 + 1) / (0 + 1) = 100 both ways.
    assert_eq!(v.preview_deposit(Amount(100)), Some(Amount(100)));
    assert_eq!(v.preview_mint(Amount(100)), Some(Amount(100)));
    // With offset 3: 100 · (0 + 1000) / (0 + 1) = 100 000 shares.
    assert_eq!(vault(0, 0, 3).preview_deposit(Amount(100)), Some(Amount(100_000)));
}

#[test]
fn after_rewards_each_preview_rounds_in_favour_of_the_vault() {
    // 1000 deposited for 1000 shares, then 500 of rewards compound: assets 1500, supply 1000.
    let (shares, v) = vault(0, 0, 0).deposit(Amount(1_000)).unwrap();
    assert_eq!(shares, Amount(1_000));
    let v = v.compound(Amount(500)).unwrap();
    // deposit 100: ⌊100 · 1001 / 1501⌋ = ⌊66.69⌋ = 66 shares.
    assert_eq!(v.preview_deposit(Amount(100)), Some(Amount(66)));
    // mint 66: ⌈66 · 1501 / 1001⌉ = ⌈98.97⌉ = 99 assets.
    assert_eq!(v.preview_mint(Amount(66)), Some(Amount(99)));
    // withdraw 100: ⌈100 · 1001 / 1501⌉ = ⌈66.69⌉ = 67 shares burnt.
    assert_eq!(v.preview_withdraw(Amount(100)), Some(Amount(67)));
    // redeem 67: ⌊67 · 1501 / 1001⌋ = ⌊100.47⌋ = 100 assets.
    assert_eq!(v.preview_redeem(Amount(67)), Some(Amount(100)));
    // A depositor's 1000 shares are now worth ⌊1000 · 1501 / 1001⌋ = 1499 (the virtual share's cut).
    assert_eq!(v.preview_redeem(Amount(1_000)), Some(Amount(1_499)));
}

#[test]
fn the_donation_attack_loses_the_attacker_money_and_the_offset_protects_the_victim() {
    // Offset 0. The attacker deposits 1 (1 share) and donates 1e18; the victim deposits 1e18:
    // ⌊1e18 · (1 + 1) / (1e18 + 1 + 1)⌋ = 1 share.
    let (a_shares, v) = vault(0, 0, 0).deposit(Amount(1)).unwrap();
    let v = v.compound(Amount(E18)).unwrap();
    let (victim, v) = v.deposit(Amount(E18)).unwrap();
    assert_eq!((a_shares, victim), (Amount(1), Amount(1)));
    // The attacker redeems: ⌊1 · (2e18 + 1 + 1) / (2 + 1)⌋ = 666 666 666 666 666 667, having paid 1e18 + 1.
    let (a_back, v) = v.redeem(a_shares).unwrap();
    assert_eq!(a_back, Amount(666_666_666_666_666_667));
    assert!(a_back.0 < E18 + 1, "the attack does not pay");
    // The victim's share: ⌊1 · (1 333 333 333 333 333 334 + 1) / (1 + 1)⌋ = 666 666 666 666 666 667.
    assert_eq!(v.redeem(victim).unwrap().0, Amount(666_666_666_666_666_667));

    // Offset 6: the attacker's 1 asset mints 1e6 shares; the victim's deposit mints
    // ⌊1e18 · (1e6 + 1e6) / (1e18 + 2)⌋ = 1 999 999 shares, and keeps ⌊1999999 · (2e18 + 2) / 2999999 ...⌋.
    let (a_shares, v) = vault(0, 0, 6).deposit(Amount(1)).unwrap();
    let v = v.compound(Amount(E18)).unwrap();
    let (victim, v) = v.deposit(Amount(E18)).unwrap();
    assert_eq!((a_shares, victim), (Amount(1_000_000), Amount(1_999_999)));
    let (_, v) = v.redeem(a_shares).unwrap();
    let (victim_back, _) = v.redeem(victim).unwrap();
    assert!(victim_back.0 > E18 * 99 / 100, "the victim keeps over 99 % ({})", victim_back.0);
}

proptest! {
    /// Each preview is the exact quotient rounded the EIP's way (checked here
    /// with a remainder test, not a second division), and a deposit then a
    /// redeem never pays out more than went in.
    #[test]
    fn previews_round_as_eip_4626_requires(
        assets in 0u128..1_000_000_000_000 * E18,
        supply in 0u128..1_000_000_000_000 * E18,
        x in 0u128..1_000_000 * E18,
        offset in 0u8..=MAX_OFFSET,
    ) {
        let v = vault(assets, supply, offset);
        let vs = alloy_primitives::U256::from(supply) + alloy_primitives::U256::from(10u8).pow(alloy_primitives::U256::from(offset));
        let va = alloy_primitives::U256::from(assets) + alloy_primitives::U256::from(1u8);
        let xs = alloy_primitives::U256::from(x);
        // Floor q: q · den ≤ x · num < (q + 1) · den; ceil c: (c − 1) · den < x · num ≤ c · den.
        let floor_ok = |q: Amount, num, den| {
            let q = alloy_primitives::U256::from(q.0);
            q * den <= xs * num && xs * num < (q + alloy_primitives::U256::from(1u8)) * den
        };
        let ceil_ok = |c: Amount, num, den| {
            let c = alloy_primitives::U256::from(c.0);
            xs * num <= c * den && (c.is_zero() || (c - alloy_primitives::U256::from(1u8)) * den < xs * num)
        };
        if let Some(s) = v.preview_deposit(Amount(x)) { prop_assert!(floor_ok(s, vs, va)); }
        if let Some(s) = v.preview_withdraw(Amount(x)) { prop_assert!(ceil_ok(s, vs, va)); }
        if let Some(a) = v.preview_redeem(Amount(x)) { prop_assert!(floor_ok(a, va, vs)); }
        if let Some(a) = v.preview_mint(Amount(x)) { prop_assert!(ceil_ok(a, va, vs)); }
        if let Some((shares, after)) = v.deposit(Amount(x))
            && let Some((back, _)) = after.redeem(shares)
        {
            prop_assert!(back.0 <= x, "deposit {x} then redeem paid {}", back.0);
        }
    }
}
