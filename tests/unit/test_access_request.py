"""Which rows of a case each party's right-of-access export holds (the rule itself, on
plain rows; tests/integration/test_privacy.py hunts the other party's texts in real exports)."""

from datetime import datetime

from reset_core import history
from reset_core.access_request import ExportFor, for_party
from reset_core.model import AuditEntry

TABLES = {
    "cases": [{"id": 1}],
    "parties": [{"case_id": 1, "role": "employee", "name": "An"}, {"case_id": 1, "role": "manager", "name": "Bo"}],
    "conversations": [{"id": 10, "party": "employee"}, {"id": 11, "party": "manager"}, {"id": 12, "party": "other"}],
    "conversation_cards": [{"conversation_id": c, "note": f"note {c}"} for c in (10, 11, 12)],
    "insights": [{"id": 20, "conversation_id": 10, "text": "e"}, {"id": 21, "conversation_id": 11, "text": "m"}],
    "insight_sharing": [{"insight_id": 20, "shared": True}, {"insight_id": 21, "shared": True}],
    "scan_links": [{"respondent": r, "token_hash": "x"} for r in ("employee", "manager")],
    "scan_answers": [{"respondent": r, "value": 3} for r in ("employee", "manager")],
    "followups": [{"id": 30, "participants": "employee"}, {"id": 31, "participants": "manager"}, {"id": 32, "participants": "joint"}],
    "goal_reviews": [{"followup_id": f} for f in (30, 31, 32)],
    "consents": [{"note": "given"}],
    "requests": [{"token": "t"}],
    "a_table_nobody_placed": [{"text": "anything"}],
}


def test_each_party_gets_their_own_conversations_scan_and_follow_ups_and_the_shared_rest():
    employee = for_party(TABLES, ExportFor.EMPLOYEE)
    manager = for_party(TABLES, ExportFor.MANAGER)
    assert [r["conversation_id"] for r in employee["conversation_cards"]] == [10]
    assert [r["conversation_id"] for r in manager["conversation_cards"]] == [11]
    assert [r["insight_id"] for r in manager["insight_sharing"]] == [21]
    assert [r["respondent"] for r in employee["scan_answers"]] == ["employee"]
    assert [r["id"] for r in manager["followups"]] == [31, 32]
    assert [r["followup_id"] for r in employee["goal_reviews"]] == [30, 32]
    assert employee["parties"] == manager["parties"] == TABLES["parties"]


def test_the_employees_own_file_is_not_in_the_managers_export():
    assert for_party(TABLES, ExportFor.EMPLOYEE)["consents"] == TABLES["consents"]
    assert "consents" not in for_party(TABLES, ExportFor.MANAGER) and "cases" not in for_party(TABLES, ExportFor.MANAGER)


def test_bookkeeping_token_hashes_and_unplaced_tables_are_left_out():
    for party in (ExportFor.EMPLOYEE, ExportFor.MANAGER):
        export = for_party(TABLES, party)
        assert "requests" not in export and "a_table_nobody_placed" not in export
        assert all("token_hash" not in row for row in export["scan_links"])


def test_the_history_says_for_whom_an_export_was_made_in_the_readers_language():
    entry = lambda detail: AuditEntry(datetime(2026, 11, 28, 9, 0), "greet", 1, "case.export", detail)  # noqa: E731
    assert history.detail(entry("manager"), {}, "nl") == "De leidinggevende"
    assert history.detail(entry("organisation: Vraag van de inspectie"), {}, "en") == "The whole case (the organisation's legal duty): Vraag van de inspectie"
    assert history.detail(entry("nl"), {}, "nl") == ""  # an export made before there was a choice


def test_each_party_gets_their_own_space_link_without_its_hash():
    tables = {"space_links": [{"respondent": r, "token_hash": "x", "opened_at": None} for r in ("employee", "manager")]}
    for party in (ExportFor.EMPLOYEE, ExportFor.MANAGER):
        assert for_party(tables, party)["space_links"] == [{"respondent": party.value, "opened_at": None}]
