//! Every page in every language, and how the language is chosen.

use axum::http::{StatusCode, header};
use pspm_backend::domain::Role;
use pspm_tests::consultations::{Setup, with_contributions};
use pspm_tests::plans::{PlanIds, with_demo_plans};
use pspm_tests::{TestApp, both};

/// Every page, with the role that can see it (after `with_demo_plans`).
fn every_page(app: &TestApp, ids: &PlanIds, consultation: &Setup) -> Vec<(Option<Role>, String)> {
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
        client.set_header(header::ACCEPT_LANGUAGE, "es-ES,es;q=0.9,en;q=0.5");
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
    }
);

both!(
    the_language_link_writes_nothing_to_the_database,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let events = "SELECT COUNT(*) AS n FROM audit_events";
        let before = app.count(events).await;
        // A link (or an image, or a prefetch) another site points at: it
        // changes this browser's pages, and nothing stored.
        let r = member.get("/lang/it?next=/account").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(member.cookie("pspm_lang").as_deref(), Some("it"));
        assert!(
            member
                .get("/account")
                .await
                .text()
                .contains("<html lang=\"it\">")
        );
        assert_eq!(
            member.get("/api/v1/me").await.json()["user"]["locale"],
            serde_json::Value::Null,
            "the account's language is unchanged"
        );
        assert_eq!(app.count(events).await, before, "no audit event");
    }
);

both!(
    the_account_page_keeps_the_preferred_language,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let page = member.get("/account").await.text();
        assert!(
            page.contains("action=\"/account/language\"") && page.contains("id=\"field-lang\""),
            "{page}"
        );
        let r = member
            .post_form("/account/language", &[("lang", "lv")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(r.location(), "/account?saved=1");
        assert_eq!(
            member.get("/api/v1/me").await.json()["user"]["locale"],
            "lv"
        );
        assert_eq!(app.audit_count("user.set_locale").await, 1);
        // The pages of this browser follow at once.
        assert_eq!(member.cookie("pspm_lang").as_deref(), Some("lv"));
        let page = member.get("/account?saved=1").await.text();
        assert!(page.contains("<html lang=\"lv\">"), "{page}");
        assert!(page.contains("role=\"status\""), "the saved notice: {page}");
        assert!(
            page.contains("<option value=\"lv\" selected"),
            "the stored language is the one chosen: {page}"
        );
        // A language the catalogue has not: the form again, the message by the field.
        let r = member
            .post_form("/account/language", &[("lang", "de")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text();
        assert!(page.contains("id=\"field-lang-error\""), "{page}");
        assert!(
            page.contains("href=\"#field-lang\""),
            "the error summary: {page}"
        );
        // Without the form's CSRF token, nothing changes.
        let r = member
            .post_form_raw("/account/language", &[("lang", "it")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(
            member.get("/api/v1/me").await.json()["user"]["locale"],
            "lv"
        );
        assert_eq!(app.audit_count("user.set_locale").await, 1);
        // Anonymous readers are sent to sign in.
        let r = app
            .client()
            .post_form("/account/language", &[("lang", "it")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(r.location().starts_with("/sign-in"), "{}", r.location());
    }
);
