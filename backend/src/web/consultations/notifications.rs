//! The reader's notifications: what became of their contributions and practices.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::pages::accounts::notifications::NotificationItem;

use crate::app::AppState;
use crate::domain::NotificationKind;
use crate::http::extract::FormData;
use crate::http::page::{PageResult, SignedIn, html};
use crate::services::consultations;

/// `GET /notifications`.
pub async fn notifications(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
) -> PageResult {
    let (list, unread) = state
        .db
        .run(move |c| consultations::notifications(c, &actor))
        .await?;
    let items: Vec<NotificationItem> = list
        .into_iter()
        .map(|n| {
            let payload: serde_json::Value = serde_json::from_str(&n.payload).unwrap_or_default();
            let consultation = payload["consultation_id"].as_i64().unwrap_or_default();
            let href = match payload["contribution_id"].as_i64() {
                _ if n.kind == NotificationKind::AdoptionDeclared => "/adoptions".to_string(),
                _ if matches!(
                    n.kind,
                    NotificationKind::PracticeReviewed | NotificationKind::AdoptionDecided
                ) =>
                {
                    format!(
                        "/practices/{}",
                        payload["practice_id"].as_i64().unwrap_or_default()
                    )
                }
                Some(c) if n.kind == NotificationKind::Response => {
                    "/my/contributions".to_string() + &format!("#contribution-{c}")
                }
                Some(c) => format!("/consultations/{consultation}#contribution-{c}"),
                None => format!("/consultations/{consultation}"),
            };
            NotificationItem {
                kind: n.kind.to_string(),
                href,
                read: n.read_at.is_some(),
                at: n.created_at.format("%Y-%m-%d %H:%M").to_string(),
            }
        })
        .collect();
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::accounts::notifications::render_notifications(
            &page.ctx, &items, unread,
        ),
    ))
}

/// `POST /notifications/read`.
pub async fn read_notifications(
    State(state): State<AppState>,
    SignedIn { actor, .. }: SignedIn,
    _form: FormData,
) -> PageResult {
    state
        .db
        .run(move |c| consultations::mark_notifications_read(c, &actor))
        .await?;
    Ok(Redirect::to("/notifications").into_response())
}
