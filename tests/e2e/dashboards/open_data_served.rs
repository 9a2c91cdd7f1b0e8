//! The open-data archive as a file: built once per data version in the
//! background, served with validators and byte ranges, and the last complete
//! one served while a newer one is built.

use std::io::Read;

use axum::http::{HeaderName, StatusCode, header};
use pspm_backend::config::Config;
use pspm_backend::domain::Role;
use pspm_tests::consultations::{contribute, setup};
use pspm_tests::html::{expect_element, text};
use pspm_tests::open_data::{download, get};
use pspm_tests::{TestClient, TestResponse, both};
use serde_json::json;

/// A header of `r`, as text (empty when missing).
fn h(r: &TestResponse, name: HeaderName) -> String {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// What the dashboards page says about the archive.
async fn note(client: &TestClient) -> String {
    let page = client.get("/dashboards").await.text();
    text(expect_element(&page, "id=\"open-data-note\""))
}

/// What the dashboards page says of an archive whose `Last-Modified` is `at`.
fn built_on(at: &str) -> String {
    let at = chrono::DateTime::parse_from_rfc2822(at).expect("an HTTP date");
    format!("Built on {} UTC.", at.format("%Y-%m-%d %H:%M"))
}

/// `contributions.csv` of an archive.
fn contributions(archive: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive)).expect("a zip");
    let mut csv = String::new();
    zip.by_name("contributions.csv")
        .expect("contributions.csv")
        .read_to_string(&mut csv)
        .unwrap();
    csv
}

/// Posts a comment as `member`.
async fn comment(member: &TestClient, consultation: i64, body: &str) {
    let r = contribute(
        member,
        consultation,
        json!({"kind": "comment", "body": body}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
}

both!(
    the_archive_is_built_once_per_data_version_and_served_with_validators_and_ranges,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let member = app.client_as(Role::Member).await;
        comment(&member, s.consultation, "Prima osservazione").await;
        let reader = app.client();
        assert!(
            note(&reader)
                .await
                .starts_with("The archive is prepared when it is first asked for"),
            "{}",
            note(&reader).await
        );

        let first = download(&app.state, &reader, &[]).await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.text());
        let etag = h(&first, header::ETAG);
        assert!(
            etag.starts_with('"') && etag.len() > 2,
            "a strong tag: {etag}"
        );
        let last_modified = h(&first, header::LAST_MODIFIED);
        assert_eq!(h(&first, header::ACCEPT_RANGES), "bytes");
        assert_eq!(h(&first, header::CONTENT_TYPE), "application/zip");
        assert_eq!(
            h(&first, header::CONTENT_LENGTH),
            first.body.len().to_string()
        );
        assert!(h(&first, header::CONTENT_DISPOSITION).contains("pspm-open-data.zip"));
        assert!(contributions(&first.body).contains("Prima osservazione"));
        assert_eq!(note(&reader).await, built_on(&last_modified));

        // Asked again for the same data: the same file, not built again.
        let again = get(&reader, &[]).await;
        assert_eq!(again.status, StatusCode::OK);
        assert_eq!(h(&again, header::ETAG), etag);
        assert_eq!(h(&again, header::LAST_MODIFIED), last_modified);
        assert!(again.body == first.body, "the same bytes");
        app.state.open_data.idle().await;
        assert_eq!(app.state.open_data.builds(), 1, "one build for one version");

        // Conditional requests.
        let r = get(&reader, &[(header::IF_NONE_MATCH, &etag)]).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED);
        assert!(r.body.is_empty());
        assert_eq!(h(&r, header::ETAG), etag);
        let r = get(
            &reader,
            &[(header::IF_NONE_MATCH, &format!("\"other\", W/{etag}"))],
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED, "one of a list, weakly");
        let r = get(&reader, &[(header::IF_MODIFIED_SINCE, &last_modified)]).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED);
        let r = get(
            &reader,
            &[
                (header::IF_NONE_MATCH, "\"other\""),
                (header::IF_MODIFIED_SINCE, &last_modified),
            ],
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "a tag that differs outweighs the date"
        );
        assert!(r.body == first.body);

        // Ranges, to resume a download.
        let len = first.body.len();
        let r = get(&reader, &[(header::RANGE, "bytes=100-199")]).await;
        assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(h(&r, header::CONTENT_RANGE), format!("bytes 100-199/{len}"));
        assert_eq!(r.body, first.body[100..200]);
        assert_eq!(h(&r, header::ETAG), etag);
        let r = get(&reader, &[(header::RANGE, "bytes=-22")]).await;
        assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(r.body, first.body[len - 22..]);
        assert!(
            r.body.starts_with(b"PK\x05\x06"),
            "the end of the zip's directory"
        );
        let r = get(
            &reader,
            &[(header::RANGE, "bytes=100-199"), (header::IF_RANGE, &etag)],
        )
        .await;
        assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(r.body, first.body[100..200]);
        let r = get(
            &reader,
            &[
                (header::RANGE, "bytes=100-199"),
                (header::IF_RANGE, "\"other\""),
            ],
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "another archive's range: the whole file"
        );
        assert!(r.body == first.body);
        let r = get(&reader, &[(header::RANGE, "bytes=0-9,20-29")]).await;
        assert_eq!(r.status, StatusCode::OK, "several ranges: the whole file");
        assert!(r.body == first.body);
        let r = get(&reader, &[(header::RANGE, &format!("bytes={len}-"))]).await;
        assert_eq!(r.status, StatusCode::RANGE_NOT_SATISFIABLE);

        // A write soon after the build (PSPM_OPEN_DATA_REBUILD_SECS, ten
        // minutes by default): the same archive, and no build started.
        comment(&member, s.consultation, "Seconda osservazione").await;
        let r = get(&reader, &[]).await;
        assert_eq!(h(&r, header::ETAG), etag);
        assert!(!app.state.open_data.status().building);
        assert_eq!(app.state.open_data.builds(), 1);
    }
);

both!(
    after_a_write_the_last_archive_is_served_until_the_newer_one_is_built,
    |app| async move {
        let (state, reader) = app.server_with(Config {
            demo: Some(false),
            open_data_rebuild_secs: 0,
            ..Config::default()
        });
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let member = app.client_as(Role::Member).await;
        comment(&member, s.consultation, "Prima osservazione").await;
        let first = download(&state, &reader, &[]).await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.text());
        let old = h(&first, header::ETAG);

        comment(&member, s.consultation, "Seconda osservazione").await;
        // The newer archive starts building; this reader gets the last one.
        let during = get(&reader, &[]).await;
        assert_eq!(h(&during, header::ETAG), old);
        assert!(during.body == first.body);
        state.open_data.idle().await;
        assert_eq!(state.open_data.builds(), 2);

        let after = get(&reader, &[(header::IF_NONE_MATCH, &old)]).await;
        assert_eq!(
            after.status,
            StatusCode::OK,
            "the old tag no longer matches"
        );
        let new = h(&after, header::ETAG);
        assert_ne!(new, old);
        assert!(contributions(&after.body).contains("Seconda osservazione"));
        // A download resumed from the older archive gets the whole newer one.
        let resumed = get(
            &reader,
            &[(header::RANGE, "bytes=100-"), (header::IF_RANGE, &old)],
        )
        .await;
        assert_eq!(resumed.status, StatusCode::OK);
        assert!(resumed.body == after.body);
        // The older file is gone.
        let dir = state.open_data.directory().expect("a directory");
        let archives: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".zip"))
            .collect();
        assert_eq!(archives.len(), 1, "{archives:?}");

        // A write that leaves the public data as they were (a draft plan):
        // built again, found equal, and the same archive stays.
        pspm_tests::plans::new_plan(&planner, "Bozza riservata").await;
        let r = get(&reader, &[(header::IF_NONE_MATCH, &new)]).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED);
        state.open_data.idle().await;
        assert_eq!(state.open_data.builds(), 3);
        let r = get(&reader, &[]).await;
        assert_eq!(h(&r, header::ETAG), new);
        assert_eq!(
            h(&r, header::LAST_MODIFIED),
            h(&after, header::LAST_MODIFIED)
        );
    }
);

both!(
    the_first_download_is_asked_to_come_back_while_the_archive_is_built,
    |app| async move {
        let (state, reader) = app.server_with(Config {
            demo: Some(false),
            open_data_wait_secs: 0,
            ..Config::default()
        });
        let r = get(&reader, &[]).await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(r.error_code(), "open_data_not_ready");
        assert!(
            r.json()["errors"][0]["detail"]
                .as_str()
                .unwrap()
                .contains("being prepared")
        );
        assert_eq!(h(&r, header::RETRY_AFTER), "30");
        state.open_data.idle().await;
        let r = get(&reader, &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(zip::ZipArchive::new(std::io::Cursor::new(r.body)).is_ok());
        assert_eq!(state.open_data.builds(), 1);
    }
);

both!(
    an_archive_removed_under_the_server_is_built_again,
    |app| async move {
        let reader = app.client();
        let first = download(&app.state, &reader, &[]).await;
        assert_eq!(first.status, StatusCode::OK);
        // A cleaner of old temporary files removes the directory.
        let dir = app.state.open_data.directory().expect("a directory");
        std::fs::remove_dir_all(&dir).unwrap();
        let again = download(&app.state, &reader, &[]).await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.text());
        assert!(again.body == first.body);
        assert_eq!(app.state.open_data.builds(), 2);
        assert!(app.state.open_data.directory().unwrap().is_dir());
    }
);
