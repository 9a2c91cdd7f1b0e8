//! The participation indicators of the reader's selection, gathered from
//! the acts kept in memory ([`ActStore`]) and the plan nodes read afresh.

use std::collections::HashSet;

use diesel::prelude::*;
use pspm_analytics::model::ActionRow;
use pspm_analytics::participation::{Gathered, Gatherer};

use super::acts::ActStore;
use super::{Checked, scope};
use crate::db::DbConn;
use crate::db::schema::{indicators, plan_nodes};
use crate::domain::NodeKind;
use crate::error::AppResult;
use crate::services::Actor;

/// The participation indicators of the reader's selection, with the counts
/// and actions the quality scores need, from the acts as of audit event
/// `version`.
pub(super) fn gather_participation(
    conn: &mut DbConn,
    store: &ActStore,
    version: i32,
    actor: Option<&Actor>,
    f: &Checked,
) -> AppResult<(Gathered, Vec<ActionRow>)> {
    let (consultation_ids, plan_ids) = scope(conn, actor, f)?;
    // Sorted, for a binary search per contribution (cheaper than hashing millions).
    let mut origins: Vec<i32> = plan_nodes::table
        .filter(plan_nodes::origin_contribution_id.is_not_null())
        .select(plan_nodes::origin_contribution_id)
        .load::<Option<i32>>(conn)?
        .into_iter()
        .flatten()
        .collect();
    origins.sort_unstable();
    let started = std::time::Instant::now();
    let acts = store.current(conn, version)?;
    tracing::debug!(ms = started.elapsed().as_millis() as u64, "acts current");
    let mut g = Gatherer::new(acts.user_range());
    acts.gather(&mut g, &consultation_ids, f, &origins);
    drop(acts);
    let action_rows: Vec<(i32, Option<i32>)> = plan_nodes::table
        .filter(plan_nodes::plan_id.eq_any(&plan_ids))
        .filter(plan_nodes::kind.eq(NodeKind::Action))
        .select((plan_nodes::id, plan_nodes::origin_contribution_id))
        .load(conn)?;
    let with_indicator: HashSet<i32> = indicators::table
        .select(indicators::node_id)
        .load::<i32>(conn)?
        .into_iter()
        .collect();
    let actions: Vec<ActionRow> = action_rows
        .into_iter()
        .map(|(node_id, origin)| ActionRow {
            node_id,
            from_proposal: origin.is_some(),
            has_indicator: with_indicator.contains(&node_id),
        })
        .collect();
    let finishing = std::time::Instant::now();
    let gathered = g.finish(&actions, &pspm_analytics::population::population());
    tracing::debug!(
        ms = finishing.elapsed().as_millis() as u64,
        "participation finished"
    );
    Ok((gathered, actions))
}
