"""Each party's say over their own scan results: released for the joint dialogue or not
yet, and the themes they want to talk about ("I want to talk about this").

A moment's comparison reaches the joint screen, the agenda, the plan PDF and any other
document for the parties only when BOTH parties released it (`scan.MomentResult.comparison`
is absent otherwise); the joint screen then says the results are not yet released,
without saying by whom. The facilitator's own scan screen still shows the results.

Three routes write the same ledgers (a row per decision, the latest decides):
- the party, on their own scan link, once they submitted (`release_through_link`,
  `flag_through_link`): the link must be live and its case take answers, as for answering;
- the party, in their personal space, for any moment they submitted (`release_in_space`,
  `flag_in_space`): the scan link expires within weeks, the space stays;
- the facilitator, for a decision given by word of mouth in the bilateral conversation
  (`record_release`, `record_flag`): who, when, and how it was asked, marked as such.

A release can be withdrawn until the joint dialogue on that moment took place: that is,
until a topic of the joint dialogue was ticked as discussed after both parties had
released the moment (the comparison was then on the screen, in front of both). Before,
a withdrawal takes the comparison off every surface at once. Flags can change as long
as the party's link is live; they only order the agenda.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from . import allowed, party_space, scan, validation
from .accounts import Clock
from .allowed import Use
from .errors import ValidationError
from .instrument import load_instrument
from .model import DialogueTopic, Release, ReleaseVia, Respondent, ScanResponse, User
from .scoring import ThemeScore, theme_scores
from .services import case_transaction
from .storage import Queries, Store

MAX_HOW_ASKED = 500


def dialogue_held(releases: Sequence[Release], topics: Sequence[DialogueTopic], moment_id: int) -> bool:
    """Whether the joint dialogue on the moment took place: both parties' latest rows are
    releases, and a topic was ticked as discussed since the later of the two."""
    latest = scan.latest_releases(releases, moment_id)
    if not all(r in latest and latest[r].released for r in Respondent):
        return False
    shown_since = max(latest[r].recorded_at for r in Respondent)
    return any(topic.discussed and topic.updated_at is not None and topic.updated_at >= shown_since for topic in topics)


def _release(q: Queries, case_id: int, moment_id: int, respondent: Respondent, released: bool, now: datetime, via: ReleaseVia, by: str, how_asked: str = "") -> bool:
    """Write the decision unless it is the current one already (a double click); False then."""
    releases = q.sharing.releases_of_case(case_id)
    current = scan.latest_releases(releases, moment_id).get(respondent)
    if bool(current and current.released) == released:
        return False
    if not released and dialogue_held(releases, q.dialogue.topics_of(case_id), moment_id):
        raise ValidationError("sharing.dialogue_held", field="released")
    q.sharing.insert_release(case_id, moment_id, respondent.value, released, now, via.value, by, how_asked)
    return True


def _flag(q: Queries, case_id: int, moment_id: int, respondent: Respondent, theme: str, flagged: bool, version: int, now: datetime, via: ReleaseVia, by: str, how_asked: str = "") -> bool:
    if theme not in load_instrument(version).themes():
        raise ValidationError("sharing.unknown_theme", field="theme")
    flags = scan.current_flags(q.sharing.flags_of_case(case_id), moment_id)
    if (respondent in flags.get(theme, frozenset())) == flagged:
        return False
    q.sharing.insert_flag(case_id, moment_id, respondent.value, theme, flagged, now, via.value, by, how_asked)
    return True


@dataclass(frozen=True)
class _Party:
    """One party at one moment of their case, reached through their own link or space."""

    case_id: int
    moment_id: int
    respondent: Respondent
    response: ScanResponse
    actor: str  # who the audit log says acted


@contextmanager
def _through_scan_link(store: Store, token: str, now: datetime, read_only: bool = False) -> Iterator[tuple[Queries, _Party]]:
    with scan.through_link(store, token, now, read_only=read_only) as (q, session):
        yield q, _Party(session.case_id, session.moment_id, session.respondent, session.response, f"{session.respondent.value}-link")


@contextmanager
def _through_space(store: Store, token: str, moment_id: int, now: datetime, read_only: bool = False) -> Iterator[tuple[Queries, _Party]]:
    """The same say from the party's personal space, for any moment of their case: the
    space link live, and the case taking the party's answers now, as for the scan link."""
    with store.read() if read_only else store.transaction() as q:
        session = party_space.session_of(q, token, now)
        refusal = allowed.of(q, party_space.live_case(q, session.case_id)).refusal(Use.SCAN_LINK)
        if refusal is not None:
            raise refusal
        scan.moment_of(q, session.case_id, moment_id)
        response = scan.response_of(q, session.case_id, moment_id, session.respondent)
        yield q, _Party(session.case_id, moment_id, session.respondent, response, party_space.actor_of(session.respondent))


def _submitted(party: _Party) -> None:
    if not party.response.submitted:
        raise ValidationError("sharing.not_submitted", field="released")


def _party_release(q: Queries, party: _Party, released: bool, now: datetime) -> None:
    _submitted(party)
    if _release(q, party.case_id, party.moment_id, party.respondent, released, now, ReleaseVia.LINK, party.actor):
        action = "scan.release" if released else "scan.release_withdrawn"
        q.journal.audit(now, party.actor, party.case_id, action, str(party.moment_id))


def _party_flag(q: Queries, party: _Party, theme: str, flagged: bool, now: datetime) -> None:
    _submitted(party)
    if _flag(q, party.case_id, party.moment_id, party.respondent, theme, flagged, party.response.instrument_version, now, ReleaseVia.LINK, party.actor):
        q.journal.audit(now, party.actor, party.case_id, "scan.flag" if flagged else "scan.unflag", f"{party.moment_id} {theme}")


@dataclass(frozen=True)
class OwnResults:
    """What a party reads on their own link after submitting: their own answers and scores,
    never the other party's; whether they released; their flags; and the preview: exactly
    the rows of theirs the joint screen would show (theme and score, nothing else)."""

    respondent: Respondent
    scores: dict[str, ThemeScore]
    answers: dict[str, int | None]
    released: bool
    can_withdraw: bool
    flagged: frozenset[str]
    instrument_version: int


def _own_results(q: Queries, party: _Party) -> OwnResults:
    _submitted(party)
    releases = q.sharing.releases_of_case(party.case_id)
    mine = scan.latest_releases(releases, party.moment_id).get(party.respondent)
    released = bool(mine and mine.released)
    held = released and dialogue_held(releases, q.dialogue.topics_of(party.case_id), party.moment_id)
    flags = scan.current_flags(q.sharing.flags_of_case(party.case_id), party.moment_id)
    version = party.response.instrument_version
    return OwnResults(
        party.respondent, theme_scores(load_instrument(version), party.response.answers), dict(party.response.answers),
        released, released and not held, frozenset(t for t, who in flags.items() if party.respondent in who), version,
    )


# --- the party, on their own scan link (that moment) --------------------------------


def release_through_link(store: Store, token: str, released: bool, clock: Clock = datetime.now) -> None:
    """Share my results of this moment in the joint conversation (True), or not (yet)."""
    now = clock()
    with _through_scan_link(store, token, now) as (q, party):
        _party_release(q, party, bool(released), now)


def flag_through_link(store: Store, token: str, theme: str, flagged: bool, clock: Clock = datetime.now) -> None:
    """'I want to talk about this' for one theme, or no longer."""
    now = clock()
    with _through_scan_link(store, token, now) as (q, party):
        _party_flag(q, party, theme, bool(flagged), now)


def own_results(store: Store, token: str, clock: Clock = datetime.now) -> OwnResults:
    with _through_scan_link(store, token, clock(), read_only=True) as (q, party):
        return _own_results(q, party)


# --- the party, in their personal space (any moment they submitted) --------------------
# The scan link dies when it expires; the space lives on, so a party can still share,
# flag or take back their results of a moment weeks after answering it.


def release_in_space(store: Store, token: str, moment_id: int, released: bool, clock: Clock = datetime.now) -> None:
    now = clock()
    with _through_space(store, token, moment_id, now) as (q, party):
        _party_release(q, party, bool(released), now)


def flag_in_space(store: Store, token: str, moment_id: int, theme: str, flagged: bool, clock: Clock = datetime.now) -> None:
    now = clock()
    with _through_space(store, token, moment_id, now) as (q, party):
        _party_flag(q, party, theme, bool(flagged), now)


def own_results_in_space(store: Store, token: str, moment_id: int, clock: Clock = datetime.now) -> OwnResults:
    with _through_space(store, token, moment_id, clock(), read_only=True) as (q, party):
        return _own_results(q, party)


# --- the facilitator, for a decision given by word of mouth -----------------------


def _how_asked(how_asked: str) -> str:
    return validation.text(how_asked, "how_asked", MAX_HOW_ASKED, "sharing", required=True)


def _submitted_moment(q: Queries, case_id: int, moment_id: int, respondent: Respondent) -> int:
    """The instrument version of the party's submitted response at the case's moment."""
    scan.moment_of(q, case_id, moment_id)
    response = scan.response_of(q, case_id, moment_id, respondent)
    if not response.submitted:
        raise ValidationError("sharing.not_submitted", field="released")
    return response.instrument_version


def record_release(
    store: Store, actor: User, case_id: int, moment_id: int, respondent: Respondent, released: bool, how_asked: str,
    clock: Clock = datetime.now,
) -> None:
    """A release (or its withdrawal) the party gave by word of mouth, recorded by the
    facilitator with how it was asked. Allowed when the party's own link would be (not
    with the basic consent withdrawn); taking a release back only stops the sharing, and
    is always possible until the dialogue took place."""
    respondent = Respondent(respondent)
    how_asked = _how_asked(how_asked)
    use = Use.SCAN_RESULTS if released else None
    with case_transaction(store, actor, case_id, "scan.release" if released else "scan.release_withdrawn", f"{moment_id} {respondent.value} recorded", clock, use=use) as (q, _):
        _submitted_moment(q, case_id, moment_id, respondent)
        _release(q, case_id, moment_id, respondent, bool(released), clock(), ReleaseVia.FACILITATOR, actor.username, how_asked)


def record_flag(
    store: Store, actor: User, case_id: int, moment_id: int, respondent: Respondent, theme: str, flagged: bool,
    how_asked: str, clock: Clock = datetime.now,
) -> None:
    """A theme the party said (by word of mouth) they want to talk about, or no longer."""
    respondent = Respondent(respondent)
    how_asked = _how_asked(how_asked)
    with case_transaction(store, actor, case_id, "scan.flag" if flagged else "scan.unflag", f"{moment_id} {respondent.value} {theme} recorded", clock, use=Use.SCAN_RESULTS) as (q, _):
        version = _submitted_moment(q, case_id, moment_id, respondent)
        _flag(q, case_id, moment_id, respondent, theme, bool(flagged), version, clock(), ReleaseVia.FACILITATOR, actor.username, how_asked)
