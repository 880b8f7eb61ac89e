"""The right of access and the right to erasure, on a demo case with data of every kind."""

import json
import pytest

from reset_core import privacy, services
from reset_core.errors import PermissionDenied, ValidationError
from reset_core.model import Role, User

DEMO = User("demo", "An Vercammen", Role.FACILITATOR)
OTHER = User("demo-2", "Pieter Lemmens", Role.FACILITATOR)


def case_of(store, employee):
    return next(s.case.id for s in services.list_cases(store, DEMO) if s.case.employee.name == employee)


def every_row_as_text(store) -> str:
    with store.read() as q:
        tables = [r[0] for r in q.cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()").fetchall()]
        return "\n".join(str(q.cur.execute(f"SELECT * FROM {t}").fetchall()) for t in tables)


def test_the_export_holds_everything_recorded_on_the_case(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    exported = json.loads(privacy.export_case(demo_store, DEMO, case_id))
    tables = exported["tables"]
    assert tables["cases"][0]["id"] == case_id
    for table in ("parties", "consents", "people", "contact_log", "conversations", "insights", "scan_moments", "scan_answers", "goals", "followups"):
        assert tables[table], table
    assert all(row.get("case_id", case_id) == case_id for rows in tables.values() for row in rows)
    assert "El Amrani" in json.dumps(tables["parties"], ensure_ascii=False)


def test_erasing_a_case_leaves_nothing_of_it_and_touches_no_other_case(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    other = case_of(demo_store, "Lotte Wouters")
    before = json.loads(privacy.export_case(demo_store, DEMO, other))["tables"]
    assert "El Amrani" in every_row_as_text(demo_store)
    privacy.erase_case(demo_store, DEMO, case_id, f"#{case_id}")
    assert "El Amrani" not in every_row_as_text(demo_store)
    assert "Tom Willems" not in every_row_as_text(demo_store)
    assert case_id not in [s.case.id for s in services.list_cases(demo_store, DEMO)]
    after = json.loads(privacy.export_case(demo_store, DEMO, other))["tables"]
    assert {t: len(rows) for t, rows in after.items() if t != "audit_log"} == {t: len(rows) for t, rows in before.items() if t != "audit_log"}
    with demo_store.read() as q:
        assert [e.action for e in q.audit_of_case(case_id)][-1] == "case.erase"


def test_erasing_needs_the_case_number_repeated(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    with pytest.raises(ValidationError) as err:
        privacy.erase_case(demo_store, DEMO, case_id, "ja")
    assert err.value.field == "confirmation"
    assert case_id in [s.case.id for s in services.list_cases(demo_store, DEMO)]


def test_another_facilitator_can_neither_export_nor_erase(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    with pytest.raises(PermissionDenied):
        privacy.export_case(demo_store, OTHER, case_id)
    with pytest.raises(PermissionDenied):
        privacy.erase_case(demo_store, OTHER, case_id, str(case_id))


ADMIN = User("demo-admin", "Greet Huysmans", Role.ADMIN)


def test_closed_cases_past_the_retention_period_are_listed_without_contents_and_erased(demo_store):
    from datetime import date, timedelta

    far = date.today() + timedelta(days=365 * 7)
    due = privacy.retention_due(demo_store, ADMIN, today=far)
    closed = [s.case.id for s in services.list_cases(demo_store, DEMO) if s.case.phase.value == "closed"]
    assert sorted(case_id for case_id, _ in due) == sorted(closed) and closed
    assert all(isinstance(case_id, int) and isinstance(day, date) for case_id, day in due)
    assert privacy.retention_due(demo_store, ADMIN) == []  # today nothing is that old
    assert privacy.apply_retention(demo_store, ADMIN, today=far) == len(closed)
    remaining = [s.case.phase.value for s in services.list_cases(demo_store, DEMO)]
    assert "closed" not in remaining and remaining


def test_only_an_admin_sets_and_applies_the_retention_period(demo_store):
    with pytest.raises(PermissionDenied):
        privacy.retention_due(demo_store, DEMO)
    with pytest.raises(PermissionDenied):
        privacy.set_retention_years(demo_store, DEMO, 3)
    with pytest.raises(ValidationError):
        privacy.set_retention_years(demo_store, ADMIN, 0)
    privacy.set_retention_years(demo_store, ADMIN, 3)
    assert privacy.retention_years(demo_store) == 3
