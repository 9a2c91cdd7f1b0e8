//! Dashboards, analytics API and open data on the demo data, checked against
//! counts made independently with SQL; filters, k-anonymity, caching.

use std::collections::BTreeMap;
use std::io::Read;

use axum::http::StatusCode;
use pspm_tests::{TestApp, both};
use serde_json::Value;

use crate::pages::with_demo_plans;

#[derive(diesel::QueryableByName)]
struct KN {
    #[diesel(sql_type = diesel::sql_types::Text)]
    k: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    rows(app, sql).await.first().map(|r| r.1).unwrap_or(0)
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
        let participants = count(
            &app,
            "SELECT 'x' AS k, COUNT(*) AS n FROM (SELECT author_id AS u FROM contributions UNION \
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
        let top = count(
            &app,
            "SELECT 'x' AS k, COUNT(*) AS n FROM contributions WHERE parent_id IS NULL",
        )
        .await;
        let answered = count(
            &app,
            "SELECT 'x' AS k, COUNT(*) AS n FROM contributions c JOIN responses r ON r.contribution_id = c.id WHERE c.parent_id IS NULL",
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
            } else {
                // Shown exactly, or hidden too so that a single hidden group cannot be worked out.
                assert!(shown == n || shown.is_null(), "{kind}: {n} vs {shown}");
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

both!(
    impact_quality_and_reuse_agree_with_the_plan_and_the_catalogue,
    |app| async move {
        let ids = with_demo_plans(&app).await;
        let anon = app.client();
        let plan = ids.plan;
        let i = anon
            .get(&format!("/api/v1/analytics/impact?plan={plan}"))
            .await;
        assert_eq!(i.status, StatusCode::OK, "{}", i.text());
        let i = i.json();
        let nodes = anon
            .get(&format!("/api/v1/plans/{plan}/nodes"))
            .await
            .json();
        let expected: Vec<(i64, Value)> = nodes["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|n| n["indicators"].as_array().unwrap().clone())
            .map(|ind| (ind["id"].as_i64().unwrap(), ind["achievement"].clone()))
            .collect();
        assert_eq!(i["indicators"].as_array().unwrap().len(), expected.len());
        for (id, achievement) in &expected {
            let got = i["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["id"] == *id)
                .unwrap();
            match (got["achievement"].as_f64(), achievement.as_f64()) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 0.05, "indicator {id}: {a} vs {b}"),
                (a, b) => assert_eq!(a.is_some(), b.is_some(), "indicator {id}"),
            }
        }
        assert!(!i["by_area"].as_array().unwrap().is_empty());
        assert_eq!(
            anon.get("/api/v1/analytics/impact").await.json()["errors"][0]["field"],
            "plan"
        );
        let html = anon
            .get(&format!("/dashboards/impact?plan={plan}"))
            .await
            .text();
        assert!(html.contains("chart-progress-by-area-caption") && html.contains("Indicators"));
        assert!(
            anon.get("/dashboards/impact")
                .await
                .text()
                .contains("Choose a plan")
        );
        // Quality: three dimensions scored 1–5 (or no value).
        let q = anon.get("/api/v1/analytics/quality").await.json();
        let dims: Vec<&str> = q["scores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["dimension"].as_str().unwrap())
            .collect();
        assert_eq!(dims, ["influence", "transparency", "traceability"]);
        for s in q["scores"].as_array().unwrap() {
            if let Some(n) = s["score"].as_i64() {
                assert!((1..=5).contains(&n));
            }
        }
        assert_eq!(anon.get("/dashboards/quality").await.status, StatusCode::OK);
        // Reuse against the catalogue.
        let r = anon.get("/api/v1/analytics/practices").await.json();
        let published = count(
            &app,
            "SELECT 'x' AS k, COUNT(*) AS n FROM practices WHERE status = 'published'",
        )
        .await;
        let confirmed = count(
            &app,
            "SELECT 'x' AS k, COUNT(*) AS n FROM practice_adoptions WHERE status = 'confirmed'",
        )
        .await;
        let reused = count(&app, "SELECT 'x' AS k, COUNT(DISTINCT a.practice_id) AS n FROM practice_adoptions a JOIN practices p ON p.id = a.practice_id WHERE a.status = 'confirmed' AND p.status = 'published'").await;
        assert_eq!(
            (r["published"].as_i64(), r["confirmed_adoptions"].as_i64()),
            (Some(published), Some(confirmed))
        );
        assert!(
            (r["reuse_rate"].as_f64().unwrap() - reused as f64 / published as f64).abs() < 1e-9
        );
        // Cached per data version: the same answer without recomputing; a write changes it.
        let before = app
            .db
            .run(|c| Ok(pspm_backend::db::audit_event::AuditEvent::data_version(c)?))
            .await
            .unwrap();
        let again = anon.get("/api/v1/analytics/practices").await.json();
        assert_eq!(again, r);
        // Anonymous readers get the unfiltered board's page from a cache of
        // rendered pages; it must show a write at once, as the API does.
        let figure = |n: i64| format!("<dt>Confirmed adoptions</dt><dd>{n}</dd>");
        for _ in 0..2 {
            let page = anon.get("/dashboards/practices").await.text();
            assert!(page.contains(&figure(confirmed)), "{page}");
        }
        let pending: i64 = count(
            &app,
            "SELECT 'x' AS k, CAST(MIN(id) AS BIGINT) AS n FROM practice_adoptions WHERE status = 'pending'",
        )
        .await;
        // Signing in writes an audit event but changes no data: the version stays.
        let admin = app.client_as(pspm_backend::domain::Role::Admin).await;
        assert_eq!(
            app.db
                .run(|c| Ok(pspm_backend::db::audit_event::AuditEvent::data_version(c)?))
                .await
                .unwrap(),
            before
        );
        let d = admin
            .post_json(
                &format!("/api/v1/adoptions/{pending}/decision"),
                &serde_json::json!({"decision": "confirm"}),
            )
            .await;
        assert_eq!(d.status, StatusCode::NO_CONTENT, "{}", d.text());
        let after = app
            .db
            .run(|c| Ok(pspm_backend::db::audit_event::AuditEvent::data_version(c)?))
            .await
            .unwrap();
        assert!(after > before);
        let changed = anon.get("/api/v1/analytics/practices").await.json();
        assert_eq!(changed["confirmed_adoptions"].as_i64(), Some(confirmed + 1));
        let page = anon.get("/dashboards/practices").await.text();
        assert!(page.contains(&figure(confirmed + 1)), "{page}");
        // Signed-in readers are never served an anonymous page.
        let mine = admin.get("/dashboards/practices").await.text();
        assert!(mine.contains(&figure(confirmed + 1)) && !mine.contains("href=\"/sign-in\""));
        assert_eq!(
            anon.get("/dashboards/nothing").await.status,
            StatusCode::NOT_FOUND
        );
    }
);

both!(
    open_data_has_every_table_as_csv_and_parquet_and_no_personal_data,
    |app| async move {
        with_demo_plans(&app).await;
        let r = app.client().get("/api/v1/export/open-data.zip").await;
        assert_eq!(r.status, StatusCode::OK);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body.clone())).expect("a zip");
        let names: Vec<String> = zip
            .file_names()
            .map(|n| n.expect("a file name").to_string())
            .collect();
        for t in [
            "organisations",
            "plans",
            "plan_nodes",
            "indicators",
            "indicator_targets",
            "measurements",
            "consultations",
            "contributions",
            "responses",
            "practices",
            "practice_texts",
            "practice_adoptions",
            "participation_summary",
            "participation_daily",
            "quality_scores",
        ] {
            for ext in ["csv", "parquet"] {
                assert!(
                    names.contains(&format!("{t}.{ext}")),
                    "{t}.{ext} in {names:?}"
                );
            }
        }
        assert!(
            names
                .iter()
                .any(|n| n.starts_with("plan") && n.contains("_impact_indicators")),
            "{names:?}"
        );
        assert!(
            names.contains(&"README.md".to_owned()) && names.contains(&"LICENSE.txt".to_owned())
        );
        let mut readme = String::new();
        zip.by_name("README.md")
            .unwrap()
            .read_to_string(&mut readme)
            .unwrap();
        // Secrets that must not leave: e-mails and names of people.
        let people: Vec<(String, String)> = {
            use diesel::prelude::*;
            use pspm_backend::db::schema::users;
            app.db
                .run(|c| {
                    Ok(users::table
                        .select((users::email, users::display_name))
                        .load::<(String, String)>(c)?)
                })
                .await
                .unwrap()
        };
        for name in names.iter().filter(|n| n.ends_with(".csv")) {
            let mut text = String::new();
            zip.by_name(name)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let header: Vec<String> = reader
                .headers()
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect();
            for column in &header {
                assert!(
                    readme.contains(&format!("| {column} |")),
                    "{name}: column {column} explained"
                );
            }
            for record in reader.records() {
                assert_eq!(record.unwrap().len(), header.len(), "{name}");
            }
            for (email, display) in &people {
                assert!(!text.contains(email.as_str()), "{name} leaks an e-mail");
                assert!(
                    display.len() < 6 || !text.contains(display.as_str()),
                    "{name} leaks the name {display}"
                );
            }
            for banned in [
                "email",
                "display_name",
                "author_id",
                "user_id",
                "responder_id",
                "recorded_by",
            ] {
                assert!(!header.iter().any(|h| h == banned), "{name} has {banned}");
            }
            // Demographic fields appear only in the suppressed breakdowns.
            if header.iter().any(|h| h == "age_band" || h == "gender") {
                assert!(
                    name.starts_with("participation_by_"),
                    "{name} carries demographic data"
                );
            }
            let stem = name.trim_end_matches(".csv");
            let mut pq = Vec::new();
            zip.by_name(&format!("{stem}.parquet"))
                .unwrap()
                .read_to_end(&mut pq)
                .unwrap();
            use polars::prelude::SerReader;
            let df = polars::prelude::ParquetReader::new(std::io::Cursor::new(pq))
                .finish()
                .expect("parquet parses");
            assert_eq!(
                df.width(),
                header.len(),
                "{stem}: same columns in both formats"
            );
            assert_eq!(
                df.height(),
                csv::Reader::from_reader(text.as_bytes()).records().count(),
                "{stem}: same rows in both formats"
            );
            assert!(
                readme.contains(&format!("## {stem}.csv, {stem}.parquet\n\n"))
                    && readme.contains(&format!(" Rows: {}.\n", df.height())),
                "{stem}: rows counted in the README"
            );
        }
        // Written in parts (here of 2 rows), a table is the same: one header,
        // every row once, in order, in both formats.
        let cache = pspm_backend::cache::Cache::default();
        let parts = app
            .db
            .run(move |c| {
                pspm_backend::services::analytics::open_data::write_zip(
                    c,
                    &cache,
                    std::io::Cursor::new(Vec::new()),
                    2,
                )
            })
            .await
            .expect("the archive in parts")
            .into_inner();
        let mut parts = zip::ZipArchive::new(std::io::Cursor::new(parts)).expect("a zip");
        let read = |z: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str| {
            let mut bytes = Vec::new();
            z.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
            bytes
        };
        let whole_csv = read(&mut zip, "contributions.csv");
        let rows = csv::Reader::from_reader(whole_csv.as_slice())
            .records()
            .count();
        assert!(
            rows > 4,
            "the demo has contributions over several parts: {rows}"
        );
        assert_eq!(read(&mut parts, "contributions.csv"), whole_csv);
        use polars::prelude::SerReader;
        let frame = |bytes: Vec<u8>| {
            polars::prelude::ParquetReader::new(std::io::Cursor::new(bytes))
                .finish()
                .expect("parquet parses")
        };
        assert!(
            frame(read(&mut parts, "contributions.parquet"))
                .equals_missing(&frame(read(&mut zip, "contributions.parquet")))
        );
        // Small demographic groups stay suppressed in the export too.
        for table in [
            "participation_by_organisation_kind",
            "participation_by_age_band",
            "participation_by_gender",
            "participation_by_level",
        ] {
            let mut text = String::new();
            zip.by_name(&format!("{table}.csv"))
                .expect(table)
                .read_to_string(&mut text)
                .unwrap();
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let header: Vec<String> = reader
                .headers()
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect();
            let at = header
                .iter()
                .position(|h| h == "participants")
                .expect("a participants column");
            for record in reader.records() {
                let record = record.unwrap();
                let n = &record[at];
                assert!(
                    n.is_empty() || n.parse::<i64>().unwrap() >= 5,
                    "{table}: {record:?}"
                );
            }
        }
    }
);
