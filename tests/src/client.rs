//! `TestClient` and `TestResponse`: requests through `Router::oneshot` with a
//! cookie jar, as a browser would send them, and their whole answers.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Mutex;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, HeaderName, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;

/// A response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl TestResponse {
    /// Body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Body as JSON (panics with the body when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The `code` of the first error in the error shape.
    pub fn error_code(&self) -> String {
        self.json()["errors"][0]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The `Location` header.
    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }

    /// The `field` of every error in the error shape, in order.
    pub fn error_fields(&self) -> Vec<String> {
        error_fields(&self.json())
    }

    /// The `code` of every error in the error shape, in order.
    pub fn error_codes(&self) -> Vec<String> {
        errors(&self.json())
            .iter()
            .map(|e| e["code"].as_str().expect("an error's code").to_owned())
            .collect()
    }

    /// The (`field`, `code`) of every error in the error shape, in order.
    pub fn error_fields_and_codes(&self) -> Vec<(Value, Value)> {
        errors(&self.json())
            .iter()
            .map(|e| (e["field"].clone(), e["code"].clone()))
            .collect()
    }
}

fn errors(body: &Value) -> &Vec<Value> {
    body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("not the error shape: {body}"))
}

/// The `field` of every error in an error-shaped JSON body, in order.
pub fn error_fields(body: &Value) -> Vec<String> {
    errors(body)
        .iter()
        .map(|e| e["field"].as_str().expect("an error's field").to_owned())
        .collect()
}

/// A client with a cookie jar, sending requests through the router.
pub struct TestClient {
    router: Router,
    cookies: Mutex<BTreeMap<String, String>>,
    /// The client address the server sees.
    pub addr: SocketAddr,
    /// Extra headers sent with every request.
    pub headers: Mutex<HeaderMap>,
}

impl TestClient {
    pub(crate) fn new(router: Router) -> Self {
        Self {
            router,
            cookies: Mutex::new(BTreeMap::new()),
            addr: SocketAddr::from(([198, 51, 100, rand::random::<u8>()], 40000)),
            headers: Mutex::new(HeaderMap::new()),
        }
    }

    /// Sends `value` as the header `name` with every later request.
    pub fn set_header(&self, name: HeaderName, value: &str) {
        self.headers
            .lock()
            .expect("headers")
            .insert(name, value.parse().expect("a header value"));
    }

    /// Puts a cookie in the jar, as another site sharing the domain could.
    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies
            .lock()
            .expect("jar")
            .insert(name.to_owned(), value.to_owned());
    }

    /// A cookie's current value.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().expect("jar").get(name).cloned()
    }

    /// Sends a request with the jar's cookies and stores the response's cookies.
    pub async fn send(&self, mut req: Request<Body>) -> TestResponse {
        use tower::ServiceExt;
        let cookie_header = {
            let jar = self.cookies.lock().expect("jar");
            jar.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        if !cookie_header.is_empty() {
            req.headers_mut().insert(
                header::COOKIE,
                cookie_header.parse().expect("cookie header"),
            );
        }
        for (k, v) in self.headers.lock().expect("headers").iter() {
            req.headers_mut().insert(k.clone(), v.clone());
        }
        req.extensions_mut().insert(ConnectInfo(self.addr));
        let response = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router is infallible");
        let status = response.status();
        let headers = response.headers().clone();
        {
            let mut jar = self.cookies.lock().expect("jar");
            for v in headers.get_all(header::SET_COOKIE) {
                let v = v.to_str().expect("cookie ascii");
                let first = v.split(';').next().unwrap_or_default();
                if let Some((k, val)) = first.split_once('=') {
                    if val.is_empty() || v.contains("Max-Age=0") {
                        jar.remove(k);
                    } else {
                        jar.insert(k.to_owned(), val.to_owned());
                    }
                }
            }
        }
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        TestResponse {
            status,
            headers,
            body,
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    /// A JSON request.
    pub async fn json(&self, method: Method, path: &str, body: &Value) -> TestResponse {
        self.send(
            Request::builder()
                .method(method)
                .uri(path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .expect("request"),
        )
        .await
    }

    /// `POST path` with a JSON body.
    pub async fn post_json(&self, path: &str, body: &Value) -> TestResponse {
        self.json(Method::POST, path, body).await
    }

    /// `POST path` with a JSON body that must create something (201 Created):
    /// the answer's JSON.
    pub async fn create(&self, path: &str, body: &Value) -> Value {
        let r = self.post_json(path, body).await;
        assert_eq!(r.status, StatusCode::CREATED, "POST {path}: {}", r.text());
        r.json()
    }

    /// `POST /api/v1/session`: signs in with `email` and `password`.
    pub async fn sign_in(&self, email: &str, password: &str) -> TestResponse {
        self.post_json(
            "/api/v1/session",
            &serde_json::json!({"email": email, "password": password}),
        )
        .await
    }

    /// `PUT path` with a JSON body.
    pub async fn put_json(&self, path: &str, body: &Value) -> TestResponse {
        self.json(Method::PUT, path, body).await
    }

    /// `PATCH path` with a JSON body.
    pub async fn patch_json(&self, path: &str, body: &Value) -> TestResponse {
        self.json(Method::PATCH, path, body).await
    }

    /// `DELETE path`.
    pub async fn delete(&self, path: &str) -> TestResponse {
        // As a same-site script would: a bodiless write names its content type.
        self.send(
            Request::delete(path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// `POST path` with a raw body and content type.
    pub async fn post_raw(&self, path: &str, content_type: &str, body: &str) -> TestResponse {
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body.to_owned()))
                .expect("request"),
        )
        .await
    }

    /// Submits a form as a browser would, with the CSRF token of the jar
    /// (fetching a page first to get one).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let csrf = || {
            self.cookie("pspm_csrf")
                .or_else(|| self.cookie("__Host-pspm_csrf"))
        };
        if csrf().is_none() {
            self.get("/").await;
        }
        let token = csrf().expect("csrf cookie set by a page");
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form_raw(path, &all).await
    }

    /// `POST path` as `multipart/form-data`: the text `fields`, then the
    /// `file` field (name and bytes) when given, as a browser sends a form.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> TestResponse {
        const B: &str = "pspm-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!("--{B}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                    .as_bytes(),
            );
        }
        if let Some((name, bytes)) = file {
            body.extend_from_slice(
                format!(
                    "--{B}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{B}--\r\n").as_bytes());
        let mut req = Request::post(path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={B}"),
            )
            .header(header::CONTENT_LENGTH, body.len());
        // A signed-in script sends the session's token in a header, as the API asks
        // of a form-like body.
        if path.starts_with("/api/") && self.cookie("pspm_session").is_some() {
            if self.cookie("pspm_csrf").is_none() {
                self.get("/").await;
            }
            if let Some(token) = self
                .cookie("pspm_csrf")
                .or_else(|| self.cookie("__Host-pspm_csrf"))
            {
                req = req.header(pspm_backend::http::extract::CSRF_HEADER, token);
            }
        }
        self.send(req.body(Body::from(body)).expect("request"))
            .await
    }

    /// [`TestClient::post_multipart`] with the jar's CSRF token first, as a page's form sends it.
    pub async fn post_form_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> TestResponse {
        if self.cookie("pspm_csrf").is_none() && self.cookie("__Host-pspm_csrf").is_none() {
            self.get("/").await;
        }
        let token = self
            .cookie("pspm_csrf")
            .or_else(|| self.cookie("__Host-pspm_csrf"))
            .expect("csrf cookie set by a page");
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_multipart(path, &all, file).await
    }

    /// Submits a form exactly as given (no CSRF token added).
    pub async fn post_form_raw(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.post_raw(path, "application/x-www-form-urlencoded", &body)
            .await
    }
}
