"""The case history as the facilitator reads it: in words, with names, views folded."""

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from reset_core import history, intake, services
from reset_core.i18n import catalogue
from reset_core.model import PROCESSING, AuditEntry, PersonRole
from tests.conftest import open_case

ROOT = Path(__file__).resolve().parents[2]
CODES = ("processing", "gp", "case.", "consent.", "person:", "-link", "version ", "sick_leave_start", "preparation")


def shown(lines) -> str:
    return "\n".join(f"{line.who} | {line.what} | {line.detail}" for line in lines)


def test_twelve_looks_on_one_day_read_as_one_line_viewed_twelve_times(store, facilitator):
    case_id = open_case(store, facilitator)
    for _ in range(12):
        services.get_case(store, facilitator, case_id)
    lines = history.case_history(store, facilitator, case_id, "nl")
    assert "Dossier 12 keer bekeken" in [line.what for line in lines]
    assert [line.what for line in lines].count("Dossier bekeken") == 0
    assert "Dossier geopend" in [line.what for line in lines]


def test_the_history_speaks_in_words_and_names_never_in_codes(store, facilitator):
    case_id = open_case(store, facilitator, sick_leave_start=date.today() - timedelta(days=60))
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date.today())
    intake.add_person(store, facilitator, case_id, PersonRole.GP, "Dr. An Claes")
    with store.transaction() as q:
        q.journal.audit(datetime.now(), "employee-link", case_id, "scan.submit", "1")
    for lang, words in (("nl", ("Toestemming gegeven", "Verwerking van gegevens", "huisarts", "de medewerker (scanlink)")),
                        ("en", ("Consent given", "Processing of data", "GP", "the employee (scan link)"))):
        text = shown(history.case_history(store, facilitator, case_id, lang))
        for expected in words:
            assert expected in text, (lang, expected, text)
        assert "Fien Facilitator" in text
        assert "fien |" not in text
        for code in CODES:
            assert code not in text, (lang, code, text)


def test_the_history_shows_only_the_kind_asked_for(store, facilitator):
    case_id = open_case(store, facilitator)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date.today())
    services.get_case(store, facilitator, case_id)
    lines = history.case_history(store, facilitator, case_id, "nl", kind="consent")
    assert [line.what for line in lines] == ["Toestemming gegeven"]
    assert {line.kind for line in history.case_history(store, facilitator, case_id, "nl", kind="views")} == {"views"}


def test_views_fold_per_person_and_day_and_never_swallow_a_change():
    day1, day2 = datetime(2026, 11, 26, 9), datetime(2026, 11, 27, 9)
    entries = [
        AuditEntry(day1, "fien", 1, "case.view", "intake"),
        AuditEntry(day1 + timedelta(minutes=5), "fien", 1, "case.fields", "actual_return"),
        AuditEntry(day1 + timedelta(minutes=9), "fien", 1, "case.view", "scan"),
        AuditEntry(day2, "fien", 1, "case.view", "scan"),
    ]
    lines = history.readable(entries, {"fien": "Fien Peeters"}, {}, "nl")
    assert [(line.what, line.detail) for line in lines] == [
        ("Dossier bekeken", ""), ("Dossier 2 keer bekeken", ""), ("Gegevens gewijzigd", "werkelijke terugkeer"),
    ]
    assert history.when(lines[1], "nl") == "26/11/2026"


def _logged_actions() -> set[str]:
    source = "\n".join(p.read_text() for p in (ROOT / "reset_core").glob("*.py"))
    found = set(re.findall(r'case_transaction\(\s*\w+,\s*\w+,\s*\w+,\s*"([a-z_]+\.[a-z_]+)"', source))
    found |= set(re.findall(r'q\.journal\.audit\([^,]+,[^,]+,\s*(?:session\.)?case_id,\s*"([a-z_]+\.[a-z_]+)"', source))
    found |= set(re.findall(r'"([a-z_]+\.[a-z_]+)" if \w', source)) & {a for a in re.findall(r'"([a-z_]+\.[a-z_]+)"', source) if a.split(".")[0] in ("consent", "closing")}
    return found


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_action_logged_on_a_case_has_words_in_both_languages(lang):
    actions = _logged_actions()
    assert "consent.give" in actions and "scan.submit" in actions
    missing = sorted(a for a in actions if f"audit_action.{a}" not in catalogue(lang))
    assert not missing
