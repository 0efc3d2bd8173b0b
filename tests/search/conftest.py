"""A fresh search index per test, on each backend where it is cheap."""

import pytest
from haystack import connections

from search.queue import process_pending

ENGINES = {
    "whoosh": "search.backends.whoosh_cn.ChineseWhooshEngine",
    "sqlite": "search.backends.sqlite_fts.SQLiteFTSEngine",
}


def _point_index(engine: str, directory):
    path = directory / ("whoosh" if engine == "whoosh" else "fts.sqlite3")
    connections.connections_info["default"] = {
        "ENGINE": ENGINES[engine],
        "PATH": str(path),
        "SILENTLY_FAIL": False,
    }
    connections.reload("default")
    return path


@pytest.fixture(params=["whoosh", "sqlite"])
def engine(request, tmp_path, settings):
    """Every test using it runs once on Whoosh and once on SQLite FTS5."""
    saved = dict(connections.connections_info["default"])
    settings.SEARCH_WRITER_LOCK = tmp_path / "writer.lock"
    path = _point_index(request.param, tmp_path)
    backend = connections["default"].get_backend()
    backend.clear()
    yield request.param, path
    connections.connections_info["default"] = saved
    connections.reload("default")


def _one_engine(name, tmp_path, settings):
    saved = dict(connections.connections_info["default"])
    settings.SEARCH_WRITER_LOCK = tmp_path / "writer.lock"
    path = _point_index(name, tmp_path)
    connections["default"].get_backend().clear()
    yield name, path
    connections.connections_info["default"] = saved
    connections.reload("default")


@pytest.fixture
def whoosh_only(tmp_path, settings):
    yield from _one_engine("whoosh", tmp_path, settings)


@pytest.fixture
def sqlite_only(tmp_path, settings):
    yield from _one_engine("sqlite", tmp_path, settings)


def index_now():
    """What happens after a commit: the single writer works the queue off."""
    return process_pending()
