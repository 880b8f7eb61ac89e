"""Admin: the organisation's name and logo, printed in the header of every document
(the plan, the scan report, the card sheet). reset_core checks the role, the logo's type
and size, and that nobody saved a newer version meanwhile; every problem shows at once,
next to its field, and nothing is half-saved."""

import streamlit as st

from reset_core import organisation
from reset_core.formats import moment
from ui import forms
from ui.state import lang, store, t, user

FORM = "organisation"
me = user()
db = store()
ss = st.session_state

st.title(t("documents.organisation_title"))
st.caption(t("documents.organisation_explain"))
current = organisation.profile(db)
if "organisation_name" not in ss:  # what the admin types stays theirs until saved
    ss.organisation_name = current.name


def save(drawn: int = current.version) -> None:  # the version the admin was looking at
    logo = ss.get("organisation_logo")
    organisation.save(
        db, me, ss.organisation_name, logo=logo.getvalue() if logo is not None else None,
        remove_logo=bool(ss.get("organisation_logo_remove")), version=drawn,
    )


with st.form(FORM):
    st.text_input(t("documents.organisation_name"), key="organisation_name", max_chars=organisation.NAME_LIMIT,
                  help=t("documents.organisation_name_help"))
    forms.error(FORM, "name")
    st.file_uploader(t("documents.logo"), type=["png", "jpg", "jpeg"], key="organisation_logo", help=t("documents.logo_help"))
    forms.error(FORM, "logo")
    if current.logo:
        st.caption(t("documents.logo_current"))
        st.image(current.logo, width=160)
        st.checkbox(t("documents.logo_remove"), key="organisation_logo_remove")
    else:
        st.caption(t("documents.logo_none"))
    st.form_submit_button(t("documents.organisation_save"), type="primary", on_click=forms.action(FORM, save))
forms.error(FORM)
if forms.succeeded(FORM):
    st.success(t("documents.organisation_saved"))
if current.updated_at is not None:
    st.caption(t("documents.organisation_last", who=current.updated_by, when=moment(current.updated_at, lang())))
