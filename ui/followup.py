"""Words for follow-up items and early signs, shared by the home and follow-up pages."""

from __future__ import annotations

from reset_core.cards import load_card_set
from reset_core.documents.scan_report import continuum_label
from reset_core.formats import day, fixed, number
from reset_core.model import DueItem, Signal

from .state import lang, t


def moment_label(kind: str) -> str:
    if kind.startswith("extra"):
        return t("followup_moment.extra", n=kind.removeprefix("extra"))
    return t(f"followup_moment.{kind}")


def due_label(item: DueItem) -> str:
    if item.what == "legal":  # reset_core.legal_track: plan due, answer window, reminder, reassessment
        return t(f"legal.due_{item.kind}")
    if item.what == "checkin":  # reset_core.checkins: whose answer is awaited
        return t(f"checkins.due_{item.kind}")
    return t(f"home.due_{item.what}", kind=moment_label(item.kind))


def due_state(item: DueItem) -> str:
    if item.days_late > 0:
        return t("home.due_late", days=item.days_late)
    if item.days_late == 0:
        return t("home.due_today")
    return t("home.due_in", days=-item.days_late)


def signal_text(signal: Signal) -> str:
    params = dict(signal.params)
    if "theme" in params:
        params["theme"] = load_card_set().theme(params["theme"]).text(lang()).name
    if "level" in params:
        params["level"] = continuum_label(params["level"], lang())
    for score in ("before", "now", "first"):  # scan means, read side by side: 3,0 → 2,5
        if score in params:
            params[score] = fixed(params[score], lang())
    if "date" in params:  # a missed check-in's day
        params["date"] = day(params["date"], lang())
    for hours in ("worked", "planned"):
        if hours in params:
            params[hours] = number(params[hours], lang())
    return t(signal.rule, **params)
