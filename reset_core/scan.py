"""Scan moments and their personal links.

The facilitator starts a moment and gets one link per respondent. A link is a
random token of 192 bits, stored only as its SHA-256; it opens one respondent's
answers at one moment and nothing else, until it expires, is revoked or the answers
are submitted. A wrong, expired or revoked token gets one and the same refusal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from . import allowed, phases, tokens, validation
from .accounts import Clock
from .allowed import Use
from .errors import Problems, ResetError, ValidationError
from .i18n import DEFAULT_LANGUAGE, LANGUAGES
from .instrument import AFTER, BEFORE, ScanInstrument, available_versions, load_instrument
from .model import (
    Flag,
    LinkState,
    LinkStatus,
    MomentKind,
    MomentOverview,
    Release,
    Respondent,
    RespondentSession,
    ScanLink,
    ScanMoment,
    ScanResponse,
    User,
    VersionMove,
)
from .scoring import MirrorRow, ThemeComparison, ThemeScore, compare, item_mirror, missing_items, theme_scores
from .services import case_transaction, remember, repeat_of
from .storage import Queries, Store

# The scan version a new case starts on. A case keeps the version it started with (its
# first moment's) unless its facilitator moves it on (`move_to_version`): scores compare
# only within one version, so a case's moments stay comparable with each other.
CURRENT_VERSION = 2
DEFAULT_VALID_DAYS = 14
MAX_VALID_DAYS = 90
MAX_OPEN_ANSWER = 2000
MAX_REASON = 500


class LinkRefused(ResetError):
    """Wrong, expired or revoked: deliberately one message for all three."""

    def __init__(self) -> None:
        super().__init__("scan_link.refused")



def bad_token_delay(failures: int) -> float:
    """Seconds to wait before answering a session's next guess: free twice, then growing."""
    # The exponent is capped first: 2.0 ** 1024 overflows, and a page must not crash on guess 1026.
    return 0.0 if failures < 2 else min(2.0 ** min(failures - 2, 3), 8.0)


def _valid_days(days: int) -> int:
    if not 1 <= days <= MAX_VALID_DAYS:
        raise ValidationError("scan.valid_days_range", field="valid_days", max=MAX_VALID_DAYS)
    return days


def _new_link(q: Queries, moment: ScanMoment, respondent: Respondent, language: str, days: int, now: datetime) -> str:
    token = tokens.new()
    q.scans.revoke_links(moment.id, respondent.value, now)
    q.scans.insert_link(moment.id, moment.case_id, respondent.value, tokens.digest(token), language, now, now + timedelta(days=days))
    q.scans.ensure_response(moment.id, respondent.value, moment.instrument_version)
    return token


def side_link(q: Queries, sent: ScanLink, now: datetime) -> str:
    """A second door to the questionnaire the sent link opens (the party's personal space
    opens one): the same moment, party and language, ending when the sent link ends. The
    sent link keeps working; revoking or reissuing the party's link closes both."""
    token = tokens.new()
    q.scans.insert_link(sent.moment_id, sent.case_id, sent.respondent.value, tokens.digest(token), sent.language, now, sent.expires_at)
    return token


def create_moment(
    store: Store,
    actor: User,
    case_id: int,
    kind: MomentKind,
    planned_on: date,
    languages: dict[Respondent, str] | None = None,
    valid_days: int = DEFAULT_VALID_DAYS,
    clock: Clock = datetime.now,
    reason: str = "",
    request: str | None = None,
) -> tuple[ScanMoment, dict[Respondent, str]]:
    """A new moment with a fresh link per respondent. The tokens are returned once and never stored.

    A new T0 while a submitted T0 exists needs a `reason`, kept with the moment.
    `request` sent again (a double click) returns the moment the first one made, without
    links: those were handed out once, by the first."""
    problems = Problems()
    valid_days = problems.check(_valid_days, valid_days)
    if planned_on is None:
        problems.add("scan.planned_required", "planned_on")
    languages = {r: (languages or {}).get(r, "nl") for r in Respondent}
    if any(lang not in LANGUAGES for lang in languages.values()):
        problems.add("scan.language", "language")
    reason = problems.check(validation.text, reason, "reason", MAX_REASON, "scan")
    now = clock()
    with case_transaction(store, actor, case_id, "scan.moment", MomentKind(kind).value, clock, use=Use.SCAN_MOMENTS) as (q, _):
        done, made = repeat_of(q, actor, request, "scan.moment")
        if done:
            return moment_of(q, case_id, made), {}
        if MomentKind(kind) is MomentKind.T0 and not reason and _t0_submitted(q, case_id):
            problems.add("scan.t0_again_reason", "reason")
        problems.raise_all()
        moment_id = q.scans.insert_moment(case_id, MomentKind(kind).value, planned_on, version_in(q, case_id), actor.username, now, reason)
        moment = moment_of(q, case_id, moment_id)
        tokens = {r: _new_link(q, moment, r, languages[r], valid_days, now) for r in Respondent}
        remember(q, actor, request, "scan.moment", case_id, moment_id, now)
    return moment, tokens


def version_in(q: Queries, case_id: int) -> int:
    """The scan version the case's next moment takes: the latest move's, else the version
    of its first moment, else (a case without moments yet) the current one."""
    moves = q.scans.version_moves_of(case_id)
    if moves:
        return moves[-1].to_version
    moments = q.scans.moments_of(case_id)
    return min(moments, key=lambda m: m.id).instrument_version if moments else CURRENT_VERSION


@dataclass(frozen=True)
class CaseVersion:
    """The case's scan version, what it could move on to, and its moves so far."""

    version: int
    newer: tuple[int, ...]  # versions it can be moved on to; empty when it is on the newest
    moves: tuple[VersionMove, ...]


def case_version(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> CaseVersion:
    with case_transaction(store, actor, case_id, "case.view", "scan version", clock) as (q, _):
        version = version_in(q, case_id)
        moves = tuple(q.scans.version_moves_of(case_id))
    return CaseVersion(version, tuple(v for v in available_versions() if v > version), moves)


def move_to_version(
    store: Store, actor: User, case_id: int, version: int, reason: str, clock: Clock = datetime.now,
    request: str | None = None,
) -> CaseVersion:
    """The case's next moments take `version`, a newer one than it has; the reason is kept
    with the move and the move is in the case's history. Moments already made keep theirs:
    their answers stay readable and comparable among themselves. `request` sent again (a
    double click) changes nothing and is not refused."""
    problems = Problems()
    reason = problems.check(validation.text, reason, "reason", MAX_REASON, "scan_versions", required=True)
    now = clock()
    with case_transaction(store, actor, case_id, "scan.version", f"version {version}", clock, use=Use.SCAN_MOMENTS) as (q, _):
        done, _made = repeat_of(q, actor, request, "scan.version")
        if done:
            moves = tuple(q.scans.version_moves_of(case_id))
            current = version_in(q, case_id)
            return CaseVersion(current, tuple(v for v in available_versions() if v > current), moves)
        current = version_in(q, case_id)
        if version not in available_versions() or version <= current:
            problems.add("scan_versions.not_newer", "version")
        problems.raise_all()
        q.scans.insert_version_move(case_id, current, version, reason, actor.username, now)
        remember(q, actor, request, "scan.version", case_id, version, now)
        moves = tuple(q.scans.version_moves_of(case_id))
    return CaseVersion(version, tuple(v for v in available_versions() if v > version), moves)


def framing_of(kind: MomentKind) -> str:
    """Which work a moment's statements are about (instrument.framing): the T0 scan is
    taken before the return, about the work as it was and what the person expects; every
    other moment after it, about the work now."""
    return BEFORE if MomentKind(kind) is MomentKind.T0 else AFTER


def _t0_submitted(q: Queries, case_id: int) -> bool:
    t0 = {m.id for m in q.scans.moments_of(case_id) if m.kind is MomentKind.T0}
    return any(r.submitted for r in q.scans.responses_of_case(case_id) if r.moment_id in t0)


def _answered(q: Queries, case_id: int, moment_id: int) -> bool:
    return any(
        r.answers or r.submitted or any(r.open_answers.values()) or r.continuum
        for r in q.scans.responses_of_case(case_id) if r.moment_id == moment_id
    )


def withdraw_moment(store: Store, actor: User, case_id: int, moment_id: int, clock: Clock = datetime.now) -> None:
    """Take back a moment nobody answered yet: it and its links are gone at once (a
    link then gets the refusal every unknown link gets). Answers are never thrown away."""
    with case_transaction(store, actor, case_id, "scan.withdraw", str(moment_id), clock) as (q, _):
        moment_of(q, case_id, moment_id)
        if _answered(q, case_id, moment_id):
            raise ValidationError("scan.withdraw_answered", field="moment")
        q.scans.delete_moment(moment_id)


def moment_of(q: Queries, case_id: int, moment_id: int) -> ScanMoment:
    for moment in q.scans.moments_of(case_id):
        if moment.id == moment_id:
            return moment
    raise ValidationError("scan.unknown_moment", field="moment")


def reissue_link(
    store: Store, actor: User, case_id: int, moment_id: int, respondent: Respondent,
    language: str | None = None, valid_days: int = DEFAULT_VALID_DAYS, clock: Clock = datetime.now,
    request: str | None = None,
) -> str | None:
    """A new link for the same respondent and moment; the old one stops working at once.
    Without a `language`, it opens in the language of the respondent's previous link: a
    French-speaking employee's new link stays French.

    `request` sent again (a double click) makes no second link and returns None: the
    first click's link, shown once, is the one that works."""
    valid_days = _valid_days(valid_days)
    if language is not None and language not in LANGUAGES:
        raise ValidationError("scan.language", field="language")
    with case_transaction(store, actor, case_id, "scan.reissue", f"{moment_id} {respondent.value}", clock, use=Use.SCAN_MOMENTS) as (q, _):
        if repeat_of(q, actor, request, "scan.reissue")[0]:
            return None
        moment = moment_of(q, case_id, moment_id)
        if response_of(q, case_id, moment_id, respondent).submitted:
            raise ValidationError("scan.already_submitted", field="respondent")
        if language is None:
            earlier = [link for link in q.scans.links_of_case(case_id) if link.moment_id == moment_id and link.respondent == respondent]
            language = max(earlier, key=lambda link: (link.created_at, link.id)).language if earlier else DEFAULT_LANGUAGE
        now = clock()
        token = _new_link(q, moment, Respondent(respondent), language, valid_days, now)
        remember(q, actor, request, "scan.reissue", case_id, moment_id, now)
        return token


def revoke_link(store: Store, actor: User, case_id: int, moment_id: int, respondent: Respondent, clock: Clock = datetime.now) -> None:
    with case_transaction(store, actor, case_id, "scan.revoke", f"{moment_id} {respondent.value}", clock) as (q, _):
        moment_of(q, case_id, moment_id)
        q.scans.revoke_links(moment_id, Respondent(respondent).value, clock())


def response_of(q: Queries, case_id: int, moment_id: int, respondent: Respondent) -> ScanResponse:
    for response in q.scans.responses_of_case(case_id):
        if response.moment_id == moment_id and response.respondent is respondent:
            return response
    # Nobody answered yet: the moment's own version, as its answers will have.
    version = next((m.instrument_version for m in q.scans.moments_of(case_id) if m.id == moment_id), CURRENT_VERSION)
    return ScanResponse(moment_id, respondent, version, {}, {}, None, None, None)


def _status(link: ScanLink | None, response: ScanResponse, now: datetime) -> LinkStatus:
    if response.submitted:
        return LinkStatus.SUBMITTED
    if link is None or link.revoked_at is not None:
        return LinkStatus.REVOKED
    if link.expires_at <= now:
        return LinkStatus.EXPIRED
    return LinkStatus.IN_PROGRESS if response.opened_at else LinkStatus.NOT_OPENED


def overview(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> list[MomentOverview]:
    """Every moment of the case with the state of each respondent's link."""
    now = clock()
    with case_transaction(store, actor, case_id, "case.view", "scan", clock) as (q, _):
        moments = q.scans.moments_of(case_id)
        links = q.scans.links_of_case(case_id)
        responses = {(r.moment_id, r.respondent): r for r in q.scans.responses_of_case(case_id)}
    result = []
    for moment in moments:
        states = []
        for respondent in Respondent:
            latest = [link for link in links if link.moment_id == moment.id and link.respondent is respondent]
            link = latest[-1] if latest else None
            response = responses.get((moment.id, respondent)) or ScanResponse(moment.id, respondent, moment.instrument_version, {}, {}, None, None, None)
            states.append(LinkState(respondent, _status(link, response, now), link.expires_at if link else None, response.opened_at, response.submitted_at))
        result.append(MomentOverview(moment, tuple(states)))
    return result


# --- the respondent's side: everything goes through the token -----------------


def _live_link(q: Queries, token: str, now: datetime) -> ScanLink:
    link = q.scans.link_by_hash(tokens.digest(token))
    if link is None or link.revoked_at is not None or link.expires_at <= now:
        raise LinkRefused()
    return link


def _session(q: Queries, link: ScanLink) -> RespondentSession:
    moment = moment_of(q, link.case_id, link.moment_id)
    response = response_of(q, link.case_id, link.moment_id, link.respondent)
    return RespondentSession(
        link.id, moment.id, moment.case_id, link.respondent, link.language,
        response.instrument_version, moment.kind, response,
    )


@contextmanager
def through_link(
    store: Store, token: str, now: datetime, *, writable: bool = False, read_only: bool = False,
) -> Iterator[tuple[Queries, RespondentSession]]:
    """The respondent's transaction: a live link, on a case that takes answers now
    (reset_core.allowed: not with the basic consent withdrawn, not once closed). A case
    that does not is refused with its reason, logged under the link's party, and nothing
    of the case (not even the questions) is read. `writable`: not yet submitted."""
    refusal = None
    with store.read() if read_only else store.transaction() as q:
        link = _live_link(q, token, now)
        refusal = allowed.of(q, q.cases.case(link.case_id)).refusal(Use.SCAN_LINK)
        if refusal is None:
            session = _session(q, link)
            if writable and session.response.submitted:
                raise ValidationError("scan_link.already_submitted", field="form")
            yield q, session
    if refusal is not None:
        with store.transaction() as q:
            q.journal.audit(now, f"{link.respondent.value}-link", link.case_id, "case.denied", f"scan link: {refusal.key}")
        raise refusal


def open_link(store: Store, token: str, clock: Clock = datetime.now) -> RespondentSession:
    """The respondent's session; a submitted one only says thank you (see `submitted`)."""
    now = clock()
    with through_link(store, token, now) as (q, session):
        if session.response.opened_at is None:
            q.scans.mark_opened(session.moment_id, session.respondent.value, now)
        q.journal.audit(now, f"{session.respondent.value}-link", session.case_id, "scan.link_open", str(session.moment_id))
    return session


def resume(store: Store, token: str, clock: Clock = datetime.now) -> RespondentSession:
    """The session again, on every click after `open_link`: checked anew, logged once."""
    with through_link(store, token, clock(), read_only=True) as (_, session):
        return session


# Where the respondent goes on: read from their stored answers alone, so that a reload,
# a new tab or the link opened a week later all land on the same step.
INTRO, OPEN_QUESTIONS, SUMMARY = "intro", "open", "summary"


@dataclass(frozen=True)
class ThemeProgress:
    theme: str
    answered: int  # 'not applicable' counts as an answer
    items: int

    @property
    def complete(self) -> bool:
        return self.answered == self.items


@dataclass(frozen=True)
class AnsweringProgress:
    themes: tuple[ThemeProgress, ...]
    started: bool  # anything stored at all

    @property
    def complete(self) -> bool:
        """Every statement answered. The open questions and the employee's self-placement
        are theirs to leave empty: a check-in someone must fill in is not a safe one."""
        return all(theme.complete for theme in self.themes)

    def resume_at(self) -> str:
        """INTRO for a first visit, else the first theme with an open statement, else SUMMARY."""
        if not self.started:
            return INTRO
        for theme in self.themes:
            if not theme.complete:
                return theme.theme
        return SUMMARY


def progress(session: RespondentSession) -> AnsweringProgress:
    response = session.response
    instrument = load_instrument(session.instrument_version)
    missing = missing_items(instrument, response.answers)
    themes = tuple(
        ThemeProgress(theme, len(instrument.items_for(theme)) - missing.get(theme, 0), len(instrument.items_for(theme)))
        for theme in instrument.themes()
    )
    return AnsweringProgress(themes, bool(response.answers or response.open_answers or response.continuum))


# The time said before the first statement, from the instrument's own length, so that a
# longer version says so by itself. Someone back from burn-out reads slowly and plans a
# sitting by it: about 12 seconds to read a short statement and choose, a minute for
# each (optional) open question, rounded UP to whole 5 minutes: "about 15 minutes"
# reads as the estimate it is, and the respondent is done sooner rather than later.
SECONDS_PER_STATEMENT = 12
SECONDS_PER_OPEN_QUESTION = 60


def minutes_needed(instrument: ScanInstrument, party: str) -> int:
    seconds = SECONDS_PER_STATEMENT * len(instrument.items) + SECONDS_PER_OPEN_QUESTION * len(instrument.questions_for(party))
    return max(5, -(-seconds // 300) * 5)


def save_answer(store: Store, token: str, item_id: str, value: int | None, clock: Clock = datetime.now) -> None:
    save_answers(store, token, {item_id: value}, clock)


def save_answers(store: Store, token: str, answers: dict[str, int | None], clock: Clock = datetime.now) -> None:
    """Answers 1..5, or None for 'not applicable'; all or none are saved."""
    now = clock()
    with through_link(store, token, now, writable=True) as (q, session):
        known = {item.id for item in load_instrument(session.instrument_version).items}
        for item_id, value in answers.items():
            if item_id not in known:
                raise ValidationError("scan_link.unknown_item", field=item_id)
            if value is not None and value not in (1, 2, 3, 4, 5):
                raise ValidationError("scan_link.bad_value", field=item_id)
        q.scans.save_answers(session.moment_id, session.respondent.value, answers, session.instrument_version, now)


def save_open_answer(store: Store, token: str, question_id: str, text: str, clock: Clock = datetime.now) -> None:
    now = clock()
    text = validation.text(text, question_id, MAX_OPEN_ANSWER, "scan_link")
    with through_link(store, token, now, writable=True) as (q, session):
        questions = load_instrument(session.instrument_version).questions_for(session.respondent.value)
        if question_id not in {question.id for question in questions}:
            raise ValidationError("scan_link.unknown_item", field=question_id)
        q.scans.save_open_answer(session.moment_id, session.respondent.value, question_id, text, now)


def save_continuum(store: Store, token: str, level: str | None, clock: Clock = datetime.now) -> None:
    with through_link(store, token, clock(), writable=True) as (q, session):
        levels = {lvl.id for lvl in load_instrument(session.instrument_version).continuum}
        if session.respondent is not Respondent.EMPLOYEE or (level is not None and level not in levels):
            raise ValidationError("scan_link.unknown_item", field="continuum")
        q.scans.save_continuum(session.moment_id, session.respondent.value, level)


def save_one_by_one(store: Store, token: str, one_by_one: bool, clock: Clock = datetime.now) -> None:
    """How the respondent chose to answer, kept with their response so that the link
    opened again on another day (or device) asks the same way."""
    with through_link(store, token, clock(), writable=True) as (q, session):
        q.scans.save_one_by_one(session.moment_id, session.respondent.value, bool(one_by_one))


def submit(store: Store, token: str, clock: Clock = datetime.now) -> None:
    """Every statement needs an answer or 'not applicable'; the rest may stay empty."""
    now = clock()
    with through_link(store, token, now, writable=True) as (q, session):
        instrument = load_instrument(session.instrument_version)
        missing = missing_items(instrument, session.response.answers)
        if missing:
            raise ValidationError("scan_link.incomplete", field="form", count=sum(missing.values()))
        q.scans.mark_submitted(session.moment_id, session.respondent.value, now)
        who = f"{session.respondent.value}-link"
        q.journal.audit(now, who, session.case_id, "scan.submit", str(session.moment_id))
        # No facilitator acts here: a T0 both submitted moves the case by itself.
        phases.apply_to(q, session.case_id, now, who)


# --- results for the facilitator: built from submitted responses only ---------


@dataclass(frozen=True)
class MomentResult:
    """One moment's results. `comparison` is what the joint screen, the agenda and every
    document for the parties may show: present only when both parties submitted AND
    released the moment (reset_core.sharing); a withdrawal takes it away at once.
    `side_by_side` is the facilitator's own view of the same rows, released or not."""

    moment: ScanMoment
    employee: dict[str, ThemeScore] | None  # None: not submitted (yet)
    manager: dict[str, ThemeScore] | None
    comparison: list[ThemeComparison] | None  # only when both submitted and both released
    continuum: str | None
    open_answers: dict[Respondent, dict[str, str]]
    side_by_side: list[ThemeComparison] | None = None  # for the facilitator: both submitted
    releases: dict[Respondent, Release] = field(default_factory=dict)  # each party's latest ledger row
    flags: dict[str, frozenset[Respondent]] = field(default_factory=dict)  # theme -> who wants to talk about it
    # Each party's answers, item by item, under the same rule as `comparison`: only when
    # both submitted and both released (the joint screen's largest item differences).
    released_answers: dict[Respondent, dict[str, int | None]] | None = None

    @property
    def released(self) -> frozenset[Respondent]:
        return frozenset(r for r, row in self.releases.items() if row.released)


def results(
    store: Store, actor: User, case_id: int, gap_threshold: float | None = None, clock: Clock = datetime.now
) -> list[MomentResult]:
    """Per moment, in time order: each party's theme scores, the comparison, releases and flags."""
    with case_transaction(store, actor, case_id, "case.view", "scan results", clock, use=Use.SCAN_RESULTS) as (q, _):
        return results_in(q, case_id, gap_threshold)


def results_in(q: Queries, case_id: int, gap_threshold: float | None = None) -> list[MomentResult]:
    """`results` inside a transaction its caller opened (the second screen, through its link)."""
    moments, responses = q.scans.moments_of(case_id), q.scans.responses_of_case(case_id)
    releases, flags = q.sharing.releases_of_case(case_id), q.sharing.flags_of_case(case_id)
    return moment_results(moments, responses, gap_threshold, releases, flags)


def by_version(results: Sequence[MomentResult]) -> list[tuple[int, list[MomentResult]]]:
    """The results grouped by their scan version, each group in time order, the groups in
    the order their versions first appear. Scores compare only within one group: a chart
    or a rule over moments takes one group, never two."""
    groups: dict[int, list[MomentResult]] = {}
    for result in results:
        groups.setdefault(result.moment.instrument_version, []).append(result)
    return list(groups.items())


def latest_version_only(results: Sequence[MomentResult]) -> list[MomentResult]:
    """The results of the scan version of the latest moment someone submitted: what a
    comparison over time may compare. An earlier version's moments are left out, not
    compared with it; a newer moment nobody answered yet changes nothing."""
    answered = [r for r in results if r.employee or r.manager]
    if not answered:
        return list(results)
    latest = answered[-1].moment.instrument_version
    return [r for r in results if r.moment.instrument_version == latest]


def latest_releases(releases: Sequence[Release], moment_id: int) -> dict[Respondent, Release]:
    """Each party's latest row of the release ledger for one moment."""
    return {row.respondent: row for row in releases if row.moment_id == moment_id}


def current_flags(flags: Sequence[Flag], moment_id: int) -> dict[str, frozenset[Respondent]]:
    """Per theme, who wants to talk about it now (the latest row per party and theme decides)."""
    latest = {(row.theme, row.respondent): row.flagged for row in flags if row.moment_id == moment_id}
    out: dict[str, set[Respondent]] = {}
    for (theme, respondent), flagged in latest.items():
        if flagged:
            out.setdefault(theme, set()).add(respondent)
    return {theme: frozenset(who) for theme, who in out.items()}


def moment_results(
    moments: Sequence[ScanMoment], responses: Sequence[ScanResponse], gap_threshold: float | None = None,
    releases: Sequence[Release] = (), flags: Sequence[Flag] = (),
) -> list[MomentResult]:
    """The results of `results`, from the stored moments, responses and ledgers of one
    case. Without the release ledger no moment counts as released: no `comparison`."""
    submitted = {(r.moment_id, r.respondent): r for r in responses if r.submitted}
    out = []
    for moment in moments:
        scores = {}
        for respondent in Respondent:
            response = submitted.get((moment.id, respondent))
            scores[respondent] = theme_scores(load_instrument(response.instrument_version), response.answers) if response else None
        emp, mgr = scores[Respondent.EMPLOYEE], scores[Respondent.MANAGER]
        side_by_side = None
        if emp and mgr:
            side_by_side = compare(emp, mgr) if gap_threshold is None else compare(emp, mgr, gap_threshold)
        latest = latest_releases(releases, moment.id)
        both_released = all(r in latest and latest[r].released for r in Respondent)
        employee_response = submitted.get((moment.id, Respondent.EMPLOYEE))
        shown = both_released and side_by_side is not None
        out.append(
            MomentResult(
                moment, emp, mgr, side_by_side if both_released else None,
                employee_response.continuum if employee_response else None,
                {r: submitted[(moment.id, r)].open_answers for r in Respondent if (moment.id, r) in submitted},
                side_by_side, latest, current_flags(flags, moment.id),
                {r: dict(submitted[(moment.id, r)].answers) for r in Respondent} if shown else None,
            )
        )
    return out


def mirror(store: Store, actor: User, case_id: int, moment_id: int, clock: Clock = datetime.now) -> list[MirrorRow] | None:
    """The facilitator's item view of one moment: every statement with both parties'
    answers, the largest gap first; None until both submitted. Released or not: this is
    the facilitator's own screen (the joint screen takes `dialogue.JointView.mirror`)."""
    with case_transaction(store, actor, case_id, "case.view", f"scan items {moment_id}", clock, use=Use.SCAN_RESULTS) as (q, _):
        moment = moment_of(q, case_id, moment_id)
        submitted = {r.respondent: r for r in q.scans.responses_of_case(case_id) if r.moment_id == moment.id and r.submitted}
    if set(submitted) != set(Respondent):
        return None
    employee, manager = submitted[Respondent.EMPLOYEE], submitted[Respondent.MANAGER]
    return item_mirror(load_instrument(employee.instrument_version), employee.answers, manager.answers)
