"""Users, login failures, password resets and server-side sessions: the queries
of `reset_core.accounts`."""

from __future__ import annotations

from datetime import datetime

from ..model import Account, PasswordReset, Role, User
from ._sql import Repository


class Accounts(Repository):
    def count_users(self) -> int:
        return self._one("SELECT count(*) FROM users")[0]

    def user_login_row(self, username: str) -> tuple[User, str] | None:
        row = self._one(
            "SELECT username, name, role, active, password_hash, "
            "EXISTS (SELECT 1 FROM password_resets r WHERE r.username = users.username AND r.changed_at IS NULL) "
            "FROM users WHERE username = ?",
            [username],
        )
        if row is None:
            return None
        return User(row[0], row[1], Role(row[2]), row[3], row[5]), row[4]

    def login_failures(self, username: str, source: str) -> tuple[int, datetime | None]:
        row = self._one(
            "SELECT failed_attempts, locked_until FROM login_failures WHERE username = ? AND source = ?",
            [username, source],
        )
        return (row[0], row[1]) if row else (0, None)

    def set_login_failures(self, username: str, source: str, failed_attempts: int, locked_until: datetime | None) -> None:
        self.cur.execute(
            "INSERT INTO login_failures VALUES (?, ?, ?, ?) ON CONFLICT (username, source) "
            "DO UPDATE SET failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until",
            [username, source, failed_attempts, locked_until],
        )

    def clear_login_failures(self, username: str, source: str | None = None) -> int:
        """Forget the failures of one place, or of every place when `source` is None."""
        if source is None:
            return self.cur.execute("DELETE FROM login_failures WHERE username = ?", [username]).fetchone()[0]
        return self.cur.execute(
            "DELETE FROM login_failures WHERE username = ? AND source = ?", [username, source]
        ).fetchone()[0]

    def insert_user(self, user: User, password_hash: str, now: datetime) -> None:
        self.cur.execute(
            "INSERT INTO users (username, name, role, password_hash, active, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [user.username, user.name, user.role.value, password_hash, user.active, now],
        )

    def set_user_active(self, username: str, active: bool) -> None:
        self.cur.execute("UPDATE users SET active = ? WHERE username = ?", [active, username])

    def set_password_hash(self, username: str, password_hash: str) -> None:
        self.cur.execute("UPDATE users SET password_hash = ? WHERE username = ?", [password_hash, username])

    def user_language(self, username: str) -> str | None:
        row = self._one("SELECT language FROM users WHERE username = ?", [username])
        return row[0] if row else None

    def set_user_language(self, username: str, language: str) -> None:
        self.cur.execute("UPDATE users SET language = ? WHERE username = ?", [language, username])

    def insert_password_reset(self, username: str, by: str, now: datetime) -> int:
        return self._one(
            "INSERT INTO password_resets (username, reset_by, reset_at) VALUES (?, ?, ?) RETURNING id",
            [username, by, now],
        )[0]

    def open_password_reset(self, username: str) -> PasswordReset | None:
        """The latest reset whose one-time password has not been replaced by the owner's own."""
        row = self._one(
            "SELECT r.id, r.username, r.reset_by, coalesce(u.name, r.reset_by), r.reset_at, r.used_at "
            "FROM password_resets r LEFT JOIN users u ON u.username = r.reset_by "
            "WHERE r.username = ? AND r.changed_at IS NULL ORDER BY r.id DESC LIMIT 1",
            [username],
        )
        return PasswordReset(*row) if row else None

    def use_password_reset(self, reset_id: int, session_id: str, now: datetime) -> bool:
        """Tie the first login after a reset to it; False when a login already used it."""
        row = self._one(
            "UPDATE password_resets SET session_id = ?, used_at = ? WHERE id = ? AND used_at IS NULL RETURNING id",
            [session_id, now, reset_id],
        )
        return row is not None

    def close_password_resets(self, username: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE password_resets SET changed_at = ? WHERE username = ? AND changed_at IS NULL", [now, username]
        )

    def accounts(self, now: datetime | None = None) -> list[Account]:
        """Every account; with `now`, the lockouts still running then (without, none)."""
        rows = self._all(
            "SELECT u.username, u.name, u.role, u.active, u.created_at, "
            "max(f.locked_until), count(f.locked_until) FROM users u "
            "LEFT JOIN login_failures f ON f.username = u.username AND f.locked_until > ? "
            "GROUP BY ALL ORDER BY u.username",
            [now],
        )
        return [
            Account(r[0], r[1], Role(r[2]), r[3], created_at=r[4], locked_until=r[5], locked_places=r[6])
            for r in rows
        ]

    def active_users(self) -> list[User]:
        rows = self._all("SELECT username, name, role, active FROM users WHERE active ORDER BY username")
        return [User(r[0], r[1], Role(r[2]), r[3]) for r in rows]

    # sessions
    def insert_session(self, session_id: str, username: str, started: datetime, expires: datetime, source: str | None = None) -> None:
        self.cur.execute(
            "INSERT INTO sessions (id, username, started_at, expires_at, ended_at, source) "
            "VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT (id) DO NOTHING",
            [session_id, username, started, expires, source],
        )

    def live_session_user(self, session_id: str, now: datetime) -> tuple[User, str | None] | None:
        """The session's user and the place it was started from."""
        row = self._one(
            "SELECT u.username, u.name, u.role, u.active, "
            "EXISTS (SELECT 1 FROM password_resets r WHERE r.username = u.username AND r.changed_at IS NULL), "
            "s.source FROM sessions s "
            "JOIN users u ON u.username = s.username "
            "WHERE s.id = ? AND s.ended_at IS NULL AND s.expires_at > ? AND u.active",
            [session_id, now],
        )
        return (User(row[0], row[1], Role(row[2]), row[3], row[4]), row[5]) if row else None

    def end_session(self, session_id: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", [now, session_id]
        )

    def end_sessions_of(self, username: str, now: datetime) -> None:
        self.cur.execute(
            "UPDATE sessions SET ended_at = ? WHERE username = ? AND ended_at IS NULL", [now, username]
        )
