//! The command JSON: any line of `concord apply`, parsed and then applied to
//! an engine at genesis. Parsing and applying must never panic, and a
//! rejected command must change nothing.
#![no_main]

use std::sync::OnceLock;

use concord_core::testing::sample_charter;
use concord_core::{Command, Engine};
use libfuzzer_sys::fuzz_target;

fn genesis() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::genesis(&sample_charter()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for line in text.lines().take(8) {
        let Ok(command) = Command::from_json(line) else { continue };
        let mut engine = genesis().clone();
        let before = engine.state_hash();
        if engine.apply(&command).is_err() {
            assert_eq!(engine.state_hash(), before, "a rejected command changed the state");
        }
    }
});
