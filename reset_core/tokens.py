"""The secret in a link that opens without an account (scan, party space, second screen).

The link carries the token; the database keeps only its digest, so a copy of the
database opens no link. 24 random bytes cannot be guessed, so a plain SHA-256 is
enough here (a person's short code is another matter: see plan_answer).
"""

from __future__ import annotations

import hashlib
import secrets


def new() -> str:
    return secrets.token_urlsafe(24)


def digest(token: str | None) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()
