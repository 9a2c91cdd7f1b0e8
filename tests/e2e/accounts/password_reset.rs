//! A forgotten password, end to end through a real SMTP server: the link
//! asked for on the sign-in page arrives by e-mail in the reader's
//! language, sets a new password once, ends every session and token, and
//! says nothing about whether an address has an account.

use axum::http::{StatusCode, header};
use pspm_backend::config::{Config, Secret};
use pspm_backend::domain::Role;
use pspm_tests::smtp::SmtpSink;
use pspm_tests::{PASSWORD, TestApp, TestClient, TestResponse, both};
use serde_json::json;

const SITE: &str = "https://pspm.example.org";

/// The path of the reset link in an e-mail body.
fn link_in(body: &str) -> String {
    let at = body.find(SITE).expect("a link to the site") + SITE.len();
    body[at..].split_whitespace().next().unwrap().to_owned()
}

/// An SMTP sink and an anonymous client of a server that mails through it.
async fn mailing(app: &TestApp) -> (SmtpSink, TestClient) {
    let sink = SmtpSink::start().await;
    let (_, anon) = app.server_with(Config {
        smtp_url: Some(Secret(sink.url())),
        public_url: Some(SITE.to_owned()),
        ..Config::default()
    });
    (sink, anon)
}

/// Sends the reset form at `link` with a new password and its repetition.
async fn choose(anon: &TestClient, link: &str, new: &str, confirm: &str) -> TestResponse {
    anon.post_form(
        link,
        &[("new_password", new), ("confirm_password", confirm)],
    )
    .await
}

async fn ask(anon: &TestClient, email: &str) -> String {
    let r = anon
        .post_form("/password/forgot", &[("email", email)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.text()
}

both!(
    a_forgotten_password_is_reset_by_an_emailed_link,
    |app| async move {
        let (sink, anon) = mailing(&app).await;
        let (_, email) = app.users["citizen"].clone();
        // Signed in elsewhere, with a token too: both end with the reset.
        let other = app.client_as(Role::Citizen).await;
        let r = other
            .post_json(
                "/api/v1/tokens",
                &json!({"name": "script", "current_password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let token = r.json()["token"].as_str().unwrap().to_owned();
        let bearer = app.client();
        bearer.set_header(header::AUTHORIZATION, &format!("Bearer {token}"));
        assert_eq!(bearer.get("/api/v1/me").await.status, StatusCode::OK);
        assert_eq!(other.get("/api/v1/me").await.status, StatusCode::OK);
        let sign_in = anon.get("/sign-in").await.text();
        assert!(
            sign_in.contains(r#"href="/password/forgot""#),
            "the sign-in page offers it"
        );

        // An address that no account uses gets the same answer, and no e-mail.
        // Asked from pages in Italian, by an account with no language of its own.
        anon.get("/lang/it").await;
        let unknown = ask(&anon, "nobody@test.example").await;
        let page = ask(&anon, &email.to_uppercase()).await;
        assert!(
            page.contains("Se un account usa questo indirizzo"),
            "{page}"
        );
        anon.get("/lang/en").await;
        assert_eq!(
            unknown, page,
            "the answer does not tell which addresses have accounts"
        );
        let mails = sink.wait_for(1).await;
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].to, std::slice::from_ref(&email));
        assert_eq!(
            mails[0].subject, "Scegli una nuova password",
            "in the language it was asked in"
        );
        let link = link_in(&mails[0].body);
        assert!(link.starts_with("/password/reset/"), "{link}");
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM outbox").await,
            0,
            "the secret is not stored in the outbox"
        );

        // The form re-shows mistakes next to the field, and changes nothing.
        let form = anon.get(&link).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.text().contains(r#"name="confirm_password""#));
        let r = choose(&anon, &link, "a-new-password-1", "a-new-password-2").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.text().contains("field-confirm_password-error"),
            "{}",
            r.text()
        );
        let r = choose(&anon, &link, "short", "short").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("field-new_password-error"));
        assert_eq!(
            app.client().sign_in(&email, PASSWORD).await.status,
            StatusCode::OK
        );

        let r = choose(&anon, &link, "a-new-password-1", "a-new-password-1").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(r.location(), "/sign-in?done=password-reset");
        let signed = anon.get("/sign-in?done=password-reset").await.text();
        assert!(signed.contains("Your new password is saved"));
        // Every session and token ended; the old password is refused, the new works.
        assert_eq!(
            other.get("/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            bearer.get("/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.client().sign_in(&email, PASSWORD).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.client()
                .sign_in(&email, "a-new-password-1")
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(app.audit_count("user.password_reset").await, 1);

        // A link works once.
        let again = anon.get(&link).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);
        assert!(again.text().contains("This link no longer works"));
        let r = choose(&anon, &link, "a-third-password", "a-third-password").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(
            app.client()
                .sign_in(&email, "a-third-password")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
);

both!(reset_links_expire_and_are_limited, |app| async move {
    let (sink, anon) = mailing(&app).await;
    let (_, email) = app.users["member"].clone();
    for _ in 0..4 {
        ask(&anon, &email).await;
    }
    let mails = sink.wait_for(3).await;
    // Three an hour: the fourth ask sends nothing.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 3, "{mails:?}");
    let link = link_in(&mails[0].body);
    app.exec("UPDATE password_resets SET expires_at = created_at")
        .await;
    let r = anon.get(&link).await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "an expired link no longer works"
    );
    let r = choose(&anon, &link, "a-new-password-1", "a-new-password-1").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.client().sign_in(&email, PASSWORD).await.status,
        StatusCode::OK
    );

    // A bad address is shown next to the field.
    let r = anon
        .post_form("/password/forgot", &[("email", "not an address")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("field-email-error"));

    // Without e-mail, the page says whom to ask instead of offering a form.
    let page = app.client().get("/password/forgot").await.text();
    assert!(page.contains("Ask an administrator"), "{page}");
    assert!(!page.contains(r#"action="/password/forgot""#));
});
