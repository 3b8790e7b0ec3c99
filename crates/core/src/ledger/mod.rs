//! The ledger: token registry, balances with checkpoints, mint and burn by the
//! minter, deposits recorded by the relayer (replay-proof), and withdrawals
//! that queue an outbound message with a per-chain nonce.
//!
//! Invariant (checked by property tests): for every token,
//! `Σ balances = minted + deposited − burned − withdrawn`. Tokens held by a
//! module (a treasury, a vault) sit in that module's derived account, so the
//! sum of balances covers everything locked or escrowed too.

mod error;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use crate::history::{Checkpoint, History};
pub use error::{LedgerError, LedgerResult};

use crate::problem::Problems;
use crate::types::{Address, Amount, B256, ChainId, Timestamp, TokenId};

/// What a token is for in the alliance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenRole {
    /// A member community's own token (GOV, PLAY).
    Member,
    /// The alliance's token, minted by the emission module.
    Alliance,
    /// A token paid out as rewards.
    Reward,
    /// A liquidity-pool share token.
    Lp,
}

/// A token's definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// The hub-wide id.
    pub id: TokenId,
    /// Ticker shown to people.
    pub symbol: String,
    /// Decimal places of one whole token (18 for most ERC-20s).
    pub decimals: u8,
    /// The chain where the token lives.
    pub chain_id: ChainId,
    /// The token contract on its home chain, if any.
    #[serde(default)]
    pub contract: Option<Address>,
    /// Role in the alliance.
    pub role: TokenRole,
    /// The only account allowed to mint and burn it in the hub.
    #[serde(default)]
    pub minter: Option<Address>,
}

impl Token {
    /// Largest `decimals` accepted (keeps normalisation to 18 decimals exact
    /// within 256-bit intermediates).
    pub const MAX_DECIMALS: u8 = 36;

    /// Checks a definition's own rules, reporting paths under `prefix`.
    pub fn check(&self, prefix: &str, out: &mut Problems) {
        out.check(
            !self.symbol.is_empty() && self.symbol.len() <= 16,
            format!("{prefix}.symbol"),
            format!("must be 1 to 16 characters, got {}", self.symbol.len()),
        );
        out.check(
            self.decimals <= Self::MAX_DECIMALS,
            format!("{prefix}.decimals"),
            format!("must be ≤ {}, got {}", Self::MAX_DECIMALS, self.decimals),
        );
        out.check(self.chain_id.0 != 0, format!("{prefix}.chain_id"), "must be a positive EVM chain id");
        out.check(
            !self.contract.is_some_and(|a| a.is_zero()),
            format!("{prefix}.contract"),
            "must not be the zero address",
        );
        out.check(
            !self.minter.is_some_and(|a| a.is_zero()),
            format!("{prefix}.minter"),
            "must not be the zero address",
        );
    }
}

/// Running totals of how a token's hub supply came and went.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supply {
    /// Minted in the hub by the minter.
    pub minted: Amount,
    /// Burned by the minter.
    pub burned: Amount,
    /// Bridged in from the home chain (recorded deposits).
    pub deposited: Amount,
    /// Bridged out to the home chain (queued withdrawals).
    pub withdrawn: Amount,
    /// Total supply in the hub over time.
    pub total: History,
}

/// A registered token and its supply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenEntry {
    /// The definition.
    pub token: Token,
    /// Its supply totals.
    pub supply: Supply,
}

/// The identity of a deposit on its home chain; each is recorded at most once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DepositKey {
    /// Source chain.
    pub chain_id: ChainId,
    /// Source transaction hash.
    pub tx_hash: B256,
    /// Index of the deposit log in that transaction.
    pub log_index: u64,
}

/// A withdrawal waiting to be executed on the token's home chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboundMessage {
    /// Per-chain sequence number, starting at 1.
    pub nonce: u64,
    /// Token withdrawn.
    pub token: TokenId,
    /// Hub account debited.
    pub from: Address,
    /// Recipient on the home chain.
    pub recipient: Address,
    /// Amount in base units.
    pub amount: Amount,
    /// When it was queued.
    pub at: Timestamp,
}

/// The outbound messages for one chain.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    /// The last nonce used (0 before the first message).
    pub last_nonce: u64,
    /// Every message, in nonce order.
    pub messages: Vec<OutboundMessage>,
}

/// One balance change made by the command being applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BalanceChange {
    /// The account.
    pub account: Address,
    /// The token.
    pub token: TokenId,
    /// Balance before.
    pub before: Amount,
    /// Balance after.
    pub after: Amount,
}

/// The ledger's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    /// Registered tokens by id.
    pub tokens: BTreeMap<TokenId, TokenEntry>,
    /// Balance histories by account, then token.
    pub balances: BTreeMap<Address, BTreeMap<TokenId, History>>,
    /// Every deposit recorded so far.
    pub deposits: BTreeSet<DepositKey>,
    /// Outbound messages by destination chain.
    pub outboxes: BTreeMap<ChainId, Outbox>,
    /// Balance changes of the command being applied, in order; the engine
    /// drains them after each command (voting power follows balances).
    /// Scratch only: never serialised, empty between commands.
    #[serde(skip)]
    pub changes: Vec<BalanceChange>,
}

// ---------------------------------------------------------------- commands

/// Register a new token (admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterToken {
    /// The definition.
    pub token: Token,
}

/// Change or clear a token's minter (admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetMinter {
    /// The token.
    pub token: TokenId,
    /// The new minter, or none.
    pub minter: Option<Address>,
}

/// Move tokens from the actor to `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// Token moved.
    pub token: TokenId,
    /// Recipient.
    pub to: Address,
    /// Amount in base units.
    pub amount: Amount,
}

/// Create tokens for `to` (the token's minter only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mint {
    /// Token minted.
    pub token: TokenId,
    /// Recipient.
    pub to: Address,
    /// Amount in base units.
    pub amount: Amount,
}

/// Destroy tokens from the actor's own balance (the token's minter only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Burn {
    /// Token burned.
    pub token: TokenId,
    /// Amount in base units.
    pub amount: Amount,
}

/// Record a deposit made on the token's home chain (relayer only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordDeposit {
    /// Source chain; must be the token's home chain.
    pub chain_id: ChainId,
    /// Source transaction hash.
    pub tx_hash: B256,
    /// Index of the deposit log in that transaction.
    pub log_index: u64,
    /// Token deposited.
    pub token: TokenId,
    /// Hub account credited.
    pub to: Address,
    /// Amount in base units.
    pub amount: Amount,
}

/// Withdraw tokens to the token's home chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Withdraw {
    /// Token withdrawn.
    pub token: TokenId,
    /// Recipient on the home chain.
    pub recipient: Address,
    /// Amount in base units.
    pub amount: Amount,
}

// ---------------------------------------------------------------- events

/// A token was registered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRegistered {
    /// The definition.
    pub token: Token,
}

/// A token's minter changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinterSet {
    /// The token.
    pub token: TokenId,
    /// The new minter.
    pub minter: Option<Address>,
}

/// Tokens moved between accounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transferred {
    /// Token.
    pub token: TokenId,
    /// Debited account.
    pub from: Address,
    /// Credited account.
    pub to: Address,
    /// Amount.
    pub amount: Amount,
}

/// Tokens were minted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minted {
    /// Token.
    pub token: TokenId,
    /// Credited account.
    pub to: Address,
    /// Amount.
    pub amount: Amount,
}

/// Tokens were burned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Burned {
    /// Token.
    pub token: TokenId,
    /// Debited account.
    pub from: Address,
    /// Amount.
    pub amount: Amount,
}

/// A home-chain deposit was credited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositRecorded {
    /// Where it came from.
    pub key: DepositKey,
    /// Token.
    pub token: TokenId,
    /// Credited account.
    pub to: Address,
    /// Amount.
    pub amount: Amount,
}

/// A withdrawal was queued as an outbound message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawalQueued {
    /// Destination chain.
    pub chain_id: ChainId,
    /// The message.
    pub message: OutboundMessage,
}

// ---------------------------------------------------------------- logic

impl Ledger {
    /// The token entry, or `UnknownToken` naming `field`.
    pub fn token(&self, id: TokenId, field: &'static str) -> LedgerResult<&TokenEntry> {
        self.tokens.get(&id).ok_or(LedgerError::UnknownToken { field, token: id })
    }

    /// Current balance.
    pub fn balance(&self, account: Address, token: TokenId) -> Amount {
        self.history(account, token).map_or(Amount::ZERO, History::latest)
    }

    /// Balance at the end of time `at` (O(log n) in the account's checkpoints).
    pub fn balance_at(&self, account: Address, token: TokenId, at: Timestamp) -> Amount {
        self.history(account, token).map_or(Amount::ZERO, |h| h.at(at))
    }

    /// Total supply of a token in the hub at the end of time `at`.
    pub fn total_supply_at(&self, token: TokenId, at: Timestamp) -> Amount {
        self.tokens.get(&token).map_or(Amount::ZERO, |e| e.supply.total.at(at))
    }

    fn history(&self, account: Address, token: TokenId) -> Option<&History> {
        self.balances.get(&account)?.get(&token)
    }

    fn set_balance(&mut self, account: Address, token: TokenId, at: Timestamp, amount: Amount) {
        let history = self.balances.entry(account).or_default().entry(token).or_default();
        let before = history.latest();
        history.record(at, amount);
        self.changes.push(BalanceChange { account, token, before, after: amount });
    }

    /// Adds `credit` to and subtracts `debit` from `account`'s balance in one
    /// lookup, recording the change; `None` (and nothing changed) when the
    /// result would be negative or overflow.
    fn adjust_balance(
        &mut self,
        account: Address,
        token: TokenId,
        at: Timestamp,
        debit: Amount,
        credit: Amount,
    ) -> Option<Amount> {
        let history = self.balances.entry(account).or_default().entry(token).or_default();
        let before = history.latest();
        let after = before.checked_sub(debit)?.checked_add(credit)?;
        history.record(at, after);
        self.changes.push(BalanceChange { account, token, before, after });
        Some(after)
    }

    /// Moves tokens a kernel plan has already checked (the token known, the
    /// recipient not zero, the balance there, no overflow): one balance
    /// lookup per account instead of [`Ledger::move_tokens`]'s four.
    ///
    /// # Panics
    /// If the plan was not checked against this state.
    pub(crate) fn move_checked(
        &mut self,
        token: TokenId,
        from: Address,
        to: Address,
        amount: Amount,
        at: Timestamp,
    ) -> Transferred {
        const CHECKED: &str = "the plan was checked before writing";
        if from != to {
            self.adjust_balance(from, token, at, amount, Amount::ZERO).expect(CHECKED);
            self.adjust_balance(to, token, at, Amount::ZERO, amount).expect(CHECKED);
        }
        Transferred { token, from, to, amount }
    }

    /// Checks that `account` can be debited `amount`, returning the new balance.
    fn check_debit(&self, account: Address, token: TokenId, amount: Amount) -> LedgerResult<Amount> {
        let available = self.balance(account, token);
        available.checked_sub(amount).ok_or(LedgerError::InsufficientBalance {
            account,
            token,
            needed: amount,
            available,
        })
    }

    /// Moves `amount` of `token` between two accounts, validating everything
    /// before changing anything. Other modules move custody with this.
    pub fn move_tokens(
        &mut self,
        token: TokenId,
        from: Address,
        to: Address,
        amount: Amount,
        at: Timestamp,
    ) -> LedgerResult<Transferred> {
        self.token(token, "body.token")?;
        if amount.is_zero() {
            return Err(LedgerError::ZeroAmount { field: "body.amount" });
        }
        if to.is_zero() {
            return Err(LedgerError::ZeroAddress { field: "body.to" });
        }
        let from_after = self.check_debit(from, token, amount)?;
        if from != to {
            // Σ balances = total supply ≤ u128::MAX, so a credit cannot
            // overflow; checked anyway so a broken invariant fails loudly.
            let to_after = self
                .balance(to, token)
                .checked_add(amount)
                .ok_or(LedgerError::Overflow { what: "a balance", token })?;
            self.set_balance(from, token, at, from_after);
            self.set_balance(to, token, at, to_after);
        }
        Ok(Transferred { token, from, to, amount })
    }

    /// Registers a token (authorisation is the engine's).
    pub fn register_token(&mut self, cmd: &RegisterToken) -> LedgerResult<TokenRegistered> {
        let token = &cmd.token;
        if self.tokens.contains_key(&token.id) {
            return Err(LedgerError::DuplicateToken { token: token.id });
        }
        let mut problems = Problems::default();
        token.check("body.token", &mut problems);
        if let Some(problem) = problems.into_vec().into_iter().next() {
            return Err(LedgerError::InvalidToken { problem });
        }
        self.tokens.insert(token.id, TokenEntry { token: token.clone(), supply: Supply::default() });
        Ok(TokenRegistered { token: token.clone() })
    }

    /// Sets a token's minter (authorisation is the engine's).
    pub fn set_minter(&mut self, cmd: &SetMinter) -> LedgerResult<MinterSet> {
        if cmd.minter.is_some_and(|a| a.is_zero()) {
            return Err(LedgerError::ZeroAddress { field: "body.minter" });
        }
        let entry = self
            .tokens
            .get_mut(&cmd.token)
            .ok_or(LedgerError::UnknownToken { field: "body.token", token: cmd.token })?;
        entry.token.minter = cmd.minter;
        Ok(MinterSet { token: cmd.token, minter: cmd.minter })
    }

    pub(crate) fn require_minter(&self, token: TokenId, actor: Address) -> LedgerResult<()> {
        let entry = self.token(token, "body.token")?;
        if entry.token.minter == Some(actor) { Ok(()) } else { Err(LedgerError::NotMinter { actor, token }) }
    }

    /// Mints by the token's minter.
    pub fn mint(&mut self, actor: Address, at: Timestamp, cmd: &Mint) -> LedgerResult<Minted> {
        self.require_minter(cmd.token, actor)?;
        let change = self.check_credit(cmd.token, cmd.to, cmd.amount, |s| s.minted, "cumulative minted")?;
        self.apply_change(cmd.token, cmd.to, at, change, |s| &mut s.minted);
        Ok(Minted { token: cmd.token, to: cmd.to, amount: cmd.amount })
    }

    /// Burns from the minter's own balance.
    pub fn burn(&mut self, actor: Address, at: Timestamp, cmd: &Burn) -> LedgerResult<Burned> {
        self.burn_from(actor, actor, at, cmd)
    }

    /// Burns `from`'s tokens by the token's minter `minter` (a share vault
    /// burning redeemed shares; authorisation is the caller's).
    pub(crate) fn burn_from(
        &mut self,
        minter: Address,
        from: Address,
        at: Timestamp,
        cmd: &Burn,
    ) -> LedgerResult<Burned> {
        self.require_minter(cmd.token, minter)?;
        let change = self.check_removal(cmd.token, from, cmd.amount, |s| s.burned, "cumulative burned")?;
        self.apply_change(cmd.token, from, at, change, |s| &mut s.burned);
        Ok(Burned { token: cmd.token, from, amount: cmd.amount })
    }

    /// Records a home-chain deposit (authorisation is the engine's).
    pub fn record_deposit(&mut self, at: Timestamp, cmd: &RecordDeposit) -> LedgerResult<DepositRecorded> {
        let home = self.token(cmd.token, "body.token")?.token.chain_id;
        if home != cmd.chain_id {
            return Err(LedgerError::WrongChain { token: cmd.token, home, got: cmd.chain_id });
        }
        let key = DepositKey { chain_id: cmd.chain_id, tx_hash: cmd.tx_hash, log_index: cmd.log_index };
        if self.deposits.contains(&key) {
            return Err(LedgerError::DuplicateDeposit {
                chain_id: key.chain_id,
                tx_hash: key.tx_hash,
                log_index: key.log_index,
            });
        }
        let change =
            self.check_credit(cmd.token, cmd.to, cmd.amount, |s| s.deposited, "cumulative deposited")?;
        self.apply_change(cmd.token, cmd.to, at, change, |s| &mut s.deposited);
        self.deposits.insert(key);
        Ok(DepositRecorded { key, token: cmd.token, to: cmd.to, amount: cmd.amount })
    }

    /// Debits the actor and queues an outbound message on the token's home chain.
    pub fn withdraw(
        &mut self,
        actor: Address,
        at: Timestamp,
        cmd: &Withdraw,
    ) -> LedgerResult<WithdrawalQueued> {
        let chain_id = self.token(cmd.token, "body.token")?.token.chain_id;
        if cmd.recipient.is_zero() {
            return Err(LedgerError::ZeroAddress { field: "body.recipient" });
        }
        let change =
            self.check_removal(cmd.token, actor, cmd.amount, |s| s.withdrawn, "cumulative withdrawn")?;
        self.apply_change(cmd.token, actor, at, change, |s| &mut s.withdrawn);
        let outbox = self.outboxes.entry(chain_id).or_default();
        outbox.last_nonce += 1;
        let message = OutboundMessage {
            nonce: outbox.last_nonce,
            token: cmd.token,
            from: actor,
            recipient: cmd.recipient,
            amount: cmd.amount,
            at,
        };
        outbox.messages.push(message.clone());
        Ok(WithdrawalQueued { chain_id, message })
    }

    /// Checks a supply increase (mint, deposit) crediting `to`.
    fn check_credit(
        &self,
        token: TokenId,
        to: Address,
        amount: Amount,
        counter: fn(&Supply) -> Amount,
        what: &'static str,
    ) -> LedgerResult<SupplyChange> {
        if amount.is_zero() {
            return Err(LedgerError::ZeroAmount { field: "body.amount" });
        }
        if to.is_zero() {
            return Err(LedgerError::ZeroAddress { field: "body.to" });
        }
        let supply = &self.token(token, "body.token")?.supply;
        let overflow = |what| LedgerError::Overflow { what, token };
        Ok(SupplyChange {
            total: supply.total.latest().checked_add(amount).ok_or(overflow("total supply"))?,
            balance: self.balance(to, token).checked_add(amount).ok_or(overflow("a balance"))?,
            counter: counter(supply).checked_add(amount).ok_or(overflow(what))?,
        })
    }

    /// Checks a supply decrease (burn, withdrawal) debiting `from`.
    fn check_removal(
        &self,
        token: TokenId,
        from: Address,
        amount: Amount,
        counter: fn(&Supply) -> Amount,
        what: &'static str,
    ) -> LedgerResult<SupplyChange> {
        if amount.is_zero() {
            return Err(LedgerError::ZeroAmount { field: "body.amount" });
        }
        let supply = &self.token(token, "body.token")?.supply;
        let balance = self.check_debit(from, token, amount)?;
        Ok(SupplyChange {
            // amount ≤ balance ≤ total supply, so this cannot underflow.
            total: supply
                .total
                .latest()
                .checked_sub(amount)
                .ok_or(LedgerError::Overflow { what: "total supply", token })?,
            balance,
            counter: counter(supply).checked_add(amount).ok_or(LedgerError::Overflow { what, token })?,
        })
    }

    /// Applies a checked supply change. Infallible.
    fn apply_change(
        &mut self,
        token: TokenId,
        account: Address,
        at: Timestamp,
        change: SupplyChange,
        counter: fn(&mut Supply) -> &mut Amount,
    ) {
        let supply = &mut self.tokens.get_mut(&token).expect("token checked by the caller").supply;
        supply.total.record(at, change.total);
        *counter(supply) = change.counter;
        self.set_balance(account, token, at, change.balance);
    }
}

/// The new values a checked supply change will write.
#[derive(Clone, Copy)]
struct SupplyChange {
    total: Amount,
    balance: Amount,
    counter: Amount,
}
