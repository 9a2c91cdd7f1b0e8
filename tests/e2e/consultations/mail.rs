//! Following and e-mail, end to end through a real SMTP server: a follower
//! is mailed each new contribution in their language with a working link;
//! a temporary refusal is tried again later and the row is marked sent only
//! once accepted; a daily digest gathers a day's notifications; the
//! unsubscribe link stops every e-mail without signing in.

use axum::http::StatusCode;
use chrono::{NaiveTime, TimeDelta};
use pspm_backend::config::{Config, Secret};
use pspm_backend::domain::Role;
use pspm_backend::services::mail::{self, Mailer};
use pspm_tests::both;
use pspm_tests::consultations::{contribute, setup};
use pspm_tests::smtp::SmtpSink;
use serde_json::json;

const SITE: &str = "https://pspm.example.org";

both!(followers_are_mailed_and_can_unsubscribe, |app| async move {
    let sink = SmtpSink::start().await;
    let config = Config {
        smtp_url: Some(Secret(sink.url())),
        public_url: Some(SITE.to_owned()),
        mail_interval_secs: 1,
        ..Config::default()
    };
    let (state, _) = app.server_with(config.clone());
    mail::start(&state).expect("the mailer starts");

    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let citizen = app.client_as(Role::Citizen).await;
    let (citizen_id, citizen_email) = app.users["citizen"].clone();
    assert_eq!(
        citizen
            .post_form("/account/language", &[("lang", "en")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // The citizen follows the consultation from its page.
    let r = citizen
        .post_form(
            &format!("/consultations/{}/follow", s.consultation),
            &[("follow", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().ends_with("#follow"), "{}", r.location());
    let page = citizen
        .get(&format!("/consultations/{}", s.consultation))
        .await
        .text();
    assert!(page.contains("Stop following this consultation"));
    assert_eq!(app.audit_count("follow.add").await, 1);

    // A new comment: one e-mail, in English, linking to it.
    let id = |r: pspm_tests::TestResponse| r.json()["contribution"]["id"].as_i64().unwrap();
    let first = id(contribute(
        &member,
        s.consultation,
        json!({"kind": "comment", "body": "Primo"}),
    )
    .await);
    let got = sink.wait_for(1).await;
    let m = &got[0];
    assert_eq!(m.to, [citizen_email]);
    assert_eq!(m.subject, "New contribution in a consultation you follow");
    let link = format!(
        "{SITE}/consultations/{}#contribution-{first}",
        s.consultation
    );
    assert!(m.body.contains(&link), "{}", m.body);
    let unsubscribe = m
        .header("List-Unsubscribe")
        .expect("a List-Unsubscribe header")
        .trim_matches(['<', '>'])
        .to_owned();
    assert!(unsubscribe.starts_with(&format!("{SITE}/unsubscribe/")));
    assert!(m.body.contains(&unsubscribe), "{}", m.body);
    assert_eq!(
        m.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let sent = format!(
        "SELECT COUNT(*) AS n FROM outbox WHERE user_id = {citizen_id} AND sent_at IS NOT NULL"
    );
    // The sink keeps the message before it answers, so the row is marked
    // sent a moment after the e-mail arrives.
    assert_eq!(app.count_reaches(&sent, 1).await, 1);
    // Nobody is mailed their own writing.
    assert_eq!(
        app.count(format!(
            "SELECT COUNT(*) AS n FROM outbox WHERE user_id = {}",
            app.users["member"].0
        ))
        .await,
        0
    );

    // The server refuses for now: the row waits, counted, and goes later.
    sink.refuse_next(1);
    contribute(
        &member,
        s.consultation,
        json!({"kind": "comment", "body": "Secondo"}),
    )
    .await;
    let deferred = format!(
        "SELECT COUNT(*) AS n FROM outbox WHERE user_id = {citizen_id} AND sent_at IS NULL \
         AND attempts = 1 AND last_error = 'deferred' AND given_up_at IS NULL"
    );
    assert_eq!(app.count_reaches(&deferred, 1).await, 1);
    assert_eq!(sink.received().len(), 1);
    let mailer = Mailer::from_config(&config).unwrap().unwrap();
    let later = pspm_backend::db::now() + TimeDelta::minutes(2);
    let d = mail::deliver_due(&app.db, &mailer, later).await.unwrap();
    assert_eq!((d.sent, d.failed), (1, 0));
    assert_eq!(sink.received().len(), 2);
    assert_eq!(app.count(&sent).await, 2);

    // A daily digest: nothing until the digest hour, then one e-mail.
    let r = citizen
        .post_form("/account/email", &[("email_frequency", "daily")])
        .await;
    assert_eq!(r.location(), "/account?saved=email#email");
    let account = citizen.get("/account").await.text();
    assert!(
        account.contains(r#"value="daily" checked"#),
        "the choice is shown"
    );
    contribute(
        &member,
        s.consultation,
        json!({"kind": "comment", "body": "Terzo"}),
    )
    .await;
    contribute(
        &member,
        s.consultation,
        json!({"kind": "proposal", "title": "Quarto", "body": "Quarto", "node_id": s.objective}),
    )
    .await;
    let now = pspm_backend::db::now();
    assert_eq!(
        mail::deliver_due(&app.db, &mailer, now).await.unwrap().sent,
        0
    );
    let rome = chrono_tz::Europe::Rome;
    let tomorrow = (now + TimeDelta::days(1)).date();
    let digest_time = tomorrow
        .and_time(NaiveTime::from_hms_opt(7, 5, 0).unwrap())
        .and_local_timezone(rome)
        .unwrap()
        .naive_utc();
    let d = mail::deliver_due(&app.db, &mailer, digest_time)
        .await
        .unwrap();
    assert_eq!(d.sent, 1);
    let all = sink.received();
    assert_eq!(all.len(), 3, "the worker sent nothing of the digest's");
    let digest = &all[2];
    assert_eq!(digest.subject, "PSPM: 2 new notifications");
    assert_eq!(
        digest
            .body
            .matches("New contribution in a consultation you follow")
            .count(),
        2
    );

    // The link in the e-mail, followed without signing in: a page with one
    // button (a link alone must not unsubscribe), then no more e-mail.
    let path = unsubscribe.trim_start_matches(SITE);
    let anonymous = app.client();
    let page = anonymous.get(path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Stop all e-mails"));
    let r = anonymous
        .post_raw(
            path,
            "application/x-www-form-urlencoded",
            "List-Unsubscribe=One-Click",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("You will get no more e-mails from PSPM."));
    assert_eq!(app.audit_count("user.unsubscribe").await, 1);
    let me = citizen.get("/api/v1/me").await.json();
    assert_eq!(me["user"]["email_frequency"], "never");
    let rows = format!("SELECT COUNT(*) AS n FROM outbox WHERE user_id = {citizen_id}");
    let before = app.count(&rows).await;
    contribute(
        &member,
        s.consultation,
        json!({"kind": "comment", "body": "Quinto"}),
    )
    .await;
    assert_eq!(app.count(&rows).await, before, "no e-mail is queued");
    let notified = citizen.get("/notifications").await.text();
    assert!(notified.contains("New contribution in a consultation you follow"));
    // A link that is not (or no longer) valid says so.
    let r = anonymous.get("/unsubscribe/not-a-token").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.text().contains("This unsubscribe link is not valid"));
});

both!(threads_are_followed_through_the_api, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let citizen = app.client_as(Role::Citizen).await;
    let id = |r: pspm_tests::TestResponse| r.json()["contribution"]["id"].as_i64().unwrap();
    let top = id(contribute(
        &member,
        s.consultation,
        json!({"kind": "comment", "body": "Avvio"}),
    )
    .await);
    let reply = id(contribute(
        &citizen,
        s.consultation,
        json!({"kind": "comment", "body": "Risposta", "parent_id": top}),
    )
    .await);
    // Following a reply follows its thread.
    let r = planner
        .post_json(&format!("/api/v1/contributions/{reply}/follow"), &json!({}))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let planner_id = app.users["planner"].0;
    let followed = format!(
        "SELECT COUNT(*) AS n FROM follows WHERE user_id = {planner_id} AND contribution_id = {top}"
    );
    assert_eq!(app.count(&followed).await, 1);
    let kind = format!(
        "SELECT COUNT(*) AS n FROM notifications WHERE user_id = {planner_id} AND kind = 'followed_thread'"
    );
    contribute(
        &member,
        s.consultation,
        json!({"kind": "comment", "body": "Ancora", "parent_id": reply}),
    )
    .await;
    assert_eq!(app.count(&kind).await, 1);
    // A notification a week old (mail configured late, a long outage) is
    // not e-mailed: it stays on the notifications page.
    app.write_elsewhere(
        format!(
            "UPDATE outbox SET created_at = '2020-01-01 00:00:00' WHERE user_id = {planner_id}"
        ),
        "outbox.age",
        "user",
        planner_id.into(),
    )
    .await;
    let sink = SmtpSink::start().await;
    let config = Config {
        smtp_url: Some(Secret(sink.url())),
        ..Config::default()
    };
    let mailer = Mailer::from_config(&config).unwrap().unwrap();
    mail::deliver_due(&app.db, &mailer, pspm_backend::db::now())
        .await
        .unwrap();
    let planner_email = app.users["planner"].1.clone();
    assert!(
        !sink
            .received()
            .iter()
            .any(|m| m.to.contains(&planner_email))
    );
    let too_old = format!(
        "SELECT COUNT(*) AS n FROM outbox WHERE user_id = {planner_id} AND sent_at IS NULL \
         AND given_up_at IS NOT NULL AND last_error = 'too_old'"
    );
    assert_eq!(app.count(&too_old).await, 1);
    // The official response reaches the thread's followers too (not the
    // one who answered, nor the author, who is told as such).
    // (The citizen uses the thread's button on the page: back to it.)
    let r = citizen
        .post_form(
            &format!("/contributions/{reply}/follow"),
            &[("follow", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.location().ends_with(&format!("#follow-{top}")),
        "{}",
        r.location()
    );
    let page = citizen.get(&r.location()).await.text();
    assert!(page.contains("Stop following this thread"));
    let citizen_id = app.users["citizen"].0;
    let citizen_told = format!(
        "SELECT COUNT(*) AS n FROM notifications WHERE user_id = {citizen_id} AND kind = 'followed_thread'"
    );
    let r = planner
        .put_json(
            &format!("/api/v1/contributions/{top}/response"),
            &json!({"status": "accepted", "body": "Grazie"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(app.count(&citizen_told).await, 1);
    assert_eq!(
        app.count(&kind).await,
        1,
        "the one who answered is not told of it"
    );
    let r = planner
        .delete(&format!("/api/v1/contributions/{top}/follow"))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(app.count(&followed).await, 0);
    assert_eq!(app.audit_count("follow.remove").await, 1);

    // A bad choice changes nothing and says which field.
    let r = citizen
        .patch_json("/api/v1/me", &json!({"email_frequency": "weekly"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.error_fields(), ["email_frequency"]);
    let me = citizen.get("/api/v1/me").await.json();
    assert_eq!(me["user"]["email_frequency"], "immediate");
    let r = citizen
        .patch_json("/api/v1/me", &json!({"email_frequency": "daily"}))
        .await;
    assert_eq!(r.json()["user"]["email_frequency"], "daily");
    // Someone who cannot read the consultation cannot follow it.
    let r = app
        .client()
        .post_json(
            &format!("/api/v1/consultations/{}/follow", s.consultation),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
});

both!(two_instances_never_send_one_email_twice, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let citizen = app.client_as(Role::Citizen).await;
    let r = citizen
        .post_form(
            &format!("/consultations/{}/follow", s.consultation),
            &[("follow", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    for n in 0..6 {
        contribute(
            &member,
            s.consultation,
            json!({"kind": "comment", "body": format!("Commento {n}")}),
        )
        .await;
    }
    let (citizen_id, _) = app.users["citizen"].clone();
    let waiting = format!(
        "SELECT COUNT(*) AS n FROM outbox WHERE user_id = {citizen_id} AND sent_at IS NULL"
    );
    assert_eq!(app.count(&waiting).await, 6);
    let sink = SmtpSink::start().await;
    let config = Config {
        smtp_url: Some(Secret(sink.url())),
        ..Config::default()
    };
    // Two instances' mailers read the same outbox at the same moment.
    let (one, two) = (
        Mailer::from_config(&config).unwrap().unwrap(),
        Mailer::from_config(&config).unwrap().unwrap(),
    );
    let now = pspm_backend::db::now();
    let (a, b) = tokio::join!(
        mail::deliver_due(&app.db, &one, now),
        mail::deliver_due(&app.db, &two, now)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.sent + b.sent, 6, "{a:?} {b:?}");
    sink.wait_for(6).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(sink.received().len(), 6, "each e-mail once");
    assert_eq!(app.count(&waiting).await, 0);
    // A later pass finds nothing left to send.
    let again = mail::deliver_due(&app.db, &one, now).await.unwrap();
    assert_eq!(again.sent, 0);
});
