//! Good practices: the INTERLINK catalogue import (real data from
//! `../shared/data/interlink-catalogue`).

use std::path::PathBuf;

use pspm_backend::seed::interlink;
use pspm_tests::{TestApp, both};

fn catalogue() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/interlink-catalogue");
    if dir.join("interlinkers").exists() {
        Some(dir)
    } else {
        pspm_tests::skip(
            "INTERLINK import test",
            "../shared/data/interlink-catalogue is missing",
        );
        None
    }
}

async fn import(app: &TestApp, dir: PathBuf, skip_invalid: bool) -> interlink::Report {
    app.db
        .run(move |c| {
            let entries = interlink::read(&dir)?;
            interlink::import(c, entries, skip_invalid, &mut |_, _| {})
        })
        .await
        .expect("import runs")
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    app.db
        .run(move |c| Ok(diesel::sql_query(sql).get_result::<N>(c)?.n))
        .await
        .unwrap()
}

both!(
    the_interlink_catalogue_is_imported_once_and_faithfully,
    |app| async move {
        let Some(dir) = catalogue() else { return };
        let first = import(&app, dir.clone(), false).await;
        assert_eq!(
            (
                first.created,
                first.updated,
                first.unchanged,
                first.problems.len()
            ),
            (78, 0, 0, 0)
        );
        let again = import(&app, dir.clone(), false).await;
        assert_eq!(
            (again.created, again.updated, again.unchanged),
            (0, 0, 78),
            "importing twice changes nothing"
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) AS n FROM practices WHERE status = 'published'"
            )
            .await,
            78
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) AS n FROM organisations WHERE name = 'INTERLINK project'"
            )
            .await,
            1
        );
        // A few fields against the source files.
        let source: serde_json::Value = serde_json::from_slice(
            &std::fs::read(dir.join("interlinkers/knowledge/Business-Model-Canvas/metadata.json"))
                .unwrap(),
        )
        .unwrap();
        let lv = source["name_translations"]["lv"]
            .as_str()
            .unwrap()
            .to_owned();
        let got = app
            .db
            .run(|c| {
                let p = pspm_backend::db::practice::Practice::find_by_slug(
                    c,
                    "interlink:business_model_canvas",
                )?
                .expect("imported");
                Ok((
                    p.clone(),
                    pspm_backend::db::practice::Practice::texts(c, p.id)?,
                    pspm_backend::db::practice::Practice::tags(c, p.id)?,
                ))
            })
            .await
            .unwrap();
        let (practice, texts, tags) = got;
        assert_eq!(practice.licence.as_deref(), source["licence"].as_str());
        assert_eq!(practice.level.as_deref(), Some("eu"));
        assert_eq!(practice.original_language, "en");
        assert_eq!(
            texts.iter().map(|t| t.lang.as_str()).collect::<Vec<_>>(),
            ["en", "es", "it", "lv"]
        );
        assert_eq!(texts.iter().find(|t| t.lang == "lv").unwrap().title, lv);
        assert!(
            tags.contains(&"canvas".to_owned())
                && tags.contains(&"problem:sus_problem_1".to_owned())
        );
        // HTML in the source becomes plain text.
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM practice_texts WHERE summary LIKE '%<p>%' OR summary LIKE '%&amp;%'").await, 0);
        assert_eq!(app.audit_count("practice.import").await, 2);
    }
);

both!(
    a_broken_entry_imports_nothing_unless_asked_to_skip_it,
    |app| async move {
        let Some(dir) = catalogue() else { return };
        let copy = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("cp")
            .arg("-r")
            .arg(dir.join("interlinkers"))
            .arg(copy.path())
            .status()
            .unwrap();
        assert!(status.success());
        let broken = copy
            .path()
            .join("interlinkers/knowledge/Business-Model-Canvas/metadata.json");
        std::fs::write(&broken, b"{\"id\": \"business_model_canvas\", ").unwrap();
        let report = import(&app, copy.path().to_path_buf(), false).await;
        assert_eq!(report.problems.len(), 1);
        assert_eq!(
            report.problems[0].entry,
            "interlinkers/knowledge/Business-Model-Canvas"
        );
        assert!(
            report.problems[0].reason.contains("not valid JSON"),
            "{}",
            report.problems[0].reason
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) AS n FROM practices").await,
            0,
            "nothing imported"
        );
        let report = import(&app, copy.path().to_path_buf(), true).await;
        assert_eq!(report.created, 77);
        assert!(interlink::read(std::path::Path::new("/nonexistent")).is_err());
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM practices").await, 77);
    }
);

both!(
    the_catalogue_searches_full_text_with_facets,
    |app| async move {
        let Some(dir) = catalogue() else { return };
        import(&app, dir.clone(), false).await;
        let client = app.client();
        // Facet counts against the source files, counted another way.
        let mut eu = 0;
        let mut public_domain = 0;
        for kind in std::fs::read_dir(dir.join("interlinkers"))
            .unwrap()
            .flatten()
        {
            for e in std::fs::read_dir(kind.path()).unwrap().flatten() {
                let v: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(e.path().join("metadata.json")).unwrap())
                        .unwrap();
                let scopes: Vec<&str> = v["administrative_scopes"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                    .unwrap_or_default();
                if scopes.contains(&"eu") {
                    eu += 1;
                }
                if v["licence"] == "public_domain" {
                    public_domain += 1;
                }
            }
        }
        let all = client.get("/api/v1/practices").await.json();
        assert_eq!(all["total"], 78);
        let facet = |f: &serde_json::Value, k: &str, v: &str| {
            f[k].as_array()
                .unwrap()
                .iter()
                .find(|p| p[0] == v)
                .map(|p| p[1].as_i64().unwrap())
                .unwrap_or(0)
        };
        assert_eq!(facet(&all["facets"], "level", "eu"), eu);
        assert_eq!(
            facet(&all["facets"], "licence", "public_domain"),
            public_domain
        );
        // Full text: every word must match, matched words are marked.
        let r = client
            .get("/api/v1/practices?q=business%20canvas")
            .await
            .json();
        assert!(r["total"].as_i64().unwrap() >= 1);
        let titles: Vec<_> = r["practices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["title"].as_str().unwrap().to_owned())
            .collect();
        assert!(
            titles.contains(&"Business Model Canvas".to_owned()),
            "{titles:?}"
        );
        assert!(
            r["practices"][0]["summary"]
                .as_str()
                .unwrap()
                .contains("[[")
        );
        // Facets combine with the words and narrow the counts.
        let narrowed = client
            .get("/api/v1/practices?q=canvas&licence=public_domain")
            .await
            .json();
        let canvas = client.get("/api/v1/practices?q=canvas").await.json();
        let canvas_public = canvas["practices"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["licence"] == "public_domain")
            .count();
        assert_eq!(
            narrowed["total"].as_i64().unwrap(),
            canvas_public as i64,
            "the facet narrows exactly"
        );
        assert!(
            canvas["total"].as_i64().unwrap() <= 20,
            "one page holds every canvas result"
        );
        assert!(
            narrowed["practices"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["licence"] == "public_domain")
        );
        // Any input is safe: operators, quotes, long strings, other scripts.
        let long = "x".repeat(5000);
        for q in [
            "\"canvas",
            "canvas OR NOT -model*",
            "NEAR(a b)",
            "'; DROP TABLE practices; --",
            &long,
            "Ελληνικά 中文 кириллица",
            "a:b ^c",
        ] {
            let path = format!(
                "/api/v1/practices?q={}",
                form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
            );
            let r = client.get(&path).await;
            assert_eq!(r.status, axum::http::StatusCode::OK, "{q}: {}", r.text());
        }
        assert_eq!(
            client.get("/api/v1/practices?sort=random").await.json()["errors"][0]["field"],
            "sort"
        );
        // Sort by title and pages of 20.
        let page2 = client
            .get("/api/v1/practices?sort=title&page=2")
            .await
            .json();
        assert_eq!(page2["practices"].as_array().unwrap().len(), 20);
        // Language fallback: an entry without a Latvian text shows the original with a note.
        let lv = client
            .get("/api/v1/practices?lang=lv&sort=title&page=1")
            .await
            .json();
        assert!(
            lv["practices"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["lang"] == "lv")
        );
        let all_lv: Vec<serde_json::Value> = {
            let mut v = Vec::new();
            for page in 1..=4 {
                v.extend(
                    client
                        .get(&format!("/api/v1/practices?lang=lv&sort=title&page={page}"))
                        .await
                        .json()["practices"]
                        .as_array()
                        .unwrap()
                        .clone(),
                );
            }
            v
        };
        let fallback = all_lv
            .iter()
            .find(|p| p["fallback"] == true)
            .expect("some entries lack Latvian");
        assert_eq!(fallback["lang"], "en");
        // The pages.
        let page = client.get("/practices?q=canvas&level=eu").await;
        assert_eq!(page.status, axum::http::StatusCode::OK);
        let html = page.text();
        assert!(html.contains("<mark>") && html.contains("Remove the filter"));
        let id = fallback["id"].as_i64().unwrap();
        client.get("/lang/lv?next=/").await;
        let practice = client.get(&format!("/practices/{id}")).await.text();
        assert!(
            practice.contains("Nav pieejams Jūsu valodā"),
            "the fallback note in Latvian"
        );
        assert_eq!(
            client.get("/practices/999999").await.status,
            axum::http::StatusCode::NOT_FOUND
        );
    }
);

both!(
    adoptions_count_only_once_the_owner_confirms,
    |app| async move {
        let Some(dir) = catalogue() else { return };
        import(&app, dir, false).await;
        let member = app.client_as(pspm_backend::domain::Role::Member).await;
        let admin = app.client_as(pspm_backend::domain::Role::Admin).await;
        let canvas = member
            .get("/api/v1/practices?q=business%20model%20canvas")
            .await
            .json()["practices"][0]["id"]
            .as_i64()
            .unwrap();
        let body = serde_json::json!({"adopted_on": "2026-03-01", "context": "Laboratorio con i comuni", "outcome": "Tre servizi riprogettati"});
        // Bad input first: nothing stored.
        let bad = member
            .post_json(
                &format!("/api/v1/practices/{canvas}/adoptions"),
                &serde_json::json!({"adopted_on": "2999-01-01", "context": "", "outcome": "x"}),
            )
            .await;
        let fields: Vec<_> = bad.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(fields, ["adopted_on", "context"]);
        let r = member
            .post_json(&format!("/api/v1/practices/{canvas}/adoptions"), &body)
            .await;
        assert_eq!(r.status, axum::http::StatusCode::CREATED, "{}", r.text());
        let adoption = r.json()["adoption_id"].as_i64().unwrap();
        assert_eq!(
            member
                .post_json(&format!("/api/v1/practices/{canvas}/adoptions"), &body)
                .await
                .error_code(),
            "already_declared"
        );
        // Pending: not counted, not listed.
        assert_eq!(
            member
                .get(&format!("/api/v1/practices/{canvas}"))
                .await
                .json()["practice"]["adoptions"]
                .as_array()
                .unwrap()
                .len(),
            0
        );
        // Only the owner organisation (nobody here) or an administrator decides.
        assert_eq!(
            decide(&member, adoption, "confirm").await.status,
            axum::http::StatusCode::FORBIDDEN
        );
        assert!(
            admin
                .get("/adoptions")
                .await
                .text()
                .contains("Laboratorio con i comuni")
        );
        assert_eq!(
            decide(&admin, adoption, "maybe").await.status,
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            decide(&admin, adoption, "confirm").await.status,
            axum::http::StatusCode::NO_CONTENT
        );
        assert_eq!(
            decide(&admin, adoption, "reject").await.error_code(),
            "already_decided"
        );
        let detail = member
            .get(&format!("/api/v1/practices/{canvas}"))
            .await
            .json();
        assert_eq!(
            detail["practice"]["adoptions"][0]["organisation"],
            "Ministero di Prova"
        );
        let top = member
            .get("/api/v1/practices?sort=most_adopted")
            .await
            .json();
        assert_eq!(top["practices"][0]["id"], canvas);
        assert_eq!(top["practices"][0]["adoptions"], 1);
        assert!(
            member
                .get(&format!("/practices/{canvas}"))
                .await
                .text()
                .contains("Confirmed adoptions (1)")
        );
        // Through the page: errors re-shown, then declared and rejected.
        let other = member.get("/api/v1/practices?sort=title").await.json()["practices"][1]["id"]
            .as_i64()
            .unwrap();
        let r = member
            .post_form(
                &format!("/practices/{other}/adoptions"),
                &[("adopted_on", "domani"), ("context", "x"), ("outcome", "y")],
            )
            .await;
        assert_eq!(r.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("Enter Adopted on as a date"));
        let r = member
            .post_form(
                &format!("/practices/{other}/adoptions"),
                &[
                    ("adopted_on", "01/02/2026"),
                    ("context", "Prova"),
                    ("outcome", "Buono"),
                ],
            )
            .await;
        assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER);
        let pending = admin
            .get("/api/v1/practices?sort=most_adopted")
            .await
            .json();
        assert_eq!(
            pending["practices"][1]["adoptions"], 0,
            "pending adoptions do not count"
        );
        let list = admin.get("/adoptions").await.text();
        assert!(list.contains("Prova"));
        let id = app
            .db
            .run(|c| {
                use diesel::prelude::*;
                use pspm_backend::db::schema::practice_adoptions as a;
                Ok(a::table
                    .filter(a::status.eq("pending"))
                    .select(a::id)
                    .first::<i32>(c)?)
            })
            .await
            .unwrap();
        assert_eq!(
            admin
                .post_form(
                    &format!("/adoptions/{id}/decision"),
                    &[("decision", "reject")]
                )
                .await
                .status,
            axum::http::StatusCode::SEE_OTHER
        );
        assert_eq!(
            member
                .post_form(
                    &format!("/practices/{other}/adoptions"),
                    &[
                        ("adopted_on", "2026-02-01"),
                        ("context", "Di nuovo"),
                        ("outcome", "Meglio")
                    ]
                )
                .await
                .status,
            axum::http::StatusCode::SEE_OTHER,
            "after a rejection the claim can be made again"
        );
        assert_eq!(app.audit_count("adoption.decide").await, 2);
    }
);

async fn decide(c: &pspm_tests::TestClient, adoption: i64, d: &str) -> pspm_tests::TestResponse {
    c.post_json(
        &format!("/api/v1/adoptions/{adoption}/decision"),
        &serde_json::json!({"decision": d}),
    )
    .await
}
