"""The bench's bulk builder makes a database the app reads like any other."""

import pytest

from bench.build import ADMIN, fill
from reset_core import accounts, database, learning, services
from reset_core.model import Phase
from tests.app.conftest import app_store, logged_in, view
from tests.conftest import TEST_KEY

CASES, PER_FACILITATOR = 40, 10


@pytest.fixture
def bench_database(config, demo_database):
    store = database.open_store(config)
    try:
        fill(store, demo_database, TEST_KEY, CASES, PER_FACILITATOR)
    finally:
        store.close()


def test_the_copied_cases_are_dealt_out_to_facilitators_in_every_phase(bench_database):
    store = app_store()
    users = {u.username: u for u in accounts.login_directory(store)}
    assert {name for name in users if name.startswith("fac-")} == {f"fac-{n:03d}" for n in range(1, 5)}
    cases = services.list_cases(store, users["fac-001"])
    assert len(cases) == PER_FACILITATOR
    assert len({s.case.employee.name for s in cases}) > 1  # names drawn per case, not copied
    view = learning.view(store, users[ADMIN])
    assert view.phases.total == CASES
    assert {key for key, _ in view.phases.rows()} >= {Phase.CLOSED.value}


def test_the_home_page_and_the_learning_view_open_on_the_bench_database(bench_database):
    at = logged_in("fac-001").run()
    assert not at.exception
    assert at.title[0].value == "Mijn dossiers"
    assert len(at.dataframe[-1].value) == PER_FACILITATOR
    admin = logged_in(ADMIN)
    admin.switch_page(view("learning")).run()
    assert not admin.exception
