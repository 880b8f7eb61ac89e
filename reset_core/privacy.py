"""The organisation's data-protection duties on one case: the employee's right of
access (the whole case, exported) and the right to erasure (the whole case, gone)."""

from __future__ import annotations

import json
from datetime import date, datetime

from .accounts import Clock
from .errors import PermissionDenied, ValidationError
from .model import Role, User
from .services import case_transaction
from .store import Store


def export_case(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> bytes:
    """Everything recorded on the case, as JSON: what the employee may ask to see."""
    with case_transaction(store, actor, case_id, "case.export", clock=clock) as (q, _):
        data = q.case_export(case_id)
    document = {"exported_at": clock().isoformat(timespec="seconds"), "case_id": case_id, "tables": data}
    return json.dumps(document, ensure_ascii=False, indent=2, default=_plain).encode("utf-8")


def _plain(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def erase_case(store: Store, actor: User, case_id: int, confirmation: str, clock: Clock = datetime.now) -> int:
    """Erase the whole case. `confirmation` must repeat the case number, against slips."""
    if confirmation.strip().lstrip("#") != str(case_id):
        raise ValidationError("privacy.confirm_erase", field="confirmation", id=case_id)
    with case_transaction(store, actor, case_id, "case.erase", clock=clock) as (q, _):
        return q.erase_case(case_id)


DEFAULT_RETENTION_YEARS = 5
MIN_RETENTION_YEARS = 1
MAX_RETENTION_YEARS = 30


def _require_admin(actor: User) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDenied()


def retention_years(store: Store) -> int:
    with store.read() as q:
        return int(q.meta("retention_years") or DEFAULT_RETENTION_YEARS)


def set_retention_years(store: Store, actor: User, years: int, clock: Clock = datetime.now) -> None:
    _require_admin(actor)
    if not MIN_RETENTION_YEARS <= int(years) <= MAX_RETENTION_YEARS:
        raise ValidationError("privacy.retention_range", field="retention_years", min=MIN_RETENTION_YEARS, max=MAX_RETENTION_YEARS)
    with store.transaction() as q:
        q.set_meta("retention_years", str(int(years)))
        q.audit(clock(), actor.username, None, "retention.set", str(int(years)))


def retention_due(store: Store, actor: User, today: date | None = None, clock: Clock = datetime.now) -> list[tuple[int, date]]:
    """Closed cases past the retention period: case number and closing date only, no contents."""
    _require_admin(actor)
    today = today or clock().date()
    years = retention_years(store)
    cutoff = today.replace(year=today.year - years) if not (today.month == 2 and today.day == 29) else date(today.year - years, 2, 28)
    with store.read() as q:
        return q.closed_before(cutoff)


def apply_retention(store: Store, actor: User, today: date | None = None, clock: Clock = datetime.now) -> int:
    """Erase every closed case past the retention period; returns how many."""
    due = retention_due(store, actor, today, clock)
    for case_id, _ in due:
        with store.transaction() as q:
            q.erase_case(case_id)
            q.audit(clock(), actor.username, case_id, "case.erase", "retention")
    return len(due)
