"""The joint dialogue presented: a sequence of sections, and a second screen that follows.

The facilitator moves through the sections (the overview of the released scan; each
agenda theme on its own; the shared insights; the goals and agreements so far). The
section is kept with the case's open presentation, so that a reload of the projector
comes back to it and every second screen shows it.

A second screen (a TV, a remote participant) opens a view-only display link. It works
like a scan link (reset_core.scan): a random token of 192 bits stored only as its
SHA-256, an expiry (a few hours), revocable, a new one revokes the one before, a wrong,
expired or revoked token gets one and the same refusal, and its opening is logged. It
stops the moment the facilitator ends the presentation. What it shows is built by the
same rules as the joint screen (dialogue.joint_view_in): nothing private, nothing of
another case, nothing to edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from . import allowed, tokens
from .accounts import Clock
from .allowed import Use
from .cards import load_card_set
from .dialogue import JointView, joint_view_in
from .errors import ResetError, ValidationError
from .i18n import LANGUAGES
from .model import User
from .services import case_transaction, remember, repeat_of
from .storage import Queries, Store

OVERVIEW, INSIGHTS, GOALS = "overview", "insights", "goals"
THEME = "theme:"
# A display link lasts one working session, whatever happens to the presentation.
DISPLAY_HOURS = 4
# Who the audit log says opened the second screen (history.who names it so).
DISPLAY_ACTOR = "display"


class DisplayRefused(ResetError):
    """Wrong, expired, revoked or ended: deliberately one message for all."""

    def __init__(self) -> None:
        super().__init__("presentation.display_refused")



def theme_section(theme: str) -> str:
    return f"{THEME}{theme}"


def theme_of(section: str) -> str | None:
    return section.removeprefix(THEME) if section.startswith(THEME) else None


def sections(view: JointView) -> tuple[str, ...]:
    """The presentation's sections in order: the overview, the agenda's themes (those both
    want to talk about, shared concerns and the largest gaps first), the insights, the goals."""
    themes = [row.theme for row in view.agenda] or view.order([theme.id for theme in load_card_set().themes])
    return (OVERVIEW, *(theme_section(theme) for theme in themes), INSIGHTS, GOALS)


def _section(section: str) -> str:
    known = {theme.id for theme in load_card_set().themes}
    if section in (OVERVIEW, INSIGHTS, GOALS) or theme_of(section) in known:
        return section
    raise ValidationError("presentation.unknown_section", field="section")


def on_screen(view: JointView, section: str | None) -> str:
    """The section to draw: the one kept, while the agenda still has it; else the overview."""
    return section if section in sections(view) else OVERVIEW


@dataclass(frozen=True)
class Status:
    """What the facilitator's own screen says of the presentation of a case."""

    open: bool
    section: str | None
    display_until: datetime | None  # a live display link's expiry
    display_opened: bool


def _open(q: Queries, actor: User, case_id: int, now: datetime):
    """The case's open presentation, started (at the overview) when there is none."""
    running = q.dialogue.open_presentation(case_id)
    if running is not None:
        return running
    presentation_id = q.dialogue.insert_presentation(case_id, OVERVIEW, actor.username, now)
    q.journal.audit(now, actor.username, case_id, "presentation.start", "")
    return q.dialogue.presentation(presentation_id)


def present(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> str:
    """The projector's section: that of the case's open presentation, which starts when
    there is none (the Present button, or the projector's address opened anew)."""
    with case_transaction(store, actor, case_id, "dialogue.view", "presentation", clock, use=Use.JOINT) as (q, _):
        return _open(q, actor, case_id, clock()).section


def move(store: Store, actor: User, case_id: int, section: str, clock: Clock = datetime.now) -> None:
    """The projector, and every second screen with it, goes to `section`."""
    section = _section(section)
    with case_transaction(store, actor, case_id, "presentation.move", section, clock, use=Use.JOINT) as (q, _):
        now = clock()
        q.dialogue.move_presentation(_open(q, actor, case_id, now).id, section, now)


def end(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> None:
    """The presentation ends: its display links stop at once. Ending one that has ended
    (a second click, another tab) changes nothing."""
    with case_transaction(store, actor, case_id, "presentation.end", "", clock) as (q, _):
        now = clock()
        q.dialogue.end_presentations(case_id, now)
        q.dialogue.revoke_display_links(case_id, now)


def status(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> Status:
    now = clock()
    with case_transaction(store, actor, case_id, "case.view", "presentation", clock) as (q, _):
        running = q.dialogue.open_presentation(case_id)
        live = [
            link for link in q.dialogue.display_links_of(case_id)
            if running and link.presentation_id == running.id and link.revoked_at is None and link.expires_at > now
        ]
    return Status(
        running is not None, running.section if running else None,
        live[-1].expires_at if live else None, bool(live and live[-1].opened_at),
    )


def issue_display_link(
    store: Store, actor: User, case_id: int, language: str, clock: Clock = datetime.now, request: str | None = None,
) -> str | None:
    """A display link to the case's presentation (started when there is none), valid
    DISPLAY_HOURS; the one before stops at once. The token is returned once and never
    stored. `request` sent again (a double click) makes no second link and returns None."""
    if language not in LANGUAGES:
        raise ValidationError("presentation.language", field="language")
    with case_transaction(store, actor, case_id, "presentation.display_link", "", clock, use=Use.JOINT) as (q, _):
        if repeat_of(q, actor, request, "presentation.display_link")[0]:
            return None
        now = clock()
        running = _open(q, actor, case_id, now)
        token = tokens.new()
        q.dialogue.revoke_display_links(case_id, now)
        q.dialogue.insert_display_link(
            running.id, case_id, tokens.digest(token), language, actor.username, now, now + timedelta(hours=DISPLAY_HOURS),
        )
        remember(q, actor, request, "presentation.display_link", case_id, None, now)
        return token


def revoke_display_link(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> None:
    with case_transaction(store, actor, case_id, "presentation.display_revoke", "", clock) as (q, _):
        q.dialogue.revoke_display_links(case_id, clock())


# --- the second screen: everything goes through the token -----------------------------


@dataclass(frozen=True)
class Display:
    """What a display link shows now: the joint screen's section the facilitator is on."""

    link_id: int
    case_id: int
    language: str
    view: JointView
    section: str


def _display(q: Queries, token: str, now: datetime) -> Display:
    link = q.dialogue.display_link_by_hash(tokens.digest(token))
    if link is None or link.revoked_at is not None or link.expires_at <= now:
        raise DisplayRefused()
    running = q.dialogue.presentation(link.presentation_id)
    case = q.cases.case(link.case_id)
    if running is None or running.ended_at is not None or case is None:
        raise DisplayRefused()
    # A case that no longer allows the joint screen (consent withdrawn) leaves the
    # second screen blank, and says nothing of why to whoever watches it.
    if allowed.of(q, case).refusal(Use.JOINT) is not None:
        raise DisplayRefused()
    view = joint_view_in(q, case)
    return Display(link.id, case.id, link.language, view, on_screen(view, running.section))


def open_display(store: Store, token: str, clock: Clock = datetime.now) -> Display:
    """The second screen on its first visit in a browser session: logged, and the link
    marked opened. Every later refresh uses `follow`."""
    now = clock()
    with store.transaction() as q:
        shown = _display(q, token, now)
        q.dialogue.mark_display_opened(shown.link_id, now)
        q.journal.audit(now, DISPLAY_ACTOR, shown.case_id, "presentation.display_open", "")
    return shown


def follow(store: Store, token: str, clock: Clock = datetime.now) -> Display:
    """The second screen again (every second or so): checked anew, logged once."""
    with store.read() as q:
        return _display(q, token, clock())
