//! Taking part through the pages: forms for contributions, supports and
//! points, the response queue, notifications, moderation, escaped text,
//! and the form that opens a consultation.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::consultations::{contribute, my_contribution, setup};
use serde_json::json;

both!(
    pages_take_part_answer_and_show_escaped_text,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let member = app.client_as(Role::Member).await;
        let k = s.consultation;
        // Comment and propose through the forms.
        let evil = "<script>alert(1)</script>Più piste ciclabili";
        let r = member
            .post_form(
                &format!("/consultations/{k}/contributions"),
                &[
                    ("form", "comment"),
                    ("kind", "comment"),
                    ("node_id", ""),
                    ("body", evil),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let r = member
            .post_form(
                &format!("/consultations/{k}/contributions"),
                &[
                    ("form", "proposal"),
                    ("kind", "proposal"),
                    ("title", ""),
                    ("body", "Testo"),
                    ("node_id", ""),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(html.contains("There is a problem"), "{html}");
        assert!(
            html.contains(">Testo</textarea>"),
            "the entered text is kept"
        );
        let objective = s.objective.to_string();
        let r = member
            .post_form(
                &format!("/consultations/{k}/contributions"),
                &[
                    ("form", "proposal"),
                    ("kind", "proposal"),
                    ("title", "Bike sharing"),
                    ("body", "Stazioni nei capoluoghi"),
                    ("node_id", &objective),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // Someone else's proposal to support.
        let theirs = contribute(&planner, k, json!({"kind": "proposal", "title": "Sportello unico", "body": "x", "node_id": s.objective})).await.json()["contribution"]["id"].as_i64().unwrap();
        assert_eq!(
            member
                .post_form(&format!("/contributions/{theirs}/support"), &[])
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let page = member.get(&format!("/consultations/{k}")).await.text();
        assert!(page.contains("Withdraw my support"));
        let r = member
            .post_form(
                &format!("/consultations/{k}/priorities"),
                &[(&*format!("points_{}", s.actions[0]), "150")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("more points than you have"));
        let r = member
            .post_form(
                &format!("/consultations/{k}/priorities"),
                &[(&*format!("points_{}", s.actions[0]), "60")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // The planner answers from the queue and turns the proposal into an action.
        let queue = planner.get("/responses").await.text();
        assert!(queue.contains("Bike sharing"));
        let proposal = my_contribution(&member, "proposal").await;
        let r = planner
            .post_form(
                &format!("/contributions/{proposal}/respond"),
                &[
                    ("form", &*format!("respond-{proposal}")),
                    ("status", "accepted"),
                    ("body", "Accolta."),
                    ("create_action_code", "AZ5"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let r = planner
            .post_form(
                &format!("/contributions/{proposal}/respond"),
                &[("form", "x"), ("status", ""), ("body", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        // My contributions show the answer and the link to the action.
        let mine = member.get("/my/contributions").await.text();
        assert!(mine.contains("Accolta.") && mine.contains("See the action in the plan"));
        // Notifications with the unread count in the header.
        let home = member.get("/").await.text();
        assert!(
            home.contains("Notifications (1)"),
            "unread count in the navigation"
        );
        assert!(
            member
                .get("/notifications")
                .await
                .text()
                .contains("Your contribution has an official response")
        );
        assert_eq!(
            member.post_form("/notifications/read", &[]).await.status,
            StatusCode::SEE_OTHER
        );
        assert!(member.get("/").await.text().contains("Notifications (0)"));
        // Report, then the planner hides it from the moderation queue.
        let comment = my_contribution(&member, "comment").await;
        assert_eq!(
            member
                .post_form(
                    &format!("/contributions/{comment}/report"),
                    &[("reason", "Contiene codice")]
                )
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let moderation = planner.get("/moderation").await.text();
        assert!(moderation.contains("Reported: Contiene codice"));
        // The plan page shows the rankings too.
        let plan_page = app.client().get(&format!("/plans/{}", s.plan)).await.text();
        assert!(
            plan_page.contains("Proposals, most supported first")
                && plan_page.contains("Sportello unico")
        );
        assert!(plan_page.contains("Priorities of the actions") && plan_page.contains("60 points"));
        // The markup is inert everywhere it is shown.
        for (client, path) in [
            (&member, format!("/consultations/{k}")),
            (&member, format!("/consultations/{k}/you-said-we-did")),
            (&member, "/my/contributions".to_string()),
            (&planner, "/responses".to_string()),
            (&planner, "/moderation".to_string()),
        ] {
            let html = client.get(&path).await.text();
            assert!(!html.contains("<script>alert"), "{path}");
            assert!(
                html.contains("&#60;script&#62;alert(1)")
                    || html.contains("&lt;script&gt;alert(1)"),
                "{path}"
            );
        }
        assert_eq!(
            planner
                .post_form(
                    &format!("/contributions/{comment}/hide"),
                    &[("reason", "Codice non ammesso")]
                )
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let public = app
            .client()
            .get(&format!("/consultations/{k}/you-said-we-did"))
            .await
            .text();
        assert!(
            public.contains("Hidden by moderation: Codice non ammesso")
                && !public.contains("Più piste ciclabili")
        );
        assert_eq!(
            member.get("/moderation").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(member.get("/responses").await.status, StatusCode::FORBIDDEN);
    }
);

both!(
    planners_open_consultations_through_the_form,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let page = planner.get(&format!("/plans/{}", s.plan)).await.text();
        assert!(page.contains(&format!("/plans/{}/consultations/new", s.plan)));
        let form = planner
            .get(&format!("/plans/{}/consultations/new", s.plan))
            .await;
        assert_eq!(form.status, StatusCode::OK);
        let org = app.org_id.to_string();
        let r = planner
            .post_form(
                &format!("/plans/{}/consultations", s.plan),
                &[
                    ("title", ""),
                    ("opens_at", "2025-01-01T09:00"),
                    ("closes_at", "2024-01-01T09:00"),
                    ("audience", "invited"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = planner
            .post_form(
                &format!("/plans/{}/consultations", s.plan),
                &[
                    ("title", "Consultazione degli enti"),
                    ("opens_at", "2025-01-01T09:00"),
                    ("closes_at", "2099-01-01T09:00"),
                    ("audience", "invited"),
                    ("invited", &org),
                    ("comments_enabled", "yes"),
                    ("supports_per_person", "3"),
                    ("points_per_person", "50"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let id: i64 = r
            .location()
            .trim_start_matches("/consultations/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let v = planner
            .get(&format!("/api/v1/consultations/{id}"))
            .await
            .json()["consultation"]
            .clone();
        assert_eq!(
            (
                v["audience"].clone(),
                v["invited"].clone(),
                v["proposals_enabled"].clone(),
                v["supports_per_person"].clone()
            ),
            (
                json!("invited"),
                json!([app.org_id]),
                json!(false),
                json!(3)
            )
        );
        assert_eq!(
            app.client_as(Role::Member)
                .await
                .get(&format!("/plans/{}/consultations/new", s.plan))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
);

both!(
    windows_are_entered_and_shown_in_the_owners_time_zone,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let open = |opens: &'static str, closes: &'static str| {
            let planner = &planner;
            async move {
                planner
                    .post_form(
                        &format!("/plans/{}/consultations", s.plan),
                        &[
                            ("title", "Consultazione estiva"),
                            ("opens_at", opens),
                            ("closes_at", closes),
                            ("audience", "public"),
                            ("comments_enabled", "yes"),
                        ],
                    )
                    .await
            }
        };
        // The owner works in Rome by default: the form says so, and 09:00
        // there is 07:00 UTC in summer and 08:00 in winter.
        let form = planner
            .get(&format!("/plans/{}/consultations/new", s.plan))
            .await
            .text();
        assert!(form.contains("(Europe/Rome)"), "{form}");
        let r = open("2025-07-01T09:00", "2099-01-01T09:00").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let id = r
            .location()
            .trim_start_matches("/consultations/")
            .split('?')
            .next()
            .unwrap()
            .to_owned();
        let v = app
            .client()
            .get(&format!("/api/v1/consultations/{id}"))
            .await
            .json()["consultation"]
            .clone();
        assert_eq!(
            (v["opens_at"].as_str(), v["closes_at"].as_str()),
            (Some("2025-07-01T07:00:00Z"), Some("2099-01-01T08:00:00Z"))
        );
        let page = app
            .client()
            .get(&format!("/consultations/{id}"))
            .await
            .text();
        assert!(
            page.contains("01/07/2025 09:00 – 01/01/2099 09:00 (Europe/Rome)"),
            "{page}"
        );
        // The hour skipped when clocks go forward is refused by name.
        let r = open("2026-03-29T02:30", "2099-01-01T09:00").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.text().contains("skipped when clocks go forward"),
            "{}",
            r.text()
        );
        // An organisation in Riga: its plans' windows are in Riga's time.
        let admin = app.client_as(Role::Admin).await;
        let bad = admin
            .patch_json(
                &format!("/api/v1/organisations/{}", app.org_id),
                &json!({"name": "Ministero di Prova", "kind": "ministry", "level": "national", "time_zone": "Mars/Olympus"}),
            )
            .await;
        assert_eq!(bad.error_code(), "time_zone_unknown");
        let r = admin
            .patch_json(
                &format!("/api/v1/organisations/{}", app.org_id),
                &json!({"name": "Ministero di Prova", "kind": "ministry", "level": "national", "time_zone": "Europe/Riga"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let page = app
            .client()
            .get(&format!("/consultations/{id}"))
            .await
            .text();
        assert!(
            page.contains("01/07/2025 10:00 – 01/01/2099 10:00 (Europe/Riga)"),
            "{page}"
        );
    }
);
