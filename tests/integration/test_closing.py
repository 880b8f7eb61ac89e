"""Closing and reopening a case against a real database: outcome, lessons, the
9-month answer, validation, and no follow-up on a closed case without reopening."""

from datetime import date, timedelta

import pytest

from reset_core import closing, followup, intake, phases, services
from reset_core.errors import NotFound, PermissionDenied, Unavailable, ValidationError
from reset_core.i18n import describe
from reset_core.model import (
    PROCESSING,
    AtWorkNineMonths,
    ClosingOutcome,
    Decision,
    Lesson,
    LessonKind,
    LessonLevel,
    Participants,
    Phase,
)
from tests.conftest import close_case, open_case

TODAY = date.today()
SICK = TODAY - timedelta(days=400)
RETURNED = TODAY - timedelta(days=300)
LESSON = Lesson(LessonKind.WENT_WELL, LessonLevel.TEAM, "team_relations", "Een buddy in het team maakte de eerste weken lichter.")


@pytest.fixture
def case_id(store, facilitator):
    case_id = open_case(store, facilitator, sick_leave_start=SICK, actual_return=RETURNED)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, SICK + timedelta(days=20))
    assert services.get_case(store, facilitator, case_id).phase is Phase.FOLLOW_UP  # returned 300 days ago
    return case_id


close = close_case


def test_closing_records_outcome_lessons_and_prevention_and_sets_the_phase_to_closed(store, facilitator, case_id):
    saved = close(store, facilitator, case_id)
    record = closing.load(store, facilitator, case_id)
    assert record.case.phase is Phase.CLOSED and record.closed
    assert record.current == saved
    assert (saved.outcome, saved.at_work_9m, saved.prevention_theme) == (ClosingOutcome.OWN_JOB, AtWorkNineMonths.YES, "hindering_demands")
    assert [(l.kind, l.level, l.theme, l.text) for l in saved.lessons] == [(LESSON.kind, LESSON.level, LESSON.theme, LESSON.text)]
    actions = [e.action for e in services.case_history(store, facilitator, case_id)]
    assert "closing.close" in actions


def test_closing_needs_the_employees_basic_consent(store, facilitator):
    case_id = open_case(store, facilitator, sick_leave_start=SICK)
    with pytest.raises(Unavailable) as err:
        close(store, facilitator, case_id, at_work_9m=AtWorkNineMonths.NOT_KNOWN)
    assert err.value.key == "allowed.consent_not_yet"
    assert services.get_case(store, facilitator, case_id).phase is Phase.INTAKE


@pytest.mark.parametrize(
    ("changes", "field", "nl", "en"),
    [
        ({"outcome": None}, "outcome", "Kies de uitkomst van het traject.", "Choose the outcome of the trajectory."),
        ({"closed_on": None}, "closed_on", "Kies de datum van afsluiting.", "Choose the closing date."),
        ({"closed_on": "tomorrow"}, "closed_on", "De afsluiting kan niet in de toekomst liggen.", "The closing cannot lie in the future."),
        ({"closed_on": SICK - timedelta(days=1)}, "closed_on", f"vóór de start van het ziekteverlof ({SICK:%d/%m/%Y})", f"before the start of the sick leave ({SICK:%d/%m/%Y})"),
        ({"closed_on": RETURNED - timedelta(days=1)}, "closed_on", f"vóór de terugkeer ({RETURNED:%d/%m/%Y})", f"before the return ({RETURNED:%d/%m/%Y})"),
        ({"prevention_action": "x" * 1001}, "prevention_action", "Hoogstens 1000 tekens.", "At most 1000 characters."),
        ({"prevention_theme": None}, "prevention_theme", "Kies het thema waarover de preventieactie gaat.", "Choose the theme the prevention action is about."),
        ({"lessons": [Lesson(LessonKind.WENT_WELL, LessonLevel.TEAM, "team_relations", "   ")]}, "lesson_1_text", "Schrijf de les uit.", "Write out the lesson."),
        ({"lessons": [Lesson(LessonKind.WENT_WELL, LessonLevel.TEAM, "team_relations", "y" * 1001)]}, "lesson_1_text", "Hoogstens 1000 tekens.", "At most 1000 characters."),
        ({"lessons": [Lesson(LessonKind.WENT_WELL, LessonLevel.TEAM, "made_up", "Les")]}, "lesson_1_theme", "Kies een thema uit de lijst.", "Choose a theme from the list."),
    ],
)
def test_each_invalid_closing_is_refused_at_its_field_in_both_languages_and_nothing_is_saved(store, facilitator, case_id, changes, field, nl, en):
    if changes.get("closed_on") == "tomorrow":  # read when the test runs: a run may pass midnight
        changes = {"closed_on": date.today() + timedelta(days=1)}
    with pytest.raises(ValidationError) as err:
        close(store, facilitator, case_id, **changes)
    assert err.value.field == field
    assert nl in describe(err.value, "nl") and en in describe(err.value, "en")
    record = closing.load(store, facilitator, case_id)
    assert record.case.phase is Phase.FOLLOW_UP and record.history == ()


def test_still_at_work_at_nine_months_can_only_be_said_once_nine_months_have_passed(store, facilitator):
    recent = open_case(store, facilitator, "Lotte Wouters", sick_leave_start=SICK, actual_return=TODAY - timedelta(days=100))
    intake.record_consent(store, facilitator, recent, PROCESSING, True, SICK + timedelta(days=20))
    with pytest.raises(ValidationError) as err:
        close(store, facilitator, recent)
    assert (err.value.key, err.value.field) == ("closing.nine_months_too_early", "at_work_9m")
    assert f"{closing.nine_months_after(TODAY - timedelta(days=100)):%d/%m/%Y}" in describe(err.value, "nl")
    never_returned = open_case(store, facilitator, "Jeroen Maes", sick_leave_start=SICK)
    intake.record_consent(store, facilitator, never_returned, PROCESSING, True, SICK + timedelta(days=20))
    with pytest.raises(ValidationError) as err:
        close(store, facilitator, never_returned, outcome=ClosingOutcome.LEFT_EMPLOYER)
    assert err.value.key == "closing.nine_months_no_return"
    assert close(store, facilitator, recent, at_work_9m=AtWorkNineMonths.NOT_KNOWN).at_work_9m is AtWorkNineMonths.NOT_KNOWN


def test_the_nine_month_answer_is_corrected_later_without_reopening_and_the_lessons_stay(store, facilitator, case_id):
    first = close(store, facilitator, case_id, at_work_9m=AtWorkNineMonths.NOT_KNOWN)
    corrected = closing.save_closing(
        store, facilitator, case_id, first.closed_on, first.outcome, AtWorkNineMonths.YES,
        first.prevention_action, first.prevention_theme,
    )
    assert corrected.id == first.id and corrected.at_work_9m is AtWorkNineMonths.YES
    assert corrected.lessons == first.lessons
    assert services.get_case(store, facilitator, case_id).phase is Phase.CLOSED
    assert "closing.update" in [e.action for e in services.case_history(store, facilitator, case_id)]


def test_lessons_are_added_and_removed_on_a_closed_case_only(store, facilitator, case_id):
    with pytest.raises(ValidationError) as err:
        closing.add_lesson(store, facilitator, case_id, LessonKind.COULD_BE_BETTER, LessonLevel.ORGANISATION, "hindering_demands", "Minder pieken")
    assert err.value.key == "closing.not_closed"
    close(store, facilitator, case_id, lessons=[])
    added = closing.add_lesson(store, facilitator, case_id, LessonKind.COULD_BE_BETTER, LessonLevel.ORGANISATION, "hindering_demands", "  Minder pieken  ")
    assert closing.load(store, facilitator, case_id).current.lessons == (added,)
    assert added.text == "Minder pieken"
    closing.remove_lesson(store, facilitator, case_id, added.id)
    assert closing.load(store, facilitator, case_id).current.lessons == ()
    with pytest.raises(NotFound):
        closing.remove_lesson(store, facilitator, case_id, added.id)


def test_a_closed_case_refuses_new_follow_up_dates_and_says_how_to_go_on(store, facilitator, case_id):
    planned = followup.schedule(store, facilitator, case_id)
    followup.save_schedule(store, facilitator, case_id, planned)
    close(store, facilitator, case_id)
    with pytest.raises(Unavailable) as err:
        followup.save_schedule(store, facilitator, case_id, planned)
    assert err.value.key == "allowed.closed"
    assert "heropen je het dossier met een reden bij Afsluiten" in describe(err.value, "nl")


def record_followup(store, facilitator, case_id):
    return followup.record_followup(
        store, facilitator, case_id, "m3", RETURNED + timedelta(days=95), Participants.JOINT, Decision.CONTINUE
    )


def test_a_closed_case_gets_no_new_follow_up_until_it_is_reopened_with_a_reason(store, facilitator, case_id):
    close(store, facilitator, case_id)
    with pytest.raises(Unavailable):
        record_followup(store, facilitator, case_id)
    with pytest.raises(ValidationError) as err:
        closing.reopen(store, facilitator, case_id, "   ")
    assert (err.value.key, err.value.field) == ("closing.reason_required", "reopen_reason")
    assert describe(err.value, "en") == "Give the reason to reopen the case."
    assert services.get_case(store, facilitator, case_id).phase is Phase.CLOSED
    reopened = closing.reopen(store, facilitator, case_id, "Terugval na een reorganisatie; extra opvolging nodig.")
    assert reopened.phase is Phase.FOLLOW_UP
    assert record_followup(store, facilitator, case_id).kind == "m3"


def test_reopening_keeps_the_old_closing_on_file_records_the_reason_and_audits_it(store, facilitator, case_id):
    first = close(store, facilitator, case_id)
    closing.reopen(store, facilitator, case_id, "Nieuwe signalen van overbelasting.")
    record = closing.load(store, facilitator, case_id)
    assert record.current is None and not record.closed
    assert [c.id for c in record.history] == [first.id] and not record.history[0].active
    assert [(r.reason, r.reopened_by) for r in record.reopenings] == [("Nieuwe signalen van overbelasting.", facilitator.username)]
    history = services.case_history(store, facilitator, case_id)
    reopen_entries = [e for e in history if e.action == "closing.reopen"]
    assert len(reopen_entries) == 1
    assert "overbelasting" not in reopen_entries[0].detail  # the reason is case content, kept with the case
    second = close(store, facilitator, case_id, outcome=ClosingOutcome.ADAPTED_JOB, lessons=[])
    assert second.id != first.id
    assert closing.load(store, facilitator, case_id).current.outcome is ClosingOutcome.ADAPTED_JOB


def test_a_case_that_is_not_closed_cannot_be_reopened(store, facilitator, case_id):
    with pytest.raises(ValidationError) as err:
        closing.reopen(store, facilitator, case_id, "Een reden")
    assert err.value.key == "closing.not_closed"


def test_a_case_cannot_be_closed_or_reopened_by_correcting_its_phase(store, facilitator, case_id):
    with pytest.raises(ValidationError) as err:
        phases.correct(store, facilitator, case_id, Phase.CLOSED, "Klaar")
    assert err.value.key == "closing.close_through_closing"
    close(store, facilitator, case_id)
    with pytest.raises(ValidationError) as err:
        phases.correct(store, facilitator, case_id, Phase.FOLLOW_UP, "Toch nog niet klaar")
    assert err.value.key == "closing.case_closed"
    assert services.get_case(store, facilitator, case_id).phase is Phase.CLOSED
    assert closing.load(store, facilitator, case_id).current is not None


def test_neither_another_facilitator_nor_an_admin_can_read_close_or_reopen_a_case(store, facilitator, other_facilitator, admin, case_id):
    close(store, facilitator, case_id)
    for intruder in (other_facilitator, admin):
        with pytest.raises(PermissionDenied):
            closing.load(store, intruder, case_id)
        with pytest.raises(PermissionDenied):
            close(store, intruder, case_id)
        with pytest.raises(PermissionDenied):
            closing.reopen(store, intruder, case_id, "Zomaar")
        with pytest.raises(PermissionDenied):
            closing.add_lesson(store, intruder, case_id, LessonKind.WENT_WELL, LessonLevel.TEAM, "team_relations", "x")
    assert services.get_case(store, facilitator, case_id).phase is Phase.CLOSED
    denied = [e for e in services.case_history(store, facilitator, case_id) if e.action == "case.denied"]
    assert {e.actor for e in denied} == {other_facilitator.username}  # an admin is refused before any case is read
