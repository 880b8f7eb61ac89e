"""Bilateral card conversations: the facilitator meets the employee and the manager
apart, uses cards, notes what comes up per card, and records insights, adjustments
and provisional goals.

Everything in a conversation is private to the facilitator. The one exception is an
insight whose owner (the party of its conversation) consented to share it. Sharing
is an append-only ledger per insight; withdrawal is honoured at once everywhere,
because every screen and document meant for someone else than the facilitator asks
`visible_insights` (pure) or `shared_insights` (the service around it), and nothing
else, what it may show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from . import allowed, phases, validation
from .accounts import Clock
from .allowed import Use
from .cards import PHASES, CardSet, ThemeCard, load_card_set
from .edits import check_base
from .errors import NotFound, Problems, ValidationError
from .formats import day
from .model import (
    Adjustment,
    AdjustmentKind,
    Audience,
    CardNote,
    Case,
    Conversation,
    ConversationParty,
    Insight,
    Phase,
    ProvisionalGoal,
    SharedInsight,
    SharingEntry,
    User,
)
from .services import case_transaction, remember, repeat_of
from .storage import Queries, Store

MAX_WITH_WHOM = 100
MAX_NOTE = 5000
MAX_INSIGHT = 1000
MAX_ITEM = 500  # an adjustment, a provisional goal
MAX_SHARING_NOTE = 200

# The card set's phase that fits a case's phase (a closed case is evaluated).
CARD_PHASE = {
    Phase.INTAKE: "intake",
    Phase.PREPARATION: "preparation",
    Phase.JOINT_DIALOGUE: "joint_dialogue",
    Phase.RETURN: "return",
    Phase.FOLLOW_UP: "follow_up",
    Phase.CLOSED: "evaluation",
}


# --- visibility: the one rule every shared screen and document goes through ----------


def latest_sharing(insight: Insight) -> SharingEntry | None:
    """The newest entry of the insight's own ledger (by ledger id)."""
    mine = [e for e in insight.sharing if e.insight_id == insight.id]
    return max(mine, key=lambda e: e.id) if mine else None


def is_shared(insight: Insight) -> bool:
    """True while the latest ledger entry shares the insight with its owner's consent.
    A withdrawal, whoever recorded it, ends the sharing at once."""
    latest = latest_sharing(insight)
    return latest is not None and latest.shared and latest.agreed_by is insight.owner


def visible_insights(insights: Iterable[Insight], audience: Audience) -> list[SharedInsight]:
    """What `audience` (the employee, the manager or the joint screen) may see.

    Only insights whose owner's consent to share holds; the other party and the joint
    screen see them, and the owner sees their own shared insights. Private insights
    and withdrawn sharings are seen by no one but the facilitator. Card notes,
    adjustments and provisional goals are never part of the answer: the result
    carries the text, the owner, the card or theme it belongs to and the date of the
    consent, nothing more.
    """
    audience = Audience(audience)  # refuses anything that is not an audience
    visible = []
    for insight in sorted(insights, key=lambda i: i.id):
        if not is_shared(insight):
            continue
        visible.append(
            SharedInsight(
                insight_id=insight.id,
                text=insight.text,
                owner=insight.owner,
                card_id=insight.card_id,
                theme_id=insight.theme_id,
                shared_on=latest_sharing(insight).on_date,
            )
        )
    return visible


def shared_insights(
    store: Store, actor: User, case_id: int, audience: Audience, clock: Clock = datetime.now
) -> list[SharedInsight]:
    """The insights of a case that `audience` may see; the service every later screen
    and document (joint dialogue, agreement PDF, exports for a party) must call.

    Without the employee's basic consent to the processing nothing is shown to
    anyone but the facilitator (reset_core.allowed): withdrawing it stops all sharing at once.
    """
    audience = Audience(audience)
    with case_transaction(store, actor, case_id, "insight.view_shared", audience.value, clock) as (q, case):
        return shared_in(q, case, audience)


def shared_in(q: Queries, case: Case, audience: Audience) -> list[SharedInsight]:
    """`shared_insights` inside a transaction its caller opened (a party's export)."""
    if not allowed.of(q, case).allows(Use.SHARING):
        return []
    return visible_insights(_insights(q, case.id), audience)


# --- reading -------------------------------------------------------------------------


def _insights(q: Queries, case_id: int) -> list[Insight]:
    ledger = q.conversations.sharing_ledger(case_id)
    return [
        replace(i, sharing=tuple(e for e in ledger if e.insight_id == i.id)) for i in q.conversations.insights_of_case(case_id)
    ]


def _assemble(q: Queries, case_id: int) -> list[Conversation]:
    notes = q.conversations.card_notes_of_case(case_id)
    insights = _insights(q, case_id)
    adjustments = q.conversations.adjustments_of_case(case_id)
    goals = q.conversations.goals_of_case(case_id)
    return [
        replace(
            c,
            cards=tuple(n for n in notes if n.conversation_id == c.id),
            insights=tuple(i for i in insights if i.conversation_id == c.id),
            adjustments=tuple(a for a in adjustments if a.conversation_id == c.id),
            goals=tuple(g for g in goals if g.conversation_id == c.id),
        )
        for c in q.conversations.conversations_of_case(case_id)
    ]


def list_conversations(
    store: Store, actor: User, case_id: int, party: ConversationParty | None = None, clock: Clock = datetime.now
) -> list[Conversation]:
    """The facilitator's conversations on a case, oldest first; only `party`'s when given."""
    party = ConversationParty(party) if party is not None else None
    detail = f"conversations {party.value}" if party else "conversations"
    with case_transaction(store, actor, case_id, "case.view", detail, clock, use=Use.CONVERSATIONS) as (q, _):
        return [c for c in _assemble(q, case_id) if party is None or c.party is party]


def get_conversation(
    store: Store, actor: User, case_id: int, conversation_id: int, clock: Clock = datetime.now
) -> Conversation:
    with case_transaction(store, actor, case_id, "case.view", f"conversation {conversation_id}", clock, use=Use.CONVERSATIONS) as (q, _):
        return _conversation(q, case_id, conversation_id)


def _require_conversation(q: Queries, case_id: int, conversation_id: int) -> None:
    """Refuse a conversation of another case (or none at all)."""
    if q.conversations.conversation_case(conversation_id) != case_id:
        raise NotFound("conversation.not_found")


def _conversation(q: Queries, case_id: int, conversation_id: int) -> Conversation:
    """The conversation, fully read; refused when it belongs to another case."""
    _require_conversation(q, case_id, conversation_id)
    return next(c for c in _assemble(q, case_id) if c.id == conversation_id)


def _insight(q: Queries, case_id: int, insight_id: int) -> Insight:
    for insight in _insights(q, case_id):
        if insight.id == insight_id:
            return insight
    raise NotFound("conversation.insight_not_found")


# --- validation ----------------------------------------------------------------------


def _text(value: str, field: str, limit: int, required: bool = False) -> str:
    return validation.text(value, field, limit, "conversation", required)


def _date(value: date | None, field: str, today: date, key: str) -> date:
    if value is None:
        raise ValidationError("conversation.required", field=field)
    if value > today:
        raise ValidationError(key, field=field)
    return value


def _phase(phase: str) -> str:
    if phase not in PHASES:
        raise ValidationError("conversation.unknown_phase", field="phase")
    return phase


def _party(party: ConversationParty | str) -> ConversationParty:
    try:
        return ConversationParty(party)
    except ValueError:
        raise ValidationError("conversation.unknown_party", field="party") from None


def _with_whom(party: ConversationParty, with_whom: str) -> str:
    # Employee and manager are the case's parties; someone else is named.
    if party is not ConversationParty.OTHER:
        return ""
    return _text(with_whom, "with_whom", MAX_WITH_WHOM, required=True)


def _card_id(card_set: CardSet, card_id: str) -> str:
    try:
        return card_set.card(card_id).id
    except KeyError:
        raise ValidationError("conversation.unknown_card", field="card") from None


def _theme_id(card_set: CardSet, theme_id: str | None) -> str | None:
    if not theme_id:
        return None
    try:
        return card_set.theme(theme_id).id
    except KeyError:
        raise ValidationError("conversation.unknown_theme", field="theme") from None


def _reference(
    card_set: CardSet, conversation: Conversation, card_id: str | None, theme_id: str | None
) -> tuple[str | None, str | None]:
    """(card, theme) an insight or goal belongs to: a card of this conversation, or a theme."""
    theme_id = _theme_id(card_set, theme_id)
    if not card_id:
        return None, theme_id
    if card_id not in conversation.card_ids:
        raise ValidationError("conversation.card_not_used", field="card")
    card = card_set.card(card_id)
    if isinstance(card, ThemeCard):
        return card.id, card.theme  # a theme card speaks for its own theme
    return card.id, theme_id


# --- the use cases -------------------------------------------------------------------


def start_conversation(
    store: Store,
    actor: User,
    case_id: int,
    party: ConversationParty,
    on_date: date,
    phase: str | None = None,
    with_whom: str = "",
    clock: Clock = datetime.now,
    request: str | None = None,
) -> Conversation:
    """A new conversation with one party; its phase defaults to the case's phase.
    The same `request` again (a double click) returns the conversation it started."""
    now = clock()
    party = _party(party)
    problems = Problems()
    with_whom = problems.check(_with_whom, party, with_whom)
    on_date = problems.check(_date, on_date, "on_date", now.date(), "conversation.date_in_future")
    problems.raise_all()
    with case_transaction(store, actor, case_id, "conversation.start", party.value, clock, use=Use.CONVERSATION_EDITS) as (q, case):
        done, made = repeat_of(q, actor, request, "conversation.start")
        if done:
            return _conversation(q, case_id, made)
        phase = _phase(phase if phase is not None else CARD_PHASE[case.phase])
        conversation_id = q.conversations.insert_conversation(case_id, party, with_whom, phase, on_date, actor.username, now)
        phases.apply_to(q, case_id, now, actor.username)
        remember(q, actor, request, "conversation.start", case_id, conversation_id, now)
        return _conversation(q, case_id, conversation_id)


def update_conversation(
    store: Store,
    actor: User,
    case_id: int,
    conversation_id: int,
    on_date: date,
    phase: str,
    with_whom: str = "",
    clock: Clock = datetime.now,
    *,
    base: int | None = None,
) -> Conversation:
    """Correct the date, phase or the other person's name. The party stays: it owns the insights.
    `base`: the conversation's version the form was drawn from (see `edits`)."""
    now = clock()
    on_date = _date(on_date, "on_date", now.date(), "conversation.date_in_future")
    phase = _phase(phase)
    detail = f"conversation {conversation_id}"
    with case_transaction(store, actor, case_id, "conversation.update", detail, clock, use=Use.CONVERSATION_EDITS) as (q, _):
        conversation = _conversation(q, case_id, conversation_id)
        check_base(conversation.version, base, "conversation", conversation.updated_at)
        q.conversations.update_conversation(conversation_id, _with_whom(conversation.party, with_whom), phase, on_date, now)
        phases.apply_to(q, case_id, now, actor.username)
        return _conversation(q, case_id, conversation_id)


def use_card(
    store: Store, actor: User, case_id: int, conversation_id: int, card_id: str, clock: Clock = datetime.now
) -> Conversation:
    """Put a card on the table: it joins the conversation's cards in order (once)."""
    card_id = _card_id(load_card_set(), card_id)
    detail = f"conversation {conversation_id}, {card_id}"
    with case_transaction(store, actor, case_id, "conversation.card", detail, clock, use=Use.CONVERSATION_EDITS) as (q, _):
        _require_conversation(q, case_id, conversation_id)
        now = clock()
        q.conversations.add_card(case_id, conversation_id, card_id, now)
        q.conversations.touch_conversation(conversation_id, now)
        return _conversation(q, case_id, conversation_id)


def save_card_note(
    store: Store,
    actor: User,
    case_id: int,
    conversation_id: int,
    card_id: str,
    note: str,
    clock: Clock = datetime.now,
    *,
    base: int | None = None,
) -> CardNote:
    """The facilitator's note on one card: private, never shown to anyone else.
    A card not used yet joins the conversation first.

    `base`: the note's version the screen was drawn from; a save from an older version
    is refused (`StaleEdit`) rather than written over the newer note. A note that
    equals the stored one is not written at all. Returns the note as stored."""
    card_id = _card_id(load_card_set(), card_id)
    note = _text(note, "note", MAX_NOTE)
    # The note stays out of the audit detail.
    detail = f"conversation {conversation_id}, {card_id}"
    with case_transaction(store, actor, case_id, "conversation.note", detail, clock, use=Use.CONVERSATION_EDITS) as (q, _):
        _require_conversation(q, case_id, conversation_id)
        now = clock()
        stored = q.conversations.card_note(conversation_id, card_id)
        if stored is not None and stored.note == note:
            return stored
        if stored is None:
            check_base(0, base, "note", None)
            q.conversations.add_card(case_id, conversation_id, card_id, now)
        else:
            check_base(stored.version, base, "note", stored.saved_at)
        q.conversations.set_card_note(conversation_id, card_id, note, now)
        q.conversations.touch_conversation(conversation_id, now)
        return q.conversations.card_note(conversation_id, card_id)


def add_insight(
    store: Store,
    actor: User,
    case_id: int,
    conversation_id: int,
    text: str,
    card_id: str | None = None,
    theme_id: str | None = None,
    clock: Clock = datetime.now,
    request: str | None = None,
) -> Insight:
    """A private insight of the conversation's party, optionally tied to a card used or a theme."""
    text = _text(text, "insight_text", MAX_INSIGHT, required=True)
    with case_transaction(store, actor, case_id, "insight.add", f"conversation {conversation_id}", clock, use=Use.CONVERSATION_EDITS) as (q, _):
        done, made = repeat_of(q, actor, request, "insight.add")
        if done:
            return _insight(q, case_id, made)
        conversation = _conversation(q, case_id, conversation_id)
        card_id, theme_id = _reference(load_card_set(), conversation, card_id, theme_id)
        insight_id = q.conversations.insert_insight(case_id, conversation_id, text, card_id, theme_id, actor.username, clock())
        remember(q, actor, request, "insight.add", case_id, insight_id, clock())
        return _insight(q, case_id, insight_id)


def update_insight(
    store: Store,
    actor: User,
    case_id: int,
    insight_id: int,
    text: str,
    card_id: str | None = None,
    theme_id: str | None = None,
    clock: Clock = datetime.now,
    *,
    base: int | None = None,
) -> Insight:
    """Reword a private insight. A shared one is locked: its owner agreed to these words.
    `base`: the insight's version the screen was drawn from (see `edits`)."""
    text = _text(text, "insight_text", MAX_INSIGHT, required=True)
    with case_transaction(store, actor, case_id, "insight.update", f"insight {insight_id}", clock, use=Use.CONVERSATION_EDITS) as (q, _):
        insight = _insight(q, case_id, insight_id)
        conversation = _conversation(q, case_id, insight.conversation_id)
        card_id, theme_id = _reference(load_card_set(), conversation, card_id, theme_id)
        if (insight.text, insight.card_id, insight.theme_id) == (text, card_id, theme_id):
            return insight
        check_base(insight.version, base, "insight_text", None)
        if is_shared(insight):
            raise ValidationError("conversation.insight_locked", field="insight_text")
        q.conversations.update_insight(insight_id, text, card_id, theme_id, clock())
        return _insight(q, case_id, insight_id)


def remove_insight(store: Store, actor: User, case_id: int, insight_id: int, clock: Clock = datetime.now) -> None:
    """Remove an insight that was never shared; a shared one keeps its history."""
    with case_transaction(store, actor, case_id, "insight.remove", f"insight {insight_id}", clock, use=Use.CONVERSATION_EDITS) as (q, _):
        insight = _insight(q, case_id, insight_id)
        if insight.sharing:
            raise ValidationError("conversation.insight_has_history", field="insight")
        q.conversations.delete_insight(insight_id)


def share_insight(
    store: Store,
    actor: User,
    case_id: int,
    insight_id: int,
    agreed_by: ConversationParty | None,
    on_date: date,
    note: str = "",
    clock: Clock = datetime.now,
) -> Insight:
    """Record that the insight's owner agreed, on `on_date`, to share this one insight
    with the other party and the joint dialogue. No consent (None): nothing is shared."""
    now = clock()
    if agreed_by is None:
        raise ValidationError("conversation.consent_required", field="agreed_by")
    agreed_by = _party(agreed_by)
    note = _text(note, "sharing_note", MAX_SHARING_NOTE)
    on_date = _date(on_date, "sharing_date", now.date(), "conversation.sharing_in_future")
    with case_transaction(store, actor, case_id, "insight.share", f"insight {insight_id}", clock, use=Use.CONVERSATION_EDITS) as (q, _):
        insight = _insight(q, case_id, insight_id)
        if agreed_by is not insight.owner:
            raise ValidationError("conversation.consent_not_owner", field="agreed_by")
        if is_shared(insight):
            raise ValidationError("conversation.already_shared", field="insight")
        _check_ledger_order(q, case_id, insight, on_date)
        q.conversations.add_sharing(case_id, insight_id, True, agreed_by, on_date, note, actor.username, now)
        return _insight(q, case_id, insight_id)


def withdraw_sharing(
    store: Store,
    actor: User,
    case_id: int,
    insight_id: int,
    on_date: date,
    note: str = "",
    clock: Clock = datetime.now,
) -> Insight:
    """The owner takes back their consent: the insight is private again, everywhere at once."""
    now = clock()
    note = _text(note, "sharing_note", MAX_SHARING_NOTE)
    on_date = _date(on_date, "sharing_date", now.date(), "conversation.sharing_in_future")
    with case_transaction(store, actor, case_id, "insight.withdraw", f"insight {insight_id}", clock) as (q, _):
        insight = _insight(q, case_id, insight_id)
        if not is_shared(insight):
            raise ValidationError("conversation.not_shared", field="insight")
        _check_ledger_order(q, case_id, insight, on_date)
        q.conversations.add_sharing(case_id, insight_id, False, insight.owner, on_date, note, actor.username, now)
        return _insight(q, case_id, insight_id)


def _check_ledger_order(q: Queries, case_id: int, insight: Insight, on_date: date) -> None:
    conversation = _conversation(q, case_id, insight.conversation_id)
    if on_date < conversation.on_date:
        raise ValidationError(
            "conversation.sharing_before_conversation", field="sharing_date", date=day(conversation.on_date)
        )
    latest = latest_sharing(insight)
    if latest is not None and on_date < latest.on_date:
        raise ValidationError("conversation.sharing_date_order", field="sharing_date", date=day(latest.on_date))


def add_adjustment(
    store: Store,
    actor: User,
    case_id: int,
    conversation_id: int,
    kind: AdjustmentKind,
    text: str,
    clock: Clock = datetime.now,
    request: str | None = None,
) -> Adjustment:
    """An adjustment that came up in the conversation (private working material)."""
    try:
        kind = AdjustmentKind(kind)
    except ValueError:
        raise ValidationError("conversation.unknown_adjustment_kind", field="adjustment_kind") from None
    text = _text(text, "adjustment_text", MAX_ITEM, required=True)
    detail = f"conversation {conversation_id}, {kind.value}"
    with case_transaction(store, actor, case_id, "adjustment.add", detail, clock, use=Use.CONVERSATION_EDITS) as (q, _):
        _require_conversation(q, case_id, conversation_id)
        done, made = repeat_of(q, actor, request, "adjustment.add")
        if done:
            return Adjustment(made, conversation_id, kind, text)
        adjustment_id = q.conversations.insert_adjustment(case_id, conversation_id, kind, text, actor.username, clock())
        remember(q, actor, request, "adjustment.add", case_id, adjustment_id, clock())
        return Adjustment(adjustment_id, conversation_id, kind, text)


def remove_adjustment(store: Store, actor: User, case_id: int, adjustment_id: int, clock: Clock = datetime.now) -> None:
    with case_transaction(store, actor, case_id, "adjustment.remove", f"adjustment {adjustment_id}", clock, use=Use.CONVERSATION_EDITS) as (q, _):
        if adjustment_id not in {a.id for a in q.conversations.adjustments_of_case(case_id)}:
            raise NotFound("conversation.item_not_found")
        q.conversations.delete_adjustment(adjustment_id)


def add_goal(
    store: Store,
    actor: User,
    case_id: int,
    conversation_id: int,
    text: str,
    theme_id: str | None = None,
    clock: Clock = datetime.now,
    request: str | None = None,
) -> ProvisionalGoal:
    """A provisional goal, optionally tied to a theme (the scan's themes are the same)."""
    text = _text(text, "goal_text", MAX_ITEM, required=True)
    with case_transaction(store, actor, case_id, "goal.add", f"conversation {conversation_id}", clock, use=Use.CONVERSATION_EDITS) as (q, _):
        _require_conversation(q, case_id, conversation_id)
        theme_id = _theme_id(load_card_set(), theme_id)
        done, made = repeat_of(q, actor, request, "goal.add")
        if done:
            return ProvisionalGoal(made, conversation_id, text, theme_id)
        goal_id = q.conversations.insert_goal(case_id, conversation_id, text, theme_id, actor.username, clock())
        remember(q, actor, request, "goal.add", case_id, goal_id, clock())
        return ProvisionalGoal(goal_id, conversation_id, text, theme_id)


def remove_goal(store: Store, actor: User, case_id: int, goal_id: int, clock: Clock = datetime.now) -> None:
    with case_transaction(store, actor, case_id, "goal.remove", f"goal {goal_id}", clock, use=Use.CONVERSATION_EDITS) as (q, _):
        if goal_id not in {g.id for g in q.conversations.goals_of_case(case_id)}:
            raise NotFound("conversation.item_not_found")
        q.conversations.delete_goal(goal_id)
