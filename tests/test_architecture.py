"""The house rules, checked: no import cycle, no Telegram in the engine, small rooms, a docstring on every module.

Read from the source with `ast` (nothing is imported), so a rule broken anywhere fails here with
the file and line, not somewhere downstream. docs/architecture.md explains the rooms.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers")
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
# Files that are data tables rather than logic (allowed past MAX_FILE_LINES).
DATA_TABLES: set[str] = set()
# The composition root: `guichet run` starts the Telegram side, lazily, from the CLI.
ALLOWED_UPWARD = {("bot/cli.py", "handlers.app")}


def modules() -> dict[str, Path]:
    """Dotted module name → file, for every module of bot/ and handlers/."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(path: Path, name: str, *, top_level_only: bool) -> list[tuple[str, int]]:
    """(imported module, line) for every import of `path`; relative imports resolved against `name`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out = []
    for node in nodes:
        if isinstance(node, ast.Import):
            out.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.append((target, node.lineno))
            # "from . import text" imports a module, not a name
            out.extend((f"{target}.{alias.name}", node.lineno) for alias in node.names)
    return out


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_import_cycle_between_modules():
    mods = modules()
    graph = {name: {t for t, _ in imports(path, name, top_level_only=True) if t in mods and t != name}
             for name, path in mods.items()}
    # a package's __init__ re-exporting its own modules is not a cycle of ideas
    for name in graph:
        graph[name] = {t for t in graph[name] if not (name.startswith(t + ".") and t in mods)}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


def test_engine_never_imports_telegram_or_handlers():
    for name, path in modules().items():
        if not name.startswith("bot"):
            continue
        for target, line in imports(path, name, top_level_only=False):
            if (rel(path), target.rpartition(".")[0]) in ALLOWED_UPWARD or (rel(path), target) in ALLOWED_UPWARD:
                continue
            assert not target.startswith(("telegram", "handlers")), f"{rel(path)}:{line}: bot/ imports {target}"


def test_every_module_says_what_it_is_for():
    for path in modules().values():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name == "__init__.py" and not tree.body:
            continue
        doc = ast.get_docstring(tree)
        assert doc and doc.strip(), f"{rel(path)}: no module docstring"


def test_rooms_stay_small():
    problems = []
    for path in modules().values():
        source = path.read_text(encoding="utf-8")
        lines = source.count("\n")
        if lines > MAX_FILE_LINES and rel(path) not in DATA_TABLES:
            problems.append(f"{rel(path)}: {lines} lines (> {MAX_FILE_LINES})")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    problems.append(f"{rel(path)}:{node.lineno}: {node.name}() is {length} lines")
    assert not problems, "\n".join(problems)


def test_no_reference_to_documents_outside_the_repository():
    for path in modules().values():
        text = path.read_text(encoding="utf-8")
        assert "GUIDE §" not in text and "GUIDE.md" not in text, f"{rel(path)} cites a guide that is not in the repository (use docs/)"
