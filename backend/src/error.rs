//! The one error type of the application and its single JSON shape:
//! `{"errors":[{"code":"plan_not_found","detail":"…","field":"title"}]}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

/// Result of services and handlers.
pub type AppResult<T> = Result<T, AppError>;

/// One problem in an error response.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ErrorItem {
    /// Stable snake_case code that clients and the UI translate.
    pub code: String,
    /// Human-readable explanation (English).
    pub detail: String,
    /// The input field concerned, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The problems found.
    pub errors: Vec<ErrorItem>,
}

/// Application error.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input failed validation: one item per field.
    #[error("invalid input")]
    Validation(Vec<ErrorItem>),
    /// The caller is not signed in.
    #[error("sign-in required")]
    Unauthenticated,
    /// Wrong email or password.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The caller lacks the right to do this.
    #[error("forbidden")]
    Forbidden,
    /// A read-only API token was used for a write.
    #[error("read-only token")]
    ReadOnlyToken,
    /// The form lacked a valid CSRF token.
    #[error("csrf")]
    Csrf,
    /// Something with this id does not exist (entity name, e.g. `organisation`).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A uniqueness or state conflict.
    #[error("conflict: {code}")]
    Conflict {
        /// Stable code.
        code: &'static str,
        /// Explanation.
        detail: String,
        /// Field concerned.
        field: Option<&'static str>,
    },
    /// The request body is larger than allowed.
    #[error("payload too large")]
    TooLarge,
    /// Too many attempts: retry after this many seconds.
    #[error("rate limited")]
    RateLimited(u64),
    /// The database is unreachable.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// What was asked for is being prepared and is not ready yet (503 with
    /// `Retry-After`): not a fault, so not logged.
    #[error("not ready: {code}")]
    NotReady {
        /// Stable code.
        code: &'static str,
        /// Explanation.
        detail: &'static str,
        /// Seconds after which asking again is worth it.
        retry_after: u64,
    },
    /// Anything else: logged once, shown generically.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A single validation error on a field.
    pub fn field(field: &str, code: &str, detail: impl Into<String>) -> Self {
        Self::Validation(vec![ErrorItem {
            code: code.to_owned(),
            detail: detail.into(),
            field: Some(field.to_owned()),
        }])
    }

    /// HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthenticated | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::ReadOnlyToken | Self::Csrf => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unavailable(_) | Self::NotReady { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The error items of the JSON body.
    pub fn items(&self) -> Vec<ErrorItem> {
        let one = |code: &str, detail: &str| {
            vec![ErrorItem {
                code: code.to_owned(),
                detail: detail.to_owned(),
                field: None,
            }]
        };
        match self {
            Self::Validation(items) => items.clone(),
            Self::Unauthenticated => one("unauthenticated", "Sign in to do this."),
            Self::InvalidCredentials => one("invalid_credentials", "Wrong email or password."),
            Self::Forbidden => one("forbidden", "You do not have the right to do this."),
            Self::ReadOnlyToken => one(
                "token_read_only",
                "This API token may only read. Use a read-write token to make changes.",
            ),
            Self::Csrf => one(
                "csrf_invalid",
                "The form has expired or did not come from this site. Reload the page and try again.",
            ),
            Self::NotFound(entity) => one(
                &format!("{entity}_not_found"),
                &format!("No {entity} with this id."),
            ),
            Self::Conflict {
                code,
                detail,
                field,
            } => vec![ErrorItem {
                code: (*code).to_owned(),
                detail: detail.clone(),
                field: field.map(str::to_owned),
            }],
            Self::TooLarge => one("payload_too_large", "The request body is too large."),
            Self::RateLimited(_) => one(
                "too_many_attempts",
                "Too many failed attempts. Wait a few minutes and try again.",
            ),
            Self::Unavailable(_) => one(
                "service_unavailable",
                "The database is unavailable. Try again shortly.",
            ),
            Self::NotReady { code, detail, .. } => one(code, detail),
            Self::Internal(_) => one("internal_error", "Something went wrong on our side."),
        }
    }

    /// Logs server-side failures once, with their cause.
    pub fn log(&self) {
        match self {
            Self::Internal(cause) => tracing::error!(error.cause = %cause, "internal error"),
            Self::Unavailable(cause) => {
                tracing::error!(error.cause = %cause, "database unavailable")
            }
            _ => {}
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => Self::NotFound("record"),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => Self::Conflict {
                code: "already_exists",
                detail: "A record with the same unique value already exists.".into(),
                field: info.column_name().and_then(known_field),
            },
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => Self::Conflict {
                code: "reference_invalid",
                detail:
                    "The record refers to something that does not exist or is still referenced."
                        .into(),
                field: None,
            },
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                Self::Unavailable(info.message().to_owned())
            }
            // SQLite's busy timeout ran out while another connection held the
            // write lock: the database is overloaded, not broken.
            Error::DatabaseError(_, info)
                if info.message().starts_with("database is locked")
                    || info.message().starts_with("database table is locked") =>
            {
                Self::Unavailable(info.message().to_owned())
            }
            other => Self::Internal(other.to_string()),
        }
    }
}

fn known_field(name: &str) -> Option<&'static str> {
    ["email", "name"].into_iter().find(|f| *f == name)
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self::Unavailable(e.to_string())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let retry = match self {
            Self::RateLimited(secs) => Some(secs),
            Self::Unavailable(_) => Some(1),
            Self::NotReady { retry_after, .. } => Some(retry_after),
            _ => None,
        };
        let mut response = (
            status,
            Json(ErrorBody {
                errors: self.items(),
            }),
        )
            .into_response();
        if let Some(secs) = retry {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response
    }
}

/// Parses JSON, turning serde's error into a field-level validation error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> AppResult<T> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let first = serde_path_to_error::deserialize(&mut de);
    // JSON has one number type: `3.0` is the integer 3 to a client (and to
    // JSON Schema), so whole numbers written with a fraction are read again.
    let result = match first {
        Err(e)
            if e.inner()
                .to_string()
                .starts_with("invalid type: floating point") =>
        {
            match serde_json::from_slice::<serde_json::Value>(bytes) {
                Ok(mut value) => {
                    integral(&mut value);
                    serde_path_to_error::deserialize(value)
                }
                Err(_) => Err(e),
            }
        }
        other => other,
    };
    result.map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.to_string();
        let (code, field) = if inner.is_syntax() || inner.is_eof() {
            ("invalid_json", None)
        } else if let Some(missing) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            let field = if path == "." {
                missing.to_owned()
            } else {
                format!("{path}.{missing}")
            };
            ("required", Some(field))
        } else {
            ("invalid_type", (path != ".").then_some(path))
        };
        AppError::Validation(vec![ErrorItem {
            code: code.into(),
            detail: message,
            field,
        }])
    })
}

/// Turns whole numbers written as floats (`3.0`) into integers, in place.
pub(crate) fn integral(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 9.007_199_254_740_992e15
            {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral),
        Value::Object(map) => map.values_mut().for_each(integral),
        _ => {}
    }
}
