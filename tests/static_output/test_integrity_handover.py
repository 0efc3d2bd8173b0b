"""One render per publish (issue 15): the tamper recorder (sites.integrity) takes
the static writer's files instead of rendering the same pages again; its
baseline is the written file, and a change behind the platform's back is still
found."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.signals import template_rendered

from sites.integrity.models import AlarmKind, PublishedHash, TamperAlarm
from sites.integrity.rendering import served_digest
from sites.static_output import storage
from tests.conftest import add_article, column
from tests.sites.integrity.test_tamper_evidence import run_check

from .conftest import run_writer

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer_on_commit(exported, settings):
    """The publishing process writes the files right after its commit."""
    settings.STATIC_PAGES_ON_COMMIT = "inline"
    return exported


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def _publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return _publish


def renders_of(page):
    """Collects each render of ``page``'s own template while the block runs."""
    seen = []

    def on_render(sender, template, context, **kwargs):
        current = context.get("page") if context else None
        if (
            current is not None
            and current.pk == page.pk
            and template.name == page.specific.template
        ):
            seen.append(template.name)

    return seen, on_render


def publish_counting_renders(publish, page) -> int:
    """Publish ``page``; how many times its own template was rendered meanwhile."""
    seen, on_render = renders_of(page)
    template_rendered.connect(on_render)
    try:
        publish(page)
    finally:
        template_rendered.disconnect(on_render)
    return len(seen)


def path_of(site, page):
    return page.url_path[len(site.root_page.url_path) - 1 :]


def test_a_publish_renders_each_page_once_and_records_the_written_file(
    writer_on_commit, cluster, publish
):
    news = column(cluster.edu, "gzdt")
    article = add_article(news, "教育局召开秋季开学工作会议", live=False)
    # The writer rendered it; the recorder did not render it again.
    assert publish_counting_renders(publish, article) == 1

    edu, portal = cluster.edu.hostname, cluster.portal.hostname
    addresses = [
        (edu, path_of(cluster.edu, article)),
        (edu, path_of(cluster.edu, news)),
        (edu, "/"),
        (portal, "/"),
    ]
    for host, path in addresses:
        written = storage.file_for(host, path).read_bytes()
        entry = PublishedHash.objects.get(host=host, path=path)
        assert entry.sha256 == served_digest(200, written), (host, path)
        assert entry.size == len(written)
    assert "秋季开学工作会议" in storage.file_for(*addresses[0]).read_text()
    # The baseline taken from the files equals what the check renders itself.
    assert run_check() == 0
    assert not TamperAlarm.objects.exists()


def test_a_body_changed_behind_the_platform_is_still_alarmed(
    writer_on_commit, cluster, publish
):
    article = publish(
        add_article(
            column(cluster.edu, "gzdt"), "教育局召开秋季开学工作会议", live=False
        )
    )
    evil = '[{"type": "paragraph", "value": "<p>澳门博彩</p>", "id": "x"}]'
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sites_articlepage SET body = %s WHERE page_ptr_id = %s",
            [evil, article.pk],
        )
    cache.clear()
    assert run_check() == 0
    alarm = TamperAlarm.objects.get()
    assert alarm.kind == AlarmKind.CONTENT and alarm.restored
    assert alarm.url == f"//{cluster.edu.hostname}{path_of(cluster.edu, article)}"


def test_without_the_writer_in_time_the_recorder_renders_itself(
    exported, cluster, publish, settings
):
    """The writer is a separate process that has not run (STATIC_PAGES_ON_COMMIT
    off): after the wait the recorder renders, and its hash is of the page."""
    settings.STATIC_PAGES_HANDOVER_WAIT = 0
    news = column(cluster.edu, "gzdt")
    article = add_article(news, "教育局发布秋季学期校历", live=False)
    assert publish_counting_renders(publish, article) == 1  # the recorder's own
    path = path_of(cluster.edu, article)
    assert not storage.file_for(cluster.edu.hostname, path).exists()
    entry = PublishedHash.objects.get(host=cluster.edu.hostname, path=path)
    assert entry.sha256 and entry.revision_id == article.live_revision_id
    run_writer()  # the standing writer catches up; the check reads its files
    assert run_check() == 0
    assert not TamperAlarm.objects.exists()


def test_a_file_the_writer_has_not_rewritten_yet_is_never_the_baseline(
    exported, cluster, publish, settings
):
    """The writer is late (a separate process): the column's file on disk still
    lists the old articles. The recorder renders the column itself, past the
    static files, so its baseline is the new list — what the writer then writes."""
    settings.STATIC_PAGES_HANDOVER_WAIT = 0
    news = column(cluster.edu, "gzdt")
    column_path = path_of(cluster.edu, news)
    stale = storage.file_for(cluster.edu.hostname, column_path).read_bytes()
    publish(add_article(news, "教育局发布秋季学期校历", live=False))
    entry = PublishedHash.objects.get(host=cluster.edu.hostname, path=column_path)
    assert entry.sha256 != served_digest(200, stale)
    run_writer()
    written = storage.file_for(cluster.edu.hostname, column_path).read_bytes()
    assert "秋季学期校历" in written.decode()
    assert entry.sha256 == served_digest(200, written)
