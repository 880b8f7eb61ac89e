"""A party's personal space: one page per party (employee, manager) per case, opened by
a personal link.

The link works like a scan link (reset_core.scan): a random token of 192 bits stored
only as its SHA-256, an expiry, revocable, and a new one revokes the one before. A
wrong, expired or revoked token gets one and the same refusal, before anything of a
case (not even a name) is read. A live link opens this party's own things only: their
scan moments' state, the employee's consents (and their withdrawal), the manager's
information notice; never anything of the other party nor of another case.

Everything a party does here goes through `party_transaction`: the link checked anew,
the action and its audit entry (by "<party>-space") in one transaction.
The facilitator can record all of it on the party's behalf at the intake.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import consent_texts, intake, privacy, scan, tokens
from .accounts import Clock
from .errors import ResetError, ValidationError
from .i18n import LANGUAGES
from .model import PROCESSING, Case, MomentKind, Phase, Respondent, User, person_subject
from .services import case_transaction, remember, repeat_of
from .storage import Queries, Store

DEFAULT_VALID_DAYS = 90
MAX_VALID_DAYS = 365


class LinkRefused(ResetError):
    """Wrong, expired or revoked: deliberately one message for all three."""

    def __init__(self) -> None:
        super().__init__("space.refused")



SPACE_ACTOR = "-space"


def actor_of(respondent: Respondent) -> str:
    """Who the audit log and the consent ledger say acted: the party in their own space
    (history.who names them so)."""
    return f"{Respondent(respondent).value}{SPACE_ACTOR}"


# --- the facilitator's side ---------------------------------------------------------


def _valid_days(days: int) -> int:
    if not 1 <= days <= MAX_VALID_DAYS:
        raise ValidationError("space.valid_days_range", field="valid_days", max=MAX_VALID_DAYS)
    return days


def issue_link(
    store: Store, actor: User, case_id: int, respondent: Respondent, language: str = "nl",
    days: int = DEFAULT_VALID_DAYS, clock: Clock = datetime.now, request: str | None = None,
) -> str | None:
    """A new link to the party's space; the one before stops working at once. The token
    is returned once and never stored. `request` sent again (a double click) makes no
    second link and returns None: the first click's link is the one that works."""
    days = _valid_days(days)
    if language not in LANGUAGES:
        raise ValidationError("space.language", field="language")
    respondent = Respondent(respondent)
    with case_transaction(store, actor, case_id, "space.link", respondent.value, clock) as (q, _):
        if repeat_of(q, actor, request, "space.link")[0]:
            return None
        now = clock()
        token = tokens.new()
        q.spaces.revoke_links(case_id, respondent.value, now)
        q.spaces.insert_link(case_id, respondent.value, tokens.digest(token), language, actor.username, now, now + timedelta(days=days))
        remember(q, actor, request, "space.link", case_id, None, now)
        return token


def revoke_link(store: Store, actor: User, case_id: int, respondent: Respondent, clock: Clock = datetime.now) -> None:
    respondent = Respondent(respondent)
    with case_transaction(store, actor, case_id, "space.revoke", respondent.value, clock) as (q, _):
        q.spaces.revoke_links(case_id, respondent.value, clock())


@dataclass(frozen=True)
class MomentState:
    """One scan moment as it stands for one party."""

    moment_id: int
    kind: MomentKind
    planned_on: date
    link_open: bool  # a live scan link waits for their answers
    submitted_at: datetime | None


@dataclass(frozen=True)
class PartyState:
    """What the facilitator sees of one party's space."""

    respondent: Respondent
    link: str  # none, live, expired, revoked
    sent_at: datetime | None
    expires_at: datetime | None
    opened_at: datetime | None
    last_opened_at: datetime | None
    scans: tuple[MomentState, ...]
    consents: tuple[tuple[str, bool], ...]  # the employee's: (subject, holds now); none for the manager


def _link_state(links, respondent: Respondent, now: datetime):
    mine = [link for link in links if link.respondent is respondent]
    if not mine:
        return "none", None
    latest = mine[-1]
    if latest.revoked_at is not None:
        return "revoked", latest
    return ("expired" if latest.expires_at <= now else "live"), latest


def _moment_states(q: Queries, case_id: int, now: datetime) -> dict[Respondent, tuple[MomentState, ...]]:
    """Each party's scan moments: open for them (a live link, nothing sent yet) or sent;
    the case's moments, links and answers read once for both parties."""
    moments, links, responses = q.scans.moments_of(case_id), q.scans.links_of_case(case_id), q.scans.responses_of_case(case_id)
    states: dict[Respondent, tuple[MomentState, ...]] = {}
    for respondent in Respondent:
        sent = {r.moment_id: r.submitted_at for r in responses if r.respondent is respondent}
        mine = []
        for moment in moments:
            live = any(
                link.moment_id == moment.id and link.respondent is respondent and link.revoked_at is None and link.expires_at > now
                for link in links
            )
            mine.append(MomentState(moment.id, moment.kind, moment.planned_on, live and sent.get(moment.id) is None, sent.get(moment.id)))
        states[respondent] = tuple(mine)
    return states


def _consents(q: Queries, case_id: int) -> tuple[tuple[str, bool], ...]:
    latest: dict[str, bool] = {}
    for entry in q.intake.consent_ledger(case_id):
        latest[entry.subject] = entry.given
    return tuple(latest.items())


def overview(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> list[PartyState]:
    """Per party: their link (sent, opened, last opened), their scans, the employee's consents."""
    now = clock()
    with case_transaction(store, actor, case_id, "case.view", "space", clock) as (q, _):
        links = q.spaces.links_of_case(case_id)
        scans = _moment_states(q, case_id, now)
        out = []
        for respondent in Respondent:
            state, link = _link_state(links, respondent, now)
            out.append(PartyState(
                respondent, state, link.created_at if link else None, link.expires_at if link else None,
                link.opened_at if link else None, link.last_opened_at if link else None,
                scans[respondent],
                _consents(q, case_id) if respondent is Respondent.EMPLOYEE else (),
            ))
        return out


# --- the party's side: everything goes through the token ----------------------------


def party_languages(q: Queries, case_id: int) -> dict[Respondent, str]:
    """Each party's language as the facilitator last chose it for their links (space or
    scan, the newer counts); a party without a link yet has none here."""
    links = [(link.respondent, link.created_at, link.language) for link in q.spaces.links_of_case(case_id)]
    links += [(link.respondent, link.created_at, link.language) for link in q.scans.links_of_case(case_id)]
    latest: dict[Respondent, tuple[datetime, str]] = {}
    for respondent, created_at, language in links:
        if respondent not in latest or created_at >= latest[respondent][0]:
            latest[respondent] = (created_at, language)
    return {respondent: language for respondent, (_, language) in latest.items()}


@dataclass(frozen=True)
class PartySession:
    """What a link opens: one party of one case, by their own name; nothing of the other."""

    link_id: int
    case_id: int
    respondent: Respondent
    language: str
    name: str


def live_case(q: Queries, case_id: int) -> Case:
    """The case a link holds; refused like a bad link once it is erased (its links went
    with it, but a half case is never shown)."""
    case = q.cases.case(case_id)
    if case is None:
        raise LinkRefused()
    return case


def session_of(q: Queries, token: str, now: datetime) -> PartySession:
    link = q.spaces.link_by_hash(tokens.digest(token))
    if link is None or link.revoked_at is not None or link.expires_at <= now:
        raise LinkRefused()
    case = live_case(q, link.case_id)
    party = case.details.employee if link.respondent is Respondent.EMPLOYEE else case.details.manager
    return PartySession(link.id, link.case_id, link.respondent, link.language, party.name)


@contextmanager
def party_transaction(
    store: Store, token: str, action: str, detail: str = "", clock: Clock = datetime.now,
) -> Iterator[tuple[Queries, PartySession]]:
    """One action of a party through their link: the link checked, the action and its
    audit entry in one transaction (nothing written when the action raises). For every
    use case a party carries out in their space."""
    now = clock()
    with store.transaction() as q:
        session = session_of(q, token, now)
        yield q, session
        q.journal.audit(now, actor_of(session.respondent), session.case_id, action, detail)


def open_space(store: Store, token: str, clock: Clock = datetime.now) -> PartySession:
    """The party's session on a first visit in a browser session: logged, and their link
    marked opened. Every later click of that visit uses `resume`."""
    with party_transaction(store, token, "space.open", clock=clock) as (q, session):
        q.spaces.mark_opened(session.link_id, clock())
    return session


def resume(store: Store, token: str, clock: Clock = datetime.now) -> PartySession:
    """The session again, on every click after `open_space`: checked anew, logged once."""
    with store.read() as q:
        return session_of(q, token, clock())


def scan_door(store: Store, token: str, moment_id: int, clock: Clock = datetime.now) -> str:
    """The questionnaire of a moment open for this party, reached from their space, so
    that one link is all a party needs: a scan link of its own beside the one the
    facilitator sent (scan.side_link), returned once to go to at once."""
    now = clock()
    with party_transaction(store, token, "space.scan_open", str(moment_id), clock) as (q, session):
        sent = [
            link for link in q.scans.links_of_case(session.case_id)
            if link.moment_id == moment_id and link.respondent is session.respondent and link.revoked_at is None and link.expires_at > now
        ]
        if not sent or scan.response_of(q, session.case_id, moment_id, session.respondent).submitted:
            raise ValidationError("space.scan_not_open", field="scan")
        return scan.side_link(q, sent[-1], now)


@dataclass(frozen=True)
class ConsentView:
    """One of the employee's consents as they agreed to it: the words and their version."""

    subject: str
    given: bool  # holds now
    since: date  # the date of its latest entry
    text_version: int | None
    text: str
    by_link: bool  # its latest entry was made by the employee in their space


@dataclass(frozen=True)
class SpaceView:
    session: PartySession
    phase: Phase
    sections: tuple[str, ...]  # which parts the page shows, in order
    scans: tuple[MomentState, ...]
    consents: tuple[ConsentView, ...]  # the employee's only
    retention_years: int


SCAN, CONSENTS, NOTICE, PLAN, CHECKINS = "scan", "consents", "notice", "plan", "checkins"
# The plan is there once there can be one to answer: from the joint dialogue on.
PLAN_PHASES = frozenset({Phase.JOINT_DIALOGUE, Phase.RETURN, Phase.FOLLOW_UP, Phase.CLOSED})


def sections(respondent: Respondent, phase: Phase) -> tuple[str, ...]:
    """The parts of the space, by party and phase."""
    own = CONSENTS if respondent is Respondent.EMPLOYEE else NOTICE
    # Back at work, the week's check-in (reset_core.checkins) is what the page is for: first.
    parts = [CHECKINS] if phase is Phase.FOLLOW_UP else []
    parts += [SCAN] if phase is not Phase.CLOSED else []
    if phase in PLAN_PHASES:
        parts.append(PLAN)
    return (*parts, own)


def _consent_views(q: Queries, case_id: int, lang: str) -> tuple[ConsentView, ...]:
    people = {person_subject(p.id): p for p in q.intake.people_of(case_id)}
    ledger = q.intake.consent_ledger(case_id)
    subjects = [PROCESSING] + [s for s in people if any(e.subject == s for e in ledger)]
    views = []
    for subject in subjects:
        entries = [e for e in ledger if e.subject == subject]
        if not entries:
            continue
        latest = entries[-1]
        given = [e for e in entries if e.given]
        version = given[-1].text_version if given else latest.text_version
        views.append(ConsentView(
            subject, latest.given, latest.on_date, version,
            consent_texts.text(subject, version, lang, people.get(subject)), latest.recorded_by.endswith(SPACE_ACTOR),
        ))
    return tuple(views)


def space(store: Store, token: str, lang: str, clock: Clock = datetime.now) -> SpaceView:
    """What the party's page shows, read through their link only."""
    now = clock()
    with store.read() as q:
        session = session_of(q, token, now)
        case = live_case(q, session.case_id)
        scans = _moment_states(q, session.case_id, now)[session.respondent]
        consents = _consent_views(q, session.case_id, lang) if session.respondent is Respondent.EMPLOYEE else ()
    return SpaceView(session, case.phase, sections(session.respondent, case.phase), scans, consents, privacy.retention_years(store))


def withdraw_consent(store: Store, token: str, subject: str, clock: Clock = datetime.now) -> None:
    """The employee withdraws one consent with one click, dated today; honoured at once
    wherever the consent is read (the same ledger as the intake's). A consent already
    withdrawn (a second click, another tab) stays as it is."""
    now = clock()
    with store.read() as q:
        session = session_of(q, token, now)
        entries = [e for e in q.intake.consent_ledger(session.case_id) if e.subject == subject]
    if session.respondent is Respondent.EMPLOYEE and entries and not entries[-1].given:
        return  # nothing to do, so nothing logged either
    with party_transaction(store, token, "consent.withdraw", subject, clock) as (q, session):
        if session.respondent is not Respondent.EMPLOYEE:
            raise ValidationError("space.not_yours", field="consent")
        intake.add_to_ledger(q, session.case_id, subject, False, now.date(), "", actor_of(session.respondent), now)
