"""Domain exceptions. Each carries a message key from content/messages so that
every layer (page, command line) can say it in the user's language."""

from __future__ import annotations


class ResetError(Exception):
    """Base of every error the domain raises on purpose."""

    def __init__(self, key: str, field: str | None = None, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.field = field
        self.params = params


class ValidationError(ResetError):
    """Input a user can correct; `field` names the form field it belongs to."""


class PermissionDenied(ResetError):
    def __init__(self, key: str = "error.permission_denied", **params: object) -> None:
        super().__init__(key, **params)


class NotFound(ResetError):
    def __init__(self, key: str = "error.not_found", **params: object) -> None:
        super().__init__(key, **params)


class LoginFailed(ResetError):
    def __init__(self) -> None:
        super().__init__("login.failed")


class AccountLocked(ResetError):
    def __init__(self, minutes: int) -> None:
        super().__init__("login.locked", minutes=minutes)


class SessionEnded(ResetError):
    def __init__(self) -> None:
        super().__init__("login.session_ended")


class StorageError(ResetError):
    """The database cannot be opened: wrong key, missing key, in use, not a database."""


class StaleEdit(ResetError):
    """A save from a screen drawn before the text was saved elsewhere (another tab, another
    screen): it would overwrite text its writer never saw, so nothing is written.
    `field` names the field; `saved_at` says when the stored text was saved."""

    def __init__(self, field: str | None = None, saved_at: str = "") -> None:
        super().__init__("edit.stale" if saved_at else "edit.stale_short", field=field, saved_at=saved_at)
