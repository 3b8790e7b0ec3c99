//! Results in cadCAD's long format: one row per (subset, run, timestep) with
//! columns `simulation,subset,run,timestep,<metrics…>`. `simulation` is 0,
//! `subset` the sweep point from 0, `run` from 1, `timestep` the day from 0
//! (the state after setup). Numbers are written in Rust's shortest
//! round-trip form, so reading a file back gives the same floats; an
//! undefined metric is an empty field.

use std::io::Write;

use crate::world::RunOutput;

/// The header line's fields.
pub fn header(columns: &[String]) -> Vec<String> {
    let mut h: Vec<String> =
        ["simulation", "subset", "run", "timestep"].iter().map(|s| (*s).to_owned()).collect();
    h.extend(columns.iter().cloned());
    h
}

/// One field: empty for NaN, else the shortest round-trip decimal.
pub fn field(x: f64) -> String {
    if x.is_nan() { String::new() } else { format!("{x}") }
}

/// Parses a field written by [`field`].
pub fn parse_field(s: &str) -> Result<f64, String> {
    if s.is_empty() { Ok(f64::NAN) } else { s.parse().map_err(|_| format!("`{s}` is not a number")) }
}

/// Writes one run's rows.
pub fn write_run<W: Write>(w: &mut csv::Writer<W>, out: &RunOutput) -> csv::Result<()> {
    let (subset, run) = (out.subset.to_string(), out.run.to_string());
    let mut record: Vec<String> = Vec::with_capacity(out.width + 4);
    for (t, row) in out.rows().enumerate() {
        record.clear();
        record.extend(["0".to_owned(), subset.clone(), run.clone(), t.to_string()]);
        record.extend(row.iter().map(|x| field(*x)));
        w.write_record(&record)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip() {
        for x in [0.1, 1.0 / 3.0, 1e21, 123456789.123, -0.0, 5e-324, f64::MAX] {
            assert_eq!(parse_field(&field(x)).unwrap().to_bits(), x.to_bits(), "{x}");
        }
        assert!(parse_field(&field(f64::NAN)).unwrap().is_nan());
        assert_eq!(field(2.0), "2");
    }
}
