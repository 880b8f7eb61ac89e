from datetime import datetime, timedelta

import pytest

from reset_core import accounts
from reset_core.errors import AccountLocked, LoginFailed, PermissionDenied, ValidationError
from reset_core.model import Role
from tests.conftest import PASSWORD, Clock, make_user


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


def test_five_failed_attempts_lock_the_account_for_fifteen_minutes(store, facilitator):
    clock = Clock(datetime(2026, 11, 23, 9, 0))
    for _ in range(4):
        with pytest.raises(LoginFailed):
            accounts.verify_login(store, "fien", "wrong", clock)
    with pytest.raises(AccountLocked):
        accounts.verify_login(store, "fien", "wrong", clock)
    clock.now += timedelta(minutes=14)
    with pytest.raises(AccountLocked) as locked:
        accounts.verify_login(store, "fien", PASSWORD, clock)  # even the right password
    assert locked.value.params["minutes"] == 1
    clock.now += timedelta(minutes=1, seconds=1)
    assert accounts.verify_login(store, "fien", PASSWORD, clock).username == "fien"


def test_a_successful_login_resets_the_count_of_failures(store, facilitator):
    for _ in range(4):
        with pytest.raises(LoginFailed):
            accounts.verify_login(store, "fien", "wrong")
    accounts.verify_login(store, "fien", PASSWORD)
    for _ in range(4):
        with pytest.raises(LoginFailed):
            accounts.verify_login(store, "fien", "wrong")
    assert accounts.verify_login(store, "fien", PASSWORD).username == "fien"


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
        with pytest.raises((LoginFailed, AccountLocked)):
            accounts.verify_login(store, "fien", "wrong")
    accounts.reset_password(store, admin, "fien", "a brand new secret")
    assert accounts.session_user(store, sid) is None
    assert accounts.verify_login(store, "fien", "a brand new secret").username == "fien"
