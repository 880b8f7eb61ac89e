"""The joint dialogue: the shared screen for employee, manager and facilitator.

Everything on it comes from `dialogue.joint_view`, which is built only from what both
parties may see. In presentation mode app.py shows this page alone: no menu, no
sidebar, no other case, and nothing to edit: the facilitator notes and edits on the
normal view.
"""

import streamlit as st

from reset_core import dialogue, formats, goals, presentation, scan, services
from reset_core.allowed import Use
from reset_core.cards import load_card_set
from reset_core.documents import charts
from reset_core.errors import Unavailable
from reset_core.formats import fixed
from reset_core.i18n import translate
from reset_core.model import GoalOwner
from ui import cards as card_ui
from ui import edits, focus, forms, scan_charts
from ui import presentation as ui_presentation
from ui.state import lang, refused, show_error, store, t, theme_name, user
from ui.text import plain

me = user()
db = store()
ss = st.session_state
cards = load_card_set()
presenting = focus.presenting()


def leave_presentation(case_id: int | None) -> None:
    # The session first (ui/forms.py): a second click can stop the callback at any
    # session access, never between ending in the database and leaving the mode.
    focus.stop_presenting()
    if case_id is not None:
        presentation.end(db, me, case_id)  # every second screen goes blank with it


if presenting:
    # One section at a time, in large type; nothing to edit (the facilitator notes and
    # adds goals on the normal view). The section is kept with the case's presentation:
    # a reload comes back to it, and every second screen follows it.
    case_id = focus.presented_case(db, me)
    try:
        if case_id is None:
            raise Unavailable("dialogue.no_case_presented")
        view = dialogue.joint_view(db, me, case_id)
        section = presentation.on_screen(view, presentation.present(db, me, case_id))
    except Unavailable:
        # Both parties may be reading the projector: it says only that the screen is not
        # available; the facilitator's own screen says why.
        st.button(t("dialogue.leave"), key="dialogue_leave", on_click=leave_presentation, args=(case_id,), icon=":material/close_fullscreen:")
        st.info(t("dialogue.no_case_presented" if case_id is None else "dialogue.unavailable_presenting"))
        st.stop()
    ui_presentation.navigation(
        view, section, lambda to: forms.action("presentation", lambda: presentation.move(db, me, case_id, to))(),
        lambda: leave_presentation(case_id),
    )
    ui_presentation.draw(view, section, (me.username, case_id))
    st.stop()

st.title(t("dialogue.title"))
case_id = focus.case_page(db, me)
st.caption(t("dialogue.explain"))
try:
    view = dialogue.joint_view(db, me, case_id)
except Unavailable as stopped:
    show_error(stopped)
    st.stop()
st.button(t("dialogue.present"), key="dialogue_present", on_click=focus.start_presenting, args=(case_id,), type="primary", icon=":material/co_present:")
editable = not refused(services.allowance(db, me, case_id), Use.JOINT_EDITS)  # a closed case: read only, and why
ui_presentation.second_screen(db, me, case_id)
st.divider()
st.title(plain(t("dialogue.heading", employee=view.employee_name, manager=view.manager_name)))
# A mixed case (a French-speaking employee, a Dutch-speaking manager): the screen's own
# words in each party's language too, so that both read it; what people typed stays as typed.
also = [code for code in view.languages if code != lang()]


def in_all(key: str, **params) -> str:
    return " / ".join([t(key, **params)] + [translate(key, code, **params) for code in also])


def theme_in_all(theme: str) -> str:
    return " / ".join([theme_name(theme)] + [formats.theme_name(theme, code) for code in also])


# --- the scan, side by side --------------------------------------------------------
st.header(in_all("dialogue.scan_title"))
if view.agenda:
    st.caption(t("dialogue.scan_moment", moment=t(f"moment_kind.{view.moment.value}")))
    frame = charts.comparison_frame(view.agenda, theme_name, lambda party: t(f"scan.{party}_score"), lambda v: fixed(v, lang()))
    scan_charts.comparison(frame, me.username, case_id, large=True)
    st.caption(t("scan.legend"))
    if view.mirror:  # released by both, as the chart: never an unshared party's answers
        with st.expander(in_all("goals.mirror_title")):
            scan_charts.mirror_table(view.mirror, view.mirror_version)
    themes = [row.theme for row in view.agenda]
    flags = {
        row.theme: ([t("dialogue.shared_concern")] if row.shared_concern else [])
        + ([t("dialogue.worth_discussing", gap=fixed(abs(row.gap), lang()))] if row.worth_discussing else [])
        for row in view.agenda
    }
else:
    # Not released by both: said so, never by whom.
    st.info(in_all("sharing.joint_not_released" if view.not_released else "dialogue.no_scan"))
    themes = view.order([theme.id for theme in cards.themes])
    flags = {}
# How many want to talk about a theme, never who.
WANTED = {2: "sharing.joint_wanted_both", 1: "sharing.joint_wanted_one"}
for theme, count in view.wanted.items():
    flags[theme] = [t(WANTED[count])] + flags.get(theme, [])

# --- the agenda ---------------------------------------------------------------------
st.header(in_all("dialogue.agenda_title"))
st.caption(t("dialogue.agenda_explain"))


def tick_topic(theme: str) -> None:
    # Only the box: the note field saves itself, against the version it was drawn from.
    dialogue.save_topic(db, me, case_id, theme, ss[f"dialogue_done_{case_id}_{theme}"], None)


def topic_saver(theme: str):
    def save(text: str, base: int) -> edits.Stored:
        saved = dialogue.save_topic(db, me, case_id, theme, None, text, base=base)
        return edits.Stored(saved.note, saved.note_version, saved.updated_at)

    return save


for theme in themes:
    topic = view.topics.get(theme)
    marks = " · ".join(flags.get(theme, []))
    st.subheader(theme_in_all(theme) + (f"  ({marks})" if marks else ""))
    with st.container(border=True):
        # One element, not one per question (issue 19).
        st.markdown(f"**{in_all('dialogue.joint_questions')}**\n\n" + card_ui.joint_questions(cards.theme_card_for(theme), also))
        if not editable:
            if topic and topic.discussed:
                st.markdown(f"**:material/check: {t('dialogue.discussed')}**")
            if topic and topic.note:
                st.text(topic.note)
            continue
        st.checkbox(
            t("dialogue.discussed"), value=topic.discussed if topic else False,
            key=f"dialogue_done_{case_id}_{theme}", on_change=forms.action(f"dialogue_{theme}", lambda th=theme: tick_topic(th)),
        )
        forms.error(f"dialogue_{theme}")
        edits.text_area(
            f"dialogue_note_{case_id}_{theme}", t("dialogue.note"),
            edits.Stored(topic.note, topic.note_version, topic.updated_at) if topic else edits.Stored("", 0),
            topic_saver(theme), max_chars=dialogue.MAX_NOTE, help=t("dialogue.note_shared"),
        )

# --- shared insights ----------------------------------------------------------------
st.header(in_all("dialogue.insights_title"))
if not view.insights:
    st.info(t("dialogue.no_insights"))
for insight in view.insights:
    ui_presentation.insight_card(insight)

# --- goals --------------------------------------------------------------------------
st.header(in_all("dialogue.goals_title"))
if not view.goals:
    st.info(t("dialogue.no_goals"))
for goal in view.goals:
    with st.container(border=True):
        ui_presentation.goal_lines(goal, view.progress.get(goal.id))
        if not editable:
            continue
        st.button(
            t("dialogue.goal_drop"), key=f"dialogue_drop_{goal.id}",
            on_click=forms.action("dialogue_goal", lambda gid=goal.id: dialogue.drop_goal(db, me, case_id, gid)),
        )

if not editable:
    st.stop()  # agreeing a goal is done on the facilitator's own screen, on an open case

GOAL = "dialogue_goal"


def add_goal(request: str) -> None:
    dialogue.add_goal(
        db, me, case_id, ss.dialogue_goal_theme, ss.dialogue_goal_owner, ss.dialogue_goal_description,
        ss.dialogue_goal_indicator, ss.dialogue_goal_target, request=request,
        target_score=ss.dialogue_goal_target_score, items=ss.get(f"dialogue_goal_items_{ss.dialogue_goal_theme}", []),
    )


# A goal's statements are those of the case's scan version: the one its re-scans measure.
scan_version = scan.case_version(db, me, case_id).version
with forms.draft_form(GOAL):
    st.markdown(f"**{t('dialogue.goal_add')}**")
    st.selectbox(t("dialogue.goal_theme"), themes, key="dialogue_goal_theme", format_func=theme_name)
    # The statements of the chosen theme, a widget per theme: drawn anew when the theme
    # changes (a draft form is no st.form), never holding another theme's statements.
    goal_theme = ss.get("dialogue_goal_theme") or themes[0]
    st.multiselect(
        t("goals.items"), goals.theme_items(goal_theme, scan_version), key=f"dialogue_goal_items_{goal_theme}", help=t("goals.items_help"),
        format_func=lambda item: goals.item_text(item, "employee", lang()),
    )
    forms.error(GOAL, "goal_items")
    st.select_slider(
        t("goals.target_score"), goals.TARGET_CHOICES, value=4.0, key="dialogue_goal_target_score",
        format_func=lambda v: fixed(v, lang()), help=t("goals.target_score_help"),
    )
    forms.error(GOAL, "goal_target_score")
    st.selectbox(t("dialogue.goal_owner"), list(GoalOwner), key="dialogue_goal_owner", format_func=lambda o: t(f"goal_owner.{o.value}"))
    st.text_area(t("dialogue.goal_description"), max_chars=dialogue.MAX_GOAL_TEXT, **forms.field(GOAL, "dialogue_goal_description"))
    forms.error(GOAL, "goal_description")
    st.text_area(t("dialogue.goal_how"), max_chars=dialogue.MAX_GOAL_TEXT, **forms.field(GOAL, "dialogue_goal_indicator"))
    forms.error(GOAL, "goal_indicator")
    st.selectbox(
        t("dialogue.goal_target"), dialogue.GOAL_TARGETS, key="dialogue_goal_target", format_func=lambda k: t(f"moment_kind.{k.value}")
    )
    forms.error(GOAL, "goal_target")
    forms.submit(GOAL, t("dialogue.goal_add"), forms.action(GOAL, add_goal, with_request=True))
forms.error(GOAL)
