"""What the storage modules share: the base of each aggregate's queries and the row helpers."""

from __future__ import annotations

import duckdb

from ..model import Phase


def members(enum: type) -> dict:
    """Value -> member: a dict lookup is ~20 times cheaper than Enum(value), which counts
    when the learning view reads tens of thousands of rows."""
    return {member.value: member for member in enum}


PHASES = members(Phase)


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Repository:
    """The queries of one aggregate, on the cursor of the unit of work (`Queries`)
    that holds it: every aggregate of one unit runs in the same transaction."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self.cur = cur

    def _all(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.cur.execute(sql, params or []).fetchall()

    def _one(self, sql: str, params: list | None = None) -> tuple | None:
        return self.cur.execute(sql, params or []).fetchone()
