"""防篡改 (R77; issue 13 item 3): hashes recorded at publish, a change behind the
platform's back raises a red alarm within one run of check_integrity, is audited
and the true content restored; legitimate publishing raises nothing."""

import hashlib
import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from wagtail.documents import get_document_model

from sites.integrity import expected_hashes
from sites.integrity.models import AlarmKind, Kind, PublishedHash, TamperAlarm
from sites.models import ArticleAttachment, AuditEvent
from sites.services.roles import SUPERVISOR, ensure_cluster_groups

from ...conftest import add_article, column

pytestmark = pytest.mark.django_db
EDU_HOST = "jyj.bj.example.gov.cn"
PORTAL_HOST = "www.bj.example.gov.cn"
DOCUMENT_BYTES = "关于2026年秋季学期开学工作的通知（正式文件）".encode()


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page's latest content as a revision, running the after-commit work."""

    def _publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return page

    return _publish


@pytest.fixture
def published(cluster, publish):
    news = column(cluster.edu, "gzdt")
    article = add_article(news, "教育局召开秋季开学工作会议")
    document = get_document_model().objects.create(
        title="开学工作通知", file=ContentFile(DOCUMENT_BYTES, name="kaixue.pdf")
    )
    ArticleAttachment.objects.create(page=article, document=document)
    publish(article)
    article.refresh_from_db()
    return article, document


def served(host, path):
    response = Client().get(path, HTTP_HOST=host)
    return response.status_code, response.content


def run_check():
    try:
        call_command("check_integrity")
    except SystemExit as exit_:
        return exit_.code
    return 0


def test_a_publish_records_the_page_its_column_the_homes_and_its_files(
    cluster, published
):
    article, document = published
    path = article.url_path[len(cluster.edu.root_page.url_path) - 1 :]
    hashes = expected_hashes()
    status, body = served(EDU_HOST, path)
    assert status == 200
    assert hashes[(EDU_HOST, path)] == hashlib.sha256(body).hexdigest()
    assert (EDU_HOST, "/gzdt/") in hashes
    assert (EDU_HOST, "/") in hashes
    assert (PORTAL_HOST, "/") in hashes  # the portal lists its members' news
    assert hashes[("", document.url)] == hashlib.sha256(DOCUMENT_BYTES).hexdigest()
    entry = PublishedHash.objects.get(host=EDU_HOST, path=path)
    assert entry.revision_id == article.live_revision_id and entry.kind == Kind.PAGE


def test_legitimate_publishing_raises_no_alarm(cluster, published, publish):
    article, _document = published
    # Another article in the same column, and a new version of the first one.
    publish(add_article(column(cluster.edu, "gzdt"), "第二篇：开学安全检查"))
    article.title = "教育局召开秋季开学工作会议（更新）"
    publish(article)
    assert run_check() == 0
    assert not TamperAlarm.objects.exists()


def test_a_body_changed_by_sql_behind_the_platform_is_alarmed_and_restored(
    cluster, published, client, make_user, site_user
):
    article, _document = published
    path = article.url_path[len(cluster.edu.root_page.url_path) - 1 :]
    _status, original = served(EDU_HOST, path)
    evil = '[{"type": "paragraph", "value": "<p>澳门博彩<script src=//evil.example></script></p>", "id": "x"}]'
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sites_articlepage SET body = %s WHERE page_ptr_id = %s",
            [evil, article.pk],
        )
    cache.clear()  # as visitors see it once the cached copy expires
    assert "澳门博彩" in Client().get(path, HTTP_HOST=EDU_HOST).content.decode()

    assert run_check() == 0  # one run: alarmed and restored, nothing left open
    alarm = TamperAlarm.objects.get()
    assert alarm.kind == AlarmKind.CONTENT and alarm.restored
    assert alarm.url == f"//{EDU_HOST}{path}" and alarm.site_id == cluster.edu.pk
    assert alarm.expected_sha256 != alarm.found_sha256
    # The true content is back, in the database and for visitors.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body FROM sites_articlepage WHERE page_ptr_id = %s", [article.pk]
        )
        assert "澳门博彩" not in cursor.fetchone()[0]
    assert served(EDU_HOST, path) == (200, original)
    # Audited, and red on the supervisors' dashboard with the URL and both hashes.
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"integrity.tamper_detected", "integrity.restored"} <= actions
    client.force_login(make_user("inspector", ensure_cluster_groups()[SUPERVISOR]))
    dashboard = client.get("/admin/supervision/").content.decode()
    assert "防篡改告警" in dashboard and f"//{EDU_HOST}{path}" in dashboard
    alarms = client.get("/admin/supervision/tamper/").content.decode()
    assert alarm.expected_sha256 in alarms and alarm.found_sha256 in alarms
    # An editor of the site is not shown the alarm list.
    client.force_login(site_user(cluster.edu))
    assert client.get("/admin/supervision/tamper/").status_code in (302, 403)
    # A second run finds everything as published.
    assert run_check() == 0 and TamperAlarm.objects.count() == 1


def test_a_document_file_changed_on_disk_is_alarmed_and_restored(published):
    _article, document = published
    file_path = Path(document.file.path)
    file_path.write_bytes(b"%PDF-1.4 forged content")

    assert run_check() == 0
    alarm = TamperAlarm.objects.get()
    assert alarm.kind == AlarmKind.DOCUMENT and alarm.restored
    assert alarm.expected_sha256 == hashlib.sha256(DOCUMENT_BYTES).hexdigest()
    assert alarm.found_sha256 == hashlib.sha256(b"%PDF-1.4 forged content").hexdigest()
    assert file_path.read_bytes() == DOCUMENT_BYTES
    response = Client().get(document.url, HTTP_HOST=EDU_HOST)
    assert b"".join(response.streaming_content) == DOCUMENT_BYTES


def test_served_output_changed_outside_the_page_is_alarmed_and_stays_red(
    cluster, published
):
    """The page row is intact but what visitors get differs (here: the site
    profile every page shows, changed by SQL): nothing to restore from the page,
    so the alarm stays open for a person and the check fails."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sites_siteprofile SET sponsor = %s WHERE site_id = %s",
            ["假冒主办单位", cluster.edu.pk],
        )
    assert run_check() == 2
    alarms = TamperAlarm.objects.filter(kind=AlarmKind.SERVED)
    assert alarms.exists() and not alarms.filter(restored=True).exists()
    assert {a.site_id for a in alarms} == {cluster.edu.pk}
    # Reported once: the next run does not pile up duplicates.
    count = alarms.count()
    run_check()
    assert TamperAlarm.objects.filter(kind=AlarmKind.SERVED).count() == count


def test_the_compliance_check_fails_an_open_alarm_and_warns_a_restored_one(
    cluster, published
):
    from django.utils import timezone

    from sites.integrity.compliance import TamperCheck

    TamperAlarm.objects.create(
        site=cluster.edu, kind=AlarmKind.SERVED, url="//x/", expected_sha256="a" * 64,
        found_sha256="b" * 64,
    )  # fmt: skip
    TamperAlarm.objects.create(
        site=cluster.health, kind=AlarmKind.CONTENT, url="//y/", restored=True,
        expected_sha256="c" * 64, found_sha256="d" * 64,
    )  # fmt: skip
    results = TamperCheck().run(cluster.all, timezone.localdate())
    assert results[cluster.edu.pk].status == "fail"
    assert results[cluster.health.pk].status == "warn"
    assert results[cluster.portal.pk].status == "pass"
    assert json.dumps([f.title for f in results[cluster.edu.pk].findings])


def test_unpublishing_and_deleting_raise_no_alarm(
    cluster, published, publish, django_capture_on_commit_callbacks
):
    article, _document = published
    second = publish(add_article(column(cluster.edu, "gzdt"), "第二篇：开学安全检查"))
    with django_capture_on_commit_callbacks(execute=True):
        article.specific.unpublish()
    assert not PublishedHash.objects.filter(page=article).exists()
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert run_check() == 0
    assert not TamperAlarm.objects.exists()


def test_a_hash_record_rewritten_in_the_database_is_itself_an_alarm(cluster, published):
    """Whoever can write the database cannot make forged content match: the
    records are signed with a key that is not in the database."""
    article, _document = published
    entry = PublishedHash.objects.get(page=article)
    forged = hashlib.sha256(b"<html>forged</html>").hexdigest()
    PublishedHash.objects.filter(pk=entry.pk).update(sha256=forged)
    assert run_check() == 2
    alarm = TamperAlarm.objects.get()
    assert alarm.kind == AlarmKind.RECORD and not alarm.restored
    assert (
        alarm.expected_sha256
        == PublishedHash.objects.get(pk=entry.pk).expected_signature()
    )
    assert alarm.found_sha256 == entry.signature
    run_check()
    assert TamperAlarm.objects.count() == 1


def test_a_record_written_by_another_module_is_found_by_address(cluster):
    from sites.integrity import record

    record(EDU_HOST, "/static-out/index.html", b"<html>ok</html>")
    assert expected_hashes(EDU_HOST)[(EDU_HOST, "/static-out/index.html")] == (
        hashlib.sha256(b"<html>ok</html>").hexdigest()
    )


def test_a_baseline_of_the_whole_cluster_checks_clean(cluster, published, capsys):
    """Every live page renders the same twice (no per-visitor bytes): a fresh
    baseline followed by a check raises nothing, in a fixed time per address."""
    import time

    call_command("check_integrity", "--baseline")
    recorded = PublishedHash.objects.count()
    assert recorded > 30
    started = time.perf_counter()
    assert run_check() == 0
    elapsed = time.perf_counter() - started
    assert not TamperAlarm.objects.exists()
    from sites.integrity.checking import check_integrity

    started = time.perf_counter()
    stored_only = check_integrity(render_seconds=0)
    stored_elapsed = time.perf_counter() - started
    assert stored_only.rendered == 0 and stored_only.checked == recorded
    with capsys.disabled():
        print(
            f"\ncheck_integrity: {recorded} addresses in {elapsed:.2f} s "
            f"({elapsed / recorded * 1000:.1f} ms each); stored content and files "
            f"only: {stored_elapsed:.2f} s"
        )


def test_without_time_to_render_the_stored_content_is_still_verified(
    cluster, published
):
    from sites.integrity.checking import check_integrity

    article, _document = published
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtailcore_page SET title = %s WHERE id = %s",
            ["已被篡改的标题", article.pk],
        )
    report = check_integrity(render_seconds=0)
    assert report.rendered == 0
    assert [a.kind for a in report.alarms] == [AlarmKind.CONTENT]
    article.refresh_from_db()
    assert article.title == "教育局召开秋季开学工作会议" and report.alarms[0].restored


def test_per_response_tokens_do_not_count_as_changes():
    from sites.integrity.rendering import served_digest

    first = b'<script nonce="abc123">x()</script><p>\xe6\xad\xa3\xe6\x96\x87</p>'
    second = b'<script nonce="zz9">x()</script><p>\xe6\xad\xa3\xe6\x96\x87</p>'
    assert served_digest(200, first) == served_digest(200, second)
    assert served_digest(200, first) != served_digest(200, first + b"<script>")
    assert served_digest(404, b"") != served_digest(200, b"")


def test_recording_can_be_left_to_the_next_check(cluster, publish, settings):
    """INTEGRITY_RECORD_ON_COMMIT=0: the publish only notes the addresses; the next
    run records them, and the run after that compares."""
    settings.INTEGRITY_RECORD_ON_COMMIT = False
    article = publish(add_article(column(cluster.edu, "gzdt"), "延后记录的文章"))
    entry = PublishedHash.objects.get(page=article)
    assert entry.sha256 == "" and entry.stale
    assert run_check() == 0
    entry.refresh_from_db()
    assert len(entry.sha256) == 64 and not entry.stale
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtailcore_page SET title = %s WHERE id = %s",
            ["已被篡改的标题", article.pk],
        )
    assert run_check() == 0
    assert TamperAlarm.objects.get().kind == AlarmKind.CONTENT
    article.refresh_from_db()
    assert article.title == "延后记录的文章"


def test_publishes_of_one_transaction_render_each_address_once(
    cluster, django_capture_on_commit_callbacks, monkeypatch
):
    from sites.integrity import recording

    rendered = []
    real_render = recording.render
    monkeypatch.setattr(
        recording,
        "render",
        lambda host, path, **kw: (
            rendered.append((host, path)) or real_render(host, path, **kw)
        ),
    )
    news = column(cluster.edu, "gzdt")
    with django_capture_on_commit_callbacks(execute=True):
        first = add_article(news, "同批发布一")
        second = add_article(news, "同批发布二")
        first.save_revision().publish()
        second.save_revision().publish()
    assert sorted(rendered) == sorted(set(rendered))
    assert {(EDU_HOST, "/gzdt/"), (EDU_HOST, "/"), (PORTAL_HOST, "/")} <= set(rendered)
    assert len(rendered) == 5
    assert PublishedHash.objects.filter(page__in=[first, second]).count() == 2
