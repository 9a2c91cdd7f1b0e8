//! Pages: every page in every language, language choice, error pages, assets,
//! escaping of user text.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::{TestApp, both};
use serde_json::json;

/// Every page, with the role that can see it (after `with_demo_plans`).
fn every_page(
    app: &TestApp,
    ids: &PlanIds,
    consultation: &crate::consultations::Setup,
) -> Vec<(Option<Role>, String)> {
    let (k, kp) = (consultation.consultation, consultation.plan);
    let org = app.org_id;
    let user = app.users["member"].0;
    let PlanIds {
        plan,
        node,
        indicator,
        practice,
    } = *ids;
    vec![
        (None, "/practices".into()),
        (None, "/practices?q=canvas&level=eu".into()),
        (None, format!("/practices/{practice}")),
        (Some(Role::Member), format!("/practices/{practice}")),
        (Some(Role::Admin), "/adoptions".into()),
        (None, "/plans".into()),
        (None, format!("/plans/{plan}")),
        (None, format!("/plans/{plan}/versions?from=1&to=1")),
        (Some(Role::Admin), "/plans/new".into()),
        (Some(Role::Admin), "/plans/import".into()),
        (None, format!("/consultations/{k}")),
        (Some(Role::Member), format!("/consultations/{k}")),
        (None, format!("/consultations/{k}/you-said-we-did")),
        (Some(Role::Admin), format!("/plans/{kp}/consultations/new")),
        (Some(Role::Admin), "/responses".into()),
        (Some(Role::Admin), "/moderation".into()),
        (Some(Role::Member), "/my/contributions".into()),
        (Some(Role::Member), "/notifications".into()),
        (Some(Role::Admin), format!("/indicators/{indicator}/edit")),
        (Some(Role::Admin), format!("/plans/{plan}/edit")),
        (
            Some(Role::Admin),
            format!("/plans/{plan}/nodes/new?kind=area"),
        ),
        (Some(Role::Admin), format!("/nodes/{node}/edit")),
        (Some(Role::Admin), format!("/nodes/{node}/indicators/new")),
        (
            Some(Role::Admin),
            format!("/indicators/{indicator}/measurements/new"),
        ),
        (None, "/".into()),
        (None, "/sign-in".into()),
        (None, "/no-such-page".into()),
        (Some(Role::Member), "/".into()),
        (Some(Role::Member), "/account".into()),
        (Some(Role::Member), "/admin/users".into()),
        (Some(Role::Admin), "/admin/organisations".into()),
        (Some(Role::Admin), "/admin/organisations/new".into()),
        (
            Some(Role::Admin),
            format!("/admin/organisations/{org}/edit"),
        ),
        (Some(Role::Admin), "/admin/users".into()),
        (Some(Role::Admin), "/admin/users/new".into()),
        (Some(Role::Admin), format!("/admin/users/{user}/edit")),
    ]
}

both!(
    every_page_in_every_language_has_no_untranslated_key,
    |app| async move {
        let ids = with_demo_plans(&app).await;
        let consultation = with_contributions(&app).await;
        for lang in ["en", "it", "es", "lv"] {
            for (role, path) in every_page(&app, &ids, &consultation) {
                let client = match role {
                    Some(r) => app.client_as(r).await,
                    None => app.client(),
                };
                let r = client.get(&format!("/lang/{lang}?next=/")).await;
                assert_eq!(r.status, StatusCode::SEE_OTHER);
                let r = client.get(&path).await;
                let html = r.text();
                assert!(html.starts_with("<!DOCTYPE html>"), "{lang} {path}");
                assert!(
                    html.contains(&format!("<html lang=\"{lang}\">")),
                    "{lang} {path}"
                );
                assert!(
                    !html.contains('⟦'),
                    "{lang} {path} shows an untranslated key: {html}"
                );
                assert!(html.contains("href=\"#main\""), "skip link on {path}");
            }
        }
        // Known words prove the catalogue, not the fallback, is used.
        let it = app.client();
        it.get("/lang/it?next=/").await;
        assert!(it.get("/sign-in").await.text().contains("Accedi"));
        let lv = app.client();
        lv.get("/lang/lv?next=/").await;
        assert!(lv.get("/sign-in").await.text().contains("Pieslēgties"));
    }
);

both!(
    language_comes_from_the_cookie_else_accept_language,
    |app| async move {
        let client = app.client();
        client.headers.lock().unwrap().insert(
            "accept-language",
            "es-ES,es;q=0.9,en;q=0.5".parse().unwrap(),
        );
        assert!(client.get("/").await.text().contains("<html lang=\"es\">"));
        let r = client.get("/lang/lv?next=/sign-in").await;
        assert_eq!(r.location(), "/sign-in");
        assert!(
            client.get("/").await.text().contains("<html lang=\"lv\">"),
            "the cookie wins"
        );
        // Unknown languages and foreign return addresses are refused.
        assert_eq!(
            client.get("/lang/de?next=/").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            client.get("/lang/it?next=//evil.example").await.location(),
            "/"
        );
        // A signed-in user's choice is kept on their account (an audited write).
        let member = app.client_as(Role::Member).await;
        member.get("/lang/it?next=/").await;
        assert_eq!(
            member.get("/api/v1/me").await.json()["user"]["locale"],
            "it"
        );
        assert_eq!(app.audit_count("user.set_locale").await, 1);
    }
);

both!(error_pages_are_in_the_layout, |app| async move {
    let r = app.client().get("/no-such-page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let html = r.text();
    assert!(html.contains("Page not found") && html.contains("class=\"site-header\""));
    let member = app.client_as(Role::Member).await;
    let r = member.get("/admin/organisations").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text().contains("You do not have access to this page"));
    let r = app.client().get("/account").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/sign-in?next=%2Faccount");
    let admin = app.client_as(Role::Admin).await;
    assert_eq!(
        admin.get("/admin/organisations/999999/edit").await.status,
        StatusCode::NOT_FOUND
    );
});

both!(
    user_text_is_escaped_on_every_page_that_shows_it,
    |app| async move {
        let admin = app.client_as(Role::Admin).await;
        let evil = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        let r = admin
            .post_json(
                "/api/v1/organisations",
                &json!({"name": evil, "kind": "agency", "level": "national"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
        let id = r.json()["organisation"]["id"].as_i64().unwrap();
        let u = admin
        .post_json("/api/v1/users", &json!({"email": "x@test.example", "display_name": evil, "role": "member", "organisation_id": id, "password": "0123456789ab"}))
        .await;
        assert_eq!(u.status, StatusCode::CREATED);
        let uid = u.json()["user"]["id"].as_i64().unwrap();
        let victim = app.client();
        victim
            .post_json(
                "/api/v1/session",
                &json!({"email": "x@test.example", "password": "0123456789ab"}),
            )
            .await;
        for (client, path) in [
            (&admin, "/admin/organisations".to_string()),
            (&admin, format!("/admin/organisations/{id}/edit")),
            (&admin, "/admin/users".to_string()),
            (&admin, format!("/admin/users/{uid}/edit")),
            (&admin, "/admin/users/new".to_string()),
            (&victim, "/account".to_string()),
            (&victim, "/".to_string()),
        ] {
            let html = client.get(&path).await.text();
            assert!(!html.contains("<script>alert"), "{path} shows raw markup");
            assert!(!html.contains("<img src=x"), "{path} shows raw markup");
            assert!(
                html.contains("&#60;script&#62;alert(1)")
                    || html.contains("&lt;script&gt;alert(1)"),
                "{path} shows the escaped text"
            );
        }
    }
);

/// Ids of a demo plan, one of its nodes and one of its indicators.
#[derive(Debug, Clone, Copy)]
pub struct PlanIds {
    /// The national demo plan.
    pub plan: i64,
    /// A node with an indicator.
    pub node: i64,
    /// That indicator.
    pub indicator: i64,
    /// An imported INTERLINK practice (0 when the catalogue is missing).
    pub practice: i64,
}

/// Loads the demo plans and picks a plan, node and indicator.
pub async fn with_demo_plans(app: &TestApp) -> PlanIds {
    app.db
        .run(pspm_backend::seed::demo::load)
        .await
        .expect("demo loads");
    let client = app.client();
    let plans = client.get("/api/v1/plans").await.json();
    let plan = plans["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["parent_plan_id"].is_null())
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let nodes = client
        .get(&format!("/api/v1/plans/{plan}/nodes"))
        .await
        .json();
    let with = nodes["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| !n["indicators"].as_array().unwrap().is_empty())
        .unwrap()
        .clone();
    let catalogue = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data/interlink-catalogue");
    let practice = if catalogue.join("interlinkers").exists() {
        app.db
            .run(move |c| {
                let entries = pspm_backend::seed::interlink::read(&catalogue)?;
                pspm_backend::seed::interlink::import(c, entries, false, &mut |_, _| {})
            })
            .await
            .expect("catalogue imports");
        client.get("/api/v1/practices?sort=title").await.json()["practices"][0]["id"]
            .as_i64()
            .unwrap()
    } else {
        pspm_tests::skip(
            "practice pages",
            "../shared/data/interlink-catalogue is missing",
        );
        0
    };
    PlanIds {
        plan,
        node: with["id"].as_i64().unwrap(),
        indicator: with["indicators"][0]["id"].as_i64().unwrap(),
        practice,
    }
}

#[tokio::test]
async fn stylesheet_is_served_with_long_cache_headers() {
    let app = TestApp::new(pspm_tests::Backend::Sqlite).await.unwrap();
    let home = app.client().get("/").await.text();
    let href = home
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let r = app.client().get(&href).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "text/css; charset=utf-8");
    assert!(
        r.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=31536000")
    );
    assert!(r.text().contains(":focus-visible"));
    assert_eq!(
        app.client().get("/assets/pspm-old.css").await.status,
        StatusCode::NOT_FOUND
    );
}

/// A plan in consultation with a comment, a proposal, a response and a report.
pub async fn with_contributions(app: &TestApp) -> crate::consultations::Setup {
    let planner = app.client_as(Role::Planner).await;
    let s = crate::consultations::setup(app, &planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let k = s.consultation;
    let c = member
        .post_json(
            &format!("/api/v1/consultations/{k}/contributions"),
            &json!({"kind": "comment", "body": "Un commento"}),
        )
        .await
        .json()["contribution"]["id"]
        .clone();
    member
        .post_json(
            &format!("/api/v1/consultations/{k}/contributions"),
            &json!({"kind": "comment", "body": "Una risposta", "parent_id": c}),
        )
        .await;
    let p = member
        .post_json(&format!("/api/v1/consultations/{k}/contributions"), &json!({"kind": "proposal", "title": "Una proposta", "body": "Testo", "node_id": s.objective}))
        .await
        .json()["contribution"]["id"]
        .clone();
    planner
        .post_json(&format!("/api/v1/contributions/{p}/supports"), &json!({}))
        .await;
    planner
        .put_json(
            &format!("/api/v1/contributions/{c}/response"),
            &json!({"status": "already_planned", "body": "Già previsto"}),
        )
        .await;
    member
        .post_json(
            &format!("/api/v1/contributions/{p}/reports"),
            &json!({"reason": "Prova"}),
        )
        .await;
    s
}

/// The body of a gzip response, decompressed.
fn gunzip(body: &[u8]) -> String {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(body)
        .read_to_string(&mut text)
        .expect("a gzip body");
    text
}

both!(
    pages_and_json_travel_gzip_compressed_to_clients_that_accept_it,
    |app| async move {
        let ids = with_demo_plans(&app).await;
        let plain = app.client();
        let gzip = app.client();
        gzip.headers.lock().unwrap().insert(
            axum::http::header::ACCEPT_ENCODING,
            "br;q=1.0, gzip;q=0.8".parse().unwrap(),
        );
        let refusing = app.client();
        refusing.headers.lock().unwrap().insert(
            axum::http::header::ACCEPT_ENCODING,
            "gzip;q=0, identity".parse().unwrap(),
        );
        // Cached public pages: the compressed copy is the same page.
        // (A short catalogue page compresses less than a plan or a board.)
        for (path, factor) in [
            (format!("/plans/{}", ids.plan), 4),
            ("/dashboards/participation".to_string(), 4),
            ("/practices?sort=title".to_string(), 2),
        ] {
            let want = plain.get(&path).await;
            assert_eq!(want.status, StatusCode::OK);
            assert!(want.headers.get("content-encoding").is_none(), "{path}");
            let got = gzip.get(&path).await;
            assert_eq!(got.status, StatusCode::OK);
            assert_eq!(got.headers["content-encoding"], "gzip", "{path}");
            assert_eq!(got.headers["vary"], "accept-encoding", "{path}");
            assert!(
                got.body.len() * factor < want.body.len(),
                "{path}: compressed"
            );
            assert_eq!(gunzip(&got.body), want.text(), "{path}");
            let refused = refusing.get(&path).await;
            assert!(refused.headers.get("content-encoding").is_none(), "{path}");
            assert_eq!(refused.text(), want.text(), "{path}");
        }
        // Pages rendered for a signed-in reader and API answers are compressed on the way.
        let admin = app.client_as(Role::Admin).await;
        admin
            .headers
            .lock()
            .unwrap()
            .insert(axum::http::header::ACCEPT_ENCODING, "gzip".parse().unwrap());
        let r = admin.get(&format!("/plans/{}", ids.plan)).await;
        assert_eq!(r.headers["content-encoding"], "gzip");
        assert!(
            gunzip(&r.body).contains("action=\"/sign-out\""),
            "the signed-in page"
        );
        let r = admin
            .get(&format!("/api/v1/plans/{}/nodes", ids.plan))
            .await;
        assert_eq!(r.headers["content-encoding"], "gzip");
        let tree: serde_json::Value = serde_json::from_str(&gunzip(&r.body)).unwrap();
        assert!(!tree["nodes"].as_array().unwrap().is_empty());
        // Archives are not compressed twice.
        let r = gzip.get("/api/v1/export/open-data.zip").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.headers.get("content-encoding").is_none());
        assert!(zip::ZipArchive::new(std::io::Cursor::new(r.body)).is_ok());
    }
);
