"""The case's legal frame on the agreement page: the track, the region's language rule,
the employer's signatory, the reason a plan holds no growth; why the document is what
it is, in one sentence; the legal deadlines with their calendar file."""

from __future__ import annotations

import streamlit as st

from reset_core import legal_track
from reset_core.formats import day
from reset_core.model import LegalTrack, Region, Track, User
from reset_core.storage import Store

from . import forms
from .documents import offer_download
from .forms import EARLIEST, LATEST
from .state import lang, notify, t

FORM = "legal_frame"


def why_line(legal: legal_track.LegalFile) -> None:
    """The one sentence the facilitator always sees: what the document is, and why."""
    kind = "legal.document_codex" if legal.kind.value == "codex_plan" else "legal.document_agreement"
    st.info(f"{t(kind)} {t(legal.why)}", icon=":material/gavel:")


def _prefill(key: str, value: object) -> None:
    # The widgets are keyed by the saved version (see frame): a new key starts from what is stored.
    done = st.session_state.setdefault("_legal_prefilled", set())
    if key not in done:
        done.add(key)
        st.session_state[key] = value


def frame(db: Store, me: User, case_id: int, editable: bool) -> legal_track.LegalFile:
    legal = legal_track.load(db, me, case_id)
    case, track = legal.case, legal.track
    why_line(legal)
    _deadlines(db, me, legal)
    with st.expander(t("legal.title"), expanded=track is None):
        st.caption(t("legal.explain"))
        st.caption(t("legal.started_by", who=t(f"trajectory.{case.started_by.value}")) if case.started_by else t("legal.started_by_unknown"))
        if case.assessment is not None:
            st.caption(t("legal.assessment", outcome=t(f"assessment_outcome.{case.assessment.outcome.value}")))
        if track is not None and track.region is Region.BRUSSELS:
            st.caption(t("legal.language_rule_brussels"))
        elif track is not None and track.region is not None:
            language = legal_track.legal_language(track.region, None)
            st.caption(t("legal.language_rule", language=t(f"legal.language_{language}"), region=t(f"legal.region_{track.region.value}")))
        if editable:
            _form(db, me, case_id, track, case.manager.name)
    return legal


def _form(db: Store, me: User, case_id: int, track: LegalTrack | None, manager: str) -> None:
    v = track.version if track else 0
    k = lambda name: f"legal_{name}_{v}"  # noqa: E731
    ss = st.session_state

    def save() -> None:
        values = dict(
            track=ss[k("track")], region=ss[k("region")], appeal_end=ss[k("appeal_end")],
            signatory_name=ss[k("signatory_name")], signatory_function=ss[k("signatory_function")],
            growth_reason=ss[k("growth_reason")],
        )
        legal_track.save(db, me, case_id, **values)
        notify("agreement", t("legal.saved"))

    with forms.draft_form(FORM):
        tracks = [x.value for x in Track]
        st.radio(
            t("legal.track"), tracks, index=tracks.index(track.track.value) if track else None, key=k("track"),
            format_func=lambda x: t(f"legal.track_{x}"),
        )
        forms.error(FORM, "track")
        regions = [None, *(r.value for r in Region)]
        st.selectbox(
            t("legal.region"), regions, index=regions.index(track.region.value if track and track.region else None),
            key=k("region"), format_func=lambda x: t("legal.region_none") if x is None else t(f"legal.region_{x}"),
        )
        forms.error(FORM, "region")
        st.date_input(
            t("legal.appeal_end"), value=track.appeal_end if track else None, min_value=EARLIEST, max_value=LATEST,
            key=k("appeal_end"), format="DD/MM/YYYY",
        )
        forms.error(FORM, "appeal_end")
        left, right = st.columns(2)
        kw = forms.field(FORM, k("signatory_name"))
        _prefill(k("signatory_name"), track.signatory_name if track and track.signatory_name else manager)
        left.text_input(t("legal.signatory_name"), max_chars=legal_track.MAX_NAME, **kw)
        kw = forms.field(FORM, k("signatory_function"))
        _prefill(k("signatory_function"), track.signatory_function if track else "")
        right.text_input(t("legal.signatory_function"), max_chars=legal_track.MAX_NAME, **kw)
        st.caption(t("legal.signatory_help"))
        forms.error(FORM, "signatory_name")
        forms.error(FORM, "signatory_function")
        kw = forms.field(FORM, k("growth_reason"))
        _prefill(k("growth_reason"), track.growth_reason if track else "")
        st.text_area(t("legal.growth_reason"), max_chars=legal_track.MAX_TEXT, help=t("legal.growth_help"), **kw)
        forms.error(FORM, "growth_reason")
        forms.submit(FORM, t("legal.save"), forms.action(FORM, save))
        forms.error(FORM)


def _deadlines(db: Store, me: User, legal: legal_track.LegalFile) -> None:
    track, a = legal.track, legal.case.assessment
    if legal.deadlines:
        st.caption(t("legal.deadlines"))
        st.dataframe(
            [{t("home.due_what"): t(f"legal.due_{d.kind}"), t("home.due_when"): day(d.due_on)} for d in legal.deadlines],
            hide_index=True, width="stretch",
        )
        offer_download(
            t("legal.download_ics"), lambda: legal_track.calendar_file(db, me, legal.case.id, lang()),
            file_name=t("legal.ics_file", id=legal.case.id), mime="text/calendar", key="legal_download_ics",
            case_id=legal.case.id,
        )
    if legal_track.is_codex_plan(track, a) and a.outcome.value == "B" and track.appeal_end is None:
        st.warning(t("legal.appeal_end_missing"))
