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
to write them without names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from . import phases, validation
from .accounts import Clock
from .dates import add_months
from .cards import load_card_set
from .errors import NotFound, ValidationError
from .model import (
    PROCESSING,
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
    consent_state,
)
from .services import case_transaction
from .store import Queries, Store

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


def require_open(case: Case, field: str = "form") -> None:
    """Refuse work that needs an open case (a follow-up, a re-scan) on a closed one."""
    if case.phase is Phase.CLOSED:
        raise ValidationError("closing.case_closed", field=field)


def nine_months_after(day: date) -> date:
    return add_months(day, NINE_MONTHS)


def _themes() -> set[str]:
    return {theme.id for theme in load_card_set().themes}


def _text(value: str | None, field: str, limit: int, required: bool = False, key: str = "") -> str:
    return validation.text(value, field, limit, "closing", required, key)


def validate_lesson(lesson: Lesson, field: str = "lesson") -> Lesson:
    try:
        kind, level = LessonKind(lesson.kind), LessonLevel(lesson.level)
    except ValueError:
        raise ValidationError("closing.unknown_level", field=f"{field}_level") from None
    if lesson.theme not in _themes():
        raise ValidationError("closing.unknown_theme", field=f"{field}_theme")
    text = _text(lesson.text, f"{field}_text", MAX_LESSON, required=True, key="closing.lesson_required")
    return Lesson(kind, level, lesson.theme, text, lesson.id)


def validate_closing(case: Case, closing: Closing, today: date) -> Closing:
    """The closing, trimmed; or the first problem, tied to its form field."""
    if closing.outcome is None:
        raise ValidationError("closing.outcome_required", field="outcome")
    try:
        outcome = ClosingOutcome(closing.outcome)
        at_work = AtWorkNineMonths(closing.at_work_9m or AtWorkNineMonths.NOT_KNOWN)
    except ValueError:
        raise ValidationError("closing.outcome_required", field="outcome") from None
    closed_on = closing.closed_on
    if closed_on is None:
        raise ValidationError("closing.date_required", field="closed_on")
    if closed_on > today:
        raise ValidationError("closing.date_in_future", field="closed_on")
    if case.sick_leave_start and closed_on < case.sick_leave_start:
        raise ValidationError("closing.date_before_sick_leave", field="closed_on", date=f"{case.sick_leave_start:%d/%m/%Y}")
    if case.actual_return and closed_on < case.actual_return:
        raise ValidationError("closing.date_before_return", field="closed_on", date=f"{case.actual_return:%d/%m/%Y}")
    if at_work is AtWorkNineMonths.YES:
        # Still at work at 9 months can only be known once 9 months have passed.
        if case.actual_return is None:
            raise ValidationError("closing.nine_months_no_return", field="at_work_9m")
        if nine_months_after(case.actual_return) > today:
            raise ValidationError(
                "closing.nine_months_too_early", field="at_work_9m",
                date=f"{nine_months_after(case.actual_return):%d/%m/%Y}",
            )
    action = _text(closing.prevention_action, "prevention_action", MAX_PREVENTION)
    theme = closing.prevention_theme or None
    if theme is not None and theme not in _themes():
        raise ValidationError("closing.unknown_theme", field="prevention_theme")
    if action and theme is None:
        raise ValidationError("closing.prevention_theme_required", field="prevention_theme")
    if len(closing.lessons) > MAX_LESSONS:
        raise ValidationError("closing.too_many_lessons", field="lessons", max=MAX_LESSONS)
    lessons = tuple(validate_lesson(lesson, f"lesson_{n}") for n, lesson in enumerate(closing.lessons, 1))
    return replace(
        closing, outcome=outcome, at_work_9m=at_work, prevention_action=action,
        prevention_theme=theme if action else None, lessons=lessons,
    )


def _require_consent(q: Queries, case_id: int) -> None:
    if not consent_state(q.consent_ledger(case_id), PROCESSING):
        raise ValidationError("closing.no_basic_consent", field="form")


def _current(q: Queries, case: Case) -> Closing | None:
    if case.phase is not Phase.CLOSED:
        return None
    active = [c for c in q.closings_of(case.id) if c.active]
    return active[-1] if active else None


def load(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> ClosingFile:
    with case_transaction(store, actor, case_id, "case.view", "closing", clock) as (q, case):
        history = q.closings_of(case_id)
        return ClosingFile(case, _current(q, case), tuple(history), tuple(q.reopenings_of(case_id)))


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
    with case_transaction(store, actor, case_id, "closing.save", clock=clock) as (q, case):
        closing = validate_closing(case, draft, now.date())
        _require_consent(q, case_id)
        current = _current(q, case)
        if current is None:
            closing_id = q.insert_closing(closing, actor.username, now)
            action = "closing.close" if case.phase is not Phase.CLOSED else "closing.record"
        else:
            closing_id = current.id
            q.update_closing(replace(closing, id=closing_id), actor.username, now)
            action = "closing.update"
        if lessons is not None:
            q.delete_lessons(closing_id)
            for lesson in closing.lessons:
                q.insert_lesson(closing_id, case_id, lesson, actor.username, now)
        if case.phase is not Phase.CLOSED:
            q.set_case_phase(case_id, Phase.CLOSED, now, kind="closing", by=actor.username)
        # What the case ended in is case content: it stays out of the audit detail.
        q.audit(now, actor.username, case_id, action)
        return next(c for c in q.closings_of(case_id) if c.id == closing_id)


def _active(q: Queries, case: Case, field: str) -> Closing:
    current = _current(q, case)
    if current is None:
        raise ValidationError("closing.not_closed", field=field)
    return current


def add_lesson(
    store: Store, actor: User, case_id: int, kind: LessonKind, level: LessonLevel, theme: str, text: str,
    clock: Clock = datetime.now,
) -> Lesson:
    lesson = validate_lesson(Lesson(kind, level, theme, text))
    with case_transaction(store, actor, case_id, "closing.lesson_add", clock=clock) as (q, case):
        current = _active(q, case, "lesson_text")
        if len(current.lessons) >= MAX_LESSONS:
            raise ValidationError("closing.too_many_lessons", field="lesson_text", max=MAX_LESSONS)
        lesson_id = q.insert_lesson(current.id, case_id, lesson, actor.username, clock())
        return replace(lesson, id=lesson_id)


def remove_lesson(store: Store, actor: User, case_id: int, lesson_id: int, clock: Clock = datetime.now) -> None:
    with case_transaction(store, actor, case_id, "closing.lesson_remove", f"lesson {lesson_id}", clock) as (q, case):
        current = _active(q, case, "lessons")
        if not q.delete_lesson(current.id, lesson_id):
            raise NotFound()


def reopen(store: Store, actor: User, case_id: int, reason: str, clock: Clock = datetime.now) -> Case:
    """Open again, with a reason, in the phase its facts give; the closing stays on file,
    no longer in force."""
    reason = _text(reason, "reopen_reason", MAX_REASON, required=True, key="closing.reason_required")
    # The reason is case content: it is kept with the case, not in the audit detail.
    with case_transaction(store, actor, case_id, "closing.reopen", clock=clock) as (q, case):
        if case.phase is not Phase.CLOSED:
            raise ValidationError("closing.not_closed", field="reopen_reason")
        _require_consent(q, case_id)
        now = clock()
        q.reopen_case(case_id, reason, actor.username, now)
        phase, _, _ = phases.by_facts(q.phase_facts([case_id])[case_id], now.date())
        q.set_case_phase(case_id, phase, now, kind="reopening", by=actor.username, reason=reason)
        return q.case(case_id)
