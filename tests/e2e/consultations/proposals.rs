//! The proposals list: every proposal of a consultation searched (either
//! case), filtered by objective, answer, kind of organisation and one's
//! own, ordered by supports, newest or a seeded shuffle, 25 a page.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::consultations::{contribute, respond, setup, support_as};
use pspm_tests::{TestClient, TestResponse, both};
use serde_json::json;

use super::outsider;

/// The proposal titles a page of the list shows, in order.
fn titles(page: &str) -> Vec<String> {
    page.split("<h2 class=\"contribution-title\">")
        .skip(1)
        .map(|part| {
            let start = part.find('>').unwrap() + 1;
            part[start..part.find("</a>").unwrap()].to_owned()
        })
        .collect()
}

/// The proposals list of consultation `k` as `client` asks for it.
async fn list(client: &TestClient, k: i64, query: &str) -> TestResponse {
    client
        .get(&format!("/consultations/{k}/proposals?{query}"))
        .await
}

both!(
    proposals_are_searched_filtered_and_ordered,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({"supports_per_person": 5})).await;
        let member = app.client_as(Role::Member).await;
        let (town, _) = outsider(&app, "comune@test.example", "member").await;
        let propose = |who: &'static str, title: &'static str, body: &'static str| {
            let (member, town) = (&member, &town);
            async move {
                let client = if who == "member" { member } else { town };
                contribute(client, s.consultation, json!({"kind": "proposal", "title": title, "body": body, "node_id": s.objective}))
                .await
                .json()["contribution"]["id"]
                .as_i64()
                .unwrap()
            }
        };
        let bike = propose("member", "Bike sharing", "Stazioni nei capoluoghi").await;
        let desk = propose("town", "Sportello unico", "Un solo accesso per le imprese").await;
        let wifi = propose("town", "Wi-Fi pubblico", "Nelle biblioteche").await;
        assert_eq!(
            support_as(&planner, desk).await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            support_as(&member, desk).await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            support_as(&planner, wifi).await.status,
            StatusCode::NO_CONTENT
        );
        let r = respond(
            &planner,
            wifi,
            json!({"status": "rejected", "body": "Non ora."}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let anon = app.client();

        let page = list(&anon, s.consultation, "").await.text();
        assert_eq!(
            titles(&page),
            ["Sportello unico", "Wi-Fi pubblico", "Bike sharing"]
        );
        assert!(page.contains("3 proposals"), "{page}");
        let page = list(&anon, s.consultation, "sort=newest").await.text();
        assert_eq!(
            titles(&page),
            ["Wi-Fi pubblico", "Sportello unico", "Bike sharing"]
        );
        // Words in either case, in the title or the text.
        assert_eq!(
            titles(&list(&anon, s.consultation, "q=IMPRESE").await.text()),
            ["Sportello unico"]
        );
        assert_eq!(
            titles(&list(&anon, s.consultation, "q=bike").await.text()),
            ["Bike sharing"]
        );
        assert_eq!(
            titles(&list(&anon, s.consultation, "answer=answered").await.text()),
            ["Wi-Fi pubblico"]
        );
        assert_eq!(
            titles(
                &list(&anon, s.consultation, "answer=awaiting&kind=municipality")
                    .await
                    .text()
            ),
            ["Sportello unico"]
        );
        assert_eq!(
            titles(
                &list(&anon, s.consultation, &format!("objective={}", s.objective))
                    .await
                    .text()
            )
            .len(),
            3
        );
        assert_eq!(
            titles(&list(&member, s.consultation, "mine=1").await.text()),
            ["Bike sharing"]
        );
        // A seeded shuffle is the same for everyone with the link.
        let a = titles(
            &list(&anon, s.consultation, "sort=random&seed=42")
                .await
                .text(),
        );
        let b = titles(
            &list(&member, s.consultation, "sort=random&seed=42")
                .await
                .text(),
        );
        assert_eq!(a, b);
        assert_eq!(a.len(), 3);
        let r = list(&anon, s.consultation, "sort=random").await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "the address keeps the shuffle"
        );
        assert!(
            r.location().contains("sort=random&seed="),
            "{}",
            r.location()
        );
        // A wrong filter is named; the whole list is shown.
        let r = list(&anon, s.consultation, "answer=maybe&sort=alphabet").await;
        assert_eq!(r.status, StatusCode::OK);
        let page = r.text();
        assert!(page.contains("Choose a valid value for Answer."), "{page}");
        assert!(page.contains("Choose a valid value for Order."), "{page}");
        assert_eq!(titles(&page).len(), 3);
        let _ = (bike, desk);
    }
);
