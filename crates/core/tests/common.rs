//! Shared fixtures: the sample charter's accounts and tokens, command-body
//! builders, and reference (hand-written) encodings used to check hashes.

use alloy_primitives::keccak256;
use concord_core::command::CommandBody;
use concord_core::envelope::SignedEnvelope;
use concord_core::keys::Key;
use concord_core::ledger::{Burn, Mint, RecordDeposit, Transfer, Withdraw};
use concord_core::types::{Address, Amount, B256, ChainId, Timestamp, TokenId};

/// Dev key `i`'s address.
pub(crate) fn dev(i: usize) -> Address {
    Key::dev(i).address
}

/// Admin, alliance leader and ALLY minter in the sample charter.
pub(crate) fn admin() -> Address {
    dev(0)
}

/// The relayer in the sample charter.
pub(crate) fn relayer() -> Address {
    dev(1)
}

/// The GOV DAO community account.
pub(crate) fn gov_dao() -> Address {
    dev(2)
}

/// The PLAY Guild community account.
pub(crate) fn play_guild() -> Address {
    dev(3)
}

/// An account nobody in the charter knows.
pub(crate) fn outsider() -> Address {
    dev(4)
}

/// A home-chain recipient for withdrawals.
pub(crate) fn home_recipient() -> Address {
    Address::from_bytes([0x77; 20])
}

/// The GOV token's home chain.
pub(crate) const GOV_CHAIN: u64 = 1;
/// The PLAY token's home chain.
pub(crate) const PLAY_CHAIN: u64 = 42_161;
/// The ALLY token's home chain (and the hub's EIP-712 chain id).
pub(crate) const ALLY_CHAIN: u64 = 10;

/// A token id.
pub(crate) fn tok(id: &str) -> TokenId {
    id.parse().expect("test token ids are valid")
}

/// A transaction hash made of one repeated byte.
pub(crate) fn tx(byte: u8) -> B256 {
    B256::repeat_byte(byte)
}

pub(crate) fn transfer(token: &str, to: Address, amount: u128) -> CommandBody {
    CommandBody::Transfer(Transfer { token: tok(token), to, amount: Amount(amount) })
}

pub(crate) fn mint(token: &str, to: Address, amount: u128) -> CommandBody {
    CommandBody::Mint(Mint { token: tok(token), to, amount: Amount(amount) })
}

pub(crate) fn burn(token: &str, amount: u128) -> CommandBody {
    CommandBody::Burn(Burn { token: tok(token), amount: Amount(amount) })
}

pub(crate) fn deposit(
    chain: u64,
    tx_byte: u8,
    log_index: u64,
    token: &str,
    to: Address,
    amount: u128,
) -> CommandBody {
    CommandBody::RecordDeposit(RecordDeposit {
        chain_id: ChainId(chain),
        tx_hash: tx(tx_byte),
        log_index,
        token: tok(token),
        to,
        amount: Amount(amount),
    })
}

pub(crate) fn withdraw(token: &str, recipient: Address, amount: u128) -> CommandBody {
    CommandBody::Withdraw(Withdraw { token: tok(token), recipient, amount: Amount(amount) })
}

/// `Address::derived` written out: the last 20 bytes of
/// keccak256("concord:" ‖ label).
pub(crate) fn derived_address(label: &str) -> Address {
    let hash = keccak256(format!("concord:{label}").as_bytes());
    let mut bytes = [0u8; 20];
    bytes.copy_from_slice(&hash[12..]);
    Address::from_bytes(bytes)
}

fn uleb128(mut n: usize, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn bcs_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    uleb128(bytes.len(), out);
    out.extend_from_slice(bytes);
}

/// A log entry's hash from the BCS layout written out by hand:
/// keccak256(prev ‖ seq u64le ‖ at u64le ‖ actor[20] ‖ envelope), where the
/// envelope is name, version (length-prefixed), chainId u64le,
/// verifyingContract[20], account[20], nonce u64le, kind, body, signature
/// (length-prefixed).
pub(crate) fn reference_entry_hash(
    prev: B256,
    seq: u64,
    at: Timestamp,
    actor: Address,
    envelope: &SignedEnvelope,
) -> B256 {
    let mut b = Vec::new();
    b.extend_from_slice(prev.as_slice());
    b.extend_from_slice(&seq.to_le_bytes());
    b.extend_from_slice(&at.0.to_le_bytes());
    b.extend_from_slice(actor.as_bytes());
    bcs_bytes(envelope.domain.name.as_bytes(), &mut b);
    bcs_bytes(envelope.domain.version.as_bytes(), &mut b);
    b.extend_from_slice(&envelope.domain.chain_id.0.to_le_bytes());
    b.extend_from_slice(envelope.domain.verifying_contract.as_bytes());
    b.extend_from_slice(envelope.account.as_bytes());
    b.extend_from_slice(&envelope.nonce.to_le_bytes());
    bcs_bytes(envelope.kind.as_bytes(), &mut b);
    bcs_bytes(envelope.body.as_bytes(), &mut b);
    bcs_bytes(&envelope.signature, &mut b);
    keccak256(&b)
}

/// The journal event of a move.
pub(crate) fn moved(token: &str, from: Address, to: Address, amount: u128) -> concord_core::Event {
    concord_core::Event::Transferred(concord_core::ledger::Transferred {
        token: tok(token),
        from,
        to,
        amount: concord_core::Amount(amount),
    })
}

/// The journal event of a mint.
pub(crate) fn minted(token: &str, to: Address, amount: u128) -> concord_core::Event {
    concord_core::Event::Minted(concord_core::ledger::Minted {
        token: tok(token),
        to,
        amount: concord_core::Amount(amount),
    })
}
