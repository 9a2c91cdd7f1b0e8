//! On a phone (390 px), a planner attaches a report to an action from its
//! edit page, without JavaScript tricks: a disguised file comes back with the
//! message by the file field, in view; a real PDF is listed; a member of the
//! organisation finds it on the plan page and downloads the same bytes.

use pspm_backend::domain::Role;
use pspm_tests::browser::{assert_accessible, start_with_app};
use pspm_tests::plans::sample;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planner_attaches_a_report_and_a_member_downloads_it() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    browser.resize(390, 844).await;
    let planner = app.client_as(Role::Planner).await;
    let (plan, ids) = sample(&planner).await;
    let action = ids[4];
    let dir = tempfile::tempdir().unwrap();
    let disguised = dir.path().join("relazione.pdf");
    std::fs::write(&disguised, "<html><body>Not a report</body></html>").unwrap();
    let real = dir.path().join("relazione-2026.pdf");
    std::fs::write(&real, PDF).unwrap();
    let mut failures = Vec::new();

    browser.sign_in(&base, "planner@test.example").await;
    browser.goto(&format!("{base}/nodes/{action}/edit")).await;
    browser
        .audit("node edit page with files", &mut failures)
        .await;
    browser
        .fill("#attachment-field-file", disguised.to_str().unwrap())
        .await;
    browser
        .fill("#attachment-field-title", "Relazione di avanzamento")
        .await;
    browser
        .click("#attachments form[enctype] button[type=submit]")
        .await;
    let message = browser.text("#attachment-field-file-error").await;
    assert!(message.contains("The file must be a PDF"), "{message}");
    assert!(
        browser.in_view("#attachment-errors").await,
        "the summary is in view: {}",
        browser.placement("#attachment-errors").await
    );
    browser.audit("refused upload", &mut failures).await;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM attachments").await, 0);

    browser
        .fill("#attachment-field-file", real.to_str().unwrap())
        .await;
    browser
        .click("#attachments form[enctype] button[type=submit]")
        .await;
    let listed = browser.text("#attachments").await;
    assert!(
        listed.contains("Relazione di avanzamento") && listed.contains("PDF"),
        "{listed}"
    );

    // A member of the organisation reads the (draft) plan and follows the link.
    let member = app.client_as(Role::Member).await;
    let page = member.get(&format!("/plans/{plan}")).await.text();
    let href = page
        .split("href=\"/attachments/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a download link on the plan page");
    let got = member.get(&format!("/attachments/{href}")).await;
    assert_eq!(got.body, PDF);
    assert_eq!(
        app.client()
            .get(&format!("/attachments/{href}"))
            .await
            .status,
        axum::http::StatusCode::NOT_FOUND,
        "a draft's file is not found by outsiders"
    );
    assert_accessible(&failures);
    browser.finish().await;
}
