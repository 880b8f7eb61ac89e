"""The training room: each trainee of a cohort holds copies of the fictitious cases of
their own, edits them at once with the others without touching theirs, and is reset
alone or with the cohort."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from reset_core import accounts, conversations, services, training
from reset_core.database import KIND_DEMO
from reset_core.demo import DEMO_CASES
from reset_core.errors import PermissionDenied, ValidationErrors
from reset_core.model import ConversationParty, Copies, Role, User
from tests.conftest import make_user, open_case

# One case just opened: building every training case for fifteen trainees takes minutes
# (the case study alone 7 s on a loaded machine); the isolation is the same with one.
SOFIE = next(c for c in DEMO_CASES if c.employee[0] == "Sofie Claes")
CARD = "theme_team_relations"


@pytest.fixture
def demo_store(store):
    """A demo database without the demo's own cases: building those takes minutes, and the
    training room asks only that the database is a demo's (reset_core.database.is_demo)."""
    with store.transaction() as q:
        q.meta.set("kind", KIND_DEMO)
    store.memo.pop("database", None)  # the kind is read once per open store, and this one was live
    make_user(store, "demo", name="An Vercammen")
    return store


@pytest.fixture
def trainer(demo_store) -> User:
    return make_user(demo_store, "demo-admin", Role.ADMIN, "Greet Huysmans")


@pytest.fixture
def one_case(monkeypatch):
    monkeypatch.setattr(training, "TRAINING_CASES", (SOFIE,))


def make_cohort(store, trainer, size: int, prefix: str = "cursist") -> dict[str, User]:
    made = training.make_cohort(store, trainer, "Opleiding november", prefix, size)
    for trainee in made.cohort.trainees:
        assert training.make_copies(store, trainer, trainee.username)
    return {t.username: User(t.username, t.name, Role.FACILITATOR) for t in made.cohort.trainees}


def own_case(store, trainee: User) -> int:
    (summary,) = services.list_cases(store, trainee)
    return summary.case.id


def write_note(store, trainee: User, case_id: int, text: str) -> None:
    """A card conversation with the employee on the case, and a private note on one card."""
    conversation = conversations.start_conversation(store, trainee, case_id, ConversationParty.EMPLOYEE, date.today())
    conversations.save_card_note(store, trainee, case_id, conversation.id, CARD, text)


def notes_in_cases_of(store, trainee: User) -> list[str]:
    found = []
    for summary in services.list_cases(store, trainee):
        for conversation in conversations.list_conversations(store, trainee, summary.case.id):
            found += [card.note for card in conversation.cards]
    return found


def test_fifteen_trainees_each_edit_their_own_copy_at_once_and_nobody_elses(demo_store, trainer, one_case):
    trainees = make_cohort(demo_store, trainer, 15)
    start = threading.Barrier(len(trainees))
    failures: list[BaseException] = []

    def edit(trainee: User) -> None:
        try:
            case_id = own_case(demo_store, trainee)
            start.wait()  # all fifteen write at the same moment
            write_note(demo_store, trainee, case_id, f"Notitie van {trainee.username}")
        except BaseException as exc:  # noqa: BLE001 - reported below, in the test's own thread
            failures.append(exc)

    threads = [threading.Thread(target=edit, args=(t,)) for t in trainees.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []

    with demo_store.read() as q:
        stored = q.cur.execute(
            "SELECT c.facilitator, n.note FROM conversation_cards n JOIN conversations v ON v.id = n.conversation_id "
            "JOIN cases c ON c.id = v.case_id WHERE n.note LIKE 'Notitie van %'"
        ).fetchall()
    # Every edit stored exactly once, on the copy of the trainee who made it.
    assert sorted(stored) == sorted((name, f"Notitie van {name}") for name in trainees)
    for name, trainee in trainees.items():
        mine = [n for n in notes_in_cases_of(demo_store, trainee) if n.startswith("Notitie van ")]
        assert mine == [f"Notitie van {name}"]  # and none of another trainee's


def test_resetting_one_trainee_leaves_the_others_untouched(demo_store, trainer, one_case):
    trainees = make_cohort(demo_store, trainer, 3)
    first, second, third = trainees.values()
    for trainee in (first, second):
        write_note(demo_store, trainee, own_case(demo_store, trainee), f"Notitie van {trainee.username}")
    others_before = {t.username: [s.case.id for s in services.list_cases(demo_store, t)] for t in (second, third)}
    old_case = own_case(demo_store, first)

    assert training.reset_trainee(demo_store, trainer, first.username) == 1
    assert services.list_cases(demo_store, first) == []
    assert [t.username for t in training.waiting(demo_store, trainer)] == [first.username]
    assert training.make_copies(demo_store, trainer, first.username)

    new_case = own_case(demo_store, first)
    assert new_case != old_case
    assert "Notitie van cursist-01" not in notes_in_cases_of(demo_store, first)
    with pytest.raises(PermissionDenied):  # the old copy is gone, not handed to anyone
        services.get_case(demo_store, first, old_case)
    assert {t.username: [s.case.id for s in services.list_cases(demo_store, t)] for t in (second, third)} == others_before
    assert "Notitie van cursist-02" in notes_in_cases_of(demo_store, second)
    states = {t.username: t.copies for c in training.cohorts(demo_store, trainer) for t in c.trainees}
    assert states == dict.fromkeys(trainees, Copies.READY)


def test_resetting_a_cohort_resets_its_trainees_and_no_other_cohort(demo_store, trainer, one_case):
    make_cohort(demo_store, trainer, 2, prefix="ochtend")
    later = make_cohort(demo_store, trainer, 2, prefix="middag")
    cohort_id = next(c.id for c in training.cohorts(demo_store, trainer) if c.trainees[0].username == "ochtend-01")
    assert training.reset_cohort(demo_store, trainer, cohort_id) == 2
    assert [t.username for t in training.waiting(demo_store, trainer)] == ["ochtend-01", "ochtend-02"]
    assert all(len(services.list_cases(demo_store, t)) == 1 for t in later.values())


def test_a_trainee_cannot_open_another_trainees_case(demo_store, trainer, one_case):
    trainees = make_cohort(demo_store, trainer, 2)
    mine, theirs = trainees.values()
    case_id = own_case(demo_store, theirs)
    write_note(demo_store, theirs, case_id, "Van de eigenaar")
    conversation_id = conversations.list_conversations(demo_store, theirs, case_id)[0].id
    with pytest.raises(PermissionDenied):
        services.get_case(demo_store, mine, case_id)
    with pytest.raises(PermissionDenied):
        conversations.save_card_note(demo_store, mine, case_id, conversation_id, CARD, "Niet van mij")
    assert "Niet van mij" not in notes_in_cases_of(demo_store, theirs)
    with demo_store.read() as q:
        refused = q.cur.execute(
            "SELECT count(*) FROM audit_log WHERE actor = ? AND case_id = ? AND action = 'case.denied'", [mine.username, case_id]
        ).fetchone()[0]
    assert refused == 2  # and every attempt is in the audit log


def test_the_trainer_erases_only_a_trainees_case(demo_store, trainer):
    demo = next(u for u in accounts.login_directory(demo_store) if u.username == "demo")
    case_id = open_case(demo_store, demo)
    with pytest.raises(PermissionDenied):
        training.erase_copy(demo_store, trainer, case_id)
    assert services.get_case(demo_store, demo, case_id).employee.name == "Marc Verbeke"


def test_each_trainee_gets_the_case_study_and_the_training_cases_in_the_demos_phases(demo_store, trainer):
    (trainee,) = make_cohort(demo_store, trainer, 1).values()
    phases = {s.case.employee.name: s.case.phase for s in services.list_cases(demo_store, trainee)}
    assert phases == {c.employee[0]: c.phase for c in training.TRAINING_CASES}
    assert "Marc Verbeke" in phases
    case_id = training.case_study_case(demo_store, trainee)
    assert services.get_case(demo_store, trainee, case_id).employee.name == "Marc Verbeke"


def test_the_training_room_is_refused_on_an_organisations_database(store, admin):
    with pytest.raises(PermissionDenied) as refused:
        training.make_cohort(store, admin, "Opleiding", "cursist", 3)
    assert refused.value.key == "training.demo_only"
    assert [u.username for u in accounts.login_directory(store)] == ["admin"]


def test_only_the_administrator_of_the_demo_is_the_trainer(demo_store):
    demo = next(u for u in accounts.login_directory(demo_store) if u.username == "demo")
    with pytest.raises(PermissionDenied):
        training.make_cohort(demo_store, demo, "Opleiding", "cursist", 3)


def test_a_cohort_form_gets_every_problem_at_once_and_makes_nothing(demo_store, trainer):
    before = len(accounts.login_directory(demo_store))
    with pytest.raises(ValidationErrors) as problems:
        training.make_cohort(demo_store, trainer, " ", "Cursist!", 0)
    assert {(e.field, e.key) for e in problems.value.errors} == {
        ("name", "training.name_empty"), ("prefix", "training.prefix_invalid"), ("size", "training.size_out_of_range"),
    }
    assert len(accounts.login_directory(demo_store)) == before


def test_usernames_already_taken_are_named_and_nothing_is_made(demo_store, trainer, one_case):
    make_cohort(demo_store, trainer, 2)
    with pytest.raises(Exception) as taken:
        training.make_cohort(demo_store, trainer, "Tweede groep", "cursist", 3)
    assert taken.value.key == "training.usernames_taken"
    assert "cursist-01, cursist-02" in taken.value.params["names"]
    assert "cursist-03" not in {u.username for u in accounts.login_directory(demo_store)}


def test_a_double_click_makes_one_cohort_and_shows_its_passwords_once(demo_store, trainer):
    first = training.make_cohort(demo_store, trainer, "Opleiding", "cursist", 2, request="r1")
    again = training.make_cohort(demo_store, trainer, "Opleiding", "cursist", 2, request="r1")
    assert again.cohort.id == first.cohort.id and again.passwords is None
    assert len(training.cohorts(demo_store, trainer)) == 1
    for username, password in first.passwords.items():  # each password opens its own account
        assert accounts.verify_login(demo_store, username, password).username == username
