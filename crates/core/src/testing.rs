//! A given/when/then helper for engine tests (the shape of cqrs-es's
//! `TestFramework`): given these commands, when this one, then these events
//! or this error — and on error, the state hash is unchanged.

use crate::charter::Charter;
use crate::command::{Command, CommandBody, Event};
use crate::engine::Engine;
use crate::error::EngineError;
use crate::types::{Address, Timestamp};

/// A trusted (unsigned) command.
pub fn cmd(actor: Address, at: u64, body: CommandBody) -> Command {
    Command { actor, at: Timestamp(at), nonce: None, body }
}

/// The liquidity-pool template, parsed: two communities (GOV on chain 1,
/// PLAY on chain 42161), the ALLY alliance token, dev key 0 as admin, leader
/// and ALLY minter, dev key 1 as relayer.
pub fn sample_charter() -> Charter {
    let text = crate::charter::templates::template(crate::alliance::AllianceModel::LiquidityPool);
    Charter::parse(text).expect("the liquidity-pool template is valid")
}

/// A scenario under test.
pub struct Scenario {
    engine: Engine,
}

/// The result of `when`, to be checked with `then_*`.
pub struct Outcome {
    before: crate::types::B256,
    result: Result<Vec<Event>, EngineError>,
    engine: Engine,
}

impl Scenario {
    /// Starts from a charter's genesis.
    pub fn new(charter: &Charter) -> Self {
        Self { engine: Engine::genesis(charter) }
    }

    /// Continues from an engine already set up.
    pub fn from_engine(engine: Engine) -> Self {
        Self { engine }
    }

    /// The engine as it stands.
    pub fn into_engine(self) -> Engine {
        self.engine
    }

    /// The engine so far.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Applies commands that must all succeed.
    ///
    /// # Panics
    /// If any is rejected.
    pub fn given(mut self, commands: impl IntoIterator<Item = Command>) -> Self {
        for (i, command) in commands.into_iter().enumerate() {
            if let Err(e) = self.engine.apply(&command) {
                panic!("given[{i}] ({}) was rejected: {e}", command.body.kind());
            }
        }
        self
    }

    /// Applies the command under test.
    pub fn when(mut self, command: &Command) -> Outcome {
        let before = self.engine.state_hash();
        let result = self.engine.apply(command);
        Outcome { before, result, engine: self.engine }
    }
}

impl Outcome {
    /// Asserts the command succeeded with exactly these events.
    ///
    /// # Panics
    /// Otherwise.
    pub fn then_events(self, expected: &[Event]) -> Engine {
        match self.result {
            Ok(events) => assert_eq!(events, expected),
            Err(e) => panic!("expected events, got error: {e}"),
        }
        self.engine
    }

    /// Asserts the command succeeded, whatever its events.
    ///
    /// # Panics
    /// If it was rejected.
    pub fn then_ok(self) -> Engine {
        if let Err(e) = self.result {
            panic!("expected success, got error: {e}");
        }
        self.engine
    }

    /// Asserts the command failed with exactly this error and changed nothing.
    ///
    /// # Panics
    /// Otherwise.
    pub fn then_error(self, expected: &EngineError) -> Engine {
        match &self.result {
            Ok(events) => panic!("expected error {expected}, got events {events:?}"),
            Err(e) => assert_eq!(e, expected),
        }
        assert_eq!(self.engine.state_hash(), self.before, "a rejected command changed the state");
        self.engine
    }

    /// Asserts the command failed with this error code and changed nothing;
    /// returns the error, for its message and fields.
    ///
    /// # Panics
    /// Otherwise.
    pub fn then_error_code(self, code: &str) -> EngineError {
        let e = match self.result {
            Ok(events) => panic!("expected error {code}, got events {events:?}"),
            Err(e) => e,
        };
        assert_eq!(e.code(), code, "{e}");
        assert_eq!(self.engine.state_hash(), self.before, "a rejected command changed the state");
        e
    }
}
