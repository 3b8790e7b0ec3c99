//! The mission flow through signed commands on a real hub: a collective opens
//! a season, three teams propose, delegates sponsor and vote, a voter previews
//! their ballot over HTTP, the vote closes and a milestone releases a locked share.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::StatusCode;
use concord_core::alliance::{AllianceModel, DecisionModel};
use concord_core::charter::templates::template;
use concord_core::command::CommandBody;
use concord_core::keys::Key;
use concord_core::ledger::RecordDeposit;
use concord_core::mission::*;
use concord_core::{Amount, B256, Bps, ChainId, Charter, Timestamp};
use serde_json::json;

use crate::support::{get, hub_with, post};

const E18: u128 = 1_000_000_000_000_000_000;

#[tokio::test]
async fn a_collective_funds_missions_through_signed_commands_and_the_preview_is_read_over_http() {
    let now = Arc::new(AtomicU64::new(1_000));
    let clock = now.clone();
    let t = hub_with(
        template(AllianceModel::GovernanceSyndicate),
        Arc::new(move || Timestamp(clock.load(Ordering::SeqCst))),
    )
    .await;
    let d = t.hub.domain().clone();
    let mut nonces = [0u64; 10];
    let mut send = |who: usize, body: CommandBody| {
        let envelope = Key::dev(who).sign(&d, nonces[who], &body);
        nonces[who] += 1;
        let app = t.app.clone();
        async move {
            let (status, answer) = post(&app, &envelope).await;
            assert_eq!(status, StatusCode::OK, "{}: {answer}", body.kind());
            answer
        }
    };
    let collective: concord_core::AllianceId = "delegate-syndicate".parse().unwrap();
    let treasury = concord_core::alliance::treasury_address(&collective);
    // Delegates dev 2–5 hold 100 GOV; the treasury 1000.
    for (n, to, whole) in [
        (1u8, Key::dev(2).address, 100),
        (2, Key::dev(3).address, 100),
        (3, Key::dev(4).address, 100),
        (4, Key::dev(5).address, 100),
        (5, treasury, 1_000),
    ] {
        send(
            1,
            CommandBody::RecordDeposit(RecordDeposit {
                chain_id: ChainId(1),
                tx_hash: B256::repeat_byte(n),
                log_index: 0,
                token: "GOV".parse().unwrap(),
                to,
                amount: Amount(whole * E18),
            }),
        )
        .await;
    }
    send(
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
            attestors: vec![Key::dev(9).address],
        })),
    )
    .await;
    send(
        0,
        CommandBody::OpenSeason(OpenSeason {
            collective: collective.clone(),
            season: 1,
            intents: vec![IntentSpec {
                id: "grow".parse().unwrap(),
                title: "Grow".into(),
                budget: Amount(500 * E18),
            }],
            vote_start: Timestamp(10_000),
            vote_end: Timestamp(20_000),
            votable_supply: None,
        }),
    )
    .await;
    // Teams led by dev 6, 7, 8 ask 300, 250 and 150 GOV.
    let base = Charter::parse(template(AllianceModel::GovernanceSyndicate)).unwrap().alliance;
    for (i, (lead, ask)) in [(6usize, 300u128), (7, 250), (8, 150)].into_iter().enumerate() {
        let mut spec = base.clone();
        spec.id = format!("team-{i}").parse().unwrap();
        spec.leader = Key::dev(lead).address;
        spec.members.truncate(1);
        spec.members[0].account = Key::dev(lead).address;
        spec.council = None;
        spec.agreement.commitments.clear();
        spec.decision_model = DecisionModel::Leader;
        send(lead, CommandBody::CreateAlliance(Box::new(spec.clone()))).await;
        send(
            lead,
            CommandBody::ProposeMission(Box::new(ProposeMission {
                collective: collective.clone(),
                alliance: spec.id.clone(),
                season: 1,
                intent: "grow".parse().unwrap(),
                rfp: None,
                title: format!("mission {i}"),
                deliverables: vec!["a thing".into()],
                milestones: vec![
                    Milestone {
                        title: "one".into(),
                        due: Timestamp(30_000),
                        critical: false,
                        share_bps: Bps(4_000),
                    },
                    Milestone {
                        title: "two".into(),
                        due: Timestamp(40_000),
                        critical: true,
                        share_bps: Bps(6_000),
                    },
                ],
                requested: Amount(ask * E18),
                impact: "more builders".into(),
                plan: None,
                stream: false,
            })),
        )
        .await;
    }
    for mission in 1..=3u64 {
        for sponsor in 2..=5 {
            send(
                sponsor,
                CommandBody::ApproveMission(ApproveMission { collective: collective.clone(), mission }),
            )
            .await;
        }
    }
    now.store(12_000, Ordering::SeqCst);
    // Mission ids: teams' alliances take no ids; missions are 1, 2, 3.
    for (who, approve) in [(2, vec![1, 2]), (3, vec![1, 3]), (4, vec![2, 3])] {
        send(
            who,
            CommandBody::CastBudgetBallot(CastBudgetBallot {
                collective: collective.clone(),
                season: 1,
                intent: "grow".parse().unwrap(),
                approve,
            }),
        )
        .await;
    }
    // Now: A 200, B 200, C 200 → by id A, B: A 300 funded (200 left), B 250 skipped, C 150 funded.
    let path = "/v1/collectives/delegate-syndicate/seasons/1/intents/grow/preview";
    let (status, now_view) = get(&t.app, path).await;
    assert_eq!(status, StatusCode::OK, "{now_view}");
    let verdicts = |v: &serde_json::Value| {
        v["allocation"]["ranked"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["id"].as_u64().unwrap(), r["verdict"].as_str().unwrap().to_owned()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        verdicts(&now_view),
        vec![(1, "funded".into()), (2, "over-budget".into()), (3, "funded".into())]
    );
    // dev 5 previews approving B only: B 300 ranks first (funded, 250 left), A 300? no: A stays 200.
    // B 300 → funded (250 left), then A 200 (asks 300 > 250) skipped, C 200 (150) funded (100 left).
    let (_, what_if) = get(&t.app, &format!("{path}?voter={}&approve=2", Key::dev(5).address)).await;
    assert_eq!(
        verdicts(&what_if),
        vec![(2, "funded".into()), (1, "over-budget".into()), (3, "funded".into())]
    );
    assert_eq!(what_if["allocation"]["leftover"], (100 * E18).to_string());
    let (status, bad) = get(&t.app, &format!("{path}?approve=x")).await;
    assert_eq!((status, bad["error"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("approve")));

    now.store(20_001, Ordering::SeqCst);
    let closed = send(
        9,
        CommandBody::CloseBudgetVote(CloseBudgetVote {
            collective: collective.clone(),
            season: 1,
            intent: "grow".parse().unwrap(),
        }),
    )
    .await;
    let last = closed["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "budget-vote-closed");
    assert_eq!(last["allocation"], now_view["allocation"], "the close matches the preview once ballots stop");
    now.store(31_000, Ordering::SeqCst);
    let attested = send(
        9,
        CommandBody::AttestMilestone(AttestMilestone {
            collective: collective.clone(),
            mission: 1,
            milestone: 0,
        }),
    )
    .await;
    // 40 % of 300 = 120 GOV released, locked a year from the close.
    let released = attested["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(released["released"], (120 * E18).to_string());
    let (_, grant) = get(&t.app, "/v1/collectives/delegate-syndicate/grants/1").await;
    assert_eq!(grant["unreleased"], (180 * E18).to_string());
    assert_eq!(grant["locked"], true);
    let (_, tier) =
        get(&t.app, &format!("/v1/collectives/delegate-syndicate/tiers/{}", Key::dev(6).address)).await;
    assert_eq!(tier["tier"]["name"], "Ember");
    assert_eq!(tier["track"]["received"], (300 * E18).to_string());
    // The board: dev 6 posts a profile; team-0's overlap is its leader's hours (UTC+2 9–17 → 07:00–15:00 UTC).
    send(
        6,
        CommandBody::PostProfile(concord_core::board::PostProfile {
            skills: vec!["rust".into()],
            intents: vec!["grow".into()],
            timezone: "UTC+2".parse().unwrap(),
            start_hour: 9,
            end_hour: 17,
        }),
    )
    .await;
    let (_, found) = get(&t.app, "/v1/board?skill=RUST&tz_min=60").await;
    assert_eq!(found["profiles"][0]["account"], Key::dev(6).address.to_string());
    let (_, overlap) = get(&t.app, "/v1/alliances/team-0/overlap?min_hours=9").await;
    assert_eq!(overlap["ranges"], json!([[420, 900]]));
    assert_eq!((overlap["minutes"].clone(), overlap["below_minimum"].clone()), (json!(480), json!(true)));
    let (status, bad) = get(&t.app, "/v1/alliances/team-0/overlap?min_hours=25").await;
    assert_eq!((status, bad["error"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("min_hours")));
    let (status, body) = get(&t.app, "/v1/collectives/nope").await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::NOT_FOUND, json!("unknown_collective")));
}
