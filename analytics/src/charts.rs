//! Charts for the analytics pages: an SVG drawn with plotters plus the same
//! data as a table, the accessible alternative shown next to it.
//!
//! Every text (title, description, column headers, legend, placeholders) is
//! passed in already translated through [`Labels`]; this module never decides
//! the UI language. Output is deterministic (same input, byte-identical SVG),
//! has a fixed `viewBox` with `width="100%"` so it scales on phones, carries
//! `role="img"` with `aria-labelledby` pointing at a `<title>` and `<desc>`,
//! and uses presentation attributes only (no `style=`, which the site's
//! Content-Security-Policy forbids).

mod axes;
mod bars;
mod chart;
mod indicator;
mod legend;
mod participation;
mod style;
mod svg;

pub use bars::{counts_bar, progress_by_group};
pub use chart::{Chart, Labels};
pub use indicator::indicator;
pub use participation::participation_per_day;

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::svg::sanitize_id;
    use super::*;
    use crate::model::{Breakdown, Count, DailyParticipants};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn labels(columns: &[&str], series: &[&str]) -> Labels {
        Labels {
            title: "Title <&> \"quoted\"".to_owned(),
            description: "What it shows".to_owned(),
            columns: columns.iter().map(|&c| c.to_owned()).collect(),
            series: series.iter().map(|&s| s.to_owned()).collect(),
            empty: "Nothing to show".to_owned(),
            suppressed: "< 5".to_owned(),
            missing: "—".to_owned(),
        }
    }

    fn daily() -> Vec<DailyParticipants> {
        [(1, 3, 3, 3), (2, 5, 2, 5), (4, 8, 6, 11)]
            .into_iter()
            .map(|(d, active, new, cumulative)| DailyParticipants {
                day: date(2025, 3, d),
                active: Some(active),
                new: Some(new),
                cumulative: Some(cumulative),
            })
            .collect()
    }

    fn participation_chart() -> Chart {
        participation_per_day(
            "daily",
            &daily(),
            &labels(&["Day", "Active", "New", "Total"], &["Active", "Total"]),
        )
    }

    fn counts() -> Vec<Count> {
        vec![
            Count {
                label: "region".to_owned(),
                count: Some(12),
            },
            Count {
                label: "municipality".to_owned(),
                count: None,
            },
            Count {
                label: "citizen".to_owned(),
                count: Some(45),
            },
        ]
    }

    fn counts_chart() -> Chart {
        counts_bar(
            "by-kind",
            &counts(),
            &labels(&["Kind", "Participants"], &["Participants"]),
        )
    }

    fn indicator_chart() -> Chart {
        indicator(
            "ind-7",
            (date(2024, 1, 1), 10.0),
            &[(date(2025, 1, 1), 20.0), (date(2026, 1, 1), 30.0)],
            &[(date(2024, 6, 1), 12.5), (date(2024, 12, 1), 15.0)],
            Some((date(2026, 1, 1), 24.3)),
            &labels(
                &["Date", "Series", "Value"],
                &["Baseline", "Target", "Measured", "Forecast"],
            ),
        )
    }

    fn breakdowns() -> Vec<Breakdown> {
        [
            ("Mobility", 4, Some(45.3)),
            ("Energy", 2, None),
            ("Water", 3, Some(100.0)),
        ]
        .into_iter()
        .map(|(label, actions, progress)| Breakdown {
            label: label.to_owned(),
            actions,
            progress,
            done_share: None,
            late_share: None,
            at_risk_share: None,
        })
        .collect()
    }

    fn progress_chart() -> Chart {
        progress_by_group(
            "by-area",
            &breakdowns(),
            &labels(&["Area", "Actions", "Progress"], &["Progress (%)"]),
        )
    }

    /// The SVG followed by the table, for snapshots.
    fn dump(chart: &Chart) -> String {
        let mut out = chart.svg.clone();
        out.push_str("---\n");
        out.push_str(&chart.columns.join(" | "));
        out.push('\n');
        for row in &chart.rows {
            out.push_str(&row.join(" | "));
            out.push('\n');
        }
        out
    }

    /// Minimal well-formedness check: one root `<svg>`, balanced tags,
    /// labelled by a `<title>` and `<desc>`, no inline styles.
    fn assert_valid_svg(chart: &Chart) {
        let svg = &chart.svg;
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"), "{svg}");
        assert!(!svg.contains("style="), "inline style in {svg}");
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        let stem = format!("chart-{}", sanitize_id(&chart.id));
        assert!(svg.contains(&format!("aria-labelledby=\"{stem}-title {stem}-desc\"")));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("viewBox=\"0 0 640 "));
        let first = svg.lines().nth(1).unwrap_or_default();
        assert!(
            first.starts_with(&format!("<title id=\"{stem}-title\">")),
            "{first}"
        );

        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg.as_str();
        while let Some(open) = rest.find('<') {
            let close = rest[open..].find('>').expect("unclosed tag") + open;
            let tag = &rest[open + 1..close];
            assert!(!tag.contains('<'), "stray < in {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
            } else if !tag.ends_with('/') {
                let name = tag.split_whitespace().next().unwrap_or_default();
                stack.push(name);
            }
            rest = &rest[close + 1..];
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
        assert!(rest.trim().is_empty());
    }

    fn bars_drawn(svg: &str) -> usize {
        svg.lines()
            .filter(|l| l.starts_with("<rect") && l.contains("fill=\"#1F5FA8\""))
            .count()
    }

    #[test]
    fn charts_snapshot_participation_per_day() {
        let chart = participation_chart();
        assert_valid_svg(&chart);
        insta::assert_snapshot!("participation_per_day", dump(&chart));
    }

    #[test]
    fn charts_snapshot_counts_bar() {
        let chart = counts_chart();
        assert_valid_svg(&chart);
        insta::assert_snapshot!("counts_bar", dump(&chart));
    }

    #[test]
    fn charts_snapshot_indicator() {
        let chart = indicator_chart();
        assert_valid_svg(&chart);
        insta::assert_snapshot!("indicator", dump(&chart));
    }

    #[test]
    fn charts_snapshot_progress_by_group() {
        let chart = progress_chart();
        assert_valid_svg(&chart);
        insta::assert_snapshot!("progress_by_group", dump(&chart));
    }

    #[test]
    fn charts_snapshot_empty() {
        let chart = counts_bar("empty", &[], &labels(&["Kind", "Participants"], &[]));
        assert_valid_svg(&chart);
        assert!(chart.svg.contains("Nothing to show"));
        assert!(chart.rows.is_empty());
        insta::assert_snapshot!("empty", dump(&chart));
    }

    #[test]
    fn charts_suppressed_counts_are_not_drawn() {
        let chart = counts_chart();
        assert_eq!(bars_drawn(&chart.svg), 2);
        assert!(chart.svg.contains("&lt; 5"));
        assert_eq!(chart.rows[1], ["municipality", "< 5"]);

        let all_suppressed: Vec<Count> = counts()
            .into_iter()
            .map(|c| Count { count: None, ..c })
            .collect();
        let chart = counts_bar("none", &all_suppressed, &labels(&["Kind", "n"], &[]));
        assert_valid_svg(&chart);
        assert_eq!(bars_drawn(&chart.svg), 0);
    }

    #[test]
    fn charts_missing_progress_is_not_drawn() {
        let chart = progress_chart();
        assert_eq!(bars_drawn(&chart.svg), 2);
        assert_eq!(chart.rows[1], ["Energy", "2", "—"]);
    }

    #[test]
    fn charts_tables_equal_the_input() {
        let chart = participation_chart();
        assert_eq!(chart.columns, ["Day", "Active", "New", "Total"]);
        assert_eq!(
            chart.rows,
            [
                ["2025-03-01", "3", "3", "3"],
                ["2025-03-02", "5", "2", "5"],
                ["2025-03-04", "8", "6", "11"],
            ]
        );

        let chart = counts_chart();
        assert_eq!(
            chart.rows,
            [["region", "12"], ["municipality", "< 5"], ["citizen", "45"]]
        );

        let chart = indicator_chart();
        assert_eq!(chart.columns, ["Date", "Series", "Value"]);
        assert_eq!(
            chart.rows,
            [
                ["2024-01-01", "Baseline", "10"],
                ["2025-01-01", "Target", "20"],
                ["2026-01-01", "Target", "30"],
                ["2024-06-01", "Measured", "12.5"],
                ["2024-12-01", "Measured", "15"],
                ["2026-01-01", "Forecast", "24.3"],
            ]
        );

        let chart = progress_chart();
        assert_eq!(
            chart.rows,
            [
                ["Mobility", "4", "45.3"],
                ["Energy", "2", "—"],
                ["Water", "3", "100"],
            ]
        );
        assert_eq!(chart.title, "Title <&> \"quoted\"");
        assert!(
            chart
                .svg
                .contains("Title &lt;&amp;&gt; &quot;quoted&quot;</title>")
        );
    }

    #[test]
    fn charts_are_deterministic() {
        assert_eq!(participation_chart(), participation_chart());
        assert_eq!(counts_chart(), counts_chart());
        assert_eq!(indicator_chart(), indicator_chart());
        assert_eq!(progress_chart(), progress_chart());
    }

    #[test]
    fn charts_survive_degenerate_input() {
        let l = labels(&["a", "b", "c"], &[]);
        let d = date(2025, 1, 1);
        let cases = [
            participation_per_day("one", &daily()[..1], &l),
            participation_per_day("empty", &[], &l),
            participation_per_day(
                "huge",
                &[DailyParticipants {
                    day: d,
                    active: Some(i64::MAX),
                    new: Some(0),
                    cumulative: Some(i64::MAX),
                }],
                &l,
            ),
            counts_bar(
                "zeros",
                &[Count {
                    label: "x".repeat(200),
                    count: Some(0),
                }],
                &l,
            ),
            counts_bar(
                "huge",
                &[Count {
                    label: String::new(),
                    count: Some(i64::MAX),
                }],
                &l,
            ),
            indicator("alone", (d, 3.0), &[], &[], None, &l),
            indicator("nan", (d, f64::NAN), &[], &[], None, &l),
            indicator(
                "wild",
                (d, f64::INFINITY),
                &[(date(9999, 12, 31), 1e300), (date(1, 1, 1), -1e300)],
                &[(d, f64::NAN), (d, 1e-300), (d, 2e-300)],
                Some((d, f64::NEG_INFINITY)),
                &l,
            ),
            indicator(
                "same",
                (d, 1e12),
                &[(d, 1e12 + 1e-3)],
                &[(d, 1e12)],
                Some((d, 1e12)),
                &l,
            ),
            progress_by_group(
                "odd",
                &[Breakdown {
                    label: "ünïcödé & <b>".to_owned(),
                    actions: 0,
                    progress: Some(f64::NAN),
                    done_share: None,
                    late_share: None,
                    at_risk_share: None,
                }],
                &l,
            ),
            progress_by_group("many", &vec![breakdowns()[0].clone(); 40], &l),
            progress_by_group("", &[], &Labels::default()),
        ];
        for chart in &cases {
            assert_valid_svg(chart);
        }
        assert!(cases[6].svg.contains("Nothing to show"));
        assert_eq!(cases[6].rows, [["2025-01-01", "", "—"]]);
        assert!(cases[10].svg.contains("viewBox=\"0 0 640 1352\""));
    }
}
