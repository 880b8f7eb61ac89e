"""Access to cases: every use case on a case goes through `case_transaction`, which
checks the role and the ownership before anything is read or written, and leaves an
audit entry (who, what, when). A refused attempt is logged too.

A screen that reads a case several times in one run (the follow-up page reads it nine
times) opens a `page_visit` around the run: its reads are logged as one entry per case,
naming everything read, written in one transaction when the run ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime

from . import allowed as rule
from . import phases
from .accounts import Clock, acting, require_admin
from .allowed import Use
from .errors import NotFound, PermissionDenied, Unavailable
from .model import AuditEntry, Case, CaseSummary, Phase, Role, User
from .storage import Queries, Store

NEXT_STEP = {
    Phase.INTAKE: "next_step.intake",
    Phase.PREPARATION: "next_step.preparation",
    Phase.JOINT_DIALOGUE: "next_step.joint_dialogue",
    Phase.RETURN: "next_step.return",
    Phase.FOLLOW_UP: "next_step.follow_up",
    Phase.CLOSED: "next_step.closed",
}


ANONYMOUS = "anonymous"  # the actor of an audit entry nobody logged in caused


VIEW = "case.view"


@dataclass
class _Visit:
    actor: str
    reads: dict[int, tuple[datetime, list[str]]] = field(default_factory=dict)  # case -> first read, what was read

    def read(self, case_id: int, detail: str, at: datetime) -> None:
        _, details = self.reads.setdefault(case_id, (at, []))
        if detail not in details:
            details.append(detail)


_visit: ContextVar[_Visit | None] = ContextVar("reset_page_visit", default=None)


@contextmanager
def page_visit(store: Store, actor: User | None) -> Iterator[None]:
    """One run of a screen by `actor`: each case it reads (`case.view`) is logged once,
    when the run ends, however it ends (a page switch and a stop end a run by raising).
    Writes and refusals are still logged as they happen, in their own transaction.

    Why: every committed transaction on the encrypted file costs a few milliseconds, and
    a page that read a case nine times paid nine of them and filled the history with nine
    identical views. One entry per case per run is still one entry per access."""
    if actor is None:
        yield
        return
    visit = _Visit(actor.username)
    token = _visit.set(visit)
    try:
        yield
    finally:
        _visit.reset(token)
        if visit.reads:
            with store.transaction() as q:
                for case_id, (at, details) in visit.reads.items():
                    q.journal.audit(at, visit.actor, case_id, VIEW, ", ".join(d for d in details if d))


def log_access(q: Queries, at: datetime, actor: User, case_id: int, action: str = VIEW, detail: str = "") -> None:
    """The audit entry of an access to a case, in the transaction `q` of that access;
    a read during a `page_visit` joins the visit's one entry for the case."""
    visit = _visit.get()
    if action == VIEW and visit is not None and visit.actor == actor.username:
        visit.read(case_id, detail, at)
    else:
        q.journal.audit(at, actor.username, case_id, action, detail)


def require_facilitator(actor: User) -> None:
    # Admins manage accounts; case contents are for the facilitator who runs the case.
    if actor.role is not Role.FACILITATOR or not acting(actor):
        raise PermissionDenied()


def _refuse(
    store: Store, actor: User, case_id: int, action: str, clock: Clock, exists: bool = True,
    refusal: Exception | None = None,
) -> None:
    with store.transaction() as q:
        if exists:
            q.journal.audit(clock(), actor.username, case_id, "case.denied", action)
        else:  # not in the history of a case that may get this number later
            q.journal.audit(clock(), actor.username, None, "case.denied", f"{action} on #{case_id}, which does not exist")
    raise refusal or PermissionDenied()


@contextmanager
def case_transaction(
    store: Store, actor: User, case_id: int, action: str, detail: str = "", clock: Clock = datetime.now,
    *, admin_too: bool = False, use: Use | None = None,
) -> Iterator[tuple[Queries, Case]]:
    """One transaction on a case the actor may use; the audit entry commits with it.
    A refused attempt is logged in a transaction of its own, then raised.

    `admin_too`: an administrator may act as well. Only for the organisation's duties
    towards the employee (handing over the export, erasure), never for showing contents.
    `use`: what the use case does with the case; refused (`Unavailable`, nothing written)
    when the case's consent or phase does not allow it now (reset_core.allowed). A use
    case that can judge only after reading (a signed plan) calls `allowed.require` inside."""
    as_admin = admin_too and actor.role is Role.ADMIN
    if as_admin:
        require_admin(actor)
    else:
        require_facilitator(actor)
    try:
        with store.transaction() as q:
            case = q.cases.case(case_id)
            # A case that does not exist is refused like another facilitator's, so that
            # case numbers cannot be probed; an administrator, who sees every number in
            # the register anyway, is told it does not exist.
            allowed = case is not None and (as_admin or case.facilitator == actor.username)
            if allowed:
                # Time moves phases too (the return date reached): every read settles the case first.
                case = phases.settle(q, case, clock(), actor.username)
                if use is not None:
                    rule.require(q, case, use)
                yield q, case
                log_access(q, clock(), actor, case_id, action, detail)
    except Unavailable as refusal:  # rolled back: what the case does not allow leaves nothing behind
        _refuse(store, actor, case_id, f"{action}: {refusal.key}", clock, refusal=refusal)
    if not allowed:
        _refuse(
            store, actor, case_id, action, clock, exists=case is not None,
            refusal=NotFound() if as_admin and case is None else None,
        )


def repeat_of(q: Queries, actor: User, request: str | None, action: str) -> tuple[bool, int | None]:
    """Whether this request (the token of the form it came from) was already carried
    out, and the id of what it made: a double click or a rerun sends it twice."""
    if not request:
        return False, None
    return q.journal.request_done(request, action, actor.username)


def remember(
    q: Queries, actor: User, request: str | None, action: str, case_id: int | None, made_id: int | None, now: datetime
) -> None:
    """Record a carried-out request in the same transaction as what it made."""
    if request:
        q.journal.insert_request(request, action, actor.username, case_id, made_id, now)


def log_document_fetch(store: Store, username: str | None, case_id: int | None, served: bool, clock: Clock = datetime.now) -> None:
    """A case document asked for by its web address: who asked (nobody logged in, or a
    login other than the one it was made for, is "anonymous") and whether it was handed out."""
    if case_id is None:
        return  # not a case's document: nothing of a case was read or refused
    with store.transaction() as q:
        action = "case.document_fetched" if served else "case.document_refused"
        q.journal.audit(clock(), username or ANONYMOUS, case_id, action)


def next_step(case: Case) -> str:
    return NEXT_STEP[case.phase]


def list_cases(store: Store, actor: User, today: date | None = None, clock: Clock = datetime.now) -> list[CaseSummary]:
    """The actor's cases, each settled first (its return date may have come)."""
    require_facilitator(actor)
    now = clock()
    today = today or now.date()
    with store.transaction() as q:
        judged = phases.settle_all(q, q.cases.cases_of(actor.username), now, actor.username, today)
        # The list carries the employees' and managers' names: say whose were read.
        numbers = ", ".join(f"#{c.id}" for c, _ in judged)
        q.journal.audit(now, actor.username, None, "case.list", f"names of {len(judged)} cases read: {numbers}")
    return [CaseSummary(c, verdict.next_step, c.days_since_sick_leave(today)) for c, verdict in judged]


def get_case(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> Case:
    with case_transaction(store, actor, case_id, VIEW, clock=clock) as (_, case):
        return case


def allowance(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> rule.Allowance:
    """What the case allows now (reset_core.allowed), for a screen to leave out what it
    may not offer and say why; each use case asks the same rule again when it runs."""
    with case_transaction(store, actor, case_id, "case.view", "allowed", clock) as (q, case):
        return rule.of(q, case)


def phase_changes(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> list[tuple[Phase, datetime]]:
    """When the case entered each phase after the intake, oldest first (the whole story,
    with reasons and who corrected, is `phases.explain`)."""
    with case_transaction(store, actor, case_id, "case.view", "phases", clock) as (q, _):
        return q.phases.phase_changes_of(case_id)


def case_history(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> list[AuditEntry]:
    with case_transaction(store, actor, case_id, "case.history", clock=clock) as (q, _):
        return q.journal.audit_of_case(case_id)
