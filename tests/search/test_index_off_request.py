"""Index updates leave the publishing request (issue 16 item 3): the publish
returns with the update still queued, a background thread (or the worker) does
it afterwards, a busy writer lock is waited for rather than left to cron, and a
citizen's submission writes nothing to the queue."""

import time

import pytest

from search.models import IndexTask
from search.queue import writer_lock
from tests.conftest import add_article, column
from tests.interaction.helpers import write_letter

from .helpers import search

TITLE = "草原防火期野外用火管理通告"


def _found_within(client, site, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if search(client, site, q="野外用火")[1] == [TITLE]:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_publish_returns_before_the_index_and_a_busy_writer_is_waited_for(
    client, cluster, sqlite_only, settings
):
    settings.SEARCH_QUEUE_ON_COMMIT = "thread"  # the embedded default
    parent = column(cluster.edu, "gzdt")
    with writer_lock():  # another writer (a rebuild, the worker) holds the index
        started = time.monotonic()
        add_article(parent, TITLE)  # published and committed
        assert time.monotonic() - started < 5
        assert IndexTask.objects.filter(model="sites.articlepage").exists()
        assert search(client, cluster.edu, q="野外用火")[1] == []
        time.sleep(1)
        # Still queued, not given up: it waits for the writer lock.
        assert IndexTask.objects.filter(model="sites.articlepage").exists()
    # Found within seconds of the lock's release, without cron or a second publish.
    assert _found_within(client, cluster.edu, 5)
    deadline = time.monotonic() + 5
    while IndexTask.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not IndexTask.objects.exists()


def test_the_worker_mode_leaves_the_queue_to_the_worker(
    client, cluster, sqlite_only, settings, django_capture_on_commit_callbacks
):
    settings.SEARCH_QUEUE_ON_COMMIT = "worker"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        add_article(column(cluster.edu, "gzdt"), TITLE)
    assert not any("kick" in repr(c) for c in callbacks)
    assert search(client, cluster.edu, q="野外用火")[1] == []
    from django.core.management import call_command

    call_command("process_search_queue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert search(client, cluster.edu, q="野外用火")[1] == [TITLE]


def test_a_letter_submission_writes_nothing_to_the_index_queue(client, cluster):
    assert write_letter(client).status_code == 302
    assert not IndexTask.objects.exists()
