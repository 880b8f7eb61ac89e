"""Closing a case: the outcome of the trajectory, whether the return lasted 9 months,
the lessons learned per level and theme, and a suggested prevention action.

Closing sets the case phase to closed. A closed case takes no new follow-up until it
is reopened, and reopening needs a reason: it is recorded and audited, the old
closing stays on file, and the case goes back to follow-up. While closed, the
closing itself stays correctable (the 9-month answer often comes later) and lessons
can be added or removed. Closing is the only way into the closed phase and reopening
the only way out of it (reset_core.phases): a reopened case takes the phase its
facts give, usually follow-up.

Lessons and the prevention action feed the organisation's learning view
(reset_core.learning), where they appear without any case reference: the form asks
to write them without names. The prevention action is kept as a record of
reset_core.prevention, which the organisation follows up beside the actions of the
joint evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from . import phases, prevention, validation
from .accounts import Clock
from .allowed import Use
from .cards import load_card_set
from .dates import add_months
from .errors import NotFound, Problems, ValidationError
from .model import (
    AtWorkNineMonths,
    Case,
    Closing,
    ClosingOutcome,
    Lesson,
    LessonKind,
    LessonLevel,
    Phase,
    Reopening,
    User,
)
from .services import case_transaction, remember, repeat_of
from .storage import Queries, Store

MAX_LESSON = 1000
MAX_LESSONS = 40
MAX_PREVENTION = 1000
MAX_REASON = 500
NINE_MONTHS = 9


@dataclass(frozen=True)
class ClosingFile:
    """The closing screen of one case: the closing in force, earlier ones, reopenings."""

    case: Case
    current: Closing | None  # the active closing of a closed case
    history: tuple[Closing, ...]  # every closing, oldest first, the current one included
    reopenings: tuple[Reopening, ...]

    @property
    def closed(self) -> bool:
        return self.case.phase is Phase.CLOSED


def nine_months_after(day: date) -> date:
    return add_months(day, NINE_MONTHS)


def _themes() -> set[str]:
    return {theme.id for theme in load_card_set().themes}


def _text(value: str | None, field: str, limit: int, required: bool = False, key: str = "") -> str:
    return validation.text(value, field, limit, "closing", required, key)


def validate_lesson(lesson: Lesson, field: str = "lesson") -> Lesson:
    problems = Problems()
    kind = level = None
    try:
        kind, level = LessonKind(lesson.kind), LessonLevel(lesson.level)
    except ValueError:
        problems.add("closing.unknown_level", f"{field}_level")
    if lesson.theme not in _themes():
        problems.add("closing.unknown_theme", f"{field}_theme")
    text = problems.check(_text, lesson.text, f"{field}_text", MAX_LESSON, required=True, key="closing.lesson_required")
    problems.raise_all()
    return Lesson(kind, level, lesson.theme, text, lesson.id)


def validate_closing(case: Case, closing: Closing, today: date) -> Closing:
    """The closing, trimmed; or every problem at once, each tied to its form field."""
    problems = Problems()
    outcome = at_work = None
    try:
        outcome = ClosingOutcome(closing.outcome) if closing.outcome is not None else None
    except ValueError:
        pass
    if outcome is None:
        problems.add("closing.outcome_required", "outcome")
    try:
        at_work = AtWorkNineMonths(closing.at_work_9m or AtWorkNineMonths.NOT_KNOWN)
    except ValueError:
        problems.add("closing.outcome_required", "at_work_9m")
    closed_on = closing.closed_on
    if closed_on is None:
        problems.add("closing.date_required", "closed_on")
    elif closed_on > today:
        problems.add("closing.date_in_future", "closed_on")
    elif case.sick_leave_start and closed_on < case.sick_leave_start:
        problems.add("closing.date_before_sick_leave", "closed_on", date=f"{case.sick_leave_start:%d/%m/%Y}")
    elif case.actual_return and closed_on < case.actual_return:
        problems.add("closing.date_before_return", "closed_on", date=f"{case.actual_return:%d/%m/%Y}")
    if at_work is AtWorkNineMonths.YES:
        # Still at work at 9 months can only be known once 9 months have passed.
        if case.actual_return is None:
            problems.add("closing.nine_months_no_return", "at_work_9m")
        elif nine_months_after(case.actual_return) > today:
            problems.add(
                "closing.nine_months_too_early", "at_work_9m", date=f"{nine_months_after(case.actual_return):%d/%m/%Y}",
            )
    action = problems.check(_text, closing.prevention_action, "prevention_action", MAX_PREVENTION)
    theme = closing.prevention_theme or None
    if theme is not None and theme not in _themes():
        problems.add("closing.unknown_theme", "prevention_theme")
    elif action and theme is None:
        problems.add("closing.prevention_theme_required", "prevention_theme")
    if len(closing.lessons) > MAX_LESSONS:
        problems.add("closing.too_many_lessons", "lessons", max=MAX_LESSONS)
    lessons = tuple(problems.check(validate_lesson, lesson, f"lesson_{n}") for n, lesson in enumerate(closing.lessons, 1))
    problems.raise_all()
    return replace(
        closing, outcome=outcome, at_work_9m=at_work, prevention_action=action,
        prevention_theme=theme if action else None, lessons=lessons,
    )


def _closings(q: Queries, case_id: int) -> list[Closing]:
    """The case's closings, each with the prevention action typed in it: kept once, as the
    record the organisation follows up (reset_core.prevention), not in the closing too."""
    kept = prevention.closing_actions(q, case_id)
    return [
        replace(c, prevention_action=kept[c.id].description, prevention_theme=kept[c.id].theme) if c.id in kept else c
        for c in q.closing.closings_of(case_id)
    ]


def _current(q: Queries, case: Case) -> Closing | None:
    if case.phase is not Phase.CLOSED:
        return None
    active = [c for c in _closings(q, case.id) if c.active]
    return active[-1] if active else None


def load(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> ClosingFile:
    with case_transaction(store, actor, case_id, "case.view", "closing", clock, use=Use.CLOSING) as (q, case):
        history = _closings(q, case_id)
        return ClosingFile(case, _current(q, case), tuple(history), tuple(q.closing.reopenings_of(case_id)))


def save_closing(
    store: Store,
    actor: User,
    case_id: int,
    closed_on: date | None,
    outcome: ClosingOutcome | None,
    at_work_9m: AtWorkNineMonths = AtWorkNineMonths.NOT_KNOWN,
    prevention_action: str = "",
    prevention_theme: str | None = None,
    lessons: Sequence[Lesson] | None = None,
    clock: Clock = datetime.now,
    request: str | None = None,
) -> Closing:
    """Close the case with its outcome; on a closed case, correct its closing.

    `lessons` None keeps the lessons already recorded; a sequence replaces them.
    Nothing is saved when anything is invalid.
    """
    now = clock()
    draft = Closing(
        id=0, case_id=case_id, closed_on=closed_on, outcome=outcome, at_work_9m=at_work_9m,
        prevention_action=prevention_action, prevention_theme=prevention_theme, active=True,
        closed_by=actor.username, closed_at=now, updated_at=now, lessons=tuple(lessons or ()),
    )
    with case_transaction(store, actor, case_id, "closing.save", clock=clock, use=Use.CLOSING_EDITS) as (q, case):
        done, made = repeat_of(q, actor, request, "closing.save")
        if done:  # a double click: the first click closed (or corrected) it
            return next(c for c in _closings(q, case_id) if c.id == made)
        closing = validate_closing(case, draft, now.date())
        current = _current(q, case)
        # The free-text action is stored once, as the record the organisation follows up.
        stored = replace(closing, prevention_action="", prevention_theme=None)
        if current is None:
            closing_id = q.closing.insert_closing(stored, actor.username, now)
            action = "closing.close" if case.phase is not Phase.CLOSED else "closing.record"
        else:
            closing_id = current.id
            q.closing.update_closing(replace(stored, id=closing_id), actor.username, now)
            action = "closing.update"
        prevention.keep_closing_action(
            q, case_id, closing_id, closing.prevention_action, closing.prevention_theme, actor.username, now,
        )
        if lessons is not None:
            q.closing.delete_lessons(closing_id)
            for lesson in closing.lessons:
                q.closing.insert_lesson(closing_id, case_id, lesson, actor.username, now)
        if case.phase is not Phase.CLOSED:
            q.phases.set_case_phase(case_id, Phase.CLOSED, now, kind="closing", by=actor.username)
        # What the case ended in is case content: it stays out of the audit detail.
        q.journal.audit(now, actor.username, case_id, action)
        remember(q, actor, request, "closing.save", case_id, closing_id, now)
        return next(c for c in _closings(q, case_id) if c.id == closing_id)


def _active(q: Queries, case: Case, field: str) -> Closing:
    current = _current(q, case)
    if current is None:
        raise ValidationError("closing.not_closed", field=field)
    return current


def add_lesson(
    store: Store, actor: User, case_id: int, kind: LessonKind, level: LessonLevel, theme: str, text: str,
    clock: Clock = datetime.now, request: str | None = None,
) -> Lesson:
    lesson = validate_lesson(Lesson(kind, level, theme, text))
    with case_transaction(store, actor, case_id, "closing.lesson_add", clock=clock, use=Use.CLOSING_EDITS) as (q, case):
        current = _active(q, case, "lesson_text")
        done, made = repeat_of(q, actor, request, "closing.lesson_add")
        if done:
            return next(each for each in current.lessons if each.id == made)
        if len(current.lessons) >= MAX_LESSONS:
            raise ValidationError("closing.too_many_lessons", field="lesson_text", max=MAX_LESSONS)
        lesson_id = q.closing.insert_lesson(current.id, case_id, lesson, actor.username, clock())
        remember(q, actor, request, "closing.lesson_add", case_id, lesson_id, clock())
        return replace(lesson, id=lesson_id)


def remove_lesson(store: Store, actor: User, case_id: int, lesson_id: int, clock: Clock = datetime.now) -> None:
    with case_transaction(store, actor, case_id, "closing.lesson_remove", f"lesson {lesson_id}", clock, use=Use.CLOSING_EDITS) as (q, case):
        current = _active(q, case, "lessons")
        if not q.closing.delete_lesson(current.id, lesson_id):
            raise NotFound()


def reopen(
    store: Store, actor: User, case_id: int, reason: str, clock: Clock = datetime.now, request: str | None = None
) -> Case:
    """Open again, with a reason, in the phase its facts give; the closing stays on file,
    no longer in force."""
    reason = _text(reason, "reopen_reason", MAX_REASON, required=True, key="closing.reason_required")
    # The reason is case content: it is kept with the case, not in the audit detail.
    with case_transaction(store, actor, case_id, "closing.reopen", clock=clock, use=Use.CLOSING_EDITS) as (q, case):
        if repeat_of(q, actor, request, "closing.reopen")[0]:
            return case
        remember(q, actor, request, "closing.reopen", case_id, case_id, clock())
        if case.phase is not Phase.CLOSED:
            raise ValidationError("closing.not_closed", field="reopen_reason")
        now = clock()
        q.closing.reopen_case(case_id, reason, actor.username, now)
        phase, _, _ = phases.by_facts(q.phases.phase_facts([case_id])[case_id], now.date())
        q.phases.set_case_phase(case_id, phase, now, kind="reopening", by=actor.username, reason=reason)
        return q.cases.case(case_id)
