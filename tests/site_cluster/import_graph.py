"""The project's import graph, read from the source (no module is imported).

Every ``import`` counts, at module level or inside a function: an import moved
into a function to dodge a cycle is still a cycle. Only imports under
``if TYPE_CHECKING:`` are left out, since they never run.

Run as a script to print the cycles: ``python tests/site_cluster/import_graph.py``.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "site_cluster",
    "sites",
    "disclosure",
    "interaction",
    "search",
    "themes",
    "demo",
)
SKIPPED_PARTS = {"migrations", "__pycache__"}


def module_files(root: Path = ROOT, packages: Iterable[str] = PACKAGES):
    """(dotted name, path) for every project module, migrations left out."""
    for package in packages:
        base = root / package
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.py")):
            rel = path.relative_to(root)
            if SKIPPED_PARTS & set(rel.parts):
                continue
            parts = list(rel.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join(parts), path


def _type_checking_block(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imports(tree: ast.AST):
    """Import nodes, skipping ``if TYPE_CHECKING:`` bodies."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if _type_checking_block(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def build_graph(root: Path = ROOT, packages: Iterable[str] = PACKAGES):
    """``{module: {(imported module, line), …}}`` among the project's modules."""
    files = dict(module_files(root, packages))
    known = set(files)
    graph: dict[str, set[tuple[str, int]]] = {name: set() for name in known}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in _imports(tree):
            for target in _targets(node, name, is_package, known):
                if target != name:
                    graph[name].add((target, node.lineno))
    return graph


def _targets(node, name: str, is_package: bool, known: set[str]):
    if isinstance(node, ast.Import):
        for alias in node.names:
            found = _nearest_known(alias.name, known)
            if found:
                yield found
        return
    if node.level:
        base = name.split(".") if is_package else name.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    for alias in node.names:
        submodule = f"{source}.{alias.name}"
        if submodule in known:
            yield submodule
        else:
            found = _nearest_known(source, known)
            if found:
                yield found


def _nearest_known(dotted: str, known: set[str]) -> str | None:
    parts = dotted.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


def cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    edges = {name: sorted({t for t, _ in targets}) for name, targets in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0

    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def describe(graph, component: list[str]) -> str:
    """The edges inside one cycle, with the line of each import."""
    members = set(component)
    lines = [f"cycle of {len(component)} modules:"]
    for name in component:
        for target, line in sorted(graph[name]):
            if target in members:
                lines.append(f"  {name}:{line} -> {target}")
    return "\n".join(lines)


if __name__ == "__main__":
    packages = sys.argv[1:] or PACKAGES
    graph = build_graph(ROOT, packages)
    found = cycles(graph)
    for component in found:
        print(describe(graph, component))
    print(f"{len(found)} cycle(s) among {len(graph)} modules")
    sys.exit(1 if found else 0)
