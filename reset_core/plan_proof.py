"""The employee's answer to a Codex plan and its proof (Codex welzijn op het werk, art.
I.4-74, as changed on 1 October 2022).

- The 14 calendar days start the day after the employee RECEIVED the plan: the receipt
  is recorded (with the offer, or later: a registered letter arrives days after).
- No answer by the end of those days: the employer contacts the employee again (the
  date, how, and the date given then are recorded); a second silence after that contact
  counts as a refusal, which the facilitator records once the date given has passed.
- A refusal, by answer or by silence, ends the formal trajectory: `what_follows` says
  what comes next. A new version of the plan is not the answer to it.
- Each copy of an offered plan delivered (to the employee, the occupational physician,
  another) is a record: to whom, when, how.

Only a version offered as the Codex plan (reset_core.legal_track: a formal trajectory
with decision A or B, frozen into the version when offered) has the 14 days and these
rules; a return-to-work agreement has deliveries only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from . import agreement, legal_track, validation
from .accounts import Clock
from .allowed import Use
from .errors import Problems, ValidationError
from .formats import day
from .model import (
    AgreementStatus,
    AgreementVersion,
    AnswerRoute,
    Delivery,
    DeliveryHow,
    Recipient,
    Refusal,
    Signer,
    User,
)
from .services import case_transaction, remember, repeat_of
from .storage import Queries, Store

MAX_NAME = 100


class AnswerState(StrEnum):
    """Where the employee's answer to an offered version stands."""

    NO_WINDOW = "no_window"  # not the Codex plan: no 14 days, no reminder, no silence
    AWAITING_RECEIPT = "awaiting_receipt"  # offered; the day the employee received it is not recorded
    OPEN = "open"  # within the 14 days
    REMINDER_DUE = "reminder_due"  # the 14 days passed in silence: the employer contacts the employee again
    REMINDED = "reminded"  # contacted again; waiting until the date given then
    SILENCE = "silence"  # silent again after that date: record the refusal by silence
    AGREED = "agreed"
    REFUSED = "refused"


# --- pure rules ----------------------------------------------------------------------


def state(version: AgreementVersion, today: date) -> AnswerState:
    if version.refused_at is not None:
        return AnswerState.REFUSED
    if version.signature(Signer.EMPLOYEE) is not None:
        return AnswerState.AGREED
    if not legal_track.offered_as_codex_plan(version) or version.status is not AgreementStatus.OFFERED:
        return AnswerState.NO_WINDOW
    if version.reminded_on is not None and version.reminder_answer_by is not None:
        return AnswerState.SILENCE if today > version.reminder_answer_by else AnswerState.REMINDED
    if version.answer_by is None:
        return AnswerState.AWAITING_RECEIPT
    return AnswerState.REMINDER_DUE if today > version.answer_by else AnswerState.OPEN


def ends_trajectory(version: AgreementVersion) -> bool:
    """A refused Codex plan ends the formal trajectory (by answer or by a second silence)."""
    return version.refused_at is not None and legal_track.offered_as_codex_plan(version)


def what_follows(version: AgreementVersion) -> tuple[str, ...]:
    """The message keys of what follows a refusal of the Codex plan, in order."""
    if not ends_trajectory(version):
        return ()
    physician = any(d.recipient is Recipient.OCCUPATIONAL_PHYSICIAN for d in version.deliveries)
    return (
        "legal_answer.follows_ended",
        "legal_answer.follows_physician_done" if physician else "legal_answer.follows_physician",
        "legal_answer.follows_employer",
        "legal_answer.follows_no_new_version",
    )


def check_reminder(
    version: AgreementVersion, reminded_on: date | None, how: str | None, answer_by: date | None, today: date,
) -> tuple[date, DeliveryHow, date]:
    """The employer's contact after the silence, or every problem with it at once."""
    problems = Problems()
    if reminded_on is None:
        problems.add("legal_answer.reminded_on_required", "reminded_on")
    elif reminded_on > today:
        problems.add("legal_answer.date_in_future", "reminded_on")
    elif version.answer_by is not None and reminded_on <= version.answer_by:
        problems.add("legal_answer.reminder_too_early", "reminded_on", deadline=day(version.answer_by))
    kind = problems.choice(DeliveryHow, how, "legal_answer.how_required", "reminder_how")
    if answer_by is None:
        problems.add("legal_answer.reminder_answer_by_required", "reminder_answer_by")
    elif reminded_on is not None and answer_by <= reminded_on:
        problems.add("legal_answer.reminder_answer_by_order", "reminder_answer_by")
    problems.raise_all()
    assert reminded_on is not None and kind is not None and answer_by is not None  # refused above otherwise
    return reminded_on, kind, answer_by


def check_delivery(
    version: AgreementVersion, recipient: str | None, name: str, delivered_on: date | None, how: str | None, today: date,
) -> tuple[Recipient, str, date, DeliveryHow]:
    """One copy delivered, or every problem with it at once."""
    problems = Problems()
    whom = problems.choice(Recipient, recipient, "legal_answer.recipient_required", "recipient")
    name = problems.check(validation.text, name, "recipient_name", MAX_NAME, "legal_answer") or ""
    if whom is Recipient.OTHER and not name and not problems.has("recipient_name"):
        problems.add("legal_answer.recipient_name_required", "recipient_name")
    if delivered_on is None:
        problems.add("legal_answer.delivered_on_required", "delivered_on")
    elif delivered_on > today:
        problems.add("legal_answer.date_in_future", "delivered_on")
    elif version.offered_on is not None and delivered_on < version.offered_on:
        problems.add("legal_answer.delivered_before_offer", "delivered_on", offered=day(version.offered_on))
    kind = problems.choice(DeliveryHow, how, "legal_answer.how_required", "how")
    problems.raise_all()
    assert whom is not None and delivered_on is not None and kind is not None  # refused above otherwise
    return whom, name if whom is Recipient.OTHER else "", delivered_on, kind


# --- use cases -----------------------------------------------------------------------


def _codex_version(q: Queries, case, actor: User, number: int, field: str) -> AgreementVersion:
    version = agreement.offered_version(q, case, actor, number, field)
    if not legal_track.offered_as_codex_plan(version):
        raise ValidationError("legal_answer.not_codex", field=field)
    return version


def record_receipt(
    store: Store, actor: User, case_id: int, number: int, received_on: date | None, clock: Clock = datetime.now,
) -> AgreementVersion:
    """The day the employee received the offered Codex plan; their 14 days start the next
    day. It can be corrected until they answered or were contacted again."""
    today = clock().date()
    with case_transaction(store, actor, case_id, "plan_proof.receipt", f"version {number}", clock, use=Use.PLAN_EDITS) as (q, case):
        version = _codex_version(q, case, actor, number, "received_on")
        if version.signature(Signer.EMPLOYEE) is not None or version.reminded_on is not None:
            raise ValidationError("legal_answer.receipt_settled", field="received_on")
        received_on = agreement.check_receipt_date(received_on, version.offered_on, today)
        if not q.agreements.set_receipt(version.id, received_on, legal_track.answer_due(received_on)):
            raise ValidationError("agreement.changed_meanwhile", field="received_on")
        return agreement.file_of(q, case, actor).version(number)


def record_reminder(
    store: Store, actor: User, case_id: int, number: int, reminded_on: date | None, how: str | None,
    answer_by: date | None, clock: Clock = datetime.now,
) -> AgreementVersion:
    """The employer contacted the employee again after the 14 days passed in silence:
    when, how, and the date it gave them to answer. Once per version."""
    now = clock()
    with case_transaction(store, actor, case_id, "plan_proof.reminder", f"version {number}", clock, use=Use.PLAN_EDITS) as (q, case):
        version = _codex_version(q, case, actor, number, "reminded_on")
        if state(version, now.date()) is not AnswerState.REMINDER_DUE:
            raise ValidationError(f"legal_answer.reminder_not_now_{state(version, now.date()).value}", field="reminded_on")
        on, kind, by = check_reminder(version, reminded_on, how, answer_by, now.date())
        if not q.agreements.set_reminder(version.id, on, kind.value, by, actor.username, now):
            raise ValidationError("agreement.changed_meanwhile", field="reminded_on")
        return agreement.file_of(q, case, actor).version(number)


def record_silence(store: Store, actor: User, case_id: int, number: int, clock: Clock = datetime.now) -> AgreementVersion:
    """The employee did not answer by the date given at the employer's second contact
    either: that silence counts as a refusal, which locks the version and ends the
    formal trajectory."""
    now = clock()
    with case_transaction(store, actor, case_id, "plan_proof.silence", f"version {number}", clock, use=Use.PLAN_EDITS) as (q, case):
        version = _codex_version(q, case, actor, number, "silence")
        if state(version, now.date()) is not AnswerState.SILENCE:
            raise ValidationError("legal_answer.silence_not_yet", field="silence")
        refusal = Refusal(version.parties.employee.name, AnswerRoute.SILENCE, actor.username)
        if not q.agreements.refuse_agreement(version.id, "", refusal, now):
            raise ValidationError("agreement.changed_meanwhile", field="silence")
        return agreement.file_of(q, case, actor).version(number)


def record_delivery(
    store: Store, actor: User, case_id: int, number: int, recipient: str | None, delivered_on: date | None,
    how: str | None, name: str = "", clock: Clock = datetime.now, request: str | None = None,
) -> AgreementVersion:
    """One copy of an offered (or signed, or refused) version delivered. The same
    `request` again (a double click) records it once."""
    now = clock()
    with case_transaction(store, actor, case_id, "plan_proof.delivery", f"version {number}", clock, use=Use.PLAN_EDITS) as (q, case):
        version = agreement.file_of(q, case, actor).version(number)
        if repeat_of(q, actor, request, "plan_proof.delivery")[0]:
            return version
        if version.status is AgreementStatus.DRAFT:
            raise ValidationError("agreement.not_offered", field="form")
        whom, name, on, kind = check_delivery(version, recipient, name, delivered_on, how, now.date())
        made = q.agreements.add_delivery(version.id, case_id, Delivery(0, whom, name, on, kind, actor.username, now))
        remember(q, actor, request, "plan_proof.delivery", case_id, made, now)
        return agreement.file_of(q, case, actor).version(number)


@dataclass(frozen=True)
class DeliveryLine:
    """A delivery in words, for the page and the PDF."""

    recipient: str
    delivered_on: str
    how: str


def delivery_words(delivery: Delivery, t) -> DeliveryLine:
    whom = t(f"legal_answer.recipient_{delivery.recipient.value}")
    if delivery.recipient is Recipient.OTHER and delivery.recipient_name:
        whom = f"{whom}: {delivery.recipient_name}"
    return DeliveryLine(whom, day(delivery.delivered_on), t(f"legal_answer.how_{delivery.how.value}"))
