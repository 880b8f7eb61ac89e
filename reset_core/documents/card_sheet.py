"""The printable card sheet: chosen cards on paper, one card per page, for facilitators
who also work with printed cards. Built from the card set only (no case data), as
bytes, with the Unicode font so accents print as written."""

from __future__ import annotations

from collections.abc import Iterable

from ..card_views import card_face, kicker_key
from ..cards import CardSet, load_card_set
from ..i18n import translate
from ..model import Organisation
from .pdf import FAMILY, Document, Letterhead

BULLET_WIDTH = 6  # mm: questions hang beside their bullet


def _text(doc: Document, text: str, style: str = "", size: int = 12, line: float = 6) -> None:
    doc.set_font(FAMILY, style, size)
    doc.multi_cell(0, line, text, align="L", new_x="LMARGIN", new_y="NEXT")


def _questions(doc: Document, questions: Iterable[str]) -> None:
    doc.set_font(FAMILY, "", 11)
    for question in questions:
        doc.set_x(doc.l_margin)
        doc.cell(BULLET_WIDTH, 5.6, "•")
        doc.multi_cell(0, 5.6, question, align="L", new_x="LMARGIN", new_y="NEXT")
        doc.ln(0.8)


def card_sheet(
    card_ids: Iterable[str], lang: str, card_set: CardSet | None = None, organisation: Organisation | None = None,
) -> bytes:
    """A PDF of the cards `card_ids`, in the order given, in language `lang`; no case, so
    the footer names the card set."""
    card_set = card_set or load_card_set()
    cards = [card_set.card(card_id) for card_id in dict.fromkeys(card_ids)]
    if not cards:
        raise ValueError("a card sheet needs at least one card")
    doc = Document(
        translate("card_sheet.title", lang),
        header_text=translate("card_sheet.header", lang),
        page_label=translate("card_sheet.page", lang),
        letterhead=Letterhead.of(organisation, translate("card_sheet.title", lang)),
    )
    for n, card in enumerate(cards):
        if n:
            doc.add_page()
        face = card_face(card_set, card, lang)
        key, params = kicker_key(face)
        if face.phase:
            params["phase"] = translate(f"conversation.card_phase.{face.phase}", lang)
        kicker = translate(key, lang, **params)
        _text(doc, kicker, "I", 10, 5)
        doc.ln(2)
        _text(doc, face.title, "B", 20, 9)
        doc.ln(2)
        _text(doc, face.explanation, "", 11, 5.6)
        doc.ln(3)
        for key, questions in face.groups:
            _text(doc, translate(key, lang), "B", 12, 6.5)
            doc.ln(0.5)
            _questions(doc, questions)
            doc.ln(2)
        _text(doc, translate("card_sheet.hint", lang), "B", 10, 5)
        _text(doc, face.hint, "I", 10, 5)
    return doc.to_bytes()
