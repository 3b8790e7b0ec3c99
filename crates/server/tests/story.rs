//! The first seed's whole story through signed commands on a real hub:
//! contributors meet on the board, form an alliance with roles and a timezone
//! check, propose a mission under an intent, collect four qualifying sponsor
//! approvals (a small delegate and a team member are refused), win the budget
//! vote against three competing proposals, receive a locked grant split by
//! the reward plan, handle a member who falls sick and one who leaves, and
//! face a clawback for a missed critical milestone. Values are worked by hand.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::http::StatusCode;
use concord_core::alliance::{AllianceModel, DecisionModel, treasury_address};
use concord_core::charter::templates::template;
use concord_core::command::CommandBody;
use concord_core::envelope::Domain;
use concord_core::kernel::{InvitationRef, InviteMember};
use concord_core::keys::Key;
use concord_core::ledger::RecordDeposit;
use concord_core::mission::*;
use concord_core::split::Share;
use concord_core::{AllianceId, Amount, B256, Bps, ChainId, Charter, Timestamp};
use serde_json::{Value, json};

use crate::support::{get, hub_with, post};

const E18: u128 = 1_000_000_000_000_000_000;
const ADA: usize = 6;
const BO: usize = 7;
const CY: usize = 8;
const RIVAL: usize = 9;

struct Client {
    app: Router,
    domain: Domain,
    nonces: [u64; 10],
}

impl Client {
    async fn send(&mut self, who: usize, body: CommandBody) -> Value {
        let envelope = Key::dev(who).sign(&self.domain, self.nonces[who], &body);
        let (status, answer) = post(&self.app, &envelope).await;
        assert_eq!(status, StatusCode::OK, "{}: {answer}", body.kind());
        self.nonces[who] += 1;
        answer
    }

    /// A refused command: its status, code and field; the nonce is not used.
    async fn refused(
        &mut self,
        who: usize,
        body: CommandBody,
        status: StatusCode,
        code: &str,
        field: &str,
    ) -> String {
        let envelope = Key::dev(who).sign(&self.domain, self.nonces[who], &body);
        let (got, answer) = post(&self.app, &envelope).await;
        assert_eq!(
            (got, answer["error"]["code"].as_str(), answer["error"]["field"].as_str()),
            (status, Some(code), Some(field)),
            "{answer}"
        );
        answer["error"]["message"].as_str().unwrap().to_owned()
    }
}

fn addr(who: usize) -> concord_core::Address {
    Key::dev(who).address
}

fn member(who: usize, name: &str, role: &str, tz: &str) -> concord_core::alliance::Member {
    let mut m =
        Charter::parse(template(AllianceModel::GovernanceSyndicate)).unwrap().alliance.members[0].clone();
    m.account = addr(who);
    m.name = name.into();
    m.roles = vec![role.into()];
    m.responsibilities = vec![format!("{role} deliverables")];
    m.timezone = tz.parse().unwrap();
    m.community = None;
    m
}

fn team_spec(id: &str, lead: usize) -> concord_core::alliance::AllianceSpec {
    let mut spec = Charter::parse(template(AllianceModel::GovernanceSyndicate)).unwrap().alliance;
    spec.id = id.parse().unwrap();
    spec.name = format!("Team {id}");
    spec.leader = addr(lead);
    spec.members = vec![member(lead, "lead", "leader", "UTC+1")];
    spec.council = None;
    spec.agreement.commitments.clear();
    spec.decision_model = DecisionModel::Leader;
    spec
}

fn milestones() -> Vec<Milestone> {
    vec![
        Milestone { title: "design".into(), due: Timestamp(30_000), critical: false, share_bps: Bps(4_000) },
        Milestone { title: "ship".into(), due: Timestamp(40_000), critical: true, share_bps: Bps(6_000) },
    ]
}

fn proposal(collective: &AllianceId, team: &str, whole: u128, plan: Option<RewardPlan>) -> CommandBody {
    CommandBody::ProposeMission(Box::new(ProposeMission {
        collective: collective.clone(),
        alliance: team.parse().unwrap(),
        season: 1,
        intent: "grow".parse().unwrap(),
        rfp: None,
        title: format!("{team}'s mission"),
        deliverables: vec!["an SDK".into(), "docs".into()],
        milestones: milestones(),
        requested: Amount(whole * E18),
        impact: "two hundred new builders in a season".into(),
        plan,
        stream: false,
    }))
}

fn amount(v: &Value) -> u128 {
    v.as_str().unwrap_or_else(|| panic!("{v} is not an amount")).parse().unwrap()
}

#[tokio::test]
async fn the_first_seed_end_to_end_through_a_real_hub() {
    let now = Arc::new(AtomicU64::new(1_000));
    let clock = now.clone();
    let t = hub_with(
        template(AllianceModel::GovernanceSyndicate),
        Arc::new(move || Timestamp(clock.load(Ordering::SeqCst))),
    )
    .await;
    let mut c = Client { app: t.app.clone(), domain: t.hub.domain().clone(), nonces: [0; 10] };
    let collective: AllianceId = "delegate-syndicate".parse().unwrap();
    let fund = treasury_address(&collective);
    // Delegates dev 2–5 and Bo hold 100 GOV, dev 1 holds 0.1, the fund 1000: 1500.1 GOV of power.
    for (n, to, tenths) in
        [(1u8, 2, 1_000), (2, 3, 1_000), (3, 4, 1_000), (4, 5, 1_000), (5, BO, 1_000), (6, 1, 1)]
            .map(|(n, who, x)| (n, addr(who), x))
            .into_iter()
            .chain([(7u8, fund, 10_000)])
    {
        let deposit = RecordDeposit {
            chain_id: ChainId(1),
            tx_hash: B256::repeat_byte(n),
            log_index: 0,
            token: "GOV".parse().unwrap(),
            to,
            amount: Amount(tenths * E18 / 10),
        };
        c.send(1, CommandBody::RecordDeposit(deposit)).await;
    }
    c.send(
        0,
        CommandBody::CreateCollective(Box::new(CreateCollective {
            alliance: collective.clone(),
            token: "GOV".parse().unwrap(),
            tiers: None,
            sponsor_approvals: 4,
            sponsor_min_power_bps: Bps(25),
            quorum: Amount(200 * E18),
            approval_threshold_bps: Bps(5_100),
            overflow: Overflow::Skip,
            lockup_secs: 365 * 86_400,
            attestors: vec![],
        })),
    )
    .await;
    let intent = |id: &str, title: &str, whole: u128| IntentSpec {
        id: id.parse().unwrap(),
        title: title.into(),
        budget: Amount(whole * E18),
    };
    c.send(
        0,
        CommandBody::OpenSeason(OpenSeason {
            collective: collective.clone(),
            season: 1,
            intents: vec![intent("grow", "Grow builders", 500), intent("docs", "Better docs", 200)],
            vote_start: Timestamp(10_000),
            vote_end: Timestamp(20_000),
            votable_supply: None,
        }),
    )
    .await;

    // 1. The board: three contributors post; Ada searches by skill and intent.
    for (who, skills, tz, start, end) in [
        (ADA, vec!["rust", "governance"], "UTC+1", 9, 17),
        (BO, vec!["design"], "UTC-5", 8, 16),
        (CY, vec!["rust"], "UTC+2", 10, 18),
    ] {
        c.send(
            who,
            CommandBody::PostProfile(concord_core::board::PostProfile {
                skills: skills.into_iter().map(str::to_owned).collect(),
                intents: vec!["grow".into()],
                timezone: tz.parse().unwrap(),
                start_hour: start,
                end_hour: end,
            }),
        )
        .await;
    }
    let (_, found) = get(&t.app, "/v1/board?skill=rust&intent=grow").await;
    let accounts: Vec<&str> =
        found["profiles"].as_array().unwrap().iter().map(|p| p["account"].as_str().unwrap()).collect();
    let mut expected = vec![addr(ADA).to_string(), addr(CY).to_string()];
    expected.sort();
    let mut got: Vec<String> = accounts.iter().map(|a| (*a).to_owned()).collect();
    got.sort();
    assert_eq!(got, expected);

    // 2. Ada forms `builders`, invites Bo (designer) and Cy (developer); an invitation
    // counts only once accepted.
    c.send(ADA, CommandBody::CreateAlliance(Box::new(team_spec("builders", ADA)))).await;
    for (who, role, tz) in [(BO, "designer", "UTC-5"), (CY, "developer", "UTC+2")] {
        let invite =
            InviteMember { alliance: "builders".parse().unwrap(), member: member(who, role, role, tz) };
        c.send(ADA, CommandBody::InviteMember(Box::new(invite))).await;
    }
    let plan = RewardPlan {
        split: RewardSplit::Fixed {
            shares: vec![
                Share { recipient: addr(ADA), bps: Bps(4_000) },
                Share { recipient: addr(BO), bps: Bps(3_000) },
                Share { recipient: addr(CY), bps: Bps(3_000) },
            ],
        },
        dust_to: addr(ADA),
        vesting: None,
    };
    let message = c
        .refused(
            ADA,
            proposal(&collective, "builders", 300, Some(plan.clone())),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_plan",
            "body.plan.split.shares[1].recipient",
        )
        .await;
    assert!(message.contains("is not an accepted member of `builders`"), "{message}");
    for who in [BO, CY] {
        c.send(who, CommandBody::AcceptInvitation(InvitationRef { alliance: "builders".parse().unwrap() }))
            .await;
    }
    // Working hours in UTC: Ada 08–16, Bo 13–21, Cy 08–16: all three 13:00–16:00, 3 h.
    let (_, overlap) = get(&t.app, "/v1/alliances/builders/overlap?min_hours=2").await;
    assert_eq!(overlap["ranges"], json!([[780, 960]]));
    assert_eq!((overlap["minutes"].clone(), overlap["below_minimum"].clone()), (json!(180), json!(false)));
    let (_, tight) = get(&t.app, "/v1/alliances/builders/overlap?min_hours=4").await;
    assert_eq!(tight["below_minimum"], true, "warned below a 4 h minimum");

    // 3. Ada proposes mission 1 under `grow`; a rival leads three competing teams (2, 3, 4).
    c.send(ADA, proposal(&collective, "builders", 300, Some(plan))).await;
    for (team, whole) in [("rival-x", 250), ("rival-y", 150), ("rival-z", 100)] {
        c.send(RIVAL, CommandBody::CreateAlliance(Box::new(team_spec(team, RIVAL)))).await;
        c.send(RIVAL, proposal(&collective, team, whole, None)).await;
    }

    // 4. Sponsors: three delegates approve; dev 1 (0.1 of 1500.1 GOV, under 0.25 %) and Bo
    // (a member of the team) are refused; the fourth delegate completes the gate.
    let approve =
        |mission| CommandBody::ApproveMission(ApproveMission { collective: collective.clone(), mission });
    for sponsor in 2..=4 {
        c.send(sponsor, approve(1)).await;
    }
    c.refused(1, approve(1), StatusCode::UNPROCESSABLE_ENTITY, "sponsor_not_eligible", "actor").await;
    let message =
        c.refused(BO, approve(1), StatusCode::UNPROCESSABLE_ENTITY, "sponsor_not_eligible", "actor").await;
    assert!(message.contains("members of the proposing alliance `builders` cannot approve"), "{message}");
    c.send(5, approve(1)).await;
    for mission in 2..=4 {
        for sponsor in 2..=5 {
            c.send(sponsor, approve(mission)).await;
        }
    }

    // 5. The budget vote: approvals 1: 300, 2: 200, 3: 200, 4: 100 (< 102 needed). Budget 500:
    // 1 (300) funded, 2 (250 > 200 left) skipped, 3 (150) funded, 50 back to the fund.
    now.store(12_000, Ordering::SeqCst);
    for (who, approve) in [(2, vec![1, 2]), (3, vec![1, 3]), (4, vec![1, 4]), (5, vec![2, 3])] {
        let ballot = CastBudgetBallot {
            collective: collective.clone(),
            season: 1,
            intent: "grow".parse().unwrap(),
            approve,
        };
        c.send(who, CommandBody::CastBudgetBallot(ballot)).await;
    }
    let (_, preview) = get(&t.app, "/v1/collectives/delegate-syndicate/seasons/1/intents/grow/preview").await;
    let verdicts: Vec<(u64, &str)> = preview["allocation"]["ranked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_u64().unwrap(), r["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(verdicts, [(1, "funded"), (2, "over-budget"), (3, "funded"), (4, "below-threshold")]);
    now.store(20_001, Ordering::SeqCst);
    let close =
        CloseBudgetVote { collective: collective.clone(), season: 1, intent: "grow".parse().unwrap() };
    let closed = c.send(0, CommandBody::CloseBudgetVote(close)).await;
    assert_eq!(closed["events"].as_array().unwrap().last().unwrap()["allocation"], preview["allocation"]);

    // 6. Cy falls sick halfway through the first epoch (20 001 → 30 001).
    now.store(25_001, Ordering::SeqCst);
    let sick =
        MarkAbsent { collective: collective.clone(), mission: 1, member: addr(CY), reason: "illness".into() };
    c.send(CY, CommandBody::MarkAbsent(sick)).await;
    now.store(30_001, Ordering::SeqCst);
    // The team's read shows what attesting now would pay. 40 % of 300 = 120 GOV: parts 48, 36,
    // 36; Cy keeps 36 · 5000 / 10000 = 18; the freed 18 goes 4 : 3 to Ada and Bo:
    // ⌊18e18 · 4/7⌋ = 10285714285714285714, ⌊18e18 · 3/7⌋ = 7714285714285714285, dust 1 to Ada.
    let ada_paid = 48 * E18 + 10_285_714_285_714_285_714 + 1;
    let bo_paid = 36 * E18 + 7_714_285_714_285_714_285;
    let cy_paid = 18 * E18;
    assert_eq!(ada_paid + bo_paid + cy_paid, 120 * E18);
    let (_, team) = get(&t.app, "/v1/collectives/delegate-syndicate/grants/1/team?at=30001").await;
    let parts: Vec<(String, u128)> = team["next_release"]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().to_owned(), amount(&p[2])))
        .collect();
    assert_eq!(
        parts,
        [(addr(ADA).to_string(), ada_paid), (addr(BO).to_string(), bo_paid), (addr(CY).to_string(), cy_paid)]
    );
    let attest = |milestone| {
        CommandBody::AttestMilestone(AttestMilestone {
            collective: collective.clone(),
            mission: 1,
            milestone,
        })
    };
    let attested = c.send(0, attest(0)).await;
    let split =
        attested["events"].as_array().unwrap().iter().find(|e| e["kind"] == "rewards-split").unwrap().clone();
    let paid: Vec<u128> =
        split["epoch"]["payouts"].as_array().unwrap().iter().map(|p| amount(&p["paid"])).collect();
    assert_eq!(paid, [ada_paid, bo_paid, cy_paid]);
    // Each part is a vesting grant that vests when the lock-up ends (20 001 + 1 year).
    let (_, vesting) = get(&t.app, &format!("/v1/accounts/{}/vesting", addr(BO))).await;
    let grant = &vesting["grants"][0]["grant"];
    assert_eq!(amount(&grant["total"]), bo_paid, "{vesting}");
    assert_eq!(grant["cliff_secs"], 20_001 + 365 * 86_400 - 30_001);

    // 7. Bo leaves before the lock-up ends: nothing has vested, so all of his part goes to
    // the team's treasury; he keeps what vested (nothing yet).
    now.store(35_000, Ordering::SeqCst);
    let left =
        c.send(BO, CommandBody::LeaveAlliance(LeaveAlliance { alliance: "builders".parse().unwrap() })).await;
    let change =
        left["events"].as_array().unwrap().iter().find(|e| e["kind"] == "team-changed").unwrap().clone();
    assert_eq!((change["change"].as_str(), amount(&change["amount"])), (Some("left"), bo_paid));
    let team_treasury = treasury_address(&"builders".parse().unwrap());
    let (_, balances) = get(&t.app, &format!("/v1/accounts/{team_treasury}/balances")).await;
    assert_eq!(amount(&balances["balances"]["GOV"]), bo_paid, "{balances}");
    let (_, team) = get(&t.app, "/v1/collectives/delegate-syndicate/grants/1/team").await;
    let bo_view = team["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["member"] == addr(BO).to_string())
        .unwrap()
        .clone();
    assert_eq!((bo_view["left"].clone(), amount(&bo_view["vested"])), (json!(true), 0));

    // 8. The critical milestone (due 40 000) is missed: a clawback before it is due is refused,
    // then takes back the unreleased 180 GOV and Ada's and Cy's unvested parts.
    let claw = ClawbackGrant {
        collective: collective.clone(),
        mission: 1,
        milestone: 1,
        reason: "ship missed".into(),
        dispute: None,
    };
    c.refused(
        0,
        CommandBody::ClawbackGrant(claw.clone()),
        StatusCode::UNPROCESSABLE_ENTITY,
        "wrong_phase",
        "body.milestone",
    )
    .await;
    c.refused(ADA, CommandBody::ClawbackGrant(claw.clone()), StatusCode::FORBIDDEN, "not_allowed", "actor")
        .await;
    let (_, before) = get(&t.app, &format!("/v1/accounts/{fund}/balances")).await;
    now.store(50_000, Ordering::SeqCst);
    c.send(0, CommandBody::ClawbackGrant(claw.clone())).await;
    let (_, after) = get(&t.app, &format!("/v1/accounts/{fund}/balances")).await;
    let back = amount(&after["balances"]["GOV"]) - amount(&before["balances"]["GOV"]);
    assert_eq!(back, 180 * E18 + ada_paid + cy_paid);
    // Conservation: the 300 GOV grant is now with the fund (clawed back) and the team's treasury.
    assert_eq!(back + bo_paid, 300 * E18);
    let (_, grant) = get(&t.app, "/v1/collectives/delegate-syndicate/grants/1").await;
    assert_eq!(
        (grant["grant"]["status"].as_str(), amount(&grant["grant"]["clawed_back"])),
        (Some("clawed-back"), back)
    );
    // A second clawback is refused: nothing changes.
    c.refused(
        0,
        CommandBody::ClawbackGrant(claw),
        StatusCode::UNPROCESSABLE_ENTITY,
        "wrong_phase",
        "body.mission",
    )
    .await;
}

/// Partner vetting over HTTP: a member's signed card, the ranking read back,
/// an outsider's card refused (403) and a score out of range (422 with its path).
#[tokio::test]
async fn candidates_are_scored_by_signed_cards_and_ranked_over_http() {
    use concord_core::partner::{ScoreCandidate, parse_candidates};
    let t = hub_with(template(AllianceModel::LiquidityPool), Arc::new(|| Timestamp(1_000))).await;
    let mut c = Client { app: t.app.clone(), domain: t.hub.domain().clone(), nonces: [0; 10] };
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/candidates.toml"))
            .unwrap();
    let file = parse_candidates(&text).unwrap();
    let card = |i: usize| {
        CommandBody::ScoreCandidate(Box::new(ScoreCandidate {
            alliance: "gov-play-pool".parse().unwrap(),
            candidate: file.candidates[i].clone(),
        }))
    };
    for i in 0..3 {
        c.send(0, card(i)).await;
    }
    let (status, view) = get(&t.app, "/v1/alliances/gov-play-pool/candidates").await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let ranking: Vec<(String, u64)> = view["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r["total_bps"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        ranking,
        [("yield-dao".into(), 8_366), ("play-guild".into(), 8_000), ("fast-swap".into(), 6_300)]
    );
    assert_eq!(view["ranking"][2]["vetoed_by"], json!(["no-audit"]));
    c.refused(5, card(0), StatusCode::FORBIDDEN, "not_allowed", "actor").await;
    let mut bad = file.candidates[0].clone();
    bad.scores.get_mut("legal.counsel").unwrap().score = 6;
    let body = CommandBody::ScoreCandidate(Box::new(ScoreCandidate {
        alliance: "gov-play-pool".parse().unwrap(),
        candidate: bad,
    }));
    c.refused(
        0,
        body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_scorecard",
        "body.candidate.scores.legal.counsel.score",
    )
    .await;
    let (status, _) = get(&t.app, "/v1/alliances/nope/candidates").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
