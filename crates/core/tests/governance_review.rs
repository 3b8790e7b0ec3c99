//! Adversarial review of governance and the council: each test reproduces a
//! bug found in review (it failed before its fix).

use concord_core::command::CommandBody;
use concord_core::governance::{Action, CreateProposal, GovernanceError, Scope, ScopeRules, VotingType};
use concord_core::testing::cmd;
use concord_core::types::{AllianceId, Bps, Timestamp};
use concord_core::{Engine, EngineError};

use crate::common::dev;
use crate::governance::{setup, syndicate_charter};

fn alliance() -> AllianceId {
    "delegate-syndicate".parse().unwrap()
}

fn proposal(scope: Scope, actions: Vec<Action>, voting: VotingType, choices: &[&str]) -> CommandBody {
    CommandBody::CreateProposal(Box::new(CreateProposal {
        alliance: alliance(),
        scope,
        title: "Review".into(),
        body: String::new(),
        actions,
        voting,
        choices: choices.iter().map(|c| (*c).to_owned()).collect(),
        start: Timestamp(200),
        end: Timestamp(300),
        proposing_alliance: None,
    }))
}

fn engine(extra: Vec<concord_core::Command>) -> Engine {
    let mut engine = Engine::genesis(&syndicate_charter(|t| t));
    for (i, c) in extra.into_iter().enumerate() {
        engine.apply(&c).unwrap_or_else(|e| panic!("setup command {i}: {e}"));
    }
    engine
}

/// `set-scope-rules` must reject what the charter check rejects: a
/// `sponsor_min_power_bps` above 10000 would make every sponsor ineligible
/// (power · 10000 > total · bps is impossible), closing the scope for good.
#[test]
fn set_scope_rules_rejects_a_sponsor_share_above_10000_bps() {
    let rules =
        ScopeRules { sponsor_approvals: 1, sponsor_min_power_bps: Bps(10_001), ..ScopeRules::default() };
    let create = cmd(
        dev(4),
        100,
        proposal(
            Scope::GovernanceParameters,
            vec![Action::SetScopeRules { scope: Scope::Signal, rules }],
            VotingType::Basic,
            &[],
        ),
    );
    let error = engine(setup()).apply(&create).unwrap_err();
    let EngineError::Governance(GovernanceError::InvalidAction { problems }) = &error else {
        panic!("expected invalid_action, got {error}");
    };
    assert_eq!(problems[0].path, "body.actions[0].rules.sponsor_min_power_bps");
}
