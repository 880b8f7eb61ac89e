"""The demo has a case on each legal track, made through the same rules: decision A with
a signed plan, decision B with the employer's motivated report, decision C waiting for the
reassessment, a voluntary return; and the bus driver holds a safety function."""

from datetime import date

from reset_core import accounts, followup, legal_track
from reset_core.documents.legal_report import document
from reset_core.model import AgreementStatus, AssessmentOutcome, DocumentKind, Track


def case_of(store, employee: str):
    with store.read() as q:
        return next(c for c in q.cases.all_cases() if c.details.employee.name == employee)


def demo_user(store):
    return next(u for u in accounts.login_directory(store) if u.username == "demo")


def test_the_demo_has_a_case_on_each_legal_track(demo_store):
    demo = demo_user(demo_store)
    legal = {name: legal_track.load(demo_store, demo, case_of(demo_store, name).id)
             for name in ("Lotte Wouters", "Patrick Wouters", "Wendy Peeters", "Ahmed El Amrani")}
    with demo_store.read() as q:
        lotte_signed = [v.status for v in q.agreements.agreements_of(legal["Lotte Wouters"].case.id)]
    assert legal["Lotte Wouters"].kind is DocumentKind.CODEX_PLAN and AgreementStatus.SIGNED in lotte_signed
    report = legal["Patrick Wouters"]
    assert report.case.assessment.outcome is AssessmentOutcome.B and report.facts.report is not None
    assert not [d for d in report.deadlines if d.kind == "plan_due_b"]  # the report met the plan's deadline
    assert b"%PDF" in document(demo_store, demo, report.case.id)[:8]
    waiting = legal["Wendy Peeters"]
    assert waiting.case.assessment.outcome is AssessmentOutcome.C and waiting.kind is DocumentKind.RETURN_AGREEMENT
    assert [d.kind for d in waiting.deadlines] == ["reassessment"]
    voluntary = legal["Ahmed El Amrani"]
    assert voluntary.track.track is Track.VOLUNTARY and voluntary.kind is DocumentKind.RETURN_AGREEMENT
    assert voluntary.notices and all(n.filed_on is not None and not n.late for n in voluntary.notices)


def test_the_home_page_lists_the_first_notice_of_the_case_about_to_return_and_the_coming_reassessment(demo_store):
    demo = demo_user(demo_store)
    listed = {(i.employee, i.kind) for i in followup.due_items(demo_store, demo, today=date.today()) if i.what == "legal"}
    assert {("Lotte Wouters", "notice_due"), ("Wendy Peeters", "reassessment")} <= listed


def test_the_bus_driver_holds_a_safety_function(demo_store):
    demo = demo_user(demo_store)
    assert legal_track.load(demo_store, demo, case_of(demo_store, "Dries Van Damme").id).facts.safety_function
