"""The rooms stay as docs/architecture.md draws them: no module uses another module's
private names, and the packages import each other only downwards (the layers themselves
are checked by `lint-imports` in .ci/run; this checks what import-linter does not)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.paths import ROOT

SOURCES = [p for folder in ("src", "tests", "benchmarks", "scripts") for p in (ROOT / folder).rglob("*.py")]


def private_imports(path: Path) -> list[str]:
    """`from alignread.x import _y` and `alignread.x._y` in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("alignread"):
            found += [f"{node.module}.{a.name}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")]
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id == "alignread":
                found.append(ast.unparse(node))
    return found


def test_the_sources_are_found():
    names = {p.name for p in SOURCES}
    assert {"model.py", "cli.py", "reader.py", "test_architecture.py"} <= names


def test_no_module_imports_another_modules_private_names():
    problems = {str(p.relative_to(ROOT)): found for p in SOURCES if (found := private_imports(p))}
    assert problems == {}


def test_a_private_import_is_caught(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from alignread.store.pairfile import _kind\nimport alignread.core.model\nalignread.core.model._x\n")
    assert private_imports(bad) == ["alignread.store.pairfile._kind", "alignread.core.model._x"]
