//! Parameter distributions for agent populations: a bare number (fixed) or
//! a table `{ dist = "uniform", low = 0.1, high = 0.5 }`, optionally clamped
//! with `min`/`max`.

use std::fmt;

use rand::Rng;
use rand_distr::{Distribution, LogNormal, Normal, Uniform};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::error::{SimError, SimResult};

/// The family of a distribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DistKind {
    /// Always `value`.
    Fixed,
    /// Uniform on `[low, high)`.
    Uniform,
    /// Normal with `mean` and standard deviation `sd`.
    Normal,
    /// Log-normal with `median` (= e^μ) and `sigma` (σ of the log).
    Lognormal,
}

/// A distribution as written in the scenario.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dist {
    /// Its family.
    pub dist: DistKind,
    /// `fixed`: the value.
    #[serde(default)]
    pub value: Option<f64>,
    /// `uniform`: the lower bound.
    #[serde(default)]
    pub low: Option<f64>,
    /// `uniform`: the upper bound.
    #[serde(default)]
    pub high: Option<f64>,
    /// `normal`: the mean.
    #[serde(default)]
    pub mean: Option<f64>,
    /// `normal`: the standard deviation.
    #[serde(default)]
    pub sd: Option<f64>,
    /// `lognormal`: the median.
    #[serde(default)]
    pub median: Option<f64>,
    /// `lognormal`: the standard deviation of the logarithm.
    #[serde(default)]
    pub sigma: Option<f64>,
    /// Draws below this are raised to it.
    #[serde(default)]
    pub min: Option<f64>,
    /// Draws above this are lowered to it.
    #[serde(default)]
    pub max: Option<f64>,
}

/// A distribution checked and ready to sample.
#[derive(Clone, Debug)]
pub struct Sampler {
    family: Family,
    min: f64,
    max: f64,
}

#[derive(Clone, Debug)]
enum Family {
    Fixed(f64),
    Uniform(Uniform<f64>),
    Normal(Normal<f64>),
    LogNormal(LogNormal<f64>),
}

impl Dist {
    /// A fixed value.
    pub fn fixed(value: f64) -> Self {
        Self {
            dist: DistKind::Fixed,
            value: Some(value),
            low: None,
            high: None,
            mean: None,
            sd: None,
            median: None,
            sigma: None,
            min: None,
            max: None,
        }
    }

    /// Checks the parameters its family needs (and only those), naming each
    /// field under `path`.
    pub fn sampler(&self, path: &str) -> SimResult<Sampler> {
        let need = |name: &str, v: Option<f64>| -> SimResult<f64> {
            match v {
                Some(x) if x.is_finite() => Ok(x),
                Some(x) => Err(SimError::at(format!("{path}.{name}"), format!("must be finite, got {x}"))),
                None => Err(SimError::at(
                    format!("{path}.{name}"),
                    format!("is required for dist = \"{}\"", self.kind_name()),
                )),
            }
        };
        let used: &[&str] = match self.dist {
            DistKind::Fixed => &["value"],
            DistKind::Uniform => &["low", "high"],
            DistKind::Normal => &["mean", "sd"],
            DistKind::Lognormal => &["median", "sigma"],
        };
        for (name, v) in [
            ("value", self.value),
            ("low", self.low),
            ("high", self.high),
            ("mean", self.mean),
            ("sd", self.sd),
            ("median", self.median),
            ("sigma", self.sigma),
        ] {
            if v.is_some() && !used.contains(&name) {
                return Err(SimError::at(
                    format!("{path}.{name}"),
                    format!(
                        "is not a parameter of dist = \"{}\" (it takes {})",
                        self.kind_name(),
                        used.join(", ")
                    ),
                ));
            }
        }
        let family = match self.dist {
            DistKind::Fixed => Family::Fixed(need("value", self.value)?),
            DistKind::Uniform => {
                let (low, high) = (need("low", self.low)?, need("high", self.high)?);
                if high <= low {
                    return Err(SimError::at(
                        format!("{path}.high"),
                        format!("must be > low ({low}), got {high}"),
                    ));
                }
                Family::Uniform(Uniform::new(low, high).map_err(|e| SimError::at(path, e.to_string()))?)
            }
            DistKind::Normal => {
                let (mean, sd) = (need("mean", self.mean)?, need("sd", self.sd)?);
                if sd < 0.0 {
                    return Err(SimError::at(format!("{path}.sd"), format!("must be ≥ 0, got {sd}")));
                }
                Family::Normal(Normal::new(mean, sd).map_err(|e| SimError::at(path, e.to_string()))?)
            }
            DistKind::Lognormal => {
                let (median, sigma) = (need("median", self.median)?, need("sigma", self.sigma)?);
                if median <= 0.0 {
                    return Err(SimError::at(format!("{path}.median"), format!("must be > 0, got {median}")));
                }
                if sigma < 0.0 {
                    return Err(SimError::at(format!("{path}.sigma"), format!("must be ≥ 0, got {sigma}")));
                }
                Family::LogNormal(
                    LogNormal::new(median.ln(), sigma).map_err(|e| SimError::at(path, e.to_string()))?,
                )
            }
        };
        let min = self.min.unwrap_or(f64::NEG_INFINITY);
        let max = self.max.unwrap_or(f64::INFINITY);
        if min > max {
            return Err(SimError::at(format!("{path}.max"), format!("must be ≥ min ({min}), got {max}")));
        }
        Ok(Sampler { family, min, max })
    }

    fn kind_name(&self) -> &'static str {
        match self.dist {
            DistKind::Fixed => "fixed",
            DistKind::Uniform => "uniform",
            DistKind::Normal => "normal",
            DistKind::Lognormal => "lognormal",
        }
    }
}

impl Sampler {
    /// One draw, clamped to `[min, max]`.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let x = match &self.family {
            Family::Fixed(v) => *v,
            Family::Uniform(d) => d.sample(rng),
            Family::Normal(d) => d.sample(rng),
            Family::LogNormal(d) => d.sample(rng),
        };
        x.clamp(self.min, self.max)
    }

    /// The smallest value a draw can take (the clamp, or the family's bound).
    pub fn lower_bound(&self) -> f64 {
        let family = match &self.family {
            Family::Fixed(v) => *v,
            Family::Uniform(_) | Family::Normal(_) => f64::NEG_INFINITY,
            Family::LogNormal(_) => 0.0,
        };
        family.max(self.min)
    }
}

/// A number is a fixed distribution; a table is read field by field (so an
/// unknown or mistyped field is reported at its own path).
impl<'de> Deserialize<'de> for DistOrNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DistVisitor)
    }
}

/// How a distribution may be written: a bare number or a table.
#[derive(Clone, Debug, PartialEq)]
pub struct DistOrNumber(pub Dist);

struct DistVisitor;

impl<'de> Visitor<'de> for DistVisitor {
    type Value = DistOrNumber;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a table like { dist = \"uniform\", low = 0.1, high = 0.5 }")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<DistOrNumber, E> {
        Ok(DistOrNumber(Dist::fixed(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DistOrNumber, E> {
        Ok(DistOrNumber(Dist::fixed(v as f64)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DistOrNumber, E> {
        Ok(DistOrNumber(Dist::fixed(v as f64)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DistOrNumber, A::Error> {
        Dist::deserialize(de::value::MapAccessDeserializer::new(map)).map(DistOrNumber)
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha12Rng;

    use super::*;

    #[test]
    fn fixed_and_clamped_draws() {
        let mut rng = ChaCha12Rng::seed_from_u64(1);
        assert_eq!(Dist::fixed(3.5).sampler("x").unwrap().sample(&mut rng), 3.5);
        let mut d = Dist::fixed(3.5);
        d.max = Some(2.0);
        assert_eq!(d.sampler("x").unwrap().sample(&mut rng), 2.0);
    }

    #[test]
    fn a_parameter_of_another_family_is_named() {
        let mut d = Dist::fixed(1.0);
        d.high = Some(2.0);
        let e = d.sampler("agents[0].stake").unwrap_err();
        assert_eq!(e.path(), Some("agents[0].stake.high"));
    }

    #[test]
    fn uniform_draws_stay_in_range() {
        let mut d = Dist::fixed(0.0);
        d.dist = DistKind::Uniform;
        d.value = None;
        d.low = Some(0.2);
        d.high = Some(0.3);
        let s = d.sampler("x").unwrap();
        let mut rng = ChaCha12Rng::seed_from_u64(7);
        for _ in 0..1000 {
            let x = s.sample(&mut rng);
            assert!((0.2..0.3).contains(&x), "{x}");
        }
    }
}
