//! A forgotten password in Chromium on a phone (390 px): from the sign-in
//! page to the e-mailed link and back, each message in view where it is
//! shown, and every page passing the accessibility audit.

use pspm_backend::config::{Config, Secret};
use pspm_tests::browser::{Browser, assert_accessible};
use pspm_tests::smtp::SmtpSink;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_password_is_reset_from_the_sign_in_page() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = pspm_tests::TestApp::new(pspm_tests::Backend::Sqlite)
        .await
        .expect("sqlite always runs");
    let sink = SmtpSink::start().await;
    let base = app
        .serve_with(Config {
            smtp_url: Some(Secret(sink.url())),
            public_url: Some("https://pspm.example.org".to_owned()),
            ..Config::default()
        })
        .await;
    browser.resize(390, 844).await;
    let mut failures = Vec::new();
    let email = app.users["citizen"].1.clone();

    browser.goto(&format!("{base}/sign-in")).await;
    browser.click("a[href='/password/forgot']").await;
    assert_eq!(browser.path().await, "/password/forgot");
    browser.audit("/password/forgot", &mut failures).await;
    // Sent empty: the message in view, next to the field.
    browser.click("main button[type=submit]").await;
    assert!(
        browser.in_view("#field-email-error").await,
        "{}",
        browser.placement("#field-email-error").await
    );
    assert!(
        browser
            .text("#field-email-error")
            .await
            .starts_with("Enter")
    );
    browser
        .audit("/password/forgot (errors)", &mut failures)
        .await;

    browser.fill("#field-email", &email).await;
    browser.click("main button[type=submit]").await;
    let notice = browser.text("[role=status]").await;
    assert!(
        notice.starts_with("If an account uses this address"),
        "{notice}"
    );
    assert!(browser.in_view("[role=status]").await);
    browser
        .audit("/password/forgot (sent)", &mut failures)
        .await;

    let mail = &sink.wait_for(1).await[0];
    let at = mail.body.find("/password/reset/").expect("a link");
    let link = mail.body[at..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    browser.goto(&format!("{base}{link}")).await;
    browser.audit("/password/reset", &mut failures).await;
    browser
        .fill("#field-new_password", "a-new-password-1")
        .await;
    browser
        .fill("#field-confirm_password", "something-else")
        .await;
    browser.click("main button[type=submit]").await;
    assert!(
        browser.in_view(".error-summary").await,
        "{}",
        browser.placement(".error-summary").await
    );
    assert_eq!(
        browser.text("#field-confirm_password-error").await,
        "The two passwords are not the same."
    );
    browser
        .audit("/password/reset (errors)", &mut failures)
        .await;
    browser
        .fill("#field-new_password", "a-new-password-1")
        .await;
    browser
        .fill("#field-confirm_password", "a-new-password-1")
        .await;
    browser.click("main button[type=submit]").await;
    assert_eq!(browser.path().await, "/sign-in?done=password-reset");
    let notice = browser.text("[role=status]").await;
    assert!(notice.starts_with("Your new password is saved"), "{notice}");

    // The new password signs in; the link is spent.
    browser.fill("#field-email", &email).await;
    browser.fill("#field-password", "a-new-password-1").await;
    browser.click("main button[type=submit]").await;
    assert_eq!(browser.path().await, "/");
    browser.goto(&format!("{base}{link}")).await;
    assert!(
        browser
            .text("#link-unusable")
            .await
            .starts_with("This link no longer works")
    );
    browser
        .audit("/password/reset (spent)", &mut failures)
        .await;
    browser.finish().await;
    assert_accessible(&failures);
}
