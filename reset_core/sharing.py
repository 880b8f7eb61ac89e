"""Each party's say over their own scan results: released for the joint dialogue or not
yet, and the themes they want to talk about ("I want to talk about this").

A moment's comparison reaches the joint screen, the agenda, the plan PDF and any other
document for the parties only when BOTH parties released it (`scan.MomentResult.comparison`
is absent otherwise); the joint screen then says the results are not yet released,
without saying by whom. The facilitator's own scan screen still shows the results.

Two routes write the same ledgers (a row per decision, the latest decides):
- the party, on their own scan link, once they submitted (`release_through_link`,
  `flag_through_link`): the link must be live and its case take answers, as for answering;
- the facilitator, for a decision given by word of mouth in the bilateral conversation
  (`record_release`, `record_flag`): who, when, and how it was asked, marked as such.

A release can be withdrawn until the joint dialogue on that moment took place: that is,
until a topic of the joint dialogue was ticked as discussed after both parties had
released the moment (the comparison was then on the screen, in front of both). Before,
a withdrawal takes the comparison off every surface at once. Flags can change as long
as the party's link is live; they only order the agenda.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from . import scan, validation
from .accounts import Clock
from .allowed import Use
from .errors import ValidationError
from .instrument import load_instrument
from .model import DialogueTopic, Release, ReleaseVia, Respondent, User
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


def _submitted(session) -> None:
    if not session.response.submitted:
        raise ValidationError("sharing.not_submitted", field="released")


# --- the party, on their own scan link --------------------------------------------


def release_through_link(store: Store, token: str, released: bool, clock: Clock = datetime.now) -> None:
    """Share my results of this moment in the joint conversation (True), or not (yet)."""
    now = clock()
    with scan._through_link(store, token, now) as (q, session):
        _submitted(session)
        who = f"{session.respondent.value}-link"
        if _release(q, session.case_id, session.moment_id, session.respondent, bool(released), now, ReleaseVia.LINK, who):
            action = "scan.release" if released else "scan.release_withdrawn"
            q.journal.audit(now, who, session.case_id, action, str(session.moment_id))


def flag_through_link(store: Store, token: str, theme: str, flagged: bool, clock: Clock = datetime.now) -> None:
    """'I want to talk about this' for one theme, or no longer."""
    now = clock()
    with scan._through_link(store, token, now) as (q, session):
        _submitted(session)
        who = f"{session.respondent.value}-link"
        if _flag(q, session.case_id, session.moment_id, session.respondent, theme, bool(flagged), session.instrument_version, now, ReleaseVia.LINK, who):
            q.journal.audit(now, who, session.case_id, "scan.flag" if flagged else "scan.unflag", f"{session.moment_id} {theme}")


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


def own_results(store: Store, token: str, clock: Clock = datetime.now) -> OwnResults:
    with scan._through_link(store, token, clock(), read_only=True) as (q, session):
        _submitted(session)
        releases = q.sharing.releases_of_case(session.case_id)
        mine = scan.latest_releases(releases, session.moment_id).get(session.respondent)
        released = bool(mine and mine.released)
        held = released and dialogue_held(releases, q.dialogue.topics_of(session.case_id), session.moment_id)
        flags = scan.current_flags(q.sharing.flags_of_case(session.case_id), session.moment_id)
    instrument = load_instrument(session.instrument_version)
    return OwnResults(
        session.respondent, theme_scores(instrument, session.response.answers), dict(session.response.answers),
        released, released and not held, frozenset(t for t, who in flags.items() if session.respondent in who),
        session.instrument_version,
    )


# --- the facilitator, for a decision given by word of mouth -----------------------


def _how_asked(how_asked: str) -> str:
    return validation.text(how_asked, "how_asked", MAX_HOW_ASKED, "sharing", required=True)


def _submitted_moment(q: Queries, case_id: int, moment_id: int, respondent: Respondent) -> int:
    """The instrument version of the party's submitted response at the case's moment."""
    scan._moment(q, case_id, moment_id)
    response = scan._response(q, case_id, moment_id, respondent)
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
