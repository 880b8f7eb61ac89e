"""AppTest helpers: the real app.py against a real database in a temporary folder."""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from reset_core import accounts
from reset_core.model import COMMAND_LINE, Role, User
from reset_core.storage import Store
from tests.conftest import PASSWORD, place_copy

APP = str(Path(__file__).resolve().parents[2] / "app.py")
VIEWS = Path(APP).parent / "views"


def view(page: str) -> str:
    """The file of screen `page` (its url path), as app.py registers it: views/<who>/<page>.py."""
    (found,) = VIEWS.glob(f"*/{page}.py")
    return found.relative_to(VIEWS.parent).as_posix()


@pytest.fixture(autouse=True)
def app_env(config, migrated_database, monkeypatch):
    monkeypatch.setenv("RESET_LOGIN_SLEEP", "0")
    # The app finds a migrated, empty database (a copy) where it would make one: no page
    # test is about making it, and making one costs a second.
    place_copy(migrated_database, config)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()


def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=30)


def space_page(token: str) -> AppTest:
    """A party's personal space, opened through its link as the party would."""
    at = app()
    at.query_params["p"] = token
    return at.run()


def submit_button(at: AppTest, form: str, label: str):
    """The submit button of `form`, whose key carries the form's request token: an
    st.form's, or a draft form's (ui/forms.py `submit`)."""
    prefix, suffix = f"FormSubmitter:{form}_", f"-{label}"
    found = [
        b for b in at.button
        if b.key and (
            b.key == f"FormSubmitter:{form}{suffix}" or b.key.startswith(prefix) and b.key.endswith(suffix)
            or b.key.startswith(f"{form}_") and b.key.endswith("_submit") and b.label == label
        )
    ]
    assert len(found) == 1, [b.key for b in at.button]
    return found[0]


def app_store() -> Store:
    """The database the app under test opened (same process, same cache)."""
    from ui.state import _open_store

    return _open_store()


def logged_in(username: str) -> AppTest:
    """An AppTest whose session holds a live login of `username`, as after the real form."""
    store = app_store()
    user = next(u for u in accounts.login_directory(store) if u.username == username)
    at = app()
    at.session_state["reset_session"] = accounts.start_session(
        store, user, (datetime.now() + timedelta(hours=1)).timestamp()
    )
    return at


def account(username: str, name: str, role: Role = Role.FACILITATOR) -> User:
    """A user made on the command line, as IT does for the first accounts."""
    accounts.add_user(app_store(), COMMAND_LINE, username, name, PASSWORD, role)
    return next(u for u in accounts.login_directory(app_store()) if u.username == username)


@pytest.fixture
def fien() -> User:
    return account("fien", "Fien Peeters")


def open_page(page: str, username: str = "fien", case_id: int | None = None) -> AppTest:
    """`username`'s session on screen `page` (views/<who>/<page>.py), run once; with ?case= as a link or refresh carries it."""
    at = logged_in(username)
    if case_id is not None:
        at.query_params["case"] = str(case_id)
    at.switch_page(view(page))
    return at.run()


def texts(at: AppTest) -> str:
    """Everything readable on the page, to assert what a user sees (and does not)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    for table in at.table:
        parts.append(table.value.to_csv())
    return "\n".join(parts)


@pytest.fixture
def waits(monkeypatch):
    """The seconds a page reached by a personal link asked to sleep after a bad link;
    every other sleep runs as usual."""
    asked: list[float] = []
    real_sleep = time.sleep

    def sleep(seconds):
        if sys._getframe(1).f_code.co_filename.endswith("ui/link_page.py"):
            asked.append(seconds)
            return
        real_sleep(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
    return asked
