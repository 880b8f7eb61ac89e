"""Follow-up rules as pure functions: dates, what is due, early signs."""

from datetime import date, datetime

import pytest

from reset_core.dates import add_months
from reset_core.followup import (
    CONVERGING,
    DIVERGING,
    GapTrend,
    agreed_hours,
    due_for_case,
    early_signs,
    gap_trends,
    schedule_overview,
)
from reset_core.i18n import catalogue
from reset_core.instrument import load_instrument
from reset_core.model import (
    Case,
    Decision,
    FollowUp,
    GoalReview,
    GoalStatus,
    MomentKind,
    Participants,
    Party,
    PartyRole,
    Phase,
    ScanMoment,
    ScheduledMoment,
    SchedulePeriod,
)
from reset_core.moments import proposed_schedule, schedule_from_plan
from reset_core.scan import MomentResult
from reset_core.scoring import ThemeComparison, ThemeScore


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 5, 31), 9, date(2027, 2, 28)),
        (date(2026, 12, 15), 3, date(2027, 3, 15)),
        (date(2028, 2, 29), 9, date(2028, 11, 29)),
    ],
)
def test_months_are_added_calendar_wise_around_month_ends_and_leap_years(start, months, expected):
    assert add_months(start, months) == expected


def test_the_proposed_schedule_is_three_six_and_nine_months_after_the_return():
    assert proposed_schedule(date(2027, 5, 31)) == [
        ScheduledMoment("m3", date(2027, 8, 31)),
        ScheduledMoment("m6", date(2027, 11, 30)),
        ScheduledMoment("m9", date(2028, 2, 29)),
    ]


def test_a_plans_dates_become_the_three_six_and_nine_month_moments_then_extra_ones():
    days = [date(2027, 9, 1), date(2027, 3, 1), date(2027, 6, 1), date(2027, 12, 1), date(2028, 3, 1)]
    assert [(m.kind, m.due_on) for m in schedule_from_plan(days, [], set())] == [
        ("m3", date(2027, 3, 1)), ("m6", date(2027, 6, 1)), ("m9", date(2027, 9, 1)),
        ("extra1", date(2027, 12, 1)), ("extra2", date(2028, 3, 1)),
    ]


def test_a_plan_signed_later_keeps_the_dates_of_moments_already_held():
    current = [ScheduledMoment("m3", date(2027, 3, 5)), ScheduledMoment("extra1", date(2027, 4, 1)), ScheduledMoment("m6", date(2027, 6, 1))]
    plan = [date(2027, 3, 1), date(2027, 7, 1), date(2027, 9, 1)]
    assert schedule_from_plan(plan, current, {"m3", "extra1"}) == [
        ScheduledMoment("m3", date(2027, 3, 5)), ScheduledMoment("extra1", date(2027, 4, 1)),
        ScheduledMoment("m6", date(2027, 7, 1)), ScheduledMoment("m9", date(2027, 9, 1)),
    ]


CASE = Case(1, "fien", Phase.FOLLOW_UP, Party(PartyRole.EMPLOYEE, "Ahmed"), Party(PartyRole.MANAGER, "Tom"), date(2026, 1, 5), datetime.now(), datetime.now())
M3 = [ScheduledMoment("m3", date(2026, 3, 31))]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 16), []),  # 15 days before: not yet due
        (date(2026, 3, 17), [("followup", -14), ("rescan", -14)]),  # within the 14-day window
        (date(2026, 3, 31), [("followup", 0), ("rescan", 0)]),
        (date(2026, 4, 1), [("followup", 1), ("rescan", 1)]),  # overdue from the next day
    ],
)
def test_a_moment_is_due_within_fourteen_days_and_overdue_after_its_date(today, expected):
    items = due_for_case(CASE, M3, held=set(), scanned=set(), today=today)
    assert [(i.what, i.days_late) for i in items] == expected


def test_a_held_follow_up_and_a_completed_rescan_are_no_longer_due():
    assert due_for_case(CASE, M3, held={"m3"}, scanned={"m3"}, today=date(2026, 4, 10)) == []
    assert [i.what for i in due_for_case(CASE, M3, held={"m3"}, scanned=set(), today=date(2026, 4, 10))] == ["rescan"]


def test_an_extra_moment_needs_a_follow_up_but_no_rescan():
    extra = [ScheduledMoment("extra1", date(2026, 2, 10))]
    assert [i.what for i in due_for_case(CASE, extra, set(), set(), date(2026, 2, 10))] == ["followup"]


def test_the_schedule_overview_labels_each_moment():
    moments = [ScheduledMoment("m3", date(2026, 3, 1)), ScheduledMoment("m6", date(2026, 6, 1)), ScheduledMoment("m9", date(2026, 9, 1)), ScheduledMoment("extra1", date(2026, 2, 1))]
    states = [state for _, state in schedule_overview(date(2026, 5, 25), moments, held={"extra1"})]
    assert states == ["overdue", "due", "planned", "done"]


def scores(**means):
    return {theme: ThemeScore(theme, mean, 4, 4) for theme, mean in means.items()}


def followup(*reviews, participants=Participants.JOINT):
    return FollowUp(0, 1, "m3", date(2026, 4, 1), participants, None, "", "", Decision.CONTINUE, tuple(reviews))


def rules(continuum=None, employee_scores=(), history=(), social=frozenset(), overdue=None):
    return [s.rule for s in early_signs(1, continuum, list(employee_scores), list(history), {g: "buddy" for g in social}, overdue)]


@pytest.mark.parametrize(("level", "fires"), [("in_crisis", True), ("struggling", True), ("surviving", False), ("thriving", False), (None, False)])
def test_a_low_self_placement_is_an_early_sign(level, fires):
    assert (rules(continuum=level) == ["signal.continuum_low"]) is fires


def test_a_drop_of_one_point_on_a_watched_theme_is_an_early_sign():
    before = scores(recovery_energy=3.5, social_support=3.0, return_confidence=3.0, autonomy=4.0)
    after = scores(recovery_energy=2.5, social_support=2.0, return_confidence=2.25, autonomy=2.0)
    signals = early_signs(1, None, [before, after], [], {}, None)
    assert sorted(s.params["theme"] for s in signals) == ["recovery_energy", "social_support"]


def test_a_smaller_drop_or_a_drop_on_another_theme_stays_silent():
    assert rules(employee_scores=[scores(recovery_energy=3.5, autonomy=4.0), scores(recovery_energy=2.75, autonomy=1.0)]) == []
    assert rules(employee_scores=[scores(recovery_energy=3.5)]) == []  # only one moment
    assert rules(employee_scores=[scores(recovery_energy=None), scores(recovery_energy=1.0)]) == []


def test_a_social_support_goal_at_risk_twice_in_a_row_is_an_early_sign():
    at_risk = GoalReview(7, GoalStatus.AT_RISK)
    on_track = GoalReview(7, GoalStatus.ON_TRACK)
    assert rules(history=[followup(at_risk), followup(at_risk)], social={7}) == ["signal.social_goal_at_risk"]
    assert rules(history=[followup(at_risk), followup(on_track), followup(at_risk)], social={7}) == []
    assert rules(history=[followup(at_risk), followup(at_risk)], social={8}) == []  # another goal


def test_a_follow_up_overdue_by_more_than_thirty_days_is_an_early_sign():
    assert rules(overdue=31) == ["signal.followup_overdue"]
    assert rules(overdue=30) == []
    assert rules(overdue=None) == []


def test_a_drop_on_the_managers_side_of_the_scan_is_an_early_sign_of_its_own():
    before, after = scores(social_support=4.0, return_confidence=3.5), scores(social_support=2.75, return_confidence=3.0)
    signals = early_signs(1, None, [], [], {}, None, manager_scores=[before, after])
    assert [(s.rule, s.params["theme"]) for s in signals] == [("signal.manager_score_drop", "social_support")]
    assert early_signs(1, None, [before, after], [], {}, None)[0].rule == "signal.score_drop"  # the employee's own rule stays apart


@pytest.mark.parametrize(
    ("gaps", "trend", "fires"),
    [((0.5, 1.5), DIVERGING, True), ((0.5, 1.0, 2.0), DIVERGING, True), ((0.5, 1.25), DIVERGING, False),
     ((2.0, 0.5), CONVERGING, False), ((None, 2.0), None, False)],
)
def test_a_gap_between_the_parties_that_grew_by_a_point_is_an_early_sign(gaps, trend, fires):
    signals = early_signs(1, None, [], [], {}, None, trends=[GapTrend("autonomy", gaps, trend)])
    assert ([s.rule for s in signals] == ["signal.gap_widening"]) is fires


@pytest.mark.parametrize(("worked", "fires"), [(33.0, True), (32.0, False), (20.0, False)])
def test_hours_more_than_two_above_the_agreed_step_are_an_early_sign(worked, fires):
    assert ([s.rule for s in early_signs(1, None, [], [], {}, None, hours=("m3", worked, 30.0))] == ["signal.hours_ahead"]) is fires


def test_the_manager_missing_from_the_last_two_follow_ups_is_an_early_sign():
    alone, together, manager = (followup(participants=p) for p in (Participants.EMPLOYEE, Participants.JOINT, Participants.MANAGER))
    assert rules(history=[together, alone, alone]) == ["signal.manager_absent"]
    assert rules(history=[alone, together]) == []
    assert rules(history=[alone, manager]) == []
    assert rules(history=[alone]) == []


def test_the_agreed_hours_are_those_of_the_step_under_way():
    steps = (SchedulePeriod(date(2026, 9, 7), date(2026, 9, 20), 19.0), SchedulePeriod(date(2026, 9, 21), None, 30.4))
    assert agreed_hours(steps, date(2026, 9, 20)) == 19.0
    assert agreed_hours(steps, date(2027, 1, 4)) == 30.4  # the last step runs on
    assert agreed_hours(steps, date(2026, 9, 6)) is None  # before the start
    assert agreed_hours(steps[:1], date(2026, 9, 21)) is None  # after the last step: back at full hours


@pytest.mark.parametrize(("lang", "words"), [("nl", ("gevaar", "herval", "faal")), ("en", ("danger", "relapse", "fail")), ("fr", ("danger", "rechute", "échec"))])
def test_no_early_sign_is_worded_as_a_verdict_on_the_person(lang, words):
    texts = [text.lower() for key, text in catalogue(lang).items() if key.startswith("signal.")]
    assert len(texts) >= 8
    assert [text for text in texts if any(word in text for word in words)] == []


# --- whether the parties' view of a theme grows closer after the return --------------------


def compared_at(kind: MomentKind, gaps: dict[str, float | None], version: int = 1) -> MomentResult:
    def row(theme: str, gap: float | None) -> ThemeComparison:
        score = ThemeScore(theme, 3.0, 3, 3)
        return ThemeComparison(theme, score, score, gap, False, False)

    moment = ScanMoment(1, 1, kind, date(2026, 1, 1), version, datetime(2026, 1, 1))
    # The facilitator's own side-by-side view: gap trends do not wait for a release.
    return MomentResult(moment, {}, {}, None, None, {}, side_by_side=[row(theme, gap) for theme, gap in gaps.items()])


def trend_of(theme: str, trends) -> tuple:
    (found,) = [(g.gaps, g.trend) for g in trends if g.theme == theme]
    return found


def test_the_gap_narrows_when_the_parties_are_closer_at_the_last_scan_than_at_the_first():
    # The employee scored 1.5 below the manager at T0, 0.5 above at M6: closer, whatever the sign.
    trends = gap_trends([compared_at(MomentKind.T0, {"autonomy": -1.5}), compared_at(MomentKind.M6, {"autonomy": 0.5})])
    assert trend_of("autonomy", trends) == ((1.5, 0.5), CONVERGING)


def test_the_gap_widens_when_they_are_further_apart_and_no_trend_when_unchanged_or_unknown():
    results = [
        compared_at(MomentKind.T0, {"autonomy": 0.5, "task_fit": 1.0, "social_support": None}),
        compared_at(MomentKind.M3, {"autonomy": 0.0, "task_fit": 3.0, "social_support": 2.0}),
        compared_at(MomentKind.M6, {"autonomy": -1.0, "task_fit": -1.0, "social_support": 0.5}),
    ]
    trends = gap_trends(results)
    assert trend_of("autonomy", trends) == ((0.5, 0.0, 1.0), DIVERGING)  # first and last count, not the middle
    assert trend_of("task_fit", trends) == ((1.0, 3.0, 1.0), None)
    assert trend_of("social_support", trends) == ((None, 2.0, 0.5), None)


def test_the_gap_trend_covers_every_theme_of_the_scans_own_instrument_and_skips_unanswered_moments():
    waiting = MomentResult(ScanMoment(2, 1, MomentKind.M3, date(2026, 4, 1), 1, datetime(2026, 4, 1)), {}, None, None, None, {})
    trends = gap_trends([compared_at(MomentKind.T0, {"autonomy": 1.0}), waiting, compared_at(MomentKind.M6, {"task_fit": 1.0})])
    assert [g.theme for g in trends] == list(load_instrument(1).themes())
    assert trend_of("autonomy", trends) == ((1.0, None), None)
    assert gap_trends([waiting]) == []
