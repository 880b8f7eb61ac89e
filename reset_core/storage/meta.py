"""Settings of the whole database, one value per key: its kind, the cookie key,
the retention period, the learning view's minimum. Read by `reset_core.database`
and the modules whose setting it is."""

from __future__ import annotations

from ._sql import Repository


class Meta(Repository):
    def get(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", [key])
        return row[0] if row else None

    def set(self, key: str, value: str) -> None:
        self.cur.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
