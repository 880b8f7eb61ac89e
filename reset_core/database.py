"""Opening, initialising, backing up and restoring the data folder's database."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from . import phases
from .accounts import require_admin
from .config import DB_FILE, Settings, settings
from .errors import StorageError
from .model import User
from .storage import Store, private_folder

KIND_LIVE = "live"
KIND_DEMO = "demo"


def open_store(config: Settings | None = None, kind: str = KIND_LIVE) -> Store:
    """Open (and on first use create) the database; a new database is marked `kind`."""
    config = config or settings()
    store = Store(config.db_path, config.key)
    if 11 in store.migrated:  # phases follow from facts from now on: judge the cases once
        phases.judge_everything(store, datetime.now())
    with store.transaction() as q:
        if q.meta.get("kind") is None:
            q.meta.set("kind", kind)
        if q.meta.get("cookie_key") is None:
            # Signs the login cookie; kept in the encrypted database, never in a file.
            q.meta.set("cookie_key", secrets.token_urlsafe(32))
    return store


def cookie_key(store: Store) -> str:
    with store.read() as q:
        return q.meta.get("cookie_key")


def kind_of(store: Store) -> str:
    # Written once when the database is made and never changed, and asked on every page
    # run (the menu, the login page): read once per open store.
    known = store.memo.setdefault("database", {})
    if "kind" not in known:
        with store.read() as q:
            kind = q.meta.get("kind")
        if kind is None:  # not marked yet: open_store marks it
            return KIND_LIVE
        known["kind"] = kind
    return known["kind"]


def is_demo(store: Store) -> bool:
    return kind_of(store) == KIND_DEMO


def backup(store: Store, target: Path, force: bool = False) -> Path:
    """A consistent, still encrypted copy: written while no write can run."""
    target = Path(target)
    if target.exists() and not force:
        raise StorageError("backup.target_exists", path=str(target))
    private_folder(target.parent)
    tmp = target.with_name(target.name + ".part")
    with store.quiesced() as db_file:
        shutil.copyfile(db_file, tmp)
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)
    return target


def backup_for(store: Store, actor: User, folder: Path, clock=datetime.now) -> Path:
    """An administrator's backup, made by the running app into `folder`."""
    require_admin(actor)
    now = clock()
    target = backup(store, Path(folder) / f"reset-{now:%Y%m%d-%H%M%S}.duckdb")
    with store.transaction() as q:
        q.journal.audit(now, actor.username, None, "backup", target.name)
    return target


def restore(source: Path, config: Settings, force: bool = False) -> None:
    """Put a backup in place of the data folder's database (the app must be stopped)."""
    source = Path(source)
    if not source.is_file():
        raise StorageError("backup.source_missing", path=str(source))
    if config.db_path.exists() and not force:
        raise StorageError("backup.would_overwrite", path=str(config.db_path))
    # Open a scratch copy first: a backup made with another key, or a damaged one,
    # must not replace a database that works.
    with tempfile.TemporaryDirectory() as scratch:
        probe = Path(scratch) / DB_FILE
        shutil.copyfile(source, probe)
        try:
            Store(probe, config.key).close()
        except StorageError as exc:  # name the backup, not the scratch copy
            raise StorageError(exc.key, exc.field, **{**exc.params, "path": str(source)}) from None
    private_folder(config.data_dir)
    tmp = config.db_path.with_name(DB_FILE + ".restoring")
    shutil.copyfile(source, tmp)
    os.chmod(tmp, 0o600)
    wal = config.db_path.with_name(DB_FILE + ".wal")
    if wal.exists():
        wal.unlink()  # a journal of the replaced database must not be replayed on the backup
    os.replace(tmp, config.db_path)
