"""Hostile input for the property and literal-text tests: any text, text right at a
length limit, and the names that break naive software (markup, right-to-left, emoji)."""

from __future__ import annotations

import string
import unicodedata

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from reset_core.i18n import LANGUAGES, catalogue, describe

# Modest counts so the suite stays fast; DB-backed properties reuse one database per test.
PROPERTY = settings(max_examples=50, deadline=None)
DB_PROPERTY = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

HOSTILE = {  # each fits the shortest limit (a name: 100 characters)
    "html": '<b>vet</b> <img src=x onerror="alert(1)"> &amp; &lt;',
    "script": "<script>alert('ReSet')</script>",
    "markdown": "# **vet** _schuin_ [a](http://evil.example) ![i](http://evil.example/i.png) `c` :material/home: $x$",
    "arabic": "مريم العلي",
    "hebrew": "דוד כהן",
    "emoji": "Zoë 😀 👩🏽‍💻 🇧🇪",
    "mixed": "Jan <i>*Peeters*</i> — محمد 🙂",
}
assert all(len(text) <= 100 for text in HOSTILE.values())
LONG = ("Lange notitie <b>**10.000**</b> مريم 😀. " * 300)[:9_995] + "Einde"  # more than any limit allows
assert len(LONG) == 10_000

SPACE = st.sampled_from(["", " ", "  ", "\n", "\t ", "\u00a0", " \r\n"])


def _sized(unit: str, length: int, left: str, right: str) -> str:
    body = (unit * (length // len(unit) + 1))[:length]
    return left + body + right


def texts(limit: int) -> st.SearchStrategy[str]:
    """Any text, often right around `limit` characters, often padded with whitespace."""
    return st.one_of(
        st.text(max_size=30),
        st.sampled_from([*HOSTILE.values(), LONG, "", "   ", "\x00", "a\x00b", "Jan \u202esreeteP", "a\u2066b\u2069"]),
        st.builds(_sized, st.text(min_size=1, max_size=4), st.integers(max(0, limit - 2), limit + 2), SPACE, SPACE),
        st.builds(lambda left, text, right: left + text + right, SPACE, st.sampled_from(list(HOSTILE.values())), SPACE),
    )


def has_control_character(text: str) -> bool:
    """NUL and the other controls but line breaks and tabs, and the bidirectional controls."""
    bidi = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    return any(c in bidi or (unicodedata.category(c) == "Cc" and c not in "\n\r\t") for c in text)


def acceptable(text: str, limit: int, required: bool) -> bool:
    """The rule every free-text field documents: trimmed, required or not, at most `limit`,
    without invisible control characters."""
    trimmed = (text or "").strip()
    return (bool(trimmed) or not required) and len(trimmed) <= limit and not has_control_character(trimmed)


def assert_explained(error: Exception) -> None:
    """A refusal the user can read: its key exists in both catalogues, every placeholder filled."""
    key = getattr(error, "key", None)
    assert key, f"{error!r} carries no message key"
    for lang in LANGUAGES:
        assert key in catalogue(lang), f"{key} is missing in {lang}"
        wanted = {name for _, name, _, _ in string.Formatter().parse(catalogue(lang)[key]) if name}
        assert wanted <= set(getattr(error, "params", {})), f"{key} needs {wanted}"
        assert describe(error, lang).strip()
