"""The core's hooks are declared in one module (issue 19 item 4).

Scans the project's source for ``hooks.register("cluster_…")`` and
``hooks.get_hooks("cluster_…")`` and checks both against
``sites.extension_points``: a module cannot plug into an undeclared hook, and a
declared hook must still be called by the core (so the declaration cannot rot).
"""

import ast
from pathlib import Path

from wagtail import hooks

from sites import extension_points
from sites.extension_points import EXTENSION_POINTS

ROOT = Path(__file__).resolve().parents[2]
# ``demo`` too: it calls the modules' demo builders directly and may neither
# register nor call a cluster hook.
APPS = ("sites", "disclosure", "interaction", "search", "site_cluster", "demo")


def _hook_name(node: ast.Call, attribute: str) -> str | None:
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == attribute):
        return None
    if not node.args:
        return None
    first = node.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    # extension_points.COLUMN_LINKS or a bare imported constant
    name = first.attr if isinstance(first, ast.Attribute) else getattr(first, "id", "")
    value = getattr(extension_points, name, None)
    return value if isinstance(value, str) else None


def hook_uses(source: str) -> tuple[set[str], set[str]]:
    """(registered, called) cluster_* hook names in one module's source."""
    registered, called = set(), set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        for attribute, found in (("register", registered), ("get_hooks", called)):
            name = _hook_name(node, attribute)
            if name and name.startswith("cluster_"):
                found.add(name)
    return registered, called


def _project_uses():
    registered, called_by_core = {}, set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            reg, called = hook_uses(path.read_text(encoding="utf-8"))
            for name in reg:
                registered.setdefault(name, []).append(str(path.relative_to(ROOT)))
            if app == "sites":
                called_by_core |= called
            elif called:
                raise AssertionError(f"{path}: only the core calls cluster_* hooks")
    return registered, called_by_core


def test_every_registered_and_called_hook_is_declared():
    registered, called = _project_uses()
    undeclared = (set(registered) | called) - set(EXTENSION_POINTS)
    assert not undeclared, f"undeclared cluster hooks: {sorted(undeclared)}"


def test_every_declared_hook_is_still_called_by_the_core():
    _, called = _project_uses()
    assert set(EXTENSION_POINTS) == called


def test_each_declaration_says_how_to_use_it():
    for name, point in EXTENSION_POINTS.items():
        assert point.name == name and name.startswith("cluster_")
        assert point.called_with.startswith("(") and point.returns and point.when


def test_the_modules_really_register_through_wagtail():
    # What the scan found is what Wagtail loaded: every module's contribution
    # to e.g. the compliance checks is registered once the apps are ready.
    registered, _ = _project_uses()
    for name in registered:
        assert hooks.get_hooks(name), name


def test_the_scan_sees_undeclared_and_declared_shapes():
    source = (
        "from wagtail import hooks\n"
        "from sites import extension_points\n"
        "@hooks.register('cluster_made_up')\n"
        "def a(): pass\n"
        "@hooks.register(extension_points.COLUMN_LINKS)\n"
        "def b(column, request): return []\n"
        "hooks.get_hooks('cluster_other')\n"
        "hooks.register('construct_main_menu')\n"
    )
    registered, called = hook_uses(source)
    assert registered == {"cluster_made_up", "cluster_column_links"}
    assert called == {"cluster_other"}
    assert "cluster_made_up" not in EXTENSION_POINTS
