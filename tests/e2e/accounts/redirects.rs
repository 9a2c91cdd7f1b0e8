//! Where signing in and the language switch send the reader afterwards
//! (`next=`): a path of this site, never another site.

use axum::http::StatusCode;
use pspm_tests::{PASSWORD, both};

/// Return addresses that lead elsewhere once a browser has read them: it
/// drops tabs and line breaks, and reads `\` as `/`, so each becomes `//host`.
const FOREIGN: [&str; 10] = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/ /evil.example",
    "/\u{a0}/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\t//evil.example",
    "https://evil.example/",
    "evil.example",
];

fn encoded(next: &str) -> String {
    form_urlencoded::byte_serialize(next.as_bytes()).collect()
}

both!(next_never_leads_to_another_site, |app| async move {
    let client = app.client();
    // The address of the review, exactly as reported.
    let r = client.get("/lang/en?next=/%09/evil.example").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/");
    let form = client.get("/sign-in?next=/%09/evil.example").await.text();
    assert!(form.contains(r#"name="next" value="/""#), "{form}");
    for next in FOREIGN {
        let r = client
            .get(&format!("/lang/en?next={}", encoded(next)))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(r.location(), "/", "language switch to {next:?}");
        let form = client
            .get(&format!("/sign-in?next={}", encoded(next)))
            .await
            .text();
        assert!(
            form.contains(r#"name="next" value="/""#),
            "the sign-in form keeps {next:?}: {form}"
        );
        let r = client
            .post_form(
                "/sign-in",
                &[
                    ("email", "member@test.example"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next:?}: {}", r.text());
        assert_eq!(r.location(), "/", "sign-in to {next:?}");
    }
    // A path of this site, with its query, is where the reader goes back to.
    let back = "/plans?q=a%20b&page=2";
    let r = client
        .get(&format!("/lang/it?next={}", encoded(back)))
        .await;
    assert_eq!(r.location(), back);
    let r = client
        .post_form(
            "/sign-in",
            &[
                ("email", "member@test.example"),
                ("password", PASSWORD),
                ("next", back),
            ],
        )
        .await;
    assert_eq!(r.location(), back);
});
