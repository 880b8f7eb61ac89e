"""Numbers, dates, times and theme names the way a Belgian reader writes them, for the
rules, the screens and the documents alike.

Babel knows each language's decimal sign and grouping: Dutch (nl-BE) reads 2,5 and
1.234,5; Belgian French (fr-BE) 2,5 and 1 234,5; English follows British usage (2.5);
German (de-BE, legal documents only) 2,5 and 1.234,5.
Dates are 27/11/2026 in every language, as Belgian forms and letters write them, never
the ISO or the American order.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent

from .cards import load_card_set
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, translate

LOCALES = {"nl": "nl_BE", "en": "en_GB", "fr": "fr_BE", "de": "de_BE"}
DATE = "dd/MM/yyyy"
TIME = "HH:mm"


def locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES[DEFAULT_LANGUAGE])


def number(value: float | None, lang: str = DEFAULT_LANGUAGE, decimals: int = 2) -> str:
    """At most `decimals` decimals and no trailing zeros: 38 hours, 19,5 hours, 47,37 %.
    "" for a missing value, so that an empty cell stays empty rather than "None"."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale(lang))


def fixed(value: float | None, lang: str = DEFAULT_LANGUAGE, decimals: int = 1, *, sign: bool = False) -> str:
    """Always `decimals` decimals, for numbers read side by side (scan means 3,0 and 2,7);
    `sign` puts + before a positive difference (+0,8)."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    if sign:
        pattern = f"+{pattern};-{pattern}"
    return format_decimal(value, format=pattern, locale=locale(lang))


def day(value: date | datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """27/11/2026; "" for no date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, DATE, locale=locale(lang))


def clock_time(value: datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """09:05, on the 24-hour clock."""
    if value is None:
        return ""
    return format_time(value, TIME, locale=locale(lang))


def moment(value: datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """27/11/2026 09:05."""
    if value is None:
        return ""
    return f"{day(value, lang)} {clock_time(value, lang)}"


def percent(share: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """0.38 as 38 %, as each language spaces it."""
    if share is None:
        return ""
    return format_percent(share, locale=locale(lang))


def theme_name(theme: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A theme's name in `lang`, as the card set gives it; the id when the set has no name.
    A document-only language (German) names the themes in its catalogue, strictly."""
    if lang not in LANGUAGES and lang in LOCALES:
        return translate(f"theme_name.{theme}", lang)
    return load_card_set().theme(theme).text(lang).name or theme
