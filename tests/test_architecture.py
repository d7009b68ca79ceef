"""The shape of the package, checked so that it stays the shape the README describes.

Folders are the product's rooms; only a few modules sit loose in `coach/`; no
module, class or command grows past what a reader can hold at once; every public
exception lives in the one tree in `coach/errors.py`. The import direction is
import-linter's job (`lint-imports`, configured in pyproject.toml).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "coach"
MODULES = sorted(PACKAGE.rglob("*.py"))

MAX_MODULE_LINES = 450
MAX_CLASS_LINES = 250
MAX_COMMAND_LINES = 40

# Loose modules allowed at the top, besides __init__ and __main__.
TOP_MODULES = {"errors.py", "paths.py", "output.py"}
# An exception outside errors.py, and why (errors.py's docstring says the same).
EXCEPTIONS_ELSEWHERE = {"coach/output.py": {"OutputError"}}


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _span(node: ast.AST) -> int:
    end = getattr(node, "end_lineno", None) or node.lineno  # type: ignore[attr-defined]
    return int(end) - int(node.lineno) + 1  # type: ignore[attr-defined]


def test_only_a_few_modules_sit_loose_at_the_top() -> None:
    loose = {p.name for p in PACKAGE.glob("*.py")} - {"__init__.py", "__main__.py"}
    assert loose <= TOP_MODULES, sorted(loose - TOP_MODULES)


def test_every_package_says_what_lives_there_and_what_it_may_import() -> None:
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(_tree(init)) or ""
        assert doc.strip(), f"{_name(init)} has no docstring"
        assert "import" in doc.lower(), f"{_name(init)} does not say what it may import"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_is_over_the_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{_name(path)}: {lines} lines"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_class_is_over_the_limit(path: Path) -> None:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ClassDef):
            assert _span(node) <= MAX_CLASS_LINES, f"{_name(path)}: class {node.name}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "cli").glob("*.py")), ids=_name)
def test_commands_stay_thin(path: Path) -> None:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert _span(node) <= MAX_COMMAND_LINES, f"{_name(path)}: {node.name}()"


def _raises_something(node: ast.ClassDef) -> bool:
    return any(
        (isinstance(base, ast.Name) and (base.id.endswith(("Error", "Exception", "Interrupt"))))
        or (isinstance(base, ast.Attribute) and base.attr.endswith("Error"))
        for base in node.bases
    )


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_public_exceptions_live_in_errors(path: Path) -> None:
    if _name(path) == "coach/errors.py":
        return
    allowed = EXCEPTIONS_ELSEWHERE.get(_name(path), set())
    public = {
        node.name
        for node in _tree(path).body
        if isinstance(node, ast.ClassDef)
        and not node.name.startswith("_")
        and _raises_something(node)
    }
    assert public <= allowed, f"{_name(path)}: {sorted(public - allowed)}"


def test_the_exception_check_would_see_an_exception() -> None:
    found = ast.parse("class Broken(ValueError):\n    pass\n").body[0]
    assert isinstance(found, ast.ClassDef) and _raises_something(found)
