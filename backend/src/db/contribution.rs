//! Contributions (comments, proposals, replies), their edits, supports and
//! reports (priority points: `priority`; official responses: `response`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::domain::ContributionKind;

use diesel::dsl::count_star;

use super::DbConn;
use super::schema::{contribution_edits, contributions, reports, responses, supports};

/// A stored contribution.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = contributions)]
pub struct Contribution {
    /// Id.
    pub id: i32,
    /// Consultation.
    pub consultation_id: i32,
    /// `comment`, `proposal` or `amendment`.
    pub kind: ContributionKind,
    /// Node commented on, or the objective a proposal belongs under.
    pub node_id: Option<i32>,
    /// The contribution this one replies to.
    pub parent_id: Option<i32>,
    /// Author.
    pub author_id: i32,
    /// Organisation on whose behalf.
    pub organisation_id: Option<i32>,
    /// Title (proposals).
    pub title: Option<String>,
    /// Text.
    pub body: String,
    /// Why moderation hid it.
    pub hidden_reason: Option<String>,
    /// Who hid it.
    pub hidden_by: Option<i32>,
    /// When it was hidden.
    pub hidden_at: Option<NaiveDateTime>,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Supports it has (kept by the database).
    pub support_count: i32,
    /// When its author last changed it.
    pub edited_at: Option<NaiveDateTime>,
    /// When its author withdrew it.
    pub withdrawn_at: Option<NaiveDateTime>,
    /// Amendments: the node's title when the change was proposed.
    pub amends_title: Option<String>,
    /// Amendments: the node's description when the change was proposed.
    pub amends_description: Option<String>,
}

/// A text a contribution had before its author changed it.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = contribution_edits)]
pub struct ContributionEdit {
    /// The contribution.
    pub contribution_id: i32,
    /// Its title then.
    pub title: Option<String>,
    /// Its text then.
    pub body: String,
    /// When that text was written.
    pub written_at: NaiveDateTime,
    /// When it was replaced.
    pub replaced_at: NaiveDateTime,
}

/// A new contribution.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = contributions)]
pub struct NewContribution {
    /// Consultation.
    pub consultation_id: i32,
    /// Kind.
    pub kind: ContributionKind,
    /// Node.
    pub node_id: Option<i32>,
    /// Parent.
    pub parent_id: Option<i32>,
    /// Author.
    pub author_id: i32,
    /// Organisation.
    pub organisation_id: Option<i32>,
    /// Title.
    pub title: Option<String>,
    /// Text.
    pub body: String,
    /// Amendments: the node's title it would replace.
    pub amends_title: Option<String>,
    /// Amendments: the node's description it would replace.
    pub amends_description: Option<String>,
    /// Created at.
    pub created_at: NaiveDateTime,
}

impl Contribution {
    /// Finds by id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Self> {
        contributions::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
    }

    /// Contributions of a consultation, oldest first.
    pub fn of_consultation(conn: &mut DbConn, consultation: i32) -> QueryResult<Vec<Self>> {
        contributions::table
            .filter(contributions::consultation_id.eq(consultation))
            .order((contributions::created_at.asc(), contributions::id.asc()))
            .select(Self::as_select())
            .load(conn)
    }

    /// One page of the shown contributions of `consultations` (of `kind`,
    /// about `node`, awaiting an answer or answered as `answered` says),
    /// oldest first, with how many there are in all.
    pub fn queue(
        conn: &mut DbConn,
        consultations: &[i32],
        filter: &QueueFilter,
        offset: i64,
        limit: i64,
    ) -> QueryResult<(Vec<Self>, i64)> {
        let query = || {
            let mut q = contributions::table
                .filter(contributions::consultation_id.eq_any(consultations.to_vec()))
                .filter(contributions::hidden_at.is_null())
                .into_boxed();
            if let Some(kind) = filter.kind {
                q = q.filter(contributions::kind.eq(kind));
            }
            if let Some(node) = filter.node {
                q = q.filter(contributions::node_id.eq(node));
            }
            let answered = diesel::dsl::exists(
                responses::table.filter(responses::contribution_id.eq(contributions::id)),
            );
            match filter.answered {
                Some(true) => q.filter(answered),
                // A withdrawn contribution awaits nothing.
                Some(false) => q
                    .filter(diesel::dsl::not(answered))
                    .filter(contributions::withdrawn_at.is_null()),
                None => q,
            }
        };
        let total = query().count().get_result(conn)?;
        let rows = query()
            .order((contributions::created_at.asc(), contributions::id.asc()))
            .offset(offset)
            .limit(limit)
            .select(Self::as_select())
            .load(conn)?;
        Ok((rows, total))
    }

    /// One page of a consultation's shown proposals as `filter` picks and
    /// orders them (withdrawn ones included, marked), with how many match.
    pub fn proposals(
        conn: &mut DbConn,
        consultation: i32,
        filter: &ProposalFilter,
        offset: i64,
        limit: i64,
    ) -> QueryResult<(Vec<Self>, i64)> {
        let query = || {
            let mut q = contributions::table
                .filter(contributions::consultation_id.eq(consultation))
                .filter(contributions::kind.eq(ContributionKind::Proposal))
                .filter(contributions::hidden_at.is_null())
                .into_boxed();
            if let Some(text) = &filter.text {
                // LIKE's wildcards are taken out of the words, not obeyed.
                let pattern = format!("%{}%", text.replace(['%', '_'], ""));
                q = q.filter(
                    lower(contributions::title.assume_not_null())
                        .like(pattern.clone())
                        .or(lower(contributions::body).like(pattern)),
                );
            }
            if let Some(node) = filter.objective {
                q = q.filter(contributions::node_id.eq(node));
            }
            if let Some(author) = filter.author {
                q = q.filter(contributions::author_id.eq(author));
            }
            match &filter.organisations {
                Some(orgs) if orgs.is_empty() => {
                    q = q.filter(contributions::organisation_id.is_null())
                }
                Some(orgs) => q = q.filter(contributions::organisation_id.eq_any(orgs.clone())),
                None => {}
            }
            let answered = diesel::dsl::exists(
                responses::table.filter(responses::contribution_id.eq(contributions::id)),
            );
            match filter.answered {
                Some(true) => q.filter(answered),
                Some(false) => q.filter(diesel::dsl::not(answered)),
                None => q,
            }
        };
        let total = query().count().get_result(conn)?;
        let q = query();
        let q = match filter.order {
            ProposalOrder::Supports => q.order((
                contributions::support_count.desc(),
                contributions::created_at.asc(),
                contributions::id.asc(),
            )),
            ProposalOrder::Newest => {
                q.order((contributions::created_at.desc(), contributions::id.desc()))
            }
            // Small factors keep the arithmetic within 32 bits on PostgreSQL.
            ProposalOrder::Random(seed) => {
                let seed = seed.rem_euclid(997);
                // Both are numbers written here, not input: nothing to bind.
                let shuffle = diesel::dsl::sql::<diesel::sql_types::Integer>(&format!(
                    "((contributions.id % 1009) * {} + {seed}) % 1009",
                    seed + 1
                ));
                q.order((shuffle.asc(), contributions::id.asc()))
            }
        };
        let rows = q
            .offset(offset)
            .limit(limit)
            .select(Self::as_select())
            .load(conn)?;
        Ok((rows, total))
    }

    /// Replaces the author's text, keeping the one it replaces.
    pub fn edit(
        conn: &mut DbConn,
        before: &Self,
        title: Option<&str>,
        body: &str,
        at: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(contribution_edits::table)
            .values((
                contribution_edits::contribution_id.eq(before.id),
                contribution_edits::title.eq(before.title.as_deref()),
                contribution_edits::body.eq(&before.body),
                contribution_edits::written_at.eq(before.edited_at.unwrap_or(before.created_at)),
                contribution_edits::replaced_at.eq(at),
            ))
            .execute(conn)?;
        diesel::update(contributions::table.find(before.id))
            .set((
                contributions::title.eq(title),
                contributions::body.eq(body),
                contributions::edited_at.eq(Some(at)),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Marks a contribution withdrawn by its author.
    pub fn withdraw(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> QueryResult<()> {
        diesel::update(contributions::table.find(id))
            .set(contributions::withdrawn_at.eq(Some(at)))
            .execute(conn)?;
        Ok(())
    }

    /// The earlier texts of these contributions, oldest first.
    pub fn edits_of(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<ContributionEdit>> {
        super::in_chunks(ids, |chunk| {
            contribution_edits::table
                .filter(contribution_edits::contribution_id.eq_any(chunk))
                .order(contribution_edits::id.asc())
                .select(ContributionEdit::as_select())
                .load(conn)
        })
    }

    /// Contributions of an author, newest first.
    pub fn by_author(conn: &mut DbConn, author: i32) -> QueryResult<Vec<Self>> {
        contributions::table
            .filter(contributions::author_id.eq(author))
            .order((contributions::created_at.desc(), contributions::id.desc()))
            .select(Self::as_select())
            .load(conn)
    }

    /// Inserts a contribution.
    pub fn create(conn: &mut DbConn, new: &NewContribution) -> QueryResult<Self> {
        diesel::insert_into(contributions::table)
            .values(new)
            .get_result::<Self>(conn)
    }

    /// Hides a contribution (the row and its text stay).
    pub fn hide(
        conn: &mut DbConn,
        id: i32,
        reason: &str,
        by: i32,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(contributions::table.find(id))
            .set((
                contributions::hidden_reason.eq(Some(reason)),
                contributions::hidden_by.eq(Some(by)),
                contributions::hidden_at.eq(Some(at)),
            ))
            .execute(conn)
    }

    /// These contributions, in id order.
    pub fn find_many(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<Self>> {
        super::in_chunks(ids, |chunk| {
            contributions::table
                .filter(contributions::id.eq_any(chunk))
                .order(contributions::id.asc())
                .select(Self::as_select())
                .load(conn)
        })
    }

    /// How many top-level contributions (not replies) a consultation has.
    pub fn count_threads(conn: &mut DbConn, consultation: i32) -> QueryResult<i64> {
        contributions::table
            .filter(contributions::consultation_id.eq(consultation))
            .filter(contributions::parent_id.is_null())
            .count()
            .get_result(conn)
    }

    /// How many of a consultation's top-level contributions come before
    /// `thread` in the order of [`Contribution::threads`].
    pub fn threads_before(conn: &mut DbConn, thread: &Self) -> QueryResult<i64> {
        contributions::table
            .filter(contributions::consultation_id.eq(thread.consultation_id))
            .filter(contributions::parent_id.is_null())
            .filter(
                contributions::created_at
                    .lt(thread.created_at)
                    .or(contributions::created_at
                        .eq(thread.created_at)
                        .and(contributions::id.lt(thread.id))),
            )
            .count()
            .get_result(conn)
    }

    /// A page of a consultation's top-level contributions, oldest first.
    pub fn threads(
        conn: &mut DbConn,
        consultation: i32,
        offset: i64,
        limit: i64,
    ) -> QueryResult<Vec<Self>> {
        contributions::table
            .filter(contributions::consultation_id.eq(consultation))
            .filter(contributions::parent_id.is_null())
            .order((contributions::created_at.asc(), contributions::id.asc()))
            .offset(offset)
            .limit(limit)
            .select(Self::as_select())
            .load(conn)
    }

    /// One page of a consultation's contributions, replies included, oldest
    /// first.
    pub fn page_of(
        conn: &mut DbConn,
        consultation: i32,
        offset: i64,
        limit: i64,
    ) -> QueryResult<Vec<Self>> {
        contributions::table
            .filter(contributions::consultation_id.eq(consultation))
            .order((contributions::created_at.asc(), contributions::id.asc()))
            .offset(offset)
            .limit(limit)
            .select(Self::as_select())
            .load(conn)
    }

    /// The direct replies to these contributions.
    pub fn replies_to(conn: &mut DbConn, parents: &[i32]) -> QueryResult<Vec<Self>> {
        super::in_chunks(parents, |chunk| {
            contributions::table
                .filter(contributions::parent_id.eq_any(chunk))
                .select(Self::as_select())
                .load(conn)
        })
    }

    /// The `top` most supported proposals of a consultation that are not
    /// hidden (ties: the older first). It walks `contributions_ranking_idx`,
    /// whose support counts the database keeps (migration 000013).
    pub fn ranked_proposals(
        conn: &mut DbConn,
        consultation: i32,
        top: i64,
    ) -> QueryResult<Vec<i32>> {
        contributions::table
            .filter(contributions::consultation_id.eq(consultation))
            .filter(contributions::kind.eq(ContributionKind::Proposal))
            .filter(contributions::hidden_at.is_null())
            .filter(contributions::withdrawn_at.is_null())
            .order((
                contributions::support_count.desc(),
                contributions::created_at.asc(),
                contributions::id.asc(),
            ))
            .limit(top)
            .select(contributions::id)
            .load(conn)
    }

    /// How many proposals of a consultation are not hidden.
    pub fn count_shown_proposals(conn: &mut DbConn, consultation: i32) -> QueryResult<i64> {
        contributions::table
            .filter(contributions::consultation_id.eq(consultation))
            .filter(contributions::kind.eq(ContributionKind::Proposal))
            .filter(contributions::hidden_at.is_null())
            .filter(contributions::withdrawn_at.is_null())
            .count()
            .get_result(conn)
    }

    /// Supports of these contributions counted per contribution and the
    /// organisation the supporters spoke for: (contribution, organisation,
    /// supports).
    pub fn support_counts(
        conn: &mut DbConn,
        ids: &[i32],
    ) -> QueryResult<Vec<(i32, Option<i32>, i64)>> {
        super::in_chunks(ids, |chunk| {
            supports::table
                .filter(supports::contribution_id.eq_any(chunk))
                .group_by((supports::contribution_id, supports::organisation_id))
                .select((
                    supports::contribution_id,
                    supports::organisation_id,
                    count_star(),
                ))
                .load(conn)
        })
    }

    /// The contributions of a consultation that `user` supports.
    pub fn supported_by(conn: &mut DbConn, consultation: i32, user: i32) -> QueryResult<Vec<i32>> {
        supports::table
            .inner_join(contributions::table)
            .filter(contributions::consultation_id.eq(consultation))
            .filter(supports::user_id.eq(user))
            .select(supports::contribution_id)
            .load(conn)
    }

    /// Adds a support, given on behalf of `organisation`.
    pub fn add_support(
        conn: &mut DbConn,
        id: i32,
        user: i32,
        organisation: Option<i32>,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::insert_into(supports::table)
            .values((
                supports::contribution_id.eq(id),
                supports::user_id.eq(user),
                supports::organisation_id.eq(organisation),
                supports::created_at.eq(at),
            ))
            .execute(conn)
    }

    /// Withdraws a support.
    pub fn remove_support(conn: &mut DbConn, id: i32, user: i32) -> QueryResult<usize> {
        diesel::delete(
            supports::table
                .filter(supports::contribution_id.eq(id))
                .filter(supports::user_id.eq(user)),
        )
        .execute(conn)
    }

    /// Reports a contribution.
    pub fn report(
        conn: &mut DbConn,
        id: i32,
        reporter: i32,
        reason: &str,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::insert_into(reports::table)
            .values((
                reports::contribution_id.eq(id),
                reports::reporter_id.eq(reporter),
                reports::reason.eq(reason),
                reports::resolved.eq(false),
                reports::created_at.eq(at),
            ))
            .execute(conn)
    }

    /// Open reports: (report id, contribution id, reason).
    pub fn open_reports(conn: &mut DbConn) -> QueryResult<Vec<(i32, i32, String)>> {
        reports::table
            .filter(reports::resolved.eq(false))
            .order(reports::created_at.asc())
            .select((reports::id, reports::contribution_id, reports::reason))
            .load(conn)
    }

    /// Marks the reports of a contribution resolved.
    pub fn resolve_reports(conn: &mut DbConn, id: i32) -> QueryResult<usize> {
        diesel::update(reports::table.filter(reports::contribution_id.eq(id)))
            .set(reports::resolved.eq(true))
            .execute(conn)
    }
}

/// The first key of the PostgreSQL advisory lock that makes one person's
/// supports take turns (the second is the user's id).
const SUPPORTS_LOCK: i32 = 0x5053_5332;

/// Makes a person's supports take turns until the transaction ends, so that
/// counting them against the limit and adding one is a single step on
/// PostgreSQL (SQLite's write transaction holds its one lock already).
pub fn lock_supports_of(conn: &mut DbConn, user: i32) -> QueryResult<()> {
    super::lock_until_commit(conn, SUPPORTS_LOCK, user)
}

diesel::define_sql_function! {
    /// SQL's `lower`, so that a search ignores case on both databases.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// How the proposals list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProposalOrder {
    /// Most supported first (then oldest).
    #[default]
    Supports,
    /// Newest first.
    Newest,
    /// Shuffled by the seed: the same seed gives the same order, so pages
    /// follow one another and a link shows what its sender saw.
    Random(i32),
}

/// Which of a consultation's proposals the proposals list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProposalFilter {
    /// Words the title or text contains (lower case).
    pub text: Option<String>,
    /// Under this operational objective.
    pub objective: Option<i32>,
    /// Answered (`true`), awaiting an answer (`false`) or both.
    pub answered: Option<bool>,
    /// Made on behalf of these organisations (`Some(empty)`: of none, the
    /// citizens').
    pub organisations: Option<Vec<i32>>,
    /// By this author.
    pub author: Option<i32>,
    /// The order.
    pub order: ProposalOrder,
}

/// Which contributions the response queue lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// Only this kind.
    pub kind: Option<ContributionKind>,
    /// Only those about this node.
    pub node: Option<i32>,
    /// Awaiting an answer (`false`), answered (`true`) or both (`None`).
    pub answered: Option<bool>,
}
