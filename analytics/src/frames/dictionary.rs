//! The data dictionary of the open-data tables: what every column holds.

const BREAKDOWN_NOTE: &str = "Non-cancelled actions in the group";
const PROGRESS_NOTE: &str = "Mean progress (0-100) of the group's actions that have a progress";
const DONE_NOTE: &str = "Share (0-1) of the group's actions with status done";
const LATE_NOTE: &str = "Share (0-1) of the group's actions started late (planned start before actual start) or completed late (planned end before actual end, or before today if not ended)";
const AT_RISK_NOTE: &str = "Share (0-1) of the group's actions with status at_risk";
const SUPPRESSED: &str = "null when fewer than 5 people (suppressed), or when needed so that a suppressed count cannot be derived from the total; otherwise randomly rounded to a multiple of 5 (up with probability remainder/5, so unchanged on average; the same selection always gives the same draw), so that two selections cannot be subtracted to single out one person; no rows at all when the selection has fewer than 5 people";

/// The data dictionary: (table, column, explanation) for every column of
/// every table [`tables`](crate::frames::tables) produces.
pub fn dictionary() -> Vec<(&'static str, &'static str, &'static str)> {
    let mut d: Vec<(&'static str, &'static str, &'static str)> = vec![
        (
            "participation_summary",
            "participants",
            "Distinct users who commented, proposed, amended, supported or allocated priority points; null when 1-4 (suppressed)",
        ),
        (
            "participation_summary",
            "organisations",
            "Distinct organisations of the participants",
        ),
        (
            "participation_summary",
            "local_share",
            "Contributions by members of local bodies / contributions by members of bodies of any level (eu, national, regional, local)",
        ),
        (
            "participation_summary",
            "response_rate",
            "Top-level contributions with an official response / top-level contributions",
        ),
        (
            "participation_summary",
            "median_days_to_response",
            "Median days (fractional) from a top-level contribution to its official response",
        ),
        (
            "participation_summary",
            "acceptance_rate",
            "(accepted + partially_accepted) / top-level contributions with a response",
        ),
        (
            "participation_summary",
            "influence",
            "Plan actions whose origin is a participant's proposal / plan actions",
        ),
        (
            "participation_summary",
            "gini",
            "Gini coefficient of contributions per contributing participant (0 equal, towards 1 concentrated); null with fewer than 5 participants",
        ),
        (
            "participation_summary",
            "top10_share",
            "Share of contributions made by the most active 10 % (rounded up) of contributing participants; null with fewer than 5 participants",
        ),
        (
            "participation_summary",
            "r_score",
            "Representativeness: lowest / highest participants per resident over territories with at least 5 participants; null with fewer than 5 participants",
        ),
        (
            "participation_summary",
            "retention",
            "Participants active in at least two consultations / participants; null with fewer than 5 participants",
        ),
        ("participation_daily", "day", "Calendar day (ISO 8601)"),
        (
            "participation_daily",
            "active",
            "Distinct participants with at least one act that day; null when 1-4 (suppressed)",
        ),
        (
            "participation_daily",
            "new",
            "Participants whose first act was that day; null when 1-4 (suppressed)",
        ),
        (
            "participation_daily",
            "cumulative",
            "Distinct participants up to and including that day; null when 1-4 (suppressed)",
        ),
        (
            "participation_by_organisation_kind",
            "organisation_kind",
            "Kind of the participant's organisation (citizen: no organisation)",
        ),
        (
            "participation_by_organisation_kind",
            "participants",
            SUPPRESSED,
        ),
        (
            "participation_by_level",
            "level",
            "Level of the participant's organisation (eu, national, regional, local)",
        ),
        ("participation_by_level", "participants", SUPPRESSED),
        (
            "participation_by_age_band",
            "age_band",
            "Self-declared age band (undeclared left out)",
        ),
        ("participation_by_age_band", "participants", SUPPRESSED),
        (
            "participation_by_gender",
            "gender",
            "Self-declared gender (undeclared left out)",
        ),
        ("participation_by_gender", "participants", SUPPRESSED),
        (
            "participation_by_kind",
            "kind",
            "Kind of act: comment, proposal, amendment (contributions), support or priority",
        ),
        (
            "participation_by_kind",
            "acts",
            "Number of acts of that kind",
        ),
        (
            "participation_contributions_daily",
            "day",
            "Calendar day (ISO 8601)",
        ),
        (
            "participation_contributions_daily",
            "contributions",
            "Contributions (comments, proposals, amendments, replies included) written that day",
        ),
        (
            "participation_responses_by_status",
            "status",
            "Official response status (accepted, partially_accepted, rejected, already_planned, out_of_scope)",
        ),
        (
            "participation_responses_by_status",
            "responses",
            "Top-level contributions answered with that status",
        ),
        (
            "participation_representation",
            "territory",
            "Territory code (NUTS 2); participants with a NUTS 3 code count in their region",
        ),
        ("participation_representation", "name", "Territory name"),
        ("participation_representation", "participants", SUPPRESSED),
        (
            "participation_representation",
            "population",
            "Resident population (ISTAT, 1 January 2024)",
        ),
        (
            "participation_representation",
            "per_100k",
            "Participants per 100,000 residents, from the rounded count; null when the count is suppressed",
        ),
        (
            "quality_scores",
            "dimension",
            "Democratic-quality dimension: influence, transparency or traceability",
        ),
        (
            "quality_scores",
            "mean",
            "Mean of the dimension's ratios that have a value (see quality_ratios)",
        ),
        (
            "quality_scores",
            "score",
            "Points 1-5 for the mean: up to 20 % 1, 40 % 2, 60 % 3, 80 % 4, else 5",
        ),
        (
            "quality_ratios",
            "dimension",
            "Democratic-quality dimension the ratio belongs to",
        ),
        (
            "quality_ratios",
            "ratio",
            "acceptance_rate, influence, response_rate, timely_response_share (responses within 30 days / responses), accepted_proposals_to_actions (accepted or partially accepted proposals that became an action / such proposals) or actions_with_indicator",
        ),
        (
            "quality_ratios",
            "value",
            "Value 0-1; null when its denominator is zero",
        ),
        (
            "impact_summary",
            "progress",
            "Plan progress 0-100: weighted mean of the top-level nodes, each the weighted mean of its children (cancelled left out)",
        ),
        ("impact_summary", "actions", BREAKDOWN_NOTE),
        ("impact_summary", "action_progress", PROGRESS_NOTE),
        ("impact_summary", "done_share", DONE_NOTE),
        ("impact_summary", "late_share", LATE_NOTE),
        ("impact_summary", "at_risk_share", AT_RISK_NOTE),
        ("impact_indicators", "indicator_id", "Indicator id"),
        (
            "impact_indicators",
            "node_id",
            "Id of the plan node the indicator measures",
        ),
        ("impact_indicators", "name", "Indicator name"),
        ("impact_indicators", "unit", "Unit of measure"),
        ("impact_indicators", "baseline", "Baseline value"),
        ("impact_indicators", "target", "Value of the last target"),
        (
            "impact_indicators",
            "target_date",
            "Date of the last target",
        ),
        ("impact_indicators", "latest", "Latest measured value"),
        (
            "impact_indicators",
            "achievement",
            "Achievement %: (latest - baseline) / (target - baseline) x 100",
        ),
        (
            "impact_indicators",
            "status",
            "achieved, on_track (at least 90 % of the change expected by today on the straight line from baseline to target), at_risk (at least 60 %), off_track, or no_data",
        ),
        (
            "impact_indicators",
            "forecast",
            "Least-squares line through the measurements, evaluated at the target date",
        ),
        ("impact_by_status", "status", "Indicator status"),
        (
            "impact_by_status",
            "indicators",
            "Indicators with that status",
        ),
        ("reuse_summary", "published", "Published good practices"),
        (
            "reuse_summary",
            "confirmed_adoptions",
            "Adoptions of published practices confirmed by the owner organisation",
        ),
        (
            "reuse_summary",
            "reuse_rate",
            "Published practices with at least one confirmed adoption / published practices",
        ),
        (
            "reuse_summary",
            "territories_reached",
            "Distinct territories of organisations with a confirmed adoption",
        ),
        ("reuse_by_policy_area", "policy_area", "Policy area"),
        (
            "reuse_by_policy_area",
            "practices",
            "Published practices in that policy area",
        ),
        (
            "reuse_by_level",
            "level",
            "Level of government of the practice",
        ),
        (
            "reuse_by_level",
            "practices",
            "Published practices at that level",
        ),
        ("reuse_by_stage", "stage", "Innovation stage"),
        (
            "reuse_by_stage",
            "practices",
            "Published practices at that stage",
        ),
        (
            "reuse_adoptions_by_territory",
            "territory",
            "Territory code of the adopting organisation",
        ),
        (
            "reuse_adoptions_by_territory",
            "adoptions",
            "Confirmed adoptions",
        ),
        ("reuse_top", "practice_id", "Practice id"),
        ("reuse_top", "title", "Practice title (original language)"),
        (
            "reuse_top",
            "confirmed_adoptions",
            "Confirmed adoptions of the practice (top 10; ties by title)",
        ),
    ];
    for (table, label, what) in [
        (
            "impact_by_area",
            "area",
            "Area of the plan (top-level node): code and title",
        ),
        ("impact_by_office", "office", "Responsible office"),
        (
            "impact_by_organisation",
            "organisation",
            "Responsible organisation",
        ),
        (
            "impact_by_territory",
            "territory",
            "Territory code of the responsible organisation",
        ),
    ] {
        d.extend([
            (table, label, what),
            (table, "actions", BREAKDOWN_NOTE),
            (table, "progress", PROGRESS_NOTE),
            (table, "done_share", DONE_NOTE),
            (table, "late_share", LATE_NOTE),
            (table, "at_risk_share", AT_RISK_NOTE),
        ]);
    }
    d
}
