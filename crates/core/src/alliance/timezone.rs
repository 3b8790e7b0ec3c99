//! `UtcOffset`: a member's working timezone as a fixed offset from UTC.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A fixed offset from UTC, written `UTC`, `UTC+2`, `UTC-05:30` or `UTC+05:45`.
///
/// Fixed offsets keep the engine free of a timezone database; the forming
/// board's overlap report works in these offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct UtcOffset {
    /// Minutes east of UTC, from −720 (UTC−12) to +840 (UTC+14).
    pub minutes: i16,
}

/// Why text is not a UTC offset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "must look like `UTC`, `UTC+2` or `UTC-05:30`, between UTC-12 and UTC+14 in whole quarter hours, got `{0}`"
)]
pub struct UtcOffsetError(pub String);

impl FromStr for UtcOffset {
    type Err = UtcOffsetError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fail = || UtcOffsetError(text.chars().take(40).collect());
        let rest = text.strip_prefix("UTC").ok_or_else(fail)?;
        if rest.is_empty() {
            return Ok(Self { minutes: 0 });
        }
        let (sign, rest) = match rest.as_bytes()[0] {
            b'+' => (1i16, &rest[1..]),
            b'-' => (-1i16, &rest[1..]),
            _ => return Err(fail()),
        };
        let (hours, mins) = rest.split_once(':').unwrap_or((rest, "0"));
        let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(hours) || !digits(mins) {
            return Err(fail());
        }
        let hours: i16 = hours.parse().map_err(|_| fail())?;
        let mins: i16 = mins.parse().map_err(|_| fail())?;
        let minutes = sign * (hours * 60 + mins);
        if mins >= 60 || mins % 15 != 0 || !(-720..=840).contains(&minutes) {
            return Err(fail());
        }
        Ok(Self { minutes })
    }
}

impl fmt::Display for UtcOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.minutes == 0 {
            return f.write_str("UTC");
        }
        let sign = if self.minutes < 0 { '-' } else { '+' };
        let abs = self.minutes.unsigned_abs();
        write!(f, "UTC{sign}{:02}:{:02}", abs / 60, abs % 60)
    }
}

impl Serialize for UtcOffset {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for UtcOffset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_offsets() {
        for (text, minutes, printed) in [
            ("UTC", 0, "UTC"),
            ("UTC+2", 120, "UTC+02:00"),
            ("UTC-05:30", -330, "UTC-05:30"),
            ("UTC+05:45", 345, "UTC+05:45"),
            ("UTC+14", 840, "UTC+14:00"),
            ("UTC-12", -720, "UTC-12:00"),
        ] {
            let parsed: UtcOffset = text.parse().unwrap();
            assert_eq!(parsed.minutes, minutes, "{text}");
            assert_eq!(parsed.to_string(), printed);
        }
    }

    #[test]
    fn rejects_bad_offsets() {
        for bad in ["", "GMT+1", "UTC+", "UTC+15", "UTC-13", "UTC+1:07", "UTC+01:60", "UTC 1", "UTC+123"] {
            assert!(bad.parse::<UtcOffset>().is_err(), "{bad}");
        }
    }
}
