"""The parts of the package import each other in one direction only.

A part is a subpackage (`emigre.rules`, `emigre.knowledge`, `emigre.web`, ...) or a top-level
module (`emigre.profile`, `emigre.money`, ...). Only imports that run when a module is imported
count: module level, including inside `if`/`try`, but not under `if TYPE_CHECKING:` (annotations
only) and not inside functions (deferred to keep the CLI start-up fast). A cycle between parts
means neither can be understood, tested or changed alone; shared types belong in `emigre.base`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import emigre.cli

PACKAGE = Path(emigre.cli.__file__).parent


def _module(path: Path) -> str:
    parts = ["emigre", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _part(module: str) -> str:
    names = module.split(".")
    return ".".join(names[:2])


def _imports(path: Path) -> list[tuple[str, int]]:
    """(module imported, line) for each import that runs when `path` is imported."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                found.extend((a.name, node.lineno) for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    name = ".".join([*base, node.module] if node.module else base)
                else:
                    name = node.module or ""
                found.append((name, node.lineno))
            elif isinstance(node, ast.If):
                if "TYPE_CHECKING" not in ast.unparse(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


def part_graph() -> dict[str, dict[str, list[str]]]:
    """part -> part it imports -> the lines that do it ("emigre/x/y.py:12 imports emigre.z")."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = _part(_module(path))
        for name, line in _imports(path):
            if name != "emigre" and not name.startswith("emigre."):
                continue
            target = _part(name)
            if target != source and target != "emigre":
                where = f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}"
                graph.setdefault(source, {}).setdefault(target, []).append(where)
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """The strongly connected groups of more than one part (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycle_between_parts_of_the_package() -> None:
    graph = part_graph()
    found = cycles(graph)
    lines = []
    for group in found:
        lines.append(" <-> ".join(group))
        for a in group:
            for b in group:
                lines.extend(f"    {w}" for w in graph.get(a, {}).get(b, [])[:3])
    assert not found, (
        "import cycles between parts (move shared types to emigre.base):\n" + "\n".join(lines)
    )


def test_the_check_sees_a_cycle_and_the_real_graph() -> None:
    """The check can fail: a made-up cycle is found, and the real graph has the known edges."""
    assert cycles({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b": []}, "b": {}}) == []
    graph = part_graph()
    assert "emigre.rules" in graph["emigre.knowledge"], "routes are made of conditions"
    assert "emigre.base" in graph["emigre.rules"]
    assert "emigre.knowledge" not in graph["emigre.rules"]
