//! Reading the acts from the database: everything at start, and the rows
//! of given kinds again after writes.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use pspm_analytics::activity::day_key;

use super::columns::{ContributionRow, Priority};
use super::{Acts, LOAD_PART_ROWS, PersonRow, SLACK};
use crate::db::schema::{
    audit_events, contributions, organisations, priority_allocations, responses, supports, users,
};
use crate::db::{DbConn, PART_ROWS, by_parts_after};
use crate::error::{AppError, AppResult};

impl Acts {
    /// Everything, from the database.
    pub(super) fn load(conn: &mut DbConn) -> AppResult<Self> {
        let mut acts = Acts {
            loaded: true,
            ..Acts::default()
        };
        // The events first: a write while the rows are read is read again.
        let events: Vec<i32> = audit_events::table
            .order(audit_events::id.desc())
            .select(audit_events::id)
            .limit(i64::from(SLACK))
            .load(conn)?;
        acts.version = events.first().copied().unwrap_or(0);
        acts.recent = events
            .into_iter()
            .filter(|&id| id > acts.version - SLACK)
            .collect();
        // Reserved at their size: columns grown by doubling would take up
        // to twice the memory at national scale.
        let rows = |n: i64| usize::try_from(n).unwrap_or(0);
        let n = rows(contributions::table.count().get_result(conn)?);
        let c = &mut acts.contributions;
        c.id.reserve_exact(n);
        c.consultation.reserve_exact(n);
        c.author.reserve_exact(n);
        c.day.reserve_exact(n);
        c.kind.reserve_exact(n);
        c.status.reserve_exact(n);
        c.delay.reserve_exact(n);
        let n = rows(supports::table.count().get_result(conn)?);
        let s = &mut acts.supports;
        s.id.reserve_exact(n);
        s.user.reserve_exact(n);
        s.consultation.reserve_exact(n);
        s.day.reserve_exact(n);
        acts.read_contributions(conn, i32::MIN)?;
        acts.read_supports(conn, i32::MIN)?;
        acts.read_allocations(conn)?;
        by_parts_after::<_, AppError>(
            i32::MIN,
            PART_ROWS,
            |after, limit| {
                person_rows!()
                    .filter(users::id.gt(after))
                    .order(users::id.asc())
                    .limit(limit)
                    .load::<PersonRow>(conn)
            },
            |row| row.0,
            |part| {
                part.into_iter().for_each(|row| acts.people.set(row));
                Ok(())
            },
        )?;
        acts.contributions.sort(true);
        acts.supports.sort(true);
        acts.shrink();
        Ok(acts)
    }

    pub(super) fn read_contributions(&mut self, conn: &mut DbConn, after: i32) -> AppResult<()> {
        by_parts_after::<_, AppError>(
            after,
            LOAD_PART_ROWS,
            |after, limit| {
                // The join repeats the part's bound so that PostgreSQL reads
                // only the part's responses.
                contributions::table
                    .left_join(
                        responses::table.on(responses::contribution_id
                            .eq(contributions::id)
                            .and(responses::contribution_id.gt(after))),
                    )
                    .filter(contributions::id.gt(after))
                    .order(contributions::id.asc())
                    .limit(limit)
                    .select((
                        contributions::id,
                        contributions::consultation_id,
                        contributions::author_id,
                        contributions::kind,
                        contributions::parent_id,
                        contributions::created_at,
                        (
                            responses::status.nullable(),
                            responses::created_at.nullable(),
                        ),
                    ))
                    .load::<ContributionRow>(conn)
            },
            |row| row.0,
            |part| {
                part.into_iter().for_each(|row| self.contributions.add(row));
                Ok(())
            },
        )
    }

    pub(super) fn read_supports(&mut self, conn: &mut DbConn, after: i32) -> AppResult<()> {
        by_parts_after::<_, AppError>(
            after,
            LOAD_PART_ROWS,
            |after, limit| {
                supports::table
                    .inner_join(contributions::table)
                    .filter(supports::id.gt(after))
                    .order(supports::id.asc())
                    .limit(limit)
                    .select((
                        supports::id,
                        supports::user_id,
                        contributions::consultation_id,
                        supports::created_at,
                    ))
                    .load::<(i32, i32, i32, NaiveDateTime)>(conn)
            },
            |row| row.0,
            |part| {
                part.into_iter().for_each(|row| self.supports.add(row));
                Ok(())
            },
        )
    }

    /// Every allocation: a person's act in a consultation is their first row
    /// with points, by id.
    pub(super) fn read_allocations(&mut self, conn: &mut DbConn) -> AppResult<()> {
        let mut first: HashMap<(u32, i32), i32> = HashMap::new();
        let mut max = 0;
        by_parts_after::<_, AppError>(
            i32::MIN,
            LOAD_PART_ROWS,
            |after, limit| {
                priority_allocations::table
                    .filter(priority_allocations::id.gt(after))
                    .order(priority_allocations::id.asc())
                    .limit(limit)
                    .select((
                        priority_allocations::id,
                        priority_allocations::user_id,
                        priority_allocations::consultation_id,
                        priority_allocations::points,
                        priority_allocations::updated_at,
                    ))
                    .load::<(i32, i32, i32, i32, NaiveDateTime)>(conn)
            },
            |row| row.0,
            |part| {
                for (id, user, consultation, points, at) in part {
                    max = id;
                    if points > 0 {
                        first
                            .entry((consultation as u32, user))
                            .or_insert_with(|| day_key(at));
                    }
                }
                Ok(())
            },
        )?;
        self.max_allocation = max;
        self.priorities = first
            .into_iter()
            .map(|((consultation, user), day)| Priority {
                consultation,
                user,
                day,
            })
            .collect();
        self.priorities
            .sort_unstable_by_key(|p| (p.consultation, p.user));
        Ok(())
    }

    /// Reads again the allocations of these (consultation, user) pairs.
    pub(super) fn reread_allocations(
        &mut self,
        conn: &mut DbConn,
        pairs: &BTreeSet<(i32, i32)>,
    ) -> AppResult<()> {
        for &(consultation, user) in pairs {
            let day = priority_allocations::table
                .filter(priority_allocations::consultation_id.eq(consultation))
                .filter(priority_allocations::user_id.eq(user))
                .filter(priority_allocations::points.gt(0))
                .order(priority_allocations::id.asc())
                .select(priority_allocations::updated_at)
                .first::<NaiveDateTime>(conn)
                .optional()?
                .map(day_key);
            let key = (consultation as u32, user);
            let found = self
                .priorities
                .binary_search_by_key(&key, |p| (p.consultation, p.user));
            match (found, day) {
                (Ok(at), Some(day)) => self.priorities[at].day = day,
                (Ok(at), None) => {
                    self.priorities.remove(at);
                }
                (Err(at), Some(day)) => self.priorities.insert(
                    at,
                    Priority {
                        consultation: key.0,
                        user,
                        day,
                    },
                ),
                (Err(_), None) => {}
            }
        }
        Ok(())
    }
}
