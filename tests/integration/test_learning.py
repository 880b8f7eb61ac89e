"""The learning view against a real database: what an admin and a facilitator see
across cases, the minimum group size, the first joint scan's gap themes, the export,
and that nobody reads a case through it."""

from datetime import date, datetime, timedelta

import pytest

from reset_core import closing, intake, learning, scan
from reset_core.errors import PermissionDenied, ValidationError
from reset_core.i18n import describe
from reset_core.instrument import load_instrument
from reset_core.model import (
    PROCESSING,
    AtWorkNineMonths,
    ClosingOutcome,
    Lesson,
    LessonKind,
    LessonLevel,
    MomentKind,
    Respondent,
    Role,
    User,
)
from tests.conftest import open_case

TODAY = date.today()


def LATER() -> datetime:
    """A look at the view once the quarter of today's closings has ended."""
    return datetime.now() + timedelta(days=100)

NAMES = ["Kristof Van den Broeck", "Evelien Martens", "Dries Van Damme", "Sarah De Backer", "Yasmina Benali",
         "Bram Segers", "Ilse Van Hoeck", "Tim Hendrickx", "Joke Verhoeven", "Nathalie Goossens"]


def closed_case(store, actor, name, outcome=ClosingOutcome.OWN_JOB, sick_days=400, away_days=100, closed_after=200,
                lessons=(), prevention=("", None), at_work=AtWorkNineMonths.NOT_KNOWN, before_closing=None):
    """A case run to its closing; `before_closing(case_id)` does what happened while it was
    open (a closed case takes no scan answers)."""
    sick = TODAY - timedelta(days=sick_days)
    returned = sick + timedelta(days=away_days)
    case_id = open_case(store, actor, name, sick_leave_start=sick, actual_return=returned)
    intake.record_consent(store, actor, case_id, PROCESSING, True, sick + timedelta(days=10))
    if before_closing:
        before_closing(case_id)
    closing.save_closing(
        store, actor, case_id, returned + timedelta(days=closed_after), outcome, at_work,
        prevention[0], prevention[1], list(lessons),
    )
    return case_id


def lesson(text, theme="recovery_energy", level=LessonLevel.EMPLOYEE):
    return Lesson(LessonKind.WENT_WELL, level, theme, text)


def test_an_admin_sees_the_organisations_figures_and_a_facilitator_only_their_own(store, admin, facilitator, other_facilitator):
    for name in NAMES[:5]:
        closed_case(store, facilitator, name)
    for name in NAMES[5:8]:
        closed_case(store, other_facilitator, name)
    organisation = learning.view(store, admin, clock=LATER)
    assert organisation.organisation and organisation.outcomes.rows() == [("own_job", 8)]
    own = learning.view(store, facilitator, clock=LATER)
    assert not own.organisation and own.outcomes.rows() == [("own_job", 5)]
    assert learning.view(store, other_facilitator, clock=LATER).empty  # 3 cases: under the minimum of 5


def test_a_small_outcome_is_folded_with_the_next_smallest_and_never_shown_alone(store, facilitator):
    for name in NAMES[:6]:
        closed_case(store, facilitator, name)
    closed_case(store, facilitator, NAMES[6], outcome=ClosingOutcome.RELAPSE, at_work=AtWorkNineMonths.NO)
    view = learning.view(store, facilitator, clock=LATER)
    assert view.outcomes.rows() == [(learning.OTHER, 7)]
    assert view.at_work_9m.rows() == [(learning.OTHER, 7)]
    assert "relapse" not in str(view)


def test_medians_run_from_sick_leave_to_return_and_from_return_to_closure(store, facilitator):
    for n, name in enumerate(NAMES[:5]):
        closed_case(store, facilitator, name, away_days=100 + 10 * n, closed_after=200 + n)
    view = learning.view(store, facilitator, clock=LATER)
    assert (view.days_to_return.days, view.days_to_return.cases) == (120, 5)
    assert (view.days_return_to_closure.days, view.days_return_to_closure.cases) == (202, 5)


def test_lesson_texts_show_per_theme_only_once_the_theme_covers_enough_cases(store, facilitator):
    for n, name in enumerate(NAMES[:5]):
        lessons = [lesson(f"Rustmomenten {n}")]
        if n < 2:
            lessons.append(lesson("Zeldzame les", theme="autonomy", level=LessonLevel.ORGANISATION))
        closed_case(store, facilitator, name, lessons=lessons, prevention=("Pieken spreiden", "hindering_demands"))
    view = learning.view(store, facilitator, clock=LATER)
    (group,) = view.lessons
    assert group.key == "recovery_energy" and group.cases == 5
    assert sorted(text for (_, _, text), _ in group.items) == [f"Rustmomenten {n}" for n in range(5)]
    assert "Zeldzame les" not in str(view)  # autonomy: 2 cases, nor enough for "other themes"
    assert view.lesson_cells == (("recovery_energy", "employee", 5),)
    assert [(g.key, g.cases, g.items) for g in view.prevention] == [("hindering_demands", 5, ((("organisation", "Pieken spreiden"), 5),))]


def answer_moment(store, actor, case_id, planned_on, employee_level, manager_level, gap_theme):
    """Both parties submit a moment: equal answers, except a big gap on `gap_theme`."""
    # A second T0 after a submitted one needs a reason, as a facilitator gives it.
    _, tokens = scan.create_moment(store, actor, case_id, MomentKind.T0, planned_on, reason="Opnieuw gemeten")
    instrument = load_instrument(scan.CURRENT_VERSION)
    for respondent, token in tokens.items():
        answers = {}
        for item in instrument.items:
            value = 3
            if item.theme == gap_theme:
                value = employee_level if respondent is Respondent.EMPLOYEE else manager_level
            answers[item.id] = (6 - value) if item.reverse else value
        scan.save_answers(store, token, answers)
        if respondent is Respondent.EMPLOYEE:
            scan.save_continuum(store, token, instrument.continuum[0].id)
        scan.submit(store, token)


def test_gap_themes_come_from_the_first_scan_both_parties_submitted(store, facilitator):
    def scanned_twice(case_id):
        answer_moment(store, facilitator, case_id, TODAY - timedelta(days=300), 1, 5, "recovery_energy")
        answer_moment(store, facilitator, case_id, TODAY - timedelta(days=200), 3, 3, "recovery_energy")

    for name in NAMES[:5]:
        closed_case(store, facilitator, name, before_closing=scanned_twice)
    view = learning.view(store, facilitator, clock=LATER)
    assert view.gap_cases == 5
    assert view.gap_themes == (("recovery_energy", 5),)


def test_an_admin_cannot_read_a_single_case_through_the_closing_or_the_learning_functions(store, admin, facilitator):
    case_ids = [closed_case(store, facilitator, name, lessons=[lesson("Een les")]) for name in NAMES[:5]]
    with pytest.raises(PermissionDenied):
        closing.load(store, admin, case_ids[0])
    view = learning.view(store, admin, clock=LATER)
    shown = str(view) + learning.to_csv(view).decode("utf-8-sig")
    assert not any(name in shown for name in NAMES)
    assert "Katrien De Smet" not in shown  # the manager in every test case
    assert not any(field in learning.LearningView.__dataclass_fields__ for field in ("case_ids", "cases_list", "case_id"))


def test_looking_at_the_view_and_exporting_it_are_logged_without_any_case_id(store, admin, facilitator):
    for name in NAMES[:5]:
        closed_case(store, facilitator, name)
    learning.view(store, admin, clock=LATER)
    learning.record_export(store, admin)
    with store.read() as q:
        entries = [e for e in q.journal.audit_of_actor(admin.username) if e.action.startswith("learning.")]
    assert [(e.action, e.case_id, e.detail) for e in entries] == [
        ("learning.view", None, "organisation"), ("learning.export", None, "organisation"),
    ]


def test_only_an_active_admin_or_facilitator_sees_the_view(store, facilitator):
    for role in Role:
        with pytest.raises(PermissionDenied):
            learning.view(store, User("gone", "Gone", role, active=False), clock=LATER)
    assert learning.view(store, facilitator, clock=LATER).empty


def test_an_admin_sets_the_minimum_group_size_but_never_under_three(store, admin, facilitator):
    for name in NAMES[:3]:
        closed_case(store, facilitator, name)
    assert learning.view(store, admin, clock=LATER).empty
    for bad in (2, 0, 51, "veel"):
        with pytest.raises(ValidationError) as err:
            learning.set_min_group(store, admin, bad)
        assert err.value.field == "min_group"
        assert describe(err.value, "nl") == "Kies een getal van 3 tot 50."
    with pytest.raises(PermissionDenied):
        learning.set_min_group(store, facilitator, 3)
    assert learning.set_min_group(store, admin, 3) == 3
    view = learning.view(store, admin, clock=LATER)
    assert view.min_group == 3 and view.outcomes.rows() == [("own_job", 3)]


def test_a_stored_minimum_under_three_is_never_used(store, admin):
    with store.transaction() as q:
        q.meta.set(learning.SETTING, "1")
    assert learning.min_group(store) == learning.FLOOR_MIN_GROUP


def test_the_export_is_a_semicolon_csv_with_the_shown_figures_only(store, admin, facilitator):
    for name in NAMES[:5]:
        closed_case(store, facilitator, name, prevention=("=2+3 pieken spreiden", "hindering_demands"))
    data = learning.to_csv(learning.view(store, admin, clock=LATER), "en")
    text = data.decode("utf-8")
    assert text.startswith("\ufeffSection;Group;Detail;Value")
    assert "Outcome of closed cases;Working in own job;;5" in text
    assert "'=2+3 pieken spreiden (5×)" in text
    assert datetime.now().strftime("%d/%m/%Y") not in text
