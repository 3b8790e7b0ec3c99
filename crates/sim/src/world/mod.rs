//! The simulated world of one run: day-0 setup shared by a subset's runs
//! ([`setup`]), the agents ([`agents`]), their actions (`act`), arbitrage ([`arb`]), governance
//! (`gov`) and the day-by-day loop with its metrics ([`run`]).

mod act;
pub mod agents;
pub mod arb;
mod gov;
pub mod run;
pub mod setup;

pub use run::{RunOutput, run};
pub use setup::{Prepared, prepare};
