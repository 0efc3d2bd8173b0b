"""迁移 from a CMS export: JSON (with its files beside it) and CSV saved by
Excel in GBK (issue 21 item 1)."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from sites.legacy_import.models import ImportItem, LegacyHost
from sites.models import ArticlePage, ColumnPage, DateSource

from .conftest import EXPORT, follow_old_url, page_heading

pytestmark = pytest.mark.django_db
JSON_HOST = "wjw.old.example.gov.cn"


def run(site, export, tmp_path, *extra):
    call_command(
        "import_legacy_site", "--site", site.hostname, "--export", str(export),
        "--mapping", str(tmp_path / "map.json"), "--report", str(tmp_path / "r.json"),
        *extra, stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    return json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))


def in_column(site, path):
    """Titles and dates (local) of the articles in the column at ``path``."""
    column = ColumnPage.objects.get(url_path=f"{site.root_page.url_path}{path}/")
    return {
        a.title: timezone.localtime(a.publish_date).strftime("%Y-%m-%d %H:%M")
        for a in ArticlePage.objects.child_of(column)
    }


def test_json_export_import(cluster, client, tmp_path):
    site = cluster.health
    report = run(site, EXPORT / "export.json", tmp_path)
    mapping = json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))
    assert mapping == {
        "old_host": JSON_HOST,
        "columns": {
            "卫健要闻": "gzdt", "通知公告": "tzgg", "政策解读": "zcwj/zcjd",
            "机构设置": None,
        },
    }  # fmt: skip
    assert in_column(site, "gzdt") == {
        "市卫健委召开疫情防控工作会议": "2020-05-01 10:00",
        "健康知识讲座走进社区": "2020-06-02 00:00",
    }
    assert in_column(site, "tzgg") == {
        "关于开展家庭医生签约服务的通知": "2021-01-04 00:00"
    }
    assert in_column(site, "zcwj/zcjd") == {
        "《家庭医生签约服务办法》解读": "2021-02-05 00:00"
    }
    assert report["created"] == 4
    assert [e["url"] for e in report["unmapped"]] == [
        f"http://{JSON_HOST}/art/2019/1/1/105.html"
    ]
    assert "发布日期无效" in report["failed"][0]["reason"]

    meeting = ArticlePage.objects.get(title="市卫健委召开疫情防控工作会议")
    talk = ArticlePage.objects.get(title="健康知识讲座走进社区")
    assert meeting.date_source == DateSource.IMPORTED and meeting.source == "市卫健委"
    assert meeting.slug.startswith("t20200501_")
    # The image from the export's folder and the listed attachment.
    image = next(b.value for b in meeting.body if b.block_type == "image")
    with image.file.open("rb") as stored:
        assert stored.read() == (EXPORT / "uploads/photo.png").read_bytes()
    [attachment] = meeting.attachments.all()
    assert attachment.document.title == "防控工作报告"
    with attachment.document.file.open("rb") as stored:
        assert stored.read() == (EXPORT / "files/report.pdf").read_bytes()
    assert attachment.document.collection.name == site.site_name
    notice = ArticlePage.objects.get(title="关于开展家庭医生签约服务的通知")
    with notice.attachments.get().document.file.open("rb") as stored:
        assert stored.read() == (EXPORT / "files/form.xls").read_bytes()
    # Internal links both ways.
    raw = json.dumps(list(meeting.body.raw_data))
    assert f'id=\\"{talk.pk}\\"' in raw
    assert f'id=\\"{meeting.pk}\\"' in json.dumps(list(talk.body.raw_data))

    # Every old URL redirects on the old host to a page with its title.
    assert LegacyHost.objects.filter(hostname=JSON_HOST, site=site).exists()
    for item in ImportItem.objects.filter(site=site, status=ImportItem.Status.IMPORTED):
        response, chain = follow_old_url(client, JSON_HOST, item.old_url)
        assert chain == [301, 200] and page_heading(response) == item.title

    # A second run changes nothing.
    again = run(site, EXPORT / "export.json", tmp_path)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 4)


def test_csv_export_in_gbk(cluster, client, tmp_path):
    site = cluster.banner
    report = run(site, EXPORT / "export.csv", tmp_path)
    assert report["created"] == 3 and not report["failed"] and not report["unmapped"]
    assert in_column(site, "gzdt") == {"白云旗召开经济工作会议": "2018-02-03 00:00"}
    assert in_column(site, "tzgg") == {"关于春节放假的通知": "2018-02-10 00:00"}
    assert in_column(site, "zcwj") == {
        "白云旗草原生态保护补助奖励政策实施方案": "2018-03-15 08:00"
    }
    news = ArticlePage.objects.get(title="白云旗召开经济工作会议")
    notice = ArticlePage.objects.get(title="关于春节放假的通知")
    assert f'id=\\"{notice.pk}\\"' in json.dumps(list(news.body.raw_data))
    with notice.attachments.get().document.file.open("rb") as stored:
        assert stored.read() == (EXPORT / "files/report.pdf").read_bytes()
    response, chain = follow_old_url(client, "byq.old.example.gov.cn", "/zcfg/3.htm")
    assert chain == [301, 200]
    assert page_heading(response) == "白云旗草原生态保护补助奖励政策实施方案"


def test_a_broken_export_is_refused_in_chinese(cluster, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON 文件格式错误"):
        run(cluster.health, bad, tmp_path)
    with pytest.raises(CommandError, match="找不到网站"):
        run(type("S", (), {"hostname": "no.such.site"})(), bad, tmp_path)
