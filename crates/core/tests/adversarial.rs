//! Bad input: every rejection names the exact error and leaves the state
//! hash unchanged (`then_error` checks it).

use concord_core::alliance::{AllianceSpec, MemberStatus};
use concord_core::command::{BodyError, CommandBody};
use concord_core::error::EngineError;
use concord_core::ledger::{LedgerError, RegisterToken, SetMinter, Token, TokenRole};
use concord_core::problem::Problem;
use concord_core::roles::{GrantRole, RevokeRole, Role};
use concord_core::testing::{Scenario, cmd, sample_charter};
use concord_core::types::{Address, Amount, Bps, ChainId, Timestamp};
use concord_core::{Command, Engine};

use crate::common::{
    ALLY_CHAIN, GOV_CHAIN, admin, burn, deposit, dev, gov_dao, home_recipient, mint, outsider, play_guild,
    relayer, tok, transfer, tx, withdraw,
};

const MAX: u128 = u128::MAX;

fn scenario() -> Scenario {
    Scenario::new(&sample_charter())
}

/// GOV DAO holds 100 GOV (deposited at t=100).
fn funded() -> Scenario {
    scenario().given([cmd(relayer(), 100, deposit(GOV_CHAIN, 1, 0, "GOV", gov_dao(), 100))])
}

fn ledger(e: LedgerError) -> EngineError {
    EngineError::Ledger(e)
}

#[test]
fn unknown_token_is_rejected_everywhere() {
    let unknown = ledger(LedgerError::UnknownToken { field: "body.token", token: tok("NOPE") });
    for (actor, body) in [
        (gov_dao(), transfer("NOPE", play_guild(), 1)),
        (admin(), mint("NOPE", gov_dao(), 1)),
        (admin(), burn("NOPE", 1)),
        (relayer(), deposit(GOV_CHAIN, 9, 0, "NOPE", gov_dao(), 1)),
        (gov_dao(), withdraw("NOPE", home_recipient(), 1)),
    ] {
        funded().when(&cmd(actor, 200, body)).then_error(&unknown);
    }
    funded()
        .when(&cmd(admin(), 200, CommandBody::SetMinter(SetMinter { token: tok("NOPE"), minter: None })))
        .then_error(&unknown);
}

#[test]
fn zero_amount_is_rejected_everywhere() {
    let zero = ledger(LedgerError::ZeroAmount { field: "body.amount" });
    funded()
        .given([cmd(admin(), 150, mint("ALLY", admin(), 10))])
        .when(&cmd(admin(), 200, burn("ALLY", 0)))
        .then_error(&zero);
    for (actor, body) in [
        (gov_dao(), transfer("GOV", play_guild(), 0)),
        (admin(), mint("ALLY", gov_dao(), 0)),
        (relayer(), deposit(GOV_CHAIN, 9, 0, "GOV", gov_dao(), 0)),
        (gov_dao(), withdraw("GOV", home_recipient(), 0)),
    ] {
        funded().when(&cmd(actor, 200, body)).then_error(&zero);
    }
}

#[test]
fn zero_recipient_is_rejected() {
    funded()
        .when(&cmd(gov_dao(), 200, transfer("GOV", Address::ZERO, 1)))
        .then_error(&ledger(LedgerError::ZeroAddress { field: "body.to" }));
    funded()
        .when(&cmd(admin(), 200, mint("ALLY", Address::ZERO, 1)))
        .then_error(&ledger(LedgerError::ZeroAddress { field: "body.to" }));
    funded()
        .when(&cmd(relayer(), 200, deposit(GOV_CHAIN, 9, 0, "GOV", Address::ZERO, 1)))
        .then_error(&ledger(LedgerError::ZeroAddress { field: "body.to" }));
    funded()
        .when(&cmd(gov_dao(), 200, withdraw("GOV", Address::ZERO, 1)))
        .then_error(&ledger(LedgerError::ZeroAddress { field: "body.recipient" }));
}

#[test]
fn insufficient_balance_reports_needed_and_available() {
    funded().when(&cmd(gov_dao(), 200, transfer("GOV", play_guild(), 101))).then_error(&ledger(
        LedgerError::InsufficientBalance {
            account: gov_dao(),
            token: tok("GOV"),
            needed: Amount(101),
            available: Amount(100),
        },
    ));
    funded().when(&cmd(gov_dao(), 200, withdraw("GOV", home_recipient(), 101))).then_error(&ledger(
        LedgerError::InsufficientBalance {
            account: gov_dao(),
            token: tok("GOV"),
            needed: Amount(101),
            available: Amount(100),
        },
    ));
    // An account that never held the token has zero available.
    funded().when(&cmd(outsider(), 200, transfer("GOV", gov_dao(), 1))).then_error(&ledger(
        LedgerError::InsufficientBalance {
            account: outsider(),
            token: tok("GOV"),
            needed: Amount(1),
            available: Amount(0),
        },
    ));
    // Burning more than the minter holds.
    funded()
        .given([cmd(admin(), 150, mint("ALLY", admin(), 10))])
        .when(&cmd(admin(), 200, burn("ALLY", 11)))
        .then_error(&ledger(LedgerError::InsufficientBalance {
            account: admin(),
            token: tok("ALLY"),
            needed: Amount(11),
            available: Amount(10),
        }));
    // Sending to oneself still needs the balance.
    funded().when(&cmd(gov_dao(), 200, transfer("GOV", gov_dao(), 101))).then_error(&ledger(
        LedgerError::InsufficientBalance {
            account: gov_dao(),
            token: tok("GOV"),
            needed: Amount(101),
            available: Amount(100),
        },
    ));
}

#[test]
fn only_the_minter_mints_or_burns() {
    funded()
        .when(&cmd(gov_dao(), 200, mint("ALLY", gov_dao(), 1)))
        .then_error(&ledger(LedgerError::NotMinter { actor: gov_dao(), token: tok("ALLY") }));
    // GOV has no minter in the hub: not even the admin may mint it.
    funded()
        .when(&cmd(admin(), 200, mint("GOV", admin(), 1)))
        .then_error(&ledger(LedgerError::NotMinter { actor: admin(), token: tok("GOV") }));
    funded()
        .when(&cmd(gov_dao(), 200, burn("GOV", 1)))
        .then_error(&ledger(LedgerError::NotMinter { actor: gov_dao(), token: tok("GOV") }));
    // After the minter is cleared, the former minter is refused.
    scenario()
        .given([cmd(admin(), 10, CommandBody::SetMinter(SetMinter { token: tok("ALLY"), minter: None }))])
        .when(&cmd(admin(), 20, mint("ALLY", admin(), 1)))
        .then_error(&ledger(LedgerError::NotMinter { actor: admin(), token: tok("ALLY") }));
}

#[test]
fn only_a_relayer_records_deposits() {
    for actor in [admin(), gov_dao(), outsider()] {
        scenario()
            .when(&cmd(actor, 10, deposit(GOV_CHAIN, 1, 0, "GOV", actor, 1_000_000)))
            .then_error(&EngineError::MissingRole { actor, role: Role::Relayer });
    }
}

#[test]
fn a_replayed_deposit_is_rejected_not_double_counted() {
    // Same (chain, tx_hash, log_index), even with another amount and recipient.
    let engine = funded()
        .when(&cmd(relayer(), 200, deposit(GOV_CHAIN, 1, 0, "GOV", outsider(), 999)))
        .then_error(&ledger(LedgerError::DuplicateDeposit {
            chain_id: ChainId(GOV_CHAIN),
            tx_hash: tx(1),
            log_index: 0,
        }));
    assert_eq!(engine.state().ledger.balance(gov_dao(), tok("GOV")), Amount(100));
    assert_eq!(engine.state().ledger.balance(outsider(), tok("GOV")), Amount(0));
    assert_eq!(engine.state().ledger.tokens[&tok("GOV")].supply.deposited, Amount(100));
}

#[test]
fn a_deposit_on_the_wrong_chain_is_rejected() {
    scenario().when(&cmd(relayer(), 10, deposit(ALLY_CHAIN, 1, 0, "GOV", gov_dao(), 5))).then_error(&ledger(
        LedgerError::WrongChain { token: tok("GOV"), home: ChainId(GOV_CHAIN), got: ChainId(ALLY_CHAIN) },
    ));
}

#[test]
fn minting_past_u128_max_overflows_total_supply() {
    scenario()
        .given([cmd(admin(), 10, mint("ALLY", gov_dao(), MAX))])
        .when(&cmd(admin(), 11, mint("ALLY", play_guild(), 1)))
        .then_error(&ledger(LedgerError::Overflow { what: "total supply", token: tok("ALLY") }));
    scenario()
        .given([cmd(admin(), 10, mint("ALLY", gov_dao(), MAX))])
        .when(&cmd(admin(), 11, mint("ALLY", gov_dao(), 1)))
        .then_error(&ledger(LedgerError::Overflow { what: "total supply", token: tok("ALLY") }));
    scenario()
        .given([cmd(relayer(), 10, deposit(GOV_CHAIN, 1, 0, "GOV", gov_dao(), MAX))])
        .when(&cmd(relayer(), 11, deposit(GOV_CHAIN, 1, 1, "GOV", play_guild(), 1)))
        .then_error(&ledger(LedgerError::Overflow { what: "total supply", token: tok("GOV") }));
}

#[test]
fn cumulative_counters_overflow_across_mint_and_burn_cycles() {
    // Minted MAX, burned MAX: supply is back to 0, but minting 1 more would
    // push cumulative minted past u128::MAX.
    let engine = scenario()
        .given([cmd(admin(), 10, mint("ALLY", admin(), MAX)), cmd(admin(), 11, burn("ALLY", MAX))])
        .when(&cmd(admin(), 12, mint("ALLY", admin(), 1)))
        .then_error(&ledger(LedgerError::Overflow { what: "cumulative minted", token: tok("ALLY") }));
    let supply = &engine.state().ledger.tokens[&tok("ALLY")].supply;
    assert_eq!(supply.total.latest(), Amount(0));
    assert_eq!(supply.minted, Amount(MAX));
    assert_eq!(supply.burned, Amount(MAX));
}

#[test]
fn cumulative_withdrawn_and_deposited_overflow_too() {
    // ALLY lives on chain 10: mint MAX, withdraw MAX, deposit 1, withdraw 1.
    scenario()
        .given([
            cmd(admin(), 10, mint("ALLY", gov_dao(), MAX)),
            cmd(gov_dao(), 11, withdraw("ALLY", home_recipient(), MAX)),
            cmd(relayer(), 12, deposit(ALLY_CHAIN, 1, 0, "ALLY", gov_dao(), 1)),
        ])
        .when(&cmd(gov_dao(), 13, withdraw("ALLY", home_recipient(), 1)))
        .then_error(&ledger(LedgerError::Overflow { what: "cumulative withdrawn", token: tok("ALLY") }));
    scenario()
        .given([
            cmd(relayer(), 10, deposit(GOV_CHAIN, 1, 0, "GOV", gov_dao(), MAX)),
            cmd(gov_dao(), 11, withdraw("GOV", home_recipient(), MAX)),
        ])
        .when(&cmd(relayer(), 12, deposit(GOV_CHAIN, 1, 1, "GOV", gov_dao(), 1)))
        .then_error(&ledger(LedgerError::Overflow { what: "cumulative deposited", token: tok("GOV") }));
}

#[test]
fn the_last_admin_cannot_be_revoked() {
    scenario()
        .when(&cmd(admin(), 10, CommandBody::RevokeRole(RevokeRole { role: Role::Admin, account: admin() })))
        .then_error(&EngineError::LastAdmin { account: admin() });
}

#[test]
fn role_changes_need_an_admin_and_a_real_change() {
    let grant = |role, account| CommandBody::GrantRole(GrantRole { role, account });
    scenario()
        .when(&cmd(gov_dao(), 10, grant(Role::Admin, gov_dao())))
        .then_error(&EngineError::MissingRole { actor: gov_dao(), role: Role::Admin });
    scenario()
        .when(&cmd(admin(), 10, grant(Role::Relayer, relayer())))
        .then_error(&EngineError::RoleUnchanged { account: relayer(), role: Role::Relayer, held: true });
    scenario()
        .when(&cmd(
            admin(),
            10,
            CommandBody::RevokeRole(RevokeRole { role: Role::Relayer, account: outsider() }),
        ))
        .then_error(&EngineError::RoleUnchanged { account: outsider(), role: Role::Relayer, held: false });
    scenario()
        .when(&cmd(admin(), 10, grant(Role::Relayer, Address::ZERO)))
        .then_error(&ledger(LedgerError::ZeroAddress { field: "body.account" }));
}

#[test]
fn token_registration_is_checked() {
    let token = |id: &str, decimals| Token {
        id: tok(id),
        symbol: id.into(),
        decimals,
        chain_id: ChainId(ALLY_CHAIN),
        contract: None,
        role: TokenRole::Reward,
        minter: None,
    };
    let register = |t| CommandBody::RegisterToken(RegisterToken { token: t });
    scenario()
        .when(&cmd(admin(), 10, register(token("GOV", 18))))
        .then_error(&ledger(LedgerError::DuplicateToken { token: tok("GOV") }));
    scenario().when(&cmd(admin(), 10, register(token("BIG", 37)))).then_error(&ledger(
        LedgerError::InvalidToken { problem: Problem::new("body.token.decimals", "must be ≤ 36, got 37") },
    ));
    scenario()
        .when(&cmd(gov_dao(), 10, register(token("USDC", 6))))
        .then_error(&EngineError::MissingRole { actor: gov_dao(), role: Role::Admin });
    scenario()
        .when(&cmd(
            admin(),
            10,
            CommandBody::SetMinter(SetMinter { token: tok("GOV"), minter: Some(Address::ZERO) }),
        ))
        .then_error(&ledger(LedgerError::ZeroAddress { field: "body.minter" }));
}

#[test]
fn the_clock_never_goes_back() {
    scenario()
        .given([cmd(admin(), 100, mint("ALLY", admin(), 1))])
        .when(&cmd(admin(), 99, mint("ALLY", admin(), 1)))
        .then_error(&EngineError::ClockWentBack { last: Timestamp(100), got: Timestamp(99) });
    // A rejected command does not move the clock either.
    let engine = scenario()
        .given([cmd(admin(), 100, mint("ALLY", admin(), 1))])
        .when(&cmd(gov_dao(), 500, mint("ALLY", admin(), 1)))
        .then_error(&EngineError::Ledger(LedgerError::NotMinter { actor: gov_dao(), token: tok("ALLY") }));
    assert_eq!(engine.state().clock, Timestamp(100));
}

fn signed(actor: Address, at: u64, nonce: u64, body: CommandBody) -> Command {
    Command { actor, at: Timestamp(at), nonce: Some(nonce), body }
}

#[test]
fn stale_replayed_and_future_nonces_are_rejected() {
    let first = signed(admin(), 10, 0, mint("ALLY", admin(), 1));
    let engine = scenario().given([first.clone()]).when(&first).then_error(&EngineError::BadNonce {
        account: admin(),
        expected: 1,
        got: 0,
    });
    assert_eq!(engine.next_nonce(admin()), 1);
    scenario()
        .given([first.clone()])
        .when(&signed(admin(), 11, 5, mint("ALLY", admin(), 1)))
        .then_error(&EngineError::BadNonce { account: admin(), expected: 1, got: 5 });
    // Nonces are per account: another signer starts at 0.
    scenario()
        .given([first])
        .when(&signed(gov_dao(), 11, 1, transfer("GOV", admin(), 1)))
        .then_error(&EngineError::BadNonce { account: gov_dao(), expected: 0, got: 1 });
    // A rejected command does not consume the nonce.
    let engine = scenario().when(&signed(gov_dao(), 11, 0, transfer("GOV", admin(), 1))).then_error(&ledger(
        LedgerError::InsufficientBalance {
            account: gov_dao(),
            token: tok("GOV"),
            needed: Amount(1),
            available: Amount(0),
        },
    ));
    assert_eq!(engine.next_nonce(gov_dao()), 0);
}

#[test]
fn the_zero_address_cannot_act() {
    scenario().when(&cmd(Address::ZERO, 10, mint("ALLY", admin(), 1))).then_error(&EngineError::ZeroActor);
}

fn second_alliance(leader: Address) -> AllianceSpec {
    let mut spec = sample_charter().alliance;
    spec.id = "second".parse().unwrap();
    spec.leader = leader;
    spec
}

#[test]
fn create_alliance_is_led_by_its_creator() {
    scenario()
        .when(&cmd(play_guild(), 10, CommandBody::CreateAlliance(Box::new(second_alliance(gov_dao())))))
        .then_error(&EngineError::LeaderNotActor { actor: play_guild(), leader: gov_dao() });
}

#[test]
fn create_alliance_refuses_an_existing_id() {
    let mut spec = second_alliance(admin());
    spec.id = "gov-play-pool".parse().unwrap();
    scenario()
        .when(&cmd(admin(), 10, CommandBody::CreateAlliance(Box::new(spec))))
        .then_error(&EngineError::DuplicateAlliance { id: "gov-play-pool".parse().unwrap() });
}

#[test]
fn create_alliance_lists_every_problem_of_an_invalid_spec() {
    let mut spec = second_alliance(admin());
    spec.name = "   ".into();
    spec.mission.title = String::new();
    spec.members[1].community.as_mut().unwrap().token = tok("NOPE");
    spec.agreement.commitments[1].amount = Amount(0);
    spec.agreement.exit.penalty_bps = Bps(10_001);
    scenario().when(&cmd(admin(), 10, CommandBody::CreateAlliance(Box::new(spec)))).then_error(
        &EngineError::InvalidAlliance {
            problems: vec![
                Problem::new("body.name", "must not be empty"),
                Problem::new("body.mission.title", "must not be empty"),
                Problem::new("body.members[1].community.token", "unknown token `NOPE`"),
                Problem::new("body.agreement.commitments[1].amount", "must be greater than zero"),
                Problem::new("body.agreement.exit.penalty_bps", "must be ≤ 10000, got 10001"),
            ],
        },
    );
}

#[test]
fn create_alliance_checks_the_leader_is_an_active_member() {
    // dev 5 is not among the members.
    let spec = second_alliance(dev(5));
    scenario().when(&cmd(dev(5), 10, CommandBody::CreateAlliance(Box::new(spec)))).then_error(
        &EngineError::InvalidAlliance {
            problems: vec![Problem::new(
                "body.leader",
                "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc must be one of the members",
            )],
        },
    );
    let mut spec = second_alliance(admin());
    spec.members[0].status = MemberStatus::Candidate;
    scenario().when(&cmd(admin(), 10, CommandBody::CreateAlliance(Box::new(spec)))).then_error(
        &EngineError::InvalidAlliance {
            problems: vec![Problem::new("body.leader", "the leader must have status `member`")],
        },
    );
}

// ------------------------------------------------------------ JSON commands

const GOV_DAO: &str = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const PLAY_GUILD: &str = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

fn transfer_json(amount: &str) -> String {
    format!(
        r#"{{"actor":"{GOV_DAO}","at":100,"kind":"transfer","body":{{"token":"GOV","to":"{PLAY_GUILD}","amount":{amount}}}}}"#
    )
}

fn invalid(text: &str) -> (String, String) {
    match Command::from_json(text) {
        Err(BodyError::Invalid { path, message }) => (path, message),
        other => panic!("expected an invalid-field error, got {other:?}"),
    }
}

#[test]
fn a_well_formed_json_command_parses() {
    let command = Command::from_json(&transfer_json("\"12\"")).unwrap();
    assert_eq!(command, cmd(gov_dao(), 100, transfer("GOV", play_guild(), 12)));
    let with_nonce = format!(
        r#"{{"actor":"{GOV_DAO}","at":7,"nonce":3,"kind":"burn","body":{{"token":"ALLY","amount":"340282366920938463463374607431768211455"}}}}"#
    );
    let command = Command::from_json(&with_nonce).unwrap();
    assert_eq!(command.nonce, Some(3));
    assert_eq!(command.body, burn("ALLY", MAX));
}

#[test]
fn a_bad_amount_names_the_field() {
    let (path, message) = invalid(&transfer_json("\"12x\""));
    assert_eq!(path, "body.amount");
    assert!(message.contains("must be a non-negative integer in base units"), "{message}");
    let (path, message) = invalid(&transfer_json("\"-5\""));
    assert_eq!(path, "body.amount");
    assert!(message.contains("got `-5`"), "{message}");
    let (path, _) = invalid(&transfer_json("1.5"));
    assert_eq!(path, "body.amount");
}

#[test]
fn an_amount_over_u128_max_names_the_field() {
    // u128::MAX + 1 as a decimal string.
    let (path, message) = invalid(&transfer_json("\"340282366920938463463374607431768211456\""));
    assert_eq!(path, "body.amount");
    assert!(message.contains("exceeds the largest amount (2^128 - 1)"), "{message}");
    // As a bare JSON number it cannot be represented either.
    let (path, _) = invalid(&transfer_json("340282366920938463463374607431768211456"));
    assert_eq!(path, "body.amount");
}

#[test]
fn an_unknown_kind_lists_the_known_ones() {
    let text = format!(r#"{{"actor":"{GOV_DAO}","at":1,"kind":"teleport","body":{{}}}}"#);
    // The list grows with every mechanism: check that it starts with the
    // ledger's kinds in order and names a few others.
    let Err(BodyError::UnknownKind { kind, known }) = Command::from_json(&text) else {
        panic!("expected an unknown kind");
    };
    assert_eq!(kind, "teleport");
    assert!(
        known.starts_with(
            "register-token, set-minter, grant-role, revoke-role, transfer, mint, burn, record-deposit, withdraw"
        ),
        "{known}"
    );
    for k in ["create-alliance", "create-proposal", "cast-vote", "council-execute"] {
        assert!(known.split(", ").any(|x| x == k), "{k} missing from {known}");
    }
}

#[test]
fn an_unknown_field_names_it() {
    let in_body = format!(
        r#"{{"actor":"{GOV_DAO}","at":1,"kind":"burn","body":{{"token":"ALLY","amount":"1","memo":"hi"}}}}"#
    );
    let (path, message) = invalid(&in_body);
    assert_eq!(path, "body.memo");
    assert!(message.contains("unknown field `memo`"), "{message}");
    let top_level = format!(
        r#"{{"actor":"{GOV_DAO}","at":1,"kind":"burn","body":{{"token":"ALLY","amount":"1"}},"sig":"x"}}"#
    );
    let (path, message) = invalid(&top_level);
    assert_eq!(path, "sig");
    assert!(message.contains("unknown field `sig`"), "{message}");
}

#[test]
fn a_repeated_key_is_refused_not_resolved_to_its_last_value() {
    // serde_json's Value keeps the last "amount"; a reader of the text may
    // take the first. Neither guess is safe: the command is refused.
    let repeated = format!(
        r#"{{"actor":"{GOV_DAO}","at":1,"kind":"burn","body":{{"token":"ALLY","amount":"1","amount":"999"}}}}"#
    );
    let (path, message) = invalid(&repeated);
    assert_eq!(path, "body.amount");
    assert!(message.starts_with("duplicate key `amount`"), "{message}");
    let repeated_actor = format!(
        r#"{{"actor":"{GOV_DAO}","actor":"{PLAY_GUILD}","at":1,"kind":"burn","body":{{"token":"ALLY","amount":"1"}}}}"#
    );
    let (path, message) = invalid(&repeated_actor);
    assert_eq!(path, "actor");
    assert!(message.starts_with("duplicate key `actor`"), "{message}");
    // A body on its own (as inside a signed envelope), and deeper nesting.
    for (body, expected_path) in [
        (r#"{"token":"ALLY","token":"ALLY","amount":"1"}"#, "body.token"),
        (r#"{"a":[{"b":1},{"c":2,"c":3}]}"#, "body.a[1].c"),
    ] {
        match CommandBody::from_json("burn", body) {
            Err(BodyError::Invalid { path, message }) => {
                assert_eq!(path, expected_path);
                assert!(message.starts_with("duplicate key"), "{message}");
            }
            other => panic!("expected a duplicate-key error, got {other:?}"),
        }
    }
    // The same key in sibling objects is fine.
    let json = format!(
        r#"{{"actor":"{GOV_DAO}","at":1,"kind":"create-alliance","body":{}}}"#,
        serde_json::to_string(&sample_charter().alliance).unwrap()
    );
    assert!(Command::from_json(&json).is_ok());
}

#[test]
fn missing_and_mistyped_fields_are_named() {
    let missing = format!(r#"{{"actor":"{GOV_DAO}","at":1,"kind":"burn","body":{{"token":"ALLY"}}}}"#);
    let (path, message) = invalid(&missing);
    assert_eq!(path, "body");
    assert!(message.contains("missing field `amount`"), "{message}");
    let bad_actor = r#"{"actor":"0x12","at":1,"kind":"burn","body":{"token":"ALLY","amount":"1"}}"#;
    let (path, message) = invalid(bad_actor);
    assert_eq!(path, "actor");
    assert!(message.contains("must be 0x followed by 40 hex digits"), "{message}");
    let bad_token =
        format!(r#"{{"actor":"{GOV_DAO}","at":1,"kind":"burn","body":{{"token":"-X","amount":"1"}}}}"#);
    assert_eq!(invalid(&bad_token).0, "body.token");
    let bad_at = format!(r#"{{"actor":"{GOV_DAO}","at":-1,"kind":"burn","body":{{}}}}"#);
    assert_eq!(invalid(&bad_at).0, "at");
    let (path, message) = invalid("{not json");
    assert_eq!(path, "command");
    assert!(message.starts_with("not valid JSON"), "{message}");
}

#[test]
fn the_open_policy_lets_anyone_lead_three_new_alliances_and_refuses_the_fourth() {
    let mut engine = Engine::genesis(&sample_charter());
    for (i, id) in ["a1", "a2", "a3"].iter().enumerate() {
        let mut spec = second_alliance(gov_dao());
        spec.id = id.parse().unwrap();
        engine.apply(&cmd(gov_dao(), 10 + i as u64, CommandBody::CreateAlliance(Box::new(spec)))).unwrap();
    }
    let mut fourth = second_alliance(gov_dao());
    fourth.id = "a4".parse().unwrap();
    let error = EngineError::AllianceQuota { actor: gov_dao(), max: 3 };
    assert_eq!((error.code(), error.field()), ("alliance_quota", "actor"));
    Scenario::from_engine(engine.clone())
        .when(&cmd(gov_dao(), 20, CommandBody::CreateAlliance(Box::new(fourth))))
        .then_error(&error);
    // Admins are not bound by the quota: the admin leads its own, any number.
    let mut by_admin = second_alliance(admin());
    by_admin.id = "a5".parse().unwrap();
    engine.apply(&cmd(admin(), 21, CommandBody::CreateAlliance(Box::new(by_admin)))).unwrap();
    assert_eq!(engine.state().alliances.len(), 5);
}

#[test]
fn an_admin_only_hub_refuses_alliances_from_anyone_else() {
    let mut charter = sample_charter();
    charter.hub.alliance_creation = concord_core::charter::AlliancePolicy::Admin;
    let engine = Engine::genesis(&charter);
    Scenario::from_engine(engine.clone())
        .when(&cmd(gov_dao(), 10, CommandBody::CreateAlliance(Box::new(second_alliance(gov_dao())))))
        .then_error(&EngineError::CreationRefused {
            actor: gov_dao(),
            rule: "only admins create alliances on this hub",
        });
    let mut engine = engine;
    engine.apply(&cmd(admin(), 10, CommandBody::CreateAlliance(Box::new(second_alliance(admin()))))).unwrap();
    let mut listed = sample_charter();
    listed.hub.alliance_creation =
        concord_core::charter::AlliancePolicy::Allowlist { accounts: vec![gov_dao()] };
    let mut engine = Engine::genesis(&listed);
    engine
        .apply(&cmd(gov_dao(), 10, CommandBody::CreateAlliance(Box::new(second_alliance(gov_dao())))))
        .unwrap();
    let mut other = second_alliance(play_guild());
    other.id = "third".parse().unwrap();
    Scenario::from_engine(engine)
        .when(&cmd(play_guild(), 11, CommandBody::CreateAlliance(Box::new(other))))
        .then_error(&EngineError::CreationRefused {
            actor: play_guild(),
            rule: "only admins and the charter's alliance_creators do",
        });
}
