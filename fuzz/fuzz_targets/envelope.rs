//! The signed-envelope decoder: any bytes posted to `/v1/commands`. Decoding
//! and opening (domain, size, body, signature recovery) must never panic.
#![no_main]

use concord_core::envelope::{Domain, SignedEnvelope};
use concord_core::{Address, ChainId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(envelope) = serde_json::from_slice::<SignedEnvelope>(data) {
        let domain = Domain::new(ChainId(10), Address::derived("fuzz"));
        let _ = envelope.open(&domain);
        let _ = envelope.open(&envelope.domain.clone());
    }
});
