//! The reader's notifications: what became of their contributions and practices.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::pages::accounts::notifications::NotificationItem;

use crate::app::AppState;
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
            let href = n.href();
            NotificationItem {
                kind: n.kind.to_string(),
                href,
                read: n.read_at.is_some(),
                at: format!(
                    "{} {}",
                    page.ctx.tr.date(n.created_at.date()),
                    n.created_at.format("%H:%M")
                ),
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
