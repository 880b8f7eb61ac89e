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
MAY_IMPORT = {"reset_core/__main__.py": ("reset_core.demo",), "reset_core/privacy.py": ("reset_core.documents",)}


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


# Besides the store, only the bench's bulk builder speaks SQL: it copies whole tables
# generically from the database's own catalogue, which the app never needs (its
# docstring says why). Anything else in bench/ goes through reset_core like the app.
SQL_OUTSIDE_THE_STORE = ["bench/build.py"]


def test_only_the_store_module_speaks_sql():
    code = [PROJECT / "app.py", PROJECT / "serve.py"]
    for folder in ("reset_core", "views", "ui", "bench"):
        code += python_files(folder)
    speaking = sorted(
        p.relative_to(PROJECT).as_posix()
        for p in code
        if "duckdb" in imported_modules(p) or re.search(r"\.(execute|executemany|sql|query)\(", p.read_text())
    )
    assert speaking == sorted(["reset_core/store.py", *SQL_OUTSIDE_THE_STORE])


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
