"""The demo database: fictitious cases in every phase, for training cohorts.

Everything here is invented. Names are common Flemish names, not real people.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from . import accounts, services
from .config import DB_FILE, KEY_FILE, Settings, settings
from .database import KIND_DEMO, kind_of, open_store
from .errors import StorageError
from .model import COMMAND_LINE, Party, PartyRole, Phase, Role, User
from .store import Store

DEMO_PASSWORD = "demo-reset"
DEMO_USERS = (
    User("demo", "An Vercammen", Role.FACILITATOR),
    User("demo-2", "Pieter Lemmens", Role.FACILITATOR),
    User("demo-admin", "Greet Huysmans", Role.ADMIN),
)


@dataclass(frozen=True)
class DemoCase:
    facilitator: str
    phase: Phase
    employee: tuple[str, str, str]  # name, job title, department
    manager: tuple[str, str]  # name, role
    sick_leave_days_ago: int


DEMO_CASES = (
    # Shaped like the white paper's case study: a salesperson over 55, a conflict with
    # a colleague and a new IT order system among the causes.
    DemoCase("demo", Phase.PREPARATION, ("Marc Verbeke", "Vertegenwoordiger buitendienst", "Verkoop regio Antwerpen"), ("Katrien De Smet", "Salesmanager"), 150),
    DemoCase("demo", Phase.INTAKE, ("Sofie Claes", "HR-consulente", "Personeelsdienst"), ("Bart Peeters", "HR-manager"), 40),
    DemoCase("demo", Phase.JOINT_DIALOGUE, ("Jeroen Maes", "Projectingenieur", "Engineering"), ("Els Janssens", "Teamleider engineering"), 120),
    DemoCase("demo", Phase.RETURN, ("Lotte Wouters", "Boekhouder", "Financiën"), ("Koen Jacobs", "Financieel directeur"), 200),
    DemoCase("demo", Phase.FOLLOW_UP, ("Ahmed El Amrani", "Magazijnverantwoordelijke", "Logistiek"), ("Tom Willems", "Logistiek manager"), 330),
    DemoCase("demo", Phase.CLOSED, ("Nathalie Goossens", "Medewerker klantendienst", "Klantendienst"), ("Wim Mertens", "Teamcoach"), 480),
    DemoCase("demo-2", Phase.PREPARATION, ("Hanne Vermeulen", "IT-analist", "IT"), ("Dirk Hermans", "IT-manager"), 95),
)


def build_demo(folder: Path, today: date | None = None) -> Settings:
    """(Re)build the demo database in `folder`; refuses a folder holding real data."""
    folder = Path(folder)
    db_file = folder / DB_FILE
    if db_file.exists():
        config = settings(folder)
        store = Store(db_file, config.key)
        try:
            if kind_of(store) != KIND_DEMO:
                raise StorageError("demo.refuses_real_data", path=str(db_file))
        finally:
            store.close()
        for leftover in (db_file, db_file.with_name(DB_FILE + ".wal")):
            leftover.unlink(missing_ok=True)
    elif folder.exists() and any(folder.iterdir()) and not (folder / KEY_FILE).exists():
        raise StorageError("demo.folder_not_empty", path=str(folder))
    config = settings(folder)
    store = open_store(config, kind=KIND_DEMO)
    try:
        fill(store, today or date.today())
    finally:
        store.close()
    return config


def fill(store: Store, today: date) -> None:
    for user in DEMO_USERS:
        accounts.add_user(store, COMMAND_LINE, user.username, user.name, DEMO_PASSWORD, user.role)
    by_name = {u.username: u for u in DEMO_USERS}
    for demo_case in DEMO_CASES:
        name, job, department = demo_case.employee
        manager_name, manager_role = demo_case.manager
        services.open_case(
            store,
            by_name[demo_case.facilitator],
            Party(PartyRole.EMPLOYEE, name, job, department),
            Party(PartyRole.MANAGER, manager_name, manager_role, department),
            today - timedelta(days=demo_case.sick_leave_days_ago),
            phase=demo_case.phase,
            clock=lambda: datetime.combine(today, datetime.now().time()),
        )
