//! On a phone (390 px): a member makes a read-only API token from "My
//! account" (the password asked again), sees its secret once, revokes it,
//! and changes their password; each refusal comes back at its own form.

use axum::http::{StatusCode, header};
use pspm_tests::PASSWORD;
use pspm_tests::browser::{assert_accessible, start_with_app};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_makes_and_revokes_a_token_and_changes_the_password() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    browser.resize(390, 844).await;
    let mut failures = Vec::new();
    browser.sign_in(&base, "member@test.example").await;
    browser.goto(&format!("{base}/account")).await;
    browser.click("a[href='/account/tokens']").await;
    assert!(
        browser
            .text("main")
            .await
            .contains("You have no API tokens.")
    );
    browser.audit("tokens, none yet", &mut failures).await;

    // Without a name or the password: both said, at the form.
    let create = "#token-new-title ~ form button[type=submit]";
    browser.click(create).await;
    assert_eq!(browser.fragment().await.as_deref(), Some("token-errors"));
    assert!(browser.in_view("#token-errors").await);
    let summary = browser.text("#token-errors").await;
    assert!(
        summary.contains("Enter a name for the token.")
            && summary.contains("Enter your current password."),
        "{summary}"
    );
    browser.audit("token refused", &mut failures).await;
    browser.fill("#field-name", "Report mensile").await;
    browser.fill("#field-current_password", PASSWORD).await;
    browser.click(create).await;
    let secret = browser.text("#token-secret").await;
    assert!(secret.starts_with("pspm_"), "{secret}");
    let listed = browser.text("#tokens-table").await;
    assert!(
        listed.contains("Report mensile")
            && listed.contains("Read only")
            && listed.contains("never used"),
        "{listed}"
    );
    browser.audit("token made", &mut failures).await;

    // The secret reads through the API and may not write.
    let script = app.client();
    script.set_header(header::AUTHORIZATION, &format!("Bearer {secret}"));
    assert_eq!(script.get("/api/v1/me").await.status, StatusCode::OK);
    let r = script
        .patch_json("/api/v1/me", &json!({"email_frequency": "never"}))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Revoked from the page, it is refused at once.
    browser
        .click("#tokens-table form button[type=submit]")
        .await;
    assert!(
        browser
            .text(".notice")
            .await
            .contains("The token was revoked.")
    );
    assert!(
        browser
            .text("main")
            .await
            .contains("You have no API tokens.")
    );
    assert_eq!(
        script.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );

    // A wrong current password: said next to the field, in view.
    browser.goto(&format!("{base}/account")).await;
    let new = "a-new-password-42";
    browser
        .fill("#password-field-current_password", "not-my-password")
        .await;
    browser.fill("#password-field-new_password", new).await;
    let change = "#password-title ~ form button[type=submit]";
    browser.click(change).await;
    assert!(browser.in_view("#password-errors").await);
    assert!(
        browser
            .text("#password-field-current_password-error")
            .await
            .contains("The password is not right.")
    );
    browser.audit("password refused", &mut failures).await;
    browser
        .fill("#password-field-current_password", PASSWORD)
        .await;
    browser.fill("#password-field-new_password", new).await;
    browser.click(change).await;
    assert_eq!(browser.fragment().await.as_deref(), Some("password"));
    assert!(
        browser
            .text("#password .notice")
            .await
            .contains("Your password was changed.")
    );
    browser.audit("password changed", &mut failures).await;
    // Still signed in here; the new password is the one that works.
    assert!(browser.text(".main-nav").await.contains("My account"));
    let email = "member@test.example";
    assert_eq!(
        app.client().sign_in(email, PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.client().sign_in(email, new).await.status,
        StatusCode::OK
    );

    browser.finish().await;
    assert_accessible(&failures);
}
