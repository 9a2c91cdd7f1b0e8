//! The national-scale generator (`pspm demo --scale national`) at a small
//! fraction: the rows it reports are in the database, the data keep the
//! application's rules (one support per person and proposal, at most five per
//! consultation, 100 points, adoption counters), the same seed gives the same
//! data on both databases, and the application works on it: a generated
//! participant signs in and contributes to an open consultation, the
//! catalogue finds generated practices, the dashboards show the plan. The
//! participation and quality indicators the server gathers from the
//! database while reading it equal those computed in memory from the same
//! rows, read here independently, with and without filters.

use pspm_backend::seed::scale::{self, Scale};
use pspm_tests::TestApp;

mod catalogue;
mod generator;
mod participation;

/// Loads the demo data, then the national-scale data at `fraction` of its
/// full size; the rows the generator reports.
async fn load(app: &TestApp, fraction: f64) -> scale::Counts {
    app.load_demo().await;
    let sizes = Scale::national(fraction).unwrap();
    // A fixed "now", so both databases get the same data.
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    app.db
        .run(move |c| scale::load(c, &sizes, now, &mut scale::Silent))
        .await
        .expect("national-scale data load")
}

/// The id of the generated national plan.
async fn national_plan(app: &TestApp) -> i64 {
    app.count("SELECT CAST(id AS BIGINT) AS n FROM plans WHERE title LIKE 'Piano strategico nazionale%scala nazionale%'")
        .await
}
