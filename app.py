"""ReSet: the router. Page config, language, the login gate, the menu for the role."""

from pathlib import Path

import streamlit as st

from reset_core import accounts, database, services
from reset_core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from reset_core.model import Role
from ui import auth, focus, menu
from ui.state import store, t
from ui.text import plain

st.set_page_config(page_title="ReSet", page_icon=":material/psychiatry:", layout="wide")
# The app's one stylesheet, on every page (the scan link's too): see ui/style.css.
st.html(Path(__file__).parent / "ui" / "style.css")

# The language box is drawn after the menu, and a menu click switches pages before the box
# is drawn: Streamlit drops the state of a widget its run did not draw, and the app fell
# back to Dutch. Assigned here, the choice is the session's own and outlives that run.
st.session_state["lang"] = st.session_state.get("lang", DEFAULT_LANGUAGE)
db = store()
if database.is_demo(db):
    st.warning(t("app.demo_banner"), icon=":material/school:")

if st.query_params.get("t"):
    # A respondent's personal scan link: this one page, no menu, no sidebar, no login.
    st.navigation([st.Page("views/public/answer.py", title=t("scan_link.title"))], position="hidden").run()
    st.stop()
if st.query_params.get("p"):
    # A party's personal space: the same, for their own space only.
    st.navigation([st.Page("views/public/space.py", title=t("space.title"))], position="hidden").run()
    st.stop()
if st.query_params.get("d"):
    # A second screen of a joint dialogue: the section the facilitator is on, nothing else.
    st.set_page_config(initial_sidebar_state="collapsed")
    st.navigation([st.Page("views/public/display.py", title=t("presentation.display_title"))], position="hidden").run()
    st.stop()

first_admin = accounts.needs_first_admin(db)
user = None if first_admin else auth.current_user(db)
# The language kept with the account, applied before any page is named: a rerun here
# would lose the address asked for (a reload or a bookmark landed on the home page).
if user is not None:
    auth.restore_language(db, user)

# A screen lives in views/<who uses it>/: public (reached without a login), facilitator,
# admin, shared (any logged-in user). Its address, and the menu key menu_<address>, is
# its file name, so a screen moved between folders keeps both.
PAGES = {
    "first_admin": st.Page("views/public/first_admin.py", title=t("page.first_admin"), icon=":material/key:"),
    "login": st.Page("views/public/login.py", title=t("page.login"), icon=":material/key:"),
    "home": st.Page("views/facilitator/home.py", title=t("page.home"), icon=":material/home:", default=True),
    "intake": st.Page("views/facilitator/intake.py", title=t("page.intake"), icon=":material/assignment_ind:"),
    "conversations": st.Page("views/facilitator/conversations.py", title=t("page.conversations"), icon=":material/forum:"),
    "cards": st.Page("views/facilitator/cards.py", title=t("page.cards"), icon=":material/style:"),
    "scan": st.Page("views/facilitator/scan.py", title=t("page.scan"), icon=":material/compare_arrows:"),
    "agreement": st.Page("views/facilitator/agreement.py", title=t("page.agreement"), icon=":material/handshake:"),
    "dialogue": st.Page("views/facilitator/dialogue.py", title=t("page.dialogue"), icon=":material/co_present:"),
    "followup": st.Page("views/facilitator/followup.py", title=t("page.followup"), icon=":material/event_repeat:"),
    "closing": st.Page("views/facilitator/closing.py", title=t("page.closing"), icon=":material/task_alt:"),
    "learning": st.Page("views/shared/learning.py", title=t("page.learning"), icon=":material/insights:"),
    "accounts": st.Page("views/admin/accounts.py", title=t("page.accounts"), icon=":material/group:", default=True),
    "privacy": st.Page("views/admin/privacy.py", title=t("page.privacy"), icon=":material/shield_person:"),
    "organisation": st.Page("views/admin/organisation.py", title=t("page.organisation"), icon=":material/badge:"),
    "prevention": st.Page("views/admin/prevention.py", title=t("page.prevention"), icon=":material/health_and_safety:"),
    # The training room, on a demo database only: the trainer's cohorts and a trainee's walk.
    "cohorts": st.Page("views/admin/cohorts.py", title=t("page.cohorts"), icon=":material/school:"),
    "walk": st.Page("views/facilitator/walk.py", title=t("page.walk"), icon=":material/school:"),
    "password": st.Page("views/shared/password.py", title=t("page.password"), icon=":material/password:"),
    "logout": st.Page("views/shared/logout.py", title=t("page.logout"), icon=":material/logout:"),
}


def _training_room(db) -> bool:
    # Imported here, past the login: reset_core.training brings the demo builders and the
    # documents with it, a third of the first run that draws the login page (issue 19).
    from reset_core import training

    return training.is_training_room(db)


if first_admin:
    sections = {"": [PAGES["first_admin"]]}
else:
    if user is None:
        sections = {"": [PAGES["login"]]}
    elif user.must_change_password:
        # A one-time password opens nothing but the choice of one's own (reset_core refuses the rest too).
        sections = {t("nav.you"): [PAGES["password"], PAGES["logout"]]}
    elif user.role is Role.ADMIN:
        sections = {t("nav.admin"): [PAGES["accounts"], PAGES["privacy"], PAGES["organisation"], PAGES["prevention"], PAGES["learning"]], t("nav.you"): [PAGES["password"], PAGES["logout"]]}
        if _training_room(db):
            sections[t("nav.admin")].append(PAGES["cohorts"])
    else:
        sections = {t("nav.cases"): [PAGES["home"], PAGES["intake"], PAGES["conversations"], PAGES["cards"], PAGES["scan"], PAGES["dialogue"], PAGES["agreement"], PAGES["followup"], PAGES["closing"], PAGES["learning"]], t("nav.you"): [PAGES["password"], PAGES["logout"]]}
        if _training_room(db):
            sections[t("nav.cases")].append(PAGES["walk"])
st.session_state["user"] = user

# Presentation mode: the joint dialogue on the big screen, nothing else of the app. The
# address says so (?case=ID&present=1), so that a reload, a dropped connection or a new
# tab of the projector comes back to the same joint screen, never to the case list.
if user is not None and user.role is Role.FACILITATOR and focus.presenting():
    # Hidden navigation alone leaves an empty sidebar panel on the big screen (the
    # browser keeps the panel it had before); collapsing it gives the screen back.
    st.set_page_config(initial_sidebar_state="collapsed")
    # The joint screen keeps its own address (/dialogue), so that a reload finds it rather
    # than Streamlit's "page not found" over the screen (a lone page would be served at
    # "/" only); "/" itself leads there too, never to the case list.
    to_joint_screen = st.Page(
        lambda: st.switch_page(PAGES["dialogue"], query_params=st.query_params.to_dict()),
        title=t("page.dialogue"), url_path="presenting", default=True,
    )
    with services.page_visit(db, user):
        st.navigation([to_joint_screen, PAGES["dialogue"]], position="hidden").run()
    st.stop()
st.set_page_config(initial_sidebar_state="auto")

page = menu.draw(sections)
st.sidebar.selectbox(
    t("app.language"), LANGUAGES, key="lang", format_func=lambda code: t(f"app.language_{code}"),
    on_change=auth.keep_language, args=(db,),
)
if user is not None:
    st.sidebar.caption(t("app.logged_in_as", name=plain(user.name), role=t(f"role.{user.role.value}")))
auth.sync_cookie()
# The cases this run reads are logged once each, when it ends (reset_core.services.page_visit).
with services.page_visit(db, user):
    page.run()
