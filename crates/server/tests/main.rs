//! concord-server integration tests: the HTTP API over a real store.

mod alliance_life;
mod commands;
mod durability;
mod escrow;
mod faults;
mod governance;
mod hardening;
mod incentives;
mod missions;
mod reads;
mod story;
mod support;
mod viem;
