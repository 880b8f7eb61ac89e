"""The answer to an offered plan and its proof, on the agreement page: the day the
employee received a Codex plan and their 14 days, the employer's contact after a
silence, the refusal by a second silence and what follows a refusal; each copy
delivered, as a record (reset_core.plan_proof)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from reset_core import plan_proof
from reset_core.formats import day
from reset_core.model import AgreementStatus, AgreementVersion, DeliveryHow, Recipient, User
from reset_core.plan_proof import AnswerState
from reset_core.storage import Store

from . import forms
from .forms import EARLIEST, LATEST
from .state import notify, t

RECEIPT = "legal_answer_receipt"
REMINDER = "legal_answer_reminder"
SILENCE = "legal_answer_silence"
DELIVERY = "legal_answer_delivery"


def answer_proof(db: Store, me: User, case_id: int, version: AgreementVersion, editable: bool) -> None:
    """Where the employee's answer stands, and the one step the facilitator can take now."""
    if version.status is AgreementStatus.DRAFT:
        return
    state = plan_proof.state(version, date.today())
    if state is AnswerState.NO_WINDOW:
        st.caption(t("legal_answer.no_window"))
        return
    if version.received_on:
        st.caption(t("legal_answer.received_line", received=day(version.received_on), deadline=day(version.answer_by)))
    if state is AnswerState.AWAITING_RECEIPT:
        st.warning(t("legal_answer.awaiting_receipt"))
    elif state is AnswerState.OPEN:
        st.info(t("legal_answer.open", deadline=day(version.answer_by), days=(version.answer_by - date.today()).days))
    elif state is AnswerState.REMINDER_DUE:
        st.warning(t("legal_answer.reminder_due", deadline=day(version.answer_by)))
    elif state in (AnswerState.REMINDED, AnswerState.SILENCE) or version.reminded_on:
        how = t(f"legal_answer.how_{version.reminder_how.value}") if version.reminder_how else ""
        st.caption(t("legal_answer.reminded_line", on=day(version.reminded_on), how=how, deadline=day(version.reminder_answer_by)))
    if state is AnswerState.REMINDED:
        st.info(t("legal_answer.reminded_wait", deadline=day(version.reminder_answer_by)))
    if state is AnswerState.SILENCE:
        st.warning(t("legal_answer.silence_now", deadline=day(version.reminder_answer_by)))
    for key in plan_proof.what_follows(version):
        st.error(t(key)) if key == "legal_answer.follows_ended" else st.write(t(key))
    if not editable:
        return
    if state in (AnswerState.AWAITING_RECEIPT, AnswerState.OPEN):
        _receipt_form(db, me, case_id, version)
    elif state is AnswerState.REMINDER_DUE:
        _reminder_form(db, me, case_id, version)
    elif state is AnswerState.SILENCE:
        _silence_button(db, me, case_id, version)


def _receipt_form(db: Store, me: User, case_id: int, version: AgreementVersion) -> None:
    form = f"{RECEIPT}_{version.number}"

    def record() -> None:
        plan_proof.record_receipt(db, me, case_id, version.number, st.session_state[f"{form}_on"])
        notify("agreement", t("legal_answer.receipt_recorded"))

    title = "legal_answer.receipt_correct" if version.received_on else "legal_answer.receipt_title"
    with st.expander(t(title), expanded=version.received_on is None):
        st.caption(t("legal_answer.receipt_explain"))
        with st.form(form):
            st.date_input(
                t("legal_answer.received_on"), value=version.received_on, min_value=EARLIEST, max_value=LATEST,
                key=f"{form}_on", format="DD/MM/YYYY",
            )
            forms.error(form, "received_on")
            st.form_submit_button(t("legal_answer.receipt_record"), on_click=forms.action(form, record))
        forms.error(form)


def _reminder_form(db: Store, me: User, case_id: int, version: AgreementVersion) -> None:
    form = f"{REMINDER}_{version.number}"
    ss = st.session_state
    hows = [h.value for h in DeliveryHow]

    def record() -> None:
        plan_proof.record_reminder(
            db, me, case_id, version.number, ss[f"{form}_on"], ss[f"{form}_how"], ss[f"{form}_answer_by"],
        )
        notify("agreement", t("legal_answer.reminder_recorded"))

    with st.expander(t("legal_answer.reminder_title"), expanded=True):
        st.caption(t("legal_answer.reminder_explain"))
        with st.form(form):
            left, middle, right = st.columns(3)
            with left:
                st.date_input(t("legal_answer.reminded_on"), value=None, min_value=EARLIEST, max_value=LATEST, key=f"{form}_on", format="DD/MM/YYYY")
                forms.error(form, "reminded_on")
            with middle:
                st.selectbox(
                    t("legal_answer.reminder_how"), hows, index=None, key=f"{form}_how", placeholder=t("agreement.choose"),
                    format_func=lambda h: t(f"legal_answer.how_{h}"),
                )
                forms.error(form, "reminder_how")
            with right:
                st.date_input(
                    t("legal_answer.reminder_answer_by"), value=None, min_value=EARLIEST, max_value=LATEST,
                    key=f"{form}_answer_by", format="DD/MM/YYYY",
                )
                forms.error(form, "reminder_answer_by")
            st.form_submit_button(t("legal_answer.reminder_record"), on_click=forms.action(form, record))
        forms.error(form)


def _silence_button(db: Store, me: User, case_id: int, version: AgreementVersion) -> None:
    form = f"{SILENCE}_{version.number}"

    def record() -> None:
        plan_proof.record_silence(db, me, case_id, version.number)
        notify("agreement", t("legal_answer.silence_recorded"))

    st.button(t("legal_answer.silence_record"), key=f"{form}_button", on_click=forms.action(form, record))
    forms.error(form, "silence")
    forms.error(form)


def deliveries(db: Store, me: User, case_id: int, version: AgreementVersion, editable: bool) -> None:
    """Each copy delivered, and a form for the next one."""
    if version.status is AgreementStatus.DRAFT:
        return
    st.markdown(f"**{t('legal_answer.deliveries_title')}**")
    if version.deliveries:
        lines = [plan_proof.delivery_words(d, t) for d in version.deliveries]
        st.dataframe(
            [{t("legal_answer.recipient"): w.recipient, t("legal_answer.delivered_on"): w.delivered_on, t("legal_answer.how"): w.how} for w in lines],
            hide_index=True, width="stretch",
        )
    else:
        st.caption(t("legal_answer.no_deliveries"))
    if not editable:
        return
    form = f"{DELIVERY}_{version.number}"
    k = lambda name: f"{forms.keyed(form)}_{name}"  # noqa: E731  a new request, fresh fields
    ss = st.session_state
    recipients, hows = [r.value for r in Recipient], [h.value for h in DeliveryHow]

    def record(request: str) -> None:
        plan_proof.record_delivery(
            db, me, case_id, version.number, ss[k("recipient")], ss[k("on")], ss[k("how")], ss[k("name")], request=request,
        )
        notify("agreement", t("legal_answer.delivery_recorded"))

    with st.expander(t("legal_answer.delivery_add")):
        with st.form(form):
            left, right = st.columns(2)
            with left:
                st.selectbox(
                    t("legal_answer.recipient"), recipients, index=None, key=k("recipient"), placeholder=t("agreement.choose"),
                    format_func=lambda r: t(f"legal_answer.recipient_{r}"),
                )
                forms.error(form, "recipient")
            with right:
                st.text_input(t("legal_answer.recipient_name"), max_chars=plan_proof.MAX_NAME, key=k("name"), help=t("legal_answer.recipient_name_help"))
                forms.error(form, "recipient_name")
            left, right = st.columns(2)
            with left:
                st.date_input(t("legal_answer.delivered_on"), value=None, min_value=EARLIEST, max_value=LATEST, key=k("on"), format="DD/MM/YYYY")
                forms.error(form, "delivered_on")
            with right:
                st.selectbox(
                    t("legal_answer.how"), hows, index=None, key=k("how"), placeholder=t("agreement.choose"),
                    format_func=lambda h: t(f"legal_answer.how_{h}"),
                )
                forms.error(form, "how")
            st.form_submit_button(t("legal_answer.delivery_record"), on_click=forms.action(form, record, with_request=True))
        forms.error(form, "form")
        forms.error(form)
