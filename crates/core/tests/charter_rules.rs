//! `Charter::parse`: the four templates parse, and every rule reports its
//! exact path (and rule) when broken — all problems at once.

use concord_core::Charter;
use concord_core::alliance::{AllianceModel, DecisionModel};
use concord_core::charter::templates::template;
use concord_core::problem::Problem;
use concord_core::testing::sample_charter;
use concord_core::types::{Amount, Bps, ChainId};

use crate::common::{admin, dev, gov_dao, play_guild, relayer, tok};

fn liquidity_pool() -> &'static str {
    template(AllianceModel::LiquidityPool)
}

/// Replaces the single occurrence of `from` in `text`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur exactly once in the text being edited");
    text.replacen(from, to, 1)
}

/// The liquidity-pool template with one edit.
fn lp_with(from: &str, to: &str) -> String {
    edit(liquidity_pool(), from, to)
}

fn problems(text: &str) -> Vec<Problem> {
    match Charter::parse(text) {
        Ok(_) => panic!("expected the charter to be rejected"),
        Err(problems) => problems,
    }
}

/// Asserts exactly one problem, at `path`, whose rule contains `rule_part`.
fn assert_single(text: &str, path: &str, rule_part: &str) {
    let found = problems(text);
    assert_eq!(found.len(), 1, "expected one problem, got {found:#?}");
    assert_eq!(found[0].path, path, "{found:#?}");
    assert!(found[0].rule.contains(rule_part), "rule `{}` does not contain `{rule_part}`", found[0].rule);
}

// ------------------------------------------------------------ templates

#[test]
fn liquidity_pool_template_parses_to_the_documented_charter() {
    let charter = Charter::parse(liquidity_pool()).expect("valid");
    assert_eq!(charter.hub.chain_id, ChainId(10));
    assert_eq!(charter.hub.admins, vec![admin()]);
    assert_eq!(charter.hub.relayers, vec![relayer()]);
    let tokens: Vec<(&str, u64, Option<_>)> =
        charter.tokens.iter().map(|t| (t.id.as_str(), t.chain_id.0, t.minter)).collect();
    assert_eq!(tokens, vec![("GOV", 1, None), ("PLAY", 42_161, None), ("ALLY", 10, Some(admin()))]);
    let a = &charter.alliance;
    assert_eq!(a.id.as_str(), "gov-play-pool");
    assert_eq!(a.model, AllianceModel::LiquidityPool);
    assert_eq!(a.decision_model, DecisionModel::Council);
    assert_eq!(a.leader, admin());
    let members: Vec<_> = a.members.iter().map(|m| m.account).collect();
    assert_eq!(members, vec![admin(), gov_dao(), play_guild()]);
    // UTC+1, UTC-5, UTC+8 in minutes.
    let zones: Vec<i16> = a.members.iter().map(|m| m.timezone.minutes).collect();
    assert_eq!(zones, vec![60, -300, 480]);
    let commitments: Vec<_> = a.agreement.commitments.iter().map(|c| (c.member, c.token, c.amount)).collect();
    assert_eq!(
        commitments,
        vec![
            (gov_dao(), tok("GOV"), Amount(1_000_000 * 10u128.pow(18))),
            (play_guild(), tok("PLAY"), Amount(4_000_000 * 10u128.pow(18))),
        ]
    );
    assert_eq!(a.agreement.duration_days, 365);
    assert_eq!(a.agreement.kpis[0].by_day, 180);
    assert_eq!(a.agreement.exit.unbonding_days, 14);
    assert!(charter.check().is_empty());
    assert_eq!(sample_charter(), charter);
}

#[test]
fn every_template_parses_with_its_own_model_and_tokens() {
    let expected: [(AllianceModel, &str, &[&str], usize); 4] = [
        (AllianceModel::LiquidityPool, "gov-play-pool", &["GOV", "PLAY", "ALLY"], 3),
        (AllianceModel::GovernanceSyndicate, "delegate-syndicate", &["GOV", "VOTE"], 3),
        (AllianceModel::RevenueSharing, "fee-cartel", &["FEE", "DEX", "LEND"], 3),
        (AllianceModel::Mission, "dev-tooling-alliance", &["OP"], 3),
    ];
    for (model, id, tokens, members) in expected {
        let charter =
            Charter::parse(template(model)).unwrap_or_else(|p| panic!("{} template: {p:#?}", model.name()));
        assert_eq!(charter.alliance.model, model);
        assert_eq!(charter.alliance.id.as_str(), id);
        let ids: Vec<&str> = charter.tokens.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, tokens, "{}", model.name());
        assert_eq!(charter.alliance.members.len(), members);
        assert_eq!(charter.hub.chain_id, ChainId(10));
        assert!(charter.check().is_empty());
    }
}

#[test]
fn template_specifics_survive_parsing() {
    let syndicate = Charter::parse(template(AllianceModel::GovernanceSyndicate)).unwrap();
    assert_eq!(syndicate.tokens[1].decimals, 6);
    assert_eq!(syndicate.alliance.agreement.kpis[0].target, Amount(4000));
    let revenue = Charter::parse(template(AllianceModel::RevenueSharing)).unwrap();
    assert_eq!(revenue.alliance.agreement.exit.penalty_bps, Bps(300));
    assert_eq!(revenue.alliance.agreement.duration_days, 730);
    let mission = Charter::parse(template(AllianceModel::Mission)).unwrap();
    assert_eq!(mission.alliance.decision_model, DecisionModel::Leader);
    assert_eq!(
        mission.alliance.mission.intent.as_deref(),
        Some("Intent 1: Progress towards technical decentralization")
    );
    assert_eq!(mission.alliance.members[1].account, dev(4));
    assert_eq!(mission.alliance.members[2].account, dev(5));
}

// ------------------------------------------------------------ syntax

#[test]
fn toml_syntax_error_reports_line_and_column() {
    // Line 3: the second `=` is the 13th character.
    let text = "[hub]\nchain_id = 10\nadmins = [] = 3\n";
    let found = problems(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].path, "line 3, column 13");
    assert!(found[0].rule.starts_with("TOML syntax: "), "{}", found[0].rule);
}

#[test]
fn toml_syntax_error_in_a_template_points_at_the_bad_value() {
    let text = lp_with("decision_model = \"council\"", "decision_model = council");
    // Count the line by hand: the first line that starts with decision_model.
    let line = text.lines().position(|l| l.starts_with("decision_model")).unwrap() + 1;
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    // `decision_model = ` is 17 characters: the bare word starts at column 18.
    assert_eq!(found[0].path, format!("line {line}, column 18"));
    assert!(found[0].rule.contains("TOML syntax"));
}

#[test]
fn toml_syntax_column_counts_characters_not_bytes() {
    // `name = "Größe" = 1`: the stray `=` is character 16 (but byte 18).
    let text = "name = \"Größe\" = 1\n";
    let found = problems(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].path, "line 1, column 16");
}

// ------------------------------------------------------------ reader rules

#[test]
fn missing_required_key_names_its_path() {
    assert_single(&lp_with("name = \"GOV × PLAY Liquidity Alliance\"\n", ""), "alliance.name", "is required");
}

#[test]
fn missing_required_table_names_its_path() {
    let text = lp_with(
        "[alliance.mission]\ntitle = \"Deepen GOV/PLAY liquidity\"\n",
        "[alliance.not_mission]\ntitle = \"Deepen GOV/PLAY liquidity\"\n",
    );
    let found = problems(&text);
    let paths: Vec<&str> = found.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["alliance.not_mission", "alliance.mission"], "{found:#?}");
    assert!(found[0].rule.contains("unknown key"));
    assert_eq!(found[1].rule, "is required (a table)");
}

#[test]
fn unknown_key_is_reported_with_the_allowed_keys() {
    assert_single(
        &lp_with("[hub]\n", "[hub]\ncolour = \"blue\"\n"),
        "hub.colour",
        "unknown key (expected one of: chain_id, admins, relayers, alliance_creation, alliances_per_address, alliance_creators)",
    );
}

#[test]
fn unknown_top_level_key_is_reported() {
    let text = format!("{}\n[extras]\nx = 1\n", liquidity_pool());
    assert_single(&text, "extras", "unknown key");
}

#[test]
fn wrong_type_names_expected_and_actual() {
    assert_single(
        &lp_with("chain_id = 10                      #", "chain_id = \"ten\" #"),
        "hub.chain_id",
        "must be an integer, got string",
    );
}

#[test]
fn wrong_enum_value_lists_the_choices() {
    assert_single(
        &lp_with("model = \"liquidity-pool\"", "model = \"cartel\""),
        "alliance.model",
        "must be one of liquidity-pool, governance-syndicate, revenue-sharing, mission, got `cartel`",
    );
}

#[test]
fn bad_address_checksum_is_caught() {
    // One letter of the relayer's checksummed address lower-cased.
    assert_single(
        &lp_with("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x70997970c51812dc3A010C7d01b50e0d17dc79C8"),
        "hub.relayers[0]",
        "EIP-55 checksum mismatch",
    );
}

#[test]
fn all_lowercase_address_is_accepted() {
    let text =
        lp_with("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    assert_eq!(Charter::parse(&text).unwrap().hub.relayers, vec![relayer()]);
}

#[test]
fn bad_timezone_is_caught() {
    assert_single(
        &lp_with("timezone = \"UTC+8\"", "timezone = \"CET\""),
        "alliance.members[2].timezone",
        "must look like `UTC`",
    );
}

#[test]
fn penalty_over_10000_bps_is_caught() {
    assert_single(
        &lp_with("penalty_bps = 0", "penalty_bps = 10001"),
        "alliance.agreement.exit.penalty_bps",
        "10000, got 10001",
    );
}

// ------------------------------------------------------------ semantic rules

#[test]
fn duplicate_token_id_is_caught() {
    let extra = "[[tokens]]\nid = \"ALLY\"\nsymbol = \"ALLY2\"\ndecimals = 18\nchain_id = 10\nrole = \"reward\"\n\n[alliance]\n";
    assert_single(&lp_with("[alliance]\n", extra), "tokens[3].id", "`ALLY` is registered more than once");
}

#[test]
fn duplicate_member_is_caught() {
    let extra = "[[alliance.members]]\naccount = \"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\"\nname = \"Ada again\"\nkind = \"individual\"\ntimezone = \"UTC\"\n\n[alliance.agreement]\n";
    assert_single(
        &lp_with("[alliance.agreement]\n", extra),
        "alliance.members[3].account",
        "is listed more than once",
    );
}

#[test]
fn leader_must_be_a_member() {
    assert_single(
        &lp_with(
            "leader = \"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\"",
            "leader = \"0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc\"",
        ),
        "alliance.leader",
        "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc must be one of the members",
    );
}

#[test]
fn leader_must_have_member_status() {
    let text = lp_with(
        "name = \"Ada (alliance lead)\"\n",
        "name = \"Ada (alliance lead)\"\nstatus = \"candidate\"\n",
    );
    assert_single(&text, "alliance.leader", "the leader must have status `member`");
}

const GOV_COMMUNITY: &str = "community = { token = \"GOV\", chain_id = 1, treasury = \"0x3333333333333333333333333333333333333333\", delegates = [\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\"] }\n";

#[test]
fn community_member_needs_a_community_section() {
    assert_single(
        &lp_with(GOV_COMMUNITY, ""),
        "alliance.members[1].community",
        "a community member needs token, chain_id, treasury and delegates",
    );
}

#[test]
fn individual_member_must_not_have_a_community_section() {
    let text = lp_with(
        "name = \"Ada (alliance lead)\"\n",
        &format!("name = \"Ada (alliance lead)\"\n{GOV_COMMUNITY}"),
    );
    assert_single(&text, "alliance.members[0].community", "only members of kind `community`");
}

#[test]
fn community_token_must_be_registered() {
    assert_single(
        &lp_with("token = \"GOV\", chain_id = 1,", "token = \"XYZ\", chain_id = 1,"),
        "alliance.members[1].community.token",
        "unknown token `XYZ`",
    );
}

#[test]
fn community_chain_must_be_the_tokens_home_chain() {
    assert_single(
        &lp_with("token = \"GOV\", chain_id = 1,", "token = \"GOV\", chain_id = 5,"),
        "alliance.members[1].community.chain_id",
        "token GOV lives on chain 1, not 5",
    );
}

#[test]
fn commitment_by_a_non_member_is_caught() {
    assert_single(
        &lp_with(
            "member = \"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\"",
            "member = \"0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc\"",
        ),
        "alliance.agreement.commitments[0].member",
        "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc is not a member of the alliance",
    );
}

#[test]
fn tvl_kpi_needs_a_token() {
    assert_single(
        &lp_with("token = \"GOV\"\ntarget", "target"),
        "alliance.agreement.kpis[0].token",
        "tvl and volume targets need a token",
    );
}

#[test]
fn kpi_by_day_must_fall_within_the_agreement() {
    assert_single(
        &lp_with("by_day = 180", "by_day = 400"),
        "alliance.agreement.kpis[0].by_day",
        "must fall within the agreement (365 days), got 400",
    );
}

#[test]
fn decimals_over_36_are_caught() {
    assert_single(
        &lp_with("symbol = \"ALLY\"\ndecimals = 18", "symbol = \"ALLY\"\ndecimals = 37"),
        "tokens[2].decimals",
        "must be ≤ 36, got 37",
    );
}

#[test]
fn an_empty_admin_list_is_caught() {
    assert_single(
        &lp_with("admins = [\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\"]", "admins = []"),
        "hub.admins",
        "must name at least one admin",
    );
}

#[test]
fn the_zero_address_is_caught() {
    assert_single(
        &lp_with(
            "relayers = [\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\"]",
            "relayers = [\"0x0000000000000000000000000000000000000000\"]",
        ),
        "hub.relayers[0]",
        "must not be the zero address",
    );
    assert_single(
        &lp_with("0x1111111111111111111111111111111111111111", "0x0000000000000000000000000000000000000000"),
        "tokens[0].contract",
        "must not be the zero address",
    );
}

// ------------------------------------------------------------ all at once

fn paths_and_rules(mut found: Vec<Problem>) -> Vec<(String, String)> {
    found.sort();
    found.into_iter().map(|p| (p.path, p.rule)).collect()
}

#[test]
fn every_reading_problem_is_reported_not_only_the_first() {
    let mut text = lp_with("[hub]\n", "[hub]\ncolour = \"blue\"\n");
    text = edit(&text, "chain_id = 10                      #", "chain_id = \"ten\" #");
    text = edit(&text, "name = \"GOV × PLAY Liquidity Alliance\"\n", "");
    text = edit(&text, "timezone = \"UTC+8\"", "timezone = \"CET\"");
    text = edit(&text, "penalty_bps = 0", "penalty_bps = 10001");
    let found = paths_and_rules(problems(&text));
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "alliance.agreement.exit.penalty_bps",
            "alliance.members[2].timezone",
            "alliance.name",
            "hub.chain_id",
            "hub.colour",
        ],
        "{found:#?}"
    );
    assert_eq!(found[2].1, "is required");
    assert_eq!(found[3].1, "must be an integer, got string");
}

#[test]
fn every_semantic_problem_is_reported_not_only_the_first() {
    let mut text = lp_with("admins = [\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\"]", "admins = []");
    text = edit(&text, "symbol = \"ALLY\"\ndecimals = 18", "symbol = \"ALLY\"\ndecimals = 37");
    text = edit(&text, "by_day = 180", "by_day = 400");
    text = edit(&text, "token = \"GOV\", chain_id = 1,", "token = \"GOV\", chain_id = 5,");
    text = edit(
        &text,
        "leader = \"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\"",
        "leader = \"0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc\"",
    );
    let found = paths_and_rules(problems(&text));
    let expected = vec![
        (
            "alliance.agreement.kpis[0].by_day".to_owned(),
            "must fall within the agreement (365 days), got 400".to_owned(),
        ),
        (
            "alliance.leader".to_owned(),
            "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc must be one of the members".to_owned(),
        ),
        ("alliance.members[1].community.chain_id".to_owned(), "token GOV lives on chain 1, not 5".to_owned()),
        ("hub.admins".to_owned(), "must name at least one admin".to_owned()),
        ("tokens[2].decimals".to_owned(), "must be ≤ 36, got 37".to_owned()),
    ];
    assert_eq!(found, expected);
}

#[test]
fn an_oversized_charter_is_refused_before_parsing() {
    let text = "#".repeat((1 << 20) + 1);
    assert_single(&text, "charter", "must be at most 1048576 bytes, got 1048577");
}

#[test]
fn toml_syntax_errors_at_non_ascii_characters_are_located() {
    // Each bad text has its offending character on line 2; (text, column).
    // The unterminated string is reported at the end of its line (column 14).
    for (text, column) in [
        ("[hub]\nchain_id = ×\n", 12),
        ("[hub]\n× = 1\n", 1),
        ("[hub]\nname = \"ü\" ü\n", 12),
        ("[hub]\nnote = 'naïve\n", 14),
    ] {
        let found = problems(text);
        assert_eq!(found.len(), 1, "{text:?}: {found:#?}");
        assert!(found[0].rule.starts_with("TOML syntax"), "{text:?}");
        assert_eq!(found[0].path, format!("line 2, column {column}"), "{text:?}");
    }
}

// ------------------------------------------------------------ exit terms by model, text

#[test]
fn each_model_s_exit_terms_stay_in_the_documented_ranges() {
    let unbonding = "unbonding_days = 14                # the model's unbonding period (7–30 days)";
    assert_single(
        &lp_with(unbonding, "unbonding_days = 45"),
        "alliance.agreement.exit.unbonding_days",
        "unbonds for 7 to 30 days, got 45",
    );
    assert_single(
        &lp_with(unbonding, "unbonding_days = 3"),
        "alliance.agreement.exit.unbonding_days",
        "got 3",
    );
    assert!(Charter::parse(&lp_with(unbonding, "unbonding_days = 30")).is_ok());
    let syndicate =
        edit(template(AllianceModel::GovernanceSyndicate), "unbonding_days = 0", "unbonding_days = 7");
    assert_single(&syndicate, "alliance.agreement.exit.unbonding_days", "withdraw at once (0 days), got 7");
    let revenue = template(AllianceModel::RevenueSharing);
    let penalty = "penalty_bps = 300                  # 3% penalty on exit (the model keeps it under 5%)";
    assert_single(
        &edit(revenue, penalty, "penalty_bps = 500"),
        "alliance.agreement.exit.penalty_bps",
        "under 5 %",
    );
    assert!(Charter::parse(&edit(revenue, penalty, "penalty_bps = 499")).is_ok());
    let mission = edit(
        template(AllianceModel::Mission),
        "forfeit_unvested = true            # grant lock-up: leaving forfeits what has not vested",
        "forfeit_unvested = false",
    );
    assert_single(&mission, "alliance.agreement.exit.forfeit_unvested", "forfeit what has not vested");
}

#[test]
fn text_with_a_nul_or_other_control_character_is_refused() {
    let text = lp_with(
        "communication = \"Shared Discord server, #gov-play-alliance\"",
        "communication = \"Shared Discord\\u0000 server\"",
    );
    assert_single(&text, "alliance.communication", "control characters (found U+0000)");
    // Newlines and tabs are text.
    let ok = lp_with(
        "communication = \"Shared Discord server, #gov-play-alliance\"",
        "communication = \"Discord:\\n\\t#gov-play-alliance\"",
    );
    assert!(Charter::parse(&ok).is_ok());
}

// ------------------------------------------------------------ alliance creation policy

#[test]
fn the_alliance_creation_policy_is_read_checked_and_left_out_of_the_default_genesis_hash() {
    use concord_core::charter::AlliancePolicy;
    let hub = "relayers = [\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\"]";
    let base = Charter::parse(liquidity_pool()).unwrap();
    assert_eq!(base.hub.alliance_creation, AlliancePolicy::Open { per_address: 3 });
    let explicit = Charter::parse(&lp_with(
        hub,
        &format!("{hub}\nalliance_creation = \"open\"\nalliances_per_address = 3"),
    ))
    .unwrap();
    // The default written out or left out: the same genesis.
    assert_eq!(concord_core::engine::genesis_hash(&explicit), concord_core::engine::genesis_hash(&base));
    let admin_only = Charter::parse(&lp_with(hub, &format!("{hub}\nalliance_creation = \"admin\""))).unwrap();
    assert_eq!(admin_only.hub.alliance_creation, AlliancePolicy::Admin);
    assert_ne!(concord_core::engine::genesis_hash(&admin_only), concord_core::engine::genesis_hash(&base));
    let listed = format!(
        "{hub}\nalliance_creation = \"allowlist\"\nalliance_creators = [\"0x90F79bf6EB2c4f870365E785982E1f101E93b906\"]"
    );
    assert_eq!(
        Charter::parse(&lp_with(hub, &listed)).unwrap().hub.alliance_creation,
        AlliancePolicy::Allowlist { accounts: vec![play_guild()] }
    );
    assert_single(
        &lp_with(hub, &format!("{hub}\nalliance_creation = \"anyone\"")),
        "hub.alliance_creation",
        "must be one of open, allowlist, admin",
    );
    assert_single(
        &lp_with(hub, &format!("{hub}\nalliances_per_address = 0")),
        "hub.alliances_per_address",
        "must be 1 to 1000, got 0",
    );
    assert_single(
        &lp_with(hub, &format!("{hub}\nalliance_creation = \"admin\"\nalliances_per_address = 5")),
        "hub.alliances_per_address",
        "does not apply",
    );
}

#[test]
fn every_member_of_a_mission_alliance_has_a_role_and_a_voucher_is_described() {
    let mission = template(AllianceModel::Mission);
    let no_role = edit(
        mission,
        "roles = [\"builder\"]\nresponsibilities = [\"fault-proof client\"]",
        "roles = []\nresponsibilities = [\"fault-proof client\"]",
    );
    assert_single(
        &no_role,
        "alliance.members[1].roles",
        "every member of a mission alliance must have a role",
    );
    let blank_voucher = edit(
        mission,
        "responsibilities = [\"fault-proof client\"]",
        "responsibilities = [\"fault-proof client\"]\nvoucher = \"  \"",
    );
    assert_single(&blank_voucher, "alliance.members[1].voucher", "");
    // Other models leave roles to the charter's authors.
    let lp = lp_with(
        "roles = [\"liquidity\"]\nresponsibilities = [\"seed GOV side of the pool\"]",
        "roles = []\nresponsibilities = [\"seed GOV side of the pool\"]",
    );
    Charter::parse(&lp).expect("roles are optional outside the mission model");
}
