"""The case history as a facilitator reads it: what happened, in words, by whom, by name.

The audit log keeps codes (`consent.give`, `processing`, `version 2`) and usernames; this
turns them into sentences of the reader's language. Looking at a case leaves an entry
each time a page is opened: those are folded into one line per person and day ("12
times viewed") so that the changes stay readable between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .accounts import Clock
from .formats import day, moment, theme_name
from .i18n import catalogue, translate
from .model import PROCESSING, AuditEntry, User
from .services import ANONYMOUS, case_transaction

# What only shows that someone looked: folded per person and day.
# Moving through the presented joint screen is looking at it too.
VIEWS = frozenset({"case.view", "case.history", "dialogue.view", "insight.view_shared", "presentation.move"})

KINDS = ("all", "case", "consent", "people", "conversations", "scan", "dialogue", "agreement", "followup", "closing", "privacy", "views")

_KIND_OF_PREFIX = {
    "case": "case",
    "consent": "consent",
    "person": "people",
    "contact": "people",
    "contact_agreement": "people",
    "conversation": "conversations",
    "insight": "conversations",
    "adjustment": "conversations",
    "scan": "scan",
    "dialogue": "dialogue",
    "presentation": "dialogue",
    "agreement": "agreement",
    "followup": "followup",
    "signal": "followup",
    "closing": "closing",
    "evaluation": "closing",
    "prevention": "closing",
}
_KIND_OF_ACTION = {
    "goal.add": "conversations",  # a preliminary goal, noted in a bilateral conversation
    "goal.remove": "conversations",
    "goal.agree": "dialogue",
    "goal.change": "dialogue",
    "goal.drop": "dialogue",
    "case.export": "privacy",
    "case.erase": "privacy",
    "case.denied": "privacy",
}


@dataclass(frozen=True)
class HistoryLine:
    at: datetime  # the latest of the entries it stands for
    who: str
    kind: str
    what: str
    detail: str = ""
    count: int = 1


def kind_of(action: str) -> str:
    if action in VIEWS:
        return "views"
    return _KIND_OF_ACTION.get(action) or _KIND_OF_PREFIX.get(action.split(".")[0], "case")


def who(actor: str, names: dict[str, str], lang: str) -> str:
    """An account by its full name; a personal scan link as the party who used it; the
    command line as such, with the server account that ran it."""
    if actor in names:
        return names[actor]
    if actor.endswith("-link"):
        return translate("history.by_link", lang, party=translate(f"respondent.{actor.removesuffix('-link')}", lang))
    if actor.endswith("-space"):
        return translate("history.by_space", lang, party=translate(f"respondent.{actor.removesuffix('-space')}", lang))
    if actor == ANONYMOUS:
        return translate("history.anonymous", lang)
    if actor == "display":  # a second screen of the joint dialogue (reset_core.presentation)
        return translate("history.by_display", lang)
    if actor.startswith("cli:"):
        return translate("history.by_command_line", lang, account=actor.removeprefix("cli:"))
    return actor


def what(action: str, lang: str, count: int = 1) -> str:
    if action in VIEWS and count > 1:
        return translate("history.viewed_times", lang, count=count)
    key = f"audit_action.{action}"
    if key in catalogue(lang) or key in catalogue("nl"):
        return translate(key, lang)
    return translate(f"history_kind.{kind_of(action)}", lang).capitalize()


def detail(entry: AuditEntry, people: dict[str, str], lang: str) -> str:
    """The part of an entry's detail a reader can use, in words; ids and codes stay out."""
    t = lambda key, **p: translate(key, lang, **p)  # noqa: E731
    action, raw = entry.action, (entry.detail or "").strip()
    if not raw:
        return ""
    if action.startswith("consent."):
        return t("intake.consent_processing") if raw == PROCESSING else people.get(raw, t("history.someone_around"))
    if action == "case.phase":
        return t(f"phase.{raw}")
    if action == "case.fields":
        return ", ".join(t(f"history_field.{name.strip()}") for name in raw.split(","))
    if action == "person.add":
        return t(f"person_role.{raw}")
    if action in ("scan.moment", "followup.record"):
        return t(f"moment_kind.{raw}")
    if action in ("dialogue.topic", "goal.agree"):
        return theme_name(raw, lang)
    if action == "scan.version":  # the case moved on to a newer scan version: which one
        found = re.match(r"version (\d+)", raw)
        return t("scan_versions.history_detail", version=found.group(1)) if found else ""
    if action.startswith("agreement."):
        found = re.match(r"version (\d+)", raw)
        return t("history.plan_version", number=found.group(1)) if found else ""
    if action == "case.export":  # for whom; the whole export's reason is the organisation's, shown as typed
        for_whom, _, reason = raw.partition(":")
        known = for_whom in ("employee", "manager", "organisation")
        return f"{t(f'privacy.export_for_{for_whom}')}{': ' + reason.strip() if reason.strip() else ''}" if known else ""
    if action in ("scan.revoke", "scan.reissue", "scan.review", "scan.review_summary"):
        party = raw.split()[-1]
        return t(f"respondent.{party}") if party in ("employee", "manager") else ""
    return ""


def readable(entries: list[AuditEntry], names: dict[str, str], people: dict[str, str], lang: str, kind: str = "all") -> list[HistoryLine]:
    """The entries as lines, newest first, views folded per person and day; only `kind`."""
    lines: list[HistoryLine] = []
    folded: dict[tuple, int] = {}  # (date, actor) -> index of its view line
    for entry in entries:
        if kind != "all" and kind_of(entry.action) != kind:
            continue
        if entry.action in VIEWS:
            slot = (entry.at.date(), entry.actor)
            if slot in folded:
                line = lines[folded[slot]]
                count = line.count + 1
                lines[folded[slot]] = HistoryLine(entry.at, line.who, "views", what(entry.action, lang, count), "", count)
                continue
            folded[slot] = len(lines)
            lines.append(HistoryLine(entry.at, who(entry.actor, names, lang), "views", what("case.view", lang)))
            continue
        lines.append(HistoryLine(entry.at, who(entry.actor, names, lang), kind_of(entry.action), what(entry.action, lang), detail(entry, people, lang)))
    return sorted(lines, key=lambda line: line.at, reverse=True)


def case_history(store, actor: User, case_id: int, lang: str = "nl", kind: str = "all", clock: Clock = datetime.now) -> list[HistoryLine]:
    """The case's history in words, for its facilitator (the look itself is logged too)."""
    with case_transaction(store, actor, case_id, "case.history", clock=clock) as (q, _):
        entries = q.journal.audit_of_case(case_id)
        names = {a.username: a.name or a.username for a in q.accounts.accounts()}
        people = {
            f"person:{p.id}": translate("intake.consent_person", lang, role=translate(f"person_role.{p.role.value}", lang), name=p.name)
            for p in q.intake.people_of(case_id)
        }
    return readable(entries, names, people, lang, kind)


def when(line: HistoryLine, lang: str) -> str:
    """The day of a folded line, the day and time of a single one."""
    return day(line.at, lang) if line.count > 1 else moment(line.at, lang)
