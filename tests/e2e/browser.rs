//! Browser tests in real headless Chromium against a real listener: sign in,
//! switch language, create an organisation, keyboard use, and an axe-core
//! accessibility audit of every page.

use pspm_tests::browser::Browser;
use pspm_tests::{Backend, PASSWORD, TestApp};

async fn sign_in(browser: &Browser, base: &str, email: &str) {
    browser.goto(&format!("{base}/sign-in")).await;
    browser.fill("#field-email", email).await;
    browser.fill("#field-password", PASSWORD).await;
    browser.click("main button[type=submit]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_signs_in_switches_language_and_creates_an_organisation() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let base = app.serve().await;

    // A wrong password first: the form comes back with the message.
    browser.goto(&format!("{base}/sign-in")).await;
    browser.fill("#field-email", "admin@test.example").await;
    browser.fill("#field-password", "not-the-password").await;
    browser.click("main button[type=submit]").await;
    assert!(
        browser
            .text(".error-summary")
            .await
            .contains("The email address or password is wrong.")
    );

    sign_in(&browser, &base, "admin@test.example").await;
    assert_eq!(browser.path().await, "/");
    assert!(
        browser
            .text(".main-nav")
            .await
            .contains("Sign out (Test admin)")
    );

    // Switch to Italian from the header.
    browser.click(".lang-switcher a[lang=it]").await;
    assert_eq!(browser.path().await, "/");
    assert!(browser.source().await.contains("<html lang=\"it\">"));
    assert!(browser.text(".main-nav").await.contains("Amministrazione"));

    // Create an organisation through the form.
    browser
        .goto(&format!("{base}/admin/organisations/new"))
        .await;
    browser.fill("#field-name", "Regione Toscana").await;
    browser.select("#field-kind", "region").await;
    browser.select("#field-level", "regional").await;
    browser.fill("#field-territory_code", "ITI1").await;
    browser.click("main button[type=submit]").await;
    assert_eq!(browser.path().await, "/admin/organisations?saved=1");
    let table = browser.text("table").await;
    assert!(
        table.contains("Regione Toscana") && table.contains("ITI1"),
        "{table}"
    );
    assert!(table.contains("Regione"), "kind shown in Italian");

    // Bad input: the form is re-shown with the field's message, focusable summary.
    browser
        .goto(&format!("{base}/admin/organisations/new"))
        .await;
    browser.click("main button[type=submit]").await;
    let summary = browser.text(".error-summary").await;
    assert!(!summary.is_empty() && !summary.contains('⟦'), "{summary}");

    browser.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_the_accessibility_audit_and_works_by_keyboard() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let base = app.serve().await;
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
        for v in browser.axe().await {
            failures.push(format!("{path}: {v}"));
        }
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
    for v in browser.axe().await {
        failures.push(format!("/sign-in (errors): {v}"));
    }

    sign_in(&browser, &base, "admin@test.example").await;
    let signed_in = [
        "/".to_string(),
        "/account".into(),
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
            for v in browser.axe().await {
                failures.push(format!("{lang} {path}: {v}"));
            }
        }
    }
    browser.goto(&format!("{base}/admin/users/new")).await;
    browser.click("main button[type=submit]").await;
    browser.screenshot("errors_admin_users_new").await;
    for v in browser.axe().await {
        failures.push(format!("/admin/users/new (errors): {v}"));
    }
    browser.finish().await;
    assert!(
        failures.is_empty(),
        "accessibility violations:\n{}",
        failures.join("\n")
    );
}
