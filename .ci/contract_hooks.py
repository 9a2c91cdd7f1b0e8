"""Schemathesis hooks for .ci/contract.

`valid_data_accepted` replaces the built-in `positive_data_acceptance`: a
request valid by the schema must not be refused, except for a reason the
schema cannot express. Those reasons are named here by the error codes the
server gives them, so that a 422 for anything else (a wrong type, length,
pattern, choice, date or range: all in the schema) still fails the run.
"""

import json

import schemathesis
from schemathesis.core.failures import Failure

# Refusals that depend on stored data or on two fields at once.
NEEDS_DATA = {
    # A referenced record that does not exist (ids are free integers).
    "organisation_not_found", "node_not_found", "plan_not_found", "parent_not_found",
    "consultation_not_found", "contribution_not_found", "practice_not_found",
    "indicator_not_found", "record_not_found", "user_not_found",
    # The referenced record is of the wrong sort or in the wrong place.
    "not_an_action", "parent_kind_invalid", "parent_invalid", "node_other_plan",
    "parent_cycle", "aligned_node_invalid", "progress_only_actions", "parent_plan_invalid",
    # One field against another, or against the caller or the tree.
    "end_before_start", "outside_plan_period", "target_before_baseline", "alignment_invalid",
    "move_cycle", "cannot_demote_self", "datetime_skipped", "date_before_baseline",
    "date_in_future", "reply_not_proposal", "points_over_budget", "not_a_proposal",
    "create_needs_acceptance", "period_taken",
    # More priority entries than the plan has actions; a code used twice;
    # a node kind that its children rule out.
    "too_many", "code_taken", "already_exists", "kind_has_children",
    "duplicate", "original_texts_missing", "proposal_title_required", "proposal_needs_objective",
    "amendment_needs_node", "amendment_unchanged", "comments_disabled", "proposals_disabled",
    # Names the server's time-zone database knows.
    "time_zone_unknown",
    # The password must be the caller's (it is not in the schema).
    "invalid_credentials", "current_password_wrong", "password_wrong",
    # The content of a file or a document checked as a whole.
    "file_empty", "format_unknown", "import_invalid", "header_invalid", "columns_invalid",
    # An attachment's content must be of an accepted kind and named as it is.
    "file_type",
}

ACCEPTED = set(range(200, 400)) | {401, 403, 404, 409, 429}


class RejectedValidData(Failure):
    kind_title = "Schema-valid request rejected"


@schemathesis.check
def valid_data_accepted(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    status = response.status_code
    if status in ACCEPTED or status >= 500:
        return None
    errors = []
    if status == 422:
        try:
            errors = json.loads(response.text).get("errors", [])
        except (ValueError, AttributeError):
            errors = []
        if errors and all(e.get("code") in NEEDS_DATA for e in errors):
            return None
    # The problems the schema should have prevented, first.
    named = [e for e in errors if e.get("code") not in NEEDS_DATA] or errors
    raise RejectedValidData(
        operation=case.operation.label,
        message=f"[{status}] refused: {json.dumps(named)[:2000] if named else response.text[:2000]}",
    )
