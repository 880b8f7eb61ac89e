"""A party's own scan results of one moment, the themes they want to talk about, and
their release for the joint dialogue: drawn the same on their scan link (that moment)
and in their personal space (every moment they submitted)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from reset_core import formats
from reset_core.instrument import load_instrument
from reset_core.sharing import OwnResults

from . import forms
from .state import lang, t, theme_name


def draw(
    mine: OwnResults, *, key: str, release: Callable[[bool], None], flag: Callable[[str, bool], None], level: int = 2,
) -> None:
    """`key` keeps two moments on one page apart; `release(shared)` and `flag(theme,
    wanted)` write through the party's own link or space; `level`: the headings' rank
    under the page's own (a screen reader lists them in order)."""
    instrument, language = load_instrument(mine.instrument_version), lang()

    def heading(text: str, rank: int = level) -> None:
        st.markdown(f"{'#' * rank} {text}")

    heading(t("sharing.own_title"))
    st.info(t("sharing.not_a_diagnosis"))
    st.caption(t("sharing.own_only"))
    heading(t("sharing.flags_title"), level + 1)
    st.caption(t("sharing.flags_explain"))
    for theme in instrument.themes():
        score = mine.scores[theme]
        with st.container(border=True):
            st.markdown(f"**{theme_name(theme)}**")
            st.write(t("sharing.score", score=formats.fixed(score.mean, language)) if score.enough else t("sharing.score_not_enough"))
            with st.expander(t("sharing.own_answers")):
                for item in instrument.items_for(theme):
                    value = mine.answers.get(item.id)
                    label = instrument.not_applicable.get(language, "n.v.t.") if value is None else str(value)
                    st.text(t("sharing.answer_line", statement=item.text(mine.respondent.value, language), answer=label))
            box = f"{key}_flag_{theme}"
            st.checkbox(
                t("sharing.flag"), value=theme in mine.flagged, key=box,
                on_change=forms.action(f"{key}_flags", lambda th=theme, box=box: flag(th, st.session_state[box])),
            )
    forms.error(f"{key}_flags")

    heading(t("sharing.release_title"))
    st.write(t("sharing.release_question"))
    st.caption(t("sharing.release_rule"))
    with st.container(border=True):
        st.markdown(f"**{t('sharing.preview_title')}**")
        st.caption(t("sharing.preview_explain"))
        st.dataframe(
            [{t("sharing.preview_theme"): theme_name(theme), t("sharing.preview_score"): formats.fixed(mine.scores[theme].mean, language) or "-"}
             for theme in instrument.themes()],
            hide_index=True, width="stretch",
        )
    if not mine.released:
        st.info(t("sharing.not_released_state"))
        st.button(
            t("sharing.release_yes"), key=f"{key}_release", type="primary",
            on_click=forms.action(f"{key}_release", lambda: release(True)),
        )
    else:
        st.success(t("sharing.released_state"))
        if mine.can_withdraw:
            st.caption(t("sharing.withdraw_explain"))
            st.button(
                t("sharing.withdraw"), key=f"{key}_withdraw",
                on_click=forms.action(f"{key}_release", lambda: release(False)),
            )
        else:
            st.info(t("sharing.cannot_withdraw"))
    forms.error(f"{key}_release", "released")
    forms.error(f"{key}_release")
