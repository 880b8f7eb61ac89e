"""Shared fixtures: a real, encrypted DuckDB file in a temporary data folder."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from reset_core import accounts, database
from reset_core.config import DB_FILE, Settings
from reset_core.model import COMMAND_LINE, Role, User
from reset_core.storage import Store, private_folder

TEST_KEY = "test-key-0123456789abcdef"
PASSWORD = "correct horse battery"
CHEAP_BCRYPT_ROUNDS = 4  # bcrypt's lowest cost: real hashes, a thousandth of the time


@pytest.fixture(scope="session", autouse=True)
def cheap_bcrypt():
    """Accounts hashed at the lowest cost in this process: no test here is about the cost
    itself (tests/integration/test_accounts.py checks it in a fresh process), and at the
    real cost every account and every login costs a quarter of a second."""
    real = accounts.BCRYPT_ROUNDS
    accounts.BCRYPT_ROUNDS = CHEAP_BCRYPT_ROUNDS
    yield
    accounts.BCRYPT_ROUNDS = real


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    folder = tmp_path / "data"
    monkeypatch.setenv("RESET_DATA_DIR", str(folder))
    monkeypatch.setenv("RESET_DB_KEY", TEST_KEY)
    return Settings(data_dir=folder, key=TEST_KEY)


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Path:
    """An empty database with every migration applied, made once per run: making one
    runs every migration (about a second), opening a copy takes a fifth of that."""
    folder = tmp_path_factory.mktemp("migrated-original")
    database.open_store(Settings(folder, TEST_KEY)).close()
    return folder / DB_FILE


def place_copy(original: Path, config: Settings) -> Settings:
    """`config`'s data folder holding a fresh copy of the database `original`."""
    private_folder(config.data_dir)
    shutil.copyfile(original, config.db_path)
    return config


@pytest.fixture
def fresh_store(config: Settings) -> Store:
    """A database made from nothing in this test, migrations and all: for the tests about
    creating, migrating and encrypting the file itself."""
    db = database.open_store(config)
    yield db
    db.close()


@pytest.fixture
def store(config: Settings, migrated_database: Path) -> Store:
    """An empty, migrated database of this test's own (a copy of `migrated_database`)."""
    db = database.open_store(place_copy(migrated_database, config))
    yield db
    db.close()


def make_user(store: Store, username: str, role: Role = Role.FACILITATOR, name: str | None = None) -> User:
    return accounts.add_user(store, COMMAND_LINE, username, name or username.title(), PASSWORD, role)


@pytest.fixture
def admin(store: Store) -> User:
    return make_user(store, "admin", Role.ADMIN, "Ada Admin")


@pytest.fixture
def facilitator(store: Store) -> User:
    return make_user(store, "fien", name="Fien Facilitator")


@pytest.fixture
def other_facilitator(store: Store) -> User:
    return make_user(store, "olaf", name="Olaf Other")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def open_case(store: Store, facilitator: User, name: str = "Marc Verbeke", **details) -> int:
    """A case as the intake form opens it; keyword arguments override its details."""
    from datetime import date

    from reset_core import intake
    from reset_core.model import CaseDetails, Party, PartyRole

    values = dict(
        employee=Party(PartyRole.EMPLOYEE, name, "Vertegenwoordiger", "Verkoop"),
        manager=Party(PartyRole.MANAGER, "Katrien De Smet", "Salesmanager"),
        sick_leave_start=date(2026, 6, 1),
    )
    values.update(details)
    confirm = values.pop("confirm_duplicate", False)
    return intake.open_case(store, facilitator, CaseDetails(**values), confirm_duplicate=confirm).id


def open_formal_case(
    store: Store, facilitator: User, name: str = "Zoë Çelik-D'hondt", *, assessed_on, consent_on, outcome: str = "A",
    appeal_end=None, growth_reason: str = "", clock=None, **details,
) -> int:
    """A formal trajectory in Flanders after the occupational physician's assessment, with
    the basic consent: the case whose plan is the Codex re-integration plan (A or B)."""
    from datetime import datetime

    from reset_core import intake, legal_track
    from reset_core.model import PROCESSING, Assessment, AssessmentOutcome, TrajectoryStart

    details.setdefault("started_by", TrajectoryStart.EMPLOYEE)
    details.setdefault("assessment", Assessment(AssessmentOutcome(outcome), assessed_on))
    case_id = open_case(store, facilitator, name, **details)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, consent_on)
    legal_track.save(
        store, facilitator, case_id, "formal", "flanders", appeal_end, growth_reason=growth_reason, clock=clock or datetime.now,
    )
    return case_id


def close_case(store: Store, facilitator: User, case_id: int, **changes):
    """Close the case as the closing page does: an outcome, the 9-month answer, a lesson."""
    from datetime import date, timedelta

    from reset_core import closing
    from reset_core.model import AtWorkNineMonths, ClosingOutcome, Lesson, LessonKind, LessonLevel

    values = dict(
        closed_on=date.today() - timedelta(days=2), outcome=ClosingOutcome.OWN_JOB, at_work_9m=AtWorkNineMonths.YES,
        prevention_action="Werkdruk vooraf bekijken bij elke grote verandering.", prevention_theme="hindering_demands",
        lessons=[Lesson(LessonKind.WENT_WELL, LessonLevel.TEAM, "team_relations", "Een buddy in het team maakte de eerste weken lichter.")],
    )
    values.update(changes)
    return closing.save_closing(store, facilitator, case_id, **values)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    """The demo database, built once per test run (it takes a while) and copied per test."""
    import os

    from reset_core.demo import build_demo

    folder = tmp_path_factory.mktemp("demo-original")
    previous = os.environ.get("RESET_DB_KEY")
    os.environ["RESET_DB_KEY"] = TEST_KEY
    try:
        return build_demo(folder).db_path
    finally:
        if previous is None:
            os.environ.pop("RESET_DB_KEY")
        else:
            os.environ["RESET_DB_KEY"] = previous


@pytest.fixture
def demo_config(config: Settings, demo_database: Path) -> Settings:
    """This test's data folder, holding a fresh copy of the demo database."""
    return place_copy(demo_database, config)


@pytest.fixture
def demo_store(demo_config: Settings) -> Store:
    db = database.open_store(demo_config)
    yield db
    db.close()
