"""The pages as a user meets them, through Streamlit's AppTest."""


import pytest

from reset_core import accounts
from reset_core.errors import LoginFailed
from reset_core.model import COMMAND_LINE, Role
from tests.app.conftest import app, app_store, logged_in, submit_button, texts, view
from tests.conftest import PASSWORD, open_case


def add(username: str, role: Role = Role.FACILITATOR, name: str = "") -> None:
    accounts.add_user(app_store(), COMMAND_LINE, username, name or username.title(), PASSWORD, role)


def fill_first_admin(at, username="beheer", name="Bea Beheer", password=PASSWORD, repeat=PASSWORD):
    at.text_input(key="first_admin_username").input(username)
    at.text_input(key="first_admin_name").input(name)
    at.text_input(key="first_admin_password").input(password)
    at.text_input(key="first_admin_repeat").input(repeat)
    return at.button[0].click().run()


def test_an_empty_database_asks_for_the_first_administrator():
    at = app().run()
    assert at.title[0].value == "Welkom bij ReSet"
    fill_first_admin(at)
    assert not at.exception
    assert at.title[0].value == "Aanmelden bij ReSet"
    assert "Het beheerdersaccount is aangemaakt" in texts(at)


def test_the_first_administrator_screen_never_appears_once_an_account_exists():
    add("beheer", Role.ADMIN)
    at = app().run()
    assert at.title[0].value == "Aanmelden bij ReSet"
    assert "Welkom bij ReSet" not in texts(at)


def test_a_bad_first_administrator_form_says_what_is_wrong_next_to_the_field():
    at = app().run()
    fill_first_admin(at, password="short", repeat="short")
    assert "minstens 10 tekens" in texts(at)
    assert at.title[0].value == "Welkom bij ReSet"
    fill_first_admin(at, repeat="something else entirely")
    assert "niet gelijk" in texts(at)
    assert accounts.needs_first_admin(app_store())


def log_in(at, username, password):
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    return at.button[0].click().run()


def test_the_real_login_form_refuses_a_wrong_password_and_admits_the_right_one():
    add("fien", name="Fien Peeters")
    at = log_in(app().run(), "fien", "wrong password")
    assert "gebruikersnaam of wachtwoord is niet juist" in texts(at)
    at = log_in(at, "fien", PASSWORD)
    assert not at.exception
    assert at.title[0].value == "Mijn dossiers"
    assert "Aangemeld als Fien Peeters" in texts(at)


def test_the_login_form_answers_a_locked_account_an_unknown_one_and_a_wrong_password_alike():
    add("fien")
    at = app().run()
    for _ in range(5):
        at = log_in(at, "fien", "wrong password")
    locked = [e.value for e in at.error]
    at = log_in(at, "fien", PASSWORD)
    assert [e.value for e in at.error] == locked
    assert at.title[0].value == "Aanmelden bij ReSet"
    unknown = [e.value for e in log_in(app().run(), "niemand", PASSWORD).error]
    wrong = [e.value for e in log_in(app().run(), "fien", "wrong password").error]
    assert locked == unknown == wrong
    assert "Probeer het dan over 15 minuten opnieuw" in locked[0]


def test_after_a_reset_the_owner_must_choose_a_password_and_is_told_who_reset_it_and_when():
    add("beheer", Role.ADMIN, name="Bea Beheer")
    add("fien", name="Fien Peeters")
    admin = logged_in("beheer").run()
    admin.selectbox(key="accounts_change_user").select_index(0).run()
    admin.button(key="accounts_reset_password").click().run()
    (one_time,) = [c.value for c in admin.code]
    at = log_in(app().run(), "fien", one_time)
    assert at.title[0].value == "Kies je eigen wachtwoord"
    page = texts(at)
    assert "Bea Beheer (beheer) heeft je wachtwoord opnieuw ingesteld op " in page
    with pytest.raises(ValueError, match=r"Known pages: .*password.py.*logout.py'\]"):
        at.switch_page(view("home"))  # nothing else is reachable (and reset_core refuses the rest)
    at.text_input(key="password_new").input("mijn eigen wachtwoord")
    at.text_input(key="password_repeat").input("mijn eigen wachtwoord")
    at.button(key="FormSubmitter:password_change-Wachtwoord opslaan").click().run()
    assert "Je wachtwoord is gewijzigd" in texts(at)
    at.switch_page(view("home")).run()
    assert at.title[0].value == "Mijn dossiers"


def test_an_admin_unlocks_an_account_on_the_accounts_screen():
    add("beheer", Role.ADMIN)
    add("fien")
    for _ in range(5):
        with pytest.raises(LoginFailed):
            accounts.verify_login(app_store(), "fien", "wrong password", source="10.0.0.66")
    at = logged_in("beheer").run()
    assert "geblokkeerd vanaf 1 plek(ken)" in texts(at)
    at.selectbox(key="accounts_change_user").select_index(0).run()
    at.button(key="accounts_unlock").click().run()
    assert "fien is gedeblokkeerd (1 plek(ken))" in texts(at)
    assert accounts.verify_login(app_store(), "fien", PASSWORD, source="10.0.0.66").username == "fien"


def test_the_home_page_lists_only_the_facilitators_own_cases():
    add("fien")
    add("olaf")
    store = app_store()
    fien, olaf = (u for u in accounts.login_directory(store) if u.username in ("fien", "olaf"))
    for who, name in ((fien, "Marc Verbeke"), (olaf, "Hanne Vermeulen")):
        open_case(store, who, name)
    page = texts(logged_in("fien").run())
    assert "Marc Verbeke" in page
    assert "Hanne Vermeulen" not in page
    assert "Intake en toestemming afronden" in page


def test_an_admin_sees_the_accounts_but_no_case_contents():
    add("beheer", Role.ADMIN)
    add("fien")
    fien = next(u for u in accounts.login_directory(app_store()) if u.username == "fien")
    open_case(app_store(), fien, "Marc Verbeke")
    at = logged_in("beheer").run()
    assert at.title[0].value == "Accounts"
    page = texts(at)
    assert "fien" in page
    assert "Marc Verbeke" not in page


def test_an_admin_adds_a_facilitator_who_can_then_log_in():
    add("beheer", Role.ADMIN)
    at = logged_in("beheer").run()
    at.text_input(key="accounts_add_username").input("nieuw")
    at.text_input(key="accounts_add_name").input("Nina Nieuw")
    at.text_input(key="accounts_add_password").input(PASSWORD)
    at.text_input(key="accounts_add_repeat").input(PASSWORD)
    submit_button(at, "accounts_add", "Account toevoegen").click().run()
    assert "Account nieuw is toegevoegd" in texts(at)
    assert accounts.verify_login(app_store(), "nieuw", PASSWORD).name == "Nina Nieuw"


def test_a_deactivated_facilitator_loses_access_on_the_next_click():
    add("beheer", Role.ADMIN)
    add("fien")
    at = logged_in("fien").run()
    assert at.title[0].value == "Mijn dossiers"
    accounts.set_active(app_store(), COMMAND_LINE, "fien", False)
    at.run()
    assert at.title[0].value == "Aanmelden bij ReSet"
    assert "Je sessie is beëindigd" in texts(at)


def test_logging_out_returns_to_the_login_page_and_ends_the_session():
    add("fien")
    at = logged_in("fien").run()
    sid = at.session_state["reset_session"]
    at.switch_page(view("logout")).run()
    at.button(key="logout_submit").click().run()
    assert at.title[0].value == "Aanmelden bij ReSet"
    assert "Je bent afgemeld" in texts(at)
    assert accounts.session_user(app_store(), sid) is None


def test_the_demo_database_shows_the_banner_and_the_demo_logins(demo_config):
    at = app().run()
    page = texts(at)
    assert "DEMO - fictieve gegevens" in page
    assert "demo-reset" in page
    at = log_in(at, "demo", "demo-reset")
    assert "Marc Verbeke" in texts(at)


def test_a_real_database_shows_no_demo_logins():
    add("fien")
    page = texts(app().run())
    assert "DEMO" not in page
    assert "demo-reset" not in page


def test_the_interface_switches_to_english():
    add("fien")
    at = app().run()
    at.sidebar.selectbox[0].select("en").run()
    assert at.title[0].value == "Log in to ReSet"


def test_an_admin_makes_a_backup_while_the_app_runs_and_can_download_it():
    add("beheer", Role.ADMIN)
    at = logged_in("beheer").run()
    at.button(key="accounts_backup").click().run()
    assert not at.exception
    assert "Back-up geschreven naar" in texts(at)
    backups = list((app_store().path.parent / "backups").glob("reset-*.duckdb"))
    assert len(backups) == 1 and backups[0].stat().st_size > 0
