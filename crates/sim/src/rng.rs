//! Seeding: every run's generators derive from (seed, subset, run) alone, so
//! a run's result does not depend on which thread, shard or machine ran it,
//! nor on how many runs came before it.
//!
//! key = keccak256("concord-sim:run:v1" ‖ seed ‖ subset ‖ run) (little-endian
//! u64s); each purpose is a ChaCha12 stream of that key, so the market path
//! does not change when, for example, the population's draws do.

use concord_core::hash::keccak;
use rand::SeedableRng;
use rand_chacha::ChaCha12Rng;

/// The independent generators of one run.
#[derive(Clone, Debug)]
pub struct RunRngs {
    /// Price paths (stream 1).
    pub market: ChaCha12Rng,
    /// Agents' parameters drawn at day 0 (stream 2).
    pub population: ChaCha12Rng,
    /// Agents' decisions during the run (stream 3).
    pub behaviour: ChaCha12Rng,
}

/// The 32-byte key of run `run` of subset `subset`.
pub fn run_key(seed: u64, subset: u64, run: u64) -> [u8; 32] {
    keccak(&[b"concord-sim:run:v1", &seed.to_le_bytes(), &subset.to_le_bytes(), &run.to_le_bytes()]).0
}

/// The generators of one run.
pub fn run_rngs(seed: u64, subset: u64, run: u64) -> RunRngs {
    let key = run_key(seed, subset, run);
    let stream = |s: u64| {
        let mut rng = ChaCha12Rng::from_seed(key);
        rng.set_stream(s);
        rng
    };
    RunRngs { market: stream(1), population: stream(2), behaviour: stream(3) }
}

#[cfg(test)]
mod tests {
    use rand::RngExt;

    use super::*;

    #[test]
    fn streams_differ_and_repeat() {
        let mut a = run_rngs(7, 0, 1);
        let mut b = run_rngs(7, 0, 1);
        let x: u64 = a.market.random();
        assert_eq!(x, b.market.random::<u64>());
        assert_ne!(x, a.population.random::<u64>());
        assert_ne!(run_key(7, 0, 1), run_key(7, 0, 2));
        assert_ne!(run_key(7, 0, 1), run_key(7, 1, 1));
        assert_ne!(run_key(7, 0, 1), run_key(8, 0, 1));
    }
}
