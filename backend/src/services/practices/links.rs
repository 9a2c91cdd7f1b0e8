//! Links from a good practice to the plan actions it informs. Planners who may
//! edit a plan link its actions to published practices; the practice page and
//! the API list the links.

use serde_json::json;

use crate::db::DbConn;
use crate::db::plan::Plan;
use crate::db::plan_node::PlanNode;
use crate::db::practice_link::{LinkedNodeRow, PracticeLink};
use crate::domain::{NodeKind, PlanStatus, PracticeStatus};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::accounts::organisations::not_found;

pub use pspm_frontend::model::LinkedNode;

fn view(r: LinkedNodeRow) -> LinkedNode {
    LinkedNode {
        node_id: r.id,
        code: r.code,
        title: r.title,
        plan_id: r.plan_id,
        plan: r.plan,
    }
}

fn node_plan(conn: &mut DbConn, node_id: i32) -> AppResult<(NodeKind, Plan)> {
    let node = PlanNode::find(conn, node_id).map_err(|e| not_found(e, "node"))?;
    Ok((node.kind, Plan::find(conn, node.plan_id)?))
}

/// Links a published practice to an action of a plan the actor may edit.
pub fn link(conn: &mut DbConn, actor: &Actor, practice_id: i32, node_id: i32) -> AppResult<()> {
    conn.write(|conn| {
        let p = crate::services::practices::readable(conn, Some(actor), practice_id)?;
        let (kind, plan) = node_plan(conn, node_id)?;
        if !crate::services::plans::can_edit(Some(actor), &plan) {
            return Err(AppError::Forbidden);
        }
        if p.status != PracticeStatus::Published {
            return Err(AppError::Conflict {
                code: "not_published",
                detail: "Only published practices can be linked to plan actions.".into(),
                field: None,
            });
        }
        if kind != NodeKind::Action {
            return Err(AppError::field(
                "node_id",
                "not_an_action",
                "practices are linked to actions",
            ));
        }
        if PracticeLink::find(conn, practice_id, node_id)?.is_some() {
            return Err(AppError::Conflict {
                code: "already_linked",
                detail: "This practice is already linked to this action.".into(),
                field: Some("node_id"),
            });
        }
        let id = PracticeLink::create(conn, practice_id, node_id, actor.user_id, crate::db::now())?;
        audit::record(
            conn,
            Some(actor),
            "practice.link",
            "practice_node_link",
            Some(id),
            json!({"practice_id": practice_id, "node_id": node_id}),
        )
    })
}

/// Removes a link (planners who may edit the node's plan).
pub fn unlink(conn: &mut DbConn, actor: &Actor, practice_id: i32, node_id: i32) -> AppResult<()> {
    conn.write(|conn| {
        let (_, plan) = node_plan(conn, node_id)?;
        if !crate::services::plans::can_edit(Some(actor), &plan) {
            return Err(AppError::Forbidden);
        }
        let id =
            PracticeLink::find(conn, practice_id, node_id)?.ok_or(AppError::NotFound("link"))?;
        PracticeLink::delete(conn, id)?;
        audit::record(
            conn,
            Some(actor),
            "practice.unlink",
            "practice_node_link",
            Some(id),
            json!({"practice_id": practice_id, "node_id": node_id}),
        )
    })
}

/// Nodes a practice informs, by plan and code (nodes of draft plans are left out).
pub fn for_practice(conn: &mut DbConn, practice_id: i32) -> AppResult<Vec<LinkedNode>> {
    Ok(PracticeLink::nodes_of(conn, practice_id)?
        .into_iter()
        .map(view)
        .collect())
}

/// Actions the actor may link practices to (those of plans the actor may edit).
pub fn linkable(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<LinkedNode>> {
    let editable: Vec<i32> = Plan::all(conn)?
        .into_iter()
        .filter(|p| {
            crate::services::plans::can_edit(Some(actor), p) && p.status != PlanStatus::Closed
        })
        .map(|p| p.id)
        .collect();
    Ok(PracticeLink::actions_of(conn, &editable)?
        .into_iter()
        .map(view)
        .collect())
}
