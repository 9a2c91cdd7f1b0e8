//! Participation: the figures equal SQL counts, filters narrow them, small
//! groups are suppressed, the page and the chart show the same.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use pspm_tests::plans::with_demo_plans;
use pspm_tests::{TestApp, both};
use serde_json::Value;

#[derive(diesel::QueryableByName)]
struct KN {
    #[diesel(sql_type = diesel::sql_types::Text)]
    k: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Rows of `SELECT <text> AS k, <bigint> AS n …`.
async fn rows(app: &TestApp, sql: &'static str) -> Vec<(String, i64)> {
    use diesel::RunQueryDsl;
    app.db
        .run(move |c| {
            Ok(diesel::sql_query(sql)
                .load::<KN>(c)?
                .into_iter()
                .map(|r| (r.k, r.n))
                .collect())
        })
        .await
        .unwrap()
}

both!(
    participation_matches_independent_counts_and_filters_narrow_it,
    |app| async move {
        with_demo_plans(&app).await;
        let anon = app.client();
        let p = anon.get("/api/v1/analytics/participation").await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.text());
        let p = p.json();
        let participants = app.count("SELECT COUNT(*) AS n FROM (SELECT author_id AS u FROM contributions UNION \
             SELECT user_id FROM supports UNION SELECT user_id FROM priority_allocations WHERE points > 0) s",
        )
        .await;
        assert!(participants > 20, "the demo has a real consultation");
        assert_eq!(p["participants"], participants);
        let last = p["daily"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            last["cumulative"], participants,
            "the cumulative series ends at the total"
        );
        let top = app
            .count("SELECT COUNT(*) AS n FROM contributions WHERE parent_id IS NULL")
            .await;
        let answered = app.count("SELECT COUNT(*) AS n FROM contributions c JOIN responses r ON r.contribution_id = c.id WHERE c.parent_id IS NULL",
        )
        .await;
        let rate = p["response_rate"].as_f64().unwrap();
        assert!(
            (rate - answered as f64 / top as f64).abs() < 1e-9,
            "{rate} vs {answered}/{top}"
        );
        // By kind of organisation: the same numbers as SQL, groups under 5 suppressed.
        let by_kind = rows(
            &app,
            "SELECT kind AS k, COUNT(*) AS n FROM (SELECT u.id AS uid, COALESCE(o.kind, 'citizen') AS kind FROM users u \
             LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id IN ( \
             SELECT author_id FROM contributions UNION SELECT user_id FROM supports \
             UNION SELECT user_id FROM priority_allocations WHERE points > 0)) s GROUP BY kind",
        )
        .await;
        let api: BTreeMap<String, Value> = p["by_organisation_kind"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["label"].as_str().unwrap().to_owned(), c["count"].clone()))
            .collect();
        for (kind, n) in &by_kind {
            let shown = &api[kind];
            if *n < 5 {
                assert!(
                    shown.is_null(),
                    "{kind}: {n} people must be suppressed, got {shown}"
                );
            } else if let Some(shown) = shown.as_i64() {
                // Randomly rounded to a multiple of 5: the nearest one below or above.
                assert!(
                    shown % 5 == 0 && (shown - n).abs() < 5,
                    "{kind}: {n} vs {shown}"
                );
            } else {
                // Hidden too, so that a single hidden group cannot be worked out.
                assert!(shown.is_null(), "{kind}: {n} vs {shown}");
            }
        }
        // A filter narrows to exactly the matching participants.
        let (kind, n) = by_kind.iter().max_by_key(|(_, n)| *n).unwrap().clone();
        let narrowed = anon
            .get(&format!(
                "/api/v1/analytics/participation?organisation_kind={kind}"
            ))
            .await
            .json();
        assert_eq!(narrowed["participants"], n);
        // One day: only that day's activity.
        let day = p["daily"][0]["day"].as_str().unwrap().to_owned();
        let one = anon
            .get(&format!(
                "/api/v1/analytics/participation?from={day}&to={day}"
            ))
            .await
            .json();
        assert_eq!(one["daily"].as_array().unwrap().len(), 1);
        assert_eq!(one["participants"], p["daily"][0]["active"]);
        // Bad filters: the field is named, nothing breaks.
        for (q, field) in [
            ("from=31-31-2026", "from"),
            ("level=galactic", "level"),
            ("organisation_kind=club", "organisation_kind"),
            ("plan=x", "plan"),
            ("from=2026-05-01&to=2026-01-01", "to"),
        ] {
            let r = anon
                .get(&format!("/api/v1/analytics/participation?{q}"))
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
            assert_eq!(r.json()["errors"][0]["field"], field, "{q}");
        }
        assert_eq!(
            anon.get("/api/v1/analytics/participation?plan=999999")
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // The page shows the same figure, the charts and their tables; small groups say so.
        let html = anon.get("/dashboards/participation").await.text();
        assert!(
            html.contains(&format!("<dd>{participants}</dd>")),
            "the participants figure"
        );
        assert!(html.contains("<svg") && html.contains("chart-participation-daily-caption"));
        assert!(html.contains("Data of the chart “Participants per day”"));
        if by_kind.iter().any(|(_, n)| *n < 5) {
            assert!(html.contains("fewer than 5"));
        }
        let bad = anon.get("/dashboards/participation?from=yesterday").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text().contains("field-from-error"));
        // The chart downloads as SVG.
        let svg = anon
            .get("/api/v1/analytics/charts/participation-daily.svg?lang=it")
            .await;
        assert_eq!(svg.status, StatusCode::OK);
        assert!(svg.text().starts_with("<svg") && svg.text().contains("<title"));
        assert_eq!(
            anon.get("/api/v1/analytics/charts/nothing.svg")
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
);
