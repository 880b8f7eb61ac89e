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
    """Every refused login alike: unknown account, wrong password or a place locked out."""

    def __init__(self) -> None:
        super().__init__("login.failed")


class SessionEnded(ResetError):
    def __init__(self) -> None:
        super().__init__("login.session_ended")


class StorageError(ResetError):
    """The database cannot be opened: wrong key, missing key, in use, not a database."""
