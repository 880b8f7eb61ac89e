"""Guessing scan links through the answer page: every wrong guess of a browser session
waits longer (the waits are recorded, not slept), and a forged link shows nothing."""

from __future__ import annotations

from datetime import date

import pytest

from reset_core import accounts, scan
from reset_core.model import COMMAND_LINE, MomentKind, Respondent, Role
from tests.app.conftest import app, app_store, texts
from tests.conftest import PASSWORD, open_case


@pytest.fixture
def tokens():
    accounts.add_user(app_store(), COMMAND_LINE, "fien", "Fien Peeters", PASSWORD, Role.FACILITATOR)
    fien = next(u for u in accounts.login_directory(app_store()) if u.username == "fien")
    case_id = open_case(app_store(), fien, "Marc Verbeke")
    return scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())[1]


def test_every_wrong_guess_in_a_session_waits_longer_up_to_eight_seconds(tokens, waits):
    real = tokens[Respondent.EMPLOYEE]
    at = app()
    for n in range(1, 8):
        at.query_params["t"] = real[:-1] + ("A" if real[-1] != "A" else "B") + str(n)  # a new guess each time
        at.run()
        assert not at.exception
        assert at.session_state["answer_failures"] == n
        assert "Deze link werkt niet (meer)" in texts(at)
    # The counter is raised before the wait, so only the first wrong guess is free.
    assert waits == [0.0, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert waits == [scan.bad_token_delay(n) for n in range(1, 8)]


def test_a_link_one_character_off_shows_the_refusal_and_nothing_of_the_scan(tokens, waits):
    real = tokens[Respondent.MANAGER]
    at = app()
    at.query_params["t"] = real[:5] + ("x" if real[5] != "x" else "y") + real[6:]
    at.run()
    page = texts(at)
    assert "Deze link werkt niet (meer)" in page
    assert "Marc Verbeke" not in page
    assert len(at.radio) == 0 and len(at.button) == 0  # no question, no way on
    assert len(at.sidebar.selectbox) == 0


def test_the_real_link_still_opens_after_wrong_guesses_in_the_same_session(tokens, waits):
    real = tokens[Respondent.EMPLOYEE]
    at = app()
    for guess in ("guess-1", "guess-2", "guess-3"):
        at.query_params["t"] = guess
        at.run()
    at.query_params["t"] = real
    at.run()
    assert not at.exception
    assert "Deze link werkt niet (meer)" not in texts(at)
    assert at.session_state["answer_token"] == real
    assert waits == [0.0, 1.0, 2.0]  # the right link is not made to wait
