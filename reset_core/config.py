"""Where the data lives and which key opens it.

The key is looked up in this order: $RESET_DB_KEY, `db_key` in
.streamlit/secrets.toml, a key file in the data folder. Only when none exists and
there is no database yet, a new key file is written (owner-only permissions).
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import StorageError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DB_FILE = "reset.duckdb"
KEY_FILE = "reset.key"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    key: str

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILE


def data_dir() -> Path:
    return Path(os.environ.get("RESET_DATA_DIR") or PROJECT_ROOT / "data").resolve()


def _key_from_secrets(path: Path) -> str | None:
    if not path.is_file():
        return None
    with path.open("rb") as f:
        secrets_toml = tomllib.load(f)
    return secrets_toml.get("db_key") or secrets_toml.get("RESET_DB_KEY")


def resolve_key(folder: Path, secrets_path: Path | None = None) -> str:
    key = os.environ.get("RESET_DB_KEY") or _key_from_secrets(
        secrets_path or PROJECT_ROOT / ".streamlit" / "secrets.toml"
    )
    if key:
        return key
    key_file = folder / KEY_FILE
    if key_file.is_file():
        return key_file.read_text().strip()
    if (folder / DB_FILE).exists():
        raise StorageError("storage.key_missing", path=str(folder / DB_FILE))
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # like the key inside it: the owner's only
    key = secrets.token_urlsafe(32)
    # O_EXCL: two processes starting at once must not write two different keys.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return key


def settings(folder: Path | None = None) -> Settings:
    folder = folder or data_dir()
    return Settings(data_dir=folder, key=resolve_key(folder))
