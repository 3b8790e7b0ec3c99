//! Property tests over random command sequences (many of them rejected):
//! supply conservation against a hand-written reference model, atomic
//! rejection, log replay, and balance checkpoints against a naive
//! recomputation.

use std::collections::{BTreeMap, BTreeSet};

use alloy_primitives::U256;
use concord_core::command::{CommandBody, Event};
use concord_core::keys::Key;
use concord_core::ledger::{RegisterToken, SetMinter, Token, TokenRole};
use concord_core::log::{Chain, LogEntry};
use concord_core::roles::{GrantRole, RevokeRole, Role};
use concord_core::testing::{cmd, sample_charter};
use concord_core::types::{Address, Amount, ChainId, Timestamp, TokenId};
use concord_core::{Command, Engine};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use crate::common::{
    ALLY_CHAIN, GOV_CHAIN, PLAY_CHAIN, burn, deposit, dev, home_recipient, mint, reference_entry_hash, tok,
    transfer, withdraw,
};

/// The sample charter's tokens, by index.
const TOKENS: [&str; 3] = ["GOV", "PLAY", "ALLY"];
/// Each token's home chain.
const HOME: [u64; 3] = [GOV_CHAIN, PLAY_CHAIN, ALLY_CHAIN];
/// Each token's minter (dev index): only ALLY has one, dev 0.
const MINTER: [Option<usize>; 3] = [None, None, Some(0)];
/// The relayer's dev index.
const RELAYER: usize = 1;
/// Accounts taking part: dev 0 to 3.
const ACCOUNTS: usize = 4;

#[derive(Clone, Debug)]
enum Op {
    Transfer { from: usize, to: usize, token: usize, amount: u128 },
    Mint { actor: usize, to: usize, token: usize, amount: u128 },
    Burn { actor: usize, token: usize, amount: u128 },
    Deposit { actor: usize, chain: usize, token: usize, to: usize, tx: u8, log_index: u64, amount: u128 },
    Withdraw { from: usize, token: usize, amount: u128 },
}

impl Op {
    fn actor(&self) -> usize {
        match *self {
            Self::Transfer { from, .. } | Self::Withdraw { from, .. } => from,
            Self::Mint { actor, .. } | Self::Burn { actor, .. } | Self::Deposit { actor, .. } => actor,
        }
    }

    fn body(&self) -> CommandBody {
        match *self {
            Self::Transfer { to, token, amount, .. } => transfer(TOKENS[token], dev(to), amount),
            Self::Mint { to, token, amount, .. } => mint(TOKENS[token], dev(to), amount),
            Self::Burn { token, amount, .. } => burn(TOKENS[token], amount),
            Self::Deposit { chain, token, to, tx, log_index, amount, .. } => {
                deposit(HOME[chain], tx, log_index, TOKENS[token], dev(to), amount)
            }
            Self::Withdraw { token, amount, .. } => withdraw(TOKENS[token], home_recipient(), amount),
        }
    }
}

/// Mostly small amounts up to `small` (zero included, to be rejected), with
/// some near or at u128::MAX to reach the overflow checks.
fn amount(small: u128) -> impl Strategy<Value = u128> {
    prop_oneof![
        8 => 0..=small,
        1 => Just(u128::MAX),
        1 => (u128::MAX / 2)..=u128::MAX,
    ]
}

/// Amounts credited (mint, deposit).
fn credit() -> impl Strategy<Value = u128> {
    amount(1_000)
}

/// Amounts debited (transfer, burn, withdraw): smaller, so more succeed.
fn debit() -> impl Strategy<Value = u128> {
    amount(150)
}

fn account() -> impl Strategy<Value = usize> {
    0..ACCOUNTS
}

fn token() -> impl Strategy<Value = usize> {
    0..TOKENS.len()
}

/// Mostly the role holder, sometimes anyone.
fn usually(index: usize) -> impl Strategy<Value = usize> {
    prop_oneof![3 => Just(index), 1 => account()]
}

/// Mostly ALLY, the one token with a minter.
fn mostly_ally() -> impl Strategy<Value = usize> {
    prop_oneof![3 => Just(2usize), 1 => token()]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (account(), account(), token(), debit())
            .prop_map(|(from, to, token, amount)| Op::Transfer { from, to, token, amount }),
        2 => (usually(0), prop_oneof![Just(0), account()], mostly_ally(), credit())
            .prop_map(|(actor, to, token, amount)| Op::Mint { actor, to, token, amount }),
        1 => (usually(0), mostly_ally(), debit())
            .prop_map(|(actor, token, amount)| Op::Burn { actor, token, amount }),
        3 => (
            usually(RELAYER),
            prop_oneof![4 => Just(None), 1 => token().prop_map(Some)],
            token(),
            account(),
            0..4u8,
            0..2u64,
            credit(),
        )
            .prop_map(|(actor, chain, token, to, tx, log_index, amount)| Op::Deposit {
                actor,
                chain: chain.unwrap_or(token),
                token,
                to,
                tx,
                log_index,
                amount,
            }),
        2 => (account(), token(), debit())
            .prop_map(|(from, token, amount)| Op::Withdraw { from, token, amount }),
    ]
}

/// Funding at the start: 500 of each token for every account, through the
/// ordinary deposit (GOV, PLAY) and mint (ALLY) commands.
fn funding() -> Vec<(Op, u64)> {
    let mut ops = Vec::new();
    for to in 0..ACCOUNTS {
        for token in 0..2 {
            ops.push((
                Op::Deposit {
                    actor: RELAYER,
                    chain: token,
                    token,
                    to,
                    tx: 100 + to as u8,
                    log_index: token as u64,
                    amount: 500,
                },
                0,
            ));
        }
        ops.push((Op::Mint { actor: 0, to, token: 2, amount: 500 }, 0));
    }
    ops
}

/// Ops with the seconds elapsed before each (0 = same second); three in four
/// sequences start funded, the rest from empty balances.
fn timed_ops(max: usize) -> impl Strategy<Value = Vec<(Op, u64)>> {
    (prop::bool::weighted(0.75), vec((op(), 0..3u64), 1..max))
        .prop_map(|(funded, ops)| if funded { funding().into_iter().chain(ops).collect() } else { ops })
}

/// The ledger's rules written out independently: which ops are accepted and
/// what they do to balances and supply counters.
#[derive(Default)]
struct Model {
    balances: BTreeMap<(usize, usize), u128>,
    total: [u128; 3],
    minted: [u128; 3],
    burned: [u128; 3],
    deposited: [u128; 3],
    withdrawn: [u128; 3],
    deposits: BTreeSet<(u64, u8, u64)>,
}

impl Model {
    fn balance(&self, account: usize, token: usize) -> u128 {
        self.balances.get(&(account, token)).copied().unwrap_or(0)
    }

    /// Applies `op` if the rules allow it; returns whether they do.
    fn apply(&mut self, op: &Op) -> bool {
        match *op {
            Op::Transfer { from, to, token, amount } => {
                if amount == 0 || self.balance(from, token) < amount {
                    return false;
                }
                if from != to {
                    *self.balances.entry((from, token)).or_default() -= amount;
                    *self.balances.entry((to, token)).or_default() += amount;
                }
                true
            }
            Op::Mint { actor, to, token, amount } => {
                MINTER[token] == Some(actor) && self.credit(to, token, amount, Counter::Minted)
            }
            Op::Burn { actor, token, amount } => {
                MINTER[token] == Some(actor) && self.debit(actor, token, amount, Counter::Burned)
            }
            Op::Deposit { actor, chain, token, to, tx, log_index, amount } => {
                let key = (HOME[chain], tx, log_index);
                if actor != RELAYER || chain != token || self.deposits.contains(&key) {
                    return false;
                }
                let ok = self.credit(to, token, amount, Counter::Deposited);
                if ok {
                    self.deposits.insert(key);
                }
                ok
            }
            Op::Withdraw { from, token, amount } => self.debit(from, token, amount, Counter::Withdrawn),
        }
    }

    fn credit(&mut self, to: usize, token: usize, amount: u128, counter: Counter) -> bool {
        let counted = self.counter(counter)[token];
        let (Some(total), Some(balance), Some(counted)) = (
            self.total[token].checked_add(amount),
            self.balance(to, token).checked_add(amount),
            counted.checked_add(amount),
        ) else {
            return false;
        };
        if amount == 0 {
            return false;
        }
        self.total[token] = total;
        self.balances.insert((to, token), balance);
        self.counter(counter)[token] = counted;
        true
    }

    fn debit(&mut self, from: usize, token: usize, amount: u128, counter: Counter) -> bool {
        let balance = self.balance(from, token);
        let counted = self.counter(counter)[token];
        let Some(counted) = counted.checked_add(amount) else {
            return false;
        };
        if amount == 0 || balance < amount {
            return false;
        }
        self.total[token] -= amount;
        self.balances.insert((from, token), balance - amount);
        self.counter(counter)[token] = counted;
        true
    }

    fn counter(&mut self, counter: Counter) -> &mut [u128; 3] {
        match counter {
            Counter::Minted => &mut self.minted,
            Counter::Burned => &mut self.burned,
            Counter::Deposited => &mut self.deposited,
            Counter::Withdrawn => &mut self.withdrawn,
        }
    }
}

#[derive(Clone, Copy)]
enum Counter {
    Minted,
    Burned,
    Deposited,
    Withdrawn,
}

/// Σ balances over every account in the ledger == minted + deposited −
/// burned − withdrawn == supply.total.latest(), per token; no balance exceeds
/// the total; the engine's counters and balances match the model's.
fn check_conservation(engine: &Engine, model: &Model) -> Result<(), TestCaseError> {
    let ledger = &engine.state().ledger;
    for (k, name) in TOKENS.iter().enumerate() {
        let id = tok(name);
        let supply = &ledger.tokens[&id].supply;
        let total = supply.total.latest().0;
        let mut sum = U256::ZERO;
        for histories in ledger.balances.values() {
            if let Some(history) = histories.get(&id) {
                let balance = history.latest().0;
                prop_assert!(balance <= total, "{name}: balance {balance} > total {total}");
                sum += U256::from(balance);
            }
        }
        let flows = U256::from(model.minted[k]) + U256::from(model.deposited[k])
            - U256::from(model.burned[k])
            - U256::from(model.withdrawn[k]);
        prop_assert_eq!(sum, flows, "{}: Σ balances vs flows", name);
        prop_assert_eq!(U256::from(total), flows, "{}: total vs flows", name);
        prop_assert_eq!(total, model.total[k]);
        prop_assert_eq!(supply.minted, Amount(model.minted[k]));
        prop_assert_eq!(supply.burned, Amount(model.burned[k]));
        prop_assert_eq!(supply.deposited, Amount(model.deposited[k]));
        prop_assert_eq!(supply.withdrawn, Amount(model.withdrawn[k]));
        for account in 0..ACCOUNTS {
            prop_assert_eq!(
                ledger.balance(dev(account), id),
                Amount(model.balance(account, k)),
                "dev {} {}",
                account,
                name
            );
        }
    }
    Ok(())
}

/// Applies `command`; if rejected, asserts that nothing changed.
fn apply_atomically(engine: &mut Engine, command: &Command) -> Result<bool, TestCaseError> {
    let before = engine.clone();
    let before_hash = engine.state_hash();
    match engine.apply(command) {
        Ok(_) => Ok(true),
        Err(error) => {
            prop_assert_eq!(engine.state_hash(), before_hash, "rejected ({}) but the hash changed", error);
            prop_assert_eq!(engine.state(), before.state());
            // Every error names its field first, then the rule.
            let field = error.field().to_owned();
            prop_assert!(
                error.to_string().starts_with(&format!("{field}: ")),
                "`{}` does not start with its field `{}`",
                error,
                field
            );
            prop_assert!(!error.code().is_empty());
            Ok(false)
        }
    }
}

/// Commands that are usually wrong in some way, mixed with ordinary ops.
#[derive(Clone, Debug)]
enum Hostile {
    Ordinary(Op),
    ZeroActor(Op),
    ClockBack(Op, u64),
    Nonce(Op, u64),
    RevokeAdmin(usize),
    GrantRole(usize, bool, usize),
    RegisterToken(usize, u8, bool),
    SetMinter(usize, usize, Option<usize>),
    CreateAlliance(usize, bool),
}

fn hostile() -> impl Strategy<Value = Hostile> {
    prop_oneof![
        4 => op().prop_map(Hostile::Ordinary),
        1 => op().prop_map(Hostile::ZeroActor),
        1 => (op(), 1..50u64).prop_map(|(o, back)| Hostile::ClockBack(o, back)),
        2 => (op(), 0..3u64).prop_map(|(o, n)| Hostile::Nonce(o, n)),
        1 => account().prop_map(Hostile::RevokeAdmin),
        1 => (account(), any::<bool>(), 0..6usize).prop_map(|(a, r, t)| Hostile::GrantRole(a, r, t)),
        1 => (account(), 30..40u8, any::<bool>()).prop_map(|(a, d, dup)| Hostile::RegisterToken(a, d, dup)),
        1 => (account(), token(), prop_oneof![Just(None), (0..5usize).prop_map(Some)])
            .prop_map(|(a, t, m)| Hostile::SetMinter(a, t, m)),
        1 => (account(), any::<bool>()).prop_map(|(a, valid)| Hostile::CreateAlliance(a, valid)),
    ]
}

/// Hostile steps, usually after the same funding as `timed_ops`.
fn hostile_steps() -> impl Strategy<Value = Vec<(Hostile, u64)>> {
    (prop::bool::weighted(0.75), vec((hostile(), 0..3u64), 1..40)).prop_map(|(funded, steps)| {
        let funding = funding().into_iter().map(|(op, dt)| (Hostile::Ordinary(op), dt)).filter(|_| funded);
        funding.chain(steps).collect()
    })
}

impl Hostile {
    fn command(&self, now: u64, alliance_seq: usize) -> Command {
        match self {
            Self::Ordinary(op) => cmd(dev(op.actor()), now, op.body()),
            Self::ZeroActor(op) => cmd(Address::ZERO, now, op.body()),
            Self::ClockBack(op, back) => cmd(dev(op.actor()), now.saturating_sub(*back), op.body()),
            Self::Nonce(op, nonce) => Command { nonce: Some(*nonce), ..cmd(dev(op.actor()), now, op.body()) },
            Self::RevokeAdmin(actor) => cmd(
                dev(*actor),
                now,
                CommandBody::RevokeRole(RevokeRole { role: Role::Admin, account: dev(0) }),
            ),
            Self::GrantRole(actor, relayer, target) => {
                // target 5 is the zero address.
                let account = if *target == 5 { Address::ZERO } else { dev(*target) };
                let role = if *relayer { Role::Relayer } else { Role::Admin };
                cmd(dev(*actor), now, CommandBody::GrantRole(GrantRole { role, account }))
            }
            Self::RegisterToken(actor, decimals, duplicate) => cmd(
                dev(*actor),
                now,
                CommandBody::RegisterToken(RegisterToken {
                    token: Token {
                        id: tok(if *duplicate { "GOV" } else { "NEW" }),
                        symbol: "NEW".into(),
                        decimals: *decimals,
                        chain_id: ChainId(ALLY_CHAIN),
                        contract: None,
                        role: TokenRole::Reward,
                        minter: None,
                    },
                }),
            ),
            Self::SetMinter(actor, token, minter) => cmd(
                dev(*actor),
                now,
                CommandBody::SetMinter(SetMinter { token: tok(TOKENS[*token]), minter: minter.map(dev) }),
            ),
            Self::CreateAlliance(actor, valid) => {
                let mut spec = sample_charter().alliance;
                spec.id = format!("a{alliance_seq}").parse().unwrap();
                spec.leader = dev(0);
                if !*valid {
                    spec.agreement.duration_days = 0;
                }
                cmd(dev(*actor), now, CommandBody::CreateAlliance(Box::new(spec)))
            }
        }
    }
}

/// Balance changes carried by an accepted event.
fn deltas(event: &Event) -> Vec<(Address, TokenId, bool, u128)> {
    match event {
        Event::Transferred(e) if e.from == e.to => vec![],
        Event::Transferred(e) => {
            vec![(e.from, e.token, false, e.amount.0), (e.to, e.token, true, e.amount.0)]
        }
        Event::Minted(e) => vec![(e.to, e.token, true, e.amount.0)],
        Event::Burned(e) => vec![(e.from, e.token, false, e.amount.0)],
        Event::DepositRecorded(e) => vec![(e.to, e.token, true, e.amount.0)],
        Event::WithdrawalQueued(e) => {
            vec![(e.message.from, e.message.token, false, e.message.amount.0)]
        }
        _ => vec![],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// (a) conservation, with the model also predicting which ops are accepted.
    #[test]
    fn supply_is_conserved_and_matches_the_reference_model(steps in timed_ops(40)) {
        let mut engine = Engine::genesis(&sample_charter());
        let mut model = Model::default();
        let mut now = 0;
        for (op, dt) in &steps {
            now += dt;
            let accepted = apply_atomically(&mut engine, &cmd(dev(op.actor()), now, op.body()))?;
            let expected = model.apply(op);
            prop_assert_eq!(accepted, expected, "engine and model disagree on {:?}", op);
            check_conservation(&engine, &model)?;
        }
    }

    /// (b) a rejected command changes neither the state hash nor the state.
    #[test]
    fn a_rejected_command_changes_nothing(steps in hostile_steps()) {
        let mut engine = Engine::genesis(&sample_charter());
        let mut now = 0;
        for (i, (step, dt)) in steps.iter().enumerate() {
            now += dt;
            let command = step.command(now, i);
            let accepted = apply_atomically(&mut engine, &command)?;
            // Commands that can never pass must have been refused.
            match step {
                Hostile::ZeroActor(_) => prop_assert!(!accepted),
                Hostile::RegisterToken(_, _, true) => prop_assert!(!accepted),
                Hostile::RegisterToken(_, d, false) if *d > 36 => prop_assert!(!accepted),
                Hostile::CreateAlliance(_, false) => prop_assert!(!accepted),
                Hostile::GrantRole(_, _, 5) => prop_assert!(!accepted),
                _ => {}
            }
            if accepted {
                now = now.max(command.at.0);
            }
        }
    }

    /// (d) balance_at and total_supply_at equal a naive replay of the events.
    #[test]
    fn checkpoints_match_a_naive_recomputation(steps in timed_ops(30)) {
        let mut engine = Engine::genesis(&sample_charter());
        let mut applied: Vec<(u64, Event)> = Vec::new();
        let mut now = 0;
        for (op, dt) in &steps {
            now += dt;
            if let Ok(events) = engine.apply(&cmd(dev(op.actor()), now, op.body())) {
                applied.extend(events.into_iter().map(|e| (now, e)));
            }
        }
        let ledger = &engine.state().ledger;
        let mut accounts: Vec<Address> = (0..ACCOUNTS).map(dev).collect();
        accounts.push(home_recipient());
        for q in 0..=now + 1 {
            let mut balances: BTreeMap<(Address, TokenId), u128> = BTreeMap::new();
            let mut totals: BTreeMap<TokenId, u128> = BTreeMap::new();
            for (_, event) in applied.iter().filter(|(at, _)| *at <= q) {
                for (account, token, credit, amount) in deltas(event) {
                    let balance = balances.entry((account, token)).or_default();
                    let total = totals.entry(token).or_default();
                    if credit {
                        *balance += amount;
                    } else {
                        *balance -= amount;
                    }
                    // Transfers are the only two-sided events and move no supply.
                    if !matches!(event, Event::Transferred(_)) {
                        if credit { *total += amount } else { *total -= amount }
                    }
                }
            }
            for name in TOKENS {
                let id = tok(name);
                for account in &accounts {
                    let naive = balances.get(&(*account, id)).copied().unwrap_or(0);
                    prop_assert_eq!(
                        ledger.balance_at(*account, id, Timestamp(q)),
                        Amount(naive),
                        "{} {} at {}", account, name, q
                    );
                }
                let naive_total = totals.get(&id).copied().unwrap_or(0);
                prop_assert_eq!(ledger.total_supply_at(id, Timestamp(q)), Amount(naive_total));
            }
        }
    }
}

// ------------------------------------------------------------ (c) replay

/// A signed step: the op (signed by its actor's dev key), a nonce offset
/// (0 = the right nonce), whether to sign for a wrong chain id, and the
/// seconds elapsed.
fn signed_steps() -> impl Strategy<Value = Vec<(Op, i8, bool, u64)>> {
    let steps = vec(
        (
            op(),
            prop_oneof![8 => Just(0i8), 1 => Just(1i8), 1 => Just(-1i8)],
            prop::bool::weighted(0.1),
            0..3u64,
        ),
        1..24,
    );
    (prop::bool::weighted(0.75), steps).prop_map(|(funded, steps)| {
        let funding = funding().into_iter().map(|(op, dt)| (op, 0, false, dt)).filter(|_| funded);
        funding.chain(steps).collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// (c) the accepted entries, replayed on a fresh chain, reach the same head
    /// and state hash, with the same events.
    #[test]
    fn replaying_accepted_entries_reaches_the_same_head_and_state(steps in signed_steps()) {
        let charter = sample_charter();
        let keys: Vec<Key> = (0..ACCOUNTS).map(Key::dev).collect();
        let mut chain = Chain::genesis(&charter);
        let mut entries: Vec<(LogEntry, Vec<Event>)> = Vec::new();
        let mut now = 1_700_000_000;
        for (op, skew, wrong_chain, dt) in &steps {
            now += dt;
            let key = &keys[op.actor()];
            let next = chain.engine().next_nonce(key.address);
            let nonce = next.saturating_add_signed(i64::from(*skew));
            let mut domain = chain.domain().clone();
            if *wrong_chain {
                domain.chain_id = ChainId(domain.chain_id.0 + 1);
            }
            let envelope = key.sign(&domain, nonce, &op.body());
            let head = chain.head();
            match chain.submit(Timestamp(now), envelope) {
                Ok(accepted) => {
                    prop_assert!(!*wrong_chain);
                    prop_assert_eq!(nonce, next);
                    prop_assert_eq!(accepted.0.prev_hash, head);
                    prop_assert_eq!(accepted.0.seq, entries.len() as u64 + 1);
                    entries.push(accepted);
                }
                Err(_) => prop_assert_eq!(chain.head(), head),
            }
        }
        prop_assert_eq!(chain.seq(), entries.len() as u64);
        let mut replica = Chain::genesis(&charter);
        let mut prev = replica.head();
        for (entry, events) in &entries {
            prop_assert_eq!(
                entry.hash,
                reference_entry_hash(prev, entry.seq, entry.at, entry.actor, &entry.envelope)
            );
            prev = entry.hash;
            let replayed = replica.replay(entry);
            prop_assert_eq!(replayed.as_ref(), Ok(events));
        }
        prop_assert_eq!(replica.head(), chain.head());
        prop_assert_eq!(replica.seq(), chain.seq());
        prop_assert_eq!(replica.engine().state_hash(), chain.engine().state_hash());
        prop_assert_eq!(replica.engine().state(), chain.engine().state());
    }
}

// ------------------------------------------------------------ robustness

/// The liquidity-pool template with a random span replaced by random text
/// (non-ASCII included), so the TOML breaks in many places.
fn mangled_template() -> impl Strategy<Value = String> {
    let text =
        concord_core::charter::templates::template(concord_core::alliance::AllianceModel::LiquidityPool);
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    (0..len, 0..8usize, "[ -~×ü€\n\"'=\\[\\]{}]{0,6}").prop_map(move |(start, cut, insert)| {
        let end = (start + cut).min(len);
        let mut out: String = chars[..start].iter().collect();
        out.push_str(&insert);
        out.extend(&chars[end..]);
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Charter::parse never panics, and every problem it reports has a path
    /// and a rule.
    #[test]
    fn charter_parse_reports_problems_instead_of_panicking(text in mangled_template()) {
        if let Err(problems) = concord_core::Charter::parse(&text) {
            prop_assert!(!problems.is_empty());
            for p in &problems {
                prop_assert!(!p.path.is_empty() && !p.rule.is_empty(), "{:?}", p);
            }
        }
    }

    /// Arbitrary text is a command or a named error, never a panic.
    #[test]
    fn command_from_json_never_panics(text in "\\PC{0,80}") {
        let _ = Command::from_json(&text);
        let _ = CommandBody::from_json("transfer", &text);
    }

    /// Arbitrary 65-byte (or other length) signatures are refused cleanly.
    #[test]
    fn arbitrary_signatures_are_refused_cleanly(sig in vec(any::<u8>(), 0..70)) {
        let chain = Chain::genesis(&sample_charter());
        let mut envelope = Key::dev(0).sign(chain.domain(), 0, &burn("ALLY", 1));
        envelope.signature = alloy_primitives::Bytes::from(sig);
        prop_assert!(envelope.open(chain.domain()).is_err());
    }
}
