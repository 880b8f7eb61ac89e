"""A respondent's personal scan link: one theme per step, every answer saved at once.

Reached without an account, only through ?t=TOKEN. Shows nothing of the app beyond
this one scan: no menu, no names, no other case.
"""

import time

import streamlit as st

from reset_core import scan
from reset_core.cards import load_card_set
from reset_core.i18n import LANGUAGES
from reset_core.instrument import load_instrument
from reset_core.model import Respondent
from reset_core.scan import LinkRefused
from reset_core.scoring import missing_items
from ui import forms
from ui.state import store, t

db = store()
ss = st.session_state
token = st.query_params.get("t", "")

try:
    if ss.get("answer_token") == token:
        session = scan.resume(db, token)
    else:
        session = scan.open_link(db, token)  # logged once per browser session
        ss["answer_token"] = token
        ss["answer_step"] = 0
        ss["lang"] = session.language  # the language the facilitator chose; switchable below
except LinkRefused as refused:
    ss["answer_failures"] = ss.get("answer_failures", 0) + 1
    time.sleep(scan.bad_token_delay(ss["answer_failures"]))  # guessing gets slow
    st.title(t("scan_link.title"))
    st.error(t(refused.key))
    st.stop()

st.title(t("scan_link.title"))
st.radio(t("scan_link.language"), LANGUAGES, key="lang", horizontal=True, format_func=lambda code: t(f"app.language_{code}"))

if session.response.submitted:
    st.success(t("scan_link.thank_you"))
    st.write(t("scan_link.thank_you_text"))
    st.stop()

lang = ss["lang"]
party = session.respondent.value
instrument = load_instrument(session.instrument_version)
themes = instrument.themes()
cards = load_card_set()
answers = session.response.answers
steps = len(themes) + 2  # intro is step 0; then the themes, the open questions, the summary
step = ss.get("answer_step", 0)
NOT_APPLICABLE = 0


def go(to: int) -> None:
    ss["answer_step"] = max(0, min(steps, to))


def save_item(item_id: str) -> None:
    value = ss[f"answer_{item_id}"]
    scan.save_answer(db, token, item_id, None if value == NOT_APPLICABLE else value)


def save_text(question_id: str) -> None:
    scan.save_open_answer(db, token, question_id, ss[f"answer_open_{question_id}"])


def save_continuum() -> None:
    scan.save_continuum(db, token, ss["answer_continuum"])


def scale_label(value: int) -> str:
    if value == NOT_APPLICABLE:
        return instrument.not_applicable.get(lang, "n.v.t.")
    point = next(p for p in instrument.scale if p.value == value)
    return f"{value} - {point.label.get(lang, '')}"


def nav(back: bool = True, forward_label: str = "scan_link.next") -> None:
    left, right = st.columns(2)
    if back:
        left.button(t("scan_link.previous"), key=f"answer_back_{step}", on_click=go, args=(step - 1,), width="stretch")
    right.button(t(forward_label), key=f"answer_next_{step}", on_click=go, args=(step + 1,), type="primary", width="stretch")


if step == 0:
    st.write(instrument.intro_for(party, lang))
    st.info(t("scan_link.saved_note"))
    nav(back=False, forward_label="scan_link.start" if not answers else "scan_link.continue")
    st.stop()

st.progress(min(step, steps) / steps, text=t("scan_link.step", step=step, steps=steps))

if step <= len(themes):
    theme = themes[step - 1]
    st.header(cards.theme(theme).text(lang).name or theme)
    st.caption(t("scan_link.required_note"))
    options = [1, 2, 3, 4, 5, NOT_APPLICABLE]
    for item in instrument.items_for(theme):
        saved = answers.get(item.id, "missing")
        index = None if saved == "missing" else options.index(NOT_APPLICABLE if saved is None else saved)
        st.radio(
            item.text(party, lang), options, index=index, key=f"answer_{item.id}",
            format_func=scale_label, on_change=save_item, args=(item.id,),
        )
    # An answer the page shows is saved even when its change callback did not run: when
    # changes come in quickly, Streamlit folds them into one rerun and can drop a callback,
    # and the respondent would then see every statement answered and still be told one is open.
    for item in instrument.items_for(theme):
        held = ss.get(f"answer_{item.id}")
        if held is not None and answers.get(item.id, "missing") != (None if held == NOT_APPLICABLE else held):
            save_item(item.id)
    open_count = missing_items(instrument, scan.resume(db, token).response.answers).get(theme, 0)
    if open_count:
        st.warning(t("scan_link.theme_missing", count=open_count))
    else:
        st.success(t("scan_link.theme_done"))
    nav()
elif step == len(themes) + 1:
    st.header(t("scan_link.open_title"))
    if session.respondent is Respondent.EMPLOYEE:
        levels = [level.id for level in instrument.continuum]
        st.radio(
            instrument.continuum_question.get(lang, ""), levels,
            index=levels.index(session.response.continuum) if session.response.continuum in levels else None,
            key="answer_continuum", on_change=save_continuum,
            format_func=lambda lid: next(f"{lv.label.get(lang)} - {lv.description.get(lang)}" for lv in instrument.continuum if lv.id == lid),
        )
        st.caption(t("scan_link.continuum_required") + " " + instrument.continuum_note.get(lang, ""))
    st.caption(t("scan_link.open_optional"))
    for question in instrument.questions_for(party):
        st.text_area(
            question.text.get(lang, ""), value=session.response.open_answers.get(question.id, ""),
            max_chars=scan.MAX_OPEN_ANSWER, key=f"answer_open_{question.id}", on_change=save_text, args=(question.id,),
        )
    nav()
else:
    st.header(t("scan_link.summary"))
    st.write(t("scan_link.summary_intro"))
    current = scan.resume(db, token).response
    missing = missing_items(instrument, current.answers)
    st.table(
        {
            t("scan_link.summary_theme"): [cards.theme(th).text(lang).name or th for th in themes],
            t("scan_link.summary_answered"): [
                f"{len(instrument.items_for(th)) - missing.get(th, 0)}/{len(instrument.items_for(th))}" for th in themes
            ],
        }
    )
    if not missing:
        st.success(t("scan_link.summary_complete"))

    def submit() -> None:
        scan.submit(db, token)

    st.button(t("scan_link.submit"), type="primary", key="answer_submit", on_click=forms.action("answer", submit), width="stretch")
    forms.error("answer", "form")
    forms.error("answer", "continuum")
    forms.error("answer")
    st.button(t("scan_link.previous"), key="answer_back_summary", on_click=go, args=(step - 1,))
