"""The trainer's screen through AppTest: on a demo database the administrator makes a
cohort, reads each trainee's password once, and finds every problem of the form at once;
a trainee's walk opens each step on their own copy of the case study."""

import pytest

from reset_core import accounts, services, training
from reset_core.database import KIND_DEMO
from reset_core.demo import DEMO_CASES
from reset_core.model import Role
from tests.app.conftest import account, app_store, open_page, submit_button, texts

# A case just opened: the fastest to build, where the screen is what is tested.
SOFIE = next(c for c in DEMO_CASES if c.employee[0] == "Sofie Claes")


@pytest.fixture
def demo(monkeypatch):
    with app_store().transaction() as q:
        q.meta.set("kind", KIND_DEMO)
    app_store().memo.pop("database", None)  # the kind is read once per open store, and this one was live
    monkeypatch.setattr(training, "TRAINING_CASES", (SOFIE,))
    account("demo-admin", "Greet Huysmans", Role.ADMIN)


def make(at, name: str, prefix: str, size: int = 3):
    at.text_input(key="cohorts_name").set_value(name)
    at.text_input(key="cohorts_prefix").set_value(prefix)
    at.number_input(key="cohorts_size").set_value(size)
    return submit_button(at, "cohorts_make", "Groep maken").click().run()


def test_the_trainer_makes_a_cohort_and_reads_each_password_once(demo):
    at = open_page("cohorts", "demo-admin")
    assert not at.exception
    at = make(at, "Opleiding november", "cursist", 3)
    assert not at.exception
    assert "Groep Opleiding november gemaakt met 3 cursisten." in texts(at)
    (sheet,) = at.table
    rows = sheet.value.to_dict("records")
    assert [r["Gebruikersnaam"] for r in rows] == ["cursist-01", "cursist-02", "cursist-03"]
    for row in rows:  # each password on the sheet opens its own account
        assert accounts.verify_login(app_store(), row["Gebruikersnaam"], row["Wachtwoord"]).username == row["Gebruikersnaam"]
    # The copies were made in the same visit: each trainee holds their own.
    trainee = next(u for u in accounts.login_directory(app_store()) if u.username == "cursist-02")
    assert [s.case.employee.name for s in services.list_cases(app_store(), trainee)] == ["Sofie Claes"]
    assert "klaar" in texts(at)

    at.button(key="cohorts_noted").click().run()
    assert at.table == [] or not any("Wachtwoord" in t.value.columns for t in at.table)
    assert rows[0]["Wachtwoord"] not in texts(at)


def test_a_cohort_form_shows_all_its_problems_at_once_and_makes_nothing(demo):
    account("cursist-02", "Al bezet")
    at = open_page("cohorts", "demo-admin")
    at = make(at, "  ", "Cursist!", 3)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert "Geef de groep een naam." in errors
    assert any(e.startswith("Gebruik 2 tot 24 kleine letters") for e in errors)
    assert len(errors) == 2
    # The name fixed, the prefix whose usernames exist: said next to the prefix, nothing made.
    at = make(at, "Opleiding", "cursist", 3)
    assert [e.value for e in at.error] == ["Deze gebruikersnamen bestaan al: cursist-02. Kies een ander begin."]
    assert "cursist-01" not in {u.username for u in accounts.login_directory(app_store())}
    assert at.text_input(key="cohorts_name").value == "Opleiding"  # what was typed stays


def test_a_trainer_resets_one_trainee_and_the_copies_are_made_anew(demo):
    at = make(open_page("cohorts", "demo-admin"), "Opleiding", "cursist", 2)
    first = next(u for u in accounts.login_directory(app_store()) if u.username == "cursist-01")
    (old,) = services.list_cases(app_store(), first)
    at.selectbox(key=next(s.key for s in at.selectbox if s.key.startswith("cohorts_trainee_"))).set_value("cursist-01").run()
    at.button(key=next(b.key for b in at.button if b.key.startswith("cohorts_reset_trainee_"))).click().run()
    assert not at.exception
    assert "1 dossiers gewist; de nieuwe kopieën worden gemaakt." in texts(at)
    (new,) = services.list_cases(app_store(), first)
    assert new.case.id != old.case.id


def test_the_training_room_is_not_in_the_menu_of_an_organisations_database():
    account("ada", "Ada Admin", Role.ADMIN)
    at = open_page("accounts", "ada")
    assert not [b for b in at.button if b.key == "menu_cohorts"]
    at = open_page("cohorts", "ada")  # the address alone opens nothing: the router has no such page here
    assert not at.exception
    assert [t.value for t in at.title] == ["Accounts"]


def test_a_trainee_walks_the_case_study_step_by_step_with_the_tips_beside(monkeypatch, demo):
    monkeypatch.setattr(training, "TRAINING_CASES", (training.CASE_STUDY,))
    trainer = next(u for u in accounts.login_directory(app_store()) if u.username == "demo-admin")
    training.make_cohort(app_store(), trainer, "Opleiding", "cursist", 1)
    training.make_copies(app_store(), trainer, "cursist-01")
    at = open_page("walk", "cursist-01")
    assert not at.exception
    shown = texts(at)
    assert "Marc Verbeke en iedereen rond zijn dossier zijn verzonnen" in shown
    assert "Stap 1: Intake, toestemming en afspraken" in shown and "Stap 7: Afsluiten en leren" in shown
    assert "Jij bent de neutrale buffer" in shown
    trainee = next(u for u in accounts.login_directory(app_store()) if u.username == "cursist-01")
    case_id = training.case_study_case(app_store(), trainee)
    at.button(key="walk_open_scan").click().run()
    assert not at.exception
    assert at.query_params.get("case") in (str(case_id), [str(case_id)])
