"""The joint dialogue presented section by section, its largest item differences, and the
second screen's display link, handled like a scan link."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from reset_core import dialogue, intake, presentation, scan, sharing
from reset_core.errors import PermissionDenied, ValidationError
from reset_core.instrument import load_instrument
from reset_core.model import PROCESSING, MomentKind, Respondent, ScanMoment
from reset_core.presentation import DisplayRefused
from reset_core.scan import CURRENT_VERSION
from reset_core.tokens import digest
from tests.conftest import Clock, open_case

INSTRUMENT = load_instrument(CURRENT_VERSION)
EMPLOYEE, MANAGER = Respondent.EMPLOYEE, Respondent.MANAGER
THEME = INSTRUMENT.themes()[0]
ITEMS = INSTRUMENT.items_for(THEME)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 9, 1, 10, 0))


def answered(store, facilitator, clock, employee: dict[str, int | None], manager: dict[str, int | None], name="Marc Verbeke"):
    """A case whose T0 both submitted with these answers (3 elsewhere); nobody released yet."""
    case_id = open_case(store, facilitator, name, sick_leave_start=date(2026, 3, 2))
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 3, 20))
    _, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 8, 20), clock=clock)
    for token, given in ((tokens[EMPLOYEE], employee), (tokens[MANAGER], manager)):
        scan.save_answers(store, token, {i.id: given.get(i.id, 3) for i in INSTRUMENT.items}, clock)
        scan.submit(store, token, clock)
    return case_id, tokens


def apart(store, facilitator, clock, name="Marc Verbeke"):
    """The first theme's statements answered 4, 2 and 1 points apart (on the scored scale)."""
    first, second, third = ITEMS[:3]
    employee = {first.id: 5, second.id: 4, third.id: 3}
    manager = {first.id: 1, second.id: 2, third.id: 4 if not third.reverse else 2}
    return answered(store, facilitator, clock, employee, manager, name)


def released(store, tokens, employee=True, manager=True):
    now = Clock(datetime(2026, 9, 1, 10, 0))  # while the links hold
    sharing.release_through_link(store, tokens[EMPLOYEE], employee, now)
    sharing.release_through_link(store, tokens[MANAGER], manager, now)


# --- the largest item differences: released answers only ---------------------------------


def test_a_themes_largest_item_differences_come_largest_first_once_both_released(store, facilitator, clock):
    case_id, tokens = apart(store, facilitator, clock)
    released(store, tokens)
    view = dialogue.joint_view(store, facilitator, case_id, clock)
    rows = view.differences[THEME]
    assert [abs(row.gap) for row in rows] == [4, 2, 1]
    assert [row.item_id for row in rows] == [item.id for item in ITEMS[:3]]
    assert (rows[0].employee, rows[0].manager) == (5, 1)  # the answers as given, for the screen
    assert set(view.differences) == {THEME}  # equal answers elsewhere: no difference to show


def test_no_item_difference_shows_until_both_released_nor_after_one_withdrew(store, facilitator, clock):
    case_id, tokens = apart(store, facilitator, clock)
    seen = {}
    seen["nobody released"] = dialogue.joint_view(store, facilitator, case_id, clock).differences
    released(store, tokens, employee=True, manager=False)
    seen["the employee only"] = dialogue.joint_view(store, facilitator, case_id, clock).differences
    released(store, tokens, employee=False, manager=True)
    seen["the manager only"] = dialogue.joint_view(store, facilitator, case_id, clock).differences
    released(store, tokens)
    assert dialogue.joint_view(store, facilitator, case_id, clock).differences  # the check can see some
    sharing.release_through_link(store, tokens[MANAGER], False, clock)
    seen["both, then one withdrew"] = dialogue.joint_view(store, facilitator, case_id, clock).differences
    assert seen == dict.fromkeys(seen, {})


def test_answers_of_a_later_moment_not_both_submitted_never_make_an_item_difference(store, facilitator, clock):
    case_id, tokens = answered(store, facilitator, clock, {}, {})  # T0: every answer equal
    released(store, tokens)
    _, later = scan.create_moment(store, facilitator, case_id, MomentKind.M3, date(2026, 9, 1), clock=clock)
    scan.save_answers(store, later[EMPLOYEE], {i.id: 5 for i in INSTRUMENT.items}, clock)
    scan.submit(store, later[EMPLOYEE], clock)
    sharing.release_through_link(store, later[EMPLOYEE], True, clock)
    scan.save_answers(store, later[MANAGER], {i.id: 1 for i in INSTRUMENT.items}, clock)  # saved, not submitted
    view = dialogue.joint_view(store, facilitator, case_id, clock)
    assert view.moment is MomentKind.T0 and view.differences == {}


def test_not_applicable_on_either_side_is_no_difference():
    moment = ScanMoment(1, 1, MomentKind.T0, date(2026, 8, 20), 1, datetime(2026, 8, 20))
    answers = {EMPLOYEE: {ITEMS[0].id: 5, ITEMS[1].id: None}, MANAGER: {ITEMS[0].id: None, ITEMS[1].id: 1}}
    result = scan.MomentResult(moment, None, None, None, None, {}, released_answers=answers)
    assert dialogue.item_differences(result) == {}


# --- the sections, kept per case -----------------------------------------------------------


def test_the_sections_run_from_the_overview_through_each_agenda_theme_to_the_insights_and_goals(store, facilitator, clock):
    case_id, tokens = apart(store, facilitator, clock)
    released(store, tokens)
    view = dialogue.joint_view(store, facilitator, case_id, clock)
    order = presentation.sections(view)
    assert order[0] == presentation.OVERVIEW and order[-2:] == (presentation.INSIGHTS, presentation.GOALS)
    assert [presentation.theme_of(s) for s in order[1:-2]] == [row.theme for row in view.agenda]
    assert presentation.theme_of(order[1]) == THEME  # the largest gap first


def test_the_section_is_kept_per_case_until_the_presentation_ends(store, facilitator, clock):
    case_id, tokens = apart(store, facilitator, clock)
    other, _ = apart(store, facilitator, clock, "Lotte Peeters")
    assert presentation.present(store, facilitator, case_id, clock) == presentation.OVERVIEW
    presentation.move(store, facilitator, case_id, presentation.INSIGHTS, clock)
    presentation.move(store, facilitator, other, presentation.GOALS, clock)
    assert presentation.present(store, facilitator, case_id, clock) == presentation.INSIGHTS  # a reload comes back here
    assert presentation.present(store, facilitator, other, clock) == presentation.GOALS
    presentation.end(store, facilitator, case_id, clock)
    assert presentation.present(store, facilitator, case_id, clock) == presentation.OVERVIEW  # a new one starts at the top
    with pytest.raises(ValidationError):
        presentation.move(store, facilitator, case_id, "theme:no_such_theme", clock)


def test_another_facilitator_can_neither_present_nor_follow_nor_make_a_display_link(store, facilitator, other_facilitator, clock):
    case_id, _ = apart(store, facilitator, clock)
    for attempt in (
        lambda: presentation.present(store, other_facilitator, case_id, clock),
        lambda: presentation.move(store, other_facilitator, case_id, presentation.GOALS, clock),
        lambda: presentation.issue_display_link(store, other_facilitator, case_id, "nl", clock),
        lambda: presentation.end(store, other_facilitator, case_id, clock),
    ):
        with pytest.raises(PermissionDenied):
            attempt()


# --- the display link: like a scan link ----------------------------------------------------


def test_a_display_link_is_kept_only_as_a_hash_and_shows_the_section_the_facilitator_is_on(store, facilitator, clock):
    case_id, tokens = apart(store, facilitator, clock)
    released(store, tokens)
    token = presentation.issue_display_link(store, facilitator, case_id, "fr", clock)
    with store.read() as q:
        stored = str(q.cur.execute("SELECT * FROM display_links").fetchall())
    assert token not in stored and digest(token) in stored
    shown = presentation.open_display(store, token, clock)
    assert shown.case_id == case_id and shown.language == "fr" and shown.section == presentation.OVERVIEW
    presentation.move(store, facilitator, case_id, presentation.theme_section(THEME), clock)
    shown = presentation.follow(store, token, clock)
    assert shown.section == presentation.theme_section(THEME)
    assert shown.view.differences == dialogue.joint_view(store, facilitator, case_id, clock).differences != {}


def test_a_display_link_stops_when_the_presentation_ends(store, facilitator, clock):
    case_id, _ = apart(store, facilitator, clock)
    token = presentation.issue_display_link(store, facilitator, case_id, "nl", clock)
    presentation.follow(store, token, clock)
    presentation.end(store, facilitator, case_id, clock)
    with pytest.raises(DisplayRefused):
        presentation.follow(store, token, clock)
    presentation.present(store, facilitator, case_id, clock)  # a new presentation does not bring it back
    with pytest.raises(DisplayRefused):
        presentation.follow(store, token, clock)


def test_a_display_link_stops_when_revoked_when_replaced_and_after_four_hours(store, facilitator, clock):
    case_id, _ = apart(store, facilitator, clock)
    revoked = presentation.issue_display_link(store, facilitator, case_id, "nl", clock)
    presentation.revoke_display_link(store, facilitator, case_id, clock)
    replaced = presentation.issue_display_link(store, facilitator, case_id, "nl", clock)
    latest = presentation.issue_display_link(store, facilitator, case_id, "nl", clock)
    clock.now += timedelta(hours=presentation.DISPLAY_HOURS) - timedelta(seconds=1)
    presentation.follow(store, latest, clock)  # still there, just before the hours are over
    clock.now += timedelta(seconds=1)
    refusals = []
    for token in (revoked, replaced, latest, "forged", ""):
        with pytest.raises(DisplayRefused) as caught:
            presentation.follow(store, token, clock)
        refusals.append(caught.value.key)
    assert set(refusals) == {"presentation.display_refused"}  # one and the same refusal for all


def test_opening_a_display_link_is_logged_once_and_following_it_is_not(store, facilitator, clock):
    case_id, _ = apart(store, facilitator, clock)
    token = presentation.issue_display_link(store, facilitator, case_id, "nl", clock)
    presentation.open_display(store, token, clock)
    for _ in range(5):
        presentation.follow(store, token, clock)
    with store.read() as q:
        entries = [(e.actor, e.action) for e in q.journal.audit_of_case(case_id)]
    assert entries.count((presentation.DISPLAY_ACTOR, "presentation.display_open")) == 1
    assert not [e for e in entries if e[0] == presentation.DISPLAY_ACTOR and e[1] != "presentation.display_open"]
    assert ("fien", "presentation.display_link") in entries and ("fien", "presentation.start") in entries


def test_a_double_click_makes_one_display_link(store, facilitator, clock):
    case_id, _ = apart(store, facilitator, clock)
    first = presentation.issue_display_link(store, facilitator, case_id, "nl", clock, request="click-1")
    again = presentation.issue_display_link(store, facilitator, case_id, "nl", clock, request="click-1")
    assert again is None
    presentation.follow(store, first, clock)  # the first click's link is the one that works


def test_a_display_link_goes_blank_once_the_basic_consent_is_withdrawn(store, facilitator, clock):
    case_id, tokens = apart(store, facilitator, clock)
    released(store, tokens)
    token = presentation.issue_display_link(store, facilitator, case_id, "nl", clock)
    presentation.follow(store, token, clock)
    intake.record_consent(store, facilitator, case_id, PROCESSING, False, date(2026, 9, 1), "stopt")
    with pytest.raises(DisplayRefused):
        presentation.follow(store, token, clock)


def test_a_display_link_dies_with_its_case(store, facilitator, admin, clock):
    from reset_core import privacy

    case_id, _ = apart(store, facilitator, clock)
    token = presentation.issue_display_link(store, facilitator, case_id, "nl", clock)
    privacy.erase_case(store, admin, case_id, str(case_id), clock=clock)
    with pytest.raises(DisplayRefused):
        presentation.follow(store, token, clock)
