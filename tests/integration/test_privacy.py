"""The right of access and the right to erasure, on a demo case with data of every kind."""

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from reset_core import access_request, agreement, conversations, privacy, scan, services
from reset_core.access_request import ExportFor
from reset_core.documents.plan import document
from reset_core.errors import NotFound, PermissionDenied, ResetError, ValidationError
from reset_core.model import MomentKind, Role, User

DEMO = User("demo", "An Vercammen", Role.FACILITATOR)
OTHER = User("demo-2", "Pieter Lemmens", Role.FACILITATOR)


def case_of(store, employee):
    return next(s.case.id for s in services.list_cases(store, DEMO) if s.case.employee.name == employee)


ADMIN = User("demo-admin", "Greet Huysmans", Role.ADMIN)
WHOLE = ExportFor.ORGANISATION
REASON = "Vraag van de inspectie, brief van 12/11/2026"


def exported(store, actor, case_id, lang="nl", for_whom=WHOLE) -> tuple[dict, dict[str, bytes]]:
    """The export's JSON record and its PDFs by file name (the cover text under "cover")."""
    reason = REASON if for_whom is WHOLE else ""
    data = privacy.export_case(store, actor, case_id, lang, for_whom=for_whom, reason=reason)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    record = json.loads(files.pop(next(n for n in files if n.endswith(".json"))))
    record["cover"] = files.pop(next(n for n in files if n.endswith(".txt"))).decode()
    return record, files


def every_row_as_text(store) -> str:
    with store.read() as q:
        tables = [r[0] for r in q.cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()").fetchall()]
        return "\n".join(str(q.cur.execute(f"SELECT * FROM {t}").fetchall()) for t in tables)


def test_the_export_holds_everything_recorded_on_the_case(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    record, _ = exported(demo_store, ADMIN, case_id)
    tables = record["tables"]
    assert tables["cases"][0]["id"] == case_id
    for table in ("parties", "consents", "people", "contact_log", "conversations", "insights", "scan_moments", "scan_answers", "goals", "followups"):
        assert tables[table], table
    assert all(row.get("case_id", case_id) == case_id for rows in tables.values() for row in rows)
    assert "El Amrani" in json.dumps(tables["parties"], ensure_ascii=False)


def test_erasing_a_case_leaves_nothing_of_it_and_touches_no_other_case(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    other = case_of(demo_store, "Lotte Wouters")
    before = exported(demo_store, ADMIN, other)[0]["tables"]
    assert "El Amrani" in every_row_as_text(demo_store)
    privacy.erase_case(demo_store, DEMO, case_id, f"#{case_id}")
    assert "El Amrani" not in every_row_as_text(demo_store)
    assert "Tom Willems" not in every_row_as_text(demo_store)
    assert case_id not in [s.case.id for s in services.list_cases(demo_store, DEMO)]
    after = exported(demo_store, ADMIN, other)[0]["tables"]
    assert {t: len(rows) for t, rows in after.items() if t != "audit_log"} == {t: len(rows) for t, rows in before.items() if t != "audit_log"}
    with demo_store.read() as q:
        assert [e.action for e in q.journal.audit_of_case(case_id)][-1] == "case.erase"


def test_erasing_needs_the_case_number_repeated(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    with pytest.raises(ValidationError) as err:
        privacy.erase_case(demo_store, DEMO, case_id, "ja")
    assert err.value.field == "confirmation"
    assert case_id in [s.case.id for s in services.list_cases(demo_store, DEMO)]


def test_another_facilitator_can_neither_export_nor_erase(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    with pytest.raises(PermissionDenied):
        privacy.export_case(demo_store, OTHER, case_id, for_whom=ExportFor.EMPLOYEE)
    with pytest.raises(PermissionDenied):
        privacy.erase_case(demo_store, OTHER, case_id, str(case_id))


def test_closed_cases_past_the_retention_period_are_listed_without_contents_and_erased(demo_store):
    far = date.today() + timedelta(days=365 * 7)
    due = privacy.retention_due(demo_store, ADMIN, today=far)
    closed = [s.case.id for s in services.list_cases(demo_store, DEMO) if s.case.phase.value == "closed"]
    assert sorted(case_id for case_id, _ in due) == sorted(closed) and closed
    assert all(isinstance(case_id, int) and isinstance(day, date) for case_id, day in due)
    assert privacy.retention_due(demo_store, ADMIN) == []  # today nothing is that old
    with pytest.raises(ValidationError) as err:
        privacy.apply_retention(demo_store, ADMIN, "ja", today=far)
    assert err.value.field == "retention_confirmation"
    assert privacy.retention_due(demo_store, ADMIN, today=far) == due  # nothing erased
    assert privacy.apply_retention(demo_store, ADMIN, str(len(closed)), today=far) == len(closed)
    remaining = [s.case.phase.value for s in services.list_cases(demo_store, DEMO)]
    assert "closed" not in remaining and remaining


def test_only_an_admin_sets_and_applies_the_retention_period(demo_store):
    with pytest.raises(PermissionDenied):
        privacy.retention_due(demo_store, DEMO)
    with pytest.raises(PermissionDenied):
        privacy.set_retention_years(demo_store, DEMO, 3)
    with pytest.raises(PermissionDenied):
        privacy.apply_retention(demo_store, DEMO, "0")
    with pytest.raises(ValidationError):
        privacy.set_retention_years(demo_store, ADMIN, 0)
    privacy.set_retention_years(demo_store, ADMIN, 3)
    assert privacy.retention_years(demo_store) == 3


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_export_holds_every_version_of_the_plan_and_every_scan_report_as_readable_pdfs(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    record, pdfs = exported(demo_store, ADMIN, case_id, "en")
    versions = record["tables"]["agreements"]
    moments = {r["moment_id"] for r in record["tables"]["scan_responses"] if r["submitted_at"]}
    assert len(versions) >= 2 and moments
    assert sorted(record["documents"]) == sorted(pdfs)
    plans = [name for name in pdfs if "plan-version" in name]
    reports = [name for name in pdfs if "-scan-" in name]
    assert len(plans) == len(versions) and len(reports) == len(moments)
    for name, data in pdfs.items():
        text = pdf_text(data)
        assert f"Case #{case_id}" in text and "Ahmed El Amrani" in text, name


def test_an_admin_exports_and_erases_any_case_and_both_are_in_the_audit_log(demo_store):
    case_id = case_of(demo_store, "Lotte Wouters")
    record, pdfs = exported(demo_store, ADMIN, case_id)
    assert record["tables"]["cases"][0]["id"] == case_id and pdfs
    # A draft plan names the case's facilitator, not the admin who made the export.
    assert all("Greet Huysmans" not in pdf_text(data) for data in pdfs.values())
    privacy.erase_case(demo_store, ADMIN, case_id, str(case_id))
    with demo_store.read() as q:
        actions = [(e.actor, e.action) for e in q.journal.audit_of_case(case_id)]
    assert ("demo-admin", "case.export") in actions and actions[-1] == ("demo-admin", "case.erase")


def test_the_admin_register_shows_numbers_phases_and_dates_only_and_only_to_an_admin(demo_store):
    register = privacy.case_register(demo_store, ADMIN)
    assert len(register) >= len(services.list_cases(demo_store, DEMO))
    assert {type(value) for record in register for value in vars(record).values()} <= {int, date, type(None), type(register[0].phase)}
    with pytest.raises(PermissionDenied):
        privacy.case_register(demo_store, DEMO)
    with demo_store.read() as q:
        assert [e.action for e in q.journal.audit_of_actor("demo-admin")][-1] == "case.register"


def case_texts(record: dict) -> set[str]:
    """The names and free texts recorded on a case: its string values with a space in
    them (codes, dates and usernames have none)."""
    return {
        value.strip() for rows in record["tables"].values() for row in rows for value in row.values()
        if isinstance(value, str) and " " in value.strip() and len(value.strip()) >= 5
    }


def every_text_value(store) -> list[tuple[str, str, str]]:
    """(table, column, value) for every text column of every table in the database."""
    found = []
    with store.read() as q:
        columns = q.cur.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_catalog = current_database() AND data_type = 'VARCHAR'"
        ).fetchall()
        for table, column in columns:
            values = q.cur.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL').fetchall()
            found += [(table, column, value) for (value,) in values]
    return found


def test_after_erasure_no_text_column_of_any_table_holds_a_name_or_text_of_the_case(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    # What the case holds, minus what other cases and the accounts hold as well (a
    # facilitator's name, a standard audit detail): that must stay.
    others = set()
    for record in privacy.case_register(demo_store, ADMIN):
        if record.id != case_id:
            others |= case_texts(exported(demo_store, ADMIN, record.id)[0])
    with demo_store.read() as q:
        others |= {a.name for a in q.accounts.accounts()}
    own = case_texts(exported(demo_store, ADMIN, case_id)[0]) - others
    assert {"Ahmed El Amrani", "Tom Willems"} <= own and len(own) > 20  # the search has something to find

    privacy.erase_case(demo_store, DEMO, case_id, str(case_id))

    left = [(table, column, text) for table, column, value in every_text_value(demo_store) for text in own if text in value]
    assert left == []


def test_after_erasure_the_links_documents_and_export_of_the_case_are_gone(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    _, tokens = scan.create_moment(demo_store, DEMO, case_id, MomentKind.EXTRA, date.today())
    token = next(iter(tokens.values()))
    assert scan.open_link(demo_store, token).case_id == case_id
    numbers = [v.number for v in agreement.load(demo_store, DEMO, case_id).versions]
    privacy.erase_case(demo_store, DEMO, case_id, str(case_id))
    with pytest.raises(ResetError):
        scan.open_link(demo_store, token)
    for number in numbers:  # refused like a case that never existed
        with pytest.raises(PermissionDenied):
            document(demo_store, DEMO, case_id, number)
    with pytest.raises(PermissionDenied):
        scan.results(demo_store, DEMO, case_id)
    with pytest.raises(NotFound):
        privacy.export_case(demo_store, ADMIN, case_id, for_whom=ExportFor.EMPLOYEE)


# --- each party's own export (GDPR art. 15, with 15(4): not the other's data) --------------

PARTIES = (ExportFor.EMPLOYEE, ExportFor.MANAGER)


def private_texts(tables: dict, party: str) -> set[str]:
    """The free texts only `party`'s side of the case holds: the notes, insights,
    adjustments and provisional goals of their conversations, their open scan answers,
    the follow-ups held with them alone; for the employee also their own file."""
    talks = {r["id"] for r in tables["conversations"] if r["party"] == party}
    texts = [r["note"] for r in tables["conversation_cards"] if r["conversation_id"] in talks]
    texts += [r["text"] for t in ("insights", "conversation_adjustments", "provisional_goals")
              for r in tables[t] if r["conversation_id"] in talks]
    texts += [r["text"] for r in tables["scan_open_answers"] if r["respondent"] == party]
    texts += [r[c] for r in tables["followups"] if r["participants"] == party for c in ("works", "not_working")]
    if party == "employee":
        texts += [r["note"] for t in ("consents", "contact_log") for r in tables[t]]
        texts += [r["note"] for r in tables["signal_notes"]]
    return {text.strip() for text in texts if text and len(text.strip()) >= 8}


def everything_in(record: dict, pdfs: dict[str, bytes]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n".join(pdf_text(data) for data in pdfs.values())


def shared_by(tables: dict, party: str) -> set[str]:
    """Insights of `party` whose latest ledger entry shares them."""
    talks = {r["id"] for r in tables["conversations"] if r["party"] == party}
    latest = {}
    for entry in sorted(tables["insight_sharing"], key=lambda e: e["id"]):
        latest[entry["insight_id"]] = entry["shared"]
    return {r["text"].strip() for r in tables["insights"] if r["conversation_id"] in talks and latest.get(r["id"])}


@pytest.mark.parametrize("employee", ["Ahmed El Amrani", "Lotte Wouters", "Nathalie Goossens"])
def test_each_partys_export_holds_nothing_the_other_party_did_not_share(demo_store, employee):
    case_id = case_of(demo_store, employee)
    whole = exported(demo_store, ADMIN, case_id)[0]["tables"]
    hunted = 0
    for party, other in (("employee", "manager"), ("manager", "employee")):
        record, pdfs = exported(demo_store, DEMO, case_id, for_whom=ExportFor(party))
        text = everything_in(record, pdfs)
        markers = private_texts(whole, other) - shared_by(whole, other) - private_texts(whole, party)
        assert [m for m in markers if m in text] == [], f"{party}'s export holds the {other}'s private text"
        own = private_texts(whole, party)
        assert [m for m in own if m not in text] == [], f"{party}'s export lacks their own data"
        hunted += len(markers)
        assert {i["text"] for i in record["shared_with_you"]} == shared_by(whole, other)
    assert hunted >= 10  # the hunt had private texts of both sides to look for


def test_a_withdrawn_sharing_leaves_the_other_partys_export_at_once(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    whole = exported(demo_store, ADMIN, case_id)[0]["tables"]
    talks = {r["id"]: r["party"] for r in whole["conversations"]}
    (text, insight_id, party), *_ = [
        (r["text"], r["id"], talks[r["conversation_id"]]) for r in whole["insights"]
        if r["text"].strip() in shared_by(whole, talks[r["conversation_id"]]) and talks[r["conversation_id"]] != "other"
    ]
    other = ExportFor.MANAGER if party == "employee" else ExportFor.EMPLOYEE
    assert text in [i["text"] for i in exported(demo_store, DEMO, case_id, for_whom=other)[0]["shared_with_you"]]
    conversations.withdraw_sharing(demo_store, DEMO, case_id, insight_id, date.today())
    record, pdfs = exported(demo_store, DEMO, case_id, for_whom=other)
    assert text not in everything_in(record, pdfs)
    # The owner still finds it in their own export: it is theirs.
    assert text in json.dumps(exported(demo_store, DEMO, case_id, for_whom=ExportFor(party))[0], ensure_ascii=False)


def test_the_cover_says_what_was_left_out_and_why(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    employee = exported(demo_store, DEMO, case_id, "en", for_whom=ExportFor.EMPLOYEE)[0]
    manager = exported(demo_store, DEMO, case_id, "en", for_whom=ExportFor.MANAGER)[0]
    assert "article 15(4)" in employee["cover"] and "the other party's scan answers" in employee["cover"]
    assert "the employee's own file" in manager["cover"]
    assert "consents" not in manager["tables"] and "audit_log" not in manager["tables"]
    assert employee["tables"]["consents"] and employee["tables"]["audit_log"]
    assert not any("-scan-" in name for name in employee["documents"] + manager["documents"])


def test_only_an_administrator_exports_the_whole_case_and_only_with_a_reason(demo_store):
    case_id = case_of(demo_store, "Ahmed El Amrani")
    with pytest.raises(PermissionDenied):
        privacy.export_case(demo_store, DEMO, case_id, for_whom=WHOLE, reason=REASON)
    with pytest.raises(ValidationError) as err:
        privacy.export_case(demo_store, ADMIN, case_id, for_whom=WHOLE, reason="  omdat  ")
    assert err.value.field == "export_reason"
    exported(demo_store, ADMIN, case_id)
    with demo_store.read() as q:
        details = [e.detail for e in q.journal.audit_of_case(case_id) if e.action == "case.export"]
    assert details[-1] == f"organisation: {REASON}"


def test_every_table_that_holds_case_data_is_placed_for_the_parties_exports(demo_store):
    with demo_store.read() as q:
        by_case, indirect = q.privacy._case_tables()
    assert set(by_case) | set(indirect) | {"cases", "audit_log"} <= access_request.PLACED
