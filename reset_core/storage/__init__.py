"""The only package that speaks SQL. `Store` is the open database and the one entry:
`store.read()` and `store.transaction()` yield the unit of work (`Queries`), which holds
one attribute per aggregate, each a module here (`q.cases.case(...)` is `cases.py`).
Only the storage package and the aggregate's own domain module import a module of it;
`tests/unit/test_architecture.py` checks that."""

from .store import MIGRATIONS, Queries, Store, private_folder

__all__ = ["MIGRATIONS", "Queries", "Store", "private_folder"]
