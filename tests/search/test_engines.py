"""Which engine a cluster gets, and what is particular to the postgres engine
(issue #15 items 4 and 5): SQLite FTS5 by default (it meets p99 ≤ 250 ms and
≤ 250 MB per worker at 100,000 documents, Whoosh does not), PostgreSQL full-text
search in the cluster's own database on request."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import add_article, column

from .conftest import ENGINES, ON_POSTGRES, index_now
from .helpers import search, soup

ROOT = Path(__file__).resolve().parents[2]


def _engine_of(tmp_path, **env):
    """The haystack engine the settings give for this environment."""
    environment = {k: v for k, v in os.environ.items() if k != "SEARCH_ENGINE"}
    environment.update(DATA_DIR=str(tmp_path), **env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "from site_cluster.settings import base; "
         "print(base.HAYSTACK_CONNECTIONS['default']['ENGINE'])"],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )  # fmt: skip


def test_the_default_engine_is_sqlite_fts5_and_the_others_are_on_request(tmp_path):
    assert _engine_of(tmp_path).stdout.strip() == ENGINES["sqlite"]
    for name in ("whoosh", "postgres", "sqlite"):
        chosen = _engine_of(tmp_path, SEARCH_ENGINE=name)
        assert chosen.stdout.strip() == ENGINES[name]
    typo = _engine_of(tmp_path, SEARCH_ENGINE="woosh")
    assert typo.returncode != 0 and "SEARCH_ENGINE='woosh'" in typo.stderr


@pytest.mark.skipif(ON_POSTGRES, reason="the other database is PostgreSQL")
def test_postgres_engine_on_another_database_shows_the_notice(
    client, cluster, settings, tmp_path
):
    """SEARCH_ENGINE=postgres on SQLite: the search page says the index is
    unavailable, publishing goes on and the update stays queued."""
    from haystack import connections

    from search.models import IndexTask

    saved = dict(connections.connections_info["default"])
    connections.connections_info["default"] = {"ENGINE": ENGINES["postgres"]}
    connections.reload("default")
    try:
        add_article(column(cluster.edu, "gzdt"), "防灾减灾宣传周活动")
        assert index_now().failed == 1
        assert IndexTask.objects.get().attempts == 1
        response, titles = search(client, cluster.edu, q="防灾减灾")
        assert titles == []
        assert "检索服务暂时不可用" in soup(response).select_one(".notice").get_text()
    finally:
        connections.connections_info["default"] = saved
        connections.reload("default")


@pytest.mark.skipif(not ON_POSTGRES, reason="needs the suite on PostgreSQL")
def test_the_migration_creates_the_postgres_index_tables(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_regclass('search_fts_document'), "
            "to_regclass('search_fts_document_data'), "
            "(SELECT indexdef FROM pg_indexes WHERE indexname = 'search_fts_document_words')"
        )
        table, data, words_index = cursor.fetchone()
    assert table and data
    assert "USING gin (words)" in words_index


def test_postgres_words_keep_positions_and_weights(postgres_only):
    """jieba's words are the lexemes, as they are (the ``simple`` behaviour):
    words in order at their positions (weight A), words found inside longer
    ones at the same position (weight B)."""
    from search.analysis import positioned_tokens
    from search.backends.postgres_fts import tsvector_text

    text = tsvector_text(positioned_tokens("推进社保卡服务"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector::text", [text])
        stored = cursor.fetchone()[0]
    assert "'社保卡':2A" in stored and "'社保':2B" in stored
    assert "'推进':1A" in stored and "'服务':3A" in stored


def test_postgres_ranks_title_matches_first_and_pages(client, cluster, postgres_only):
    parent = column(cluster.edu, "gzdt")
    add_article(parent, "年度工作总结", summary="其中提到营商环境")
    add_article(parent, "营商环境优化行动方案")
    for n in range(12):
        add_article(parent, f"营商环境简报第{n}期")
    index_now()
    _, first = search(client, cluster.edu, q="营商环境")
    assert len(first) == 10 and "年度工作总结" not in first
    _, second = search(client, cluster.edu, q="营商环境", page=2)
    assert len(second) == 4 and not set(first) & set(second)


def test_postgres_writer_lock_holds_across_connections(cluster, postgres_only):
    """One index writer across hosts: while one process holds the lock, any other
    (its own database session) finds it taken and leaves the work queued."""
    from django.db import connections as databases

    from search.queue import writer_lock

    answers = []

    def other_host():
        from search import queue

        try:
            with queue.writer_lock(blocking=False) as acquired:
                answers.append(acquired)
        finally:
            databases.close_all()

    with writer_lock() as mine:
        assert mine
        thread = threading.Thread(target=other_host)
        thread.start()
        thread.join(30)
    assert answers == [False]
    thread = threading.Thread(target=other_host)
    thread.start()
    thread.join(30)
    assert answers == [False, True]
