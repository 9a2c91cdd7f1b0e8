//! Files on plans and nodes, through the API and the edit page: a planner
//! uploads a PDF to an action, readers of the plan download the same bytes
//! as an attachment that no browser renders; disguised, oversized and
//! unauthorised uploads are refused with nothing stored; a draft's files are
//! not found by outsiders; every change is audited.

use axum::http::{StatusCode, header};
use pspm_backend::config::Config;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::plans::{publish, sample};
use serde_json::json;

/// A small but real PDF (one empty page).
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

both!(
    files_are_attached_downloaded_and_refused,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let (plan, ids) = sample(&planner).await;
        let action = ids[4];
        let stored = "SELECT COUNT(*) AS n FROM attachments";
        let url = format!("/api/v1/nodes/{action}/attachments");
        let fields = [("title", "Relazione di avanzamento"), ("lang", "it")];

        let r = planner
            .post_multipart(&url, &fields, Some(("relazione.pdf", PDF)))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let a = r.json()["attachment"].clone();
        assert_eq!(
            (
                a["kind"].as_str(),
                a["media_type"].as_str(),
                a["size_bytes"].as_i64()
            ),
            (Some("PDF"), Some("application/pdf"), Some(PDF.len() as i64))
        );
        assert_eq!(a["sha256"].as_str().unwrap().len(), 64);
        let id = a["id"].as_i64().unwrap();
        assert_eq!(app.audit_count("attachment.create").await, 1);
        // The uploader's data export names it.
        let mine = planner.get("/api/v1/me/export").await.json();
        assert_eq!(mine["files_uploaded"][0]["id"], id);
        assert_eq!(mine["files_uploaded"][0]["file_name"], "relazione.pdf");

        // Refused, each with its reason on the field, and nothing stored.
        let html = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>";
        for (file, code) in [
            (Some(("relazione.pdf", &html[..])), "file_type"),
            (Some(("grafico.png", PDF)), "file_type"),
            (Some(("vuoto.pdf", &b""[..])), "file_empty"),
            (None, "file_missing"),
        ] {
            let r = planner.post_multipart(&url, &fields, file).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
            assert_eq!(r.error_fields_and_codes(), [(json!("file"), json!(code))]);
        }
        let r = planner
            .post_multipart(
                &url,
                &[("title", " "), ("lang", "de")],
                Some(("a.pdf", PDF)),
            )
            .await;
        assert_eq!(r.error_fields(), ["title", "lang"]);
        let small = Config {
            max_upload_mb: 1,
            ..Config::default()
        };
        let (_, limited) = app.server_with(small);
        limited
            .sign_in(&app.users["planner"].1, pspm_tests::PASSWORD)
            .await;
        let big = [PDF, &vec![b'0'; 1_200_000]].concat();
        let r = limited
            .post_multipart(&url, &fields, Some(("grande.pdf", &big)))
            .await;
        assert_eq!(
            r.error_fields_and_codes(),
            [(json!("file"), json!("file_too_large"))]
        );
        // A member of the organisation reads the plan but does not edit it.
        let member = app.client_as(Role::Member).await;
        let r = member
            .post_multipart(&url, &fields, Some(("relazione.pdf", PDF)))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(app.count(stored).await, 1);

        // The draft's file: its organisation downloads it, outsiders find nothing.
        let content = format!("/api/v1/attachments/{id}/content");
        let got = member.get(&content).await;
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(got.body, PDF);
        let h = |name| {
            got.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(h(header::CONTENT_TYPE), "application/pdf");
        assert!(
            h(header::CONTENT_DISPOSITION).starts_with("attachment; filename=\"relazione.pdf\"")
        );
        assert_eq!(h(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert!(h(header::CONTENT_SECURITY_POLICY).contains("sandbox"));
        let anonymous = app.client();
        for path in [
            content.clone(),
            format!("/api/v1/attachments/{id}"),
            url.clone(),
            format!("/attachments/{id}"),
        ] {
            assert_eq!(
                anonymous.get(&path).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }

        // The open data describe the files of public plans only.
        let sha = a["sha256"].as_str().unwrap().to_owned();
        let (od_state, od_client) = app.server_with(Config {
            open_data_rebuild_secs: 0,
            ..Config::default()
        });
        let in_open_data = async || {
            // The last archive is served while a newer one is built: ask, let
            // it be built, ask again.
            pspm_tests::open_data::download(&od_state, &od_client, &[]).await;
            od_state.open_data.idle().await;
            let r = pspm_tests::open_data::download(&od_state, &od_client, &[]).await;
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body)).expect("a zip");
            let mut csv = String::new();
            std::io::Read::read_to_string(&mut zip.by_name("attachments.csv").unwrap(), &mut csv)
                .unwrap();
            csv.contains(&sha)
        };
        assert!(!in_open_data().await, "a draft's file is not published");

        // Published, the plan page lists it and anyone downloads it.
        publish(&planner, plan).await;
        assert!(in_open_data().await, "a public plan's file is described");
        let page = anonymous.get(&format!("/plans/{plan}")).await.text();
        assert!(
            page.contains(&format!("href=\"/attachments/{id}\""))
                && page.contains("Relazione di avanzamento"),
            "{page}"
        );
        assert!(page.contains("(PDF, 1 kB, Italiano)"), "{page}");
        let got = anonymous.get(&format!("/attachments/{id}")).await;
        assert_eq!((got.status, got.body.as_slice()), (StatusCode::OK, PDF));

        // Retitled and removed, each audited.
        let r = planner
            .patch_json(
                &format!("/api/v1/attachments/{id}"),
                &json!({"title": "Relazione 2026", "lang": "en"}),
            )
            .await;
        assert_eq!(r.json()["attachment"]["title"], "Relazione 2026");
        let r = planner
            .patch_json(
                &format!("/api/v1/attachments/{id}"),
                &json!({"title": "", "lang": "en"}),
            )
            .await;
        assert_eq!(r.error_fields(), ["title"]);
        assert_eq!(app.audit_count("attachment.update").await, 1);
        let list = anonymous.get(&url).await.json();
        assert_eq!(list["meta"]["total"], 1);
        assert_eq!(list["attachments"][0]["url"], content);
        assert_eq!(
            member
                .delete(&format!("/api/v1/attachments/{id}"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            planner
                .delete(&format!("/api/v1/attachments/{id}"))
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(app.audit_count("attachment.delete").await, 1);
        assert_eq!(app.count(stored).await, 0);
        assert_eq!(anonymous.get(&content).await.status, StatusCode::NOT_FOUND);
    }
);

both!(
    the_edit_page_uploads_and_shows_refusals_by_the_field,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let (plan, ids) = sample(&planner).await;
        // The plan's own edit page takes its annexes.
        let plan_files = format!("/plans/{plan}/attachments");
        let r = planner
            .post_form_multipart(
                &plan_files,
                &[("title", ""), ("lang", "it")],
                Some(("allegato.pdf", PDF)),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text();
        assert!(
            page.contains("id=\"attachment-field-title-error\""),
            "{page}"
        );
        assert!(
            page.contains("value=\"Piano di prova\""),
            "the plan's own form keeps its values"
        );
        let r = planner
            .post_form_multipart(
                &plan_files,
                &[("title", "Allegato tecnico"), ("lang", "it")],
                Some(("allegato.pdf", PDF)),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let page = planner.get(&format!("/plans/{plan}")).await.text();
        assert!(
            page.contains(">Allegato tecnico</a>"),
            "the plan page lists it"
        );
        let api = planner
            .get(&format!("/api/v1/plans/{plan}/attachments"))
            .await
            .json();
        assert_eq!(api["attachments"][0]["title"], "Allegato tecnico");
        let action = ids[4];
        let edit = format!("/nodes/{action}/edit");
        let page = planner.get(&edit).await.text();
        assert!(page.contains("enctype=\"multipart/form-data\"") && page.contains("No files yet."));
        // Its several forms share field names, never element ids.
        let ids: Vec<&str> = page
            .split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(ids.len(), unique.len(), "duplicate ids in {ids:?}");
        // A disguised file comes back on the form, the message by the field.
        let r = planner
            .post_form_multipart(
                &format!("/nodes/{action}/attachments"),
                &[("title", "Verbale"), ("lang", "it")],
                Some(("verbale.pdf", b"<html><body>not a pdf</body></html>")),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text();
        let field = page
            .split("id=\"attachment-field-file-error\"")
            .nth(1)
            .expect("a message by the file field");
        assert!(field.contains("The file must be a PDF"), "{field}");
        assert!(page.contains("value=\"Verbale\""), "the title is kept");
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM attachments").await, 1);
        // A good one: back to the page, listed.
        let r = planner
            .post_form_multipart(
                &format!("/nodes/{action}/attachments"),
                &[("title", "Verbale"), ("lang", "it")],
                Some(("verbale.pdf", PDF)),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert!(r.location().starts_with(&edit));
        let page = planner.get(&edit).await.text();
        assert!(page.contains(">Verbale</a>") && page.contains("(PDF, 1 kB, Italiano)"));
        // Without the form's token nothing is stored.
        let r = planner
            .post_multipart(
                &format!("/nodes/{action}/attachments"),
                &[("csrf", "forged"), ("title", "X"), ("lang", "it")],
                Some(("x.pdf", PDF)),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM attachments").await, 2);
        // Its own page retitles it; a blank title comes back by the field.
        let id = app
            .count("SELECT CAST(MAX(id) AS BIGINT) AS n FROM attachments")
            .await;
        let back = format!("{edit}#attachments");
        let page = planner
            .get(&format!(
                "/attachments/{id}/edit?back=%2Fnodes%2F{action}%2Fedit%23attachments"
            ))
            .await
            .text();
        assert!(page.contains("value=\"Verbale\"") && page.contains("Remove the file"));
        let describe = format!("/attachments/{id}/describe");
        let r = planner
            .post_form(
                &describe,
                &[("title", " "), ("lang", "it"), ("back", &back)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("id=\"field-title-error\""));
        let r = planner
            .post_form(
                &describe,
                &[
                    ("title", "Verbale del 3 marzo"),
                    ("lang", "it"),
                    ("back", &back),
                ],
            )
            .await;
        assert_eq!(r.location(), back);
        assert!(
            planner
                .get(&edit)
                .await
                .text()
                .contains(">Verbale del 3 marzo</a>")
        );
        let r = planner
            .post_form(&format!("/attachments/{id}/delete"), &[("back", &back)])
            .await;
        assert_eq!(r.location(), back);
        assert!(planner.get(&edit).await.text().contains("No files yet."));
    }
);

both!(
    practices_and_consultations_carry_files_too,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let outsider = pspm_tests::practices::region_member(&app).await;
        let body = pspm_tests::practices::practice(
            "Sportello unico",
            "Un solo sportello.",
            "regional",
            "digital",
            &[9],
            &["sportello"],
        );
        let practice = pspm_tests::practices::create(&member, &body).await;
        let url = format!("/api/v1/practices/{practice}/attachments");
        let fields = [("title", "Scheda del progetto"), ("lang", "it")];
        // Its organisation attaches the report while the practice is a draft.
        let r = member
            .post_multipart(&url, &fields, Some(("scheda.pdf", PDF)))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let id = r.json()["attachment"]["id"].as_i64().unwrap();
        let content = format!("/api/v1/attachments/{id}/content");
        assert_eq!(outsider.get(&content).await.status, StatusCode::NOT_FOUND);
        // Published, everyone reads it; its organisation no longer changes it
        // unreviewed, administrators still do.
        pspm_tests::practices::publish(&member, &admin, practice).await;
        assert_eq!(outsider.get(&content).await.body, PDF);
        let r = member
            .post_multipart(&url, &fields, Some(("altro.pdf", PDF)))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let page = app
            .client()
            .get(&format!("/practices/{practice}/files"))
            .await
            .text();
        assert!(
            page.contains(">Scheda del progetto</a>") && !page.contains("enctype"),
            "{page}"
        );
        assert!(
            app.client()
                .get(&format!("/practices/{practice}"))
                .await
                .text()
                .contains(&format!("href=\"/practices/{practice}/files\""))
        );

        // A consultation's background document, from its files page.
        let planner = app.client_as(Role::Planner).await;
        let s = pspm_tests::consultations::setup(&planner, json!({})).await;
        let files = format!("/consultations/{}/files", s.consultation);
        let page = planner.get(&files).await.text();
        assert!(
            page.contains("enctype=\"multipart/form-data\""),
            "the planner gets the form"
        );
        let upload = format!("/consultations/{}/attachments", s.consultation);
        let r = planner
            .post_form_multipart(
                &upload,
                &[("title", "Documento di base"), ("lang", "it")],
                Some(("base.txt", &b"\x00\x01binary"[..])),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("id=\"attachment-field-file-error\""));
        let r = planner
            .post_form_multipart(
                &upload,
                &[("title", "Documento di base"), ("lang", "it")],
                Some(("base.txt", "Testo del documento di base.".as_bytes())),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let page = member.get(&files).await.text();
        assert!(
            page.contains(">Documento di base</a>") && page.contains("(TXT, 1 kB, Italiano)"),
            "{page}"
        );
        assert!(!page.contains("enctype"), "a member reads, does not upload");
        let r = member
            .post_form_multipart(
                &upload,
                &[("title", "X"), ("lang", "it")],
                Some(("x.txt", &b"x"[..])),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let list = app
            .client()
            .get(&format!(
                "/api/v1/consultations/{}/attachments",
                s.consultation
            ))
            .await
            .json();
        assert_eq!(list["meta"]["total"], 1);
        assert_eq!(app.audit_count("attachment.create").await, 2);
        // Both are public now, and described in the open data.
        let (state, client) = app.server_with(Config {
            open_data_rebuild_secs: 0,
            ..Config::default()
        });
        pspm_tests::open_data::download(&state, &client, &[]).await;
        state.open_data.idle().await;
        let r = pspm_tests::open_data::download(&state, &client, &[]).await;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body)).expect("a zip");
        let mut csv = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("attachments.csv").unwrap(), &mut csv)
            .unwrap();
        assert!(
            csv.contains(&format!("practice,{practice},Scheda del progetto"))
                && csv.contains(&format!(
                    "consultation,{},Documento di base",
                    s.consultation
                )),
            "{csv}"
        );
    }
);
