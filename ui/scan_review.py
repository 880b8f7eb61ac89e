"""The facilitator's bilateral scan review on the scan page (reset_core.scan_review): per
party who submitted the moment, the review as written down (the private note marked as
the facilitator's own), the form to write it down or correct it, and the summary that
party takes home."""

from __future__ import annotations

from datetime import date

import streamlit as st

from reset_core import formats, scan_review
from reset_core.allowed import Allowance, Use
from reset_core.documents import scan_review as summary_document
from reset_core.i18n import LANGUAGES
from reset_core.instrument import load_instrument
from reset_core.model import Respondent, User
from reset_core.scan import MomentResult
from reset_core.storage import Store

from . import forms
from .documents import offer_download
from .state import lang, notice, notify, t, theme_name

PAGE = "scan_review"


def form_name(party: Respondent) -> str:
    return f"scan_review_{party.value}"


def draw(db: Store, me: User, case_id: int, result: MomentResult, allowance: Allowance) -> None:
    st.subheader(t("scan_review.title"))
    st.caption(t("scan_review.explain"))
    parties = [r for r, scores in ((Respondent.EMPLOYEE, result.employee), (Respondent.MANAGER, result.manager)) if scores]
    if not parties:
        st.info(t("scan_review.no_party"))
        return
    party = st.radio(
        t("scan_review.party"), parties, key="scan_review_party", horizontal=True,
        format_func=lambda r: t(f"respondent.{r.value}"),
    )
    moment_id, who = result.moment.id, t(f"respondent.{party.value}")
    review = scan_review.reviews(db, me, case_id).get((moment_id, party))
    notice(PAGE)
    if review is None:
        st.info(t("scan_review.none_yet", party=who))
    else:
        with st.container(border=True):
            st.caption(t(
                "scan_review.recorded", date=formats.day(review.held_on, lang()), when=formats.moment(review.recorded_at, lang()),
            ))
            st.markdown(f"**{t('scan_review.stood_out')}**")
            st.text(review.stood_out)
            st.markdown(f"**{t('scan_review.to_bring')}**")
            if review.themes:
                st.text(f"{t('scan_review.shown_themes')} {', '.join(theme_name(th) for th in review.themes)}")
            if review.to_bring:
                st.text(review.to_bring)
            if review.private_note:
                st.markdown(f"**{t('scan_review.shown_private')}**")
                st.text(review.private_note)

    if allowance.allows(Use.CONVERSATION_EDITS):
        _form(db, me, case_id, result, party, review)

    if review is not None:
        st.markdown(f"**{t('scan_review.summary_title')}**")
        st.caption(t("scan_review.summary_explain", party=who))
        doc_lang = st.selectbox(
            t("scan_review.summary_language"), LANGUAGES, index=LANGUAGES.index(lang()), key="scan_review_summary_lang",
            format_func=lambda code: t(f"app.language_{code}"),
        )
        # Made (and logged) when clicked, for this party alone.
        offer_download(
            t("scan_review.summary_download", party=who),
            lambda: summary_document.document(db, me, case_id, moment_id, party, doc_lang),
            file_name=t("scan_review.summary_file", id=case_id, party=who), mime="application/pdf",
            key="scan_review_summary_download", case_id=case_id,
        )


def _form(db: Store, me: User, case_id: int, result: MomentResult, party: Respondent, review) -> None:
    moment_id, form = result.moment.id, form_name(party)
    prefix = f"scan_review_{moment_id}_{party.value}"
    themes = load_instrument(result.moment.instrument_version).themes()
    # New: the themes the party already flagged to talk about; then: what was written down.
    chosen = list(review.themes) if review else [th for th in themes if party in result.flags.get(th, frozenset())]

    def save(request: str) -> None:
        ss = st.session_state
        scan_review.record(
            db, me, case_id, moment_id, party, ss[f"{prefix}_held_on"], ss[f"{prefix}_stood_out"],
            ss[f"{prefix}_to_bring"], ss[f"{prefix}_themes"], ss[f"{prefix}_note"], request=request,
            base=review.recorded_at if review else None,
        )
        notify(PAGE, t("scan_review.saved"))

    with st.form(forms.keyed(form)):
        st.date_input(
            t("scan_review.held_on"), value=review.held_on if review else date.today(), key=f"{prefix}_held_on",
            format="DD/MM/YYYY", min_value=forms.EARLIEST, max_value=forms.LATEST,
        )
        forms.error(form, "held_on")
        st.text_area(
            t("scan_review.stood_out"), value=review.stood_out if review else "", max_chars=scan_review.MAX_TEXT,
            key=f"{prefix}_stood_out", help=t("scan_review.stood_out_help"),
        )
        forms.error(form, "stood_out")
        st.multiselect(
            t("scan_review.themes"), themes, default=chosen, key=f"{prefix}_themes", format_func=theme_name,
            help=t("scan_review.themes_help"),
        )
        forms.error(form, "themes")
        st.text_area(
            t("scan_review.to_bring"), value=review.to_bring if review else "", max_chars=scan_review.MAX_TEXT,
            key=f"{prefix}_to_bring", help=t("scan_review.to_bring_help"),
        )
        forms.error(form, "to_bring")
        st.text_area(
            t("scan_review.private_note"), value=review.private_note if review else "", max_chars=scan_review.MAX_TEXT,
            key=f"{prefix}_note", help=t("scan_review.private_note_help"),
        )
        forms.error(form, "private_note")
        st.form_submit_button(t("scan_review.save"), type="primary", on_click=forms.action(form, save, with_request=True))
    forms.error(form, "respondent")
    forms.error(form)
