"""Static files on disk (issue 15 item 2): written atomically, served by the
embedded profile, checked by verify_static, exported per site; an approved
comment rewrites its consultation page; the after-commit kick writes them."""

import datetime
import threading

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from interaction.consultation_choices import DocumentType
from interaction.models import ConsultationComment, ConsultationPage
from sites.services.provisioning import SiteRole
from sites.static_output import queue, storage
from sites.static_output.models import StaticPageTask
from sites.static_output.queue import process_pending
from sites.static_output.targets import page_only
from tests.conftest import add_article, column

from .conftest import queued, run_writer, snapshot

pytestmark = pytest.mark.django_db


def test_a_half_written_file_is_never_at_the_final_path(tmp_path, monkeypatch):
    """Readers see the whole old page or the whole new one, never a mix, and a
    write that fails leaves the old page and no temporary file."""
    target = tmp_path / "host" / "news" / "index.html"
    old, new = b"a" * 2_000_000, b"b" * 2_000_000
    storage.write_atomic(target, old)
    seen, stop = set(), threading.Event()

    def reader():
        while not stop.is_set():
            seen.add(target.read_bytes())

    thread = threading.Thread(target=reader)
    thread.start()
    for i in range(30):
        storage.write_atomic(target, new if i % 2 else old)
    stop.set()
    thread.join()
    assert seen <= {old, new} and len(seen) >= 1

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(storage.os, "replace", broken_replace)
    with pytest.raises(OSError):
        storage.write_atomic(target, b"c" * 10)
    assert target.read_bytes() in (old, new)
    assert [p.name for p in target.parent.iterdir()] == ["index.html"]


def test_temporary_names_are_never_the_name_nginx_serves(tmp_path, monkeypatch):
    target = tmp_path / "host" / "index.html"
    temps = []
    real_replace = storage.os.replace

    def watching_replace(src, dst):
        temps.append(src)
        assert storage.Path(dst).read_bytes() == b"old"  # whole until the rename
        real_replace(src, dst)

    storage.write_atomic(target, b"old")
    monkeypatch.setattr(storage.os, "replace", watching_replace)
    storage.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert all(storage.Path(t).name.startswith(".tmp-") for t in temps)
    assert all(not str(t).endswith("index.html") for t in temps)
    # The same bytes again: nothing is rewritten.
    assert storage.write_atomic(target, b"new") is False and len(temps) == 1


def test_unsafe_addresses_never_become_files(tmp_path):
    assert storage.file_for("a.example.gov.cn", "/x/../y/", tmp_path) is None
    assert storage.file_for("../etc", "/", tmp_path) is None
    assert storage.file_for("a.example.gov.cn", "/a?b/", tmp_path) is None
    assert storage.file_for("a.example.gov.cn", "/news", tmp_path) is None
    assert storage.file_for("A.example.gov.cn", "/news/", tmp_path) == (
        tmp_path / "a.example.gov.cn" / "news" / "index.html"
    )


def test_the_embedded_profile_serves_the_files_with_the_page_headers(exported, cluster):
    client = Client()
    home = client.get("/", HTTP_HOST=cluster.edu.hostname)
    assert home["X-Static-Page"] == "hit"
    assert home.content == snapshot()[f"{cluster.edu.hostname}/"]
    assert home["X-Frame-Options"] and home["X-Content-Type-Options"] == "nosniff"
    # A page of a list, a search, a form: the application answers.
    gzdt = column(cluster.edu, "gzdt").get_url_parts()[2]
    for path in (f"{gzdt}?page=2", "/search/?q=教育", "/xxgk/ysqgk/"):
        response = client.get(path, HTTP_HOST=cluster.edu.hostname)
        assert "X-Static-Page" not in response, path
    assert "X-Static-Page" not in client.post("/", HTTP_HOST=cluster.edu.hostname)


def test_verify_lists_altered_missing_and_leftover_files(exported, cluster, capsys):
    call_command("verify_static", "--site", "1599000002")
    assert "不一致 0 个" in capsys.readouterr().out
    base = storage.root() / cluster.edu.hostname
    (base / "index.html").write_bytes(b"<html>tampered</html>")
    gzdt = column(cluster.edu, "gzdt").get_url_parts()[2]
    (base / gzdt.strip("/") / "index.html").unlink()
    leftover = base / "old-page" / "index.html"
    leftover.parent.mkdir()
    leftover.write_bytes(b"old")
    with pytest.raises(CommandError):
        call_command("verify_static", "--site", "1599000002")
    out = capsys.readouterr().out
    assert f"{cluster.edu.hostname}/：内容与应用渲染结果不同" in out
    assert f"{cluster.edu.hostname}{gzdt}：磁盘上缺少此页面" in out
    assert f"{cluster.edu.hostname}/old-page/：磁盘上有文件" in out
    assert storage.hashes_on_disk(cluster.edu.hostname)[
        f"{cluster.edu.hostname}/"
    ] == storage.sha256_of(b"<html>tampered</html>")
    # The export repairs all three.
    call_command("export_static", "--site", "1599000002")
    call_command("verify_static", "--site", "1599000002")
    assert not leftover.exists()


def test_export_of_an_unknown_site_is_refused_in_chinese(static_root, cluster):
    with pytest.raises(CommandError, match="没有网站标识码为 0000000000 的网站"):
        call_command("export_static", "--site", "0000000000")


def test_an_approved_comment_rewrites_only_its_consultation_page(
    exported, cluster, site_user
):
    page = ConsultationPage(
        title="《北疆市停车管理办法（征求意见稿）》",
        document_type=DocumentType.OTHER,
        opens_at=timezone.now() - datetime.timedelta(days=1),
        closes_at=timezone.now() + datetime.timedelta(days=20),
        summary="欢迎提出意见。",
    )
    column(cluster.edu, "yjzj").add_child(instance=page)
    page.save_revision().publish()
    run_writer()
    address = f"{cluster.edu.hostname}{page.get_url_parts()[2]}"
    comment = ConsultationComment.objects.create(
        page=page, content="建议增加停车位", name_masked="王*"
    )
    assert queued() == set()  # pending: shows nowhere
    reviewer = Client()
    reviewer.force_login(site_user(cluster.edu, SiteRole.REVIEWER, "edu-rev"))
    reviewer.post(
        f"/admin/interaction/moderation/comment/{comment.pk}/",
        {"decision": "approve"},
        HTTP_HOST=cluster.edu.hostname,
    )
    assert queued() == {address}
    outcome = run_writer()
    assert outcome.written == [address]
    assert "建议增加停车位" in snapshot()[address].decode()


def test_the_commit_kicks_the_writer(
    exported, cluster, settings, django_capture_on_commit_callbacks
):
    """Publishing writes the files right after the commit, not at the next cron."""
    settings.STATIC_PAGES_ON_COMMIT = "inline"
    with django_capture_on_commit_callbacks(execute=True):
        article = add_article(column(cluster.edu, "gzdt"), "提交后即写入", live=False)
        article.save_revision().publish()
    assert not StaticPageTask.objects.exists()
    address = f"{cluster.edu.hostname}{article.get_url_parts()[2]}"
    assert "提交后即写入" in snapshot()[address].decode()


def test_the_clock_job_rewrites_a_consultation_that_closed(exported, cluster):
    page = ConsultationPage(
        title="即将截止的征集",
        document_type=DocumentType.OTHER,
        opens_at=timezone.now() - datetime.timedelta(days=10),
        closes_at=timezone.now() + datetime.timedelta(days=5),
    )
    column(cluster.edu, "yjzj").add_child(instance=page)
    page.save_revision().publish()
    run_writer()
    ConsultationPage.objects.filter(pk=page.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    (storage.root() / ".clock").write_text(
        (timezone.now() - datetime.timedelta(minutes=5)).isoformat()
    )
    before = snapshot()
    call_command("refresh_static_clock")
    after = snapshot()
    address = f"{cluster.edu.hostname}{page.get_url_parts()[2]}"
    assert address in {k for k in after if before.get(k) != after[k]}
    call_command("refresh_static_clock")  # nothing new since the last run
    assert snapshot() == after


def test_a_renamed_host_leaves_no_files_behind(exported, cluster):
    """nginx answers by host directory: the old name's files must go, or the old
    name keeps serving the site as it was."""
    old = storage.root() / cluster.edu.hostname
    assert old.is_dir()
    cluster.edu.hostname = "jyj-new.bj.example.gov.cn"
    cluster.edu.save()
    assert "jyj.bj.example.gov.cn*" in queued()
    process_pending(limit=StaticPageTask.objects.filter(priority=0).count())
    assert not old.exists()


def test_a_change_committed_while_its_page_renders_is_rendered_again(
    exported, cluster, monkeypatch
):
    """A publish queues an address again by stamping its task inside its own
    transaction, before its commit. When that commit lands while the writer
    renders the address, the writer saw the old content: the task must survive
    and be rendered again, or the file stays stale until the next change."""
    gzdt = column(cluster.edu, "gzdt")
    article = add_article(gzdt, "原来的标题")
    StaticPageTask.objects.all().delete()
    queue.enqueue(page_only(article))
    task = StaticPageTask.objects.get()
    path = article.get_url_parts()[2]
    real_render, calls = queue.render, []

    def render_during_a_publish(hostname, port, address):
        rendered = real_render(hostname, port, address)
        if address == path and not calls:
            # The concurrent publish: new content, and a stamp taken before
            # this rendering began (so "stamped before the render" is no proof
            # that the render saw it), committed only now.
            type(article).objects.filter(pk=article.pk).update(title="改过的标题")
            StaticPageTask.objects.filter(pk=task.pk).update(
                updated_at=task.updated_at + datetime.timedelta(microseconds=1)
            )
        calls.append(address)
        return rendered

    monkeypatch.setattr(queue, "render", render_during_a_publish)
    run_writer()
    assert calls.count(path) == 2
    written = snapshot()[f"{cluster.edu.hostname}{path}"].decode()
    assert '<meta name="ArticleTitle" content="改过的标题">' in written
