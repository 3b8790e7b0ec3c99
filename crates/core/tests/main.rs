//! Integration tests for concord-core: one binary (autotests = false), one
//! module per area. Every expected value is written by hand or computed by a
//! reference formula in the test, never by the code under test.

mod adversarial;
mod charter_rules;
mod common;
mod envelope;
mod escrow;
mod escrow_adversarial;
mod gauge;
mod ledger;
mod log_replay;
mod merkle;
mod properties;
