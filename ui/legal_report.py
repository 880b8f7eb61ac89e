"""Around the legal plan on the agreement page: the safety function (and the medical check
it makes due), the employer's motivated report when no plan is possible, and the
progressive-return notices per schedule step, each marked filed when the employee did."""

from __future__ import annotations

from datetime import date

import streamlit as st

from reset_core import legal_report, legal_track
from reset_core.documents.legal_report import document
from reset_core.formats import day, number
from reset_core.i18n import DOCUMENT_LANGUAGES
from reset_core.model import ReportGround, User
from reset_core.storage import Store

from . import forms
from .documents import offer_download
from .forms import EARLIEST, LATEST
from .state import lang, notify, t

REPORT = "legal_report"
SAFETY = "legal_safety"
EXAMINATION = "legal_examination"


def section(db: Store, me: User, legal: legal_track.LegalFile, editable: bool, signed: bool) -> None:
    """`signed`: a version of the plan is signed (no report then)."""
    _safety(db, me, legal, editable)
    if legal_track.is_codex_plan(legal.track, legal.case.assessment):
        _report(db, me, legal, editable and not signed)
    _notices(db, me, legal, editable)


def _safety(db: Store, me: User, legal: legal_track.LegalFile, editable: bool) -> None:
    case_id = legal.case.id
    due = legal_track.safety_check(legal.case, legal.facts)
    if due is not None:
        st.warning(t("legal_report.safety_due", date=day(due)), icon=":material/health_and_safety:")
    elif legal.facts.safety_function and legal.facts.examined_on is not None:
        st.caption(t("legal_report.examined", date=day(legal.facts.examined_on)))
    if not editable:
        return
    key = f"legal_safety_{int(legal.facts.safety_function)}"  # a new widget once the stored value changes

    def save() -> None:
        legal_report.save_safety(db, me, case_id, bool(st.session_state[key]))
        notify("agreement", t("legal_report.safety_saved"))

    with st.expander(t("legal_report.safety_title"), expanded=False):
        st.checkbox(t("legal_report.safety"), value=legal.facts.safety_function, key=key, help=t("legal_report.safety_help"))
        st.button(t("legal_report.safety_save"), key="legal_safety_save", on_click=forms.action(SAFETY, save))
        forms.error(SAFETY)
        if legal.facts.safety_function and legal.facts.examined_on is None:
            _examination(db, me, case_id)


def _examination(db: Store, me: User, case_id: int) -> None:
    def record() -> None:
        legal_report.record_examination(db, me, case_id, st.session_state["legal_examined_on"])
        notify("agreement", t("legal_report.examined_saved"))

    with st.form(EXAMINATION):
        st.date_input(
            t("legal_report.examined_on"), value=None, min_value=EARLIEST, max_value=LATEST,
            key="legal_examined_on", format="DD/MM/YYYY",
        )
        forms.error(EXAMINATION, "examined_on")
        st.form_submit_button(t("legal_report.record_examination"), on_click=forms.action(EXAMINATION, record))
    forms.error(EXAMINATION)


def _report(db: Store, me: User, legal: legal_track.LegalFile, editable: bool) -> None:
    case, report = legal.case, legal.facts.report
    due = legal_report.report_due(legal.track, case)
    with st.expander(t("legal_report.title"), expanded=report is not None):
        st.caption(t("legal_report.explain"))
        st.caption(t("legal_report.due", date=day(due)) if due else t("legal_report.due_unknown"))
        if report is None:
            st.caption(t("legal_report.none"))
        else:
            st.success(t("legal_report.recorded", date=day(report.made_on), ground=t(f"legal_report.ground_{report.ground.value}")))
            if due is not None and report.made_on > due:
                st.warning(t("legal_report.late", date=day(due)))
            # In the language the region requires for the legal copy, when the app speaks it.
            required = legal_track.legal_language(legal.track.region, lang()) if legal.track and legal.track.region else None
            doc_lang = required if required in DOCUMENT_LANGUAGES else lang()
            offer_download(
                t("legal_report.download"), lambda: document(db, me, case.id, doc_lang),
                file_name=t("legal_report.file", id=case.id), mime="application/pdf", key="legal_report_pdf", case_id=case.id,
            )
        if editable:
            _report_form(db, me, legal)


def _report_form(db: Store, me: User, legal: legal_track.LegalFile) -> None:
    report, case_id = legal.facts.report, legal.case.id
    v = report.version if report else 0
    k = lambda name: f"legal_report_{name}_{v}"  # noqa: E731
    ss = st.session_state
    grounds = [g.value for g in ReportGround]

    def save() -> None:
        legal_report.save_report(db, me, case_id, ss[k("ground")], ss.get(k("reasons"), ""), ss[k("made_on")])
        notify("agreement", t("legal_report.saved"))

    with forms.draft_form(REPORT):
        st.radio(
            t("legal_report.ground"), grounds, index=grounds.index(report.ground.value) if report else None, key=k("ground"),
            format_func=lambda g: t(f"legal_report.ground_{g}"),
        )
        forms.error(REPORT, "ground")
        kw = forms.field(REPORT, k("reasons"))
        done = ss.setdefault("_legal_report_prefilled", set())
        if report is not None and k("reasons") not in done:  # a new version's key starts from what is stored
            done.add(k("reasons"))
            ss[k("reasons")] = report.reasons
        st.text_area(t("legal_report.reasons"), max_chars=legal_report.MAX_REASONS, help=t("legal_report.reasons_help"), **kw)
        forms.error(REPORT, "reasons")
        st.date_input(
            t("legal_report.made_on"), value=report.made_on if report else None, min_value=EARLIEST, max_value=LATEST,
            key=k("made_on"), format="DD/MM/YYYY",
        )
        forms.error(REPORT, "made_on")
        forms.submit(REPORT, t("legal_report.save"), forms.action(REPORT, save))
        forms.error(REPORT)


def _state(filed_on: date | None, late: bool) -> str:
    if filed_on is None:
        return t("legal_report.notice_not_filed")
    return t("legal_report.notice_filed_late" if late else "legal_report.notice_filed", date=day(filed_on))


def _notices(db: Store, me: User, legal: legal_track.LegalFile, editable: bool) -> None:
    steps = legal.notices
    with st.expander(t("legal_report.notices_title"), expanded=any(s.filed_on is None for s in steps)):
        st.caption(t("legal_report.notices_explain"))
        if not steps:
            st.caption(t("legal_report.notices_none"))
            return
        st.dataframe(
            [
                {
                    t("legal_report.notice_start"): day(s.start),
                    t("legal_report.notice_hours"): number(s.hours_per_week, lang()) or "-",
                    t("legal_report.notice_days"): number(s.days_per_week, lang()) or "-",
                    t("legal_report.notice_due"): day(s.due_on),
                    t("legal_report.notice_state"): _state(s.filed_on, s.late),
                }
                for s in steps
            ],
            hide_index=True, width="stretch",
        )
        open_steps = [s for s in steps if s.filed_on is None]
        if not editable or not open_steps:
            return
        ss = st.session_state
        FILE = "legal_notice"

        def record() -> None:
            legal_report.file_notice(db, me, legal.case.id, ss["legal_notice_step"], ss["legal_notice_filed_on"])
            notify("agreement", t("legal_report.filed_saved"))

        with st.form(FILE):
            st.selectbox(
                t("legal_report.notice_step"), [s.start for s in open_steps], key="legal_notice_step",
                format_func=lambda d: day(d),
            )
            st.date_input(
                t("legal_report.filed_on"), value=None, min_value=EARLIEST, max_value=LATEST,
                key="legal_notice_filed_on", format="DD/MM/YYYY",
            )
            forms.error(FILE, "filed_on")
            st.form_submit_button(t("legal_report.mark_filed"), on_click=forms.action(FILE, record))
        forms.error(FILE)


