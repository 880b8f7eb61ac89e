"""A case's phase on screen: where it stands and the facts that put it there, what
moves it on, its history, and the form to correct it with a reason."""

from __future__ import annotations

import streamlit as st

from reset_core import phases
from reset_core.model import Phase, User
from reset_core.storage import Store

from . import forms
from .state import lang, notify, t

FORM = "phase_correct"


def _how(change) -> str:
    return t(f"phases.kind.{change.kind}", name=change.by_name or change.by or "", reason=change.reason)


def phase_section(db: Store, me: User, case_id: int, page: str) -> None:
    """The phase with its reasons; a correction is told in `page`'s notice."""
    file = phases.explain(db, me, case_id)
    verdict = file.verdict
    # Our own sentences with dates and numbers only, never user text: shown as they are.
    st.markdown(f"**{t('intake.phase_current', phase=t(f'phase.{verdict.phase.value}'))}**")
    if verdict.corrected:
        st.info(t("phases.corrected", phase=t(f"phase.{verdict.facts_phase.value}")), icon=":material/edit_note:")
    else:
        for reason in verdict.reasons:
            st.caption(reason.text(lang()))
    if verdict.waiting and not verdict.corrected:
        st.caption(f"{t('phases.waiting_title')}: {verdict.waiting.text(lang())}")

    with st.expander(t("phases.correct_title")):
        if verdict.corrected:
            st.caption(t("phases.why_title"))
            for reason in verdict.reasons:
                st.text(reason.text(lang()))
        if file.history:
            st.caption(t("phases.history_title"))
            st.dataframe(
                [
                    {
                        t("intake.history_when"): f"{change.at:%d/%m/%Y %H:%M}",
                        t("phases.title"): t(f"phase.{change.phase.value}"),
                        t("intake.history_detail"): _how(change),
                    }
                    for change in reversed(file.history)
                ],
                hide_index=True,
                width="stretch",
            )
        if verdict.phase is Phase.CLOSED:
            return
        st.caption(t("phases.correct_explain"))
        choices = [p for p in Phase if p is not Phase.CLOSED]
        phase_key, reason_key = f"{FORM}_phase_{case_id}", f"{FORM}_reason_{case_id}"

        def submit() -> None:
            ss = st.session_state
            changed = phases.correct(db, me, case_id, ss[phase_key], ss[reason_key])
            ss[reason_key] = ""  # said and stored: the next correction starts empty
            notify(page, t("phases.corrected_notice", phase=t(f"phase.{changed.case.phase.value}")))

        with st.form(f"{FORM}_{case_id}"):
            st.selectbox(
                t("phases.correct_phase"), choices, index=choices.index(verdict.phase), key=phase_key,
                format_func=lambda p: t(f"phase.{p.value}"),
            )
            forms.error(FORM, "phase")
            st.text_area(t("phases.correct_reason"), max_chars=phases.MAX_REASON, key=reason_key)
            forms.error(FORM, "phase_reason")
            st.form_submit_button(t("phases.correct_submit"), on_click=forms.action(FORM, submit))
        forms.error(FORM)
