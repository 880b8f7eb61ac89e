"""Each user's language: chosen in the sidebar, kept with the account, back at the next login."""

from reset_core import accounts, scan
from reset_core.model import COMMAND_LINE, Respondent, Role
from tests.app.conftest import app, app_store, logged_in, open_page, submit_button, texts
from tests.conftest import PASSWORD, open_case


def add(username: str, name: str) -> None:
    accounts.add_user(app_store(), COMMAND_LINE, username, name, PASSWORD, Role.FACILITATOR)


def log_in(at, username):
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    return at.button[0].click().run()


def test_the_language_box_offers_dutch_english_and_french_in_their_own_names():
    add("fien", "Fien Peeters")
    at = logged_in("fien").run()
    box = at.selectbox(key="lang")
    assert box.options == ["Nederlands", "English", "Français"]
    at = box.set_value("fr").run()
    assert not at.exception
    assert at.title[0].value == "Mes dossiers"
    assert "Session de Fien Peeters (facilitateur)" in texts(at)


def test_a_language_chosen_after_login_comes_back_at_the_next_login_in_another_browser():
    add("fien", "Fien Peeters")
    logged_in("fien").run().selectbox(key="lang").set_value("fr").run()
    at = log_in(app().run(), "fien")  # a new session: the login screen opens in Dutch
    assert not at.exception
    assert at.title[0].value == "Mes dossiers"
    assert at.selectbox(key="lang").value == "fr"
    menu = [b.label for b in at.sidebar.button]
    assert "Mes dossiers" in menu and "Mijn dossiers" not in menu  # the menu too, from the first screen on


def test_one_users_language_is_not_anothers():
    add("fien", "Fien Peeters")
    add("olaf", "Olaf Janssens")
    logged_in("fien").run().selectbox(key="lang").set_value("fr").run()
    at = log_in(app().run(), "olaf")
    assert at.title[0].value == "Mijn dossiers"
    assert accounts.language(app_store(), next(u for u in accounts.login_directory(app_store()) if u.username == "olaf")) is None


def test_a_language_picked_before_logging_in_is_kept_on_screen_but_not_with_the_account():
    add("fien", "Fien Peeters")
    at = app().run().selectbox(key="lang").set_value("en").run()
    assert at.title[0].value == "Log in to ReSet"
    at = log_in(at, "fien")
    assert at.title[0].value == "My cases"
    fien = next(u for u in accounts.login_directory(app_store()) if u.username == "fien")
    assert accounts.language(app_store(), fien) is None


def test_the_facilitator_gives_a_french_speaking_employee_a_french_scan_link_and_a_dutch_one_to_the_manager(fien):
    case_id = open_case(app_store(), fien, "Marc Verbeke")
    at = open_page("scan", case_id=case_id)
    assert at.selectbox(key="scan_new_lang_employee").options == ["Nederlands", "English", "Français"]
    at.selectbox(key="scan_new_lang_employee").set_value("fr")
    submit_button(at, "scan_new", "Scanmoment aanmaken met twee links").click().run()
    assert not at.exception
    tokens = {scan.open_link(app_store(), t).respondent: t for t in (c.value.split("t=")[1] for c in at.code)}
    employee, manager = app(), app()
    employee.query_params["t"], manager.query_params["t"] = tokens[Respondent.EMPLOYEE], tokens[Respondent.MANAGER]
    assert employee.run().radio(key="lang").value == "fr"
    assert manager.run().radio(key="lang").value == "nl"


def test_the_chosen_language_stays_when_the_menu_opens_another_page():
    add("fien", "Fien Peeters")
    at = logged_in("fien").run()
    at.selectbox(key="lang").set_value("fr").run()
    at.sidebar.button(key="menu_intake").click().run()
    assert not at.exception
    assert at.title[0].value == "Entretien d'accueil"
    assert at.selectbox(key="lang").value == "fr"
