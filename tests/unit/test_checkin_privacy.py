"""A party's check-in answers are theirs: a party's right-of-access export holds their own
answers and never the other party's (reset_core.access_request)."""

from reset_core.access_request import ExportFor, for_party

TABLES = {
    "checkin_answers": [
        {"case_id": 1, "respondent": "employee", "helped": "EMPLOYEE-OWN"},
        {"case_id": 1, "respondent": "manager", "helped": "MANAGER-OWN"},
    ],
    "checkin_rhythms": [{"case_id": 1, "enabled": True, "weekly_weeks": 4}],
}


def test_the_managers_export_holds_the_managers_check_ins_and_never_the_employees():
    exported = for_party(TABLES, ExportFor.MANAGER)
    assert [row["helped"] for row in exported["checkin_answers"]] == ["MANAGER-OWN"]
    assert exported["checkin_rhythms"] == TABLES["checkin_rhythms"]  # the calendar both know


def test_the_employees_export_holds_the_employees_check_ins_and_never_the_managers():
    assert [row["helped"] for row in for_party(TABLES, ExportFor.EMPLOYEE)["checkin_answers"]] == ["EMPLOYEE-OWN"]


def test_each_party_export_holds_their_own_evaluation_and_the_joint_part_but_never_the_others_own():
    tables = {
        "own_evaluations": [{"respondent": r, "went_well": f"{r} says"} for r in ("employee", "manager")],
        "joint_evaluations": [{"case_id": 1, "summary": "together"}],
    }
    for party in (ExportFor.EMPLOYEE, ExportFor.MANAGER):
        export = for_party(tables, party)
        assert [row["respondent"] for row in export["own_evaluations"]] == [party.value]
        assert export["joint_evaluations"] == [{"case_id": 1, "summary": "together"}]
