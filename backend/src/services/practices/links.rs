//! Links from a good practice to the plan actions it informs. Planners who may
//! edit a plan link its actions to published practices; the practice page and
//! the API list the links.

use diesel::prelude::*;
use serde_json::json;

use crate::db::DbConn;
use crate::db::plan::Plan;
use crate::db::schema::{plan_nodes, plans, practice_node_links};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::accounts::organisations::not_found;

pub use pspm_frontend::model::LinkedNode;

type Row = (i32, String, String, i32, String);

fn view(r: Row) -> LinkedNode {
    LinkedNode {
        node_id: r.0,
        code: r.1,
        title: r.2,
        plan_id: r.3,
        plan: r.4,
    }
}

fn node_plan(conn: &mut DbConn, node_id: i32) -> AppResult<(String, Plan)> {
    let (kind, plan_id): (String, i32) = plan_nodes::table
        .find(node_id)
        .select((plan_nodes::kind, plan_nodes::plan_id))
        .first(conn)
        .map_err(|e| not_found(e, "node"))?;
    Ok((kind, Plan::find(conn, plan_id)?))
}

/// Links a published practice to an action of a plan the actor may edit.
pub fn link(conn: &mut DbConn, actor: &Actor, practice_id: i32, node_id: i32) -> AppResult<()> {
    conn.write(|conn| {
        let p = crate::services::practices::readable(conn, Some(actor), practice_id)?;
        let (kind, plan) = node_plan(conn, node_id)?;
        if !crate::services::plans::can_edit(Some(actor), &plan) {
            return Err(AppError::Forbidden);
        }
        if p.status != "published" {
            return Err(AppError::Conflict {
                code: "not_published",
                detail: "Only published practices can be linked to plan actions.".into(),
                field: None,
            });
        }
        if kind != "action" {
            return Err(AppError::field(
                "node_id",
                "not_an_action",
                "practices are linked to actions",
            ));
        }
        let existing: i64 = practice_node_links::table
            .filter(practice_node_links::practice_id.eq(practice_id))
            .filter(practice_node_links::node_id.eq(node_id))
            .count()
            .get_result(conn)?;
        if existing > 0 {
            return Err(AppError::Conflict {
                code: "already_linked",
                detail: "This practice is already linked to this action.".into(),
                field: Some("node_id"),
            });
        }
        let id: i32 = diesel::insert_into(practice_node_links::table)
            .values((
                practice_node_links::practice_id.eq(practice_id),
                practice_node_links::node_id.eq(node_id),
                practice_node_links::linked_by.eq(Some(actor.user_id)),
                practice_node_links::created_at.eq(crate::db::now()),
            ))
            .returning(practice_node_links::id)
            .get_result(conn)?;
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
        let id: i32 = practice_node_links::table
            .filter(practice_node_links::practice_id.eq(practice_id))
            .filter(practice_node_links::node_id.eq(node_id))
            .select(practice_node_links::id)
            .first(conn)
            .map_err(|e| not_found(e, "link"))?;
        diesel::delete(practice_node_links::table.find(id)).execute(conn)?;
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
    Ok(practice_node_links::table
        .inner_join(plan_nodes::table.inner_join(plans::table))
        .filter(practice_node_links::practice_id.eq(practice_id))
        .filter(plans::status.ne("draft"))
        .order((plans::title.asc(), plan_nodes::code.asc()))
        .select((
            plan_nodes::id,
            plan_nodes::code,
            plan_nodes::title,
            plans::id,
            plans::title,
        ))
        .load::<Row>(conn)?
        .into_iter()
        .map(view)
        .collect())
}

/// Actions the actor may link practices to (those of plans the actor may edit).
pub fn linkable(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<LinkedNode>> {
    let editable: Vec<i32> = plans::table
        .select(Plan::as_select())
        .load::<Plan>(conn)?
        .into_iter()
        .filter(|p| crate::services::plans::can_edit(Some(actor), p) && p.status != "closed")
        .map(|p| p.id)
        .collect();
    Ok(plan_nodes::table
        .inner_join(plans::table)
        .filter(plan_nodes::plan_id.eq_any(editable))
        .filter(plan_nodes::kind.eq("action"))
        .order((plans::title.asc(), plan_nodes::code.asc()))
        .select((
            plan_nodes::id,
            plan_nodes::code,
            plan_nodes::title,
            plans::id,
            plans::title,
        ))
        .load::<Row>(conn)?
        .into_iter()
        .map(view)
        .collect())
}
