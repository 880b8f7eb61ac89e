"""The benchmark database: thousands of realistic cases, built in seconds.

Building every case through the services costs about 4 ms per committed transaction,
hours for 5,000 cases. So the demo cases (every phase, with intake, card
conversations, scans of both respondents, agreement versions, follow-ups and
closings) are built once through the real services into a template database, and
then copied in bulk with INSERT ... SELECT: copy k of template case c becomes case
c + k * T, every id shifted past the previous copy, every date moved back a few weeks
so the copies do not all fall on the same days, names drawn from a list, and cases
dealt out to facilitators in blocks (cases 1-100 to the first, and so on).

This is a bench-only tool: it speaks SQL itself because it copies whole tables
generically (from the database's own catalogue), which the app never needs and
which does not belong in reset_core.storage.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from reset_core import database
from reset_core.config import DB_FILE, Settings
from reset_core.demo import build_demo
from reset_core.storage import MIGRATIONS, Queries, Store

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "bench" / "out"
KEY = "bench-key-not-secret-0123456789"
PASSWORD = "demo-reset"  # the template's demo accounts, copied with their hash
ADMIN = "bench-admin"

# What a shifted row refers to: the column, and the table whose ids it holds.
REFERENCES = {
    "case_id": "cases",
    "moment_id": "scan_moments",
    "chart_moment_id": "scan_moments",
    "conversation_id": "conversations",
    "insight_id": "insights",
    "person_id": "people",
    "goal_id": "goals",
    "agreement_id": "agreements",
    "closing_id": "closings",
    "followup_id": "followups",
}
NOT_COPIED = {"meta", "users", "sessions", "schema_migrations"}
ACTOR_COLUMNS = {"actor", "facilitator"}  # besides every column named *_by
FIRST_NAMES = (
    "Marc", "Sofie", "Jeroen", "Lotte", "Ahmed", "Nathalie", "Hanne", "Kristof", "Evelien", "Dries", "Sarah",
    "Yasmina", "Bram", "Ilse", "Tim", "Joke", "Wouter", "Griet", "Koen", "Fatima", "Pieter", "An", "Jonas", "Lien",
    "Mehmet", "Els", "Tom", "Nele", "Bart", "Katrien", "Stijn", "Ann", "Youssef", "Inge", "Wim", "Marie",
)
LAST_NAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
    "Dubois", "Hermans", "Aerts", "Lambrechts", "Verbeke", "Coppens", "Vermeulen", "Van Damme", "El Amrani",
    "Martens", "Segers", "De Backer", "Michiels", "Cools", "Hendrickx", "Dewulf", "Vandenberghe", "Benali",
    "Van Hoeck", "Verstraete", "Yilmaz", "Lemmens", "Huysmans", "Vercammen", "De Wilde", "Smets", "Desmet",
)


@dataclass(frozen=True)
class BenchDatabase:
    config: Settings
    cases: int
    facilitators: list[str]

    @property
    def measured(self) -> str:
        """The facilitator whose pages are timed: a realistic caseload."""
        return self.facilitators[0]


def facilitator_name(index: int) -> str:
    return f"fac-{index + 1:03d}"


def _fingerprint(cases: int, per_facilitator: int) -> str:
    """Changes whenever the schema, the demo fillers or this builder change."""
    digest = hashlib.sha256(f"{cases}/{per_facilitator}".encode())
    sources = sorted(MIGRATIONS.glob("*.sql")) + sorted((PROJECT / "reset_core" / "demo").glob("*.py")) + [Path(__file__)]
    for path in sources:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def build(cases: int = 5000, per_facilitator: int = 100, log=print) -> BenchDatabase:
    """The bench database in bench/out/, reused while its fingerprint holds."""
    os.environ["RESET_DB_KEY"] = KEY
    folder = OUT / f"db-{cases}-{_fingerprint(cases, per_facilitator)}"
    n_facilitators = -(-cases // per_facilitator)
    result = BenchDatabase(Settings(folder, KEY), cases, [facilitator_name(i) for i in range(n_facilitators)])
    if (folder / "complete").exists():
        log(f"reusing {folder.relative_to(PROJECT)}")
        return result
    shutil.rmtree(folder, ignore_errors=True)
    template = folder / "template"
    log("building the template cases through the services (the demo) ...")
    build_demo(template)
    log(f"copying them into {cases} cases ...")
    store = database.open_store(result.config)
    try:
        fill(store, template / DB_FILE, KEY, cases, per_facilitator)
        with store.quiesced():  # a checkpoint: every run starts from the same compact file
            pass
    finally:
        store.close()
    shutil.rmtree(template)
    (folder / "complete").touch()
    return result


def fill(store: Store, template_db: Path, template_key: str, cases: int, per_facilitator: int) -> None:
    """Copy the cases of the demo database `template_db` into the new database `store`
    until it holds `cases` cases, `per_facilitator` to each facilitator."""
    with store.read() as q:  # attached to the database instance: every cursor sees it
        q.cur.execute(f"ATTACH '{template_db}' AS template (ENCRYPTION_KEY '{template_key}', READ_ONLY)")
    try:
        with store.transaction() as q:
            _copy(q, cases, per_facilitator)
    finally:
        with store.read() as q:
            q.cur.execute("DETACH template")


def _columns(cur, table: str) -> list[tuple[str, str]]:
    return cur.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = 'template' AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()


def _copy(q: Queries, cases: int, per_facilitator: int) -> None:
    cur = q.cur
    tables = [
        t for (t,) in cur.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'template' ORDER BY table_name"
        ).fetchall()
        if t not in NOT_COPIED
    ]
    stride = {t: cur.execute(f"SELECT coalesce(max(id), 0) FROM template.{t}").fetchone()[0]
              for t in tables if "id" in dict(_columns(cur, t))}
    template_cases = stride["cases"]
    copies = -(-cases // template_cases)
    n_facilitators = -(-cases // per_facilitator)

    # Names and accounts: every facilitator is a copy of the demo facilitator (same password).
    first = "[" + ", ".join(f"'{n}'" for n in FIRST_NAMES) + "]"
    last = "[" + ", ".join(f"'{n}'" for n in LAST_NAMES) + "]"
    cur.execute(f"CREATE TEMP MACRO bench_name(n) AS {first}[n % {len(FIRST_NAMES)} + 1] || ' ' || {last}[(n * 5 + n // {len(FIRST_NAMES)}) % {len(LAST_NAMES)} + 1]")
    cur.execute(f"CREATE TEMP MACRO bench_facilitator(c) AS 'fac-' || lpad(((c - 1) // {per_facilitator} + 1)::VARCHAR, 3, '0')")
    cur.execute(
        "INSERT INTO users SELECT bench_facilitator(i * ?::INT + 1), bench_name(i * 7 + 3), role, password_hash, "
        "active, 0, NULL, created_at, NULL FROM template.users, range(?) r(i) WHERE username = 'demo'",
        [per_facilitator, n_facilitators],
    )
    cur.execute(
        "INSERT INTO users SELECT ?, 'Bench Admin', role, password_hash, active, 0, NULL, created_at, NULL "
        "FROM template.users WHERE username = 'demo-admin'",
        [ADMIN],
    )

    for table in tables:
        columns = _columns(cur, table)
        names = {c for c, _ in columns}
        case_expr = "id" if table == "cases" else ("case_id" if "case_id" in names else None)
        # The case a row belongs to decides its facilitator; a row of no case (a login) the copy's first.
        new_case = f"(coalesce({case_expr or 'NULL'}, 1) + k * {template_cases})"
        select = [_expression(table, column, kind, stride, new_case) for column, kind in columns]
        cur.execute(
            f"INSERT INTO {table} SELECT {', '.join(select)} FROM template.{table}, "
            f"(SELECT k, (k * 29) % 181 AS shift FROM range({copies}) r(k))"
        )
    for table, max_id in stride.items():  # the app's sequences must continue after the copies
        sequence = cur.execute(
            "SELECT regexp_extract(column_default, 'nextval\\(''(\\w+)''', 1) FROM information_schema.columns "
            "WHERE table_catalog = 'reset' AND table_name = ? AND column_name = 'id'",
            [table],
        ).fetchone()[0]
        if sequence:
            cur.execute(f"SELECT max(nextval('{sequence}')) FROM range({max_id * copies})").fetchall()
    for extra in range(cases + 1, copies * template_cases + 1):  # the last copy only in part
        q.privacy.erase_case(extra)
    cur.execute("DELETE FROM audit_log WHERE case_id > ?", [cases])  # erasure keeps them; no copy needs them


def _expression(table: str, column: str, kind: str, stride: dict[str, int], new_case: str) -> str:
    if column == "id":
        return f"id + k * {stride[table]}"
    if column in REFERENCES and REFERENCES[column] in stride:
        return f"{column} + k * {stride[REFERENCES[column]]}"
    if kind == "DATE":
        return f"{column} - shift::INT"
    if kind == "TIMESTAMP":
        return f"{column} - to_days(shift::INT)"
    if column in ACTOR_COLUMNS or column.endswith("_by"):
        return f"CASE WHEN {column} IN ('demo', 'demo-2') THEN bench_facilitator({new_case}) ELSE {column} END"
    if table == "consents" and column == "subject":  # 'person:<id>' names a row of people
        return (f"CASE WHEN subject LIKE 'person:%' THEN 'person:' || (substr(subject, 8)::INT + k * {stride['people']}) "
                "ELSE subject END")
    if table in ("scan_links", "space_links") and column == "token_hash":  # unique; the template's tokens are unknown anyway
        return "sha256(token_hash || k::VARCHAR)"
    if (table, column) in (("parties", "name"),):
        return f"bench_name({new_case} * 2 + CASE WHEN role = 'employee' THEN 0 ELSE 1 END)"
    if table == "agreements" and column in ("employee_name", "manager_name"):
        offset = 0 if column == "employee_name" else 1
        return f"CASE WHEN {column} IS NULL THEN NULL ELSE bench_name({new_case} * 2 + {offset}) END"
    if table == "agreement_signatures" and column == "name":
        return f"CASE signer WHEN 'employee' THEN bench_name({new_case} * 2) WHEN 'manager' THEN bench_name({new_case} * 2 + 1) ELSE name END"
    return column
