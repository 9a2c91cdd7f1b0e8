//! What a chart function returns, [`Chart`] (an SVG plus the same data as a
//! table), and the translated texts it takes, [`Labels`].

use serde::Serialize;

/// A chart: SVG plus the same data as a table (the accessible alternative).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// Stable identifier, also the stem of the ids inside the SVG
    /// (`chart-<id>-title`, `chart-<id>-desc`); unique per page.
    pub id: String,
    /// Title (translated), also the SVG `<title>`.
    pub title: String,
    /// Longer description (translated), also the SVG `<desc>`.
    pub description: String,
    /// A complete `<svg>` element, ready to be embedded inline in HTML.
    pub svg: String,
    /// Table column headers (translated).
    pub columns: Vec<String>,
    /// Table rows, one cell per column, numbers formatted plainly (`12`, `45.3`).
    pub rows: Vec<Vec<String>>,
}

/// The translated texts of one chart.
///
/// `columns` and `series` are positional; each chart function documents the
/// order it expects. Missing entries are treated as empty strings, surplus
/// ones are ignored, so a mismatch never panics.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Labels {
    /// Chart title.
    pub title: String,
    /// What the chart shows, for screen readers (`<desc>`).
    pub description: String,
    /// Table column headers, in the order given by the chart function.
    pub columns: Vec<String>,
    /// Legend / axis names of the drawn series, in the order given by the chart function.
    pub series: Vec<String>,
    /// Shown in the SVG when there is nothing to draw (e.g. "No data yet").
    pub empty: String,
    /// Table cell and chart text for a suppressed count (e.g. "< 5").
    pub suppressed: String,
    /// Table cell for a value that does not exist (e.g. "—").
    pub missing: String,
}

/// A [`Chart`] of `svg` and the table `columns` × `rows`, titled by `labels`.
pub(super) fn chart(
    id: &str,
    labels: &Labels,
    svg: String,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
) -> Chart {
    Chart {
        id: id.to_owned(),
        title: labels.title.clone(),
        description: labels.description.clone(),
        svg,
        columns,
        rows,
    }
}

/// Exactly `n` column headers: surplus dropped, missing ones empty.
pub(super) fn columns(labels: &Labels, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| labels.columns.get(i).cloned().unwrap_or_default())
        .collect()
}

/// The name of series `i` (empty when missing).
pub(super) fn series_name(labels: &Labels, i: usize) -> String {
    labels.series.get(i).cloned().unwrap_or_default()
}
