"""The re-integration plan on a real database: drafts with optimistic locking, offering
with the employee's 14 days, the three confirmations that lock a version, refusal
with reasons, new versions that leave the old ones intact, the PDF and the calendar."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from reset_core import (
    agreement,
    checkins,
    conversations,
    dialogue,
    followup,
    intake,
    moments,
    scan,
    services,
    sharing,
)
from reset_core.documents.plan import calendar_file, document
from reset_core.errors import PermissionDenied, Unavailable, ValidationError
from reset_core.instrument import load_instrument
from reset_core.model import (
    AdjustmentArea,
    AgreementStatus,
    AnswerRoute,
    Assessment,
    AssessmentOutcome,
    Audience,
    ConversationParty,
    CraftingAim,
    Decision,
    GoalOwner,
    MomentKind,
    Participants,
    PlanAdjustment,
    Respondent,
    ScheduledMoment,
    SchedulePeriod,
    Signer,
)
from reset_core.scan import CURRENT_VERSION
from tests.conftest import Clock, open_case, open_formal_case

TODAY = date(2026, 9, 1)
RETURN = date(2026, 9, 7)  # a Monday


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 9, 1, 10, 0))


@pytest.fixture
def case_id(store, facilitator, clock):
    """A case with consent, a return date, an assessment and two goals from the joint dialogue."""
    case_id = open_formal_case(
        store, facilitator, assessed_on=date(2026, 6, 1), consent_on=date(2026, 3, 20), clock=clock,
        growth_reason="Eerst rust, op vraag van de arbeidsarts", sick_leave_start=date(2026, 3, 2), expected_return=RETURN,
        assessment=Assessment(AssessmentOutcome.A, date(2026, 6, 1), "Aangepast werk, progressieve opbouw"),
    )
    dialogue.add_goal(store, facilitator, case_id, "recovery_energy", GoalOwner.EMPLOYEE, "Elke dag een échte middagpauze", "Herstel scoort 3 of meer", MomentKind.M3)
    dialogue.add_goal(store, facilitator, case_id, "team_relations", GoalOwner.TEAM, "Afspraken over overdrachten", "Beiden zeggen dat het werkt", MomentKind.M6)
    return case_id


def draft(store, facilitator, case_id, clock, **changes):
    """Version 1 with a progressive start, saved; keyword arguments change its content."""
    agreement.start(store, facilitator, case_id, clock)
    first = agreement.load(store, facilitator, case_id, clock).version(1)
    content = replace(
        first.content,
        contract_hours=38.0,
        adjustments=(
            PlanAdjustment(AdjustmentArea.WORKLOAD, CraftingAim.LOWER_HINDERING_DEMAND, "Geen piekdagen op maandag"),
            PlanAdjustment(AdjustmentArea.RELATIONS_SUPPORT, CraftingAim.RAISE_RESOURCE, "Wekelijks gesprek met Katrien"),
        ),
        schedule=(
            SchedulePeriod(RETURN, RETURN + timedelta(days=13), None, 50.0, 3.0, "Bijlezen en klanten terugzien"),
            SchedulePeriod(RETURN + timedelta(days=14), RETURN + timedelta(days=41), 30.4, None, 4.0, "Eigen taken, geen pieken"),
        ),
        buddy="Jan Peeters",
        **changes,
    )
    return agreement.save_draft(store, facilitator, case_id, 1, content, first.revision, clock)


def signed(store, facilitator, case_id, clock, number=1):
    version = agreement.load(store, facilitator, case_id, clock).version(number)
    agreement.offer(store, facilitator, case_id, number, TODAY, version.revision, clock)
    for signer, name in ((Signer.EMPLOYEE, "Zoë Çelik-D'hondt"), (Signer.MANAGER, "Katrien De Smet"), (Signer.FACILITATOR, "Fien Facilitator")):
        clock.now += timedelta(minutes=5)
        version = agreement.sign(store, facilitator, case_id, number, signer, name, confirmed=True, paper_date=TODAY, clock=clock)
    return version


def refused(key, call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert caught.value.key == key
    return caught.value


def pdf_text(data: bytes) -> str:
    """The words of the PDF with its line breaks and wrapping spaces as single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


# --- making and editing ---------------------------------------------------------------


def test_a_first_version_proposes_follow_ups_three_six_and_nine_months_after_the_return(store, facilitator, case_id, clock):
    first = agreement.start(store, facilitator, case_id, clock)
    assert (first.number, first.status) == (1, AgreementStatus.DRAFT)
    assert first.content.follow_ups == (date(2026, 12, 7), date(2027, 3, 7), date(2027, 6, 7))
    assert (first.content.valid_from, first.content.valid_until) == (RETURN, date(2027, 6, 7))


def test_a_case_without_the_basic_consent_gets_no_plan(store, facilitator, clock):
    case_id = open_case(store, facilitator, "Marc Verbeke")
    with pytest.raises(Unavailable) as caught:
        agreement.start(store, facilitator, case_id, clock)
    assert caught.value.key == "allowed.consent_not_yet"
    assert agreement.load(store, facilitator, case_id, clock).versions == ()


def test_a_plan_is_started_once_per_case(store, facilitator, case_id, clock):
    agreement.start(store, facilitator, case_id, clock)
    refused("agreement.already_started", agreement.start, store, facilitator, case_id, clock)


def test_a_saved_draft_reads_back_as_saved_with_percentages_and_hours_completed(store, facilitator, case_id, clock):
    saved = draft(store, facilitator, case_id, clock)
    again = agreement.load(store, facilitator, case_id, clock).version(1)
    assert again == saved
    assert [(p.hours_per_week, p.percent) for p in again.content.schedule] == [(19.0, 50.0), (30.4, 80.0)]
    assert again.content.buddy == "Jan Peeters"


def test_a_draft_shows_the_goals_and_parties_of_the_case_as_they_are_now(store, facilitator, case_id, clock):
    draft(store, facilitator, case_id, clock)
    goal = dialogue.goals(store, facilitator, case_id)[0]
    dialogue.drop_goal(store, facilitator, case_id, goal.id)
    current = agreement.load(store, facilitator, case_id, clock).version(1)
    assert [g.description for g in current.goals] == ["Afspraken over overdrachten"]
    assert current.parties.assessment.modalities == "Aangepast werk, progressieve opbouw"


def test_an_offered_plan_keeps_a_goals_statements_target_and_start_as_they_were(store, facilitator, case_id, clock):
    goal = dialogue.goals(store, facilitator, case_id)[0]
    measured = dialogue.update_goal(
        store, facilitator, case_id, goal.id, goal.theme, goal.owner, goal.description, goal.indicator, goal.target, clock,
        target_score=3.5, items=["v2_recovery_energy_2"],
    )
    draft(store, facilitator, case_id, clock)
    version = signed(store, facilitator, case_id, clock)
    dialogue.update_goal(
        store, facilitator, case_id, goal.id, goal.theme, goal.owner, goal.description, goal.indicator, goal.target, clock, target_score=5,
    )
    copied = agreement.load(store, facilitator, case_id, clock).version(version.number).goals[0]
    assert (copied.items, copied.target_score, copied.baseline) == (("v2_recovery_energy_2",), 3.5, measured.baseline)


def test_a_bad_schedule_is_refused_and_nothing_of_the_save_is_kept(store, facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock)
    overlapping = replace(first.content, buddy="Iemand anders", schedule=(
        SchedulePeriod(RETURN, RETURN + timedelta(days=13), 19.0),
        SchedulePeriod(RETURN + timedelta(days=10), RETURN + timedelta(days=20), 22.8),
    ))
    refused("agreement.period_overlap", agreement.save_draft, store, facilitator, case_id, 1, overlapping, first.revision, clock)
    above = replace(first.content, schedule=(SchedulePeriod(RETURN, RETURN + timedelta(days=13), 40.0),))
    refused("agreement.period_above_contract", agreement.save_draft, store, facilitator, case_id, 1, above, first.revision, clock)
    assert agreement.load(store, facilitator, case_id, clock).version(1) == first


def test_a_save_based_on_an_older_revision_is_refused_and_the_newer_one_kept(store, facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock)
    agreement.save_draft(store, facilitator, case_id, 1, replace(first.content, buddy="Lies"), first.revision, clock)
    refused(
        "agreement.changed_meanwhile", agreement.save_draft, store, facilitator, case_id, 1,
        replace(first.content, buddy="Tom"), first.revision, clock,
    )
    assert agreement.load(store, facilitator, case_id, clock).version(1).content.buddy == "Lies"


def test_the_chart_can_only_come_from_a_moment_both_parties_submitted_and_released(store, facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock)
    moment, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 8, 20))
    refused("agreement.unknown_chart_moment", agreement.save_draft, store, facilitator, case_id, 1,
            replace(first.content, chart_moment_id=moment.id), first.revision, clock)
    items = load_instrument(CURRENT_VERSION).items
    for respondent, token in tokens.items():
        scan.save_answers(store, token, {i.id: 3 for i in items})
        if respondent is Respondent.EMPLOYEE:
            scan.save_continuum(store, token, "surviving")
        scan.submit(store, token)
    refused("agreement.unknown_chart_moment", agreement.save_draft, store, facilitator, case_id, 1,
            replace(first.content, chart_moment_id=moment.id), first.revision, clock)  # submitted, not released
    sharing.release_through_link(store, tokens[Respondent.EMPLOYEE], True)
    refused("agreement.unknown_chart_moment", agreement.save_draft, store, facilitator, case_id, 1,
            replace(first.content, chart_moment_id=moment.id), first.revision, clock)  # released by one
    sharing.release_through_link(store, tokens[Respondent.MANAGER], True)
    saved = agreement.save_draft(store, facilitator, case_id, 1, replace(first.content, chart_moment_id=moment.id), first.revision, clock)
    assert saved.content.chart_moment_id == moment.id


# --- offering and the employee's 14 days -----------------------------------------------


def test_offering_fixes_the_text_and_the_fourteen_days_run_from_the_day_after_receipt(store, facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock)
    clock.now = datetime(2026, 9, 3, 9, 0)  # sent by registered mail on 1/9, delivered on 3/9
    offered = agreement.offer(store, facilitator, case_id, 1, TODAY, first.revision, clock, received_on=date(2026, 9, 3))
    assert offered.status is AgreementStatus.OFFERED
    assert (offered.offered_on, offered.received_on, offered.answer_by) == (TODAY, date(2026, 9, 3), date(2026, 9, 17))
    assert agreement.days_left(offered, date(2026, 9, 10)) == 7
    assert agreement.decision(offered) == agreement.Decision.PENDING
    refused("agreement.locked", agreement.save_draft, store, facilitator, case_id, 1, first.content, offered.revision, clock)


def test_goals_and_parties_are_copied_when_offered_and_do_not_follow_later_changes(store, facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock)
    agreement.offer(store, facilitator, case_id, 1, TODAY, first.revision, clock)
    goals = dialogue.goals(store, facilitator, case_id)
    dialogue.update_goal(store, facilitator, case_id, goals[0].id, goals[0].theme, goals[0].owner, "Iets helemaal anders", goals[0].indicator, goals[0].target)
    dialogue.drop_goal(store, facilitator, case_id, goals[1].id)
    case = services.get_case(store, facilitator, case_id)
    intake.update_case(store, facilitator, case_id, replace(case.details, assessment=None), case.version)
    offered = agreement.load(store, facilitator, case_id, clock).version(1)
    assert [g.description for g in offered.goals] == ["Elke dag een échte middagpauze", "Afspraken over overdrachten"]
    assert offered.parties.assessment.outcome is AssessmentOutcome.A


def test_a_plan_is_not_offered_before_it_is_ready_nor_dated_in_the_future(store, facilitator, case_id, clock):
    agreement.start(store, facilitator, case_id, clock)
    empty = agreement.load(store, facilitator, case_id, clock).version(1)
    refused("agreement.plan_empty", agreement.offer, store, facilitator, case_id, 1, TODAY, empty.revision, clock)
    ready = agreement.save_draft(
        store, facilitator, case_id, 1,
        replace(empty.content, adjustments=(PlanAdjustment(AdjustmentArea.TRAINING, CraftingAim.RAISE_CHALLENGE, "Opleiding nieuw systeem"),)),
        empty.revision, clock,
    )
    refused("agreement.contract_hours_needed", agreement.offer, store, facilitator, case_id, 1, TODAY, ready.revision, clock)
    ready = agreement.save_draft(store, facilitator, case_id, 1, replace(ready.content, contract_hours=30.0), ready.revision, clock)
    refused("agreement.offered_in_future", agreement.offer, store, facilitator, case_id, 1, TODAY + timedelta(days=1), ready.revision, clock)
    refused("agreement.changed_meanwhile", agreement.offer, store, facilitator, case_id, 1, TODAY, empty.revision, clock)
    assert agreement.offer(store, facilitator, case_id, 1, TODAY, ready.revision, clock).status is AgreementStatus.OFFERED


def test_an_offered_plan_nobody_confirmed_can_go_back_to_draft(store, facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock)
    agreement.offer(store, facilitator, case_id, 1, TODAY, first.revision, clock)
    reopened = agreement.reopen(store, facilitator, case_id, 1, clock)
    assert reopened.status is AgreementStatus.DRAFT and reopened.answer_by is None
    assert len(reopened.goals) == 2  # live again
    agreement.save_draft(store, facilitator, case_id, 1, replace(first.content, buddy="Lies"), reopened.revision, clock)


def test_refusing_without_reasons_is_refused_and_with_reasons_locks_the_version(store, facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock)
    agreement.offer(store, facilitator, case_id, 1, TODAY, first.revision, clock)
    assert refused("agreement.refusal_reasons_required", agreement.refuse, store, facilitator, case_id, 1, "   ", TODAY, clock).field == "refusal_reasons"
    clock.now = datetime(2026, 9, 8, 14, 30)
    version = agreement.refuse(store, facilitator, case_id, 1, "De uren in week 3 zijn te veel.", TODAY, clock)
    assert version.status is AgreementStatus.REFUSED
    assert (version.refused_at, version.refusal_reasons) == (datetime(2026, 9, 8, 14, 30), "De uren in week 3 zijn te veel.")
    assert agreement.decision(version) == agreement.Decision.REFUSED
    refused("agreement.locked", agreement.sign, store, facilitator, case_id, 1, Signer.MANAGER, "Katrien", confirmed=True, paper_date=TODAY, clock=clock)
    refused("agreement.locked", agreement.save_draft, store, facilitator, case_id, 1, first.content, version.revision, clock)
    refused("agreement.cannot_reopen", agreement.reopen, store, facilitator, case_id, 1, clock)


def test_an_employee_who_agreed_can_no_longer_refuse(store, facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock)
    agreement.offer(store, facilitator, case_id, 1, TODAY, first.revision, clock)
    agreement.sign(store, facilitator, case_id, 1, Signer.EMPLOYEE, "Zoë", confirmed=True, paper_date=TODAY, clock=clock)
    refused("agreement.employee_already_agreed", agreement.refuse, store, facilitator, case_id, 1, "toch niet", TODAY, clock)


# --- signing ----------------------------------------------------------------------------


def test_three_confirmations_with_name_and_time_sign_the_version(store, facilitator, case_id, clock):
    draft(store, facilitator, case_id, clock)
    version = signed(store, facilitator, case_id, clock)
    assert version.status is AgreementStatus.SIGNED
    assert [(s.signer, s.name, s.signed_at) for s in version.signatures] == [
        (Signer.EMPLOYEE, "Zoë Çelik-D'hondt", datetime(2026, 9, 1, 10, 5)),
        (Signer.MANAGER, "Katrien De Smet", datetime(2026, 9, 1, 10, 10)),
        (Signer.FACILITATOR, "Fien Facilitator", datetime(2026, 9, 1, 10, 15)),
    ]
    assert agreement.decision(version) == agreement.Decision.AGREED


def test_a_confirmation_needs_the_tick_a_name_an_offered_plan_and_comes_once(store, facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock)
    refused("agreement.not_offered", agreement.sign, store, facilitator, case_id, 1, Signer.MANAGER, "Katrien", confirmed=True, paper_date=TODAY, clock=clock)
    agreement.offer(store, facilitator, case_id, 1, TODAY, first.revision, clock)
    refused("plan_answer.tick_paper", agreement.sign, store, facilitator, case_id, 1, Signer.MANAGER, "Katrien", confirmed=False, paper_date=TODAY, clock=clock)
    assert refused("agreement.required", agreement.sign, store, facilitator, case_id, 1, Signer.MANAGER, " ", confirmed=True, paper_date=TODAY, clock=clock).field == "sign_manager"
    agreement.sign(store, facilitator, case_id, 1, Signer.MANAGER, "Katrien", confirmed=True, paper_date=TODAY, clock=clock)
    refused("agreement.already_signed", agreement.sign, store, facilitator, case_id, 1, Signer.MANAGER, "Katrien", confirmed=True, paper_date=TODAY, clock=clock)
    refused("agreement.cannot_reopen", agreement.reopen, store, facilitator, case_id, 1, clock)


def test_a_signed_version_cannot_be_edited_in_any_way(store, facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock)
    version = signed(store, facilitator, case_id, clock)
    for revision in (first.revision, version.revision):
        refused("agreement.locked", agreement.save_draft, store, facilitator, case_id, 1, replace(first.content, buddy="Lies"), revision, clock)
    refused("agreement.locked", agreement.offer, store, facilitator, case_id, 1, TODAY, version.revision, clock)
    refused("agreement.locked", agreement.sign, store, facilitator, case_id, 1, Signer.MANAGER, "Iemand", confirmed=True, paper_date=TODAY, clock=clock)
    refused("agreement.locked", agreement.refuse, store, facilitator, case_id, 1, "te laat", TODAY, clock)
    refused("agreement.cannot_reopen", agreement.reopen, store, facilitator, case_id, 1, clock)
    with store.transaction() as q:  # not even the store writes into a signed version
        assert not q.agreements.save_agreement_content(version.id, replace(first.content, buddy="Lies"), version.revision, "fien", clock())
        assert not q.agreements.offer_agreement(version.id, version.revision, version.parties, [], TODAY, TODAY, "fien", clock())
    assert agreement.load(store, facilitator, case_id, clock).version(1) == version


# --- versions -----------------------------------------------------------------------------


def test_a_new_version_starts_from_the_last_one_and_keeps_the_old_one_intact(store, facilitator, case_id, clock):
    draft(store, facilitator, case_id, clock)
    old = signed(store, facilitator, case_id, clock)
    refused("agreement.required", agreement.new_version, store, facilitator, case_id, "  ", clock)
    second = agreement.new_version(store, facilitator, case_id, "De samenwerking in het team loopt nog stroef.", clock)
    assert (second.number, second.status, second.reason) == (2, AgreementStatus.DRAFT, "De samenwerking in het team loopt nog stroef.")
    assert second.content == old.content and second.signatures == ()
    refused("agreement.draft_open", agreement.new_version, store, facilitator, case_id, "nog een", clock)
    changed = replace(second.content, adjustments=second.content.adjustments + (
        PlanAdjustment(AdjustmentArea.RELATIONS_SUPPORT, CraftingAim.RAISE_RESOURCE, "Begeleid teamgesprek"),
    ))
    agreement.save_draft(store, facilitator, case_id, 2, changed, second.revision, clock)
    dialogue.add_goal(store, facilitator, case_id, "social_support", GoalOwner.TEAM, "Vaste buddy", "Zoë weet bij wie", MomentKind.M6)
    plan = agreement.load(store, facilitator, case_id, clock)
    assert plan.version(1) == old
    assert [v.number for v in plan.versions] == [1, 2] and plan.current.number == 2
    lines = agreement.changes(plan.version(1), plan.version(2), "nl")
    assert lines == [
        "Aanpassing toegevoegd: Relaties en steun · versterkt een hulpbron · Begeleid teamgesprek",
        "Doel toegevoegd: Sociale steun: Vaste buddy",
    ]


def test_a_new_version_replaces_an_offered_one_nobody_completed(store, facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock)
    agreement.offer(store, facilitator, case_id, 1, TODAY, first.revision, clock)
    agreement.sign(store, facilitator, case_id, 1, Signer.MANAGER, "Katrien", confirmed=True, paper_date=TODAY, clock=clock)
    agreement.new_version(store, facilitator, case_id, "De medewerker antwoordde niet binnen de 14 dagen.", clock)
    plan = agreement.load(store, facilitator, case_id, clock)
    assert [v.status for v in plan.versions] == [AgreementStatus.SUPERSEDED, AgreementStatus.DRAFT]
    refused("agreement.locked", agreement.sign, store, facilitator, case_id, 1, Signer.EMPLOYEE, "Zoë", confirmed=True, paper_date=TODAY, clock=clock)


def test_a_new_version_can_follow_a_refusal(store, facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock)
    agreement.offer(store, facilitator, case_id, 1, TODAY, first.revision, clock)
    agreement.refuse(store, facilitator, case_id, 1, "Te snel opgebouwd.", TODAY, clock)
    second = agreement.new_version(store, facilitator, case_id, "Tragere opbouw na de weigering.", clock)
    assert second.number == 2 and agreement.load(store, facilitator, case_id, clock).version(1).refusal_reasons == "Te snel opgebouwd."


# --- the plan and the follow-up ----------------------------------------------------------


def test_signing_makes_the_plans_follow_up_dates_the_schedule_with_extra_moments_after_nine_months(store, facilitator, case_id, clock):
    draft(store, facilitator, case_id, clock, follow_ups=(date(2026, 12, 14), date(2027, 3, 7), date(2027, 6, 7), date(2027, 8, 30)), valid_until=date(2027, 8, 30))
    signed(store, facilitator, case_id, clock)
    assert followup.schedule(store, facilitator, case_id, clock) == [
        ScheduledMoment("m3", date(2026, 12, 14)), ScheduledMoment("m6", date(2027, 3, 7)),
        ScheduledMoment("m9", date(2027, 6, 7)), ScheduledMoment("extra1", date(2027, 8, 30)),
    ]


def record_adjustment(store, facilitator, case_id, clock, kind, held_on, reason):
    return followup.record_followup(
        store, facilitator, case_id, kind, held_on, Participants.JOINT, Decision.ADJUST,
        not_working="De overdrachten in het team lopen stroef.", adjust_reason=reason, clock=clock,
    )


def test_a_follow_up_that_adjusts_the_plan_opens_a_new_version_and_leaves_the_signed_one_intact(store, facilitator, case_id, clock):
    draft(store, facilitator, case_id, clock)
    old = signed(store, facilitator, case_id, clock)
    clock.now = datetime(2026, 12, 15, 10, 0)
    record_adjustment(store, facilitator, case_id, clock, "m3", date(2026, 12, 14), "Teamrelaties vragen een tweede ronde.")
    plan = agreement.load(store, facilitator, case_id, clock)
    assert plan.version(1) == old
    assert (plan.current.number, plan.current.status, plan.current.reason) == (2, AgreementStatus.DRAFT, "Teamrelaties vragen een tweede ronde.")
    assert "version 2 after follow-up m3" in [e.detail for e in services.case_history(store, facilitator, case_id)]
    # The open draft is where a second adjustment goes: no third version.
    record_adjustment(store, facilitator, case_id, clock, "m6", date(2026, 12, 15), "Nog steeds stroef.")
    assert [v.number for v in agreement.load(store, facilitator, case_id, clock).versions] == [1, 2]


def test_hours_worked_beyond_the_agreed_step_raise_an_early_sign_about_the_build_up(store, facilitator, case_id, clock):
    draft(store, facilitator, case_id, clock)  # from 21/09 to 18/10: 30,4 hours a week agreed
    signed(store, facilitator, case_id, clock)
    # No check-ins in this case: missed ones would be signs of their own (tests/integration/test_checkins.py).
    checkins.save_rhythm(store, facilitator, case_id, False, checkins.DEFAULT_WEEKLY, clock)
    clock.now = datetime(2026, 10, 2, 10, 0)
    followup.record_followup(
        store, facilitator, case_id, "m3", date(2026, 10, 1), Participants.JOINT, Decision.CONTINUE, hours_worked=32.0, clock=clock,
    )
    assert [s.rule for s in followup.case_signals(store, facilitator, case_id, clock=clock)] == []  # within a week's ups and downs
    followup.record_followup(
        store, facilitator, case_id, "m6", date(2026, 10, 2), Participants.JOINT, Decision.CONTINUE, hours_worked=36.0, clock=clock,
    )
    (sign,) = followup.case_signals(store, facilitator, case_id, clock=clock)
    assert (sign.rule, sign.params) == ("signal.hours_ahead", {"worked": 36.0, "planned": 30.4})
    assert [f.hours_worked for f in followup.followups(store, facilitator, case_id, clock)] == [32.0, 36.0]
    assert followup.all_signals(store, facilitator, clock=clock) == [sign]


def test_a_later_signed_version_moves_the_open_moments_but_not_the_ones_already_held(store, facilitator, case_id, clock):
    draft(store, facilitator, case_id, clock)
    signed(store, facilitator, case_id, clock)
    clock.now = datetime(2026, 12, 15, 10, 0)
    record_adjustment(store, facilitator, case_id, clock, "m3", date(2026, 12, 14), "Teamrelaties vragen een tweede ronde.")
    second = agreement.load(store, facilitator, case_id, clock).version(2)
    moved = replace(second.content, follow_ups=(date(2026, 12, 21), date(2027, 2, 1), date(2027, 6, 7)))
    agreement.save_draft(store, facilitator, case_id, 2, moved, second.revision, clock)
    signed(store, facilitator, case_id, clock, number=2)
    assert followup.schedule(store, facilitator, case_id, clock) == [
        ScheduledMoment("m3", date(2026, 12, 7)), ScheduledMoment("m6", date(2027, 2, 1)), ScheduledMoment("m9", date(2027, 6, 7)),
    ]


def test_an_adjustment_without_a_reason_or_without_a_plan_saves_nothing(store, facilitator, case_id, clock):
    followup.save_schedule(store, facilitator, case_id, moments.proposed_schedule(RETURN), clock)
    clock.now = datetime(2026, 12, 15, 10, 0)
    error = refused("agreement.not_started", record_adjustment, store, facilitator, case_id, clock, "m3", date(2026, 12, 14), "Een reden.")
    assert error.field == "adjust_reason"
    draft(store, facilitator, case_id, clock)
    signed(store, facilitator, case_id, clock)
    error = refused("agreement.required", record_adjustment, store, facilitator, case_id, clock, "m3", date(2026, 12, 14), "   ")
    assert error.field == "adjust_reason"
    assert followup.followups(store, facilitator, case_id, clock) == []
    assert [v.number for v in agreement.load(store, facilitator, case_id, clock).versions] == [1]


# --- who, and the audit log -----------------------------------------------------------------


def test_another_facilitator_cannot_read_or_sign_the_plan(store, facilitator, other_facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock)
    agreement.offer(store, facilitator, case_id, 1, TODAY, first.revision, clock)
    with pytest.raises(PermissionDenied):
        agreement.load(store, other_facilitator, case_id, clock)
    with pytest.raises(PermissionDenied):
        agreement.sign(store, other_facilitator, case_id, 1, Signer.FACILITATOR, "Olaf", confirmed=True, paper_date=TODAY, clock=clock)
    with pytest.raises(PermissionDenied):
        document(store, other_facilitator, case_id, 1)
    assert agreement.load(store, facilitator, case_id, clock).version(1).signatures == ()


def test_every_step_leaves_an_audit_entry_without_the_plans_words(store, facilitator, case_id, clock):
    draft(store, facilitator, case_id, clock)
    signed(store, facilitator, case_id, clock)
    agreement.new_version(store, facilitator, case_id, "Teamrelaties: tweede ronde", clock)
    history = services.case_history(store, facilitator, case_id, clock)
    actions = [e.action for e in history]
    for action in ("agreement.start", "agreement.save", "agreement.offer", "agreement.sign", "agreement.new_version"):
        assert action in actions
    assert actions.count("agreement.sign") == 3
    assert not any("Teamrelaties" in e.detail or "piekdagen" in e.detail for e in history)


# --- the PDF and the calendar -----------------------------------------------------------------


def test_the_pdf_holds_the_schedule_the_goals_and_the_three_confirmations_with_accents_intact(store, facilitator, case_id, clock):
    draft(store, facilitator, case_id, clock)
    signed(store, facilitator, case_id, clock)
    text = pdf_text(document(store, facilitator, case_id, 1, "nl", clock))
    assert "Dossier #1 · Zoë Çelik-D'hondt · re-integratieplan versie 1" in text
    assert "Status: ondertekend" in text
    assert "07/09/2026" in text and "20/09/2026" in text and "30,4" in text and "Bijlezen en klanten terugzien" in text
    assert "Geen piekdagen op maandag" in text and "verlaagt een belemmerende eis" in text
    assert "Elke dag een échte middagpauze" in text and "Afspraken over overdrachten" in text
    for line in ("Zoë Çelik-D'hondt 01/09/2026 10:05", "Katrien De Smet 01/09/2026 10:10", "Fien Facilitator 01/09/2026 10:15"):
        assert line in text
    assert "Aangepast werk, progressieve opbouw" in text
    assert "adviserend arts van het ziekenfonds" in text
    assert "07/12/2026" in text and "07/06/2027" in text


def test_the_pdf_speaks_english_and_says_what_changed_in_a_later_version(store, facilitator, case_id, clock):
    draft(store, facilitator, case_id, clock)
    signed(store, facilitator, case_id, clock)
    second = agreement.new_version(store, facilitator, case_id, "Tweede ronde voor het team", clock)
    agreement.save_draft(store, facilitator, case_id, 2, replace(second.content, buddy="Lies Maes"), second.revision, clock)
    text = pdf_text(document(store, facilitator, case_id, 2, "en", clock))
    assert "Re-integration plan - version 2" in text and "Status: draft" in text
    assert "DRAFT - not offered and not signed yet." in text
    assert "Tweede ronde voor het team" in text
    assert "Buddy: Jan Peeters → Lies Maes" in text
    assert "not confirmed yet" in text


def test_nothing_private_from_the_conversations_reaches_the_pdf(store, facilitator, case_id, clock):
    held = conversations.start_conversation(store, facilitator, case_id, ConversationParty.EMPLOYEE, date(2026, 8, 1))
    conversations.save_card_note(store, facilitator, case_id, held.id, "theme_team_relations", "Vertrouwelijke kaartnotitie")
    conversations.add_insight(store, facilitator, case_id, held.id, "Privé inzicht over de collega", card_id="theme_team_relations")
    shared = conversations.add_insight(store, facilitator, case_id, held.id, "Gedeeld inzicht over vaste blokken", card_id="theme_team_relations")
    conversations.share_insight(store, facilitator, case_id, shared.id, ConversationParty.EMPLOYEE, date(2026, 8, 2))
    draft(store, facilitator, case_id, clock)
    assert [i.text for i in conversations.shared_insights(store, facilitator, case_id, Audience.JOINT)] == ["Gedeeld inzicht over vaste blokken"]
    text = pdf_text(document(store, facilitator, case_id, 1, "nl", clock))
    assert "Vertrouwelijke kaartnotitie" not in text and "Privé inzicht" not in text


def test_the_calendar_file_has_one_event_per_follow_up_date_and_no_names(store, facilitator, case_id, clock):
    first = draft(store, facilitator, case_id, clock, follow_ups=(date(2026, 12, 7), date(2027, 3, 8), date(2027, 6, 7), date(2027, 9, 6)))
    assert len(first.content.follow_ups) == 4
    data = calendar_file(store, facilitator, case_id, 1, "nl", clock)
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == list(first.content.follow_ups)
    assert len({str(e["uid"]) for e in events}) == 4
    assert str(events[0]["summary"]) == "ReSet: opvolggesprek 1 (dossier #1)"
    assert b"Zo" not in data and b"Katrien" not in data


def test_the_demo_cases_from_the_joint_dialogue_on_have_plans_and_one_has_two_versions(store):
    from reset_core import accounts
    from reset_core.demo import fill

    fill(store, date(2026, 7, 1))
    demo = accounts.verify_login(store, "demo", "demo-reset")
    plans = {s.case.employee.name: agreement.load(store, demo, s.case.id) for s in services.list_cases(store, demo)}
    statuses = {name: [v.status for v in plan.versions] for name, plan in plans.items()}
    assert statuses["Sofie Claes"] == [] and statuses["Griet Smets"] == []
    assert statuses["Marc Verbeke"] == statuses["Jeroen Maes"] == [AgreementStatus.DRAFT]
    # Lotte answered through her own link: she refused version 1 with reasons and her view,
    # then she and her manager signed version 2 there; the others signed on paper.
    assert statuses["Lotte Wouters"] == [AgreementStatus.REFUSED, AgreementStatus.SIGNED]
    lotte = plans["Lotte Wouters"]
    assert lotte.version(1).refusal.route is AnswerRoute.LINK and lotte.version(1).refusal_reasons
    assert lotte.version(1).employee_view and lotte.version(2).employee_view
    assert [s.route for s in lotte.version(2).signatures] == [AnswerRoute.LINK, AnswerRoute.LINK, AnswerRoute.OWN]
    assert {s.route for s in plans["Nathalie Goossens"].version(1).signatures} == {AnswerRoute.PAPER, AnswerRoute.OWN}
    assert statuses["Nathalie Goossens"] == [AgreementStatus.SIGNED]
    assert statuses["Ahmed El Amrani"] == [AgreementStatus.SIGNED, AgreementStatus.SIGNED]
    ahmed = plans["Ahmed El Amrani"]
    assert "team" in ahmed.version(2).reason
    assert any("Relaties en steun" in line for line in agreement.changes(ahmed.version(1), ahmed.version(2)))
    # Version 2 came out of the 3-month follow-up, where the facilitator decided to adjust.
    first_follow_up = followup.followups(store, demo, ahmed.case.id)[0]
    assert (first_follow_up.kind, first_follow_up.decision) == ("m3", Decision.ADJUST)
    assert all(len(v.signatures) == 3 and v.goals for plan in plans.values() for v in plan.versions if v.status is AgreementStatus.SIGNED)
