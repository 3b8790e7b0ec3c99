//! Integration tests for concord-core: one binary (autotests = false), one
//! module per area. Every expected value is written by hand or computed by a
//! reference formula in the test, never by the code under test.

mod adversarial;
mod alliance_life;
mod alliance_story;
mod architecture;
mod board;
mod charter_rules;
mod common;
mod emission;
mod emission_gauges;
mod envelope;
mod escrow;
mod escrow_adversarial;
mod gauge;
mod governance;
mod governance_gates;
mod governance_properties;
mod governance_review;
mod incentives_adversarial;
mod incentives_properties;
mod incentives_support;
mod ledger;
mod lockups;
mod log_replay;
mod membership;
mod merkle;
mod merkle_vault;
mod missions;
mod partner;
mod properties;
mod share_vault;
mod split;
mod team;
mod vault;
mod vesting;
