//! Partner scorecards: the example file's three candidates worked by hand,
//! the tie-break, every rule broken with its path, and the total against an
//! independent computation.

use concord_core::partner::*;
use concord_core::types::Bps;
use proptest::prelude::*;

fn example() -> CandidatesFile {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/candidates.toml"))
            .unwrap();
    parse_candidates(&text).unwrap_or_else(|p| panic!("{p:?}"))
}

#[test]
fn the_example_ranks_by_weighted_total_and_a_red_flag_vetoes() {
    let f = example();
    let r = f.scorecard.rank(&f.candidates);
    let rows: Vec<(usize, &str, u32, Vec<String>)> =
        r.iter().map(|c| (c.rank, c.id.as_str(), c.total_bps, c.vetoed_by.clone())).collect();
    // yield-dao: 2000·12/15 + 1500·6/10 + 1500·8/10 + 2000·10/10 + 1000·8/10 + 2000·14/15
    //          = 1600 + 900 + 1200 + 2000 + 800 + 1866.67 = 8366.67 → 8366.
    // play-guild: 1600 + 1200 + 1200 + 1800 + 600 + 1600 = 8000.
    // fast-swap: 2000 + 600 + 900 + 400 + 400 + 2000 = 6300, vetoed (no audit) so last.
    assert_eq!(
        rows,
        [
            (1, "yield-dao", 8_366, vec![]),
            (2, "play-guild", 8_000, vec![]),
            (3, "fast-swap", 6_300, vec!["no-audit".to_owned()]),
        ]
    );
    // Dimension scores: ⌊10000 · S / 5n⌋; economic for yield-dao ⌊10000 · 14 / 15⌋ = 9333.
    assert_eq!(r[0].dimensions[5], ("economic".to_owned(), 9_333));
    assert_eq!(r[1].dimensions[3], ("security".to_owned(), 9_000));
}

fn card(tie_break: &[&str]) -> Scorecard {
    Scorecard {
        dimensions: vec![
            Dimension {
                id: "a".into(),
                title: "A".into(),
                weight_bps: Bps(5_000),
                criteria: vec!["x".into()],
            },
            Dimension {
                id: "b".into(),
                title: "B".into(),
                weight_bps: Bps(5_000),
                criteria: vec!["y".into()],
            },
        ],
        red_flags: vec![],
        tie_break: tie_break.iter().map(|t| (*t).to_owned()).collect(),
    }
}

fn cand(id: &str, x: u8, y: u8) -> Candidate {
    Candidate {
        id: id.into(),
        name: id.to_uppercase(),
        scores: [("a.x", x), ("b.y", y)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), Score { score: v, evidence: String::new() }))
            .collect(),
        flags: vec![],
        tokenomics: None,
    }
}

#[test]
fn ties_are_broken_by_the_named_dimensions_then_by_id() {
    // Both total 5000 · 4/5 + 5000 · 2/5 = 6000 = 5000 · 2/5 + 5000 · 4/5.
    let (p, q) = (cand("p", 4, 2), cand("q", 2, 4));
    let by_b = card(&["b"]).rank(&[p.clone(), q.clone()]);
    assert_eq!((by_b[0].id.as_str(), by_b[0].total_bps, by_b[1].total_bps), ("q", 6_000, 6_000));
    let by_a = card(&["a"]).rank(&[p.clone(), q.clone()]);
    assert_eq!(by_a[0].id, "p");
    // No tie-break dimension: the id decides.
    let by_id = card(&[]).rank(&[q, p]);
    assert_eq!(by_id[0].id, "p");
}

fn problems(text: &str) -> Vec<(String, String)> {
    parse_candidates(text).unwrap_err().into_iter().map(|p| (p.path, p.rule)).collect()
}

const ONE: &str = r#"
[scorecard]
dimensions = [
  { id = "tech", title = "Tech", weight_bps = 6000, criteria = ["code"] },
  { id = "sec", title = "Security", weight_bps = 4000, criteria = ["audit"] },
]
red_flags = [{ id = "no-audit", title = "No audit" }]

[[candidates]]
id = "c1"
name = "C1"
[candidates.scores]
"tech.code" = { score = 3 }
"sec.audit" = { score = 4 }
"#;

#[test]
fn broken_rules_are_reported_with_their_paths() {
    assert!(parse_candidates(ONE).is_ok());
    assert_eq!(
        problems(&ONE.replace("{ score = 3 }", "{ score = 6 }")),
        [("candidates[0].scores.tech.code.score".to_owned(), "must be 0 to 5, got 6".to_owned())]
    );
    assert_eq!(
        problems(&ONE.replace("weight_bps = 4000", "weight_bps = 3000")),
        [("scorecard.dimensions".to_owned(), "weight_bps must sum to exactly 10000, got 9000".to_owned())]
    );
    assert_eq!(
        problems(&ONE.replace("\"sec.audit\" = { score = 4 }", "\"sec.audits\" = { score = 4 }")),
        [
            (
                "candidates[0].scores.sec.audit".to_owned(),
                "every criterion must be scored (0 to 5)".to_owned()
            ),
            (
                "candidates[0].scores.sec.audits".to_owned(),
                "is not a criterion of the scorecard (dimension.criterion)".to_owned()
            ),
        ]
    );
    let flagged = ONE.replace("name = \"C1\"", "name = \"C1\"\nflags = [{ flag = \"no-audit\", evidence = \" \" }, { flag = \"rugged\", evidence = \"x\" }]");
    assert_eq!(
        problems(&flagged),
        [
            ("candidates[0].flags[0].evidence".to_owned(), "a red flag needs evidence".to_owned()),
            (
                "candidates[0].flags[1].flag".to_owned(),
                "`rugged` is not a red flag of the scorecard".to_owned()
            ),
        ]
    );
    let unknown = ONE.replace("name = \"C1\"", "name = \"C1\"\nrank = 1");
    let found = problems(&unknown);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "candidates[0].rank", "{found:?}");
    assert!(found[0].1.contains("unknown field `rank`"), "{found:?}");
    let twice = format!(
        "{ONE}\n[[candidates]]\nid = \"c1\"\nname = \"again\"\n[candidates.scores]\n\"tech.code\" = {{ score = 1 }}\n\"sec.audit\" = {{ score = 1 }}\n"
    );
    assert_eq!(problems(&twice), [("candidates[1].id".to_owned(), "`c1` appears twice".to_owned())]);
    assert_eq!(
        problems(&ONE.replace("criteria = [\"code\"]", "criteria = []")),
        [("scorecard.dimensions[0].criteria".to_owned(), "must list 1 to 16 criteria, got 0".to_owned())]
    );
}

proptest! {
    /// The total equals the exact weighted mean floored once, computed here
    /// over the product of the denominators (not their lcm), and never exceeds 10 000.
    #[test]
    fn the_total_is_the_exact_weighted_mean_floored_once(
        shape in proptest::collection::vec((1usize..6, 1u16..50), 1..6),
        scores in proptest::collection::vec(0u8..=5, 30),
    ) {
        let total_w: u32 = shape.iter().map(|(_, w)| u32::from(*w)).sum();
        // Scale the weights to sum to exactly 10 000 (the remainder to the first).
        let mut weights: Vec<u16> = shape.iter().map(|(_, w)| u16::try_from(u32::from(*w) * 10_000 / total_w).unwrap()).collect();
        let short = 10_000 - weights.iter().map(|w| u32::from(*w)).sum::<u32>();
        weights[0] += u16::try_from(short).unwrap();
        prop_assume!(weights.iter().all(|w| *w > 0));
        let dims: Vec<Dimension> = shape
            .iter()
            .zip(&weights)
            .enumerate()
            .map(|(i, ((n, _), w))| Dimension {
                id: format!("d{i}"),
                title: "D".into(),
                weight_bps: Bps(*w),
                criteria: (0..*n).map(|j| format!("c{j}")).collect(),
            })
            .collect();
        let card = Scorecard { dimensions: dims, red_flags: vec![], tie_break: vec![] };
        let mut k = 0;
        let mut c = Candidate { id: "x".into(), name: "X".into(), scores: Default::default(), flags: vec![], tokenomics: None };
        let mut sums = Vec::new();
        for d in &card.dimensions {
            let mut s = 0u128;
            for crit in &d.criteria {
                let v = scores[k % scores.len()];
                k += 1;
                s += u128::from(v);
                c.scores.insert(format!("{}.{crit}", d.id), Score { score: v, evidence: String::new() });
            }
            sums.push(s);
        }
        let den: u128 = card.dimensions.iter().map(|d| 5 * d.criteria.len() as u128).product();
        let num: u128 = card
            .dimensions
            .iter()
            .zip(&sums)
            .map(|(d, s)| u128::from(d.weight_bps.0) * s * (den / (5 * d.criteria.len() as u128)))
            .sum();
        let (_, total) = card.totals(&c);
        prop_assert_eq!(u128::from(total), num / den);
        prop_assert!(total <= 10_000);
    }
}

mod on_the_hub {
    use concord_core::alliance::AllianceModel;
    use concord_core::charter::templates::template;
    use concord_core::command::CommandBody;
    use concord_core::error::EngineError;
    use concord_core::partner::*;
    use concord_core::query::{self, Query, View};
    use concord_core::testing::{Scenario, cmd};
    use concord_core::{Charter, Engine};

    use super::example;
    use crate::common::dev;

    fn hub() -> Engine {
        Engine::genesis(&Charter::parse(template(AllianceModel::LiquidityPool)).unwrap())
    }

    fn score(c: &Candidate) -> CommandBody {
        CommandBody::ScoreCandidate(Box::new(ScoreCandidate {
            alliance: "gov-play-pool".parse().unwrap(),
            candidate: c.clone(),
        }))
    }

    fn view(e: &Engine) -> concord_core::query::CandidatesView {
        match query::run(e.state(), &Query::Candidates { alliance: "gov-play-pool".parse().unwrap() })
            .unwrap()
        {
            View::Candidates(v) => *v,
            other => panic!("{other:?}"),
        }
    }

    /// The hub ranks the example's candidates exactly as `concord score` does on the file.
    #[test]
    fn the_hub_gives_the_same_ranking_as_the_file() {
        let file = example();
        let mut e = hub();
        for (i, c) in file.candidates.iter().enumerate() {
            e.apply(&cmd(dev(0), 10 + i as u64, score(c))).unwrap();
        }
        assert_eq!(view(&e).ranking, file.scorecard.rank(&file.candidates));
        assert_eq!(view(&e).ranking[0].total_bps, 8_366);
    }

    /// Two members score play-guild: the hub keeps both cards and ranks by their mean, floored
    /// once. GOV DAO scores every criterion one lower than the file (technical 9/15, governance
    /// 6/10, roadmap 6/10, security 7/10, legal 4/10, economic 9/15); the sums over both cards
    /// are 21, 14, 14, 16, 10, 21, so the mean total is
    /// ⌊(2000·21/15 + 1500·14/10 + 1500·14/10 + 2000·16/10 + 1000·10/10 + 2000·21/15) / 2⌋
    /// = ⌊(2800 + 2100 + 2100 + 3200 + 1000 + 2800) / 2⌋ = 7000.
    #[test]
    fn the_hub_keeps_who_scored_what_and_ranks_by_the_mean() {
        let file = example();
        let mut e = hub();
        let pg = file.candidates.iter().find(|c| c.id == "play-guild").unwrap().clone();
        e.apply(&cmd(dev(0), 10, score(&pg))).unwrap();
        let mut lower = pg.clone();
        for s in lower.scores.values_mut() {
            s.score -= 1;
        }
        e.apply(&cmd(dev(2), 11, score(&lower))).unwrap();
        let v = view(&e);
        assert_eq!(v.ranking[0].total_bps, 7_000);
        let mut both = vec![dev(0), dev(2)];
        both.sort();
        assert_eq!(v.scorers["play-guild"], both, "scorers in address order");
        // A second card by the same scorer replaces the first.
        e.apply(&cmd(dev(2), 12, score(&pg))).unwrap();
        assert_eq!(view(&e).ranking[0].total_bps, 8_000);
    }

    #[test]
    fn scorecards_and_cards_that_break_a_rule_or_come_from_outsiders_change_nothing() {
        let file = example();
        let e = hub();
        let mut bad = file.candidates[0].clone();
        bad.scores.get_mut("technical.standards").unwrap().score = 7;
        Scenario::from_engine(e.clone()).when(&cmd(dev(0), 10, score(&bad))).then_error(
            &EngineError::InvalidScorecard {
                problems: vec![concord_core::problem::Problem::new(
                    "body.candidate.scores.technical.standards.score",
                    "must be 0 to 5, got 7",
                )],
            },
        );
        // dev 5 is not a member of gov-play-pool.
        Scenario::from_engine(e.clone()).when(&cmd(dev(5), 10, score(&file.candidates[0]))).then_error(
            &EngineError::NotAllowed {
                rule: format!("{} is not an accepted member of `gov-play-pool`", dev(5)),
            },
        );
        let mut card = Scorecard::default_template();
        card.dimensions[0].weight_bps = concord_core::types::Bps(1_000);
        let set = |card: &Scorecard| {
            CommandBody::SetScorecard(Box::new(SetScorecard {
                alliance: "gov-play-pool".parse().unwrap(),
                scorecard: card.clone(),
            }))
        };
        Scenario::from_engine(e.clone()).when(&cmd(dev(0), 10, set(&card))).then_error(
            &EngineError::InvalidScorecard {
                problems: vec![concord_core::problem::Problem::new(
                    "body.scorecard.dimensions",
                    "weight_bps must sum to exactly 10000, got 9000",
                )],
            },
        );
        Scenario::from_engine(e.clone())
            .when(&cmd(dev(2), 10, set(&Scorecard::default_template())))
            .then_error(&EngineError::NotAllowed {
                rule: format!("{} is not the leader of `gov-play-pool` or an admin", dev(2)),
            });
        // Once scoring starts, the scorecard is fixed.
        let mut e = e;
        e.apply(&cmd(dev(0), 10, score(&file.candidates[0]))).unwrap();
        Scenario::from_engine(e).when(&cmd(dev(0), 11, set(&Scorecard::default_template()))).then_error(
            &EngineError::InvalidScorecard {
                problems: vec![concord_core::problem::Problem::new(
                    "body.scorecard",
                    "candidates are scored already: the scorecard is fixed once scoring starts",
                )],
            },
        );
    }
}

mod compatibility {
    use concord_core::alliance::DecisionModel;
    use concord_core::partner::compat::*;
    use concord_core::types::Amount;

    fn gov_dao() -> MemberTokenomics {
        MemberTokenomics {
            id: "gov-dao".into(),
            tokenomics: Tokenomics {
                governance: DecisionModel::TokenWeighted,
                supply: Amount(2_000_000),
                emission_per_year: Amount(100_000),
                unlocks: vec![
                    Unlock { day: 110, amount: Amount(150_000), what: "investor cliff".into() },
                    Unlock { day: 300, amount: Amount(50_000), what: "team".into() },
                ],
                programs: vec![Program { stake: "GOV/PLAY-LP".into(), reward: "GOV".into() }],
            },
        }
    }

    fn verdicts(checks: &[Check]) -> Vec<(&'static str, Verdict, Option<&str>)> {
        checks.iter().map(|c| (c.check, c.verdict, c.member.as_deref())).collect()
    }

    #[test]
    fn a_risky_candidate_warns_on_inflation_colliding_unlocks_and_governance_and_fails_on_a_shared_stake() {
        let yield_dao = Tokenomics {
            governance: DecisionModel::Leader,
            supply: Amount(1_000_000),
            // ⌊10000 · 120000 / 1000000⌋ = 1200 bps: above the 10 % warning, under the 25 % failure.
            emission_per_year: Amount(120_000),
            unlocks: vec![Unlock { day: 120, amount: Amount(200_000), what: "team cliff".into() }],
            programs: vec![Program { stake: "GOV/PLAY-LP".into(), reward: "YLD".into() }],
        };
        let checks = check(&yield_dao, DecisionModel::TokenWeighted, &[gov_dao()], CompatRules::default());
        assert_eq!(
            verdicts(&checks),
            [
                ("inflation", Verdict::Warning, None),
                ("unlock-collision", Verdict::Warning, Some("gov-dao")),
                ("governance", Verdict::Warning, None),
                ("reward-conflict", Verdict::Fail, Some("gov-dao")),
            ]
        );
        assert_eq!(
            checks[0].figures,
            "12.00 % a year (emission 120000 on supply 1000000); members' highest 5.00 %; warn above 10.00 %, fail above 25.00 %"
        );
        assert_eq!(
            checks[1].figures,
            "day 120 (200000 team cliff) and gov-dao's day 110 (150000 investor cliff): 10 days apart, within 14"
        );
        assert_eq!(
            checks[3].figures,
            "both pay for staking `GOV/PLAY-LP`: the candidate in YLD, gov-dao in GOV"
        );
    }

    #[test]
    fn a_compatible_candidate_passes_every_check_and_the_thresholds_are_exclusive() {
        let calm = Tokenomics {
            governance: DecisionModel::TokenWeighted,
            supply: Amount(1_000_000),
            emission_per_year: Amount(100_000), // exactly 10.00 %: not above the warning
            unlocks: vec![Unlock { day: 125, amount: Amount(10), what: String::new() }], // 15 days from 110
            programs: vec![Program { stake: "PLAY".into(), reward: "PLAY".into() }],
        };
        let checks = check(&calm, DecisionModel::TokenWeighted, &[gov_dao()], CompatRules::default());
        assert!(checks.iter().all(|c| c.verdict == Verdict::Pass), "{checks:#?}");
        let wide = CompatRules { collision_days: 15, ..CompatRules::default() };
        let checks = check(&calm, DecisionModel::TokenWeighted, &[gov_dao()], wide);
        assert_eq!(checks[1].verdict, Verdict::Warning, "15 days apart collide within 15");
        let hot = Tokenomics { emission_per_year: Amount(250_001), ..calm };
        assert_eq!(inflation_bps(&hot), 2_500, "⌊10000 · 250001 / 1000000⌋ = 2500: not above 25 %");
        let hotter = Tokenomics { emission_per_year: Amount(250_100), ..hot };
        assert_eq!(
            check(&hotter, DecisionModel::TokenWeighted, &[], CompatRules::default())[0].verdict,
            Verdict::Fail
        );
    }
}

mod agreement {
    use concord_core::alliance::AllianceModel;
    use concord_core::charter::templates::template;
    use concord_core::command::CommandBody;
    use concord_core::ledger::{RecordDeposit, Transfer};
    use concord_core::query::{self, Query, View};
    use concord_core::testing::cmd;
    use concord_core::types::{Amount, B256, ChainId, Timestamp};
    use concord_core::{Charter, Engine};

    use crate::common::{gov_dao, play_guild, relayer};

    const E18: u128 = 1_000_000_000_000_000_000;
    const DAY: u64 = 86_400;

    /// PLAY Guild's 4,000,000 PLAY are due 30 days after the alliance forms (at 0): 3,000,000
    /// arrive on day 20 and 1,000,000 on day 40, so the commitment is late from day 30, and
    /// stays late once delivered (it was met after its day).
    /// GOV DAO's commitment has no deadline and is never late.
    #[test]
    fn a_commitment_paid_after_its_day_shows_late() {
        let text = template(AllianceModel::LiquidityPool).replacen(
            "amount = \"4000000000000000000000000\"      # 4,000,000 PLAY",
            "amount = \"4000000000000000000000000\"\nby_day = 30",
            1,
        );
        let charter = Charter::parse(&text).unwrap();
        let mut e = Engine::genesis(&charter);
        let treasury = e.state().alliances[&charter.alliance.id].treasury;
        let deposit = RecordDeposit {
            chain_id: ChainId(42_161),
            tx_hash: B256::repeat_byte(9),
            log_index: 0,
            token: "PLAY".parse().unwrap(),
            to: play_guild(),
            amount: Amount(5_000_000 * E18),
        };
        e.apply(&cmd(relayer(), DAY, CommandBody::RecordDeposit(deposit))).unwrap();
        let pay = |whole: u128| {
            CommandBody::Transfer(Transfer {
                token: "PLAY".parse().unwrap(),
                to: treasury,
                amount: Amount(whole * E18),
            })
        };
        let status = |e: &Engine| {
            let View::Alliance(v) =
                query::run(e.state(), &Query::Alliance { alliance: charter.alliance.id.clone() }).unwrap()
            else {
                panic!()
            };
            let play = v.commitments.iter().find(|c| c.member == play_guild()).unwrap().clone();
            let gov = v.commitments.iter().find(|c| c.member == gov_dao()).unwrap().clone();
            (play.delivered, play.outstanding, play.due, play.late, gov.due, gov.late)
        };
        e.apply(&cmd(play_guild(), 20 * DAY, pay(3_000_000))).unwrap();
        let due = Some(Timestamp(30 * DAY));
        assert_eq!(status(&e), (Amount(3_000_000 * E18), Amount(1_000_000 * E18), due, false, None, false));
        // Day 35 (the clock moved by an unrelated deposit): still 1,000,000 owed after day 30.
        let deposit2 = RecordDeposit {
            chain_id: ChainId(42_161),
            tx_hash: B256::repeat_byte(10),
            log_index: 0,
            token: "PLAY".parse().unwrap(),
            to: play_guild(),
            amount: Amount(1),
        };
        e.apply(&cmd(relayer(), 35 * DAY, CommandBody::RecordDeposit(deposit2))).unwrap();
        assert!(status(&e).3, "late on day 35");
        e.apply(&cmd(play_guild(), 40 * DAY, pay(1_000_000))).unwrap();
        // Delivered in full on day 40, ten days after it was due: it stays marked late.
        assert_eq!(status(&e), (Amount(4_000_000 * E18), Amount::ZERO, due, true, None, false));
    }
}
