//! The charter parser: any TOML text. It reports problems, never panics, and
//! a charter it accepts builds a genesis engine.
#![no_main]

use concord_core::{Charter, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(charter) = Charter::parse(text) {
        let _ = Engine::genesis(&charter).state_hash();
    }
});
