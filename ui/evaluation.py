"""The evaluation section of the closing page: each party's own evaluation, the joint
part, and the prevention actions it gives (reset_core.prevention)."""

from __future__ import annotations

import streamlit as st

from reset_core import prevention
from reset_core.cards import load_card_set
from reset_core.formats import day
from reset_core.model import ActionLevel, Respondent, User
from reset_core.party_space import SPACE_ACTOR
from reset_core.storage import Store

from . import forms
from .forms import EARLIEST, LATEST
from .state import lang, notify, or_stop, t, theme_name

OWN, JOINT, SUMMARY, ACTION = "evaluation_own", "evaluation_joint", "evaluation_summary", "evaluation_action"


def _own(db: Store, me: User, case_id: int, record: prevention.EvaluationFile, party: Respondent) -> None:
    ss = st.session_state
    name = t(f"respondent.{party.value}")
    given = record.own.get(party)
    with st.expander(t("prevention.own_of", party=name), expanded=given is None and not record.joint_started):
        if given is not None:
            by_space = given.recorded_by.endswith(SPACE_ACTOR)
            st.caption(t("prevention.own_by_space" if by_space else "prevention.own_by_facilitator",
                         party=name, date=day(given.recorded_at, lang())))
        elif record.joint_started:
            st.caption(t("prevention.own_none"))
        if not record.joint_started:
            st.caption(t("prevention.own_private"))
            form = f"{OWN}_{party.value}"
            k = lambda field: f"evaluation_{field}_{party.value}_{case_id}"  # noqa: E731

            def save() -> None:
                prevention.record_own(db, me, case_id, party, ss[k("went_well")], ss[k("could_be_better")], ss[k("prevention_idea")])
                notify("closing", t("prevention.own_saved"))

            with st.form(f"{form}_{case_id}"):
                for field in ("went_well", "could_be_better", "prevention_idea"):
                    st.text_area(t(f"prevention.{field}"), value=getattr(given, field) if given else "",
                                 max_chars=prevention.MAX_EVALUATION, key=k(field))
                    forms.error(form, field)
                st.form_submit_button(t("prevention.record_own"), on_click=forms.action(form, save))
            forms.error(form)
        elif given is not None:
            for field in ("went_well", "could_be_better", "prevention_idea"):
                if getattr(given, field):
                    st.caption(t(f"prevention.{field}"))
                    st.text(getattr(given, field))


def _actions(db: Store, me: User, case_id: int, record: prevention.EvaluationFile) -> None:
    ss = st.session_state
    st.markdown(f"**{t('prevention.actions_section')}**")
    st.caption(t("prevention.actions_intro"))
    if not record.actions:
        st.caption(t("prevention.no_actions"))
    for action in record.actions:
        with st.container(border=True):
            st.caption(t(
                "prevention.action_line", level=t(f"prevention.level_{action.level.value}"),
                theme=theme_name(action.theme) if action.theme else "-", status=t(f"prevention.status_{action.status.value}"),
            ))
            st.text(action.description)
            st.caption(t("prevention.action_owner_due", owner=action.owner or t("prevention.no_owner"),
                         due=day(action.due_on, lang()) if action.due_on else t("prevention.no_due")))

            def remove(action_id: int = action.id) -> None:
                prevention.remove_action(db, me, case_id, action_id)
                notify("closing", t("prevention.action_removed"))

            st.button(t("prevention.remove_action"), key=f"evaluation_remove_{action.id}",
                      on_click=forms.action(ACTION, remove))

    themes = [None, *(theme.id for theme in load_card_set().themes)]
    levels = [None, *ActionLevel]

    def add(request: str) -> None:
        prevention.add_action(
            db, me, case_id, ss.evaluation_description, ss.evaluation_owner, ss.evaluation_due_on, ss.evaluation_level,
            ss.evaluation_theme, request=request,
        )
        notify("closing", t("prevention.action_added"))
        ss["evaluation_description"] = ""
        ss["evaluation_owner"] = ""

    with st.form(forms.keyed(ACTION)):
        st.text_area(t("prevention.description"), max_chars=prevention.MAX_DESCRIPTION, key="evaluation_description")
        forms.error(ACTION, "description")
        left, right = st.columns(2)
        left.text_input(t("prevention.owner"), max_chars=prevention.MAX_OWNER, key="evaluation_owner")
        with left:
            forms.error(ACTION, "owner")
        right.date_input(t("prevention.due_on"), value=None, min_value=EARLIEST, max_value=LATEST,
                         key="evaluation_due_on", format="DD/MM/YYYY")
        left, right = st.columns(2)
        left.selectbox(t("prevention.level"), levels, key="evaluation_level",
                       format_func=lambda v: t("prevention.level_none") if v is None else t(f"prevention.level_{v.value}"))
        with left:
            forms.error(ACTION, "level")
        right.selectbox(t("prevention.theme"), themes, key="evaluation_theme",
                        format_func=lambda v: t("prevention.theme_none") if v is None else theme_name(v))
        with right:
            forms.error(ACTION, "theme")
        st.form_submit_button(t("prevention.add_action"), on_click=forms.action(ACTION, add, with_request=True))
    forms.error(ACTION)


def section(db: Store, me: User, case_id: int) -> None:
    """The evaluation: own evaluations first, then together; drawn on the closing page."""
    st.subheader(t("prevention.evaluation_section"))
    record = or_stop(prevention.load, db, me, case_id)
    if record.case.phase not in prevention.EVALUATION_PHASES:
        st.caption(t("prevention.not_yet"))
        return
    st.write(t("prevention.evaluation_intro"))
    left, right = st.columns(2)
    with left:
        _own(db, me, case_id, record, Respondent.EMPLOYEE)
    with right:
        _own(db, me, case_id, record, Respondent.MANAGER)

    if not record.joint_started:
        def start() -> None:
            prevention.start_joint(db, me, case_id)
            notify("closing", t("prevention.joint_started_notice"))

        st.button(t("prevention.start_joint"), key=f"evaluation_start_{case_id}", help=t("prevention.start_joint_help"),
                  on_click=forms.action(JOINT, start))
        forms.error(JOINT, "joint")
        forms.error(JOINT)
    else:
        _joint(db, me, case_id, record)
    _actions(db, me, case_id, record)


def _joint(db: Store, me: User, case_id: int, record: prevention.EvaluationFile) -> None:
    ss = st.session_state
    assert record.joint is not None
    st.markdown(f"**{t('prevention.joint_section')}**")
    st.caption(t("prevention.joint_on", date=day(record.joint.started_at, lang())))

    def save_summary() -> None:
        prevention.save_joint_summary(db, me, case_id, ss[f"evaluation_summary_{case_id}"])
        notify("closing", t("prevention.summary_saved"))

    with st.form(f"{SUMMARY}_{case_id}"):
        st.text_area(t("prevention.summary"), value=record.joint.summary, max_chars=prevention.MAX_EVALUATION,
                     key=f"evaluation_summary_{case_id}")
        forms.error(SUMMARY, "summary")
        st.form_submit_button(t("prevention.summary_save"), on_click=forms.action(SUMMARY, save_summary))
    forms.error(SUMMARY)


SPACE = "space_evaluation"


def space_section(db: Store, token: str) -> None:
    """In a party's space, from the follow-up on: their own look back, theirs alone until
    the joint part; afterwards it stays as they gave it. Nothing of the other party."""
    ss = st.session_state
    mine = prevention.own_in_space(db, token)
    open_now = prevention.evaluation_open(db, token)
    if mine is None and not open_now:
        return
    st.header(t("prevention.space_section"))
    st.write(t("prevention.space_intro"))
    if not open_now:
        assert mine is not None
        st.caption(t("prevention.space_closed"))
        for field in ("went_well", "could_be_better", "prevention_idea"):
            if getattr(mine, field):
                st.caption(t(f"prevention.{field}"))
                st.text(getattr(mine, field))
        return

    def save() -> None:
        prevention.give_own(db, token, ss.space_evaluation_went_well, ss.space_evaluation_could_be_better,
                            ss.space_evaluation_prevention_idea)

    with st.form(SPACE):
        for field in ("went_well", "could_be_better", "prevention_idea"):
            st.text_area(t(f"prevention.{field}"), value=getattr(mine, field) if mine else "",
                         max_chars=prevention.MAX_EVALUATION, key=f"space_evaluation_{field}")
            forms.error(SPACE, field)
        st.form_submit_button(t("prevention.space_save"), on_click=forms.action(SPACE, save))
    if forms.succeeded(SPACE):
        st.success(t("prevention.space_saved"))
    forms.error(SPACE)
