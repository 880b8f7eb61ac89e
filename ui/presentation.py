"""The joint dialogue as a presentation: one section at a time, in large type.

Drawn on the projector (views/facilitator/dialogue.py, presentation mode) and on a
second screen (views/public/display.py) from the same `JointView`, which holds only what
both parties may see. Nothing here edits anything. The type grows with the window
(ui/style.css, .st-key-presentation): read from across a room on 1920 x 1080, whole on
1024 x 768.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import segno
import streamlit as st

from reset_core import formats, goals, presentation
from reset_core.cards import load_card_set
from reset_core.dialogue import ItemDifference, JointView
from reset_core.documents import charts
from reset_core.formats import day, fixed
from reset_core.goals import GoalProgress
from reset_core.i18n import translate
from reset_core.instrument import load_instrument
from reset_core.model import Goal, Insight, User
from reset_core.storage import Store

from . import focus, forms, scan_charts
from .cards import joint_questions
from .state import lang, link_base, t, theme_name
from .text import plain

WANTED = {2: "sharing.joint_wanted_both", 1: "sharing.joint_wanted_one"}


class _Words:
    """The screen's own words in the reader's language, and in the other party's too when
    the parties speak different languages (a Brussels case)."""

    def __init__(self, view: JointView) -> None:
        self.also = [code for code in view.languages if code != lang()]

    def all(self, key: str, **params: object) -> str:
        return " / ".join([t(key, **params)] + [translate(key, code, **params) for code in self.also])

    def theme(self, theme: str) -> str:
        return " / ".join([theme_name(theme)] + [formats.theme_name(theme, code) for code in self.also])


def section_name(view: JointView, section: str) -> str:
    theme = presentation.theme_of(section)
    return theme_name(theme) if theme else t(f"presentation.section_{section}")


def counter(view: JointView, section: str) -> str:
    order = presentation.sections(view)
    return t("presentation.counter", number=order.index(section) + 1, total=len(order), name=section_name(view, section))


def draw(view: JointView, section: str, chart_key: tuple[str, int]) -> None:
    """One section, large. `chart_key`: whose cache the comparison chart's spec goes in
    (a user, or the second screen, and the case)."""
    words = _Words(view)
    with st.container(key="presentation"):
        st.title(plain(t("dialogue.heading", employee=view.employee_name, manager=view.manager_name)))
        theme = presentation.theme_of(section)
        if section == presentation.OVERVIEW:
            _overview(view, words, chart_key)
        elif theme:
            _theme(view, words, theme)
        elif section == presentation.INSIGHTS:
            _insights(view, words)
        else:
            _goals(view, words)


def _overview(view: JointView, words: _Words, chart_key: tuple[str, int]) -> None:
    st.header(words.all("dialogue.scan_title"))
    if view.agenda:
        st.caption(t("dialogue.scan_moment", moment=t(f"moment_kind.{view.moment.value}")))
        frame = charts.comparison_frame(view.agenda, theme_name, lambda party: t(f"scan.{party}_score"), lambda v: fixed(v, lang()))
        scan_charts.comparison(frame, chart_key[0], chart_key[1], large=True)
        st.caption(t("scan.legend"))
        return
    # Not released by both: said so, never by whom.
    st.info(words.all("sharing.joint_not_released" if view.not_released else "dialogue.no_scan"))
    st.subheader(words.all("dialogue.agenda_title"))
    themes = [presentation.theme_of(s) for s in presentation.sections(view)]
    st.markdown("\n".join(f"{n}. {words.theme(theme)}" for n, theme in enumerate(filter(None, themes), start=1)))


def _marks(view: JointView, theme: str) -> list[str]:
    row = next((r for r in view.agenda if r.theme == theme), None)
    marks = [t(WANTED[view.wanted[theme]])] if theme in view.wanted else []  # how many, never who
    if row and row.shared_concern:
        marks.append(t("dialogue.shared_concern"))
    if row and row.worth_discussing:
        marks.append(t("dialogue.worth_discussing", gap=fixed(abs(row.gap), lang())))
    return marks


def _theme(view: JointView, words: _Words, theme: str) -> None:
    st.header(words.theme(theme))
    marks = _marks(view, theme)
    if marks:
        st.markdown(f"*{' · '.join(marks)}*")
    row = next((r for r in view.agenda if r.theme == theme), None)
    # Side by side, so that a theme fits one screen: where the parties stand and where
    # their answers lie apart; the questions to talk about.
    left, right = st.columns([3, 2], gap="large")
    with left:
        if row is None:
            st.info(words.all("sharing.joint_not_released" if view.not_released else "dialogue.no_scan"))
        else:
            st.subheader(" · ".join(
                f"{words.all(f'scan.{party}_score')}: {fixed(score.mean, lang()) if score.enough else t('presentation.not_enough')}"
                for party, score in (("employee", row.employee), ("manager", row.manager))
            ))
            differences = view.differences.get(theme, ())
            st.markdown(f"**{words.all('presentation.differences_title')}**")
            for difference in differences:
                _difference(difference, view, words)
            if not differences:
                st.markdown(t("presentation.no_differences"))
    with right:
        st.subheader(words.all("dialogue.joint_questions"))
        st.markdown(joint_questions(load_card_set().theme_card_for(theme), words.also))
        topic = view.topics.get(theme)
        if topic and topic.discussed:
            st.markdown(f"**:material/check: {t('dialogue.discussed')}**")
        if topic and topic.note:
            st.text(topic.note)


def _difference(difference: ItemDifference, view: JointView, words: _Words) -> None:
    """A statement in the employee's words (the manager's mirror says the same of the
    employee), with both answers in words and as numbers."""
    instrument = load_instrument(difference.instrument_version)
    item = next(i for i in instrument.items if i.id == difference.item_id)
    scale = {point.value: point.label for point in instrument.scale}

    def answer(value: int) -> str:
        return f"{value} ({scale[value].get(lang(), '')})"

    wording = f"«{item.text('employee', lang())}»" + "".join(f"  \n*«{item.text('employee', code)}»*" for code in words.also)
    answers = t(
        "presentation.answers", employee=t("scan.employee_score"), employee_answer=answer(difference.employee),
        manager=t("scan.manager_score"), manager_answer=answer(difference.manager),
    )
    st.markdown(f"{wording}  \n{answers}")


def insight_card(insight: Insight) -> None:
    """A shared insight as the joint screen and the presentation both show it."""
    with st.container(border=True):
        st.subheader(plain(insight.text))
        about = theme_name(insight.theme_id) + " · " if insight.theme_id else ""
        st.caption(about + t("dialogue.insight_from", owner=t(f"conversation.owner_{insight.owner.value}"), date=day(insight.shared_on)))


def goal_lines(goal: Goal, progress: GoalProgress | None = None) -> None:
    """A goal's words, inside the card its caller draws (the joint screen adds its button),
    with its measure (start → now → target) when it has one."""
    st.subheader(plain(goal.description))
    st.caption(t("dialogue.goal_line", theme=theme_name(goal.theme), owner=t(f"goal_owner.{goal.owner.value}"), target=t(f"moment_kind.{goal.target.value}")))
    st.write(plain(t("dialogue.goal_indicator", indicator=goal.indicator)))
    measure_lines(goal, progress)


def measure_lines(goal: Goal, progress: GoalProgress | None) -> None:
    """The statements a goal is measured on and where it stands: start → now → target."""
    if goal.items:
        st.caption(plain(t("goals.measured_on", items="; ".join(goals.item_text(i, "employee", lang()) for i in goal.items))))
    for line in goals.lines(progress, lang()) if progress else ():
        st.markdown(plain(line))


def _insights(view: JointView, words: _Words) -> None:
    st.header(words.all("dialogue.insights_title"))
    if not view.insights:
        st.info(t("dialogue.no_insights"))
    for insight in view.insights:
        insight_card(insight)


def _goals(view: JointView, words: _Words) -> None:
    st.header(words.all("presentation.section_goals"))
    if not view.goals:
        st.info(t("dialogue.no_goals"))
    for goal in view.goals:
        with st.container(border=True):
            goal_lines(goal, view.progress.get(goal.id))
    agreed = [topic for topic in view.topics.values() if topic.note]
    if agreed:
        st.subheader(words.all("presentation.agreements_title"))
        for topic in agreed:
            st.markdown(f"**{words.theme(topic.theme)}**")
            st.text(topic.note)


def navigation(view: JointView, section: str, go: Callable[[str], None], leave: Callable[[], None]) -> None:
    """Big Previous and Next buttons with a presenter clicker's keys (PageUp and PageDown,
    the arrows too), the place in the sequence, and the way out of the presentation."""
    order = presentation.sections(view)
    at = order.index(section)
    before, after = order[max(at - 1, 0)], order[min(at + 1, len(order) - 1)]
    with st.container(key="presentation_nav", horizontal=True, vertical_alignment="center"):
        # The target is fixed when the button is drawn: a double click goes to the same
        # section twice, never two sections on.
        st.button(
            t("presentation.previous"), key="presentation_previous", on_click=go, args=(before,), disabled=at == 0,
            icon=":material/arrow_back:", shortcut="PageUp",
        )
        st.markdown(counter(view, section))
        st.button(
            t("presentation.next"), key="presentation_next", on_click=go, args=(after,), disabled=at == len(order) - 1,
            icon=":material/arrow_forward:", shortcut="PageDown", type="primary",
        )
        st.button(t("dialogue.leave"), key="dialogue_leave", on_click=leave, icon=":material/close_fullscreen:")
    # A clicker that sends the arrow keys: the same moves, on buttons kept out of sight.
    with st.container(key="presentation_keys"):
        st.button(t("presentation.previous"), key="presentation_left", on_click=go, args=(before,), shortcut="Left")
        st.button(t("presentation.next"), key="presentation_right", on_click=go, args=(after,), shortcut="Right")


def qr_png(url: str) -> bytes:
    """The display link as a QR code, black on white, for a phone or a TV's camera."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


DISPLAY = "presentation_display"  # the form and the session place of a fresh display link


def display_url(token: str, base: str | None = None) -> str:
    """The second screen's address: at the root, like a scan link (ui.state.link_url)."""
    return f"{base or link_base()}/?d={token}"


def second_screen(db: Store, me: User, case_id: int) -> None:
    """On the facilitator's own screen: a view-only display link and its QR code for a TV
    or a remote participant, shown once; its state; revoking it; ending the presentation."""
    now = presentation.status(db, me, case_id)

    def make(request: str) -> None:
        # Shown once, only its hash is stored: the place is taken before the database write.
        made, base, language = focus.keep(DISPLAY, case_id, request), link_base(), lang()
        token = presentation.issue_display_link(db, me, case_id, language, request=request)
        if token:
            made["url"] = display_url(token, base)

    made = focus.kept(DISPLAY, case_id)
    with st.expander(t("presentation.second_screen"), expanded=bool(made), icon=":material/cast:"):
        st.caption(t("presentation.second_screen_explain", hours=presentation.DISPLAY_HOURS))
        if made and now.display_until:
            st.code(made["url"], language=None, wrap_lines=True)
            st.image(qr_png(made["url"]), caption=t("presentation.qr_caption"), width=240)
        if now.display_until:
            st.caption(t(
                "presentation.display_live", until=formats.moment(now.display_until, lang()),
                opened=t("presentation.display_opened" if now.display_opened else "presentation.display_not_opened"),
            ))
        with st.container(horizontal=True):
            st.button(
                t("presentation.display_make"), key=forms.keyed(DISPLAY), icon=":material/qr_code_2:",
                on_click=forms.action(DISPLAY, make, with_request=True),
            )
            if now.display_until:
                st.button(
                    t("presentation.display_revoke"), key="presentation_display_revoke",
                    on_click=forms.action(DISPLAY, lambda: presentation.revoke_display_link(db, me, case_id)),
                )
            if now.open:
                st.button(
                    t("presentation.end"), key="presentation_end",
                    on_click=forms.action(DISPLAY, lambda: presentation.end(db, me, case_id)),
                )
        forms.error(DISPLAY)
