"""Measurable goals across re-scans, and the statement-level mirror of the scan: against a
real database, through the services a screen calls."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from reset_core import dialogue, goals, intake, scan, sharing
from reset_core.errors import ValidationErrors
from reset_core.instrument import load_instrument
from reset_core.model import PROCESSING, GoalOwner, MomentKind, Respondent
from reset_core.scan import CURRENT_VERSION
from reset_core.scoring import ThemeScore
from tests.conftest import Clock, open_case

INSTRUMENT = load_instrument(CURRENT_VERSION)
EMPLOYEE, MANAGER = Respondent.EMPLOYEE, Respondent.MANAGER


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 9, 1, 10, 0))


@pytest.fixture
def case_id(store, facilitator):
    case_id = open_case(store, facilitator, sick_leave_start=date(2026, 3, 2))
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 3, 20))
    return case_id


def scanned(store, facilitator, case_id, clock, kind, employee, manager, release=(EMPLOYEE, MANAGER)):
    """A moment both parties answered (`employee`/`manager`: one answer for every item, or
    item -> answer) and submitted; released by those in `release`."""
    moment, tokens = scan.create_moment(store, facilitator, case_id, kind, clock().date(), clock=clock, reason="opnieuw")
    for who, given in ((EMPLOYEE, employee), (MANAGER, manager)):
        answers = given if isinstance(given, dict) else {item.id: given for item in INSTRUMENT.items}
        scan.save_answers(store, tokens[who], answers, clock)
        scan.submit(store, tokens[who], clock)
    for who in release:
        sharing.release_through_link(store, tokens[who], True, clock)
    clock.now += timedelta(days=1)
    return moment, tokens


def add(store, facilitator, case_id, clock, target_score=3.5, items=(), theme="challenge_growth"):  # no reverse statement
    return dialogue.add_goal(
        store, facilitator, case_id, theme, GoalOwner.MANAGER, "Vaste rustmomenten", "Samen bekijken", MomentKind.M3,
        clock, target_score=target_score, items=items,
    )


def measure(store, facilitator, case_id, goal):
    return dialogue.progress(store, facilitator, case_id, [goal])[goal.id]


def test_a_goal_starts_from_the_released_scan_and_keeps_that_start_while_now_follows_each_rescan(store, facilitator, case_id, clock):
    t0, _ = scanned(store, facilitator, case_id, clock, MomentKind.T0, 2, 4)
    goal = add(store, facilitator, case_id, clock)
    assert (goal.baseline.moment_id, goal.baseline.employee, goal.baseline.manager, goal.target_score) == (t0.id, 2.0, 4.0, 3.5)
    assert measure(store, facilitator, case_id, goal).now is None  # no re-scan yet

    scanned(store, facilitator, case_id, clock, MomentKind.M3, 3, 4)
    m6, _ = scanned(store, facilitator, case_id, clock, MomentKind.M6, 4, 5)
    (stored,) = dialogue.goals(store, facilitator, case_id)
    assert stored.baseline == goal.baseline  # a re-scan never moves the start
    progress = measure(store, facilitator, case_id, stored)
    assert (progress.baseline.employee, progress.now.moment_id, progress.now.employee, progress.now.manager) == (2.0, m6.id, 4.0, 5.0)
    assert goals.lines(progress, "nl") == (
        "Medewerker: start 2,0 (Vóór de terugkeer (T0)) → nu 4,0 (Na 6 maanden) → doel 3,5",
        "Leidinggevende: start 4,0 (Vóór de terugkeer (T0)) → nu 5,0 (Na 6 maanden)",
    )


def test_a_rescan_not_released_by_both_does_not_move_now(store, facilitator, case_id, clock):
    scanned(store, facilitator, case_id, clock, MomentKind.T0, 2, 4)
    goal = add(store, facilitator, case_id, clock)
    m3, _ = scanned(store, facilitator, case_id, clock, MomentKind.M3, 3, 4)
    scanned(store, facilitator, case_id, clock, MomentKind.M6, 5, 5, release=(EMPLOYEE,))
    assert measure(store, facilitator, case_id, goal).now.moment_id == m3.id


def test_a_goal_set_before_any_released_scan_has_no_start_but_follows_the_next_rescan(store, facilitator, case_id, clock):
    scanned(store, facilitator, case_id, clock, MomentKind.T0, 2, 4, release=(EMPLOYEE,))
    goal = add(store, facilitator, case_id, clock)
    assert goal.baseline is None  # the manager did not release: no score of theirs on the goal
    scanned(store, facilitator, case_id, clock, MomentKind.M3, 3, 4)
    assert goals.lines(measure(store, facilitator, case_id, goal), "en")[0] == "Employee: no starting score → now 3.0 (After 3 months) → target 3.5"


def test_a_goal_from_before_goals_were_measured_stays_readable_without_a_measure(store, facilitator, case_id, clock):
    scanned(store, facilitator, case_id, clock, MomentKind.T0, 2, 4)
    old = replace(add(store, facilitator, case_id, clock), baseline=None, target_score=None)
    assert goals.lines(goals.progress(old, scan.results(store, facilitator, case_id)), "nl") == ()


def test_a_goal_on_chosen_statements_is_measured_on_them_alone_with_a_reverse_one_turned(store, facilitator, case_id, clock):
    answers = {item.id: 2 for item in INSTRUMENT.items}  # recovery_energy_4 is reverse: 2 scores 4
    scanned(store, facilitator, case_id, clock, MomentKind.T0, answers, 4)
    goal = add(store, facilitator, case_id, clock, items=["v2_recovery_energy_4", "v2_recovery_energy_1"], theme="recovery_energy")
    assert goal.items == ("v2_recovery_energy_1", "v2_recovery_energy_4")
    assert (goal.baseline.employee, goal.baseline.manager) == (3.0, 3.0)


def test_a_start_disappears_from_the_goal_when_a_party_withdraws_the_release(store, facilitator, case_id, clock):
    _, tokens = scanned(store, facilitator, case_id, clock, MomentKind.T0, 2, 4)
    goal = add(store, facilitator, case_id, clock)
    sharing.release_through_link(store, tokens[MANAGER], False, clock)
    assert measure(store, facilitator, case_id, goal).baseline is None


def test_a_rewording_keeps_the_start_and_another_theme_takes_its_own(store, facilitator, case_id, clock):
    scanned(store, facilitator, case_id, clock, MomentKind.T0, 2, 4)
    goal = add(store, facilitator, case_id, clock)
    scanned(store, facilitator, case_id, clock, MomentKind.M3, 3, 5)
    same = dialogue.update_goal(
        store, facilitator, case_id, goal.id, goal.theme, goal.owner, "Anders gezegd", goal.indicator, goal.target, clock, target_score=4,
    )
    assert same.baseline == goal.baseline and same.target_score == 4.0
    other = dialogue.update_goal(
        store, facilitator, case_id, goal.id, "autonomy", goal.owner, "Anders gezegd", goal.indicator, goal.target, clock, target_score=4,
    )
    assert (other.baseline.moment, other.baseline.employee) == (MomentKind.M3, 3.0)


def test_a_target_off_the_scale_and_a_statement_of_another_theme_are_refused_together(store, facilitator, case_id, clock):
    with pytest.raises(ValidationErrors) as caught:
        dialogue.add_goal(
            store, facilitator, case_id, "recovery_energy", GoalOwner.MANAGER, "", "x", MomentKind.M3, clock,
            target_score=5.5, items=["v2_autonomy_1"],
        )
    assert {e.field for e in caught.value.errors} == {"goal_description", "goal_target_score", "goal_items"}
    assert dialogue.goals(store, facilitator, case_id) == []


def test_a_rescan_on_another_instrument_version_is_shown_but_said_not_comparable(store, facilitator, case_id, clock):
    t0, _ = scanned(store, facilitator, case_id, clock, MomentKind.T0, 2, 4)
    goal = add(store, facilitator, case_id, clock)
    m3, _ = scanned(store, facilitator, case_id, clock, MomentKind.M3, 3, 4)
    results = scan.results(store, facilitator, case_id)
    # The 3-month scan as a later instrument version would give it (the theme kept).
    results[-1] = replace(results[-1], moment=replace(m3, instrument_version=CURRENT_VERSION + 1))
    progress = goals.progress(goal, results)
    assert (progress.now.instrument_version, progress.comparable) == (CURRENT_VERSION + 1, False)
    assert goals.lines(progress, "en")[-1].startswith(
        f"Note: the starting score comes from version {CURRENT_VERSION} of the scan, the new one from version {CURRENT_VERSION + 1}."
    )
    # A version that lacks the theme has no "now" at all.
    results[-1] = replace(results[-1], employee={"other": ThemeScore("other", 3.0, 4, 4)})
    assert goals.progress(goal, results).now is None


# --- the statement-level mirror -------------------------------------------------------


def test_the_statements_answered_furthest_apart_come_first_with_a_reverse_one_turned(store, facilitator, case_id, clock):
    employee = {item.id: 3 for item in INSTRUMENT.items} | {"v2_autonomy_1": 1, "v2_recovery_energy_4": 1}
    manager = {item.id: 3 for item in INSTRUMENT.items} | {"v2_autonomy_1": 3, "v2_recovery_energy_4": 5, "v2_task_fit_1": None}
    moment, _ = scanned(store, facilitator, case_id, clock, MomentKind.T0, employee, manager, release=())
    rows = scan.mirror(store, facilitator, case_id, moment.id)
    # recovery_energy_4 is reverse: 1 and 5 score 5 and 1, a gap of +4, the largest.
    assert [(r.item_id, r.gap) for r in rows[:2]] == [("v2_recovery_energy_4", 4), ("v2_autonomy_1", -2)]
    assert rows[-1].item_id == "v2_task_fit_1" and rows[-1].gap is None  # a side left open: last


def test_an_unshared_partys_answers_never_reach_the_joint_mirror(store, facilitator, case_id, clock):
    _, tokens = scanned(store, facilitator, case_id, clock, MomentKind.T0, 2, 4, release=(EMPLOYEE,))
    assert dialogue.joint_view(store, facilitator, case_id).mirror == ()
    sharing.release_through_link(store, tokens[MANAGER], True, clock)
    rows = dialogue.joint_view(store, facilitator, case_id).mirror
    assert {(r.employee, r.manager) for r in rows} == {(2, 4)}
    sharing.release_through_link(store, tokens[EMPLOYEE], False, clock)
    assert dialogue.joint_view(store, facilitator, case_id).mirror == ()


def test_the_plan_pdf_shows_start_and_target_and_a_copy_without_scores_the_target_alone(store, facilitator, case_id, clock):
    import io

    from pypdf import PdfReader

    from reset_core import agreement
    from reset_core.documents.plan import plan_pdf

    def text(data: bytes) -> str:
        return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())

    scanned(store, facilitator, case_id, clock, MomentKind.T0, 2, 4)
    add(store, facilitator, case_id, clock)
    agreement.start(store, facilitator, case_id, clock)
    plan = agreement.load(store, facilitator, case_id, clock)
    shown = text(plan_pdf(plan, plan.version(1), scan.results(store, facilitator, case_id), "nl"))
    assert "start 2,0" in shown and "doel 3,5" in shown
    alone = text(plan_pdf(plan, plan.version(1), [], "nl"))
    assert "doel 3,5" in alone and "2,0" not in alone and "4,0" not in alone
