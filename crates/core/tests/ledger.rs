//! The ledger through the engine, given/when/then with exact events, and
//! balance checkpoints looked up at past times.

use concord_core::command::{AllianceCreated, CommandBody, Event};
use concord_core::ledger::{
    Burned, DepositKey, DepositRecorded, Minted, MinterSet, OutboundMessage, RegisterToken, SetMinter, Token,
    TokenRegistered, TokenRole, Transferred, WithdrawalQueued,
};
use concord_core::roles::{GrantRole, RevokeRole, Role, RoleGranted, RoleRevoked};
use concord_core::testing::{Scenario, cmd, sample_charter};
use concord_core::types::{Address, AllianceId, Amount, ChainId, Timestamp};

use crate::common::{
    ALLY_CHAIN, GOV_CHAIN, PLAY_CHAIN, admin, burn, deposit, derived_address, gov_dao, home_recipient, mint,
    outsider, play_guild, relayer, tok, transfer, tx, withdraw,
};

fn scenario() -> Scenario {
    Scenario::new(&sample_charter())
}

fn deposit_key(chain: u64, tx_byte: u8, log_index: u64) -> DepositKey {
    DepositKey { chain_id: ChainId(chain), tx_hash: tx(tx_byte), log_index }
}

#[test]
fn record_deposit_credits_the_recipient_and_names_its_origin() {
    let engine = scenario()
        .when(&cmd(relayer(), 100, deposit(GOV_CHAIN, 0xaa, 3, "GOV", gov_dao(), 500)))
        .then_events(&[Event::DepositRecorded(DepositRecorded {
            key: deposit_key(GOV_CHAIN, 0xaa, 3),
            token: tok("GOV"),
            to: gov_dao(),
            amount: Amount(500),
        })]);
    let ledger = &engine.state().ledger;
    assert_eq!(ledger.balance(gov_dao(), tok("GOV")), Amount(500));
    let supply = &ledger.tokens[&tok("GOV")].supply;
    assert_eq!(supply.deposited, Amount(500));
    assert_eq!(supply.total.latest(), Amount(500));
    assert_eq!(supply.minted, Amount(0));
    assert!(ledger.deposits.contains(&deposit_key(GOV_CHAIN, 0xaa, 3)));
    assert_eq!(engine.state().clock, Timestamp(100));
}

#[test]
fn same_tx_with_another_log_index_or_chain_is_a_new_deposit() {
    scenario()
        .given([cmd(relayer(), 100, deposit(GOV_CHAIN, 0xaa, 3, "GOV", gov_dao(), 500))])
        .when(&cmd(relayer(), 101, deposit(GOV_CHAIN, 0xaa, 4, "GOV", gov_dao(), 7)))
        .then_events(&[Event::DepositRecorded(DepositRecorded {
            key: deposit_key(GOV_CHAIN, 0xaa, 4),
            token: tok("GOV"),
            to: gov_dao(),
            amount: Amount(7),
        })]);
    let engine = scenario()
        .given([cmd(relayer(), 100, deposit(GOV_CHAIN, 0xaa, 3, "GOV", gov_dao(), 500))])
        .when(&cmd(relayer(), 101, deposit(PLAY_CHAIN, 0xaa, 3, "PLAY", play_guild(), 9)))
        .then_events(&[Event::DepositRecorded(DepositRecorded {
            key: deposit_key(PLAY_CHAIN, 0xaa, 3),
            token: tok("PLAY"),
            to: play_guild(),
            amount: Amount(9),
        })]);
    assert_eq!(engine.state().ledger.deposits.len(), 2);
}

#[test]
fn transfer_moves_tokens_between_accounts() {
    let engine = scenario()
        .given([cmd(relayer(), 100, deposit(GOV_CHAIN, 1, 0, "GOV", gov_dao(), 500))])
        .when(&cmd(gov_dao(), 110, transfer("GOV", play_guild(), 200)))
        .then_events(&[Event::Transferred(Transferred {
            token: tok("GOV"),
            from: gov_dao(),
            to: play_guild(),
            amount: Amount(200),
        })]);
    let ledger = &engine.state().ledger;
    assert_eq!(ledger.balance(gov_dao(), tok("GOV")), Amount(300));
    assert_eq!(ledger.balance(play_guild(), tok("GOV")), Amount(200));
    assert_eq!(ledger.tokens[&tok("GOV")].supply.total.latest(), Amount(500));
}

#[test]
fn transfer_of_the_whole_balance_leaves_zero() {
    let engine = scenario()
        .given([cmd(relayer(), 100, deposit(GOV_CHAIN, 1, 0, "GOV", gov_dao(), 500))])
        .when(&cmd(gov_dao(), 100, transfer("GOV", play_guild(), 500)))
        .then_events(&[Event::Transferred(Transferred {
            token: tok("GOV"),
            from: gov_dao(),
            to: play_guild(),
            amount: Amount(500),
        })]);
    assert_eq!(engine.state().ledger.balance(gov_dao(), tok("GOV")), Amount(0));
}

#[test]
fn transfer_to_self_is_accepted_and_changes_no_balance() {
    let engine = scenario()
        .given([cmd(relayer(), 100, deposit(GOV_CHAIN, 1, 0, "GOV", gov_dao(), 500))])
        .when(&cmd(gov_dao(), 100, transfer("GOV", gov_dao(), 300)))
        .then_events(&[Event::Transferred(Transferred {
            token: tok("GOV"),
            from: gov_dao(),
            to: gov_dao(),
            amount: Amount(300),
        })]);
    assert_eq!(engine.state().ledger.balance(gov_dao(), tok("GOV")), Amount(500));
}

#[test]
fn minter_mints_the_alliance_token() {
    let engine = scenario()
        .when(&cmd(admin(), 50, mint("ALLY", gov_dao(), 1_000)))
        .then_events(&[Event::Minted(Minted { token: tok("ALLY"), to: gov_dao(), amount: Amount(1_000) })]);
    let ledger = &engine.state().ledger;
    assert_eq!(ledger.balance(gov_dao(), tok("ALLY")), Amount(1_000));
    let supply = &ledger.tokens[&tok("ALLY")].supply;
    assert_eq!(supply.minted, Amount(1_000));
    assert_eq!(supply.total.latest(), Amount(1_000));
}

#[test]
fn minter_burns_from_its_own_balance() {
    let engine = scenario()
        .given([cmd(admin(), 50, mint("ALLY", admin(), 1_000))])
        .when(&cmd(admin(), 60, burn("ALLY", 400)))
        .then_events(&[Event::Burned(Burned { token: tok("ALLY"), from: admin(), amount: Amount(400) })]);
    let ledger = &engine.state().ledger;
    assert_eq!(ledger.balance(admin(), tok("ALLY")), Amount(600));
    let supply = &ledger.tokens[&tok("ALLY")].supply;
    assert_eq!(supply.minted, Amount(1_000));
    assert_eq!(supply.burned, Amount(400));
    assert_eq!(supply.total.latest(), Amount(600));
}

fn funded() -> Scenario {
    scenario().given([
        cmd(relayer(), 100, deposit(GOV_CHAIN, 1, 0, "GOV", gov_dao(), 1_000)),
        cmd(relayer(), 100, deposit(PLAY_CHAIN, 2, 0, "PLAY", play_guild(), 1_000)),
    ])
}

fn queued(chain: u64, nonce: u64, token: &str, from: Address, amount: u128, at: u64) -> Event {
    Event::WithdrawalQueued(WithdrawalQueued {
        chain_id: ChainId(chain),
        message: OutboundMessage {
            nonce,
            token: tok(token),
            from,
            recipient: home_recipient(),
            amount: Amount(amount),
            at: Timestamp(at),
        },
    })
}

#[test]
fn first_withdrawal_on_a_chain_gets_nonce_1() {
    let engine = funded()
        .when(&cmd(gov_dao(), 200, withdraw("GOV", home_recipient(), 100)))
        .then_events(&[queued(GOV_CHAIN, 1, "GOV", gov_dao(), 100, 200)]);
    let ledger = &engine.state().ledger;
    assert_eq!(ledger.balance(gov_dao(), tok("GOV")), Amount(900));
    let supply = &ledger.tokens[&tok("GOV")].supply;
    assert_eq!(supply.withdrawn, Amount(100));
    assert_eq!(supply.total.latest(), Amount(900));
    let outbox = &ledger.outboxes[&ChainId(GOV_CHAIN)];
    assert_eq!(outbox.last_nonce, 1);
    assert_eq!(outbox.messages.len(), 1);
}

#[test]
fn second_withdrawal_on_the_same_chain_gets_nonce_2() {
    funded()
        .given([cmd(gov_dao(), 200, withdraw("GOV", home_recipient(), 100))])
        .when(&cmd(gov_dao(), 201, withdraw("GOV", home_recipient(), 50)))
        .then_events(&[queued(GOV_CHAIN, 2, "GOV", gov_dao(), 50, 201)]);
}

#[test]
fn each_chain_counts_its_own_withdrawal_nonces() {
    let engine = funded()
        .given([
            cmd(gov_dao(), 200, withdraw("GOV", home_recipient(), 100)),
            cmd(gov_dao(), 201, withdraw("GOV", home_recipient(), 50)),
        ])
        .when(&cmd(play_guild(), 202, withdraw("PLAY", home_recipient(), 10)))
        .then_events(&[queued(PLAY_CHAIN, 1, "PLAY", play_guild(), 10, 202)]);
    let outboxes = &engine.state().ledger.outboxes;
    assert_eq!(outboxes[&ChainId(GOV_CHAIN)].last_nonce, 2);
    assert_eq!(outboxes[&ChainId(PLAY_CHAIN)].last_nonce, 1);
    let gov_nonces: Vec<u64> = outboxes[&ChainId(GOV_CHAIN)].messages.iter().map(|m| m.nonce).collect();
    assert_eq!(gov_nonces, [1, 2]);
    assert!(!outboxes.contains_key(&ChainId(ALLY_CHAIN)));
}

#[test]
fn alliance_token_withdraws_to_its_own_chain() {
    funded()
        .given([cmd(admin(), 150, mint("ALLY", gov_dao(), 30))])
        .when(&cmd(gov_dao(), 200, withdraw("ALLY", home_recipient(), 30)))
        .then_events(&[queued(ALLY_CHAIN, 1, "ALLY", gov_dao(), 30, 200)]);
}

fn usdc() -> Token {
    Token {
        id: tok("USDC"),
        symbol: "USDC".into(),
        decimals: 6,
        chain_id: ChainId(ALLY_CHAIN),
        contract: Some(Address::from_bytes([0x0b; 20])),
        role: TokenRole::Reward,
        minter: None,
    }
}

#[test]
fn admin_registers_a_token() {
    let engine = scenario()
        .when(&cmd(admin(), 10, CommandBody::RegisterToken(RegisterToken { token: usdc() })))
        .then_events(&[Event::TokenRegistered(TokenRegistered { token: usdc() })]);
    let entry = &engine.state().ledger.tokens[&tok("USDC")];
    assert_eq!(entry.token, usdc());
    assert_eq!(entry.supply.total.latest(), Amount(0));
    assert_eq!(engine.state().ledger.tokens.len(), 4);
}

#[test]
fn admin_sets_a_minter_who_can_then_mint() {
    let set = CommandBody::SetMinter(SetMinter { token: tok("GOV"), minter: Some(outsider()) });
    scenario()
        .when(&cmd(admin(), 10, set.clone()))
        .then_events(&[Event::MinterSet(MinterSet { token: tok("GOV"), minter: Some(outsider()) })]);
    scenario()
        .given([cmd(admin(), 10, set)])
        .when(&cmd(outsider(), 11, mint("GOV", gov_dao(), 5)))
        .then_events(&[Event::Minted(Minted { token: tok("GOV"), to: gov_dao(), amount: Amount(5) })]);
}

#[test]
fn granted_relayer_can_record_deposits() {
    let grant = CommandBody::GrantRole(GrantRole { role: Role::Relayer, account: outsider() });
    let engine = scenario()
        .when(&cmd(admin(), 10, grant.clone()))
        .then_events(&[Event::RoleGranted(RoleGranted { role: Role::Relayer, account: outsider() })]);
    assert!(engine.state().roles.relayers.contains(&outsider()));
    scenario()
        .given([cmd(admin(), 10, grant)])
        .when(&cmd(outsider(), 11, deposit(GOV_CHAIN, 5, 0, "GOV", gov_dao(), 1)))
        .then_events(&[Event::DepositRecorded(DepositRecorded {
            key: deposit_key(GOV_CHAIN, 5, 0),
            token: tok("GOV"),
            to: gov_dao(),
            amount: Amount(1),
        })]);
}

#[test]
fn revoking_a_role_takes_it_away() {
    let engine = scenario()
        .when(&cmd(
            admin(),
            10,
            CommandBody::RevokeRole(RevokeRole { role: Role::Relayer, account: relayer() }),
        ))
        .then_events(&[Event::RoleRevoked(RoleRevoked { role: Role::Relayer, account: relayer() })]);
    assert!(engine.state().roles.relayers.is_empty());
}

#[test]
fn an_admin_can_be_revoked_while_another_remains() {
    let engine = scenario()
        .given([cmd(
            admin(),
            10,
            CommandBody::GrantRole(GrantRole { role: Role::Admin, account: outsider() }),
        )])
        .when(&cmd(
            outsider(),
            11,
            CommandBody::RevokeRole(RevokeRole { role: Role::Admin, account: admin() }),
        ))
        .then_events(&[Event::RoleRevoked(RoleRevoked { role: Role::Admin, account: admin() })]);
    let admins: Vec<Address> = engine.state().roles.admins.iter().copied().collect();
    assert_eq!(admins, vec![outsider()]);
}

#[test]
fn create_alliance_forms_a_second_alliance_led_by_the_actor() {
    let mut spec = sample_charter().alliance;
    spec.id = "gov-play-2".parse().unwrap();
    spec.leader = gov_dao(); // the GOV DAO is already a member with status `member`
    // Treasury: last 20 bytes of keccak256("concord:alliance:gov-play-2:treasury").
    let treasury = derived_address("alliance:gov-play-2:treasury");
    let engine = scenario()
        .when(&cmd(gov_dao(), 500, CommandBody::CreateAlliance(Box::new(spec.clone()))))
        .then_events(&[Event::AllianceCreated(AllianceCreated {
            id: spec.id.clone(),
            leader: gov_dao(),
            treasury,
        })]);
    let alliances = &engine.state().alliances;
    let ids: Vec<&str> = alliances.keys().map(AllianceId::as_str).collect();
    assert_eq!(ids, ["gov-play-2", "gov-play-pool"]);
    let created = &alliances[&spec.id];
    assert_eq!(created.formed_at, Timestamp(500));
    assert_eq!(created.treasury, treasury);
    assert_eq!(created.spec, spec);
    // The genesis alliance's treasury follows the same derivation.
    let genesis: AllianceId = "gov-play-pool".parse().unwrap();
    assert_eq!(alliances[&genesis].treasury, derived_address("alliance:gov-play-pool:treasury"));
    assert_eq!(alliances[&genesis].formed_at, Timestamp(0));
}

// ------------------------------------------------------------ checkpoints

/// GOV history used by the checkpoint tests:
/// t=100 deposit 500 to GOV DAO; t=200 GOV DAO sends 200 then 50 more to the
/// PLAY Guild (same second); t=300 the PLAY Guild withdraws 100.
fn gov_history() -> concord_core::Engine {
    scenario()
        .given([
            cmd(relayer(), 100, deposit(GOV_CHAIN, 1, 0, "GOV", gov_dao(), 500)),
            cmd(gov_dao(), 200, transfer("GOV", play_guild(), 200)),
            cmd(gov_dao(), 200, transfer("GOV", play_guild(), 50)),
        ])
        .when(&cmd(play_guild(), 300, withdraw("GOV", home_recipient(), 100)))
        .then_events(&[queued(GOV_CHAIN, 1, "GOV", play_guild(), 100, 300)])
}

#[test]
fn balance_at_reads_before_at_and_after_each_change() {
    let engine = gov_history();
    let ledger = &engine.state().ledger;
    let gov = tok("GOV");
    let at = |account, t| ledger.balance_at(account, gov, Timestamp(t));
    // GOV DAO: nothing before the deposit, 500 from t=100, 250 from t=200.
    assert_eq!(at(gov_dao(), 0), Amount(0));
    assert_eq!(at(gov_dao(), 99), Amount(0));
    assert_eq!(at(gov_dao(), 100), Amount(500));
    assert_eq!(at(gov_dao(), 199), Amount(500));
    assert_eq!(at(gov_dao(), 200), Amount(250));
    assert_eq!(at(gov_dao(), 1_000_000), Amount(250));
    // PLAY Guild acquired GOV at t=200: no balance at any earlier time.
    assert_eq!(at(play_guild(), 100), Amount(0));
    assert_eq!(at(play_guild(), 199), Amount(0));
    assert_eq!(at(play_guild(), 200), Amount(250));
    assert_eq!(at(play_guild(), 299), Amount(250));
    assert_eq!(at(play_guild(), 300), Amount(150));
    // Someone who never held GOV.
    assert_eq!(at(outsider(), 300), Amount(0));
    // Two transfers in the same second leave one checkpoint.
    assert_eq!(ledger.balances[&gov_dao()][&gov].len(), 2);
    assert_eq!(ledger.balances[&play_guild()][&gov].len(), 2);
}

#[test]
fn total_supply_at_follows_deposits_and_withdrawals() {
    let engine = gov_history();
    let ledger = &engine.state().ledger;
    let gov = tok("GOV");
    let supply = |t| ledger.total_supply_at(gov, Timestamp(t));
    assert_eq!(supply(99), Amount(0));
    assert_eq!(supply(100), Amount(500));
    assert_eq!(supply(250), Amount(500)); // transfers do not change supply
    assert_eq!(supply(299), Amount(500));
    assert_eq!(supply(300), Amount(400));
    assert_eq!(ledger.total_supply_at(tok("PLAY"), Timestamp(300)), Amount(0));
    assert_eq!(ledger.total_supply_at(tok("NOPE"), Timestamp(300)), Amount(0));
}

#[test]
fn mint_and_burn_checkpoint_supply() {
    let engine = scenario()
        .given([cmd(admin(), 10, mint("ALLY", admin(), 1_000)), cmd(admin(), 20, burn("ALLY", 300))])
        .when(&cmd(admin(), 30, mint("ALLY", gov_dao(), 5)))
        .then_events(&[Event::Minted(Minted { token: tok("ALLY"), to: gov_dao(), amount: Amount(5) })]);
    let ledger = &engine.state().ledger;
    let ally = tok("ALLY");
    let supply = |t| ledger.total_supply_at(ally, Timestamp(t));
    assert_eq!(
        [supply(9), supply(10), supply(19), supply(20), supply(30)],
        [Amount(0), Amount(1_000), Amount(1_000), Amount(700), Amount(705)]
    );
    assert_eq!(ledger.balance_at(admin(), ally, Timestamp(15)), Amount(1_000));
    assert_eq!(ledger.balance_at(admin(), ally, Timestamp(25)), Amount(700));
    assert_eq!(ledger.balance_at(gov_dao(), ally, Timestamp(29)), Amount(0));
    assert_eq!(ledger.balance_at(gov_dao(), ally, Timestamp(30)), Amount(5));
}
