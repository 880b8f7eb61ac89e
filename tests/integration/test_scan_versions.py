"""Scan versions side by side: a case started on version 1 keeps it, a new case starts on
version 2, and no chart, gap or early sign compares scores of two versions without saying so."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from reset_core import followup, history, intake, scan, services
from reset_core.errors import PermissionDenied, ValidationError, ValidationErrors
from reset_core.instrument import load_instrument
from reset_core.model import PROCESSING, MomentKind, Respondent
from tests.conftest import Clock, open_case

EMPLOYEE, MANAGER = Respondent.EMPLOYEE, Respondent.MANAGER


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 9, 1, 10, 0))


def new_case(store, facilitator, name="Marc Verbeke") -> int:
    case_id = open_case(store, facilitator, name, sick_leave_start=date(2026, 3, 2))
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 3, 20))
    return case_id


def scanned(store, facilitator, case_id, clock, kind, employee, manager):
    """A moment both parties answered with one value for every statement of the moment's
    own version, and submitted."""
    moment, tokens = scan.create_moment(store, facilitator, case_id, kind, clock().date(), clock=clock, reason="opnieuw")
    items = load_instrument(moment.instrument_version).items
    for who, value in ((EMPLOYEE, employee), (MANAGER, manager)):
        scan.save_answers(store, tokens[who], {item.id: (6 - value if item.reverse else value) for item in items}, clock)
        scan.submit(store, tokens[who], clock)
    clock.now += timedelta(days=30)
    return moment


@pytest.fixture
def version_one_case(store, facilitator, clock, monkeypatch):
    """A case whose T0 scan was taken before version 2 existed."""
    with monkeypatch.context() as before_version_two:
        before_version_two.setattr(scan, "CURRENT_VERSION", 1)
        case_id = new_case(store, facilitator)
        scanned(store, facilitator, case_id, clock, MomentKind.T0, 4, 4)
    return case_id


def test_a_new_case_takes_version_two_for_its_moments_and_its_links(store, facilitator, clock):
    case_id = new_case(store, facilitator)
    assert scan.case_version(store, facilitator, case_id).version == 2
    moment, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, clock().date(), clock=clock)
    assert moment.instrument_version == 2
    session = scan.open_link(store, tokens[EMPLOYEE], clock)
    assert session.instrument_version == 2
    assert scan.framing_of(session.kind) == "before"


def test_a_version_one_case_keeps_version_one_and_its_old_moments_stay_readable_and_charted(store, facilitator, version_one_case, clock):
    m3 = scanned(store, facilitator, version_one_case, clock, MomentKind.M3, 3, 4)
    assert m3.instrument_version == 1  # the case keeps the version it started with
    assert scan.case_version(store, facilitator, version_one_case).version == 1
    results = scan.results(store, facilitator, version_one_case)
    assert [r.moment.instrument_version for r in results] == [1, 1]
    assert results[0].employee["recovery_energy"].mean == 4.0 and results[1].employee["recovery_energy"].mean == 3.0
    assert [(v, len(group)) for v, group in scan.by_version(results)] == [(1, 2)]  # one chart, both moments
    mirror = scan.mirror(store, facilitator, version_one_case, m3.id)
    assert {row.item_id for row in mirror} == {item.id for item in load_instrument(1).items}


def test_a_case_moved_on_to_version_two_takes_it_for_its_next_moments_and_keeps_the_old_ones(store, facilitator, version_one_case, clock):
    moved = scan.move_to_version(store, facilitator, version_one_case, 2, "De opvolging start met de nieuwe scan", clock)
    assert (moved.version, moved.newer) == (2, ())
    (move,) = moved.moves
    assert (move.from_version, move.to_version, move.reason, move.moved_by) == (1, 2, "De opvolging start met de nieuwe scan", facilitator.username)
    m3 = scanned(store, facilitator, version_one_case, clock, MomentKind.M3, 4, 4)
    assert m3.instrument_version == 2
    results = scan.results(store, facilitator, version_one_case)
    assert [r.moment.instrument_version for r in results] == [1, 2]
    assert results[0].employee["recovery_energy"].mean == 4.0  # the version 1 answers, still read by version 1
    assert [v for v, _ in scan.by_version(results)] == [1, 2]  # two charts, never one across
    assert [r.moment.id for r in scan.latest_version_only(results)] == [m3.id]


def test_a_fall_between_two_versions_raises_no_early_sign_but_a_fall_within_one_does(store, facilitator, version_one_case, clock):
    scan.move_to_version(store, facilitator, version_one_case, 2, "nieuwe scan", clock)
    scanned(store, facilitator, version_one_case, clock, MomentKind.M3, 2, 2)  # 4 on version 1, 2 on version 2
    today = clock().date()
    rules = {s.rule for s in followup.case_signals(store, facilitator, version_one_case, today=today, clock=clock)}
    assert "signal.score_drop" not in rules and "signal.manager_score_drop" not in rules

    other = new_case(store, facilitator, "Lotte Wouters")
    scanned(store, facilitator, other, clock, MomentKind.T0, 4, 4)
    scanned(store, facilitator, other, clock, MomentKind.M3, 2, 2)  # the same fall, within version 2
    rules = {s.rule for s in followup.case_signals(store, facilitator, other, today=clock().date(), clock=clock)}
    assert {"signal.score_drop", "signal.manager_score_drop"} <= rules


def test_the_gaps_over_time_are_measured_within_the_latest_version_only(store, facilitator, version_one_case, clock):
    scanned(store, facilitator, version_one_case, clock, MomentKind.M3, 1, 5)  # version 1: a gap of 4
    scan.move_to_version(store, facilitator, version_one_case, 2, "nieuwe scan", clock)
    scanned(store, facilitator, version_one_case, clock, MomentKind.M6, 3, 3)
    scanned(store, facilitator, version_one_case, clock, MomentKind.M9, 2, 4)
    trends = followup.gap_trends(scan.results(store, facilitator, version_one_case))
    recovery = next(t for t in trends if t.theme == "recovery_energy")
    assert recovery.gaps == (0.0, 2.0)  # M6 and M9 only: version 1's gap of 4 is left out
    assert recovery.trend == followup.DIVERGING


def test_moving_a_case_on_is_refused_for_another_facilitator_and_logged(store, facilitator, other_facilitator, version_one_case, clock):
    with pytest.raises(PermissionDenied):
        scan.move_to_version(store, other_facilitator, version_one_case, 2, "niet mijn dossier", clock)
    assert scan.case_version(store, facilitator, version_one_case).version == 1
    denied = [e for e in services.case_history(store, facilitator, version_one_case) if e.action == "case.denied"]
    assert [(e.actor, e.detail) for e in denied] == [(other_facilitator.username, "scan.version")]


def test_moving_on_needs_a_reason_and_a_newer_version(store, facilitator, version_one_case, clock):
    with pytest.raises(ValidationErrors) as refused:
        scan.move_to_version(store, facilitator, version_one_case, 1, "  ", clock)
    assert {(e.key, e.field) for e in refused.value.errors} == {("scan_versions.required", "reason"), ("scan_versions.not_newer", "version")}
    scan.move_to_version(store, facilitator, version_one_case, 2, "nieuwe scan", clock)
    with pytest.raises(ValidationError) as again:
        scan.move_to_version(store, facilitator, version_one_case, 2, "nog eens", clock)
    assert again.value.key == "scan_versions.not_newer"


def test_a_double_click_on_moving_on_moves_once_without_a_refusal(store, facilitator, version_one_case, clock):
    first = scan.move_to_version(store, facilitator, version_one_case, 2, "nieuwe scan", clock, request="klik-1")
    second = scan.move_to_version(store, facilitator, version_one_case, 2, "nieuwe scan", clock, request="klik-1")
    assert first.moves == second.moves and len(second.moves) == 1


def test_the_move_reads_in_the_case_history_in_words(store, facilitator, version_one_case, clock):
    scan.move_to_version(store, facilitator, version_one_case, 2, "nieuwe scan", clock)
    lines = [line for line in history.case_history(store, facilitator, version_one_case, "nl") if line.kind == "scan"]
    assert (lines[0].what, lines[0].detail) == ("Dossier overgestapt naar een nieuwere versie van de scan", "naar versie 2")
    english = history.case_history(store, facilitator, version_one_case, "en", kind="scan")[0]
    assert (english.what, english.detail) == ("Case moved on to a newer version of the scan", "to version 2")
