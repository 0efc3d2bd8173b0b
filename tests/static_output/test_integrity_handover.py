"""One render per publish, and no waiting in the publishing request (issue 15):
the publish marks the tamper recorder's addresses pending in its transaction,
the static writer records what it renders (sites/static_output/handover.py);
its baseline is the written file, a stale file is never one, and a change
behind the platform's back is still found."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.signals import template_rendered

from sites.integrity.models import AlarmKind, PublishedHash, TamperAlarm
from sites.integrity.rendering import served_digest
from sites.models import ArticlePage
from sites.static_output import storage
from sites.static_output.models import StaticPageTask
from sites.static_output.queue import process_pending
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


def test_the_publish_waits_for_no_writer_and_renders_nothing_itself(
    exported, cluster, publish
):
    """The writer is a separate process that has not run yet
    (STATIC_PAGES_ON_COMMIT off): the publish returns at once without rendering
    the page, its addresses wait pending; the writer then records its files."""
    news = column(cluster.edu, "gzdt")
    article = add_article(news, "教育局发布秋季学期校历", live=False)
    # Before, the request waited up to 3 s for the writer, then rendered.
    assert publish_counting_renders(publish, article) == 0
    edu, portal = cluster.edu.hostname, cluster.portal.hostname
    addresses = [
        (edu, path_of(cluster.edu, article)),
        (edu, path_of(cluster.edu, news)),
        (edu, "/"),
        (portal, "/"),
    ]
    for host, path in addresses:
        entry = PublishedHash.objects.get(host=host, path=path)
        assert entry.sha256 == "" and entry.content == {}, (host, path)
    assert not storage.file_for(*addresses[0]).exists()

    run_writer()  # the standing writer: one render per page, and the baseline
    for host, path in addresses:
        written = storage.file_for(host, path).read_bytes()
        entry = PublishedHash.objects.get(host=host, path=path)
        assert entry.sha256 == served_digest(200, written), (host, path)
        assert entry.content_sha256 and not entry.stale
        assert entry.signature == entry.expected_signature()
    entry = PublishedHash.objects.get(host=edu, path=addresses[0][1])
    assert entry.revision_id == ArticlePage.objects.get(pk=article.pk).live_revision_id
    assert run_check() == 0
    assert not TamperAlarm.objects.exists()


def test_a_file_the_writer_has_not_rewritten_yet_is_never_the_baseline(
    exported, cluster, publish
):
    """The writer is late: the column's file on disk still lists the old
    articles. The check that runs before the writer renders the column itself,
    past the static files, so its baseline is the new list — what the writer
    then writes (and, the address no longer pending, does not record again)."""
    news = column(cluster.edu, "gzdt")
    column_path = path_of(cluster.edu, news)
    stale = storage.file_for(cluster.edu.hostname, column_path).read_bytes()
    publish(add_article(news, "教育局发布秋季学期校历", live=False))
    entry = PublishedHash.objects.get(host=cluster.edu.hostname, path=column_path)
    assert entry.sha256 == ""  # pending: nothing recorded from the old file
    assert run_check() == 0
    entry.refresh_from_db()
    assert entry.sha256 and entry.sha256 != served_digest(200, stale)
    run_writer()
    written = storage.file_for(cluster.edu.hostname, column_path).read_bytes()
    assert "秋季学期校历" in written.decode()
    assert entry.sha256 == served_digest(200, written)
    assert not TamperAlarm.objects.exists()


def test_a_rendering_begun_before_a_later_publish_is_not_its_baseline(
    exported, cluster, publish
):
    """The writer reads the pending marks of a batch, then renders. A second
    publish commits while it renders the article (its rendering may predate
    that commit): the compare-and-set on the mark refuses the recording, the
    address stays pending and the writer's next pass records the new page."""
    news = column(cluster.edu, "gzdt")
    article = publish(add_article(news, "第一次签发的标题", live=False))
    host, path = cluster.edu.hostname, path_of(cluster.edu, article)
    second = {"done": False}

    def publish_meanwhile(sender, template, context, **kwargs):
        current = context.get("page") if context else None
        if second["done"] or current is None or current.pk != article.pk:
            return
        second["done"] = True
        page = ArticlePage.objects.get(pk=article.pk)
        page.title = "第二次签发的标题"
        publish(page)

    template_rendered.connect(publish_meanwhile)
    try:
        outcome = process_pending(limit=1)  # the article only (it goes first)
    finally:
        template_rendered.disconnect(publish_meanwhile)
    assert second["done"] and outcome.failed == 0
    entry = PublishedHash.objects.get(host=host, path=path)
    assert entry.sha256 == ""  # not the rendering that began before
    run_writer()
    entry.refresh_from_db()
    written = storage.file_for(host, path).read_bytes()
    assert "第二次签发的标题" in written.decode()
    assert entry.sha256 == served_digest(200, written)
    assert run_check() == 0
    assert not TamperAlarm.objects.exists()


def test_a_mark_forged_in_the_database_is_not_recorded_by_the_writer(
    exported, cluster, publish
):
    """Blanking a record's hash behind the platform (to have a tampered page
    taken as the baseline) breaks its signature: the writer leaves it alone."""
    news = column(cluster.edu, "gzdt")
    article = publish(add_article(news, "教育局召开秋季开学工作会议", live=False))
    run_writer()
    host, path = cluster.edu.hostname, path_of(cluster.edu, article)
    PublishedHash.objects.filter(host=host, path=path).update(sha256="")
    StaticPageTask.objects.create(hostname=host, port=80, path=path)
    run_writer()
    assert PublishedHash.objects.get(host=host, path=path).sha256 == ""
