//! The proposals list: searched, filtered, sorted (random with a seed for
//! fairness) and paged.

use pspm_frontend::model::ContributionView;

use super::find;
use super::views::contribution_views;
use crate::db::DbConn;
use crate::db::consultation::Consultation;
use crate::db::contribution::{Contribution, ProposalFilter, ProposalOrder};
use crate::db::organisation::Organisation;
use crate::db::plan_node::PlanNode;
use crate::domain::NodeKind;
use crate::error::AppResult;
use crate::services::Actor;
use crate::services::validate::Checker;

/// Proposals per page of the proposals list.
pub const PROPOSALS_PER_PAGE: i64 = 25;

/// The proposals list's filters as a query string gives them (text, so that
/// a wrong value is named rather than refused whole).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProposalParams {
    /// Words in the title or text.
    pub q: Option<String>,
    /// Only under this operational objective.
    pub objective: Option<String>,
    /// `awaiting`, `answered` or empty (both).
    pub answer: Option<String>,
    /// Organisation kind of the proposers (`none`: citizens).
    pub kind: Option<String>,
    /// `1`: only the reader's own.
    pub mine: Option<String>,
    /// `supports` (default), `newest` or `random`.
    pub sort: Option<String>,
    /// The shuffle of `random` (kept in links so pages follow one another).
    pub seed: Option<String>,
    /// Page, from 1.
    pub page: Option<String>,
}

/// One page of a consultation's proposals and what its filters offer.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalsPage {
    /// The consultation.
    pub consultation: Consultation,
    /// This page's proposals.
    pub items: Vec<ContributionView>,
    /// How many match.
    pub total: i64,
    /// The page shown.
    pub page: i64,
    /// The operational objectives proposals go under: (id, "code – title").
    pub objectives: Vec<(i32, String)>,
    /// The filters as understood, as a query string without the page.
    pub query: String,
    /// The seed of a random order.
    pub seed: Option<i32>,
}

/// A consultation's proposals, searched, filtered and ordered as `params`
/// ask, [`PROPOSALS_PER_PAGE`] a page.
pub fn proposals_page(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
    params: &ProposalParams,
) -> AppResult<ProposalsPage> {
    let c = find(conn, actor, id)?;
    let mut ch = Checker::default();
    let some = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let number = |ch: &mut Checker, field: &str, v: &Option<String>| -> Option<i32> {
        let v = some(v)?;
        let n = v.parse::<i32>().ok().filter(|n| *n >= 0);
        if n.is_none() {
            ch.add(field, "invalid_choice", format!("{field} must be a number"));
        }
        n
    };
    let text = some(&params.q).map(|q| q.to_lowercase());
    let objective = number(&mut ch, "objective", &params.objective);
    let page = number(&mut ch, "page", &params.page).map_or(1, |p| i64::from(p.max(1)));
    let answered = match some(&params.answer).as_deref() {
        None => None,
        Some("awaiting") => Some(false),
        Some("answered") => Some(true),
        Some(_) => {
            ch.add(
                "answer",
                "invalid_choice",
                "answer must be awaiting or answered",
            );
            None
        }
    };
    let kind = some(&params.kind);
    let organisations = match kind.as_deref() {
        None => None,
        Some("none") => Some(Vec::new()),
        Some(k) => match crate::domain::OrgKind::parse(k) {
            Some(kind) => Some(
                Organisation::all(conn)?
                    .into_iter()
                    .filter(|o| o.kind == kind)
                    .map(|o| o.id)
                    .collect(),
            ),
            None => {
                ch.add(
                    "kind",
                    "invalid_choice",
                    "kind must be an organisation kind or none",
                );
                None
            }
        },
    };
    let seed = number(&mut ch, "seed", &params.seed);
    let (order, seed) = match some(&params.sort).as_deref() {
        None | Some("supports") => (ProposalOrder::Supports, None),
        Some("newest") => (ProposalOrder::Newest, None),
        Some("random") => {
            let seed = seed.unwrap_or_else(|| rand::random_range(1..1000));
            (ProposalOrder::Random(seed), Some(seed))
        }
        Some(_) => {
            ch.add(
                "sort",
                "invalid_choice",
                "sort must be supports, newest or random",
            );
            (ProposalOrder::Supports, None)
        }
    };
    let mine = some(&params.mine).is_some_and(|m| m == "1");
    ch.finish()?;
    // An organisation kind nobody has matches nothing: an id no row has.
    let organisations = organisations.map(|o| {
        if o.is_empty() && kind.as_deref() != Some("none") {
            vec![0]
        } else {
            o
        }
    });
    let filter = ProposalFilter {
        text: text.clone(),
        objective,
        answered,
        organisations,
        author: if mine { actor.map(|a| a.user_id) } else { None },
        order,
    };
    let read = |conn: &mut DbConn, page: i64| {
        Contribution::proposals(
            conn,
            id,
            &filter,
            (page - 1) * PROPOSALS_PER_PAGE,
            PROPOSALS_PER_PAGE,
        )
    };
    let (mut rows, total) = read(conn, page)?;
    let last = ((total + PROPOSALS_PER_PAGE - 1) / PROPOSALS_PER_PAGE).max(1);
    let page = page.min(last);
    if rows.is_empty() && total > 0 {
        rows = read(conn, page)?.0;
    }
    let objectives = PlanNode::of_plan(conn, c.plan_id)?
        .into_iter()
        .filter(|n| n.kind == NodeKind::OperationalObjective)
        .map(|n| (n.id, format!("{} – {}", n.code, n.title)))
        .collect();
    let mut query: Vec<(&str, String)> = Vec::new();
    if let Some(q) = some(&params.q) {
        query.push(("q", q));
    }
    if let Some(o) = objective {
        query.push(("objective", o.to_string()));
    }
    if let Some(a) = answered {
        query.push(("answer", if a { "answered" } else { "awaiting" }.into()));
    }
    if let Some(k) = kind {
        query.push(("kind", k));
    }
    if mine {
        query.push(("mine", "1".into()));
    }
    match order {
        ProposalOrder::Supports => {}
        ProposalOrder::Newest => query.push(("sort", "newest".into())),
        ProposalOrder::Random(s) => {
            query.push(("sort", "random".into()));
            query.push(("seed", s.to_string()));
        }
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish();
    Ok(ProposalsPage {
        items: contribution_views(conn, rows)?,
        consultation: c,
        total,
        page,
        objectives,
        query,
        seed,
    })
}
