"""A party's personal space: their own scan state, the employee's consents, the manager's
information notice, and (from the joint dialogue on) the plan.

Reached without an account, only through ?p=TOKEN. Shows nothing of the app beyond this
party's own space: no menu, no other case, nothing of the other party. Each part is one
function below; reset_core.party_space.sections decides which parts a party sees in
which phase, in which order.
"""

import time

import streamlit as st

from reset_core import formats, party_space, scan
from reset_core.i18n import LANGUAGES
from reset_core.model import PROCESSING
from reset_core.party_space import LinkRefused, SpaceView
from ui import forms
from ui.state import lang, store, t
from ui.text import plain

db = store()
ss = st.session_state
token = st.query_params.get("p", "")

try:
    if ss.get("space_token") == token:
        session = party_space.resume(db, token)
    else:
        session = party_space.open_space(db, token)  # logged once per browser session
        ss["space_token"] = token
        ss["lang"] = session.language  # the language the facilitator chose; switchable below
except LinkRefused as refused:
    ss["space_failures"] = ss.get("space_failures", 0) + 1
    time.sleep(scan.bad_token_delay(ss["space_failures"]))  # guessing gets slow
    st.title(t("space.title"))
    st.error(t(refused.key))
    st.stop()

st.title(t("space.title"))
st.radio(t("space.language_choice"), LANGUAGES, key="lang", horizontal=True, format_func=lambda code: t(f"app.language_{code}"))
view = party_space.space(db, token, lang())
st.write(plain(t("space.welcome", name=view.session.name)))
SAID = "space_said"  # what the last click did, said once
said = ss.get(SAID, {}).pop("text", None)
if said:
    st.success(said)


def scan_section(view: SpaceView) -> None:
    """Whether a scan moment waits for them and whether they submitted; the questionnaire
    itself stays on its own scan link."""
    st.header(t("space.scan_title"))
    st.caption(t("space.scan_by_link"))
    if not view.scans:
        st.info(t("space.scan_none"))
    for moment in reversed(view.scans):
        kind, planned = t(f"moment_kind.{moment.kind.value}"), formats.day(moment.planned_on, lang())
        if moment.submitted_at:
            st.success(t("space.scan_submitted", kind=kind, date=planned, when=formats.moment(moment.submitted_at, lang())))
        elif moment.link_open:
            st.info(t("space.scan_open", kind=kind, date=planned))
        else:
            st.write(t("space.scan_waiting", kind=kind, date=planned))


def withdraw(subject: str) -> None:
    # The session's places first, the database after (ui/forms.py): a dict in hand is
    # filled after the write, so a newer click cannot cut off what was said.
    said, text = ss.setdefault(SAID, {}), t("space.consent_withdrawn_now")
    party_space.withdraw_consent(db, token, subject)
    said["text"] = text


def consents_section(view: SpaceView) -> None:
    """The employee's consents in the words they were shown, each withdrawn with one click."""
    st.header(t("space.consents_title"))
    st.write(t("space.consents_intro"))
    if not view.consents:
        st.info(t("space.consents_none"))
    for number, consent in enumerate(view.consents):
        form = f"space_consent_{consent.subject}"
        with st.container(border=True, key=f"space_consent_box_{number}"):
            st.subheader(t("space.consent_processing") if consent.subject == PROCESSING else t("space.consent_person"))
            st.text(consent.text)  # the words as shown, never read as Markdown (a name may hold any sign)
            st.caption(
                t("space.consent_text_version", version=consent.text_version) if consent.text_version
                else t("space.consent_text_unversioned")
            )
            if consent.given:
                st.write(t("space.consent_given_on", date=formats.day(consent.since, lang())))
                if consent.subject == PROCESSING:
                    st.caption(t("space.consent_withdraw_processing_note"))
                st.button(
                    t("space.consent_withdraw"), key=form,
                    on_click=forms.action(form, lambda subject=consent.subject: withdraw(subject)),
                )
                forms.error(form)
                forms.error(form, "consent")
                forms.error(form, "consent_subject")
            else:
                st.warning(t("space.consent_withdrawn_on", date=formats.day(consent.since, lang())))
                st.caption(t("space.consent_again"))


def notice_section(view: SpaceView) -> None:
    """The manager is a data subject too: what is kept about them, why, how long, their rights."""
    st.header(t("space.notice_title"))
    st.markdown(t("space.notice_what"))
    st.markdown(t("space.notice_why"))
    st.markdown(t("space.notice_how_long", years=view.retention_years))
    st.markdown(t("space.notice_rights"))
    st.markdown(t("space.notice_ask"))


def plan_section(view: SpaceView) -> None:
    """THE PLAN GOES HERE: the offered plan and the party's answer to it (issue 15, the
    plan-answer part). Left empty until then; `party_space.PLAN_PHASES` says when it shows."""


SECTIONS = {
    party_space.SCAN: scan_section,
    party_space.CONSENTS: consents_section,
    party_space.NOTICE: notice_section,
    party_space.PLAN: plan_section,
}
for part in view.sections:
    SECTIONS[part](view)
