"""What each data subject receives when they ask to see their data (GDPR art. 15).

A case holds personal data of two people: the employee and the manager. Each has a
right of access to what concerns them, and art. 15(4) adds that the copy must not
harm the rights of others. So the employee's export leaves out the manager's private
conversation notes, unshared insights and scan answers, and the manager's export is
the mirror: the manager gets what the two have in common (the plan, the joint dialogue,
the follow-ups they took part in), their own conversations and scan answers, and what
the employee chose to share; not the employee's case file (consents, contacts, phases,
closing, the access log), which concerns the employee.

The whole case export is for the organisation's legal duties only: an administrator,
with a reason, logged.

Every table that holds case data is placed in exactly one of the groups below; a new
table must be placed too (a test reads the schema), and until it is, it is left out of
a party's export rather than handed over by default.
"""

from __future__ import annotations

from enum import StrEnum

from .model import PartyRole


class ExportFor(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    ORGANISATION = "organisation"  # the whole case: legal duties, administrator only


# What both parties know of the case: the plan they agree on, what was said and agreed
# in the joint dialogue, the follow-up calendar, the scan moments (dates, no answers).
SHARED = frozenset({
    "parties", "dialogue_topics", "goals", "followup_schedule", "checkin_rhythms", "scan_moments",
    "agreements", "agreement_adjustments", "agreement_periods", "agreement_follow_ups",
    "agreement_goals", "agreement_signatures", "legal_reports", "agreement_deliveries",
    "joint_evaluations", "prevention_actions",  # the evaluation's joint part, agreed together
})
# The employee's case file: about their absence, consent and return, not the manager's.
EMPLOYEE_FILE = frozenset({
    "cases", "consents", "people", "contact_log", "contact_agreements", "phase_changes",
    "signal_notes", "closings", "closing_lessons", "case_reopenings", "audit_log", "legal_tracks",
    "progressive_notices", "safety_functions",
    "scan_version_moves",  # the facilitator moved the case's scan to a newer version, with a reason
})
# Rows of one party's bilateral conversations (a conversation's `party` says whose).
CONVERSATION = frozenset({
    "conversations", "conversation_cards", "insights", "insight_sharing",
    "conversation_adjustments", "provisional_goals",
})
# Rows of one party's scan (`respondent` says whose), their releases and flags, their
# personal space's links, their answers to the check-ins of the first weeks back,
# their own evaluation at the end, and the facilitator's bilateral review of their scan
# with them (as a conversation's notes go to the party the conversation was with).
SCAN = frozenset({
    "scan_links", "scan_responses", "scan_answers", "scan_open_answers", "scan_releases", "scan_flags", "space_links",
    "checkin_answers", "own_evaluations", "scan_reviews",
})
# A party's hand-over codes for the plan (`signer` says whose): when made, tried, used.
CODES = frozenset({"agreement_codes"})
# Follow-up talks: the ones a party took part in (`participants`), with their reviews.
FOLLOW_UP = frozenset({"followups", "goal_reviews"})
# Bookkeeping with no personal data: which click made what.
# The presented joint screen's section and its display links: which screen showed what, when.
TECHNICAL = frozenset({"requests", "presentations", "display_links"})

PLACED = SHARED | EMPLOYEE_FILE | CONVERSATION | SCAN | CODES | FOLLOW_UP | TECHNICAL
# A link's token hash opens nothing once the link is gone, and means nothing to a reader.
HIDDEN_COLUMNS = {"scan_links": {"token_hash"}, "space_links": {"token_hash"}, "display_links": {"token_hash"}, "agreement_codes": {"code_hash"}}
# What a party's export leaves out, said on its cover (keys of privacy.export_left_out_*).
LEFT_OUT = {
    ExportFor.EMPLOYEE: ("other_conversations", "other_scan", "other_follow_ups"),
    ExportFor.MANAGER: ("other_conversations", "other_scan", "other_follow_ups", "employee_file"),
}


def for_party(tables: dict[str, list[dict]], party: ExportFor) -> dict[str, list[dict]]:
    """The rows of `tables` (every table of one case) that concern `party`."""
    role = PartyRole(party.value)
    followups = {r["id"] for r in tables.get("followups", []) if r["participants"] in (role.value, "joint")}
    own_talks = {r["id"] for r in tables.get("conversations", []) if r["party"] == role.value}
    own_insights = {r["id"] for r in tables.get("insights", []) if r["conversation_id"] in own_talks}

    def concerns(table: str, row: dict) -> bool:
        if table in SHARED:
            return True
        if table in EMPLOYEE_FILE:
            return role is PartyRole.EMPLOYEE
        if table == "conversations":
            return row["id"] in own_talks
        if table == "insight_sharing":
            return row["insight_id"] in own_insights
        if table in CONVERSATION:
            return row["conversation_id"] in own_talks
        if table in SCAN:
            return row["respondent"] == role.value
        if table in CODES:
            return row["signer"] == role.value
        if table == "followups":
            return row["id"] in followups
        if table == "goal_reviews":
            return row["followup_id"] in followups
        return False  # technical, or a table nobody has placed yet

    return {
        table: [
            {k: v for k, v in row.items() if k not in HIDDEN_COLUMNS.get(table, ())}
            for row in rows if concerns(table, row)
        ]
        for table, rows in tables.items()
        if table in PLACED and table not in TECHNICAL and not (table in EMPLOYEE_FILE and role is PartyRole.MANAGER)
    }
