"""The parties answer the offered plan themselves.

A link forwarded to someone else must not be enough to sign a re-integration plan. So
an answer through a party's own space (reset_core.party_space) counts only with the
short hand-over code of that party for that version: made when the version is offered
(or when the facilitator asks for a new one), shown to the facilitator once, handed
over apart (in person or by phone), stored only as a salted hash. A few wrong codes lock
it; the facilitator makes a new one. A wrong or missing code stores nothing of the
answer, and the party reads every problem of the form at once.

- On a Codex plan the employee agrees, or refuses with reasons, within the 14 calendar
  days from the day after receipt (`answer_by`), or by the date the employer gave when it
  contacted them again after a silence (reset_core.plan_proof); after that the page says
  so and the facilitator takes it up (the paper route stays open to them). With the answer the employee may write their own view
  ("zienswijze van de werknemer"): stored with the version, printed in its own section of
  the plan, and nobody else can write or change it.
- The manager (the employer's signatory) confirms.
- Each answer records the name typed, the time and the link it came through.

Without links the facilitator records a party's paper signature or paper refusal
(reset_core.agreement.sign / refuse, with the paper's date). Both routes end the same way:
with the employee's and the manager's confirmations the version is signed and locked (the
facilitator's is a witness's and does not count), a refusal locks it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from . import agreement, allowed, party_space
from .accounts import Clock
from .agreement_rules import MAX_NAME, MAX_TEXT, checked_text
from .allowed import Use
from .errors import Problems, ValidationError
from .formats import day
from .model import AgreementStatus, AgreementVersion, AnswerRoute, Case, Refusal, Signature, Signer, User
from .services import case_transaction, remember, repeat_of
from .storage import Queries, Store

if TYPE_CHECKING:  # party_space reaches this module through the export's documents
    from .party_space import PartySession

# Read aloud over the phone without confusion: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
MAX_WRONG = 5  # wrong codes before the code locks; the facilitator makes a new one
ITERATIONS = 60_000
PARTIES = (Signer.EMPLOYEE, Signer.MANAGER)


def _hash(code: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", code.encode(), bytes.fromhex(salt), ITERATIONS).hex()
    return f"{salt}${digest}"


def _matches(code: str, stored: str) -> bool:
    salt, _ = stored.split("$", 1)
    return hmac.compare_digest(_hash(code, salt), stored)


def normal(code: str | None) -> str:
    """The code as typed, without spaces or dashes, in capitals."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def shown(code: str) -> str:
    """A code in two groups of three, easier to read aloud."""
    return f"{code[:3]}-{code[3:]}"


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


@dataclass(frozen=True)
class CodeState:
    """One party's hand-over code for one version, as the facilitator sees it (never the code)."""

    signer: Signer
    made_by: str
    made_at: datetime
    wrong_tries: int
    used_at: datetime | None

    @property
    def locked(self) -> bool:
        return self.wrong_tries >= MAX_WRONG


def _codes(q: Queries, case_id: int) -> dict[tuple[int, Signer], tuple[str, CodeState]]:
    return {
        (r[0], Signer(r[1])): (r[2], CodeState(Signer(r[1]), r[3], r[4], r[5], r[6]))
        for r in q.agreements.codes_of(case_id)
    }


def _make_codes(q: Queries, case_id: int, version: AgreementVersion, signers, by: str, now: datetime) -> dict[Signer, str]:
    made = {}
    for signer in signers:
        code = _new_code()
        q.agreements.replace_code(version.id, case_id, signer.value, _hash(code), by, now)
        made[signer] = shown(code)
    return made


# --- the facilitator's side ---------------------------------------------------------


def offer(
    store: Store, actor: User, case_id: int, number: int, offered_on: date, expected_revision: int,
    clock: Clock = datetime.now, received_on: date | None = None,
) -> tuple[AgreementVersion, dict[Signer, str]]:
    """`agreement.offer`, with a hand-over code per party made in the same transaction.
    The codes are returned once and never stored."""
    agreement.check_offer_date(offered_on, clock().date(), received_on)
    with case_transaction(store, actor, case_id, "agreement.offer", f"version {number}", clock, use=Use.PLAN_EDITS) as (q, case):
        now = clock()
        case = agreement.offer_step(q, case, actor, number, offered_on, expected_revision, now, received_on)
        version = agreement.file_of(q, case, actor).version(number)
        return version, _make_codes(q, case_id, version, PARTIES, actor.username, now)


def new_code(
    store: Store, actor: User, case_id: int, number: int, signer: Signer, clock: Clock = datetime.now,
    request: str | None = None,
) -> str | None:
    """A new code for one party of an offered version; the earlier one stops working (a
    lost, locked or possibly overheard code). Returned once; None for a repeat of the same
    `request` (a double click), whose code the first click already returned."""
    signer = Signer(signer)
    if signer not in PARTIES:
        raise ValidationError("plan_answer.no_code_for_facilitator", field="form")
    with case_transaction(store, actor, case_id, "plan_answer.new_code", f"version {number} {signer.value}", clock, use=Use.PLAN_EDITS) as (q, case):
        if repeat_of(q, actor, request, "plan_answer.new_code")[0]:
            return None
        version = agreement.offered_version(q, case, actor, number, "form")
        if version.signature(signer) or (signer is Signer.EMPLOYEE and version.refused_at):
            raise ValidationError("plan_answer.party_answered", field="form")
        now = clock()
        remember(q, actor, request, "plan_answer.new_code", case_id, version.id, now)
        return _make_codes(q, case_id, version, (signer,), actor.username, now)[signer]


def code_states(store: Store, actor: User, case_id: int, number: int, clock: Clock = datetime.now) -> dict[Signer, CodeState]:
    """Per party: the state of their code for version `number` (made, tries, used, locked)."""
    with case_transaction(store, actor, case_id, "case.view", "plan answer codes", clock, use=Use.PLAN) as (q, case):
        version = agreement.file_of(q, case, actor).version(number)
        return {signer: state for (version_id, signer), (_, state) in _codes(q, case_id).items() if version_id == version.id}


# --- the party's side: everything goes through their space's token ---------------------


def _signer(session: PartySession) -> Signer:
    return Signer(session.respondent.value)


def _link(session: PartySession) -> str:
    return f"space link #{session.link_id}"


@dataclass(frozen=True)
class PartyPlan:
    """What a party's space shows of the plan: the newest version handed over (never a draft)."""

    case_id: int
    signer: Signer
    name: str  # the party's name on the case, offered as the name to sign with
    version: AgreementVersion | None
    previous: AgreementVersion | None  # the version before it, for what changed
    newer_in_the_making: bool  # a new version is being prepared after this one
    answered: bool  # this party's answer is on file (by link or on paper)
    too_late: bool  # the employee's 14 days passed without an answer

    @property
    def can_answer(self) -> bool:
        return self.version is not None and self.version.status is AgreementStatus.OFFERED and not self.answered \
            and not self.too_late


def _answered(version: AgreementVersion, signer: Signer) -> bool:
    return version.signature(signer) is not None or (signer is Signer.EMPLOYEE and version.refused_at is not None)


def last_answer_day(version: AgreementVersion) -> date | None:
    """The employee's last day to answer: the date given at the employer's contact after a
    silence, else the end of the 14 days (a Codex plan's only: None otherwise)."""
    return version.reminder_answer_by or version.answer_by


def _too_late(version: AgreementVersion, signer: Signer, today: date) -> bool:
    last = last_answer_day(version)
    return signer is Signer.EMPLOYEE and last is not None and today > last


def _require_open(q: Queries, case: Case, use: Use) -> None:
    # A party reads the neutral words of a link (not whose decision stopped it).
    permission = allowed.of(q, case)
    refusal = permission.refusal(use)
    if refusal is not None:
        raise permission.refusal(Use.SCAN_LINK) or refusal


def _plan_for(q: Queries, session: PartySession, now: datetime) -> PartyPlan:
    _require_open(q, party_space.live_case(q, session.case_id), Use.PLAN)
    signer = _signer(session)
    versions = [v for v in q.agreements.agreements_of(session.case_id) if v.status is not AgreementStatus.SUPERSEDED]
    handed = [v for v in versions if v.status is not AgreementStatus.DRAFT]
    if not handed:
        return PartyPlan(session.case_id, signer, session.name, None, None, False, False, False)
    version = handed[-1]
    answered = _answered(version, signer)
    too_late = version.status is AgreementStatus.OFFERED and not answered and _too_late(version, signer, now.date())
    previous = handed[-2] if len(handed) > 1 else None
    return PartyPlan(
        session.case_id, signer, session.name, version, previous, versions[-1].status is AgreementStatus.DRAFT,
        answered, too_late,
    )


def party_plan(store: Store, token: str, clock: Clock = datetime.now) -> PartyPlan:
    """The plan as the party's space shows it, read through their link only (the space
    logs its opening; reading again is not logged on every click)."""
    session = party_space.resume(store, token, clock)
    with store.read() as q:
        return _plan_for(q, session, clock())


def party_copy(store: Store, token: str, clock: Clock = datetime.now) -> PartyPlan:
    """`party_plan` for a copy the party takes away (their PDF): logged."""
    with party_space.party_transaction(store, token, "plan_answer.pdf", clock=clock) as (q, session):
        return _plan_for(q, session, clock())


def answer(
    store: Store, token: str, number: int, code: str | None, *, agree: bool | None, name: str,
    reasons: str = "", view: str = "", clock: Clock = datetime.now,
) -> AgreementVersion:
    """The party's answer to version `number`: the employee agrees or refuses with reasons
    (and may add their view); the manager confirms (`agree` True). It counts only with the
    party's right code; otherwise nothing of it is stored and every problem is raised at
    once (a wrong code is counted towards the lock, and logged)."""
    problems = Problems()
    name = problems.check(checked_text, name, "name", MAX_NAME, required=True)
    reasons = problems.check(checked_text, reasons, "reasons", MAX_TEXT)
    view = problems.check(checked_text, view, "view", MAX_TEXT)
    typed = normal(code)
    if not typed:
        problems.add("plan_answer.code_required", field="code")
    now = clock()
    outcome = ""
    with party_space.party_transaction(store, token, "plan_answer.answer", f"version {number}", clock) as (q, session):
        signer = _signer(session)
        if signer is Signer.EMPLOYEE:
            if agree is None:
                problems.add("plan_answer.choose", field="choice")
            elif agree is False and reasons == "":
                problems.add("agreement.refusal_reasons_required", field="reasons")
        else:
            reasons = view = ""  # the manager confirms; the employee's view is the employee's
            if agree is not True:
                problems.add("plan_answer.tick_to_confirm", field="choice")
        case = party_space.live_case(q, session.case_id)
        _require_open(q, case, Use.PLAN_EDITS)
        version = next((v for v in q.agreements.agreements_of(session.case_id) if v.number == number), None)
        if version is None or version.status is not AgreementStatus.OFFERED:
            raise ValidationError("plan_answer.not_open", field="form")
        if _answered(version, signer):
            raise ValidationError("plan_answer.already_answered", field="form")
        if _too_late(version, signer, now.date()):
            raise ValidationError("plan_answer.too_late", field="form", deadline=day(last_answer_day(version)))
        stored = _codes(q, session.case_id).get((version.id, signer))
        if stored is None:
            problems.add("plan_answer.no_code", field="code")
        elif stored[1].locked:
            problems.add("plan_answer.code_locked", field="code")
        elif typed and not _matches(typed, stored[0]):
            tries = q.agreements.code_tried_wrong(version.id, signer.value)
            outcome = f"wrong code, try {tries}"
            if tries >= MAX_WRONG:
                problems.add("plan_answer.code_locked", field="code")
            else:
                problems.add("plan_answer.code_wrong", field="code", left=MAX_WRONG - tries)
        if not problems.errors:
            outcome = _record(q, case, version, session, agree, name, reasons, view, now)
        q.journal.audit(now, party_space.actor_of(session.respondent), session.case_id, "plan_answer.outcome",
                        f"version {number}: {outcome or 'not counted'}")
    problems.raise_all()  # after the transaction: a wrong try is counted, nothing of the answer is kept
    with store.read() as q:
        return next(v for v in q.agreements.agreements_of(session.case_id) if v.number == number)


def _record(
    q: Queries, case: Case, version: AgreementVersion, session: PartySession, agree: bool | None, name: str,
    reasons: str, view: str, now: datetime,
) -> str:
    signer, by = _signer(session), party_space.actor_of(session.respondent)
    q.agreements.code_used(version.id, signer.value, now)
    if view:
        q.agreements.set_employee_view(version.id, view, now)
    if agree:
        agreement.add_signature(q, case, version, Signature(signer, name, now, by, AnswerRoute.LINK, None, _link(session)), by, now)
        return "agreed" if signer is Signer.EMPLOYEE else "confirmed"
    if not q.agreements.refuse_agreement(version.id, reasons, Refusal(name, AnswerRoute.LINK, by, None, _link(session)), now):
        raise ValidationError("agreement.changed_meanwhile", field="form")
    return "refused"
