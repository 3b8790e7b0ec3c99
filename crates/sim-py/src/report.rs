//! `summary.json` and the verdicts from rows, the same document
//! `concord simulate` writes (built by `concord_sim`'s `SummaryBuilder`).

use concord_sim::output::{Plan, SummaryBuilder, Verdict};
use concord_sim::{SimError, SimResult};

/// Builds a summary from rows fed in (subset, run, timestep) order.
pub struct Summary {
    builder: SummaryBuilder<Vec<u8>>,
}

fn io(e: &std::io::Error) -> SimError {
    SimError::at("summary", e.to_string())
}

impl Summary {
    /// Starts the summary of `plan`.
    pub fn new(plan: &Plan) -> SimResult<Self> {
        Ok(Self { builder: SummaryBuilder::new(plan, Vec::new()).map_err(|e| io(&e))? })
    }

    /// Feeds one row.
    pub fn row(&mut self, subset: usize, run: u32, timestep: usize, values: &[f64]) -> SimResult<()> {
        self.builder.row(subset, run, timestep, values).map_err(|e| io(&e))
    }

    /// The summary's JSON text and the verdicts by subset.
    pub fn finish(self) -> SimResult<(String, Vec<(usize, Verdict)>)> {
        let (bytes, verdicts) = self.builder.finish().map_err(|e| io(&e))?;
        let text = String::from_utf8(bytes).map_err(|e| SimError::at("summary", e.to_string()))?;
        Ok((text, verdicts))
    }
}
