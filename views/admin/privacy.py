"""Admin: the employee's rights on a case (export for access, erasure) and the retention
period. Case numbers, phases and dates only: never case contents on screen. The export
is a file to hand to the employee, so the admin may download it; reset_core checks the
role and logs every use."""

from datetime import date

import streamlit as st

from reset_core import privacy
from reset_core.access_request import ExportFor
from reset_core.formats import day
from ui import forms
from ui.documents import make_export, offer_download, offer_export
from ui.state import forget_case_outputs, lang, notice, notify, store, t, user

st.title(t("page.privacy"))
st.caption(t("privacy.admin_explain"))
me = user()
db = store()
ss = st.session_state

notice("privacy")

st.header(t("privacy.register_title"))
register = privacy.case_register(db, me)
if not register:
    st.caption(t("privacy.register_none"))
else:
    st.dataframe(
        [
            {
                t("privacy.register_case"): f"#{c.id}",
                t("privacy.register_phase"): t(f"phase.{c.phase.value}"),
                t("privacy.register_opened"): c.opened_on,
                t("privacy.register_closed"): c.closed_on,
            }
            for c in register
        ],
        hide_index=True,
        width="stretch",
    )
    numbers = [c.id for c in register]

    st.header(t("privacy.export_title"))
    st.caption(t("privacy.export_explain"))
    EXPORT = "privacy_export"
    wanted = st.selectbox(t("privacy.pick_case"), numbers, key="privacy_export_case", format_func=lambda n: f"#{n}")
    for_whom = st.radio(
        t("privacy.export_for"), list(ExportFor), key="privacy_export_for",
        format_func=lambda w: t(f"privacy.export_for_{w.value}"),
    )
    if for_whom is ExportFor.ORGANISATION:
        st.text_input(t("privacy.export_reason"), key="privacy_export_reason", help=t("privacy.export_reason_help"))
        forms.error(EXPORT, "export_reason")

    def export() -> None:  # reads the choices as sent with the click, not as drawn before
        case_id, chosen, reason = ss.privacy_export_case, ss.privacy_export_for, ss.get("privacy_export_reason", "")
        make_export(EXPORT, case_id, chosen, lambda: privacy.export_case(db, me, case_id, lang(), for_whom=chosen, reason=reason))

    st.button(t("privacy.export_make"), key=EXPORT, on_click=forms.action(EXPORT, export))
    forms.error(EXPORT)
    if wanted is not None:
        offer_export(EXPORT, wanted, for_whom)

    st.header(t("privacy.erase_title"))
    st.warning(t("privacy.erase_explain"))
    ERASE = "privacy_erase"

    def erase() -> None:
        case_id = ss.privacy_erase_case
        privacy.erase_case(db, me, case_id, ss.privacy_erase_confirm)
        notify("privacy", t("privacy.erased", id=case_id))
        forget_case_outputs()

    with st.form(ERASE, clear_on_submit=True):
        st.selectbox(t("privacy.pick_case"), numbers, key="privacy_erase_case", format_func=lambda n: f"#{n}")
        st.text_input(t("privacy.erase_confirm_chosen"), key="privacy_erase_confirm")
        forms.error(ERASE, "confirmation")
        st.form_submit_button(t("privacy.erase_submit"), on_click=forms.action(ERASE, erase))

st.header(t("privacy.retention_title"))
st.caption(t("privacy.retention_explain"))
RETENTION = "privacy_retention"
with st.form(RETENTION):
    st.number_input(
        t("privacy.retention_years"), min_value=privacy.MIN_RETENTION_YEARS, max_value=privacy.MAX_RETENTION_YEARS,
        value=privacy.retention_years(db), step=1, key="privacy_retention_years",
    )
    forms.error(RETENTION, "retention_years")
    st.form_submit_button(
        t("privacy.retention_save"),
        on_click=forms.action(RETENTION, lambda: privacy.set_retention_years(db, me, ss.privacy_retention_years)),
    )
due = privacy.retention_due(db, me)
if not due:
    st.caption(t("privacy.retention_none"))
else:
    st.write(t("privacy.retention_due", cases=", ".join(f"#{case_id} ({day(closed)})" for case_id, closed in due)))
    APPLY = "privacy_retention_apply"

    def apply_retention() -> None:
        count = privacy.apply_retention(db, me, ss.privacy_retention_confirm)
        notify("privacy", t("privacy.retention_applied", count=count))
        forget_case_outputs()

    with st.form(APPLY, clear_on_submit=True):
        st.text_input(t("privacy.retention_confirm", count=len(due)), key="privacy_retention_confirm")
        forms.error(APPLY, "retention_confirmation")
        st.form_submit_button(t("privacy.retention_apply"), on_click=forms.action(APPLY, apply_retention))

# Signed or refused Codex plans kept after their case was erased (reset_core.privacy):
# numbers and dates on screen, the PDF a file to hand to the inspectorate.
st.header(t("legal_answer.kept_title"))
st.caption(t("legal_answer.kept_explain", years=privacy.KEEP_LEGAL_PLAN_YEARS))
kept = privacy.kept_plans(db, me)
if not kept:
    st.caption(t("legal_answer.kept_none"))
else:
    st.dataframe(
        [
            {
                t("legal_answer.kept_case"): f"#{k.case_number}",
                t("legal_answer.kept_version"): k.version_number,
                t("legal_answer.kept_status"): t(f"agreement_status.{k.status}"),
                t("legal_answer.kept_answered"): day(k.answered_on),
                t("legal_answer.kept_until"): day(k.keep_until),
            }
            for k in kept
        ],
        hide_index=True, width="stretch",
    )
    labels = {k.id: t("legal_answer.kept_pdf", case=k.case_number, version=k.version_number) for k in kept}
    chosen = st.selectbox(t("legal_answer.kept_pick"), list(labels), format_func=labels.get, key="privacy_kept_pick")
    picked = next(k for k in kept if k.id == chosen)
    offer_download(
        t("agreement.download_pdf"), lambda: privacy.kept_plan_pdf(db, me, picked.id),
        file_name=t("legal_answer.kept_pdf_file", case=picked.case_number, version=picked.version_number),
        mime="application/pdf", key="privacy_kept_download",
    )
    expired = [k for k in kept if k.keep_until < date.today()]
    if expired:
        st.write(t("legal_answer.kept_due", count=len(expired)))
        KEPT = "privacy_kept_erase"

        def erase_kept() -> None:
            count = privacy.erase_kept_plans(db, me, ss.privacy_kept_confirm)
            notify("privacy", t("legal_answer.kept_erased", count=count))

        with st.form(KEPT, clear_on_submit=True):
            st.text_input(t("legal_answer.kept_confirmation"), key="privacy_kept_confirm")
            forms.error(KEPT, "kept_confirmation")
            st.form_submit_button(t("legal_answer.kept_erase"), on_click=forms.action(KEPT, erase_kept))
