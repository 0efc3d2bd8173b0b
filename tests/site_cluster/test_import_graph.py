"""No import cycle among the project's modules, and the core imports no module.

The graph is read from the source by ``import_graph`` (every import counts, in
functions too), so an import moved into a function to dodge a cycle still fails.
"""

import textwrap

import pytest

from . import import_graph


@pytest.mark.parametrize(
    "packages",
    [
        pytest.param(("sites",), id="sites"),
        pytest.param(("interaction",), id="interaction"),
        pytest.param(("search",), id="search"),
        pytest.param(("site_cluster",), id="site_cluster"),
        pytest.param(("themes",), id="themes"),
        pytest.param(("disclosure",), id="disclosure"),
        pytest.param(("demo",), id="demo"),
        pytest.param(import_graph.PACKAGES, id="whole project"),
    ],
)
def test_no_import_cycle(packages):
    graph = import_graph.build_graph(import_graph.ROOT, packages)
    assert graph, "the scanner found no module: wrong root?"
    found = import_graph.cycles(graph)
    assert not found, "\n".join(import_graph.describe(graph, c) for c in found)


def test_the_core_imports_no_module():
    """``sites`` plugs modules in through its extension points, never by import."""
    graph = import_graph.build_graph()
    modules = ("disclosure", "interaction", "search")
    wrong = sorted(
        f"{name}:{line} -> {target}"
        for name, targets in graph.items()
        if name.split(".")[0] == "sites"
        for target, line in targets
        if target.split(".")[0] in modules
    )
    assert not wrong, "\n".join(wrong)


# --- The scanner itself, on a small tree ------------------------------------


def _tree(root, files: dict[str, str]):
    for relative, source in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    return import_graph.build_graph(root, ("pkg",))


def _edges(graph, name):
    return {target for target, _line in graph[name]}


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/models.py": """
                def context():
                    from pkg.services import helper
                    return helper()
            """,
            "pkg/services.py": "from pkg.models import context\n",
        },
    )
    assert import_graph.cycles(graph) == [["pkg.models", "pkg.services"]]


def test_an_import_under_type_checking_is_left_out(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/models.py": """
                from typing import TYPE_CHECKING
                import typing

                if TYPE_CHECKING:
                    from pkg.services import helper
                if typing.TYPE_CHECKING:
                    from pkg import services
                else:
                    from pkg import other
            """,
            "pkg/services.py": "from pkg.models import x\n",
            "pkg/other.py": "",
        },
    )
    assert _edges(graph, "pkg.models") == {"pkg.other"}
    assert import_graph.cycles(graph) == []


def test_relative_imports_resolve(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "",
            "pkg/b.py": "",
            "pkg/z.py": "",
            "pkg/sub/__init__.py": "from . import inner\n",
            "pkg/sub/inner.py": "",
            "pkg/sub/user.py": """
                from . import inner
                from .inner import thing
                from ..a import y
                from .. import b
                from ..z import *
            """,
        },
    )
    assert _edges(graph, "pkg.sub") == {"pkg.sub.inner"}
    assert _edges(graph, "pkg.sub.user") == {
        "pkg.sub.inner",
        "pkg.a",
        "pkg.b",
        "pkg.z",
    }


def test_a_name_re_exported_by_a_package_init_counts(tmp_path):
    """``from pkg.models import Page`` runs ``pkg/models/__init__.py``, which
    imports the module that imports back: a cycle."""
    graph = _tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/models/__init__.py": "from .pages import Page\n",
            "pkg/models/pages.py": "import pkg.navigation\n",
            "pkg/navigation.py": "from pkg.models import Page\n",
        },
    )
    assert _edges(graph, "pkg.navigation") == {"pkg.models"}
    assert import_graph.cycles(graph) == [
        ["pkg.models", "pkg.models.pages", "pkg.navigation"]
    ]


def test_imports_of_outside_modules_are_not_edges(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "import os\nfrom django.db import models\n",
        },
    )
    assert _edges(graph, "pkg.a") == set()
