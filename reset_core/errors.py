"""Domain exceptions. Each carries a message key from content/messages so that
every layer (page, command line) can say it in the user's language."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

E = TypeVar("E", bound=Enum)


class ResetError(Exception):
    """Base of every error the domain raises on purpose."""

    def __init__(self, key: str, field: str | None = None, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.field = field
        self.params = params


class ValidationError(ResetError):
    """Input a user can correct; `field` names the form field it belongs to."""


class ValidationErrors(ValidationError):
    """Every problem of one submission at once, each tied to its field, so that a form
    shows them all together. Reads as its first problem where one error is expected."""

    def __init__(self, errors: list[ValidationError]) -> None:
        first = errors[0]
        super().__init__(first.key, field=first.field, **first.params)
        self.errors = tuple(errors)


class Problems:
    """Collects the problems of one submission: `check` runs one field's rule and keeps
    its error instead of stopping at it; `raise_all` raises them together, if any."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def check(self, rule, *args, **kwargs):
        """The rule's result, or None when it refused (its error is kept)."""
        try:
            return rule(*args, **kwargs)
        except ValidationErrors as exc:
            self.errors.extend(exc.errors)
        except ValidationError as exc:
            self.errors.append(exc)
        return None

    def choice(self, kind: type[E], value: object, key: str, field: str) -> E | None:
        """The member of `kind` that a form's choice names, or None with `key` kept at
        `field` when nothing (or something unknown) was chosen."""
        try:
            return kind(value or "")
        except ValueError:
            self.add(key, field)
            return None

    def add(self, key: str, field: str, **params: object) -> None:
        self.errors.append(ValidationError(key, field=field, **params))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def raise_all(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise ValidationErrors(self.errors)


class PermissionDenied(ResetError):
    def __init__(self, key: str = "error.permission_denied", **params: object) -> None:
        super().__init__(key, **params)


class NotFound(ResetError):
    def __init__(self, key: str = "error.not_found", **params: object) -> None:
        super().__init__(key, **params)


class Unavailable(ResetError):
    """What the case does not allow now, by its basic consent or its phase (reset_core.allowed):
    not the user's mistake, so no field; `key` says why and what can be done."""

    def __init__(self, key: str, **params: object) -> None:
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


class StaleEdit(ResetError):
    """A save from a screen drawn before the text was saved elsewhere (another tab, another
    screen): it would overwrite text its writer never saw, so nothing is written.
    `field` names the field; `saved_at` says when the stored text was saved."""

    def __init__(self, field: str | None = None, saved_at: str = "") -> None:
        super().__init__("edit.stale" if saved_at else "edit.stale_short", field=field, saved_at=saved_at)
