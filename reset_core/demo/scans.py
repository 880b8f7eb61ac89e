"""Scan moments for the demo cases, answered through the same links a respondent uses.

The profiles are invented but tell a story a trainer can show: gaps that matter
before the return, a shared concern about energy, and gaps that close over the
follow-up moments.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .. import scan, sharing
from ..instrument import load_instrument
from ..model import Case, MomentKind, Phase, Respondent, User
from ..storage import Store

# Per theme: (employee, manager) before the return. Higher is more favourable.
BASE = {
    "manager_relationship": (3.5, 4.0),
    "team_relations": (3.5, 3.5),
    "social_support": (3.0, 3.5),
    "task_fit": (3.5, 3.5),
    "hindering_demands": (2.5, 3.0),
    "challenge_growth": (3.0, 3.0),
    "autonomy": (3.0, 3.5),
    "value_fit": (4.0, 4.0),
    "conditions_schedule": (3.0, 3.5),
    "recovery_energy": (2.0, 2.5),
    "return_confidence": (2.5, 3.5),
    "safety_communication": (3.0, 3.5),
}
# The case study: a conflict with a colleague and a new order system weigh heavily for
# the employee, less so in the manager's eyes.
CASE_STUDY = {
    **BASE,
    "team_relations": (1.75, 3.75),
    "hindering_demands": (1.75, 3.0),
    "social_support": (2.25, 3.5),
    "task_fit": (2.5, 3.75),
    "return_confidence": (2.0, 3.5),
}
# The themes each party wants to talk about in the case study's joint dialogue: the
# conflict with the colleague for both, the order system for the employee alone.
CASE_STUDY_FLAGS = {
    Respondent.EMPLOYEE: ("team_relations", "hindering_demands"),
    Respondent.MANAGER: ("team_relations",),
}
CONTINUUM = {MomentKind.T0: "struggling", MomentKind.M3: "surviving", MomentKind.M6: "thriving", MomentKind.M9: "thriving"}
OPEN_ANSWERS = {
    Respondent.EMPLOYEE: {
        "v2_employee_energy": "Het contact met mijn vaste klanten en collega's die even binnenspringen.",
        "v2_employee_concern": "De drukte op maandag en of ik het tempo van vroeger weer aankan.",
        "v2_employee_need_from_manager": "Een vast moment in de week om te bekijken hoe het gaat.",
    },
    Respondent.MANAGER: {},
}


def _answers(profile: dict[str, tuple[float, float]], respondent: Respondent, progress: float) -> dict[str, int | None]:
    """Item answers around the profile's theme score; later moments close the gaps."""
    instrument = load_instrument(scan.CURRENT_VERSION)
    answers: dict[str, int | None] = {}
    for theme, (employee, manager) in profile.items():
        middle = (employee + manager) / 2
        target = employee if respondent is Respondent.EMPLOYEE else manager
        target = target + (middle - target) * progress + 0.8 * progress  # converge and improve
        for position, item in enumerate(instrument.items_for(theme)):
            wobble = (-0.5, 0.5, 0.0, 0.25, -0.25, 0.0)[position % 6]
            value = max(1, min(5, round(target + wobble)))
            answers[item.id] = (6 - value) if item.reverse else value
    return answers


def _fill_moment(
    store: Store, facilitator: User, case: Case, kind: MomentKind, planned: date,
    profile: dict, progress: float, complete: set[Respondent], released_by: frozenset[Respondent] = frozenset(),
    flags: dict[Respondent, tuple[str, ...]] | None = None, languages: dict[Respondent, str] | None = None,
) -> None:
    flags = flags or {}
    at = datetime.combine(planned, time(10, 0))
    moment_clock = (lambda: at) if complete == set(Respondent) else datetime.now
    _, tokens = scan.create_moment(store, facilitator, case.id, kind, planned, languages, clock=moment_clock)
    for respondent, token in tokens.items():
        answers = _answers(profile, respondent, progress)
        if respondent not in complete:
            answers = dict(list(answers.items())[:17])  # stopped half-way; can continue with the link
        scan.save_answers(store, token, answers, moment_clock)
        if respondent not in complete:
            continue
        for question_id, text in OPEN_ANSWERS[respondent].items():
            scan.save_open_answer(store, token, question_id, text, moment_clock)
        if respondent is Respondent.EMPLOYEE:
            scan.save_continuum(store, token, CONTINUUM[kind], moment_clock)
        scan.submit(store, token, moment_clock)
        if respondent in released_by:
            sharing.release_through_link(store, token, True, moment_clock)
        for theme in flags.get(respondent, ()):
            sharing.flag_through_link(store, token, theme, True, moment_clock)


def fill(
    store: Store, facilitator: User, case: Case, phase: Phase, case_study: bool, today: date,
    released_by: frozenset[Respondent] = frozenset(Respondent), languages: dict[Respondent, str] | None = None,
) -> None:
    """Moments as far as the case has come: T0 before the return, then 3, 6 and 9 months.
    A moment both submitted is released for the joint dialogue by `released_by`."""
    if phase in (Phase.INTAKE,):
        return
    profile = CASE_STUDY if case_study else BASE
    both = set(Respondent)
    t0 = min(today, (case.expected_return or today) - timedelta(days=14))
    if phase is Phase.PREPARATION:  # the employee answered; the manager has not yet
        _fill_moment(store, facilitator, case, MomentKind.T0, today - timedelta(days=3), profile, 0.0, {Respondent.EMPLOYEE}, languages=languages)
        return
    if case.actual_return:
        t0 = case.actual_return - timedelta(days=21)
    _fill_moment(store, facilitator, case, MomentKind.T0, t0, profile, 0.0, both, released_by, CASE_STUDY_FLAGS if case_study else None, languages)
    if phase not in (Phase.FOLLOW_UP, Phase.CLOSED) or case.actual_return is None:
        return
    for months, kind in ((3, MomentKind.M3), (6, MomentKind.M6), (9, MomentKind.M9)):
        planned = case.actual_return + timedelta(days=30 * months)
        if planned > today:
            if phase is Phase.FOLLOW_UP:  # the next re-scan is under way
                _fill_moment(store, facilitator, case, kind, today, profile, months / 9, {Respondent.MANAGER}, languages=languages)
            return
        _fill_moment(store, facilitator, case, kind, planned, profile, months / 9, both, released_by, languages=languages)
