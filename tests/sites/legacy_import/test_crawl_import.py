"""迁移 of a frameset-era GBK site crawled over HTTP (issue 21 item 1; R16/R22
honest dates: imported articles keep their old date, marked 历史导入)."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from sites.legacy_import.importer import Importer
from sites.legacy_import.jobs import prepare_mapping, read_source
from sites.legacy_import.models import ImportedAsset, ImportItem, LegacyHost
from sites.models import ArticlePage, DateSource

from .conftest import GBK_SITE, OLD_HOST, follow_old_url, page_heading

pytestmark = pytest.mark.django_db

EXPECTED = {
    "gzdt": {
        "全市教育工作会议召开": "2019-03-05 09:30",
        "我局开展校园安全大检查": "2019-04-12 00:00",
        "2021年秋季学期开学工作有序推进": "2021-09-01 00:00",
    },
    "tzgg": {
        "关于表彰张喆等同志的通报": "2020-06-01 00:00",
        "关于2020年中考录取工作的公告": "2020-07-01 00:00",
    },
    "zcwj": {"北疆市义务教育阶段招生入学实施办法": "2018-11-20 00:00"},
}


def run_import(site, start_url, tmp_path, *extra):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_legacy_site", "--site", site.hostname, "--url", start_url,
        "--old-host", OLD_HOST, "--mapping", str(tmp_path / "map.json"),
        "--report", str(tmp_path / "report.json"), *extra, stdout=out, stderr=err,
    )  # fmt: skip
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    return report, out.getvalue(), err.getvalue()


def articles(site):
    return ArticlePage.objects.descendant_of(site.root_page).order_by("path")


def by_title(site, title):
    return articles(site).get(title=title)


def test_crawl_creates_columns_articles_dates_files_and_links(
    cluster, legacy_server, tmp_path
):
    from django.utils import timezone

    site = cluster.edu
    report, out, err = run_import(site, legacy_server, tmp_path)

    # The proposed mapping was written from the old navigation.
    mapping = json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))
    assert mapping["columns"] == {
        "工作动态": "gzdt", "通知公告": "tzgg", "政策法规": "zcwj", "领导之窗": None,
    }  # fmt: skip
    assert mapping["old_host"] == OLD_HOST
    for slug, expected in EXPECTED.items():
        found = {
            a.title: timezone.localtime(a.publish_date).strftime("%Y-%m-%d %H:%M")
            for a in articles(site).filter(url_path__contains=f"/{slug}/")
        }
        assert found == expected, slug
    assert report["created"] == 6
    # Honest dates: the old date, marked as imported, is the first publication.
    first = by_title(site, "全市教育工作会议召开")
    assert first.date_source == DateSource.IMPORTED
    assert first.first_published_at == first.publish_date
    assert first.live and first.source == "北疆市教育局"
    assert first.slug.startswith("t20190305_")
    # GBK (declared gb2312, holding a GBK-only character) decoded right.
    assert by_title(site, "关于表彰张喆等同志的通报")

    # Images and attachments are in the site's collection, readable.
    image_block = next(b for b in first.body if b.block_type == "image")
    image = image_block.value
    assert image.collection.name == site.site_name
    with image.file.open("rb") as stored:
        assert stored.read() == (GBK_SITE / "picture/0/1903051.png").read_bytes()
    policy = by_title(site, "北疆市义务教育阶段招生入学实施办法")
    attached = [a.document for a in policy.attachments.order_by("sort_order")]
    assert [Path(d.file.name).suffix for d in attached] == [".doc", ".pdf"]
    for document, source in zip(
        attached,
        ["module/download/downfile.doc", "module/download/zsxz.pdf"],
        strict=True,
    ):
        assert document.collection.name == site.site_name
        with document.file.open("rb") as stored:
            assert stored.read() == (GBK_SITE / source).read_bytes()

    # Internal links point at the new pages (both directions, relative and
    # absolute old links); external links stay; fonts and scripts are gone.
    second = by_title(site, "我局开展校园安全大检查")
    assert links(first, "page") == [second.pk]
    assert links(second, "page") == [first.pk]  # a relative old link
    raw = json.dumps(list(first.body.raw_data), ensure_ascii=False)
    assert 'href=\\"http://www.moe.gov.cn/\\"' in raw
    assert "font" not in raw and "style" not in raw and "<span" not in raw
    assert "<b>校园安全</b>" in raw
    raw_second = json.dumps(list(second.body.raw_data), ensure_ascii=False)
    assert "第一中学\u3000合格" in raw_second  # a table row as a paragraph
    assert links(policy, "document") == [d.pk for d in attached]
    notice = by_title(site, "关于2020年中考录取工作的公告")
    assert links(notice, "page") == [policy.pk]
    html = cluster_page(cluster, first)
    # The link renders to the new URL.
    assert f'href="http://{site.hostname}/gzdt/{second.slug}/"' in html

    # What could not be imported is reported with its URL.
    failed = {
        entry["url"].split("/")[-1]: entry["reason"] for entry in report["failed"]
    }
    assert "404" in failed["art_124_9999.shtml"]
    assert "missing.doc" in failed["art_125_3002.shtml"]
    assert [e["url"].split("/")[-1] for e in report["unmapped"]] == [
        "art_126_4001.shtml"
    ]
    assert "art_125_3002.shtml" in out and "领导之窗 → （未映射）" in out
    assert "导入 100%|" in err  # the progress bar


def links(page, linktype):
    from bs4 import BeautifulSoup

    found = []
    for block in page.body.raw_data:
        if block["type"] == "paragraph":
            soup = BeautifulSoup(block["value"], "html.parser")
            found += [int(a["id"]) for a in soup.find_all("a", linktype=linktype)]
    return found


def cluster_page(cluster, page):
    from django.test import Client

    response = Client().get(page.url_path[len(cluster.edu.root_page.url_path) - 1 :],
                            HTTP_HOST=cluster.edu.hostname)  # fmt: skip
    assert response.status_code == 200
    return response.content.decode()


def test_a_bad_page_leaves_nothing_half_imported(cluster, legacy_server, tmp_path):
    """art_125_3002 has a good image and a missing attachment: the image read
    before the failure is rolled back with the page, its redirect and record."""
    site = cluster.edu
    images_before = get_image_model().objects.count()
    report, _, _ = run_import(site, legacy_server, tmp_path)
    bad_url = legacy_server + "art/2018/12/1/art_125_3002.shtml"
    assert any(e["url"] == bad_url for e in report["failed"])
    assert not articles(site).filter(title__contains="校外培训机构").exists()
    assert not Redirect.objects.filter(
        old_path="/art/2018/12/1/art_125_3002.shtml"
    ).exists()
    assert not ImportedAsset.objects.filter(source_url__contains="1812011").exists()
    assert get_image_model().objects.count() == images_before + 1  # only 1903051
    record = ImportItem.objects.get(site=site, source_key=bad_url)
    assert record.status == ImportItem.Status.FAILED and record.page is None
    assert "missing.doc" in record.error


def test_every_old_url_redirects_on_the_old_host(
    cluster, client, legacy_server, tmp_path
):
    site = cluster.edu
    run_import(site, legacy_server, tmp_path)
    assert LegacyHost.objects.get(hostname=OLD_HOST).site == site
    imported = ImportItem.objects.filter(site=site, status=ImportItem.Status.IMPORTED)
    assert imported.count() == 6
    for item in imported:
        response, chain = follow_old_url(client, OLD_HOST, item.old_url)
        assert chain == [301, 200], item.old_url
        assert page_heading(response) == item.title
    # Column pages, the frameset and its frames lead to the new columns / home.
    for path, heading in [
        ("/col/col123/index.html", "工作动态"),
        ("/col/col125/index.html", "政策文件"),
        ("/index.html", None),
        ("/top.shtml", None),
        ("/main.shtml", None),
        ("/", None),
    ]:
        response, chain = follow_old_url(client, OLD_HOST, path)
        assert chain[-1] == 200 and chain[0] in (301, 302), path
        if heading:
            assert page_heading(response) == heading
    # The old host is not a site of its own: an unknown old path lands on the
    # new home, the new host is untouched.
    response, chain = follow_old_url(client, OLD_HOST, "/no/such/page.html")
    assert chain == [302, 200]
    assert client.get("/", HTTP_HOST=site.hostname).status_code == 200


def state(site):
    pages = Page.objects.descendant_of(site.root_page)
    return {
        "pages": pages.count(),
        "revisions": Revision.page_revisions.filter(
            object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)]
        ).count(),
        "redirects": Redirect.objects.filter(site=site).count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "items": ImportItem.objects.filter(site=site).count(),
    }


def test_a_second_run_changes_nothing(cluster, legacy_server, tmp_path):
    site = cluster.edu
    run_import(site, legacy_server, tmp_path)
    before = state(site)
    report, _, _ = run_import(site, legacy_server, tmp_path)
    assert state(site) == before
    assert report["created"] == report["updated"] == report["redirects"] == 0
    assert report["unchanged"] == 6


def test_an_interrupted_run_resumes(cluster, legacy_server, tmp_path):
    site = cluster.edu

    class Stop(Exception):
        pass

    def stop_after_five(done, total, item):
        if done == 5:  # 局长简介 (unmapped), 3001, 3002 (bad), 1001, 1002
            raise Stop

    legacy = read_source(url=legacy_server)
    data, columns, _ = prepare_mapping(site, legacy, None)
    with pytest.raises(Stop):
        Importer(
            site, legacy, columns, old_host=OLD_HOST, progress=stop_after_five
        ).run()
    assert articles(site).count() == 3  # whole items only
    assert ImportItem.objects.filter(site=site).count() == 5

    report, _, _ = run_import(site, legacy_server, tmp_path)
    assert report["created"] == 3
    assert articles(site).count() == 6
    # Links to articles imported after the interruption are resolved too.
    for article in articles(site):
        raw = json.dumps(list(article.body.raw_data))
        assert legacy_server not in raw, article.title
    again, _, _ = run_import(site, legacy_server, tmp_path)
    assert again["created"] == again["updated"] == 0


def test_an_edited_mapping_is_used_on_the_next_run(cluster, legacy_server, tmp_path):
    site = cluster.edu
    run_import(site, legacy_server, tmp_path)
    mapping_file = tmp_path / "map.json"
    data = json.loads(mapping_file.read_text(encoding="utf-8"))
    data["columns"]["领导之窗"] = "gzdt"
    data["columns"]["政策法规"] = "zcwj/zcjd"
    mapping_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report, _, _ = run_import(site, legacy_server, tmp_path)
    assert report["created"] == 1 and report["updated"] == 1 and not report["unmapped"]
    assert (
        "/zcwj/zcjd/" in by_title(site, "北疆市义务教育阶段招生入学实施办法").url_path
    )
    assert articles(site).count() == 7


def test_a_wrong_mapping_target_is_refused_in_chinese(cluster, legacy_server, tmp_path):
    from django.core.management.base import CommandError

    (tmp_path / "map.json").write_text(
        json.dumps({"columns": {"工作动态": "xxgk"}}), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="目标栏目不存在或不能存放文章"):
        run_import(cluster.edu, legacy_server, tmp_path)
    assert not articles(cluster.edu).exists()


def test_a_saved_folder_imports_the_same_site(cluster, tmp_path):
    site = cluster.edu
    out = io.StringIO()
    call_command(
        "import_legacy_site", "--site", site.hostname, "--folder", str(GBK_SITE),
        "--base-url", f"http://{OLD_HOST}/", "--mapping", str(tmp_path / "m.json"),
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    titles = set(articles(site).values_list("title", flat=True))
    assert titles == {t for column in EXPECTED.values() for t in column}
    assert LegacyHost.objects.filter(hostname=OLD_HOST, site=site).exists()


def test_the_crawl_refuses_private_addresses_unless_allowed(
    cluster, settings, tmp_path
):
    from sites.legacy_import.fetching import FetchError, HttpFetcher

    settings.LEGACY_IMPORT_ALLOWED_ADDRESSES = []
    with pytest.raises(FetchError, match="不是公网地址"):
        HttpFetcher("http://127.0.0.1:8111/").fetch("http://127.0.0.1:8111/")
    with pytest.raises(FetchError, match="不在旧站域名内"):
        HttpFetcher("http://127.0.0.1:8111/").fetch("http://example.org/")
