"""A case made from nothing moves through its phases by the real use cases, on a real
database: consent, conversations, scan links submitted, a plan offered and signed, the
return date reached by the clock alone, a follow-up due and held, an early sign from a
real answer, closing. Corrections and withdrawal on the side."""

from dataclasses import replace
from datetime import date, datetime

import pytest

from reset_core import agreement, checkins, closing, conversations, dialogue, followup, intake, phases, scan, services
from reset_core.errors import Unavailable, ValidationError
from reset_core.instrument import load_instrument
from reset_core.model import (
    PROCESSING,
    AdjustmentArea,
    AtWorkNineMonths,
    CaseDetails,
    ClosingOutcome,
    ConversationParty,
    CraftingAim,
    Decision,
    GoalOwner,
    MomentKind,
    Participants,
    Party,
    PartyRole,
    Phase,
    PlanAdjustment,
    Respondent,
    Signer,
)
from tests.conftest import Clock

SICK = date(2026, 1, 5)
EXPECTED_RETURN = date(2026, 4, 7)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 2, 2, 10, 0))


def at(clock: Clock, day: date, hour: int = 10) -> Clock:
    clock.now = datetime.combine(day, datetime.min.time()).replace(hour=hour)
    return clock


def phase(store, facilitator, case_id, clock) -> Phase:
    """The phase the case list shows: judged when it is listed, nothing else done."""
    (summary,) = [s for s in services.list_cases(store, facilitator, clock=clock) if s.case.id == case_id]
    return summary.case.phase


def answer(store, token: str, clock: Clock, continuum: str | None = None) -> None:
    """A respondent answers every statement through their link and submits."""
    items = load_instrument(scan.CURRENT_VERSION).items
    scan.save_answers(store, token, {item.id: 3 for item in items}, clock)
    if continuum:
        scan.save_continuum(store, token, continuum, clock)
    scan.submit(store, token, clock)


def new_case(store, facilitator, clock, **details) -> int:
    case_id = intake.open_case(
        store, facilitator,
        CaseDetails(**{**dict(
            employee=Party(PartyRole.EMPLOYEE, "Marc Verbeke", "Vertegenwoordiger"),
            manager=Party(PartyRole.MANAGER, "Katrien De Smet", "Salesmanager"),
            sick_leave_start=SICK, expected_return=EXPECTED_RETURN,
        ), **details}),
        clock=clock,
    ).id
    return case_id


def test_a_case_made_from_nothing_reaches_every_phase_by_its_facts_alone(store, facilitator, clock):
    case_id = new_case(store, facilitator, clock)
    assert phase(store, facilitator, case_id, clock) is Phase.INTAKE

    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 2, 2), clock=clock)
    assert phase(store, facilitator, case_id, clock) is Phase.PREPARATION

    at(clock, date(2026, 2, 10))
    conversations.start_conversation(store, facilitator, case_id, ConversationParty.EMPLOYEE, date(2026, 2, 10), clock=clock)
    assert phase(store, facilitator, case_id, clock) is Phase.PREPARATION  # the manager's conversation is still to come
    at(clock, date(2026, 2, 17))
    conversations.start_conversation(store, facilitator, case_id, ConversationParty.MANAGER, date(2026, 2, 17), clock=clock)
    assert phase(store, facilitator, case_id, clock) is Phase.JOINT_DIALOGUE

    at(clock, date(2026, 2, 20))
    _, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 2, 20), clock=clock)
    answer(store, tokens[Respondent.EMPLOYEE], clock, "surviving")
    answer(store, tokens[Respondent.MANAGER], clock)
    assert phase(store, facilitator, case_id, clock) is Phase.JOINT_DIALOGUE
    assert followup.all_signals(store, facilitator, clock=clock) == []

    at(clock, date(2026, 3, 2))
    dialogue.add_goal(store, facilitator, case_id, "recovery_energy", GoalOwner.EMPLOYEE, "Elke dag een pauze", "Herstel 3+", MomentKind.M3, clock=clock)
    draft = agreement.start(store, facilitator, case_id, clock)
    content = replace(
        draft.content, contract_hours=38.0,
        adjustments=(PlanAdjustment(AdjustmentArea.WORKLOAD, CraftingAim.LOWER_HINDERING_DEMAND, "Geen piekmomenten de eerste maand"), PlanAdjustment(AdjustmentArea.RELATIONS_SUPPORT, CraftingAim.RAISE_RESOURCE, "Wekelijks gesprek met de leidinggevende")),
    )
    draft = agreement.save_draft(store, facilitator, case_id, 1, content, draft.revision, clock)
    assert phase(store, facilitator, case_id, clock) is Phase.JOINT_DIALOGUE  # a draft is no offer yet
    at(clock, date(2026, 3, 10))
    agreement.offer(store, facilitator, case_id, 1, date(2026, 3, 10), draft.revision, clock)
    assert phase(store, facilitator, case_id, clock) is Phase.RETURN
    at(clock, date(2026, 3, 12))
    for signer, name in ((Signer.EMPLOYEE, "Marc Verbeke"), (Signer.MANAGER, "Katrien De Smet"), (Signer.FACILITATOR, "Fien")):
        agreement.sign(store, facilitator, case_id, 1, signer, name, confirmed=True, paper_date=date(2026, 3, 12), clock=clock)
    assert phase(store, facilitator, case_id, clock) is Phase.RETURN

    # Nobody does anything: the clock alone reaches the return date.
    at(clock, date(2026, 4, 6))
    assert phase(store, facilitator, case_id, clock) is Phase.RETURN
    at(clock, date(2026, 4, 7))
    assert phase(store, facilitator, case_id, clock) is Phase.FOLLOW_UP
    m3 = next(m for m in followup.schedule(store, facilitator, case_id, clock) if m.kind == "m3")
    assert followup.due_items(store, facilitator, clock=clock) == []  # three months away
    # No check-ins in this case: missed ones would be signs of their own (tests/integration/test_checkins.py).
    checkins.save_rhythm(store, facilitator, case_id, False, checkins.DEFAULT_WEEKLY, clock)

    at(clock, date(2026, 6, 25))
    due = followup.due_items(store, facilitator, clock=clock)
    assert ("m3", "followup", m3.due_on) in [(d.kind, d.what, d.due_on) for d in due if d.case_id == case_id]

    # The 3-month re-scan: the employee places themself "in crisis" through the link.
    _, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.M3, date(2026, 6, 25), clock=clock)
    answer(store, tokens[Respondent.EMPLOYEE], clock, "in_crisis")
    signs = followup.all_signals(store, facilitator, clock=clock)
    assert [s.key for s in signs if s.case_id == case_id] == ["continuum:in_crisis"]

    at(clock, m3.due_on)
    followup.record_followup(
        store, facilitator, case_id, "m3", m3.due_on, Participants.JOINT, Decision.CONTINUE, clock=clock,
    )
    assert phase(store, facilitator, case_id, clock) is Phase.FOLLOW_UP
    assert not [d for d in followup.due_items(store, facilitator, clock=clock) if d.kind == "m3" and d.what == "followup"]

    at(clock, date(2026, 7, 10))
    closing.save_closing(store, facilitator, case_id, date(2026, 7, 10), ClosingOutcome.OWN_JOB, AtWorkNineMonths.NOT_KNOWN, clock=clock)
    assert phase(store, facilitator, case_id, clock) is Phase.CLOSED

    history = phases.explain(store, facilitator, case_id, clock).history
    assert [(c.phase, c.kind) for c in history] == [
        (Phase.PREPARATION, "facts"), (Phase.JOINT_DIALOGUE, "facts"), (Phase.RETURN, "facts"),
        (Phase.FOLLOW_UP, "facts"), (Phase.CLOSED, "closing"),
    ]
    assert history[2].at == datetime(2026, 3, 10, 10)  # when the plan was offered
    assert history[3].at == datetime(2026, 4, 7, 10)  # the first read on the return date


def test_a_t0_scan_submitted_through_both_links_makes_the_case_ready_for_the_joint_dialogue(store, facilitator, clock):
    case_id = new_case(store, facilitator, clock)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 2, 2), clock=clock)
    _, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 2, 2), clock=clock)
    answer(store, tokens[Respondent.MANAGER], clock)
    assert services.get_case(store, facilitator, case_id, clock).phase is Phase.PREPARATION
    answer(store, tokens[Respondent.EMPLOYEE], clock, "surviving")
    with store.read() as q:  # moved at the submission, before any facilitator looked
        assert q.cases.case(case_id).phase is Phase.JOINT_DIALOGUE
        assert [(e.actor, e.detail) for e in q.journal.audit_of_case(case_id) if e.action == "case.phase"][-1] == (
            "employee-link", "joint_dialogue",
        )


@pytest.mark.parametrize("level", ["in_crisis", "struggling"])
def test_a_low_check_in_before_the_return_raises_an_early_sign_as_soon_as_it_is_chosen(store, facilitator, clock, level):
    case_id = new_case(store, facilitator, clock)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 2, 2), clock=clock)
    _, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 2, 2), clock=clock)
    scan.save_continuum(store, tokens[Respondent.EMPLOYEE], level, clock)  # chosen, not yet submitted
    assert services.get_case(store, facilitator, case_id, clock).phase is Phase.PREPARATION
    assert [s.key for s in followup.all_signals(store, facilitator, clock=clock)] == [f"continuum:{level}"]
    assert [s.key for s in followup.case_signals(store, facilitator, case_id, clock=clock)] == [f"continuum:{level}"]
    scan.save_continuum(store, tokens[Respondent.EMPLOYEE], None, clock)  # "rather not say" takes it back
    assert followup.all_signals(store, facilitator, clock=clock) == []


def test_a_low_check_in_raises_an_early_sign_in_every_open_phase(store, facilitator, clock):
    case_id = new_case(store, facilitator, clock)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 2, 2), clock=clock)
    for phase_now in (Phase.PREPARATION, Phase.JOINT_DIALOGUE, Phase.RETURN, Phase.FOLLOW_UP):
        if phase_now is not Phase.PREPARATION:
            phases.correct(store, facilitator, case_id, phase_now, "Zo afgesproken met beide partijen", clock)
        _, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0 if phase_now is Phase.PREPARATION else MomentKind.EXTRA, clock().date(), clock=clock)
        scan.save_continuum(store, tokens[Respondent.EMPLOYEE], "struggling", clock)
        assert [s.key for s in followup.case_signals(store, facilitator, case_id, clock=clock)] == ["continuum:struggling"], phase_now
        scan.save_continuum(store, tokens[Respondent.EMPLOYEE], "thriving", clock)
        assert followup.case_signals(store, facilitator, case_id, clock=clock) == [], phase_now


def test_a_correction_is_kept_with_who_and_why_and_holds_until_a_fact_moves_the_case_on(store, facilitator, clock):
    case_id = new_case(store, facilitator, clock)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 2, 2), clock=clock)
    at(clock, date(2026, 2, 5))
    with pytest.raises(ValidationError) as err:
        phases.correct(store, facilitator, case_id, Phase.JOINT_DIALOGUE, "  ", clock)
    assert err.value.key == "phases.reason_required"
    file = phases.correct(store, facilitator, case_id, Phase.JOINT_DIALOGUE, "Beide gesprekken vorige week, op papier", clock)
    assert (file.case.phase, file.verdict.corrected, file.verdict.facts_phase) == (Phase.JOINT_DIALOGUE, True, Phase.PREPARATION)
    last = file.history[-1]
    assert (last.kind, last.by, last.by_name, last.reason, last.at) == (
        "correction", "fien", "Fien Facilitator", "Beide gesprekken vorige week, op papier", datetime(2026, 2, 5, 10),
    )

    # One conversation recorded later does not change what the facts give: the correction holds.
    conversations.start_conversation(store, facilitator, case_id, ConversationParty.EMPLOYEE, date(2026, 2, 5), clock=clock)
    assert phase(store, facilitator, case_id, clock) is Phase.JOINT_DIALOGUE

    # An offered plan moves the case on: the facts speak again.
    at(clock, date(2026, 2, 20))
    draft = agreement.start(store, facilitator, case_id, clock)
    content = replace(draft.content, contract_hours=38.0, adjustments=(
        PlanAdjustment(AdjustmentArea.TASKS, CraftingAim.RAISE_RESOURCE, "Vaste klanten blijven"),))
    draft = agreement.save_draft(store, facilitator, case_id, 1, content, draft.revision, clock)
    agreement.offer(store, facilitator, case_id, 1, date(2026, 2, 20), draft.revision, clock)
    explained = phases.explain(store, facilitator, case_id, clock)
    assert (explained.case.phase, explained.verdict.corrected) == (Phase.RETURN, False)
    assert [r.key for r in explained.verdict.reasons] == ["phases.why.plan_offered"]


def test_withdrawing_the_basic_consent_stops_the_case_instead_of_leaving_it_active(store, facilitator, clock):
    case_id = new_case(store, facilitator, clock, actual_return=date(2026, 1, 26), expected_return=None)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 1, 6), clock=clock)
    _, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 2, 2), clock=clock)
    answer(store, tokens[Respondent.EMPLOYEE], clock, "in_crisis")
    assert phase(store, facilitator, case_id, clock) is Phase.FOLLOW_UP
    assert followup.all_signals(store, facilitator, clock=clock)

    intake.record_consent(store, facilitator, case_id, PROCESSING, False, date(2026, 2, 2), clock=clock)
    (summary,) = services.list_cases(store, facilitator, clock=clock)
    assert (summary.case.phase, summary.next_step) == (Phase.INTAKE, "next_step.consent_withdrawn")
    assert followup.all_signals(store, facilitator, clock=clock) == []
    with pytest.raises(Unavailable) as refused:  # the case's own follow-up is not shown at all (reset_core.allowed)
        followup.case_signals(store, facilitator, case_id, clock=clock)
    assert refused.value.key == "allowed.consent_withdrawn"
    at(clock, date(2026, 5, 1))  # the 3-month follow-up would be due now
    assert followup.due_items(store, facilitator, clock=clock) == []

    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 5, 1), clock=clock)
    assert phase(store, facilitator, case_id, clock) is Phase.FOLLOW_UP


def test_reopening_a_closed_case_takes_the_phase_its_facts_give(store, facilitator, clock):
    case_id = new_case(store, facilitator, clock)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 2, 2), clock=clock)
    closing.save_closing(store, facilitator, case_id, date(2026, 2, 2), ClosingOutcome.LEFT_EMPLOYER, clock=clock)
    at(clock, date(2026, 2, 9))
    assert closing.reopen(store, facilitator, case_id, "Toch terug in dienst", clock).phase is Phase.PREPARATION
    last = phases.explain(store, facilitator, case_id, clock).history[-1]
    assert (last.phase, last.kind, last.reason) == (Phase.PREPARATION, "reopening", "Toch terug in dienst")


def test_moving_the_return_date_in_the_intake_moves_the_phase_at_once(store, facilitator, clock):
    case_id = new_case(store, facilitator, clock)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 2, 2), clock=clock)
    case = services.get_case(store, facilitator, case_id, clock)
    saved = intake.update_case(store, facilitator, case_id, replace(case.details, actual_return=date(2026, 2, 2)), case.version, clock)
    assert saved.phase is Phase.FOLLOW_UP
    # The intake form's version is untouched by the move: a form read before still saves.
    assert intake.update_case(store, facilitator, case_id, saved.details, saved.version, clock).phase is Phase.FOLLOW_UP


def test_every_demo_case_reaches_the_phase_of_its_story_by_its_facts(demo_store):
    from reset_core import accounts
    from reset_core.demo import DEMO_CASES

    wanted = {d.employee[0]: d.phase for d in DEMO_CASES}
    with demo_store.read() as q:
        assert q.phases.phase_history_of(1) and all(c.kind in ("facts", "closing") for c in q.phases.phase_history_of(1))
    for username in ("demo", "demo-2"):
        user = next(u for u in accounts.login_directory(demo_store) if u.username == username)
        for summary in services.list_cases(demo_store, user):
            assert summary.case.phase is wanted[summary.case.employee.name], summary.case.employee.name
