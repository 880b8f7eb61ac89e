"""A page run logs each case it read once (reset_core.services.page_visit), and logs
everything the same run logged before, one entry per service call, said in one entry.
Each page is run twice on the same demo case: as before (every read its own entry) and
as now, and the audit rows the two runs left are compared."""

from contextlib import nullcontext

import pytest

from reset_core import services
from reset_core.model import Role, User
from tests.app.conftest import app_store, open_page

CASE_PAGES = ("home", "intake", "conversations", "scan", "dialogue", "agreement", "followup", "closing")


@pytest.fixture
def demo(demo_config):
    return User("demo", "An Vercammen", Role.FACILITATOR)


def case_of(employee: str) -> int:
    with app_store().read() as q:
        return next(c.id for c in q.cases.cases_of("demo") if c.employee.name == employee)


def logged_by(run) -> list[tuple[int | None, str, str]]:
    """(case, action, detail) of every audit entry of the demo facilitator that `run` left."""
    with app_store().read() as q:
        before = len(q.journal.audit_of_actor("demo"))
    run()
    with app_store().read() as q:
        return [(e.case_id, e.action, e.detail) for e in q.journal.audit_of_actor("demo")[before:]]


@pytest.mark.parametrize("page", CASE_PAGES)
def test_a_page_run_logs_one_view_per_case_naming_every_read_the_run_made(demo, monkeypatch, page):
    case_id = case_of("Ahmed El Amrani")
    open_page(page, "demo", case_id)  # the first visit settles what a first visit settles
    now = logged_by(lambda: open_page(page, "demo", case_id))
    with monkeypatch.context() as m:
        m.setattr(services, "page_visit", lambda *_, **__: nullcontext())
        before = logged_by(lambda: open_page(page, "demo", case_id))

    def views(rows):
        return [(case, detail) for case, action, detail in rows if action == "case.view"]

    read_before = {case for case, _ in views(before)}
    assert read_before, f"{page} read no case: nothing to compare"
    # One entry per case read, where there was one per read ...
    assert sorted(case for case, _ in views(now)) == sorted(read_before)
    # ... naming every read of that case the run made before ...
    for case in read_before:
        (said,) = [detail for c, detail in views(now) if c == case]
        assert set(said.split(", ")) - {""} == {detail for c, detail in views(before) if c == case} - {""}
    # ... and everything else logged as before.
    assert [r for r in now if r[1] != "case.view"] == [r for r in before if r[1] != "case.view"]
    if page == "followup":
        assert len(views(before)) > len(views(now))  # the page that read its case most often
