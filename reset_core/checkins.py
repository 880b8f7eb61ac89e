"""The first weeks back: a short check-in rhythm from the return date until the 3-month
follow-up, and the reboarding checklist in the week before the return.

The first weeks are where returns fail, so the method follows them closely: a check-in
every week for the first 4 to 6 weeks (the facilitator sets how many, or switches the
rhythm off), then every fortnight until the 3-month follow-up. A check-in is a few
questions each party answers on their own, through their personal space, or that the
facilitator records after a call. Each party's answers are their own: the other party
never reads them; the facilitator reads both.

A check-in falls on the return's weekday; one that falls on a weekend or a Belgian public
holiday moves to the next working day (reset_core.return_notice). One still unanswered
MISSED_AFTER_DAYS after its day is an early sign (reset_core.followup.early_signs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import allowed, party_space, phases, validation
from .accounts import Clock
from .allowed import Use
from .dates import add_months
from .errors import Problems, ValidationError
from .model import Case, ContactAgreement, DueItem, Phase, Respondent, ScheduledMoment, User
from .moments import case_schedule
from .return_notice import is_working_day
from .services import case_transaction, log_access, remember, repeat_of, require_facilitator
from .storage import Queries, Store

WEEKLY_MIN, WEEKLY_MAX = 4, 6
DEFAULT_WEEKLY = 4
FORTNIGHT = 14
# A check-in still unanswered this many days after its day reads as missed.
MISSED_AFTER_DAYS = 3
# The reboarding checklist is on the home page from this many days before the return
# until the return day itself (its items are for day one).
REBOARDING_DAYS = 7
MAX_HOURS = 80.0
MAX_TEXT = 2000
RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Rhythm:
    enabled: bool = True
    weekly_weeks: int = DEFAULT_WEEKLY


@dataclass(frozen=True)
class Answer:
    """One party's answer to one check-in."""

    case_id: int
    due_on: date
    respondent: Respondent
    week_rating: int | None
    hours_worked: float | None
    helped: str
    hindered: str
    to_discuss: str
    answered_by: str  # "<party>-space", or the facilitator who recorded it
    answered_at: datetime

    @property
    def by_party(self) -> bool:
        return self.answered_by.endswith(party_space.SPACE_ACTOR)

    def same_words(self, other: Answer) -> bool:
        """The same answer given again (a double click), whoever sent it."""
        fields = ("week_rating", "hours_worked", "helped", "hindered", "to_discuss")
        return all(getattr(self, f) == getattr(other, f) for f in fields)


@dataclass(frozen=True)
class Facts:
    """What the rules need of one case: its rhythm and the answers so far."""

    rhythm: Rhythm
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class CheckIn:
    """One check-in as the facilitator sees it: both parties' answers."""

    due_on: date
    state: str  # done, waiting, missed, planned
    employee: Answer | None
    manager: Answer | None


# --- the rhythm ----------------------------------------------------------------------


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def rhythm_dates(start: date, until: date, weekly_weeks: int) -> list[date]:
    """The check-ins from a return on `start`: weekly for `weekly_weeks` weeks, then every
    fortnight, each moved to a working day, all strictly before `until` (the 3-month
    follow-up, which takes over)."""
    nominal = [start + timedelta(weeks=week) for week in range(1, weekly_weeks + 1)]
    day = start + timedelta(weeks=weekly_weeks, days=FORTNIGHT)
    while day < until:
        nominal.append(day)
        day += timedelta(days=FORTNIGHT)
    return sorted({moved for moved in map(next_working_day, nominal) if moved < until})


def return_day(case: Case) -> date | None:
    return case.actual_return or case.expected_return


def planned(case: Case, rhythm: Rhythm, moments: Sequence[ScheduledMoment]) -> list[date]:
    """The case's check-in days: none when the rhythm is off or the return is not known.
    They run until the 3-month follow-up as the schedule has it (3 months after the return
    when there is no schedule yet)."""
    start = return_day(case)
    if not rhythm.enabled or start is None:
        return []
    m3 = next((m.due_on for m in moments if m.kind == "m3"), None) or add_months(start, 3)
    return rhythm_dates(start, m3, rhythm.weekly_weeks)


def _answered(answers: Sequence[Answer], respondent: Respondent) -> set[date]:
    return {a.due_on for a in answers if a.respondent is respondent}


def current(days: Sequence[date], until: date | None, today: date) -> date | None:
    """The check-in under way: the latest whose day has come, until the next one's day
    (or, for the last, the 3-month follow-up's)."""
    come = [d for d in days if d <= today]
    if not come:
        return None
    later = [d for d in days if d > today]
    end = later[0] if later else until
    return come[-1] if end is None or today < end else None


def _until(case: Case, moments: Sequence[ScheduledMoment]) -> date | None:
    start = return_day(case)
    m3 = next((m.due_on for m in moments if m.kind == "m3"), None)
    return m3 or (add_months(start, 3) if start else None)


def due_items(case: Case, facts: Facts | None, moments: Sequence[ScheduledMoment], today: date) -> list[DueItem]:
    """The check-in under way, while a party's answer is still awaited: `kind` says whose
    (employee, manager or both). Older ones that got no answer are early signs instead."""
    facts = facts or Facts(Rhythm(), ())
    if case.phase is not Phase.FOLLOW_UP:  # back at work (or a follow-up held): before, nothing is due
        return []
    days = planned(case, facts.rhythm, moments)
    day = current(days, _until(case, moments), today)
    if day is None:
        return []
    waiting = [r for r in Respondent if day not in _answered(facts.answers, r)]
    if not waiting:
        return []
    kind = waiting[0].value if len(waiting) == 1 else "both"
    return [DueItem(case.id, case.employee.name, kind, "checkin", day, (today - day).days)]


def missed(case: Case, facts: Facts | None, moments: Sequence[ScheduledMoment], today: date) -> list[tuple[str, date, int]]:
    """Per party, the latest check-in still unanswered MISSED_AFTER_DAYS after its day, as
    (party, its day, days since): only while no later answer of theirs came, and until
    the 3-month follow-up, which then takes over."""
    facts = facts or Facts(Rhythm(), ())
    until = _until(case, moments)
    if case.phase is not Phase.FOLLOW_UP or until is None or today >= until:
        return []
    days = planned(case, facts.rhythm, moments)
    out = []
    for respondent in Respondent:
        answered = _answered(facts.answers, respondent)
        late = [d for d in days if d not in answered and (today - d).days >= MISSED_AFTER_DAYS]
        if late and not any(d > late[-1] for d in answered):
            out.append((respondent.value, late[-1], (today - late[-1]).days))
    return out


# --- reading and writing ---------------------------------------------------------------


def _answer(row: tuple) -> Answer:
    case_id, due_on, respondent, rating, hours, helped, hindered, discuss, by, at = row
    return Answer(case_id, due_on, Respondent(respondent), rating, hours, helped, hindered, discuss, by, at)


def read_facts(q: Queries, case_ids: list[int]) -> dict[int, Facts]:
    """The rhythm and answers of each case, in the caller's transaction (the follow-up's
    due list and early signs read them with the rest of the caseload)."""
    rhythms = q.checkins.rhythms_of_cases(case_ids)
    answers = q.checkins.answers_of_cases(case_ids)
    return {
        case_id: Facts(Rhythm(*rhythms[case_id]) if case_id in rhythms else Rhythm(), tuple(map(_answer, answers.get(case_id, []))))
        for case_id in case_ids
    }


def rhythm(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> Rhythm:
    with case_transaction(store, actor, case_id, "case.view", "check-in rhythm", clock, use=Use.FOLLOW_UP) as (q, _):
        return read_facts(q, [case_id])[case_id].rhythm


def save_rhythm(
    store: Store, actor: User, case_id: int, enabled: bool, weekly_weeks: int, clock: Clock = datetime.now,
) -> Rhythm:
    """The facilitator's rhythm for the case: on or off, and weekly for 4 to 6 weeks."""
    if weekly_weeks is None or not WEEKLY_MIN <= weekly_weeks <= WEEKLY_MAX:
        raise ValidationError("checkins.weeks_range", field="weekly_weeks", low=WEEKLY_MIN, high=WEEKLY_MAX)
    chosen = Rhythm(bool(enabled), int(weekly_weeks))
    detail = f"{'on' if chosen.enabled else 'off'}, {chosen.weekly_weeks} weeks"
    with case_transaction(store, actor, case_id, "checkin.rhythm", detail, clock, use=Use.FOLLOW_UP_EDITS) as (q, _):
        q.checkins.save_rhythm(case_id, chosen.enabled, chosen.weekly_weeks, actor.username, clock())
    return chosen


def case_checkins(store: Store, actor: User, case_id: int, today: date | None = None, clock: Clock = datetime.now) -> list[CheckIn]:
    """Every check-in of the case with both parties' answers: the facilitator's view."""
    today = today or clock().date()
    with case_transaction(store, actor, case_id, "case.view", "check-ins", clock, use=Use.FOLLOW_UP) as (q, case):
        facts = read_facts(q, [case_id])[case_id]
        moments = case_schedule(q, case)
    return _with_states(case, facts, moments, today)


def _with_states(case: Case, facts: Facts, moments: Sequence[ScheduledMoment], today: date) -> list[CheckIn]:
    days = planned(case, facts.rhythm, moments)
    # Answers to a day no longer in the rhythm (it was changed afterwards) stay in view.
    days = sorted(set(days) | {a.due_on for a in facts.answers})
    out = []
    for day in days:
        mine = {a.respondent: a for a in facts.answers if a.due_on == day}
        if len(mine) == len(Respondent):
            state = "done"
        elif day > today:
            state = "planned"
        elif (today - day).days >= MISSED_AFTER_DAYS:
            state = "missed"
        else:
            state = "waiting"
        out.append(CheckIn(day, state, mine.get(Respondent.EMPLOYEE), mine.get(Respondent.MANAGER)))
    return out


def _checked(
    case_id: int, due_on: date, respondent: Respondent, week_rating: int | None, hours_worked: float | None,
    helped: str, hindered: str, to_discuss: str, by: str, now: datetime, problems: Problems,
) -> Answer:
    """The answer with every problem of it kept in `problems`."""
    if week_rating not in RATINGS:
        problems.add("checkins.rating_required", "week_rating")
    if hours_worked is not None and not 0 <= hours_worked <= MAX_HOURS:
        problems.add("checkins.hours_range", "hours_worked", max=int(MAX_HOURS))

    def text(value: str, field: str) -> str:
        return problems.check(validation.text, value, field, MAX_TEXT, "checkins") or ""

    return Answer(
        case_id, due_on, respondent, week_rating, hours_worked,
        text(helped, "helped"), text(hindered, "hindered"), text(to_discuss, "to_discuss"), by, now,
    )


def _store_answer(q: Queries, answer: Answer, facts: Facts) -> bool:
    """Keep the answer; False when this very answer was already kept (a double click).
    Another answer to a check-in the party already answered is refused, never merged."""
    before = next((a for a in facts.answers if a.due_on == answer.due_on and a.respondent is answer.respondent), None)
    if before is not None:
        if before.same_words(answer):
            return False
        raise ValidationError("checkins.already_answered", field="form")
    a = answer
    q.checkins.insert_answer(
        (a.case_id, a.due_on, a.respondent.value, a.week_rating, a.hours_worked, a.helped, a.hindered, a.to_discuss, a.answered_by, a.answered_at)
    )
    return True


def record(
    store: Store, actor: User, case_id: int, due_on: date, respondent: Respondent, week_rating: int | None,
    hours_worked: float | None = None, helped: str = "", hindered: str = "", to_discuss: str = "",
    clock: Clock = datetime.now, request: str | None = None,
) -> Answer:
    """A party's answers as the facilitator heard them (a call, a talk): for a check-in
    whose day has come, on that party's behalf. Every problem at once; nothing half-kept."""
    now = clock()
    problems = Problems()
    respondent = Respondent(respondent)
    answer = _checked(case_id, due_on, respondent, week_rating, hours_worked, helped, hindered, to_discuss, actor.username, now, problems)
    with case_transaction(store, actor, case_id, "checkin.record", f"{due_on.isoformat()} {respondent.value}", clock,
                          use=Use.FOLLOW_UP_EDITS) as (q, case):
        if repeat_of(q, actor, request, "checkin.record")[0]:
            return answer
        facts = read_facts(q, [case_id])[case_id]
        if due_on not in planned(case, facts.rhythm, case_schedule(q, case)) or due_on > now.date():
            problems.add("checkins.not_due", "due_on")
        problems.raise_all()
        _store_answer(q, answer, facts)
        remember(q, actor, request, "checkin.record", case_id, None, now)
    return answer


# --- the party's side ----------------------------------------------------------------


@dataclass(frozen=True)
class PartyCheckIns:
    """What a party's space shows: the check-in under way (when they have not answered
    it yet) and their own answers. Nothing of the other party."""

    open_day: date | None
    own: tuple[Answer, ...]
    next_day: date | None  # the next check-in, to say when it comes
    enabled: bool = True  # the facilitator's rhythm for the case is on


def in_space(store: Store, token: str, clock: Clock = datetime.now) -> PartyCheckIns:
    """Read through the party's link only, their own answers only."""
    today = clock().date()
    with store.read() as q:
        session = party_space.session_of(q, token, clock())
        case = party_space.live_case(q, session.case_id)
        allowed.require(q, case, Use.FOLLOW_UP)
        rhythms = q.checkins.rhythms_of_cases([case.id])
        own = tuple(map(_answer, q.checkins.answers_of_cases([case.id], session.respondent).get(case.id, [])))
        moments = case_schedule(q, case)
    chosen = Rhythm(*rhythms[case.id]) if case.id in rhythms else Rhythm()
    days = planned(case, chosen, moments)
    day = current(days, _until(case, moments), today)
    open_day = day if day is not None and day not in {a.due_on for a in own} else None
    return PartyCheckIns(open_day, own, next((d for d in days if d > today), None), chosen.enabled)


def answer_in_space(
    store: Store, token: str, due_on: date, week_rating: int | None, hours_worked: float | None = None,
    helped: str = "", hindered: str = "", to_discuss: str = "", clock: Clock = datetime.now,
) -> bool:
    """The party answers the check-in under way through their own link. False when the
    same answer had already been kept (a double click); every problem at once."""
    now = clock()
    problems = Problems()
    with party_space.party_transaction(store, token, "checkin.answer", due_on.isoformat(), clock) as (q, session):
        case = party_space.live_case(q, session.case_id)
        allowed.require(q, case, Use.FOLLOW_UP_EDITS)
        answer = _checked(
            case.id, due_on, session.respondent, week_rating, hours_worked, helped, hindered, to_discuss,
            party_space.actor_of(session.respondent), now, problems,
        )
        facts = read_facts(q, [case.id])[case.id]
        moments = case_schedule(q, case)
        if current(planned(case, facts.rhythm, moments), _until(case, moments), now.date()) != due_on:
            raise ValidationError("checkins.closed", field="form")
        problems.raise_all()
        return _store_answer(q, answer, facts)


# --- the reboarding checklist --------------------------------------------------------

CHECKLIST = ("colleagues_informed", "manager_present_day_one", "workplace_ready", "accounts_ready", "first_week_plan")


@dataclass(frozen=True)
class Reboarding:
    """A case whose return is near, with what of its checklist is still open."""

    case_id: int
    employee: str
    return_on: date
    still_open: tuple[str, ...]  # names of CHECKLIST items, in its order


def open_items(agreement: ContactAgreement | None) -> tuple[str, ...]:
    """What is not done yet: an unticked box, an empty first-week plan; everything when
    nothing was agreed yet."""
    if agreement is None:
        return CHECKLIST
    return tuple(item for item in CHECKLIST if not getattr(agreement, item))


def reboarding_due(store: Store, actor: User, today: date | None = None, clock: Clock = datetime.now) -> list[Reboarding]:
    """The actor's open cases whose return comes within REBOARDING_DAYS (the return day
    included), each with its open checklist items, soonest return first."""
    require_facilitator(actor)
    now = clock()
    today = today or now.date()
    out = []
    with store.transaction() as q:
        judged = phases.settle_all(q, q.cases.cases_of(actor.username), now, actor.username, today)
        for case, verdict in judged:
            back = return_day(case)
            if case.phase is Phase.CLOSED or not verdict.consent or back is None or not 0 <= (back - today).days <= REBOARDING_DAYS:
                continue
            out.append(Reboarding(case.id, case.employee.name, back, open_items(q.intake.contact_agreement(case.id))))
            log_access(q, now, actor, case.id, detail="reboarding checklist")
    return sorted(out, key=lambda r: (r.return_on, r.case_id))
