"""The rules of the code layout, checked so they cannot erode unnoticed."""

import ast
import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def python_files(folder: str) -> list[Path]:
    return sorted((PROJECT / folder).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def resolved_imports(path: Path) -> set[str]:
    """Every module `path` imports, relative imports written out in full, at any depth
    (an import inside a function counts too). `from a import b` gives a and a.b, since
    b may be a module."""
    package = path.relative_to(PROJECT).with_suffix("").parts[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1] if node.level else ())
            module = ".".join(x for x in (base, node.module or "") if x)
            names.add(module)
            names |= {f"{module}.{alias.name}" for alias in node.names}
    return names


def under(folder: str) -> list[Path]:
    return python_files(f"reset_core/{folder}")


# The command line builds the demo; the employee's export holds the case's documents.
MAY_IMPORT = {"reset_core/__main__.py": ("reset_core.demo",), "reset_core/privacy.py": ("reset_core.documents",),
              # a trainee's copies are built by the demo's own builders
              "reset_core/training.py": ("reset_core.demo",)}


def test_no_rule_module_imports_a_document_builder_or_the_demo():
    rules = [p for p in python_files("reset_core") if p not in under("documents") + under("demo")]
    assert PROJECT / "reset_core" / "agreement.py" in rules
    offenders = {
        f"{p.relative_to(PROJECT).as_posix()} imports {name}"
        for p in rules
        for name in resolved_imports(p)
        if name.startswith(("reset_core.documents", "reset_core.demo"))
        and not name.startswith(MAY_IMPORT.get(p.relative_to(PROJECT).as_posix(), ()))
    }
    assert sorted(offenders) == []


def test_no_document_builder_imports_the_demo():
    assert "reset_core.documents.pdf" in resolved_imports(PROJECT / "reset_core" / "documents" / "plan.py")
    offenders = [p.name for p in under("documents") if any(n.startswith("reset_core.demo") for n in resolved_imports(p))]
    assert offenders == []


def test_the_domain_package_never_imports_streamlit():
    offenders = [p.name for p in python_files("reset_core") if {"streamlit", "streamlit_authenticator"} & imported_modules(p)]
    assert offenders == []


# Besides the storage package, only the bench's bulk builder speaks SQL: it copies whole
# tables generically from the database's own catalogue, which the app never needs (its
# docstring says why). Anything else in bench/ goes through reset_core like the app.
SQL_OUTSIDE_THE_STORE = ["bench/build.py"]


def app_code() -> list[Path]:
    code = [PROJECT / "app.py", PROJECT / "serve.py"]
    for folder in ("reset_core", "views", "ui", "bench"):
        code += python_files(folder)
    return code


def test_only_the_storage_package_speaks_sql():
    speaking = sorted(
        p.relative_to(PROJECT).as_posix()
        for p in app_code()
        if "duckdb" in imported_modules(p) or re.search(r"\.(execute|executemany|sql|query)\(", p.read_text())
    )
    assert "reset_core/storage/scans.py" in speaking  # the check sees SQL where there is some
    assert [p for p in speaking if not p.startswith("reset_core/storage/")] == sorted(SQL_OUTSIDE_THE_STORE)


# The storage package is `Store` and the unit of work `Queries`, which holds one
# attribute per aggregate, each a module of reset_core/storage (`q.scans` is scans.py).
# Each module holds the queries of the domain module(s) named here.
OWNERS = {
    "meta": ["reset_core/database.py"],
    "organisation": ["reset_core/organisation.py"],
    "accounts": ["reset_core/accounts.py"],
    "journal": ["reset_core/services.py", "reset_core/history.py"],
    "cases": ["reset_core/services.py", "reset_core/intake.py"],
    "phases": ["reset_core/phases.py"],
    "intake": ["reset_core/intake.py"],
    "legal": ["reset_core/legal_track.py"],
    "legal_report": ["reset_core/legal_report.py"],
    "conversations": ["reset_core/conversations.py"],
    "scans": ["reset_core/scan.py"],
    "sharing": ["reset_core/sharing.py"],
    "scan_reviews": ["reset_core/scan_review.py"],
    "spaces": ["reset_core/party_space.py"],
    "dialogue": ["reset_core/dialogue.py", "reset_core/presentation.py"],
    "agreements": ["reset_core/agreement.py", "reset_core/plan_answer.py", "reset_core/plan_proof.py"],
    "followup": ["reset_core/followup.py", "reset_core/moments.py"],
    "checkins": ["reset_core/checkins.py"],
    "closing": ["reset_core/closing.py"],
    "prevention": ["reset_core/prevention.py"],
    "learning": ["reset_core/learning.py"],
    "privacy": ["reset_core/privacy.py"],
    "training": ["reset_core/training.py"],
}

# What any module of reset_core may call: every use case reads its case first and
# leaves its audit entry in the same transaction.
ANYWHERE_IN_RESET_CORE = {("cases", "case"), ("journal", "audit")}

# The few uses across, each on purpose: (storage module, module using it) -> the
# methods it may call, and why.
ACROSS = {
    ("meta", "reset_core/learning.py"): ({"get", "set"}, "its own setting: the smallest group the view shows"),
    ("meta", "reset_core/privacy.py"): ({"get", "set"}, "its own setting: the retention period"),
    ("accounts", "reset_core/history.py"): ({"accounts"}, "the actors' names in a case's history"),
    ("accounts", "reset_core/intake.py"): ({"accounts"}, "who recorded a consent or a contact, by name"),
    ("accounts", "reset_core/privacy.py"): ({"user_login_row"}, "the facilitator's name on the exported plan"),
    ("journal", "reset_core/accounts.py"): (
        {"request_done", "insert_request"},
        "an account form is remembered like a case form; services imports accounts, not back",
    ),
    ("cases", "reset_core/followup.py"): ({"cases_of"}, "due items over the facilitator's whole caseload"),
    ("agreements", "reset_core/legal_track.py"): ({"agreements_of"}, "the plan's state decides which legal deadlines are open"),
    ("legal", "reset_core/followup.py"): ({"tracks_of_cases"}, "the legal deadlines join the follow-ups on the home page"),
    ("legal", "reset_core/documents/plan.py"): ({"track_of"}, "the document's title and clauses follow the case's track"),
    ("legal", "reset_core/privacy.py"): ({"track_of"}, "the exported plan has the title and clauses of its track"),
    ("legal", "reset_core/agreement.py"): ({"track_of"}, "a plan of only demand-lowering adjustments needs the recorded reason"),
    ("agreements", "reset_core/legal_report.py"): ({"agreements_of"}, "no report once a plan is signed; the notices follow the plan's schedule"),
    ("legal", "reset_core/legal_report.py"): ({"track_of"}, "a motivated report only where a Codex plan is due"),
    ("legal_report", "reset_core/legal_track.py"): ({"facts_of"}, "the report replaces the plan due; notices and the safety check are deadlines"),
    ("legal_report", "reset_core/followup.py"): ({"facts_of_cases"}, "the notices and the safety check join the follow-ups on the home page"),
    ("legal", "reset_core/documents/legal_report.py"): ({"track_of"}, "the report names the employer's signatory and the region's language"),
    ("legal_report", "reset_core/documents/legal_report.py"): ({"report_of"}, "the report's own document"),
    ("cases", "reset_core/phases.py"): ({"all_cases"}, "every case judged once when the phase rules arrived"),
    ("cases", "ui/documents.py"): ({"case"}, "a document's link dies with its case (erased meanwhile)"),
    ("phases", "reset_core/closing.py"): (
        {"phase_facts", "set_case_phase"},
        "closing and reopening move the phase themselves, with their own kind and reason",
    ),
    ("phases", "reset_core/services.py"): ({"phase_changes_of"}, "services.phase_changes, for the screen"),
    ("intake", "reset_core/allowed.py"): ({"consent_ledger"}, "the basic consent decides what a case allows"),
    ("intake", "reset_core/history.py"): ({"people_of"}, "the people's names in a case's history"),
    ("intake", "reset_core/agreement.py"): ({"contact_agreement"}, "the first plan proposes its message to colleagues"),
    ("intake", "reset_core/party_space.py"): (
        {"consent_ledger", "people_of"}, "the employee reads their consents in their space (written through intake)",
    ),
    ("scans", "reset_core/followup.py"): (
        {"moments_of_cases", "responses_of_cases", "moments_of", "responses_of_case"},
        "due scans and early signs (a self-placement counts once chosen), per case and over the caseload",
    ),
    ("scans", "reset_core/privacy.py"): ({"moments_of", "responses_of_case"}, "the scan results in the export"),
    ("sharing", "reset_core/scan.py"): (
        {"releases_of_case", "flags_of_case"}, "a moment's results carry who released and flagged, so no caller forgets",
    ),
    ("sharing", "reset_core/privacy.py"): ({"releases_of_case"}, "a plan in a party's export shows only a released comparison"),
    ("dialogue", "reset_core/sharing.py"): ({"topics_of"}, "a release is withdrawn only until the dialogue took place"),
    ("scans", "reset_core/party_space.py"): (
        {"moments_of", "links_of_case", "responses_of_case"}, "a party's scan moments: open for them, or submitted",
    ),
    ("dialogue", "reset_core/agreement.py"): ({"plan_goals_of"}, "a plan offered copies the live goals"),
    ("dialogue", "reset_core/followup.py"): ({"plan_goals_of", "plan_goals_of_cases"}, "a follow-up reviews the goals"),
    ("agreements", "reset_core/followup.py"): ({"agreements_of", "agreements_of_cases"}, "a follow-up that adjusts the plan opens a new version; the worklist and the early signs read the plans of a caseload"),
    ("cases", "reset_core/checkins.py"): ({"cases_of"}, "the reboarding checklists of the caseload on the home page"),
    ("intake", "reset_core/checkins.py"): ({"contact_agreement"}, "the reboarding checklist is kept with the contact agreement"),
    ("closing", "reset_core/allowed.py"): ({"closings_of"}, "a closed case allows only what its closing does"),
    ("privacy", "bench/build.py"): ({"erase_case"}, "the bench measures an erasure"),
    ("privacy", "reset_core/training.py"): ({"erase_case"}, "a trainee's copies erased by a reset, each in its case's transaction"),
    ("accounts", "reset_core/training.py"): (
        {"user_login_row", "insert_user"}, "a cohort's trainee accounts are made with the cohort, in one transaction",
    ),
    ("journal", "reset_core/training.py"): ({"request_done", "insert_request"}, "a cohort's form is remembered like a case form"),
}


def unit_of_work() -> dict[str, str]:
    """Attribute of `Queries` -> its storage module, read from `Queries.__init__`."""
    tree = ast.parse((PROJECT / "reset_core" / "storage" / "store.py").read_text())
    module_of = {a.asname or a.name: n.module for n in tree.body if isinstance(n, ast.ImportFrom) and n.level == 1 for a in n.names}
    queries = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Queries")
    return {
        node.targets[0].attr: module_of[node.value.func.id]
        for node in ast.walk(queries)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name)
    }


def aggregate_calls(path: Path) -> set[tuple[str, str]]:
    """(attribute, method) of every `q.<aggregate>.<method>` in the file; a call straight
    on the unit of work (`q.case(...)`, the layout before the split) as ("", name)."""
    calls = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) \
                and isinstance(node.value.value, ast.Name) and node.value.value.id == "q":
            calls.add((node.value.attr, node.attr))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "q":
            calls.add(("", node.func.attr))
    return calls


def test_each_aggregate_of_the_unit_of_work_has_its_module_and_an_owner():
    aggregates = unit_of_work()
    assert aggregates["scans"] == "scans" and len(aggregates) == len(OWNERS)
    assert sorted(aggregates.values()) == sorted(OWNERS)
    for module in OWNERS:
        assert (PROJECT / "reset_core" / "storage" / f"{module}.py").is_file(), module


def test_an_aggregate_is_used_only_by_its_own_domain_modules_and_the_listed_exceptions():
    aggregates = unit_of_work()
    seen, offenders = set(), []
    for path in app_code():
        name = path.relative_to(PROJECT).as_posix()
        if name.startswith("reset_core/storage/"):
            continue
        for attribute, method in aggregate_calls(path):
            if attribute == "cur":  # the cursor itself: raw SQL, which the test above limits
                continue
            module = aggregates.get(attribute)
            if module is None:
                called = f"q.{attribute}.{method}" if attribute else f"q.{method}(...)"
                offenders.append(f"{name}: {called} goes through no aggregate of the unit of work")
                continue
            if name in OWNERS[module] or (name.startswith("reset_core/") and (module, method) in ANYWHERE_IN_RESET_CORE):
                continue
            allowed, _why = ACROSS.get((module, name), (set(), ""))
            if method in allowed:
                seen.add((module, name, method))
            else:
                offenders.append(f"{name} calls q.{attribute}.{method}")
    assert sorted(offenders) == []
    stale = [f"{m} in {n}: {x}" for (m, n), (methods, _) in ACROSS.items() for x in methods if (m, n, x) not in seen]
    assert stale == []  # an exception nobody needs any more is taken off the list


# Reading the tests' sources: one has a regular expression Python warns about while parsing.
@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::SyntaxWarning")
def test_a_storage_module_is_imported_only_by_the_storage_package_and_its_own_domain_modules():
    exported = set(__import__("reset_core.storage", fromlist=["__all__"]).__all__)
    offenders = []
    for path in app_code() + python_files("tests"):
        name = path.relative_to(PROJECT).as_posix()
        if name.startswith("reset_core/storage/"):
            continue
        for imported in resolved_imports(path):
            parts = imported.split(".")
            if parts[:2] != ["reset_core", "storage"] or len(parts) < 3 or parts[2] in exported:
                continue
            if name not in OWNERS.get(parts[2], []):
                offenders.append(f"{name} imports {imported}")
    assert sorted(offenders) == []


def test_no_module_of_the_domain_is_longer_than_a_newcomer_reads_in_one_sitting():
    longest = 600
    long = {
        str(path.relative_to(PROJECT)): lines
        for path in (PROJECT / "reset_core").rglob("*.py")
        if (lines := len(path.read_text().splitlines())) > longest
    }
    assert long == {}, f"split these by what they are about (as model/ and agreement_rules.py were): {long}"


def test_every_screen_is_registered_in_the_router():
    router = (PROJECT / "app.py").read_text()
    screens = python_files("views")
    assert len(screens) > 15
    for page in screens:
        assert f'"{page.relative_to(PROJECT).as_posix()}"' in router, page.name


def test_screens_are_grouped_by_who_uses_them_and_no_legacy_pages_folder_is_left():
    # Streamlit reads a pages/ folder next to app.py as the old automatic navigation
    # and warns about it; the screens live in views/<who uses them>/ instead.
    assert not (PROJECT / "pages").exists()
    assert {p.parent.name for p in python_files("views")} == {"public", "facilitator", "admin", "shared"}
    # A screen's address is its file name: two screens of one name would share it.
    names = [p.stem for p in python_files("views")]
    assert len(names) == len(set(names))


def test_no_page_lets_html_through():
    for path in python_files("views") + python_files("ui") + [PROJECT / "app.py"]:
        assert "unsafe_allow_html=True" not in path.read_text(), path.name
