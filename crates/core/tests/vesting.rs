//! Vesting (OpenZeppelin VestingWallet with a cliff, Sablier-style revoke) and
//! lock-ups, with amounts worked out by hand.

use concord_core::command::Event;
use concord_core::error::EngineError;
use concord_core::ledger::LedgerError;
use concord_core::testing::cmd;
use concord_core::types::{Amount, Timestamp};
use concord_core::vesting::{VestingError, VestingReleased, VestingRevoked};

use crate::common::{admin, moved, tok};
use crate::incentives_support::*;

/// Grant 1: 1000 ALLY from the admin to Alice, start 1000, cliff 100 s,
/// duration 400 s, revocable; created at t=10.
fn granted() -> concord_core::testing::Scenario {
    funded_hub().given([cmd(admin(), 10, create_vesting(alice(), "ALLY", 1000, 1000, 100, 400, true))])
}

/// Grant 1 releases `amount` (of `total` released so far) to Alice: the move
/// out of the grant's account, then the release.
fn released(amount: u128, total: u128) -> [Event; 2] {
    [
        moved("ALLY", grant_account(1), alice(), amount),
        Event::VestingReleased(VestingReleased {
            grant: 1,
            beneficiary: alice(),
            token: tok("ALLY"),
            amount: Amount(amount),
            released: Amount(total),
        }),
    ]
}

#[test]
fn nothing_is_releasable_before_the_cliff() {
    granted().when(&cmd(alice(), 1099, release(1))).then_error(&EngineError::Vesting(
        VestingError::NothingToRelease { grant: 1, at: Timestamp(1099), released: Amount(0) },
    ));
}

#[test]
fn at_the_cliff_the_linear_amount_since_start_vests() {
    // 1000 · 100 / 400 = 250.
    granted().when(&cmd(alice(), 1100, release(1))).then_events(&released(250, 250));
}

#[test]
fn after_the_cliff_vesting_is_linear_and_floors() {
    // 1000 · 301 / 400 = 752.5 → 752; then everything at the end.
    let engine = granted()
        .given([cmd(alice(), 1100, release(1))])
        .when(&cmd(outsider_caller(), 1301, release(1)))
        .then_events(&released(502, 752));
    assert_eq!(engine.state().ledger.balance(alice(), tok("ALLY")), Amount(752));
    granted().when(&cmd(alice(), 1400, release(1))).then_events(&released(1000, 1000));
}

/// Anyone may trigger a release; it always pays the beneficiary.
fn outsider_caller() -> concord_core::Address {
    crate::common::outsider()
}

#[test]
fn revocation_keeps_what_vested_and_returns_the_rest() {
    // Released 250 at the cliff; revoked at 1301: vested ⌊752.5⌋ = 752,
    // returned 1000 − 752 = 248. Alice can still release 752 − 250 = 502.
    let s = granted().given([cmd(alice(), 1100, release(1))]);
    let engine = s.when(&cmd(admin(), 1301, revoke(1))).then_events(&[
        moved("ALLY", grant_account(1), admin(), 248),
        Event::VestingRevoked(VestingRevoked {
            grant: 1,
            grantor: admin(),
            token: tok("ALLY"),
            vested: Amount(752),
            returned: Amount(248),
        }),
    ]);
    assert_eq!(engine.state().ledger.balance(admin(), tok("ALLY")), Amount(1_000_000_000 - 1000 + 248));
    let s = granted().given([cmd(alice(), 1100, release(1)), cmd(admin(), 1301, revoke(1))]);
    // Long after the end, only the vested part is ever paid.
    let engine = s.when(&cmd(alice(), 9_999, release(1))).then_events(&released(502, 752));
    assert_eq!(engine.state().ledger.balance(grant_account(1), tok("ALLY")), Amount(0));
}

#[test]
fn revoking_before_the_cliff_returns_everything() {
    granted().when(&cmd(admin(), 1050, revoke(1))).then_events(&[
        moved("ALLY", grant_account(1), admin(), 1000),
        Event::VestingRevoked(VestingRevoked {
            grant: 1,
            grantor: admin(),
            token: tok("ALLY"),
            vested: Amount(0),
            returned: Amount(1000),
        }),
    ]);
}

#[test]
fn revocation_rules() {
    granted().when(&cmd(alice(), 1050, revoke(1))).then_error(&EngineError::Vesting(
        VestingError::NotGrantor { grant: 1, actor: alice(), grantor: admin() },
    ));
    granted()
        .when(&cmd(admin(), 1400, revoke(1)))
        .then_error(&EngineError::Vesting(VestingError::FullyVested { grant: 1 }));
    granted()
        .given([cmd(admin(), 1050, revoke(1))])
        .when(&cmd(admin(), 1060, revoke(1)))
        .then_error(&EngineError::Vesting(VestingError::AlreadyRevoked { grant: 1, at: Timestamp(1050) }));
    funded_hub()
        .given([cmd(admin(), 10, create_vesting(alice(), "ALLY", 1000, 1000, 100, 400, false))])
        .when(&cmd(admin(), 1050, revoke(1)))
        .then_error(&EngineError::Vesting(VestingError::NotRevocable { grant: 1 }));
}

#[test]
fn a_cliff_after_the_end_is_refused() {
    funded_hub()
        .when(&cmd(admin(), 10, create_vesting(alice(), "ALLY", 1000, 1000, 500, 400, true)))
        .then_error(&EngineError::Vesting(VestingError::CliffAfterEnd {
            cliff_secs: 500,
            duration_secs: 400,
        }));
}

#[test]
fn locked_tokens_move_only_after_the_unlock_date() {
    // Alice receives 300 ALLY locked until t=500; she holds nothing else.
    let s = funded_hub().given([cmd(admin(), 10, transfer_locked("ALLY", alice(), 300, 500))]);
    s.when(&cmd(alice(), 499, crate::common::transfer("ALLY", bob(), 1))).then_error(&EngineError::Ledger(
        LedgerError::Locked {
            token: tok("ALLY"),
            locked: Amount(300),
            free: Amount(0),
            until: Timestamp(500),
        },
    ));
    let engine = funded_hub()
        .given([cmd(admin(), 10, transfer_locked("ALLY", alice(), 300, 500))])
        .when(&cmd(alice(), 500, crate::common::transfer("ALLY", bob(), 300)))
        .then_events(&[Event::Transferred(concord_core::ledger::Transferred {
            token: tok("ALLY"),
            from: alice(),
            to: bob(),
            amount: Amount(300),
        })]);
    assert_eq!(engine.state().ledger.balance(bob(), tok("ALLY")), Amount(300));
}

#[test]
fn only_the_free_part_of_a_balance_moves_while_locked() {
    // Alice holds 1e6 GOV free, then receives 100 GOV locked: 1e6 can move, not 1e6 + 1.
    let s = funded_hub().given([
        cmd(crate::common::relayer(), 2, crate::common::deposit(1, 9, 0, "GOV", admin(), 100)),
        cmd(admin(), 10, transfer_locked("GOV", alice(), 100, 500)),
    ]);
    s.when(&cmd(alice(), 20, crate::common::transfer("GOV", bob(), 1_000_001))).then_error(
        &EngineError::Ledger(LedgerError::Locked {
            token: tok("GOV"),
            locked: Amount(100),
            free: Amount(1_000_000),
            until: Timestamp(500),
        }),
    );
}

/// `derived("vesting:<id>")` written out.
fn grant_account(id: u64) -> concord_core::Address {
    crate::common::derived_address(&format!("vesting:{id}"))
}
