"""Each core compliance check fails on a seeded breach and passes once it is mended
(issue #7; REQUIREMENTS §2.2–2.3, R4–R8, R12, R16–R21, R50)."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from sites.compliance.base import Status
from sites.compliance.core_checks import (
    BlankColumnsCheck,
    ColumnStaleCheck,
    FooterIdentityCheck,
    HomeStaleCheck,
    InternalLinksCheck,
    MetaTagsCheck,
    WebsiteReportCheck,
)
from sites.models import (
    ColumnLayout,
    ColumnPage,
    ColumnType,
    SiteProfile,
    WebsiteReport,
)
from tests.conftest import add_article, column

from .conftest import result

pytestmark = pytest.mark.django_db


def test_r16_home_page_not_updated_in_two_weeks_is_a_veto(cluster):
    check = HomeStaleCheck()
    add_article(column(cluster.edu, "gzdt"), "旧消息", days_ago=20)
    stale = result(check, cluster, cluster.edu)
    assert stale.status is Status.FAIL
    assert "20天" in stale.summary
    assert stale.findings[0].url == "http://jyj.bj.example.gov.cn/"

    add_article(column(cluster.edu, "tzgg"), "新通知", days_ago=1)
    assert result(check, cluster, cluster.edu).status is Status.PASS


def test_r21_a_future_dated_item_does_not_count_as_an_update(cluster):
    check = HomeStaleCheck()
    add_article(column(cluster.health, "gzdt"), "预先排期", days_ago=-3)
    assert result(check, cluster, cluster.health).status is Status.FAIL


def _news_column(site, title):
    home = site.root_page.specific
    col = ColumnPage(title=title, column_type=ColumnType.NEWS, layout=ColumnLayout.LIST)
    home.add_child(instance=col)
    return col


def test_r17_five_stale_news_notice_and_policy_columns_are_a_veto(cluster):
    check = ColumnStaleCheck()
    site = cluster.edu
    # 工作动态, 通知公告, 政策文件 never updated, plus two further 动态 columns.
    extra = [_news_column(site, "部门动态"), _news_column(site, "基层动态")]
    add_article(column(site, "tzgg"), "七个月前的通知", days_ago=200)
    breach = result(check, cluster, site)
    assert breach.status is Status.FAIL
    assert {f.title for f in breach.findings} >= {
        "工作动态",
        "通知公告",
        "政策文件",
        "部门动态",
        "基层动态",
    }

    # One mended: four left, below the veto threshold, still a warning.
    add_article(extra[0], "新动态", days_ago=2)
    assert result(check, cluster, site).status is Status.WARN

    for col in [
        column(site, "gzdt"),
        column(site, "tzgg"),
        column(site, "zcwj"),
        extra[1],
    ]:
        add_article(col, f"{col.title}新信息", days_ago=3)
    # The columns with a declared yearly cycle (指南, 年报) need content too (R20).
    add_article(column(site, "gkzn"), "公开指南", days_ago=30)
    add_article(column(site, "gknb"), "年报", days_ago=30)
    mended = result(check, cluster, site)
    assert mended.status is Status.PASS, mended.findings


def test_r20_ten_overdue_columns_with_a_declared_cycle_are_a_veto(cluster):
    check = ColumnStaleCheck()
    site = cluster.health
    home = site.root_page.specific
    for n in range(10):
        col = ColumnPage(
            title=f"季度统计{n}", column_type=ColumnType.OTHER, update_cycle_days=90
        )
        home.add_child(instance=col)
        add_article(col, f"统计{n}", days_ago=100)
    for slug in ("gzdt", "tzgg", "zcwj"):  # no 动态 breach: only the cycle rule
        add_article(column(site, slug), "新", days_ago=1)
    assert result(check, cluster, site).status is Status.FAIL
    for col in ColumnPage.objects.descendant_of(home).filter(
        title__startswith="季度统计"
    ):
        add_article(col, "本季度统计", days_ago=5)
    assert result(check, cluster, site).status is not Status.FAIL


def blank_list_columns(site):
    """Independent count: live list columns with neither sub-columns nor live pages."""
    blank = []
    for col in ColumnPage.objects.descendant_of(site.root_page).live():
        if col.layout != ColumnLayout.LIST or len(col.body):
            continue
        if not Page.objects.child_of(col).live().exists():
            blank.append(col)
    return blank


def test_r19_five_blank_columns_are_a_veto_and_any_page_type_fills_a_column(cluster):
    check = BlankColumnsCheck()
    site = cluster.banner
    breach = result(check, cluster, site)
    blank = blank_list_columns(site)
    assert breach.status is Status.FAIL
    assert len(breach.findings) == len(blank) >= 5

    # Fill all but one with articles; one with a page of another type (as an app's).
    blank[0].add_child(instance=Page(title="另一类型的页面", slug="other-type"))
    for col in blank[1:-1]:
        add_article(col, f"{col.title}信息", days_ago=400)
    left = result(check, cluster, site)
    assert left.status is Status.WARN
    assert [f.title for f in left.findings] == [blank[-1].title]

    # "本机关无此类信息" written in the column itself also mends it (R31).
    blank[-1].body = [("paragraph", RichText("<p>本机关无此类信息。</p>"))]
    blank[-1].save_revision().publish()
    assert result(check, cluster, site).status is Status.PASS


def _complete_footer(site):
    profile = SiteProfile.for_site(site)
    profile.show_party_gov_mark = True
    profile.party_gov_mark_id = "bszs-1599000002"
    profile.sponsor = "北疆市教育局"
    profile.save()
    return profile


def test_r4_missing_footer_identifiers_fail_until_the_profile_is_complete(cluster):
    check = FooterIdentityCheck()
    profile = _complete_footer(cluster.edu)
    assert result(check, cluster, cluster.edu).status is Status.PASS

    profile.psb_number = ""
    profile.phone = ""
    profile.save()
    breach = result(check, cluster, cluster.edu)
    assert breach.status is Status.FAIL
    assert {f.title for f in breach.findings} == {
        "缺少公安机关备案号或格式不正确",
        "缺少联系方式（电话或邮箱）",
    }
    assert breach.findings[0].url.endswith(f"/siteprofile/{cluster.edu.pk}/")
    assert check.deduction(breach) == 5

    profile.psb_number = "蒙公网安备 15990002000124号"
    profile.email = "jyj@bj.example.gov.cn"
    profile.save()
    assert result(check, cluster, cluster.edu).status is Status.PASS


def test_r6_r8_empty_meta_tags_fail_until_the_data_behind_them_is_filled(
    cluster, client
):
    check = MetaTagsCheck()
    site = cluster.health
    article = add_article(column(site, "gzdt"), "无来源的消息", days_ago=1, source="")
    assert (
        result(check, cluster, site).status is Status.PASS
    )  # 主办单位 fills ContentSource

    profile = SiteProfile.for_site(site)
    profile.sponsor = ""
    profile.code = None
    profile.save()
    # What the check reports is what the page shows.
    page = client.get(
        article.url_path.split("/", 2)[2].join(["/", ""]), HTTP_HOST=site.hostname
    )
    assert b'<meta name="ContentSource" content="">' in page.content
    breach = result(check, cluster, site)
    assert breach.status is Status.FAIL
    assert {f.title for f in breach.findings} == {
        "SiteIDCode为空：未设置网站标识码",
        "无来源的消息",
    }

    profile.code = "1599000003"
    profile.save()
    article.source = "北疆日报"
    article.save_revision().publish()
    assert result(check, cluster, site).status is Status.PASS


def test_r6_the_rendered_sample_pages_carry_every_required_tag(cluster):
    """The shared templates, fetched like a visitor: no template finding on a clean cluster."""
    from sites.compliance.core_checks import render_samples

    add_article(column(cluster.edu, "gzdt"), "样本文章", days_ago=1)
    add_article(column(cluster.portal, "gzdt"), "门户样本", days_ago=1)
    pages = render_samples(cluster.all)
    kinds = {kind for kind, *_ in pages}
    assert kinds == {"home", "column", "article"}
    assert all(status == 200 for _, _, _, status, _ in pages)
    article = next(p for k, *_, p in pages if k == "article")
    assert set(article.meta) >= {
        "SiteName",
        "SiteDomain",
        "SiteIDCode",
        "ArticleTitle",
        "PubDate",
        "ContentSource",
    }


def test_r12_links_to_deleted_or_unpublished_pages_and_documents_are_broken(cluster):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    check = InternalLinksCheck()
    site = cluster.edu
    news = column(site, "gzdt")
    target = add_article(news, "被链接的文章", days_ago=2)
    document = Document(title="附件", file=ContentFile(b"%PDF-1.4", name="fujian.pdf"))
    document.save()
    body = (
        f'<p>见<a linktype="page" id="{target.pk}">此文</a>和'
        f'<a linktype="document" id="{document.pk}">附件</a>。</p>'
    )
    source = add_article(news, "引用文章", days_ago=1)
    source.body = [
        ("paragraph", RichText(body)),
        ("document", {"document": document, "title": "下载"}),
    ]
    source.save_revision().publish()
    assert result(check, cluster, site).status is Status.PASS

    target.unpublish()
    breach = result(check, cluster, site)
    assert breach.status is Status.FAIL
    assert [(f.title, f.detail) for f in breach.findings] == [
        ("引用文章", f"链接的页面（ID {target.pk}）未发布")
    ]
    assert breach.findings[0].url == source.full_url

    target_pk, document_pk = target.pk, document.pk
    target.delete()
    document.delete()
    details = [f.detail for f in result(check, cluster, site).findings]
    assert details == [
        f"链接的页面（ID {target_pk}）已删除",
        f"链接的文件（ID {document_pk}）已删除",
    ]
    assert check.deduction(result(check, cluster, site)) == 2

    source.body = [("paragraph", RichText("<p>链接已删除。</p>"))]
    source.save_revision().publish()
    assert result(check, cluster, site).status is Status.PASS


@pytest.mark.parametrize(
    ("today", "published", "expected"),
    [
        (
            datetime.date(2026, 2, 1),
            None,
            Status.FAIL,
        ),  # past 31 Jan, nothing published
        (datetime.date(2026, 1, 20), None, Status.WARN),  # still January: due soon
        (datetime.date(2026, 3, 1), datetime.date(2026, 1, 30), Status.PASS),
        (datetime.date(2026, 3, 1), datetime.date(2026, 2, 3), Status.WARN),  # late
    ],
)
def test_r50_website_report_published_by_january_31(
    cluster, today, published, expected
):
    check = WebsiteReportCheck()
    if published:
        WebsiteReport.objects.create(
            site=cluster.edu,
            year=2025,
            published_at=timezone.make_aware(
                datetime.datetime.combine(published, datetime.time(10))
            ),
        )
    assert result(check, cluster, cluster.edu, today).status is expected


def test_r20_a_single_content_column_is_updated_by_publishing_itself(cluster):
    check = ColumnStaleCheck()
    site = cluster.portal
    for slug in ("gzdt", "tzgg", "zcwj", "gknb", "gkzn"):
        add_article(column(site, slug), "新", days_ago=1)
    rules = ColumnPage(
        title="机构简介",
        column_type=ColumnType.OVERVIEW,
        layout=ColumnLayout.SINGLE,
        update_cycle_days=365,
    )
    site.root_page.add_child(instance=rules)
    ColumnPage.objects.filter(pk=rules.pk).update(
        last_published_at=timezone.now() - datetime.timedelta(days=400)
    )
    stale = result(check, cluster, site)
    assert [f.title for f in stale.findings] == ["机构简介"]
    rules.refresh_from_db()
    rules.body = [("paragraph", RichText("<p>更新后的简介。</p>"))]
    rules.save_revision().publish()
    assert result(check, cluster, site).status is Status.PASS
