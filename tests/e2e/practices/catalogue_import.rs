//! The INTERLINK catalogue import (real data from
//! `../shared/data/interlink-catalogue`): once, faithfully, and all or nothing.

use pspm_backend::seed::interlink;
use pspm_tests::both;
use pspm_tests::practices::{catalogue, import_catalogue};

both!(
    the_interlink_catalogue_is_imported_once_and_faithfully,
    |app| async move {
        let Some(dir) = catalogue("INTERLINK import test") else {
            return;
        };
        let first = import_catalogue(&app, dir.clone(), false).await;
        assert_eq!(
            (
                first.created,
                first.updated,
                first.unchanged,
                first.problems.len()
            ),
            (78, 0, 0, 0)
        );
        let again = import_catalogue(&app, dir.clone(), false).await;
        assert_eq!(
            (again.created, again.updated, again.unchanged),
            (0, 0, 78),
            "importing twice changes nothing"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM practices WHERE status = 'published'")
                .await,
            78
        );
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM organisations WHERE name = 'INTERLINK project'")
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
        // INTERLINK's kind of licence, as its SPDX `LicenseRef-` identifier.
        assert_eq!(
            practice.licence.as_deref(),
            source["licence"]
                .as_str()
                .and_then(pspm_frontend::licences::spdx_id)
        );
        assert!(
            practice
                .licence
                .as_deref()
                .is_some_and(|l| l.starts_with("LicenseRef-"))
        );
        assert_eq!(practice.level, Some(pspm_backend::domain::OrgLevel::Eu));
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
        // Its instructions.md is the "How to use it" text of its original
        // language, and the addresses there are among its links.
        let original = texts.iter().find(|t| t.lang == "en").unwrap();
        let canvas = "https://diytoolkit.org/tools/business-model-canvas/";
        assert!(
            original
                .how_to_use
                .starts_with("This canvas can be used collaboratively")
                && original.how_to_use.contains(canvas),
            "{}",
            original.how_to_use
        );
        assert!(
            texts
                .iter()
                .filter(|t| t.lang != "en")
                .all(|t| t.how_to_use.is_empty())
        );
        assert!(practice.links.contains(canvas), "{}", practice.links);
        let page = app
            .client()
            .get(&format!("/practices/{}", practice.id))
            .await
            .text();
        assert!(page.contains(">How to use it</h2>"), "{page}");
        assert!(
            page.contains(&format!(
                "<a href=\"{canvas}\" rel=\"noopener\">{canvas}</a>"
            )),
            "{page}"
        );
        // Every entry whose instructions say more than their title line has them.
        let said = std::fs::read_dir(dir.join("interlinkers"))
            .unwrap()
            .flat_map(|kind| std::fs::read_dir(kind.unwrap().path()).unwrap())
            .filter(|entry| {
                std::fs::read_to_string(entry.as_ref().unwrap().path().join("instructions.md"))
                    .unwrap_or_default()
                    .lines()
                    .any(|l| !l.trim().is_empty() && !l.starts_with("# How to use this"))
            })
            .count();
        assert!(said > 50, "{said}");
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM practice_texts WHERE how_to_use <> ''")
                .await,
            said as i64
        );
        // HTML in the source becomes plain text.
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM practice_texts WHERE summary LIKE '%<p>%' OR summary LIKE '%&amp;%'").await, 0);
        assert_eq!(app.audit_count("practice.import").await, 2);
    }
);

both!(
    a_broken_entry_imports_nothing_unless_asked_to_skip_it,
    |app| async move {
        let Some(dir) = catalogue("INTERLINK import test") else {
            return;
        };
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
        let report = import_catalogue(&app, copy.path().to_path_buf(), false).await;
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
            app.count("SELECT COUNT(*) AS n FROM practices").await,
            0,
            "nothing imported"
        );
        let report = import_catalogue(&app, copy.path().to_path_buf(), true).await;
        assert_eq!(report.created, 77);
        assert!(interlink::read(std::path::Path::new("/nonexistent")).is_err());
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM practices").await, 77);
    }
);
