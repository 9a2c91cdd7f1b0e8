//! The generator's rows are all there, keep the application's rules, are
//! the same on both databases for one seed, and the application works on them.

use axum::http::StatusCode;
use pspm_backend::seed::scale::{self, Scale};
use pspm_tests::consultations::running_totals_drift;
use pspm_tests::{Backend, TestApp, both};
use serde_json::json;

use super::{load, national_plan};

/// Sums over whole tables that change if any generated body, allocation or
/// adoption differs: the determinism check across databases.
async fn fingerprint(app: &TestApp) -> (i64, i64, i64) {
    (
        app.count("SELECT CAST(SUM(LENGTH(body)) AS BIGINT) AS n FROM contributions")
            .await,
        app.count("SELECT CAST(SUM(points * node_id) AS BIGINT) AS n FROM priority_allocations")
            .await,
        app.count("SELECT CAST(SUM(adoption_count) AS BIGINT) AS n FROM practices")
            .await,
    )
}

const FRACTION: f64 = 0.0004;

both!(
    national_scale_data_keep_the_rules_and_the_application_works_on_them,
    |app| async move {
        let before_users = app.count("SELECT COUNT(*) AS n FROM users").await;
        let counts = load(&app, FRACTION).await;
        let sizes = Scale::national(FRACTION).unwrap();
        let get = |t: &str| counts.iter().find(|c| c.0 == t).map_or(0, |c| c.1 as i64);

        // Every reported row is there, and the sizes are the scaled ones.
        assert_eq!(get("organisations"), sizes.organisations as i64);
        assert_eq!(
            get("users"),
            (sizes.organisations * 2 + sizes.participants) as i64
        );
        assert_eq!(get("contributions"), app.count("SELECT COUNT(*) AS n FROM contributions c JOIN consultations k ON k.id = c.consultation_id JOIN plans p ON p.id = k.plan_id WHERE p.title LIKE '%scala nazionale%'").await);
        assert!(
            get("contributions") as f64 >= sizes.contributions as f64 * 0.95,
            "{counts:?}"
        );
        assert_eq!(get("consultations"), 20);
        assert_eq!(get("plans"), 21);
        // SQLite keeps table statistics but no STAT4 samples, which would
        // make it prepare statements again for every new bound value.
        if app.backend == Backend::Sqlite {
            let stats = |t: &str| app.count(format!("SELECT COUNT(*) AS n FROM {t}"));
            assert!(stats("sqlite_stat1").await > 0);
            assert_eq!(stats("sqlite_stat4").await, 0);
        }
        assert_eq!(get("measurements"), (sizes.indicators * 36) as i64);
        assert_eq!(get("practices"), sizes.practices as i64);
        assert!(get("supports") > 0 && get("priority_allocations") > 0 && get("responses") > 0);
        assert_eq!(
            app.count(format!(
                "SELECT COUNT(*) AS n FROM users WHERE email LIKE '%@{}'",
                scale::EMAIL_DOMAIN
            ))
            .await,
            get("users")
        );
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM users").await,
            before_users + 5 + 36 + get("users")
        );

        // The application's rules hold in the generated data.
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM (SELECT k.id, s.user_id FROM supports s JOIN contributions c ON c.id = s.contribution_id JOIN consultations k ON k.id = c.consultation_id GROUP BY k.id, s.user_id HAVING COUNT(*) > 5) x").await, 0, "at most five supports per person and consultation");
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM (SELECT consultation_id, user_id FROM priority_allocations GROUP BY consultation_id, user_id HAVING SUM(points) <> 100) x").await, 0, "100 points each");
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM supports s JOIN contributions c ON c.id = s.contribution_id WHERE c.kind <> 'proposal' OR s.created_at < c.created_at").await, 0, "supports go to earlier proposals");
        assert_eq!(
            running_totals_drift(&app).await,
            0,
            "the database's running totals match the generated rows"
        );
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM practices p WHERE adoption_count <> (SELECT COUNT(*) FROM practice_adoptions a WHERE a.practice_id = p.id AND a.status = 'confirmed')").await, 0, "adoption counters match confirmed adoptions");
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM practice_adoptions a JOIN practices p ON p.id = a.practice_id WHERE a.organisation_id = p.owner_organisation_id").await, 0, "no organisation adopts its own practice");
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM plan_nodes n JOIN plans p ON p.id = n.plan_id WHERE p.parent_plan_id IN (SELECT id FROM plans WHERE title LIKE '%scala nazionale%') AND n.aligned_node_id IS NULL").await, 0, "regional nodes are aligned");
        // Few very active participants, many occasional ones.
        let top = app.count("SELECT CAST(MAX(n) AS BIGINT) AS n FROM (SELECT COUNT(*) AS n FROM contributions GROUP BY author_id) x").await;
        let median_ish = app.count("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM (SELECT author_id FROM contributions GROUP BY author_id HAVING COUNT(*) = 1) x").await;
        assert!(top >= 10 && median_ish > 50, "top {top}, once {median_ish}");

        // Loading twice is refused and changes nothing.
        let users = app.count("SELECT COUNT(*) AS n FROM users").await;
        let sizes2 = sizes.clone();
        let again = app
            .db
            .run(move |c| {
                scale::load(
                    c,
                    &sizes2,
                    chrono::Utc::now().naive_utc(),
                    &mut scale::Silent,
                )
            })
            .await;
        assert!(again.is_err());
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM users").await, users);

        // A generated participant signs in and contributes to an open consultation.
        let client = app.client();
        let r = client
        .post_json("/api/v1/session", &json!({"email": format!("p1@{}", scale::EMAIL_DOMAIN), "password": scale::PASSWORD}))
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let open = app.count("SELECT CAST(MAX(k.id) AS BIGINT) AS n FROM consultations k JOIN plans p ON p.id = k.plan_id WHERE p.title LIKE '%scala nazionale%'").await;
        let r = client
            .post_json(
                &format!("/api/v1/consultations/{open}/contributions"),
                &json!({"kind": "comment", "body": "Un commento durante il test di scala."}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

        // The catalogue finds generated practices; the dashboards show the plan.
        let r = client
            .get("/api/v1/practices?q=servizi&policy_area=digital")
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert!(
            r.json()["meta"]["total"].as_i64().unwrap() > 0,
            "{}",
            r.text()
        );
        let plan = national_plan(&app).await;
        let r = client
            .get(&format!("/api/v1/analytics/impact?plan={plan}"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(
            r.json()["indicators"].as_array().map_or(0, Vec::len),
            sizes.indicators,
            "{}",
            r.text()
        );
        let r = client
            .get(&format!("/dashboards/participation?plan={plan}"))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text().contains("scala nazionale"));
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_gives_the_same_data_on_both_databases() {
    let Some(pg) = TestApp::new(Backend::Postgres).await else {
        return;
    };
    let lite = TestApp::new(Backend::Sqlite).await.unwrap();
    let a = load(&lite, FRACTION).await;
    let b = load(&pg, FRACTION).await;
    assert_eq!(a, b);
    assert_eq!(fingerprint(&lite).await, fingerprint(&pg).await);
}
