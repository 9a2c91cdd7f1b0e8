//! An administrator signs in, switches language and creates an organisation.

use pspm_tests::browser::start_with_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_signs_in_switches_language_and_creates_an_organisation() {
    // `_app` keeps the served app's database until the end.
    let Some((browser, _app, base)) = start_with_app().await else {
        return;
    };

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

    browser.sign_in(&base, "admin@test.example").await;
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
