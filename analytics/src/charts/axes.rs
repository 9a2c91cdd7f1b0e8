//! Scales and tick labels: where values sit on an axis, and how numbers and
//! dates are written, in ticks and table cells alike.

use chrono::NaiveDate;

/// Values are clamped to ±this before drawing (the table keeps the originals).
const MAX_ABS: f64 = 1e12;

/// A number formatted plainly: at most two decimals, no trailing zeros,
/// no thousands separator (`12`, `45.3`, `0.25`, `-3`).
pub(super) fn fmt_num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    if s == "-0" { "0".to_owned() } else { s }
}

/// `fmt_num` for finite values, `missing` otherwise.
pub(super) fn fmt_value(v: f64, missing: &str) -> String {
    if v.is_finite() {
        fmt_num(v)
    } else {
        missing.to_owned()
    }
}

pub(super) fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Tick label on a count axis: whole numbers only.
pub(super) fn integer_label(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        fmt_num(*v)
    } else {
        String::new()
    }
}

/// Tick label on a day axis: the date at whole days only.
pub(super) fn day_label(start: NaiveDate, x: f64) -> String {
    if (x - x.round()).abs() > 1e-9 || x.abs() > 1e7 {
        return String::new();
    }
    start
        .checked_add_signed(chrono::Duration::days(x.round() as i64))
        .map(fmt_date)
        .unwrap_or_default()
}

pub(super) fn day_offset(start: NaiveDate, day: NaiveDate) -> f64 {
    (day - start).num_days() as f64
}

pub(super) fn clamp(v: f64) -> f64 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(-MAX_ABS, MAX_ABS)
    }
}

/// Top of a count axis: 10 % headroom, at least 5 so ticks are whole numbers.
pub(super) fn count_top(max: f64) -> f64 {
    (max * 1.1).max(5.0)
}

/// `(min, max)` of finite `values` widened by `share` of their span on each
/// side; a (near) single value gets `±min_pad` (scaled to its magnitude).
pub(super) fn padded_range(values: &[f64], share: f64, min_pad: f64) -> (f64, f64) {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let lo = finite.clone().fold(f64::INFINITY, f64::min);
    let hi = finite.fold(f64::NEG_INFINITY, f64::max);
    if lo > hi {
        return (0.0, 1.0);
    }
    let magnitude = lo.abs().max(hi.abs());
    let span = hi - lo;
    if span <= magnitude * 1e-6 || span < 1e-9 {
        let pad = (magnitude * 0.1).max(min_pad);
        return (lo - pad, hi + pad);
    }
    (lo - span * share, hi + span * share)
}

#[cfg(test)]
mod tests {
    use super::fmt_num;

    #[test]
    fn charts_format_numbers_plainly() {
        assert_eq!(fmt_num(12.0), "12");
        assert_eq!(fmt_num(45.3), "45.3");
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(fmt_num(-0.001), "0");
        assert_eq!(fmt_num(1_000_000.0), "1000000");
    }
}
