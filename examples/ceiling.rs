//! The ceiling for `bench/load.sh`: a minimal axum 0.8 "hello world" on the same
//! tokio runtime as `pspm serve`, so a route's requests/s can be read as a
//! fraction of what the HTTP stack alone does on this machine.
//!
//! Listens on the first argument, else `PSPM_ADDR`, else `127.0.0.1:8081`.

use axum::{Router, routing::get};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("PSPM_ADDR").ok())
        .unwrap_or_else(|| "127.0.0.1:8081".to_owned());
    let app = Router::new().route("/", get(|| async { "Hello, world!" }));
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("ceiling listening on http://{}/", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
