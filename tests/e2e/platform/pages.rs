//! Pages: error pages in the layout, escaped user text, the stylesheet's
//! caching, and compression for clients that accept it.

use axum::http::{StatusCode, header};
use pspm_backend::domain::Role;
use pspm_tests::plans::with_demo_plans;
use pspm_tests::{TestApp, both};
use serde_json::json;

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
        let id = admin
            .create(
                "/api/v1/organisations",
                &json!({"name": evil, "kind": "agency", "level": "national"}),
            )
            .await["organisation"]["id"]
            .as_i64()
            .unwrap();
        let uid = admin
            .create("/api/v1/users", &json!({"email": "x@test.example", "display_name": evil, "role": "member", "organisation_id": id, "password": "0123456789ab"}))
            .await["user"]["id"]
            .as_i64()
            .unwrap();
        let victim = app.signed_in("x@test.example", "0123456789ab").await;
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
        gzip.set_header(header::ACCEPT_ENCODING, "br;q=1.0, gzip;q=0.8");
        let refusing = app.client();
        refusing.set_header(header::ACCEPT_ENCODING, "gzip;q=0, identity");
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
        admin.set_header(header::ACCEPT_ENCODING, "gzip");
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
        let r = pspm_tests::open_data::download(&app.state, &gzip, &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.headers.get("content-encoding").is_none());
        assert!(zip::ZipArchive::new(std::io::Cursor::new(r.body)).is_ok());
    }
);
