import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import bcrypt
import pytest

from reset_core import accounts, services
from reset_core.errors import LoginFailed, PermissionDenied, ResetError, ValidationError
from reset_core.model import Role
from tests.conftest import PASSWORD, Clock, make_user

PROJECT = Path(__file__).resolve().parents[2]


def test_passwords_and_the_unknown_account_check_cost_bcrypt_12_rounds_outside_the_test_suite(tmp_path):
    # The suite hashes cheaply (tests/conftest.py); a fresh process, as the app and the
    # command line are, must not.
    script = (
        "from reset_core import accounts\n"
        "print(accounts.hash_password('correct horse battery'))\n"
        "print(accounts._dummy_hash())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, check=True)
    hashed, dummy = result.stdout.split()
    assert hashed.startswith("$2b$12$") and dummy.startswith("$2b$12$")
    assert bcrypt.checkpw(b"correct horse battery", hashed.encode())


def test_the_first_admin_can_only_be_created_on_an_empty_database(store):
    assert accounts.needs_first_admin(store)
    accounts.create_first_admin(store, "Beheer", "Bea Beheer", PASSWORD)
    assert not accounts.needs_first_admin(store)
    with pytest.raises(PermissionDenied):
        accounts.create_first_admin(store, "indringer", "Iemand", PASSWORD)
    assert [a.username for a in accounts.accounts(store, accounts.verify_login(store, "beheer", PASSWORD))] == ["beheer"]


def test_a_wrong_password_is_refused_and_a_right_one_lets_in(store, facilitator):
    with pytest.raises(LoginFailed):
        accounts.verify_login(store, "fien", "not the password")
    assert accounts.verify_login(store, "  FIEN ", PASSWORD).username == "fien"


def test_an_unknown_username_gets_the_same_refusal_as_a_wrong_password(store, facilitator):
    with pytest.raises(LoginFailed):
        accounts.verify_login(store, "nobody", PASSWORD)


OWNER, GUESSER = "10.0.0.5", "10.0.0.66"


def refusal(store, username, password, clock=datetime.now, source=GUESSER):
    with pytest.raises(ResetError) as refused:
        accounts.verify_login(store, username, password, clock, source=source)
    return type(refused.value), refused.value.key, refused.value.params


def test_five_failures_from_one_place_lock_that_place_out_for_fifteen_minutes(store, facilitator):
    clock = Clock(datetime(2026, 11, 23, 9, 0))
    for _ in range(5):
        refusal(store, "fien", "wrong", clock)
    clock.now += timedelta(minutes=14)
    refusal(store, "fien", PASSWORD, clock)  # even the right password
    clock.now += timedelta(minutes=1, seconds=1)
    assert accounts.verify_login(store, "fien", PASSWORD, clock, source=GUESSER).username == "fien"


def test_someone_guessing_elsewhere_never_locks_the_owner_out(store, facilitator, admin):
    for who in ("fien", "admin"):
        for _ in range(accounts.MAX_FAILED_ATTEMPTS * 2):
            refusal(store, who, "wrong")
        refusal(store, who, PASSWORD)
    assert accounts.verify_login(store, "fien", PASSWORD, source=OWNER).username == "fien"
    assert accounts.verify_login(store, "admin", PASSWORD, source=OWNER).username == "admin"


def test_a_locked_out_account_keeps_the_owners_logged_in_browser(store, facilitator):
    sid = accounts.start_session(store, facilitator, (datetime.now() + timedelta(hours=1)).timestamp(), source=OWNER)
    for source in (GUESSER, OWNER):
        for _ in range(accounts.MAX_FAILED_ATTEMPTS):
            refusal(store, "fien", "wrong", source=source)
    assert accounts.session_user(store, sid, source=OWNER) == facilitator


def test_unknown_accounts_wrong_passwords_and_locked_places_get_one_answer_after_one_bcrypt_check(
    store, facilitator, monkeypatch
):
    checks = []
    real = accounts.bcrypt.checkpw
    monkeypatch.setattr(accounts.bcrypt, "checkpw", lambda *a: checks.append(1) or real(*a))
    answers = {}
    for case, username, password in [
        ("unknown", "nobody", PASSWORD),
        ("wrong", "fien", "wrong"),
        *[("wrong", "fien", "wrong")] * (accounts.MAX_FAILED_ATTEMPTS - 1),
        ("locked, wrong", "fien", "wrong"),
        ("locked, right", "fien", PASSWORD),
    ]:
        checks.clear()
        answers[case] = refusal(store, username, password)
        assert len(checks) == 1, case  # the same work, so the same time, on every path
    assert list(answers.values()) == [(LoginFailed, "login.failed", {})] * len(answers)


def test_an_admin_or_the_command_line_lifts_the_lockout_of_every_place(store, admin, facilitator):
    for source in (GUESSER, OWNER):
        for _ in range(accounts.MAX_FAILED_ATTEMPTS):
            refusal(store, "fien", "wrong", source=source)
    (listed,) = [a for a in accounts.accounts(store, admin) if a.username == "fien"]
    assert listed.locked_places == 2
    with pytest.raises(PermissionDenied):
        accounts.unlock(store, facilitator, "fien")
    assert accounts.unlock(store, admin, "fien") == 2
    assert accounts.verify_login(store, "fien", PASSWORD, source=OWNER).username == "fien"
    with store.read() as q:
        assert [e.detail for e in q.journal.audit_of_actor("admin") if e.action == "account.unlock"] == ["fien (2 places)"]


def test_a_login_cookie_presented_from_another_place_opens_nothing_and_leaves_the_owner_in(store, facilitator):
    sid = accounts.start_session(store, facilitator, (datetime.now() + timedelta(hours=1)).timestamp(), source=OWNER)
    assert accounts.session_user(store, sid, source=GUESSER) is None
    assert accounts.session_user(store, sid, source=OWNER) == facilitator
    with store.read() as q:
        assert [e.action for e in q.journal.audit_of_actor("fien")][-1] == "session.refused"


def test_a_successful_login_resets_the_count_of_failures(store, facilitator):
    for _ in range(4):
        refusal(store, "fien", "wrong")
    accounts.verify_login(store, "fien", PASSWORD, source=GUESSER)
    for _ in range(4):
        refusal(store, "fien", "wrong")
    assert accounts.verify_login(store, "fien", PASSWORD, source=GUESSER).username == "fien"


def test_logout_ends_access_for_a_replayed_cookie(store, facilitator):
    cookie_expiry = (datetime.now() + timedelta(hours=12)).timestamp()
    sid = accounts.start_session(store, facilitator, cookie_expiry)
    # A copied cookie carries the same username and expiry, so it names the same session.
    assert accounts.session_user(store, accounts.session_id("fien", cookie_expiry)) == facilitator
    accounts.end_session(store, sid, "fien")
    assert accounts.session_user(store, accounts.session_id("fien", cookie_expiry)) is None


def test_deactivating_an_account_ends_its_open_sessions_and_its_logins(store, admin, facilitator):
    sid = accounts.start_session(store, facilitator, (datetime.now() + timedelta(hours=1)).timestamp())
    accounts.set_active(store, admin, "fien", False)
    assert accounts.session_user(store, sid) is None
    with pytest.raises(LoginFailed):
        accounts.verify_login(store, "fien", PASSWORD)
    accounts.set_active(store, admin, "fien", True)
    assert accounts.verify_login(store, "fien", PASSWORD).username == "fien"


def test_an_expired_session_lets_nobody_in(store, facilitator):
    sid = accounts.start_session(store, facilitator, (datetime.now() - timedelta(minutes=1)).timestamp())
    assert accounts.session_user(store, sid) is None


def test_a_chosen_language_stays_with_the_account_and_nobody_elses(store, facilitator, other_facilitator):
    assert accounts.language(store, facilitator) is None  # never chosen: the app's default
    accounts.choose_language(store, facilitator, "fr")
    assert accounts.language(store, facilitator) == "fr"
    assert accounts.language(store, other_facilitator) is None
    accounts.choose_language(store, facilitator, "en")
    assert accounts.language(store, facilitator) == "en"


def test_a_language_the_app_does_not_speak_is_refused_and_the_kept_one_stays(store, facilitator):
    accounts.choose_language(store, facilitator, "fr")
    with pytest.raises(ValidationError) as refused:
        accounts.choose_language(store, facilitator, "de")
    assert refused.value.key == "app.language_unknown"
    assert accounts.language(store, facilitator) == "fr"


def test_only_an_admin_manages_accounts(store, admin, facilitator):
    with pytest.raises(PermissionDenied):
        accounts.add_user(store, facilitator, "newbie", "New Bie", PASSWORD, Role.FACILITATOR)
    with pytest.raises(PermissionDenied):
        accounts.set_active(store, facilitator, "admin", False)
    with pytest.raises(PermissionDenied):
        accounts.accounts(store, facilitator)


def test_an_admin_cannot_lock_themselves_out(store, admin):
    with pytest.raises(ValidationError) as err:
        accounts.set_active(store, admin, "admin", False)
    assert err.value.key == "account.cannot_deactivate_self"


@pytest.mark.parametrize(
    ("username", "name", "password", "field"),
    [
        ("a b", "Name", PASSWORD, "username"),
        ("<script>", "Name", PASSWORD, "username"),
        ("ok", "   ", PASSWORD, "name"),
        ("ok", "x" * 101, PASSWORD, "name"),
        ("ok", "Name", "short", "password"),
        ("ok", "Name", " leading space pw", "password"),
        ("ok", "Name", "é" * 40, "password"),
    ],
)
def test_a_new_account_with_bad_input_is_refused_at_the_right_field(store, admin, username, name, password, field):
    with pytest.raises(ValidationError) as err:
        accounts.add_user(store, admin, username, name, password, Role.FACILITATOR)
    assert err.value.field == field
    assert [a.username for a in accounts.accounts(store, admin)] == ["admin"]


def test_a_username_can_only_be_taken_once(store, admin, facilitator):
    with pytest.raises(ValidationError) as err:
        make_user(store, "FIEN")
    assert err.value.key == "account.username_taken"


def test_a_password_reset_unlocks_the_account_and_ends_its_sessions(store, admin, facilitator):
    sid = accounts.start_session(store, facilitator, (datetime.now() + timedelta(hours=1)).timestamp())
    for _ in range(5):
        refusal(store, "fien", "wrong", source=OWNER)
    one_time = accounts.reset_password(store, admin, "fien")
    assert accounts.session_user(store, sid) is None
    assert accounts.verify_login(store, "fien", one_time, source=OWNER).username == "fien"


def test_a_reset_gives_a_one_time_password_that_opens_nothing_but_the_choice_of_a_new_one(store, admin, facilitator):
    clock = Clock(datetime(2026, 11, 23, 14, 5))
    one_time = accounts.reset_password(store, admin, "fien", clock)
    assert len(one_time) >= accounts.MIN_PASSWORD_LENGTH
    fien = accounts.verify_login(store, "fien", one_time)
    sid = accounts.start_session(store, fien, (datetime.now() + timedelta(hours=1)).timestamp())
    fien = accounts.session_user(store, sid)
    assert fien.must_change_password
    with pytest.raises(PermissionDenied):
        services.list_cases(store, fien)  # no case, no name, until the owner chose a password
    reset = accounts.pending_reset(store, fien)
    assert (reset.by, reset.by_name, reset.at) == ("admin", "Ada Admin", datetime(2026, 11, 23, 14, 5))
    with pytest.raises(ValidationError) as same:
        accounts.change_password(store, fien, one_time)
    assert same.value.key == "account.password_same"
    accounts.change_password(store, fien, "my very own secret")
    fien = accounts.session_user(store, sid)
    assert not fien.must_change_password and accounts.pending_reset(store, fien) is None
    assert services.list_cases(store, fien) == []
    with pytest.raises(LoginFailed):
        accounts.verify_login(store, "fien", one_time)


def test_a_one_time_password_opens_one_login_only(store, admin, facilitator):
    one_time = accounts.reset_password(store, admin, "fien")
    fien = accounts.verify_login(store, "fien", one_time)
    accounts.start_session(store, fien, (datetime.now() + timedelta(hours=1)).timestamp())
    with pytest.raises(LoginFailed):
        accounts.verify_login(store, "fien", one_time)  # whoever comes second finds it used
    with pytest.raises(LoginFailed):
        accounts.start_session(store, fien, (datetime.now() + timedelta(hours=2)).timestamp())


def test_the_first_session_after_a_reset_is_tied_to_the_reset_in_the_audit_log(store, admin, facilitator):
    one_time = accounts.reset_password(store, admin, "fien")
    sid = accounts.start_session(
        store, accounts.verify_login(store, "fien", one_time), (datetime.now() + timedelta(hours=1)).timestamp(),
        source=OWNER,
    )
    with store.read() as q:
        (reset,) = [e.detail for e in q.journal.audit_of_actor("admin") if e.action == "account.password_reset"]
        (first,) = [e.detail for e in q.journal.audit_of_actor("fien") if e.action == "login.after_reset"]
    number = reset.split("#")[1].rstrip(")")
    assert reset == f"fien (reset #{number})"
    assert first == f"session {sid[:12]} is the first after reset #{number} by admin, from {OWNER}"


def test_nobody_but_an_active_admin_resets_and_an_admin_not_their_own(store, admin, facilitator):
    with pytest.raises(PermissionDenied):
        accounts.reset_password(store, facilitator, "admin")
    with pytest.raises(ValidationError):
        accounts.reset_password(store, admin, "admin")


def test_changing_ones_own_password_asks_for_the_current_one(store, facilitator):
    with pytest.raises(ValidationError) as wrong:
        accounts.change_password(store, facilitator, "my very own secret", "not my password")
    assert wrong.value.field == "current"
    accounts.change_password(store, facilitator, "my very own secret", PASSWORD)
    assert accounts.verify_login(store, "fien", "my very own secret").username == "fien"
