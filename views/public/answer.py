"""A respondent's personal scan link: one theme per step, every answer saved at once.

Reached without an account, only through ?t=TOKEN. Shows nothing of the app beyond
this one scan: no menu, no names, no other case.
"""

import logging
from collections.abc import Callable

import streamlit as st

from reset_core import followup, scan, sharing
from reset_core.errors import ResetError, Unavailable
from reset_core.i18n import describe
from reset_core.instrument import load_instrument
from reset_core.model import Respondent
from reset_core.scan import LinkRefused
from ui import forms, link_page, own_results
from ui.state import lang, store, t, theme_name

db = store()
ss = st.session_state
SAVE_ERRORS = "answer_save_errors"  # what did not save, by question, until it does
ONE_BY_ONE = "answer_one_by_one"  # one statement per screen: the respondent's choice, kept all visit
STATEMENT = "answer_statement"  # which statement of the theme, when one per screen


def new_visit() -> None:
    for place in ("answer_step", STATEMENT, SAVE_ERRORS, ONE_BY_ONE):  # placed again from the stored answers
        ss.pop(place, None)


token, session = link_page.open_page(
    "answer", "t", "scan_link.title", "scan_link.language", first_visit=lambda tok: scan.open_link(db, tok), again=lambda tok: scan.resume(db, tok),
    refused=LinkRefused, on_first_visit=new_visit,
)

if session.response.submitted:
    st.success(t("scan_link.thank_you"))
    st.write(t("scan_link.thank_you_text"))
    for message in sorted(set(ss.get(SAVE_ERRORS, {}).values())):
        st.warning(message)  # a click in a second tab after submitting: it did not count
    # Their own results, never the other party's; their say over sharing them.
    own_results.draw(
        sharing.own_results(db, token), key="answer",
        release=lambda shared: sharing.release_through_link(db, token, shared),
        flag=lambda theme, wanted: sharing.flag_through_link(db, token, theme, wanted),
    )
    st.stop()

language = lang()
party = session.respondent.value
instrument = load_instrument(session.instrument_version)
themes = instrument.themes()
# Version 2 on: the work before the absence (the T0 scan) or the work now (after the return).
framing = instrument.framing_for(scan.framing_of(session.kind), party, language)
answers = session.response.answers
steps = len(themes) + 2  # intro is step 0; then the themes, the open questions, the summary
NOT_APPLICABLE = 0


def step_of(place: str) -> int:
    if place == scan.INTRO:
        return 0
    if place == scan.OPEN_QUESTIONS:
        return len(themes) + 1
    if place == scan.SUMMARY:
        return len(themes) + 2
    return themes.index(place) + 1


if "answer_step" not in ss:
    # Where they stopped, from what is stored: nothing the browser kept is needed.
    ss["answer_step"] = step_of(scan.progress(session).resume_at())
    ss["answer_welcome_back"] = ss["answer_step"] > 0
step = ss["answer_step"]


# The step buttons keep one key on every step: a button whose key changed is drawn as a new
# element, and a click landing while the browser swaps it in was lost without a word
# (measured on the menu, and here on "Volgende"). The price: a double click can move two
# steps; the summary shows every theme's state, and nothing is submitted unanswered.
def go(to: int, statement: int | None = None) -> None:
    """`statement`, when one per screen: None for the theme's first open one, -1 for its last."""
    ss["answer_step"] = max(0, min(steps, to))
    ss[STATEMENT] = statement
    ss.pop("answer_welcome_back", None)


def show_statement(number: int) -> None:
    ss[STATEMENT] = number


def on_a_phone() -> bool:
    # Streamlit cannot know the screen's width; the browser says whether it is a phone.
    headers = st.context.headers
    return headers.get("Sec-CH-UA-Mobile") == "?1" or "Mobi" in headers.get("User-Agent", "")


def one_at_a_time() -> bool:
    """As the respondent chose it (kept with their answers), else as their device suggests."""
    if ONE_BY_ONE not in ss:
        chosen = session.response.one_by_one
        ss[ONE_BY_ONE] = on_a_phone() if chosen is None else chosen
    return ss[ONE_BY_ONE]


def one_by_one_choice() -> None:
    """A toggle drawn only on some steps forgets its value on the others; the choice is kept
    apart from it so that it holds for the whole visit, and stored so that it holds the
    next time the link is opened."""
    one_at_a_time()

    def keep() -> None:
        wanted = ss[f"{ONE_BY_ONE}_toggle"]
        ss[ONE_BY_ONE] = wanted
        saving(ONE_BY_ONE, lambda: scan.save_one_by_one(db, token, wanted))

    st.toggle(t("scan_link.one_by_one"), value=ss[ONE_BY_ONE], key=f"{ONE_BY_ONE}_toggle", on_change=keep)
    save_error(ONE_BY_ONE)


def saving(question: str, save: Callable[[], None]) -> None:
    """Run one save; an answer that did not save says so under its question until it does."""
    errors = ss.setdefault(SAVE_ERRORS, {})
    try:
        save()
    except ResetError as exc:
        errors[question] = describe(exc, lang())
    except Exception:  # noqa: BLE001 - the respondent must hear that it failed, whatever failed
        logging.getLogger(__name__).exception("a scan answer was not saved")
        errors[question] = t("scan_link.not_saved")
    else:
        errors.pop(question, None)


def stored():
    """The session as stored now. A link that stopped meanwhile (revoked, or its case no
    longer taking answers) starts the page again, which says why."""
    try:
        return scan.resume(db, token)
    except (LinkRefused, Unavailable):
        st.rerun()


def save_error(question: str) -> None:
    message = ss.get(SAVE_ERRORS, {}).get(question)
    if message:
        st.error(message)


def save_item(item_id: str) -> None:
    value = ss[f"answer_{item_id}"]
    saving(item_id, lambda: scan.save_answer(db, token, item_id, None if value == NOT_APPLICABLE else value))


def save_text(question_id: str) -> None:
    text = ss[f"answer_open_{question_id}"]
    saving(f"open_{question_id}", lambda: scan.save_open_answer(db, token, question_id, text))


SKIP = "skip"  # "rather not say": the self-placement taken back (a radio cannot be unticked)


def save_continuum() -> None:
    level = None if ss["answer_continuum"] == SKIP else ss["answer_continuum"]
    saving("continuum", lambda: scan.save_continuum(db, token, level))


def scale_label(value: int) -> str:
    if value == NOT_APPLICABLE:
        return instrument.not_applicable.get(language, "n.v.t.")
    point = next(p for p in instrument.scale if p.value == value)
    return f"{value} - {point.label.get(language, '')}"


def nav(
    back: bool = True, forward_label: str = "scan_link.next",
    to_back: tuple = (go, (step - 1,)), to_next: tuple = (go, (step + 1,)),
) -> None:
    left, right = st.columns(2)
    if back:
        left.button(t("scan_link.previous"), key="answer_back", on_click=to_back[0], args=to_back[1], width="stretch")
    right.button(t(forward_label), key="answer_next", on_click=to_next[0], args=to_next[1], type="primary", width="stretch")
    if back:
        st.button(t("scan_link.to_summary"), key="answer_to_summary", on_click=go, args=(steps,), type="tertiary")


if step == 0:
    # Said before anything else: someone low on energy decides by it whether to start now.
    minutes = scan.minutes_needed(instrument, party)
    st.info(t("scan_access.time_needed", minutes=minutes, statements=len(instrument.items)), icon=":material/schedule:")
    st.write(instrument.intro_for(party, language))
    if framing:
        st.info(framing, icon=":material/history:")
    st.write(t("scan_access.how_to_answer"))
    st.info(t("scan_link.saved_note"))
    one_by_one_choice()
    nav(back=False, forward_label="scan_link.start" if not answers else "scan_link.continue")
    st.stop()

statement = None  # which statement of the theme, when one per screen
if step <= len(themes) and one_at_a_time():
    # Where the theme's first open one is, unless a move said.
    in_theme = instrument.items_for(themes[step - 1])
    asked = ss.get(STATEMENT)
    if asked is None:
        asked = next((n for n, item in enumerate(in_theme) if item.id not in answers), 0)
    statement = len(in_theme) - 1 if asked < 0 else min(asked, len(in_theme) - 1)
    ss[STATEMENT] = statement  # answering it must not move the screen on to the next open one
    # Counted over the whole scan, as a respondent counts: "statement 7 of 49", not of a part.
    position = sum(len(instrument.items_for(th)) for th in themes[: step - 1]) + statement + 1
    st.progress(position / len(instrument.items), text=t("scan_access.statement_of_all", number=position, count=len(instrument.items)))
else:
    st.progress(min(step, steps) / steps, text=t("scan_link.step", step=step, steps=steps))
if ss.get("answer_welcome_back"):
    st.info(t("scan_link.welcome_back"))

if step <= len(themes):
    theme = themes[step - 1]
    st.header(theme_name(theme))
    if framing:  # which work the statements are about: said on every theme, not only at the start
        st.caption(framing)
    st.caption(t("scan_link.required_note"))
    # An answer the page shows is saved even when its change callback did not run: when
    # changes come in quickly, Streamlit folds them into one rerun and can drop a callback,
    # and the respondent would then see every statement answered and still be told one is open.
    # Done before drawing, so that what is drawn under each statement is the outcome.
    for item in instrument.items_for(theme):
        held = ss.get(f"answer_{item.id}")
        if held is not None and answers.get(item.id, "missing") != (None if held == NOT_APPLICABLE else held):
            save_item(item.id)
    one_by_one_choice()
    items, moves = instrument.items_for(theme), {}
    if statement is not None:
        st.caption(t("scan_link.statement_of", number=statement + 1, count=len(items)))
        if statement > 0:
            moves["to_back"] = (show_statement, (statement - 1,))
        else:
            moves["to_back"] = (go, (step - 1, -1))
        if statement < len(items) - 1:
            moves["to_next"] = (show_statement, (statement + 1,))
        items = (items[statement],)
    options = [1, 2, 3, 4, 5, NOT_APPLICABLE]
    # One statement per screen draws its answers as big targets (ui/style.css): a whole
    # row to tap, for a thumb or an unsteady hand.
    with st.container(key="answer_one_statement" if statement is not None else "answer_statements"):
        for item in items:
            saved = answers.get(item.id, "missing")
            index = None if saved == "missing" else options.index(NOT_APPLICABLE if saved is None else saved)
            st.radio(
                item.text(party, language), options, index=index, key=f"answer_{item.id}",
                format_func=scale_label, on_change=save_item, args=(item.id,),
            )
            save_error(item.id)
    # Counted from what is stored now, so a statement whose answer did not save stays open.
    done = next(p for p in scan.progress(stored()).themes if p.theme == theme)
    if not done.complete:
        st.warning(t("scan_link.theme_missing", count=done.items - done.answered))
    else:
        st.success(t("scan_link.theme_done"))
    nav(**moves)
elif step == len(themes) + 1:
    st.header(t("scan_link.open_title"))
    # As for the statements: what the page holds is saved even if its callback was dropped.
    if ss.get("answer_continuum") not in (None, session.response.continuum or SKIP):
        save_continuum()
    for question in instrument.questions_for(party):
        held_text = ss.get(f"answer_open_{question.id}")
        if held_text is not None and held_text.strip() != session.response.open_answers.get(question.id, ""):
            save_text(question.id)
    if session.respondent is Respondent.EMPLOYEE:
        # Optional, and leaving it is an answer too: "rather not say" takes a choice back.
        levels = [level.id for level in instrument.continuum] + [SKIP]
        chosen = session.response.continuum
        st.radio(
            instrument.continuum_question.get(language, ""), levels,
            index=levels.index(chosen) if chosen in levels else None,
            key="answer_continuum", on_change=save_continuum,
            format_func=lambda lid: t("scan_link.continuum_skip") if lid == SKIP else next(
                f"{lv.label.get(language)} - {lv.description.get(language)}" for lv in instrument.continuum if lv.id == lid
            ),
        )
        save_error("continuum")
        st.caption(t("scan_link.continuum_optional") + " " + instrument.continuum_note.get(language, ""))
        if ss.get("answer_continuum", chosen) in followup.LOW_CONTINUUM:
            st.info(t("scan_link.continuum_support"))
    st.caption(t("scan_link.open_optional"))
    for question in instrument.questions_for(party):
        st.text_area(
            question.text.get(language, ""), value=session.response.open_answers.get(question.id, ""),
            max_chars=scan.MAX_OPEN_ANSWER, key=f"answer_open_{question.id}", on_change=save_text, args=(question.id,),
        )
        save_error(f"open_{question.id}")
    nav()
else:
    st.header(t("scan_link.summary"))
    st.write(t("scan_link.summary_intro"))
    current = scan.progress(stored())
    # Every part is a way back into it: the unfinished ones to go on, the others to review.
    for number, part in enumerate(current.themes, start=1):
        st.button(
            t("scan_link.summary_done" if part.complete else "scan_link.summary_todo", theme=theme_name(part.theme), answered=part.answered, items=part.items),
            key=f"answer_jump_{part.theme}", on_click=go, args=(number,), width="stretch",
            icon=":material/check_circle:" if part.complete else ":material/edit:",
        )
    st.button(
        t("scan_link.summary_open_done"), key="answer_jump_open", on_click=go, args=(step_of(scan.OPEN_QUESTIONS),),
        width="stretch", icon=":material/chat:",
    )
    if current.complete:
        st.success(t("scan_link.summary_complete"))
    else:
        st.info(t("scan_link.summary_parts_open"))

    def submit() -> None:
        scan.submit(db, token)

    st.button(t("scan_link.submit"), type="primary", key="answer_submit", on_click=forms.action("answer", submit), width="stretch")
    forms.error("answer", "form")
    forms.error("answer")
    st.button(t("scan_link.previous"), key="answer_back", on_click=go, args=(step - 1,))
