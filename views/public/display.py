"""The second screen of a joint dialogue: a TV in the room, or a remote participant.

Reached without an account, only through ?d=TOKEN. It shows the section the facilitator
is on and nothing else: no menu, no buttons, nothing private, no other case. It looks
again every second; the moment the facilitator ends the presentation, revokes the link,
or the link's few hours are over, it goes blank and stops looking.
"""

import streamlit as st

from reset_core import presentation
from reset_core.presentation import DisplayRefused
from ui import link_page
from ui import presentation as ui_presentation
from ui.state import store, t

db = store()
ss = st.session_state
token = st.query_params.get("d", "")
# Fast enough to follow within two seconds; each look is one read of a few small tables.
FOLLOW_EVERY = 1.0


def blank() -> None:
    """One neutral screen for a wrong, expired, revoked or ended link: it tells nothing."""
    st.title(t("presentation.display_title"))
    st.info(t("presentation.display_refused"))
    st.stop()


try:
    if ss.get("display_token") == token:
        shown = presentation.follow(db, token)
    else:
        shown = presentation.open_display(db, token)  # logged once per browser session
        ss["display_token"] = token
        ss["lang"] = shown.language  # the facilitator's language when the link was made
except DisplayRefused:
    if ss.get("display_token") != token:  # a guess, not a screen that was showing
        link_page.slow_down("display")
    blank()


@st.fragment(run_every=FOLLOW_EVERY)
def follow() -> None:
    try:
        now = presentation.follow(db, token)
    except DisplayRefused:
        # Blank at once; then the whole page again, blank and without this fragment, so
        # that it stops looking.
        st.title(t("presentation.display_title"))
        st.info(t("presentation.display_refused"))
        st.rerun(scope="app")
        return
    st.caption(ui_presentation.counter(now.view, now.section))
    ui_presentation.draw(now.view, now.section, ("display", now.case_id))


follow()
