//! The catalogue's text index on disk: shared by servers on one database,
//! brought up to date after every kind of change, and built again from the
//! database when its files are removed or damaged.

use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::practices::{create, practice, publish};
use serde_json::json;

both!(
    the_index_follows_the_database_and_is_built_again_when_lost,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let anon = app.client();
        let body = |title: &str| {
            practice(
                title,
                "Lavori in città.",
                "national",
                "digital",
                &[9],
                &["cantieri"],
            )
        };
        let first = create(&member, &body("Sportello unico digitale")).await;
        publish(&member, &admin, first).await;
        assert_eq!(found(&anon, "sportelli").await, 1, "stemmed");
        // A second server on the same database finds it (it reads the same
        // index), and finds at once what the first one publishes.
        let other = app.fresh_client();
        assert_eq!(found(&other, "sportello").await, 1);
        let second = create(&member, &body("Mappa dei cantieri")).await;
        publish(&member, &admin, second).await;
        assert_eq!(found(&other, "mappa").await, 1);
        assert_eq!(found(&anon, "mappa cantieri").await, 1);
        // An edit, a rename of the owner and a withdrawal each show at once.
        let r = admin
            .put_json(
                &format!("/api/v1/practices/{second}"),
                &body("Mappa dei lavori stradali"),
            )
            .await;
        assert!(r.status.is_success(), "{}", r.text());
        assert_eq!(found(&anon, "stradali").await, 1);
        assert_eq!(found(&other, "stradali").await, 1);
        let org = app.org_id;
        let r = admin
            .patch_json(
                &format!("/api/v1/organisations/{org}"),
                &json!({"name": "Agenzia Cartografica", "kind": "ministry", "level": "national", "territory_code": "IT"}),
            )
            .await;
        assert!(r.status.is_success(), "{}", r.text());
        assert_eq!(
            found(&anon, "cartografica").await,
            2,
            "the owner's new name"
        );
        assert_eq!(found(&anon, "prova").await, 0, "the owner's old name");
        // Its files removed: the next change builds it again from the database.
        let dir = app
            .db
            .run(pspm_backend::services::practices::catalogue::default_dir)
            .await
            .unwrap()
            .expect("a database with a file or a name")
            .join(pspm_backend::search::engine::INDEX_FOLDER);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(step_archive(&member, first).await, 200);
        assert_eq!(found(&anon, "sportello").await, 0, "archived");
        assert_eq!(found(&anon, "stradali").await, 1);
        assert!(dir.join("meta.json").exists(), "built again");
        // Damaged: a server that opens it builds it again.
        std::fs::write(dir.join("meta.json"), b"not json").unwrap();
        let third = app.fresh_client();
        assert_eq!(found(&third, "stradali").await, 1);
        assert_eq!(found(&third, "sportello").await, 0);
        // A place that cannot be written (here, below a file): the search
        // still answers, from an index in memory.
        let blocked = tempfile::NamedTempFile::new().unwrap();
        let fourth = app.client_with(pspm_backend::config::Config {
            search_dir: Some(blocked.path().join("index")),
            demo: Some(false),
            ..pspm_backend::config::Config::default()
        });
        assert_eq!(found(&fourth, "stradali").await, 1);
    }
);

/// How many practices the search for `q` finds, asked through `c`.
async fn found(c: &pspm_tests::TestClient, q: &str) -> i64 {
    c.get(&format!("/api/v1/practices?q={}", q.replace(' ', "+")))
        .await
        .json()["meta"]["total"]
        .as_i64()
        .unwrap()
}

/// Archives practice `id` as its owner's member; the answer's status.
async fn step_archive(member: &pspm_tests::TestClient, id: i64) -> u16 {
    pspm_tests::practices::step(member, id, "archive")
        .await
        .as_u16()
}
