//! Every page passes the accessibility audit in every language, and the
//! keyboard reaches the skip link first.

use pspm_backend::domain::Role;
use pspm_tests::browser::{assert_accessible, start_with_app};
use pspm_tests::plans::{large_plan, with_demo_plans};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_the_accessibility_audit_and_works_by_keyboard() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    let org = app.org_id;
    let user = app.users["member"].0;

    // The audit itself works: a page with known faults fails it.
    browser
        .goto("data:text/html,<html><body><img src='x.png'><a href='#'></a></body></html>")
        .await;
    let known = browser.axe().await;
    assert!(
        known.iter().any(|v| v.starts_with("image-alt")),
        "axe finds a missing alt text: {known:?}"
    );
    assert!(
        known.iter().any(|v| v.starts_with("html-has-lang")),
        "{known:?}"
    );

    let mut failures = Vec::new();
    let anonymous = ["/", "/sign-in", "/no-such-page"];
    for path in anonymous {
        browser.goto(&format!("{base}{path}")).await;
        browser.audit(path, &mut failures).await;
    }
    // The first Tab reaches the skip link, which leads to the main content.
    browser.goto(&format!("{base}/")).await;
    browser
        .client
        .active_element()
        .await
        .expect("active element")
        .send_keys("\u{E004}")
        .await
        .expect("tab");
    let focused = browser
        .client
        .execute("return document.activeElement.className", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "skip-link", "the skip link is the first stop");

    // An invalid form, as re-shown.
    browser.goto(&format!("{base}/sign-in")).await;
    browser.click("main button[type=submit]").await;
    browser.audit("/sign-in (errors)", &mut failures).await;

    let ids = with_demo_plans(&app).await;
    let large = large_plan(&app.client_as(Role::Planner).await).await;
    // A file, for the files page and its own page.
    let file = app
        .client_as(Role::Admin)
        .await
        .post_multipart(
            &format!("/api/v1/practices/{}/attachments", ids.practice),
            &[("title", "Scheda"), ("lang", "it")],
            Some(("scheda.txt", "Scheda della pratica.".as_bytes())),
        )
        .await
        .json()["attachment"]["id"]
        .as_i64()
        .expect("a file attached");
    browser.sign_in(&base, "admin@test.example").await;
    let signed_in = [
        format!("/practices/{}/files", ids.practice),
        format!("/attachments/{file}/edit?back=/"),
        "/plans".to_string(),
        "/plans/import".to_string(),
        "/practices".to_string(),
        "/practices?q=canvas".to_string(),
        format!("/practices/{}", ids.practice),
        format!("/practices/{}/edit", ids.practice),
        format!("/practices/{}/texts", ids.practice),
        "/practices/new".to_string(),
        "/practices/manage".to_string(),
        "/dashboards".to_string(),
        "/dashboards/participation".to_string(),
        "/dashboards/quality".to_string(),
        format!("/dashboards/impact?plan={}", ids.plan),
        "/dashboards/practices".to_string(),
        "/adoptions".to_string(),
        format!("/indicators/{}/edit", ids.indicator),
        format!("/plans/{}", ids.plan),
        format!("/plans/{}?branch={}", ids.plan, ids.node),
        format!("/plans/{large}"),
        format!("/plans/{}/versions?from=1&to=1", ids.plan),
        format!("/plans/{}/versions/1", ids.plan),
        format!("/plans/{}/edit", ids.plan),
        format!("/nodes/{}/edit", ids.node),
        format!("/nodes/{}/indicators/new", ids.node),
        format!("/indicators/{}/measurements/new", ids.indicator),
        "/".to_string(),
        "/account".into(),
        "/account/tokens".into(),
        "/admin/organisations".into(),
        "/admin/organisations/new".into(),
        format!("/admin/organisations/{org}/edit"),
        "/admin/users".into(),
        "/admin/users/new".into(),
        format!("/admin/users/{user}/edit"),
    ];
    for lang in ["en", "it", "es", "lv"] {
        browser.goto(&format!("{base}/lang/{lang}?next=/")).await;
        for path in &signed_in {
            browser.goto(&format!("{base}{path}")).await;
            browser
                .screenshot(&format!("{lang}{}", path.replace('/', "_")))
                .await;
            browser
                .audit(&format!("{lang} {path}"), &mut failures)
                .await;
        }
    }
    browser.goto(&format!("{base}/practices/new")).await;
    browser.click("main form.form button[type=submit]").await;
    browser
        .audit("/practices/new (errors)", &mut failures)
        .await;
    browser.goto(&format!("{base}/admin/users/new")).await;
    browser.click("main button[type=submit]").await;
    browser.screenshot("errors_admin_users_new").await;
    browser
        .audit("/admin/users/new (errors)", &mut failures)
        .await;
    browser.finish().await;
    assert_accessible(&failures);
}
