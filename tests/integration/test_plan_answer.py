"""The parties answer the offered plan themselves (issue 15): through their own space
with the hand-over code the facilitator gave them apart, or on paper recorded by the
facilitator. A forwarded link alone is not enough."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from reset_core import agreement, party_space, plan_answer
from reset_core.documents.plan import document, party_document
from reset_core.errors import ValidationError, ValidationErrors
from reset_core.model import (
    AdjustmentArea,
    AgreementStatus,
    AnswerRoute,
    CraftingAim,
    PlanAdjustment,
    Respondent,
    SchedulePeriod,
    Signer,
)
from tests.conftest import Clock, open_formal_case

OFFERED = date(2026, 9, 1)
RETURN = date(2026, 9, 14)
VIEW = "Ik wil eerst twee weken halve dagen werken voor ik de klantenbezoeken opneem."


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 9, 1, 10, 0))


@pytest.fixture
def offered(store, facilitator, clock):
    """A case whose plan version 1 was offered today: (case id, codes, employee link, manager link)."""
    case_id = open_formal_case(
        store, facilitator, assessed_on=date(2026, 6, 1), consent_on=date(2026, 3, 20), clock=clock,
        growth_reason="Eerst rust, op vraag van de arbeidsarts", sick_leave_start=date(2026, 3, 2), expected_return=RETURN,
    )
    first = agreement.start(store, facilitator, case_id, clock)
    content = replace(
        first.content, contract_hours=38.0,
        adjustments=(PlanAdjustment(AdjustmentArea.WORKLOAD, CraftingAim.LOWER_HINDERING_DEMAND, "Geen piekdagen"),),
        schedule=(SchedulePeriod(RETURN, RETURN + timedelta(days=13), None, 50.0, 3.0, "Bijlezen"),),
    )
    draft = agreement.save_draft(store, facilitator, case_id, 1, content, first.revision, clock)
    _, codes = plan_answer.offer(store, facilitator, case_id, 1, OFFERED, draft.revision, clock, received_on=OFFERED)  # handed over in person
    links = {r: party_space.issue_link(store, facilitator, case_id, r, clock=clock) for r in Respondent}
    return case_id, codes, links[Respondent.EMPLOYEE], links[Respondent.MANAGER]


def version_1(store, facilitator, case_id, clock):
    return agreement.load(store, facilitator, case_id, clock).version(1)


def problems_of(call, *args, **kwargs) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    errors = caught.value.errors if isinstance(caught.value, ValidationErrors) else (caught.value,)
    return {e.field: e.key for e in errors}


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_a_plan_answer_without_the_code_or_with_a_wrong_one_does_not_count(store, facilitator, offered, clock):
    case_id, codes, employee, manager = offered
    before = version_1(store, facilitator, case_id, clock)
    assert problems_of(plan_answer.answer, store, employee, 1, "", agree=True, name="Zoë", clock=clock) == {"code": "plan_answer.code_required"}
    wrong = "AAA-AAA" if codes[Signer.EMPLOYEE] != "AAA-AAA" else "CCC-CCC"
    assert problems_of(plan_answer.answer, store, employee, 1, wrong, agree=True, name="Zoë", clock=clock) == {"code": "plan_answer.code_wrong"}
    # The manager's code does not open the employee's answer: a code belongs to one party.
    assert problems_of(plan_answer.answer, store, employee, 1, codes[Signer.MANAGER], agree=True, name="Zoë", clock=clock) == {"code": "plan_answer.code_wrong"}
    assert version_1(store, facilitator, case_id, clock) == before  # nothing of the answer stored
    assert plan_answer.code_states(store, facilitator, case_id, 1, clock)[Signer.EMPLOYEE].wrong_tries == 2
    plan_answer.answer(store, manager, 1, codes[Signer.MANAGER], agree=True, name="Katrien", clock=clock)
    assert problems_of(plan_answer.new_code, store, facilitator, case_id, 1, Signer.MANAGER, clock) == {"form": "plan_answer.party_answered"}


def test_every_problem_of_the_answer_is_said_at_once_next_to_its_field(store, offered, clock):
    _, _, employee, _ = offered
    assert problems_of(plan_answer.answer, store, employee, 1, "", agree=False, name=" ", reasons="", clock=clock) == {
        "name": "agreement.required", "reasons": "agreement.refusal_reasons_required", "code": "plan_answer.code_required",
    }


def test_a_few_wrong_codes_lock_the_code_until_the_facilitator_makes_a_new_one(store, facilitator, offered, clock):
    case_id, codes, employee, _ = offered
    for _ in range(plan_answer.MAX_WRONG):
        problems_of(plan_answer.answer, store, employee, 1, "XXX-XXX", agree=True, name="Zoë", clock=clock)
    assert plan_answer.code_states(store, facilitator, case_id, 1, clock)[Signer.EMPLOYEE].locked
    # Locked: even the right code no longer counts.
    assert problems_of(plan_answer.answer, store, employee, 1, codes[Signer.EMPLOYEE], agree=True, name="Zoë", clock=clock) == {"code": "plan_answer.code_locked"}
    fresh = plan_answer.new_code(store, facilitator, case_id, 1, Signer.EMPLOYEE, clock)
    assert fresh != codes[Signer.EMPLOYEE]
    version = plan_answer.answer(store, employee, 1, fresh.lower().replace("-", " "), agree=True, name="Zoë", clock=clock)
    assert version.signature(Signer.EMPLOYEE).route is AnswerRoute.LINK


def test_a_code_is_stored_only_as_a_salted_hash(store, offered):
    _, codes, _, _ = offered
    with store.read() as q:
        dump = str(q.cur.execute("SELECT * FROM agreement_codes").fetchall())
    for code in codes.values():
        assert code not in dump and plan_answer.normal(code) not in dump


def test_the_right_codes_count_and_both_parties_signing_through_their_links_with_the_facilitator_sign_the_plan(store, facilitator, offered, clock):
    case_id, codes, employee, manager = offered
    clock.now = datetime(2026, 9, 3, 18, 30)
    plan_answer.answer(store, employee, 1, codes[Signer.EMPLOYEE], agree=True, name="Zoë Çelik-D'hondt", clock=clock)
    plan_answer.answer(store, manager, 1, codes[Signer.MANAGER], agree=True, name="Katrien De Smet", clock=clock)
    version = agreement.sign(store, facilitator, case_id, 1, Signer.FACILITATOR, "Fien", confirmed=True, clock=clock)
    assert version.status is AgreementStatus.SIGNED
    employee_signature = version.signature(Signer.EMPLOYEE)
    assert (employee_signature.name, employee_signature.signed_at, employee_signature.route) == (
        "Zoë Çelik-D'hondt", datetime(2026, 9, 3, 18, 30), AnswerRoute.LINK,
    )
    assert employee_signature.recorded_by == party_space.actor_of(Respondent.EMPLOYEE) and employee_signature.link.startswith("space link #")
    assert plan_answer.code_states(store, facilitator, case_id, 1, clock)[Signer.MANAGER].used_at == datetime(2026, 9, 3, 18, 30)
    assert problems_of(plan_answer.new_code, store, facilitator, case_id, 1, Signer.EMPLOYEE, clock) == {"form": "agreement.locked"}


def test_the_paper_route_counts_and_says_who_recorded_it_and_the_papers_date(store, facilitator, offered, clock):
    case_id, _, _, _ = offered
    clock.now = datetime(2026, 9, 4, 9, 0)
    problems = problems_of(agreement.sign, store, facilitator, case_id, 1, Signer.EMPLOYEE, "Zoë", confirmed=False, clock=clock)
    assert problems == {"sign_employee_tick": "plan_answer.tick_paper", "sign_employee_paper_date": "plan_answer.paper_date_required"}
    for signer in (Signer.EMPLOYEE, Signer.MANAGER):
        agreement.sign(store, facilitator, case_id, 1, signer, signer.value, confirmed=True, paper_date=date(2026, 9, 3), clock=clock)
    version = agreement.sign(store, facilitator, case_id, 1, Signer.FACILITATOR, "Fien", confirmed=True, clock=clock)
    assert version.status is AgreementStatus.SIGNED
    paper = version.signature(Signer.EMPLOYEE)
    assert (paper.route, paper.paper_date, paper.recorded_by) == (AnswerRoute.PAPER, date(2026, 9, 3), facilitator.username)
    assert version.signature(Signer.FACILITATOR).route is AnswerRoute.OWN
    assert "bevestigd (op papier (03/09/2026))" in pdf_text(document(store, facilitator, case_id, 1, clock=clock))


def test_a_paper_date_is_neither_in_the_future_nor_before_the_offer(store, facilitator, offered, clock):
    case_id, _, _, _ = offered
    assert problems_of(agreement.sign, store, facilitator, case_id, 1, Signer.MANAGER, "K", confirmed=True, paper_date=date(2026, 9, 2), clock=clock) == {
        "sign_manager_paper_date": "plan_answer.paper_date_future"}
    assert problems_of(agreement.refuse, store, facilitator, case_id, 1, "Te snel", date(2026, 8, 31), clock) == {
        "refusal_paper_date": "plan_answer.paper_date_before_offer"}


def test_the_employees_refusal_through_the_link_with_reasons_locks_the_version(store, facilitator, offered, clock):
    case_id, codes, employee, manager = offered
    version = plan_answer.answer(
        store, employee, 1, codes[Signer.EMPLOYEE], agree=False, name="Zoë", reasons="Week 3 is te snel.", view=VIEW, clock=clock,
    )
    assert version.status is AgreementStatus.REFUSED and version.refusal_reasons == "Week 3 is te snel."
    assert (version.refusal.route, version.refusal.name, version.refusal.recorded_by) == (AnswerRoute.LINK, "Zoë", party_space.actor_of(Respondent.EMPLOYEE))
    assert problems_of(plan_answer.answer, store, manager, 1, codes[Signer.MANAGER], agree=True, name="K", clock=clock) == {"form": "plan_answer.not_open"}
    assert problems_of(agreement.sign, store, facilitator, case_id, 1, Signer.FACILITATOR, "Fien", confirmed=True, clock=clock) == {"sign_facilitator": "agreement.locked"}
    assert agreement.new_version(store, facilitator, case_id, "Tragere opbouw", clock).number == 2


def test_an_answer_after_the_fourteen_days_is_refused_with_a_message_and_the_facilitator_takes_it_up(store, facilitator, offered, clock):
    case_id, codes, employee, manager = offered
    clock.now = datetime(2026, 9, 15, 12, 0)  # offered 1/9: the 14 days ended on 15/9
    assert plan_answer.party_plan(store, employee, clock).can_answer
    clock.now = datetime(2026, 9, 16, 8, 0)
    assert plan_answer.party_plan(store, employee, clock).too_late
    with pytest.raises(ValidationError) as caught:
        plan_answer.answer(store, employee, 1, codes[Signer.EMPLOYEE], agree=True, name="Zoë", clock=clock)
    assert (caught.value.key, caught.value.params) == ("plan_answer.too_late", {"deadline": "15/09/2026"})
    assert version_1(store, facilitator, case_id, clock).signatures == ()
    # The facilitator can still record what the employee signed on paper.
    agreement.sign(store, facilitator, case_id, 1, Signer.EMPLOYEE, "Zoë", confirmed=True, paper_date=date(2026, 9, 16), clock=clock)


def test_the_employees_view_appears_in_the_pdf_in_its_own_section_and_the_facilitator_cannot_change_it(store, facilitator, offered, clock):
    case_id, codes, employee, _ = offered
    plan_answer.answer(store, employee, 1, codes[Signer.EMPLOYEE], agree=True, name="Zoë", view=VIEW, clock=clock)
    written = version_1(store, facilitator, case_id, clock)
    assert written.employee_view == VIEW
    for data in (document(store, facilitator, case_id, 1, clock=clock), party_document(store, employee, clock=clock)):
        text = pdf_text(data)
        assert "Zienswijze van de werknemer" in text and VIEW in text
    # Whatever the facilitator does next, the view stays as the employee wrote it.
    agreement.sign(store, facilitator, case_id, 1, Signer.MANAGER, "Katrien", confirmed=True, paper_date=OFFERED, clock=clock)
    agreement.sign(store, facilitator, case_id, 1, Signer.FACILITATOR, "Fien", confirmed=True, clock=clock)
    second = agreement.new_version(store, facilitator, case_id, "Na drie maanden", clock)
    agreement.save_draft(store, facilitator, case_id, 2, replace(second.content, buddy="Lies"), second.revision, clock)
    with pytest.raises(ValidationError):
        agreement.save_draft(store, facilitator, case_id, 1, second.content, written.revision, clock)
    plan = agreement.load(store, facilitator, case_id, clock)
    assert plan.version(1).employee_view == VIEW and plan.version(2).employee_view == ""


def test_the_manager_cannot_write_the_employees_view(store, facilitator, offered, clock):
    case_id, codes, _, manager = offered
    plan_answer.answer(store, manager, 1, codes[Signer.MANAGER], agree=True, name="Katrien", view="Mijn mening", clock=clock)
    assert version_1(store, facilitator, case_id, clock).employee_view == ""


def test_the_partys_pdf_holds_the_plan_without_the_scan_comparison(store, facilitator, offered, clock):
    _, _, employee, manager = offered
    text = pdf_text(party_document(store, manager, clock=clock))
    assert "Re-integratieplan - versie 1" in text and "Geen piekdagen" in text
    assert "Scanvergelijking" not in text and "Vergelijking" not in text


def test_a_french_speaking_employee_gets_the_plan_in_french_and_the_manager_in_dutch(store, facilitator, offered, clock):
    _, _, employee, manager = offered
    french, dutch = pdf_text(party_document(store, employee, "fr", clock=clock)), pdf_text(party_document(store, manager, "nl", clock=clock))
    assert "Plan de réintégration - version 1" in french and "Reprise progressive du travail" in french
    assert "médecin-conseil de la mutualité" in french and "Re-integratieplan" not in french
    assert "Re-integratieplan - versie 1" in dutch and "réintégration" not in dutch


def test_a_draft_never_reaches_a_partys_space(store, facilitator, offered, clock):
    case_id, codes, employee, _ = offered
    agreement.reopen(store, facilitator, case_id, 1, clock)
    plan = plan_answer.party_plan(store, employee, clock)
    assert (plan.version, plan.newer_in_the_making, plan.can_answer) == (None, False, False)
    assert problems_of(plan_answer.answer, store, employee, 1, codes[Signer.EMPLOYEE], agree=True, name="Zoë", clock=clock) == {"form": "plan_answer.not_open"}
