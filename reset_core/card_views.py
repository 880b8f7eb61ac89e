"""How cards are picked and shown: filters over the card set, and the face of a card
for one party. Pure functions over reset_core.cards; the pages and the printed card
sheet use the same ones, so screen and paper say the same."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from .cards import DEFAULT_LANGUAGE, Card, CardSet, ProcessCard, ThemeCard, TopicCard, search
from .model import ConversationParty

PROCESS = "process"
THEME = "theme"
TOPIC = "topic"  # a card on a topic outside the scan: stigma, the organisation's part
KINDS = (PROCESS, THEME, TOPIC)


def card_kind(card: Card) -> str:
    if isinstance(card, ProcessCard):
        return PROCESS
    return TOPIC if isinstance(card, TopicCard) else THEME


def select_cards(
    card_set: CardSet,
    lang: str = DEFAULT_LANGUAGE,
    kind: str | None = None,
    phases: Collection[str] = (),
    themes: Collection[str] = (),
    text: str = "",
) -> list[Card]:
    """The cards of one kind (or both), of the chosen phases (process cards) and
    themes (theme cards), whose text holds every word of `text`; in card-set order.
    An empty choice of phases or themes means all of them; topic cards belong to
    neither, so they show only while neither is chosen."""
    cards = search(card_set, text, lang) if text.strip() else list(card_set.cards)
    chosen = []
    for card in cards:
        if kind and card_kind(card) != kind:
            continue
        if isinstance(card, ProcessCard) and phases and card.phase not in phases:
            continue
        if isinstance(card, ThemeCard) and themes and card.theme not in themes:
            continue
        if isinstance(card, TopicCard) and (phases or themes):
            continue  # of no phase and no theme: a narrowed choice leaves it out
        chosen.append(card)
    return chosen


@dataclass(frozen=True)
class CardFace:
    """What one side of a card shows. `groups` pairs a message key (the heading) with questions."""

    card_id: str
    kind: str
    title: str
    label: str  # the theme's name, or "" for a process or topic card (its phase or kind names it)
    phase: str | None
    explanation: str
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    hint: str


def card_face(card_set: CardSet, card: Card, lang: str, party: ConversationParty | None = None) -> CardFace:
    """The card as `party` sees it across the table: a theme or topic card shows the
    employee's or the manager's questions, and to the manager the explanation written
    for the manager; with no party (browsing, paper) or someone else, every side."""
    text = card.text(lang)
    if isinstance(card, ProcessCard):
        return CardFace(
            card.id, PROCESS, text.title, "", card.phase, text.purpose,
            (("card_sheet.questions", text.questions),), text.hint,
        )
    side = card.text(lang)  # a theme or topic card: both sides, two explanations
    sides = {
        ConversationParty.EMPLOYEE: (("card_sheet.employee_questions", side.employee_questions),),
        ConversationParty.MANAGER: (("card_sheet.manager_questions", side.manager_questions),),
    }
    groups = sides.get(party) or (
        ("card_sheet.employee_questions", side.employee_questions),
        ("card_sheet.manager_questions", side.manager_questions),
        ("card_sheet.joint_questions", side.joint_questions),
    )
    label = "" if isinstance(card, TopicCard) else card_set.theme(card.theme).text(lang).name
    # The manager reads the explanation written for them: the general one speaks to the employee.
    explanation = side.manager_explanation if party is ConversationParty.MANAGER else side.explanation
    return CardFace(card.id, card_kind(card), side.title, label, None, explanation, groups, side.hint)


def kicker_key(face: CardFace) -> tuple[str, dict[str, str]]:
    """The message key (and its parameters but the phase's name) of the line above a card's title."""
    if face.phase:
        return "card_sheet.process_card", {}
    if face.kind == TOPIC:
        return "topic_cards.kicker", {}
    return "card_sheet.theme_card", {"theme": face.label}


def card_title(card_set: CardSet, card_id: str, lang: str) -> str:
    """A card's title, or the id itself for a card no longer in the set."""
    try:
        return card_set.card(card_id).text(lang).title
    except KeyError:
        return card_id


def theme_name(card_set: CardSet, theme_id: str, lang: str) -> str:
    try:
        return card_set.theme(theme_id).text(lang).name
    except KeyError:
        return theme_id
