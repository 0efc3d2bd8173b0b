"""旧站迁移 in the admin, through its real views: the 集群管理员 starts an
import of an uploaded export or a crawl, follows it and re-runs it with an
edited mapping; a site admin is refused (issue 21 item 1)."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sites.legacy_import.models import ImportJob, LegacyHost
from sites.models import ArticlePage
from sites.services.provisioning import SiteRole
from sites.services.roles import CLUSTER_ADMIN

from .conftest import EXPORT, OLD_HOST, follow_old_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster_admin(client, cluster, make_user):
    client.force_login(
        make_user("cluster_admin", Group.objects.get(name=CLUSTER_ADMIN))
    )
    return client


def upload():
    return SimpleUploadedFile(
        "export.json", (EXPORT / "export.json").read_bytes(), "application/json"
    )


def packed_export():
    """The JSON export with its images and attachments, as one ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(EXPORT.rglob("*")):
            if path.is_file() and path.suffix != ".csv":
                archive.write(path, f"wjw/{path.relative_to(EXPORT)}")
    return SimpleUploadedFile("wjw-export.zip", buffer.getvalue(), "application/zip")


def test_cluster_admin_imports_an_export_and_reruns_with_an_edited_mapping(
    cluster_admin, cluster
):
    site = cluster.health
    page = cluster_admin.get(reverse("legacy_import"))
    assert page.status_code == 200 and "开始迁移" in page.content.decode()
    response = cluster_admin.post(
        reverse("legacy_import"),
        {"site": site.pk, "kind": "export", "export_file": packed_export()},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("legacy_import_job", args=[job.pk])
    assert job.status == ImportJob.Status.DONE and job.done == job.total == 6
    assert job.mapping["columns"]["机构设置"] is None
    # The uploaded export holds unpublished material: it is kept under
    # PRIVATE_MEDIA_ROOT, never where the web server serves MEDIA_ROOT.
    stored_at = Path(job.export_file.path).resolve()
    assert stored_at.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not stored_at.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError):
        job.export_file.url  # noqa: B018 (the property raises)
    assert (
        ArticlePage.objects.descendant_of(site.root_page)
        .filter(date_source="imported")
        .count()
        == 4
    )
    meeting = ArticlePage.objects.get(title="市卫健委召开疫情防控工作会议")
    with meeting.attachments.get().document.file.open("rb") as stored:
        assert stored.read() == (EXPORT / "files/report.pdf").read_bytes()

    html = cluster_admin.get(response["Location"]).content.decode()
    assert "新建 4 篇" in html and "已完成" in html
    assert "http://wjw.old.example.gov.cn/art/2019/1/1/105.html" in html  # unmapped
    assert "发布日期无效" in html  # failed, with its reason

    mapping = dict(job.mapping)
    mapping["columns"] = {**mapping["columns"], "机构设置": "gzdt"}
    rerun = cluster_admin.post(
        response["Location"], {"mapping": json.dumps(mapping, ensure_ascii=False)}
    )
    assert rerun.status_code == 302
    job.refresh_from_db()
    assert job.report["created"] == 1 and job.report["unchanged"] == 4
    assert not job.report["unmapped"]
    assert (
        ArticlePage.objects.descendant_of(site.root_page)
        .filter(title="机构概况")
        .exists()
    )

    bad = cluster_admin.post(response["Location"], {"mapping": "{oops"})
    assert bad.status_code == 200 and "栏目映射不是有效的 JSON" in bad.content.decode()


def test_cluster_admin_starts_a_crawl(cluster_admin, cluster, client, legacy_server):
    site = cluster.edu
    response = cluster_admin.post(
        reverse("legacy_import"),
        {
            "site": site.pk,
            "kind": "crawl",
            "start_url": legacy_server,
            "mapping": json.dumps(
                {"old_host": OLD_HOST, "columns": {"工作动态": "gzdt"}},
                ensure_ascii=False,
            ),
        },
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE, job.error
    assert job.report["created"] == 3  # only 工作动态 mapped
    assert {e["column"] for e in job.report["unmapped"]} == {
        "通知公告",
        "政策法规",
        "领导之窗",
    }
    assert job.mapping["columns"]["通知公告"] is None  # added for the admin to fill
    assert LegacyHost.objects.filter(hostname=OLD_HOST, site=site).exists()
    _, chain = follow_old_url(client, OLD_HOST, "/art/2019/3/5/art_123_1001.shtml")
    assert chain == [301, 200]


def test_bad_input_is_answered_in_chinese_and_starts_nothing(cluster_admin, cluster):
    response = cluster_admin.post(
        reverse("legacy_import"), {"site": cluster.edu.pk, "kind": "crawl"}
    )
    assert response.status_code == 200
    assert "请填写旧站首页地址" in response.content.decode()
    response = cluster_admin.post(
        reverse("legacy_import"),
        {
            "site": cluster.edu.pk,
            "kind": "export",
            "export_file": SimpleUploadedFile("x.exe", b"MZ"),
        },
    )
    assert "只接受 .json、.csv 或 .zip 文件" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", [SiteRole.SITE_ADMIN, SiteRole.EDITOR])
def test_site_roles_are_refused(client, cluster, site_user, role):
    client.force_login(site_user(cluster.health, role))

    def refused(response):
        # Wagtail answers a PermissionDenied in the admin with its home page.
        return response.status_code == 403 or (
            response.status_code == 302
            and response["Location"] == reverse("wagtailadmin_home")
        )

    assert refused(client.get(reverse("legacy_import")))
    response = client.post(
        reverse("legacy_import"),
        {"site": cluster.health.pk, "kind": "export", "export_file": upload()},
    )
    assert refused(response)
    assert not ImportJob.objects.exists()
    job = ImportJob.objects.create(site=cluster.health, kind="export", source="x.json")
    assert refused(client.get(reverse("legacy_import_job", args=[job.pk])))
    assert refused(
        client.post(reverse("legacy_import_job", args=[job.pk]), {"mapping": "{}"})
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "旧站迁移" not in menu
