"""A fresh search index per test, on every engine available: the two embedded
engines always, the ``postgres`` engine when the suite runs on PostgreSQL (CI's
second pass: DATABASE_URL=postgres://…)."""

import pytest
from django.conf import settings as django_settings
from haystack import connections

from search.queue import process_pending

ENGINES = {
    "whoosh": "search.backends.whoosh_cn.ChineseWhooshEngine",
    "sqlite": "search.backends.sqlite_fts.SQLiteFTSEngine",
    "postgres": "search.backends.postgres_fts.PostgresFTSEngine",
}
ON_POSTGRES = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]
AVAILABLE = ["whoosh", "sqlite", *(["postgres"] if ON_POSTGRES else [])]


def _point_index(engine: str, directory):
    """Point haystack at a fresh index; returns its path (the table for postgres)."""
    if engine == "postgres":
        connections.connections_info["default"] = {
            "ENGINE": ENGINES[engine],
            "USING": "default",
            "SILENTLY_FAIL": False,
        }
        connections.reload("default")
        return "search_fts_document"
    path = directory / ("whoosh" if engine == "whoosh" else "fts.sqlite3")
    connections.connections_info["default"] = {
        "ENGINE": ENGINES[engine],
        "PATH": str(path),
        "SILENTLY_FAIL": False,
    }
    connections.reload("default")
    return path


def _one_engine(name, request, tmp_path, settings):
    if name == "postgres":
        request.getfixturevalue("db")  # the index lives in the test database
    saved = dict(connections.connections_info["default"])
    settings.SEARCH_WRITER_LOCK = tmp_path / "writer.lock"
    path = _point_index(name, tmp_path)
    # The rebuild path (rebuild_index's clear) is the only one that makes an index.
    connections["default"].get_backend().clear()
    yield name, path
    connections.connections_info["default"] = saved
    connections.reload("default")


@pytest.fixture(params=AVAILABLE)
def engine(request, tmp_path, settings):
    """Every test using it runs on Whoosh, on SQLite FTS5 and, on PostgreSQL, on
    the postgres engine."""
    yield from _one_engine(request.param, request, tmp_path, settings)


@pytest.fixture
def whoosh_only(request, tmp_path, settings):
    yield from _one_engine("whoosh", request, tmp_path, settings)


@pytest.fixture
def sqlite_only(request, tmp_path, settings):
    yield from _one_engine("sqlite", request, tmp_path, settings)


@pytest.fixture
def postgres_only(request, tmp_path, settings):
    if not ON_POSTGRES:
        pytest.skip("the postgres engine needs the suite on PostgreSQL (DATABASE_URL)")
    yield from _one_engine("postgres", request, tmp_path, settings)


def index_now():
    """What happens after a commit: the single writer works the queue off."""
    return process_pending()
