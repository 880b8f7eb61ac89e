"""Phases that follow from facts.

A case's phase is not set by hand: it follows from what happened on the case, by
these rules (the highest one that holds wins):

- intake: the employee's basic consent to the processing is not given (never, or
  withdrawn);
- preparation: the basic consent is given;
- joint_dialogue (ready for the joint dialogue): a card conversation was held with
  the employee and one with the manager, or both submitted a T0 scan of one moment;
- return: a version of the plan was offered for signing (or signed);
- follow_up: the return date is reached (the actual return, or else the expected
  one), or a follow-up conversation was held;
- closed: only through closing (reset_core.closing), and only reopening moves a
  closed case again; the facts never close or reopen a case.

Withdrawing the basic consent takes the case back to intake, with the withdrawal as
its reason and its own next step ("nothing more is processed"). The method rests on
the employee's voluntary participation and the GDPR ends processing on consent at
the withdrawal: a case without it must not look like one that runs on. Nothing is
deleted by it (the employee may ask for erasure; see reset_core.privacy), sharing
already stops everywhere (conversations.shared_insights), and due items and early
signs leave the case alone. Recording the consent again brings the case back to the
phase its facts give.

When it moves: every use case that changes a fact (consent, a conversation, a scan
submitted through a link, an offered or signed plan, a follow-up, the case's dates)
judges the case by all its facts in its own transaction (`apply_to`, one query with
`= ?` filters), and stores the phase in force and the correction that still holds.
Between two such writes only time can move a case: the return date reached. So a read
of a case (services.case_transaction) or of a caseload (the case list, due items,
early signs, the learning view) needs no facts at all: `settled` applies the same
rules to the stored phase and the case's own dates (case row columns only), and moves
the case to follow-up when its return date has come; no nightly job is needed. The
full judgement on every read cost a query over seven tables per read (the case list
of 100 cases took 8 times as long on the 5,000-case bench database); judged at write
time, a read costs what it did before phases followed from facts. A database that
gets these rules (migration 011) has every case judged once by its facts when it is
opened (`judge_everything`).

Corrections: the facilitator can set another phase with a reason (for instance a
conversation held outside the app). The correction is kept with who, when and why
in the phase history, and the case remembers which phase the facts gave at that
moment. The correction holds as long as the facts give that same phase; as soon as
they give another one (a newer fact, or the return date reached), the facts take
over again and the correction is lifted. So a correction is never overruled by the
facts it already knew, and never blocks a fact that moves the case on. A correction
cannot close a case and cannot move it past intake without the basic consent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from . import services, validation
from .accounts import Clock
from .errors import ValidationError
from .i18n import translate
from .model import Case, Phase, PhaseChange, PhaseFacts, User
from .storage import Queries, Store

ORDER = tuple(Phase)  # the journey's order: intake ... closed
MAX_REASON = 500


def rank(phase: Phase) -> int:
    return ORDER.index(phase)


@dataclass(frozen=True)
class Reason:
    """A fact in words: a message key and its values (dates are shown as 27/11/2026)."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str) -> str:
        return translate(self.key, lang, **{k: _shown(v) for k, v in self.values})


def _reason(key: str, **values: object) -> Reason:
    return Reason(key, tuple(values.items()))


def _shown(value: object) -> object:
    return f"{value:%d/%m/%Y}" if isinstance(value, date) else value


@dataclass(frozen=True)
class Verdict:
    """Where a case stands and why."""

    phase: Phase  # the phase in force
    facts_phase: Phase  # the phase the facts alone give
    reasons: tuple[Reason, ...]  # the facts that put the case in `facts_phase`
    waiting: Reason | None  # what would move it on
    consent: bool  # the basic consent holds
    corrected: bool = False  # `phase` is a facilitator's correction that still holds

    @property
    def consent_withdrawn(self) -> bool:
        return not self.consent and any(r.key == "phases.why.consent_withdrawn" for r in self.reasons)

    @property
    def next_step(self) -> str:
        """A message key for the case list."""
        if self.consent_withdrawn:
            return "next_step.consent_withdrawn"
        return f"next_step.{self.phase.value}"


# --- the pure rules ----------------------------------------------------------------------


def by_facts(facts: PhaseFacts, today: date) -> tuple[Phase, tuple[Reason, ...], Reason | None]:
    """The phase the facts give on `today`, the facts that give it, and what is awaited."""
    f = facts
    if not f.consent_given:
        if f.consent_given is False:
            return Phase.INTAKE, (_reason("phases.why.consent_withdrawn", date=f.consent_on),), _reason("phases.waiting.consent_again")
        return Phase.INTAKE, (_reason("phases.why.no_consent"),), _reason("phases.waiting.consent")

    phase, why = Phase.PREPARATION, [_reason("phases.why.consent", date=f.consent_on)]
    ready = []
    if f.employee_talk_on and f.manager_talk_on:
        ready.append(_reason("phases.why.conversations", employee=f.employee_talk_on, manager=f.manager_talk_on))
    if f.t0_both_on:
        ready.append(_reason("phases.why.t0_both", date=f.t0_both_on))
    if ready:
        phase, why = Phase.JOINT_DIALOGUE, ready
    if f.plan_signed:
        phase, why = Phase.RETURN, [_reason("phases.why.plan_signed", number=f.plan_signed, date=f.plan_signed_on)]
    elif f.plan_offered:
        phase, why = Phase.RETURN, [_reason("phases.why.plan_offered", number=f.plan_offered, date=f.plan_offered_on)]
    returned = []
    if f.actual_return and f.actual_return <= today:
        returned.append(_reason("phases.why.returned", date=f.actual_return))
    elif f.expected_return and f.expected_return <= today:
        returned.append(_reason("phases.why.return_date_reached", date=f.expected_return))
    if f.followup_on:
        returned.append(_reason("phases.why.followup_held", date=f.followup_on))
    if returned:
        phase, why = Phase.FOLLOW_UP, returned
    return phase, tuple(why), _waiting(phase, f)


def _waiting(phase: Phase, f: PhaseFacts) -> Reason | None:
    if phase is Phase.PREPARATION:
        if f.employee_talk_on and not f.manager_talk_on:
            return _reason("phases.waiting.manager_talk")
        if f.manager_talk_on and not f.employee_talk_on:
            return _reason("phases.waiting.employee_talk")
        return _reason("phases.waiting.preparation")
    if phase is Phase.JOINT_DIALOGUE:
        return _reason("phases.waiting.plan")
    if phase is Phase.RETURN:
        day = f.actual_return or f.expected_return
        return _reason("phases.waiting.return_on", date=day) if day else _reason("phases.waiting.return_date")
    return _reason("phases.waiting.closing")


def judge(facts: PhaseFacts, stored: Phase, today: date) -> Verdict:
    """The phase in force: closed stays closed; a correction holds while the facts give
    the phase they gave when it was made; otherwise the facts decide."""
    consent = bool(facts.consent_given)
    if stored is Phase.CLOSED:
        why = (_reason("phases.why.closed", date=facts.closed_on),) if facts.closed_on else ()
        return Verdict(Phase.CLOSED, Phase.CLOSED, why, None, consent)
    phase, why, waiting = by_facts(facts, today)
    if facts.corrected_over is phase and stored is not phase:
        return Verdict(stored, phase, why, waiting, consent, corrected=True)
    return Verdict(phase, phase, why, waiting, consent)


def check_correction(verdict: Verdict, target: Phase, reason: str) -> str:
    """The trimmed reason, or the first reason to refuse the correction."""
    if verdict.phase is Phase.CLOSED:
        raise ValidationError("closing.case_closed", field="phase")
    if target is Phase.CLOSED:
        raise ValidationError("closing.close_through_closing", field="phase")
    if target is not Phase.INTAKE and not verdict.consent:
        raise ValidationError("intake.no_basic_consent", field="phase")
    if target is verdict.phase:
        raise ValidationError("phases.already_there", field="phase")
    return validation.text(reason, "phase_reason", MAX_REASON, "phases", required=True, required_key="phases.reason_required")


def settled(stored: Phase, corrected_over: Phase | None, actual_return: date | None,
            expected_return: date | None, today: date) -> tuple[Phase, Phase | None]:
    """The phase in force on `today` and the correction that still holds, of a case
    judged by its facts at its last write: `judge` with only the time moved on.

    The stored state tells what the facts gave: a phase past intake, or a correction
    to intake, means the basic consent holds; intake without a correction means it
    does not, and then the return date moves nothing."""
    consent = stored not in (Phase.INTAKE, Phase.CLOSED) or (stored is Phase.INTAKE and corrected_over is not None)
    reached = any(day is not None and day <= today for day in (actual_return, expected_return))
    if not consent or not reached:
        return stored, corrected_over
    if corrected_over is Phase.FOLLOW_UP and stored is not Phase.FOLLOW_UP:
        return stored, corrected_over  # corrected knowing the return date: it holds
    return Phase.FOLLOW_UP, None


@dataclass(frozen=True)
class Standing:
    """Where a case stands on a list: what a read needs, without the reasons."""

    phase: Phase
    consent: bool  # the basic consent holds (not told of a closed case)
    consent_withdrawn: bool = False

    @property
    def next_step(self) -> str:
        """A message key for the case list."""
        if self.consent_withdrawn:
            return "next_step.consent_withdrawn"
        return f"next_step.{self.phase.value}"


# --- applying them inside a transaction -----------------------------------------------------


def _settle(q: Queries, case: Case, now: datetime, actor: str, today: date) -> Case:
    phase, over = settled(case.phase, case.corrected_over, case.actual_return, case.expected_return, today)
    if phase is not case.phase:
        q.phases.set_case_phase(case.id, phase, now)
        q.journal.audit(now, actor, case.id, "case.phase", phase.value)
    elif over is None and case.corrected_over is not None:
        q.phases.lift_correction(case.id)
    return replace(case, phase=phase, corrected_over=over) if (phase, over) != (case.phase, case.corrected_over) else case


def settle(q: Queries, case: Case, now: datetime, actor: str) -> Case:
    """The case on a read: moved on if its return date has come since its last write."""
    return _settle(q, case, now, actor, now.date())


def settle_all(
    q: Queries, cases: Sequence[Case], now: datetime, actor: str, today: date | None = None,
) -> list[tuple[Case, Standing]]:
    """The cases of a list, each settled; only for cases in intake is the consent
    ledger read (one query), to tell a withdrawn consent from one never given."""
    today = today or now.date()
    cases = [_settle(q, c, now, actor, today) for c in cases]
    withdrawn = q.phases.withdrawn_consents([c.id for c in cases if c.phase is Phase.INTAKE and c.corrected_over is None])
    judged = []
    for case in cases:
        consent = case.phase not in (Phase.INTAKE, Phase.CLOSED) or case.corrected_over is not None
        judged.append((case, Standing(case.phase, consent, case.id in withdrawn)))
    return judged




def apply_all(
    q: Queries, cases: Sequence[Case], now: datetime, actor: str, today: date | None = None,
) -> list[tuple[Case, Verdict]]:
    """Judge the cases from one query and move those whose phase changed; each move
    is a line in the phase history and an audit entry of whoever's action (or read)
    brought it about."""
    today = today or now.date()
    facts = q.phases.phase_facts([c.id for c in cases])
    judged = []
    for case in cases:
        f = facts.get(case.id) or PhaseFacts(case.id)
        verdict = judge(f, case.phase, today)
        if verdict.phase is not case.phase:
            q.phases.set_case_phase(case.id, verdict.phase, now)
            q.journal.audit(now, actor, case.id, "case.phase", verdict.phase.value)
            case = replace(case, phase=verdict.phase)
        elif f.corrected_over is not None and not verdict.corrected:
            q.phases.lift_correction(case.id)
        judged.append((case, verdict))
    return judged


def apply(q: Queries, case: Case, now: datetime, actor: str) -> Case:
    """The case after its facts have spoken: call it at the end of a use case that changed one."""
    return apply_all(q, [case], now, actor)[0][0]


def apply_to(q: Queries, case_id: int, now: datetime, actor: str) -> Case:
    return apply(q, q.cases.case(case_id), now, actor)


def judge_everything(store: Store, now: datetime, actor: str = "system") -> None:
    """Every case judged by its facts: once, when a database gets these rules."""
    with store.transaction() as q:
        apply_all(q, q.cases.all_cases(), now, actor)


# --- the use cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseFile:
    """What the facilitator sees of a case's phase: where it stands, why, and its history."""

    case: Case
    verdict: Verdict
    history: tuple[PhaseChange, ...]


def explain(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> PhaseFile:
    with services.case_transaction(store, actor, case_id, "case.view", "phase", clock) as (q, case):
        verdict = judge(q.phases.phase_facts([case_id])[case_id], case.phase, clock().date())
        return PhaseFile(case, verdict, tuple(q.phases.phase_history_of(case_id)))


def correct(store: Store, actor: User, case_id: int, phase: Phase, reason: str, clock: Clock = datetime.now) -> PhaseFile:
    """Set another phase than the facts give, with a reason; it holds until the facts change."""
    target = Phase(phase)
    with services.case_transaction(store, actor, case_id, "case.phase_correct", target.value, clock) as (q, case):
        now = clock()
        verdict = judge(q.phases.phase_facts([case_id])[case_id], case.phase, now.date())
        reason = check_correction(verdict, target, reason)
        # Back to what the facts give is no correction any more: the facts decide again.
        over = None if target is verdict.facts_phase else verdict.facts_phase
        q.phases.set_case_phase(case_id, target, now, kind="correction", by=actor.username, reason=reason, corrected_over=over)
        case = q.cases.case(case_id)
        return PhaseFile(case, judge(q.phases.phase_facts([case_id])[case_id], case.phase, now.date()), tuple(q.phases.phase_history_of(case_id)))
