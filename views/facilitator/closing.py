"""Closing a case: the outcome, the 9-month answer, the lessons and a prevention
action; reopening with a reason. Lessons feed the anonymous learning view."""

from datetime import date

import streamlit as st

from reset_core import closing
from reset_core.cards import load_card_set
from reset_core.formats import day
from reset_core.model import AtWorkNineMonths, ClosingOutcome, LessonKind, LessonLevel
from ui import evaluation, focus, forms, state
from ui.forms import EARLIEST, LATEST
from ui.state import notice, notify, or_stop, t

me, db, case_id = focus.case_screen("closing.title")
ss = st.session_state
record = or_stop(closing.load, db, me, case_id)
case, current = record.case, record.current
themes = [theme.id for theme in load_card_set().themes]


def theme_name(theme: str | None) -> str:
    return t("closing.theme_none") if theme is None else state.theme_name(theme)


notice("closing")

if current is not None:
    st.info(t("closing.is_closed", date=day(current.closed_on), outcome=t(f"outcome.{current.outcome.value}")))
elif record.closed:
    st.warning(t("closing.closed_without_record"))
else:
    st.write(t("closing.intro_open"))
st.caption(t("closing.privacy_note"))
evaluation.section(db, me, case_id)

# --- the closing itself ----------------------------------------------------------
FORM = "closing_form"
suffix = f"{case_id}_{current.id if current else 'new'}"
k = lambda name: f"closing_{name}_{suffix}"  # noqa: E731


def save(request: str) -> None:
    was_closed = record.closed
    closing.save_closing(
        db, me, case_id, ss[k("closed_on")], ss[k("outcome")], ss[k("at_work_9m")],
        ss[k("prevention_action")], ss[k("prevention_theme")], request=request,
    )
    notify("closing", t("closing.saved") if was_closed else t("closing.closed_notice"))


st.subheader(t("closing.form_section"))
with st.form(forms.keyed(f"{FORM}_{suffix}")):
    st.date_input(
        t("closing.closed_on"), value=current.closed_on if current else date.today(), min_value=EARLIEST,
        max_value=LATEST, key=k("closed_on"), format="DD/MM/YYYY",
    )
    forms.error(FORM, "closed_on")
    outcomes = [None, *ClosingOutcome]
    st.selectbox(
        t("closing.outcome"), outcomes, index=outcomes.index(current.outcome) if current else 0, key=k("outcome"),
        format_func=lambda o: t("closing.outcome_none") if o is None else t(f"outcome.{o.value}"),
    )
    forms.error(FORM, "outcome")
    answers = list(AtWorkNineMonths)
    st.radio(
        t("closing.at_work_9m"), answers, horizontal=True, key=k("at_work_9m"),
        index=answers.index(current.at_work_9m if current else AtWorkNineMonths.NOT_KNOWN),
        format_func=lambda a: t(f"closing.at_work_{a.value}"), help=t("closing.at_work_help"),
    )
    forms.error(FORM, "at_work_9m")
    st.text_area(
        t("closing.prevention_action"), value=current.prevention_action if current else "",
        max_chars=closing.MAX_PREVENTION, key=k("prevention_action"), help=t("closing.prevention_help"),
    )
    forms.error(FORM, "prevention_action")
    theme_options = [None, *themes]
    st.selectbox(
        t("closing.prevention_theme"), theme_options, key=k("prevention_theme"), format_func=theme_name,
        index=theme_options.index(current.prevention_theme) if current and current.prevention_theme in themes else 0,
    )
    forms.error(FORM, "prevention_theme")
    st.form_submit_button(
        t("closing.save") if current else t("closing.close"), type="primary",
        on_click=forms.action(FORM, save, request_of=f"{FORM}_{suffix}"),
    )
forms.error(FORM, "form")
forms.error(FORM)

# --- lessons ---------------------------------------------------------------------------
st.subheader(t("closing.lessons_section"))
if current is None:
    st.caption(t("closing.not_closed_yet"))
else:
    st.write(t("closing.lessons_intro"))
    if not current.lessons:
        st.caption(t("closing.no_lessons"))
    for lesson in current.lessons:
        with st.container(border=True):
            st.caption(t(
                "closing.lesson_line", kind=t(f"closing.kind_{lesson.kind.value}"),
                level=t(f"level.{lesson.level.value}"), theme=theme_name(lesson.theme),
            ))
            st.text(lesson.text)

            def remove(lesson_id=lesson.id) -> None:
                closing.remove_lesson(db, me, case_id, lesson_id)
                notify("closing", t("closing.lesson_removed"))

            st.button(t("closing.remove_lesson"), key=f"closing_remove_{lesson.id}", on_click=forms.action("closing_lessons", remove))
    forms.error("closing_lessons", "lessons")
    forms.error("closing_lessons")

    LESSON = "closing_lesson"

    def add(request: str) -> None:
        closing.add_lesson(
            db, me, case_id, ss.closing_lesson_kind, ss.closing_lesson_level, ss.closing_lesson_theme,
            ss.closing_lesson_text, request=request,
        )
        notify("closing", t("closing.lesson_added"))
        ss["closing_lesson_text"] = ""

    with st.form(forms.keyed(LESSON)):
        st.radio(
            t("closing.lesson_kind"), list(LessonKind), horizontal=True, key="closing_lesson_kind",
            format_func=lambda kind: t(f"closing.kind_{kind.value}"),
        )
        left, right = st.columns(2)
        left.selectbox(t("closing.lesson_level"), list(LessonLevel), key="closing_lesson_level", format_func=lambda lvl: t(f"level.{lvl.value}"))
        right.selectbox(t("closing.lesson_theme"), themes, key="closing_lesson_theme", format_func=theme_name)
        forms.error(LESSON, "lesson_theme")
        st.text_area(t("closing.lesson_text"), max_chars=closing.MAX_LESSON, key="closing_lesson_text")
        forms.error(LESSON, "lesson_text")
        st.form_submit_button(t("closing.add_lesson"), on_click=forms.action(LESSON, add, with_request=True))
    forms.error(LESSON, "lesson_level")
    forms.error(LESSON)

# --- reopening -------------------------------------------------------------------------
if record.closed:
    st.subheader(t("closing.reopen_section"))
    st.write(t("closing.reopen_intro"))
    REOPEN = "closing_reopen"

    def reopen(request: str) -> None:
        closing.reopen(db, me, case_id, ss.closing_reopen_reason, request=request)
        notify("closing", t("closing.reopened_notice"))
        ss["closing_reopen_reason"] = ""

    with st.form(REOPEN):
        st.text_area(t("closing.reopen_reason"), max_chars=closing.MAX_REASON, key="closing_reopen_reason")
        forms.error(REOPEN, "reopen_reason")
        st.form_submit_button(t("closing.reopen"), on_click=forms.action(REOPEN, reopen, with_request=True))
    forms.error(REOPEN, "form")
    forms.error(REOPEN)

earlier = [c for c in record.history if not c.active]
if earlier or record.reopenings:
    with st.expander(t("closing.history_section")):
        for c in earlier:
            st.text(t("closing.history_closing", date=day(c.closed_on), outcome=t(f"outcome.{c.outcome.value}")))
        for r in record.reopenings:
            st.text(t("closing.history_reopening", date=day(r.reopened_at), who=r.reopened_by, reason=r.reason))
