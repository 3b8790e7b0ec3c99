//! One SVG chart of percentile bands over days (plotters' SVG backend): per
//! series, the 5th–95th percentile band shaded and the median as a line.
//! Days where a percentile is undefined (no run had a value) break the band
//! and the line instead of being drawn as zero.

use plotters::prelude::*;

use crate::error::{SimError, SimResult};

/// Chart size in pixels.
pub const SIZE: (u32, u32) = (760, 320);

/// Colours of the series, in order (Tableau 10's first four).
const PALETTE: [RGBColor; 4] =
    [RGBColor(31, 119, 180), RGBColor(214, 39, 40), RGBColor(44, 160, 44), RGBColor(148, 103, 189)];

/// One metric's percentile series, one value per day from day 0.
#[derive(Clone, Copy, Debug)]
pub struct Band<'a> {
    /// The legend label.
    pub label: &'a str,
    /// 5th percentile.
    pub p5: &'a [Option<f64>],
    /// Median.
    pub p50: &'a [Option<f64>],
    /// 95th percentile.
    pub p95: &'a [Option<f64>],
}

/// Axis labels and the factor values are multiplied by for display.
#[derive(Clone, Copy, Debug)]
pub struct Axes<'a> {
    /// The chart's title.
    pub title: &'a str,
    /// The y axis' description, with its unit.
    pub y_desc: &'a str,
    /// Display factor (100 for a share shown in %).
    pub scale: f64,
}

/// Contiguous stretches of days where `f(day)` is defined.
fn stretches<T>(days: usize, f: impl Fn(usize) -> Option<T>) -> Vec<Vec<(f64, T)>> {
    let mut out: Vec<Vec<(f64, T)>> = Vec::new();
    let mut current = Vec::new();
    for d in 0..days {
        match f(d) {
            Some(v) => current.push((d as f64, v)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `1.2M`, `35k`, `0.25`: short tick labels.
pub fn short_number(x: f64) -> String {
    let a = x.abs();
    let trim = |s: String| {
        if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s }
    };
    if a >= 1e9 {
        format!("{}G", trim(format!("{:.2}", x / 1e9)))
    } else if a >= 1e6 {
        format!("{}M", trim(format!("{:.2}", x / 1e6)))
    } else if a >= 1e4 {
        format!("{}k", trim(format!("{:.1}", x / 1e3)))
    } else if a >= 100.0 || a == 0.0 {
        format!("{x:.0}")
    } else {
        trim(format!("{x:.3}"))
    }
}

/// The y range covering every defined value, padded by 5 %; `None` when
/// nothing is defined.
fn y_range(bands: &[Band<'_>], scale: f64) -> Option<(f64, f64)> {
    let values = bands.iter().flat_map(|b| b.p5.iter().chain(b.p50).chain(b.p95)).flatten();
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        let v = v * scale;
        (lo.min(v), hi.max(v))
    });
    if !lo.is_finite() || !hi.is_finite() {
        return None;
    }
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        let pad = (hi.abs() * 0.1).max(1.0);
        return Some((lo - pad, hi + pad));
    }
    let pad = (hi - lo) * 0.05;
    Some((if lo >= 0.0 { (lo - pad).max(0.0) } else { lo - pad }, hi + pad))
}

fn draw_error<E: std::error::Error + Send + Sync>(title: &str, e: &DrawingAreaErrorKind<E>) -> SimError {
    SimError::Report(format!("chart `{title}`: {e}"))
}

/// The chart as an SVG document, or `None` when no band has a defined value.
pub fn band_chart(axes: Axes<'_>, bands: &[Band<'_>]) -> SimResult<Option<String>> {
    let Some((y0, y1)) = y_range(bands, axes.scale) else { return Ok(None) };
    let days = bands.iter().map(|b| b.p50.len()).max().unwrap_or(0);
    let last_day = days.saturating_sub(1).max(1) as f64;
    let mut svg = String::new();
    {
        let err = |e: DrawingAreaErrorKind<_>| draw_error(axes.title, &e);
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(axes.title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..last_day, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc("day")
            .y_desc(axes.y_desc)
            .x_label_formatter(&|d| format!("{d:.0}"))
            .y_label_formatter(&|v| short_number(*v))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(err)?;
        for (i, b) in bands.iter().enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let band = stretches(days, |d| {
                Some((b.p5.get(d).copied().flatten()?, b.p95.get(d).copied().flatten()?))
            });
            for s in band {
                let mut points: Vec<(f64, f64)> =
                    s.iter().map(|(d, (_, hi))| (*d, hi * axes.scale)).collect();
                points.extend(s.iter().rev().map(|(d, (lo, _))| (*d, lo * axes.scale)));
                chart
                    .draw_series(std::iter::once(Polygon::new(points, colour.mix(0.22).filled())))
                    .map_err(err)?;
            }
            let median = stretches(days, |d| b.p50.get(d).copied().flatten());
            for (k, s) in median.into_iter().enumerate() {
                let line =
                    LineSeries::new(s.into_iter().map(|(d, v)| (d, v * axes.scale)), colour.stroke_width(2));
                let drawn = chart.draw_series(line).map_err(err)?;
                if k == 0 {
                    drawn.label(format!("{} (median; band 5th–95th percentile)", b.label)).legend(
                        move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2)),
                    );
                }
            }
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(200, 200, 200))
            .draw()
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(Some(svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers() {
        assert_eq!(short_number(2_500_000.0), "2.5M");
        assert_eq!(short_number(35_000.0), "35k");
        assert_eq!(short_number(250.0), "250");
        assert_eq!(short_number(0.25), "0.25");
        assert_eq!(short_number(0.0), "0");
        assert_eq!(short_number(1.5e9), "1.5G");
    }

    #[test]
    fn stretches_break_at_undefined_days() {
        let v = [Some(1.0), None, Some(2.0), Some(3.0)];
        let s = stretches(4, |d| v[d]);
        assert_eq!(s, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
    }

    #[test]
    fn a_band_chart_is_an_svg_with_its_labels() {
        let p5 = [Some(1.0), Some(2.0), None];
        let p50 = [Some(2.0), Some(3.0), Some(4.0)];
        let p95 = [Some(3.0), Some(5.0), None];
        let band = Band { label: "tvl", p5: &p5, p50: &p50, p95: &p95 };
        let axes = Axes { title: "TVL <all>", y_desc: "quote currency", scale: 1.0 };
        let svg = band_chart(axes, &[band]).unwrap().unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("TVL &lt;all&gt;"));
        assert!(svg.contains(">day<") || svg.contains("day\n"), "x axis label");
        assert!(svg.contains("quote currency"));
        assert!(svg.contains("<polygon"));
        let none = [None, None];
        let empty = Band { label: "x", p5: &none, p50: &none, p95: &none };
        assert_eq!(band_chart(axes, &[empty]).unwrap(), None);
    }
}
