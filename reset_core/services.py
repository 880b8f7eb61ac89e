"""Use cases on cases. Each takes the acting user, checks role and ownership before
it reads or writes, and leaves an audit entry (who, what, when)."""

from __future__ import annotations

from datetime import date, datetime

from .accounts import Clock
from .errors import NotFound, PermissionDenied, ValidationError
from .model import AuditEntry, Case, CaseSummary, Party, PartyRole, Phase, Role, User
from .store import Store

MAX_NAME_LENGTH = 100
MAX_SHORT_TEXT_LENGTH = 200

NEXT_STEP = {
    Phase.INTAKE: "next_step.intake",
    Phase.PREPARATION: "next_step.preparation",
    Phase.JOINT_DIALOGUE: "next_step.joint_dialogue",
    Phase.RETURN: "next_step.return",
    Phase.FOLLOW_UP: "next_step.follow_up",
    Phase.CLOSED: "next_step.closed",
}


def _require_facilitator(actor: User) -> None:
    # Admins manage accounts; case contents are for the facilitator who runs the case.
    if actor.role is not Role.FACILITATOR or not actor.active:
        raise PermissionDenied()


def _owned_case(store: Store, actor: User, case_id: int, action: str, clock: Clock) -> Case:
    """The case, if the actor may see it; a refused attempt is logged too."""
    _require_facilitator(actor)
    with store.transaction() as q:
        case = q.case(case_id)
        if case is None:
            raise NotFound()
        allowed = case.facilitator == actor.username
        q.audit(clock(), actor.username, case_id, action if allowed else "case.denied", action)
    if not allowed:
        raise PermissionDenied()
    return case


def next_step(case: Case) -> str:
    return NEXT_STEP[case.phase]


def list_cases(store: Store, actor: User, today: date | None = None, clock: Clock = datetime.now) -> list[CaseSummary]:
    _require_facilitator(actor)
    today = today or clock().date()
    with store.transaction() as q:
        cases = q.cases_of(actor.username)
        q.audit(clock(), actor.username, None, "case.list", f"{len(cases)} cases")
    return [CaseSummary(c, next_step(c), c.days_since_sick_leave(today)) for c in cases]


def get_case(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> Case:
    return _owned_case(store, actor, case_id, "case.view", clock)


def _check_party(party: Party, field: str) -> Party:
    name = party.name.strip()
    if not name:
        raise ValidationError("case.name_empty", field=f"{field}_name")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError("case.name_too_long", field=f"{field}_name", max=MAX_NAME_LENGTH)
    for attr in ("job_title", "department"):
        if len(getattr(party, attr)) > MAX_SHORT_TEXT_LENGTH:
            raise ValidationError("case.text_too_long", field=f"{field}_{attr}", max=MAX_SHORT_TEXT_LENGTH)
    return Party(party.role, name, party.job_title.strip(), party.department.strip())


def open_case(
    store: Store,
    actor: User,
    employee: Party,
    manager: Party,
    sick_leave_start: date | None,
    phase: Phase = Phase.INTAKE,
    clock: Clock = datetime.now,
) -> Case:
    _require_facilitator(actor)
    employee = _check_party(Party(PartyRole.EMPLOYEE, employee.name, employee.job_title, employee.department), "employee")
    manager = _check_party(Party(PartyRole.MANAGER, manager.name, manager.job_title, manager.department), "manager")
    now = clock()
    if sick_leave_start is not None and sick_leave_start > now.date():
        raise ValidationError("case.sick_leave_in_future", field="sick_leave_start")
    with store.transaction() as q:
        case_id = q.insert_case(actor.username, phase, sick_leave_start, now)
        q.upsert_party(case_id, employee)
        q.upsert_party(case_id, manager)
        q.audit(now, actor.username, case_id, "case.open")
        return q.case(case_id)


def set_phase(store: Store, actor: User, case_id: int, phase: Phase, clock: Clock = datetime.now) -> Case:
    _owned_case(store, actor, case_id, "case.view", clock)
    with store.transaction() as q:
        q.set_case_phase(case_id, phase, clock())
        q.audit(clock(), actor.username, case_id, "case.phase", phase.value)
        return q.case(case_id)


def case_history(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> list[AuditEntry]:
    _owned_case(store, actor, case_id, "case.history", clock)
    with store.read() as q:
        return q.audit_of_case(case_id)


