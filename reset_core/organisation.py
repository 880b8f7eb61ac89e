"""The organisation's name and logo, set by the administrator and printed in the header
of every document ReSet hands out (the plan, the scan report, the card sheet).

The logo is checked for what it is, not for what its file name says: a PNG or JPEG
that Pillow can read, small enough in bytes and pixels to print at a few millimetres
and to keep in the database. Every problem of one submission is reported at once."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

from PIL import Image, UnidentifiedImageError

from . import validation
from .accounts import require_admin
from .errors import Problems, ValidationError
from .model import Organisation, User
from .storage import Store

Clock = Callable[[], datetime]

NAME_LIMIT = 120
LOGO_MAX_BYTES = 1_000_000
LOGO_MAX_PIXELS = 4000  # per side: a header logo prints at about 12 mm high
LOGO_TYPES = {"PNG": "png", "JPEG": "jpeg"}


def profile(store: Store) -> Organisation:
    """The organisation as the documents print it (empty until an admin sets it)."""
    with store.read() as q:
        return q.organisation.profile()


def logo_type(data: bytes) -> str:
    """"png" or "jpeg" when `data` is a readable PNG or JPEG image of a printable size;
    raises the ValidationError that says what is wrong otherwise."""
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError("documents.logo_too_large", field="logo", max=LOGO_MAX_BYTES // 1000)
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = LOGO_TYPES.get(image.format or "")
            if kind is None:
                raise ValidationError("documents.logo_type", field="logo")
            width, height = image.size
            image.load()  # a truncated or damaged file fails here, not in the first document
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError("documents.logo_type", field="logo") from None
    if max(width, height) > LOGO_MAX_PIXELS:
        raise ValidationError("documents.logo_too_many_pixels", field="logo", max=LOGO_MAX_PIXELS)
    return kind


def save(
    store: Store, actor: User, name: str, logo: bytes | None = None, remove_logo: bool = False,
    version: int | None = None, clock: Clock = datetime.now,
) -> Organisation:
    """Set the organisation's name and, when `logo` is given, its logo (`remove_logo`
    drops the one kept). `version`: the profile's version the admin's form was drawn
    from; a save over a newer one is refused, so one admin does not undo another unseen."""
    require_admin(actor)
    problems = Problems()
    clean = problems.check(validation.text, " ".join((name or "").split()), "name", NAME_LIMIT, "organisation", required=True)
    kind = problems.check(logo_type, logo) if logo else None
    if logo and remove_logo:
        problems.add("documents.logo_both", "logo")
    with store.transaction() as q:
        current = q.organisation.profile()
        if version is not None and version != current.version:
            problems.add("documents.organisation_stale", "_form")
        problems.raise_all()
        if logo:
            kept, kept_type = logo, kind or ""
        elif remove_logo:
            kept, kept_type = None, ""
        else:
            kept, kept_type = current.logo, current.logo_type
        now = clock()
        q.organisation.save_profile(clean or "", kept, kept_type, actor.username, now)
        detail = "logo removed" if remove_logo else "logo" if logo else ""
        q.journal.audit(now, actor.username, None, "organisation.set", detail)
        return q.organisation.profile()
