//! Good practices: the INTERLINK catalogue import (real data from
//! `../shared/data/interlink-catalogue`).

use std::path::PathBuf;

use pspm_backend::services::interlink;
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
        let missing = app
            .db
            .run(|c| {
                let entries = interlink::read(std::path::Path::new("/nonexistent"));
                Ok(entries.is_err())
            })
            .await
            .unwrap();
        assert!(missing);
        let _ = count(&app, "SELECT COUNT(*) AS n FROM practice_tags").await;
    }
);
