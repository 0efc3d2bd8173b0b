"""Bad queries, a failing or corrupt index, the single writer (issue #6)."""

import shutil

import pytest
from django.core.management import call_command

from search.models import IndexTask
from search.queue import process_pending, writer_lock
from tests.conftest import add_article, column

from .conftest import index_now
from .helpers import search, soup

BAD_QUERIES = [
    "",
    "   ",
    "字" * 10_000,
    '"社保',
    '社保"卡""',
    "AND(",
    "AND",
    "OR NOT",
    "*",
    "?",
    "field:",
    "title:社保",
    "site_ids:1",
    "\x00\x07控制",
    "\u200b\u200e",
    "😀🏛️",
    "𠮷野家",
    "社保~2",
    "[2020 TO 2026]",
    "{} () [] <> \\ / ^ ~ : ! & |",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "ｓｏｃｉａｌ　ＡＮＤ",
    "社" * 100,
    "1" * 18,
]


def _sql(statement):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement)


@pytest.mark.parametrize("typed", BAD_QUERIES)
def test_bad_queries_give_a_page_never_a_500(client, cluster, whoosh_only, typed):
    add_article(column(cluster.edu, "gzdt"), "社保卡服务指南")
    index_now()
    for scope in ("site", "all"):
        response = client.get(
            "/search/", {"q": typed, "scope": scope}, HTTP_HOST=cluster.edu.hostname
        )
        assert response.status_code in (200, 400), typed
        assert "<h1>" in response.content.decode()
        assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("typed", [*BAD_QUERIES, "a'b", "\\'", "社保 !", "<->", ":*"])
def test_bad_queries_reach_no_tsquery_syntax(client, cluster, postgres_only, typed):
    """The postgres engine builds its tsquery from words only: quotes, operators
    and prefixes typed by a visitor are never tsquery syntax."""
    add_article(column(cluster.edu, "gzdt"), "社保卡服务指南")
    index_now()
    for scope in ("site", "all"):
        response = client.get(
            "/search/", {"q": typed, "scope": scope}, HTTP_HOST=cluster.edu.hostname
        )
        assert response.status_code in (200, 400), typed
        assert "检索服务暂时不可用" not in response.content.decode(), typed
    assert search(client, cluster.edu, q="社保 !")[1] == ["社保卡服务指南"]


@pytest.mark.parametrize("typed", ["AND(", "*", "field:", '"社保', "😀", "𠮷", "\x01"])
def test_bad_queries_on_every_engine(client, cluster, engine, typed):
    add_article(column(cluster.edu, "gzdt"), "社保卡服务指南")
    index_now()
    response = client.get("/search/", {"q": typed}, HTTP_HOST=cluster.edu.hostname)
    assert response.status_code in (200, 400)


def test_too_long_and_control_characters_are_explained(client, cluster, whoosh_only):
    response, _ = search(client, cluster.edu, expect=400, q="字" * 101)
    assert "搜索词不能超过100个字" in response.content.decode()
    response, _ = search(client, cluster.edu, expect=400, q="a\x00b")
    assert "无效字符" in response.content.decode()
    response, _ = search(client, cluster.edu, q="*&^")
    assert "请输入要查找的词语" in response.content.decode()


def test_missing_or_corrupt_index_shows_a_notice_and_rebuild_repairs(
    client, cluster, engine
):
    name, path = engine
    add_article(column(cluster.edu, "gzdt"), "防灾减灾宣传周活动")
    index_now()
    assert search(client, cluster.edu, q="防灾减灾")[1] == ["防灾减灾宣传周活动"]

    from haystack import connections

    connections.reload("default")  # a web process that starts now
    if name == "postgres":
        _sql(f"ALTER TABLE {path} DROP COLUMN words")  # a damaged table
    elif name == "whoosh":
        for segment in path.iterdir():
            segment.write_bytes(b"\x00garbage")
    else:
        path.write_bytes(b"not a database" * 100)
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    response, titles = search(client, cluster.edu, q="防灾减灾")
    notice = soup(response).select_one(".notice")
    assert notice and "检索服务暂时不可用" in notice.get_text()
    # Publishing goes on: the update waits in the queue.
    add_article(column(cluster.edu, "gzdt"), "防灾减灾知识竞赛")
    process_pending()
    assert IndexTask.objects.filter(attempts=1).exists()

    call_command("rebuild_index", interactive=False, verbosity=0)
    connections.reload("default")
    assert sorted(search(client, cluster.edu, q="防灾减灾")[1]) == [
        "防灾减灾宣传周活动",
        "防灾减灾知识竞赛",
    ]

    if name == "postgres":
        _sql(f"DROP TABLE {path}_data, {path}")
    elif name == "whoosh":
        shutil.rmtree(path)
    else:
        path.unlink()
    connections.reload("default")
    response, _ = search(client, cluster.edu, q="防灾减灾")
    assert "检索服务暂时不可用" in response.content.decode()


def test_failed_updates_stay_queued_and_are_retried(client, cluster, engine, settings):
    name, path = engine
    from haystack import connections

    # The index location becomes unusable (a file where the index should be; a
    # schema that does not exist).
    connections.reload("default")
    info = connections.connections_info["default"]
    key = "TABLE" if name == "postgres" else "PATH"
    good_path = info.get(key, path)
    if name == "postgres":
        info[key] = "no_such_schema.search_fts_document"
    else:
        blocked = path.parent / "blocked"
        blocked.write_text("x")
        info[key] = str(blocked / "index")
    connections.reload("default")

    article = add_article(column(cluster.edu, "gzdt"), "森林草原防火紧急通知")
    outcome = process_pending()
    assert outcome.failed == 1
    task = IndexTask.objects.get()
    assert task.attempts == 1 and task.last_error
    assert article.live  # publishing was not held up

    info[key] = good_path
    connections.reload("default")
    call_command("process_search_queue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not IndexTask.objects.exists()
    assert search(client, cluster.edu, q="防火")[1] == ["森林草原防火紧急通知"]


def test_one_writer_at_a_time(cluster, whoosh_only):
    add_article(column(cluster.edu, "gzdt"), "排队等待写入的文章")
    with writer_lock() as mine:
        assert mine
        # Another process (non-blocking, as after a commit) finds the lock held
        # and leaves the work queued instead of waiting on Whoosh's lock.
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        result = ctx.Queue()

        def other():
            from search import queue

            queue._held.depth = 0  # a forked copy: it holds no lock of its own
            with queue.writer_lock(blocking=False) as got:
                result.put(got)

        child = ctx.Process(target=other)
        child.start()
        child.join(10)
        assert result.get(timeout=5) is False
    assert IndexTask.objects.count() == 1
    process_pending()
    assert IndexTask.objects.count() == 0


def test_sqlite_index_of_an_older_layout_asks_for_a_rebuild(
    client, cluster, sqlite_only
):
    """An index file written by an earlier release is reported, not misread."""
    import sqlite3

    _, path = sqlite_only
    from haystack import connections

    add_article(column(cluster.edu, "gzdt"), "防灾减灾宣传周活动")
    index_now()
    connections["default"].get_backend().close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 1")
    connections.reload("default")
    response, titles = search(client, cluster.edu, q="防灾减灾")
    assert titles == []
    assert "检索服务暂时不可用" in soup(response).select_one(".notice").get_text()

    call_command("rebuild_index", interactive=False, verbosity=0)
    connections.reload("default")
    assert search(client, cluster.edu, q="防灾减灾")[1] == ["防灾减灾宣传周活动"]


def _delete_index(name, path):
    if name == "postgres":
        _sql(f"DROP TABLE {path}_data, {path}")
    elif name == "whoosh":
        shutil.rmtree(path)
    else:
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)


def test_a_deleted_index_stays_reported_until_rebuilt(
    client, cluster, engine, django_capture_on_commit_callbacks
):
    """Issue 16 item 4: an update never makes a new index holding only itself."""
    from haystack import connections

    name, path = engine
    parent = column(cluster.edu, "gzdt")
    titles = ["防汛抗旱应急预案", "防汛抗旱物资储备", "防汛抗旱值班安排"]
    with django_capture_on_commit_callbacks(execute=True):
        for title in titles:
            add_article(parent, title)
    assert sorted(search(client, cluster.edu, q="防汛抗旱")[1]) == sorted(titles)

    _delete_index(name, path)
    response, _ = search(client, cluster.edu, q="防汛抗旱")
    assert "检索服务暂时不可用" in response.content.decode()

    # Publishing goes on; the update stays queued and makes no index of its own.
    with django_capture_on_commit_callbacks(execute=True):
        late = add_article(parent, "防汛抗旱知识问答")
    assert IndexTask.objects.filter(object_pk=str(late.pk)).exists()
    process_pending()
    assert IndexTask.objects.filter(object_pk=str(late.pk)).exists()
    connections.reload("default")  # a web process that starts now
    response, _ = search(client, cluster.edu, q="防汛抗旱")
    assert "检索服务暂时不可用" in response.content.decode()
    if name != "postgres":
        assert not path.exists()

    call_command("rebuild_index", interactive=False, verbosity=0)
    response, found = search(client, cluster.edu, q="防汛抗旱")
    assert "检索服务暂时不可用" not in response.content.decode()
    assert sorted(found) == sorted([*titles, "防汛抗旱知识问答"])
