"""The facilitator's side of the parties' personal spaces (a tab of the intake): per
party the link (made, reissued, revoked; a fresh one shown once, like a scan link) and
where the party stands: link sent, opened, scan submitted per moment, consents."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from reset_core import formats, party_space
from reset_core.i18n import LANGUAGES
from reset_core.model import Respondent, User
from reset_core.storage import Store

from . import focus, forms
from .state import lang, link_base, space_url, t

FRESH = "space_fresh_link"
REVOKED = "space_revoked"


def _when(moment) -> str:
    return formats.moment(moment, lang()) or "—"


def _state(state: party_space.PartyState, subject_label: Callable[[str], str]) -> None:
    if state.link == "none":
        st.write(t("space.link_none"))
    elif state.link == "live":
        st.write(t("space.link_live", sent=_when(state.sent_at), expires=_when(state.expires_at)))
    elif state.link == "expired":
        st.warning(t("space.link_expired", expires=_when(state.expires_at)))
    else:
        st.warning(t("space.link_revoked"))
    if state.link != "none":
        if state.opened_at:
            st.write(t("space.opened", first=_when(state.opened_at), last=_when(state.last_opened_at)))
        else:
            st.write(t("space.opened_never"))
    if state.scans:
        st.caption(t("space.scans_heading"))
        for moment in state.scans:
            kind, planned = t(f"moment_kind.{moment.kind.value}"), formats.day(moment.planned_on, lang())
            if moment.submitted_at:
                st.text(t("space.scan_state_submitted", kind=kind, date=planned, when=_when(moment.submitted_at)))
            else:
                st.text(t("space.scan_state_open" if moment.link_open else "space.scan_state_waiting", kind=kind, date=planned))
    if state.consents:
        st.caption(t("space.consents_heading"))
        for subject, given in state.consents:
            # st.text: a person's typed name is never read as Markdown
            st.text(t("space.consent_state_given" if given else "space.consent_state_withdrawn", subject=subject_label(subject)))


def section(db: Store, me: User, case_id: int, subject_label: Callable[[str], str]) -> None:
    st.write(t("space.intro"))
    if focus.kept(REVOKED, case_id, pop=True):
        st.success(t("space.revoked"))
    ss = st.session_state
    states = party_space.overview(db, me, case_id)
    columns = st.columns(len(states))
    for column, state in zip(columns, states):
        respondent = state.respondent
        who = t(f"respondent.{respondent.value}")
        form = f"space_link_{respondent.value}"
        with column, st.container(border=True):
            st.subheader(t("space.party_heading", respondent=who))
            _state(state, subject_label)
            st.selectbox(
                t("space.link_language"), LANGUAGES, key=f"{form}_lang", format_func=lambda c: t(f"app.language_{c}"),
            )
            st.number_input(
                t("space.valid_days"), min_value=1, max_value=party_space.MAX_VALID_DAYS,
                value=party_space.DEFAULT_VALID_DAYS, step=1, key=f"{form}_days",
            )
            forms.error(form, "valid_days")
            forms.error(form, "language")

            def make(request: str, respondent: Respondent = respondent, form: str = form) -> None:
                # The session's places first (ui/forms.py): shown once, bound to this case.
                language, days = ss[f"{form}_lang"], int(ss[f"{form}_days"])
                made, base = focus.keep(FRESH, case_id, request), link_base()
                token = party_space.issue_link(db, me, case_id, respondent, language, days, request=request)
                if token:  # a repeated click makes no link and finds the first one in `made`
                    made.update(respondent=respondent.value, url=space_url(token, base))

            def revoke(respondent: Respondent = respondent) -> None:
                said = focus.keep(REVOKED, case_id, respondent.value)  # before the write (ui/forms.py)
                party_space.revoke_link(db, me, case_id, respondent)
                said["done"] = True

            label = "space.make" if state.link == "none" else "space.reissue"
            st.button(
                t(label, respondent=who), key=f"{forms.keyed(form)}_make", type="primary",
                on_click=forms.action(form, make, with_request=True),
            )
            if state.link == "live":
                st.button(t("space.revoke", respondent=who), key=f"{form}_revoke", on_click=forms.action(f"{form}_revoke", revoke))
                forms.error(f"{form}_revoke")
            forms.error(form)
    fresh = focus.kept(FRESH, case_id, pop=True)
    if fresh:
        st.success(t("space.made", respondent=t(f"respondent.{fresh['respondent']}")))
        st.code(fresh["url"], language=None)
        st.warning(t("space.link_once"))
