//! The open-data archive as a reader downloads it.

use axum::body::Body;
use axum::http::{HeaderName, Request, StatusCode};
use pspm_backend::AppState;

use crate::{TestClient, TestResponse};

/// The archive's address.
pub const PATH: &str = "/api/v1/export/open-data.zip";

/// `GET` [`PATH`] with `headers` through `client`, a client of the server
/// whose state is `state`. When the first archive is not built yet (503
/// `open_data_not_ready`), waits until the build ended and asks again, as a
/// reader told `Retry-After` would.
pub async fn download(
    state: &AppState,
    client: &TestClient,
    headers: &[(HeaderName, &str)],
) -> TestResponse {
    loop {
        let r = get(client, headers).await;
        if r.status != StatusCode::SERVICE_UNAVAILABLE || r.error_code() != "open_data_not_ready" {
            return r;
        }
        state.open_data.idle().await;
    }
}

/// `GET` [`PATH`] with `headers` through `client`, once.
pub async fn get(client: &TestClient, headers: &[(HeaderName, &str)]) -> TestResponse {
    let mut request = Request::get(PATH);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    client
        .send(request.body(Body::empty()).expect("request"))
        .await
}
