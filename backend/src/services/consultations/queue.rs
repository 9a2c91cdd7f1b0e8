//! The response queue: contributions awaiting an official response,
//! filtered by plan, consultation, node, kind and status, a page at a time.

use std::collections::HashMap;

use pspm_frontend::model::ContributionView;

use super::views::{contribution_views, sorted_unique};
use crate::db::DbConn;
use crate::db::consultation::Consultation;
use crate::db::contribution::{Contribution, QueueFilter};
use crate::db::plan::Plan;
use crate::db::plan_node::PlanNode;
use crate::domain::{ContributionKind, Role};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::plans::can_edit;
use crate::services::validate::Checker;

/// Contributions per page of the response queue.
pub const QUEUE_PER_PAGE: i64 = 25;

/// The response queue's filters as a query string gives them (text, so
/// that a wrong value is named rather than refused whole).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueParams {
    /// Only this plan's consultations.
    #[param(pattern = "pspm:id-or-empty")]
    pub plan: Option<String>,
    /// Only this consultation.
    #[param(pattern = "pspm:id-or-empty")]
    pub consultation: Option<String>,
    /// `comment`, `proposal` or `amendment`.
    #[param(pattern = "^(comment|proposal|amendment)?$")]
    pub kind: Option<String>,
    /// Only contributions about this node.
    #[param(pattern = "pspm:id-or-empty")]
    pub node: Option<String>,
    /// `awaiting` (the default), `answered` or `all`.
    #[param(pattern = "^(awaiting|answered|all)?$")]
    pub status: Option<String>,
    /// Page, from 1.
    #[param(pattern = "pspm:id-or-empty")]
    pub page: Option<String>,
}

impl QueueParams {
    /// The filters of a query string such as [`QueueQuery::to_query`] writes.
    pub fn from_query(query: &str) -> Self {
        let mut p = Self::default();
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            let v = Some(v.into_owned());
            match &*k {
                "plan" => p.plan = v,
                "consultation" => p.consultation = v,
                "kind" => p.kind = v,
                "node" => p.node = v,
                "status" => p.status = v,
                "page" => p.page = v,
                _ => {}
            }
        }
        p
    }

    /// The query these filters ask for, or each wrong one named.
    pub fn query(&self) -> AppResult<QueueQuery> {
        let mut c = Checker::default();
        let id = |c: &mut Checker, field: &str, v: &Option<String>| -> Option<i32> {
            let v = v.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
            let parsed = v.parse::<i32>().ok().filter(|n| *n > 0);
            if parsed.is_none() {
                c.add(field, "invalid_choice", format!("{field} must be an id"));
            }
            parsed
        };
        let plan = id(&mut c, "plan", &self.plan);
        let consultation = id(&mut c, "consultation", &self.consultation);
        let node = id(&mut c, "node", &self.node);
        let page = id(&mut c, "page", &self.page).map_or(1, i64::from);
        let kind = match self.kind.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(k) => c.choice("kind", k, ContributionKind::parse),
        };
        let answered = match self.status.as_deref().map(str::trim) {
            None | Some("") | Some("awaiting") => Some(false),
            Some("answered") => Some(true),
            Some("all") => None,
            Some(_) => {
                c.add(
                    "status",
                    "invalid_choice",
                    "status must be awaiting, answered or all",
                );
                Some(false)
            }
        };
        c.finish()?;
        Ok(QueueQuery {
            plan,
            consultation,
            filter: QueueFilter {
                kind,
                node,
                answered,
            },
            page,
        })
    }
}

/// What the response queue is asked for: filters (ids as given; one the
/// actor may not answer simply matches nothing) and the page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueQuery {
    /// Only this plan's consultations.
    pub plan: Option<i32>,
    /// Only this consultation.
    pub consultation: Option<i32>,
    /// Kind, node and answer status.
    pub filter: QueueFilter,
    /// The page, from 1.
    pub page: i64,
}

impl QueueQuery {
    /// The query string that asks for these filters again (`page` included
    /// when past the first), for links and redirects.
    pub fn to_query(&self, with_page: bool) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut id = |name: &str, v: Option<i32>| {
            if let Some(v) = v {
                parts.push(format!("{name}={v}"));
            }
        };
        id("plan", self.plan);
        id("consultation", self.consultation);
        id("node", self.filter.node);
        if let Some(k) = self.filter.kind {
            parts.push(format!("kind={k}"));
        }
        match self.filter.answered {
            Some(true) => parts.push("status=answered".into()),
            None => parts.push("status=all".into()),
            Some(false) => {}
        }
        if with_page && self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }
}

/// Where a contribution of the queue was made and what it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueItem {
    /// The contribution.
    pub view: ContributionView,
    /// Its consultation: id and title.
    pub consultation: (i32, String),
    /// Its plan: id and title.
    pub plan: (i32, String),
    /// The node it is about: id and "code – title".
    pub node: Option<(i32, String)>,
}

/// One page of the response queue and what its filters can choose from.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuePage {
    /// The contributions of this page, oldest first.
    pub items: Vec<QueueItem>,
    /// How many match in all.
    pub total: i64,
    /// The page shown (from 1).
    pub page: i64,
    /// Plans whose consultations the actor answers: (id, title).
    pub plans: Vec<(i32, String)>,
    /// Those consultations (of the chosen plan, if one is): (id, title).
    pub consultations: Vec<(i32, String)>,
}

/// Contributions on the plans the actor edits, as `q` filters them (by
/// default those awaiting an answer), [`QUEUE_PER_PAGE`] a page, oldest first.
pub fn response_queue(conn: &mut DbConn, actor: &Actor, q: &QueueQuery) -> AppResult<QueuePage> {
    if !(actor.is_admin() || actor.role == Role::Planner) {
        return Err(AppError::Forbidden);
    }
    let mut plans: Vec<(i32, String)> = Vec::new();
    let mut editable: HashMap<i32, Option<String>> = HashMap::new();
    let mut consultations: Vec<Consultation> = Vec::new();
    for c in Consultation::all(conn)? {
        let title = match editable.get(&c.plan_id) {
            Some(t) => t.clone(),
            None => {
                let plan = Plan::find(conn, c.plan_id)?;
                let t = can_edit(Some(actor), &plan).then_some(plan.title);
                if let Some(t) = &t {
                    plans.push((plan.id, t.clone()));
                }
                editable.insert(c.plan_id, t.clone());
                t
            }
        };
        if title.is_some() && q.plan.is_none_or(|p| p == c.plan_id) {
            consultations.push(c);
        }
    }
    plans.sort_by(|a, b| a.1.cmp(&b.1));
    let chosen: Vec<i32> = consultations
        .iter()
        .map(|c| c.id)
        .filter(|id| q.consultation.is_none_or(|k| k == *id))
        .collect();
    let asked = q.page.max(1);
    let mut read = |page: i64| {
        Contribution::queue(
            conn,
            &chosen,
            &q.filter,
            (page - 1) * QUEUE_PER_PAGE,
            QUEUE_PER_PAGE,
        )
    };
    let (mut rows, total) = read(asked)?;
    // A page past the end (the list got shorter) shows the last one.
    let page = asked.min(((total + QUEUE_PER_PAGE - 1) / QUEUE_PER_PAGE).max(1));
    if page != asked {
        rows = read(page)?.0;
    }
    let nodes: HashMap<i32, String> = {
        let ids = sorted_unique(rows.iter().filter_map(|r| r.node_id));
        let mut out = HashMap::with_capacity(ids.len());
        for id in ids {
            let n = PlanNode::find(conn, id)?;
            out.insert(id, format!("{} – {}", n.code, n.title));
        }
        out
    };
    let places: Vec<(i32, Option<i32>)> = rows
        .iter()
        .map(|r| (r.consultation_id, r.node_id))
        .collect();
    let plan_title = |id: i32| editable.get(&id).cloned().flatten().unwrap_or_default();
    let items = contribution_views(conn, rows)?
        .into_iter()
        .zip(places)
        .filter_map(|(view, (consultation, node))| {
            let c = consultations.iter().find(|c| c.id == consultation)?;
            Some(QueueItem {
                view,
                consultation: (c.id, c.title.clone()),
                plan: (c.plan_id, plan_title(c.plan_id)),
                node: node.and_then(|n| nodes.get(&n).map(|label| (n, label.clone()))),
            })
        })
        .collect();
    Ok(QueuePage {
        items,
        total,
        page,
        plans,
        consultations: consultations
            .iter()
            .map(|c| (c.id, c.title.clone()))
            .collect(),
    })
}
