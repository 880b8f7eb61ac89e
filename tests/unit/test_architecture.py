"""The rules of the code layout, checked so they cannot erode unnoticed."""

import ast
import re
from pathlib import Path

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


def test_the_domain_package_never_imports_streamlit():
    offenders = [p.name for p in python_files("reset_core") if {"streamlit", "streamlit_authenticator"} & imported_modules(p)]
    assert offenders == []


# Besides the store, only the bench's bulk builder speaks SQL: it copies whole tables
# generically from the database's own catalogue, which the app never needs (its
# docstring says why). Anything else in bench/ goes through reset_core like the app.
SQL_OUTSIDE_THE_STORE = ["bench/build.py"]


def test_only_the_store_module_speaks_sql():
    code = [PROJECT / "app.py", PROJECT / "serve.py"]
    for folder in ("reset_core", "pages", "ui", "bench"):
        code += python_files(folder)
    speaking = sorted(
        p.relative_to(PROJECT).as_posix()
        for p in code
        if "duckdb" in imported_modules(p) or re.search(r"\.(execute|executemany|sql|query)\(", p.read_text())
    )
    assert speaking == sorted(["reset_core/store.py", *SQL_OUTSIDE_THE_STORE])


def test_every_page_is_registered_in_the_router():
    router = (PROJECT / "app.py").read_text()
    for page in python_files("pages"):
        assert f'"pages/{page.name}"' in router, page.name


def test_no_page_lets_html_through():
    for path in python_files("pages") + python_files("ui") + [PROJECT / "app.py"]:
        assert "unsafe_allow_html=True" not in path.read_text(), path.name
