"""Browsing the card set and showing one card: shared by the conversation page and
the card set page. Card texts are our own content (content/cards.yaml), so they may
be drawn as markdown headings in large type; nothing typed by users passes here."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from reset_core.card_views import KINDS, PROCESS, THEME, CardFace, kicker_key, select_cards
from reset_core.cards import PHASES, Card, CardSet

from .state import lang, t


def phase_label(phase: str) -> str:
    return t(f"conversation.card_phase.{phase}")


def kicker(face: CardFace) -> str:
    key, params = kicker_key(face)
    return t(key, phase=phase_label(face.phase), **params) if face.phase else t(key, **params)


def filters(card_set: CardSet, prefix: str) -> list[Card]:
    """Filter widgets (kind, phases, themes, search); the cards they select."""
    theme_names = {theme.id: theme.text(lang()).name for theme in card_set.themes}
    kind_col, phase_col, theme_col, search_col = st.columns(4)
    with kind_col:
        kind = st.selectbox(
            t("conversation.filter_kind"), [None, *KINDS], key=f"{prefix}_kind",
            format_func=lambda k: t("conversation.kind_all") if k is None else t(f"conversation.kind_{k}"),
        )
    with phase_col:
        phases = st.multiselect(
            t("conversation.filter_phases"), list(PHASES), key=f"{prefix}_phases", format_func=phase_label,
            disabled=kind not in (None, PROCESS), placeholder=t("conversation.filter_all"),
        )
    with theme_col:
        themes = st.multiselect(
            t("conversation.filter_themes"), list(theme_names), key=f"{prefix}_themes",
            format_func=lambda theme_id: theme_names[theme_id], disabled=kind not in (None, THEME),
            placeholder=t("conversation.filter_all"),
        )
    with search_col:
        text = st.text_input(t("conversation.search"), key=f"{prefix}_search", max_chars=100)
    return select_cards(card_set, lang(), kind=kind, phases=phases, themes=themes, text=text)


def summary(face: CardFace) -> None:
    """A card in a list: what it is, its title and its explanation, in one element:
    a list of every card drew three per card (issue 19)."""
    st.markdown(f":gray[{kicker(face)}]\n\n#### {face.title}\n\n{face.explanation}")


def full(face: CardFace) -> None:
    """A card on the table: large type, readable across the table."""
    st.caption(kicker(face))
    st.title(face.title, anchor=False)
    st.markdown(f"#### {face.explanation}")
    for key, questions in face.groups:
        st.markdown(f"**{t(key)}**")
        for question in questions:
            st.subheader(question, anchor=False)


def hint(face: CardFace) -> None:
    with st.expander(t("card_sheet.hint")):
        st.write(face.hint)


def joint_questions(card: Card, also: Sequence[str]) -> str:
    """A theme card's questions for the joint dialogue as one markdown list, each with
    its wording in the languages `also` beneath it (a table of two languages)."""
    translations = [card.text(code).joint_questions or () for code in also]
    return "\n".join(
        f"- {question}" + "".join(f"  \n  *{other[number]}*" for other in translations if number < len(other))
        for number, question in enumerate(card.text(lang()).joint_questions or ())
    )
