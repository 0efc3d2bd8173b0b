"""create_site: the standard every site is built from (issue #2; R1, R9, R23)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    Workflow,
)

from sites.models import ColumnPage, HomePage, SiteKind, SiteMapPage, SiteProfile
from sites.services.provisioning import SiteRole, SiteSpec, create_site, site_groups
from sites.standard import (
    ARTICLE_20_COLUMNS,
    ARTICLE_21_COLUMNS,
    iter_standard_slugs,
)
from tests.conftest import PORTAL, column

pytestmark = pytest.mark.django_db


def snapshot():
    """Row counts of everything create_site touches."""
    return {
        model.__name__: model.objects.count()
        for model in (
            Site,
            Page,
            SiteProfile,
            Group,
            Collection,
            Workflow,
            GroupPagePermission,
            GroupCollectionPermission,
            GroupSitePermission,
        )
    }


def test_new_site_has_the_standard_column_tree(cluster):
    for site in cluster.all:
        home = site.root_page.specific
        assert isinstance(home, HomePage)
        slugs = set(
            ColumnPage.objects.descendant_of(home).values_list("slug", flat=True)
        )
        kind = SiteProfile.for_site(site).kind
        assert set(iter_standard_slugs(kind=kind)) <= slugs
        # R23: exactly one top-level 政府信息公开 with its four fixed sub-columns.
        disclosure = ColumnPage.objects.child_of(home).filter(title="政府信息公开")
        assert disclosure.count() == 1
        sub_titles = set(
            ColumnPage.objects.child_of(disclosure.get()).values_list(
                "title", flat=True
            )
        )
        assert {
            "政府信息公开指南",
            "政府信息公开制度",
            "法定主动公开内容",
            "政府信息公开年报",
        } <= sub_titles
        # R9: a site map.
        assert SiteMapPage.objects.child_of(home).count() == 1
        for title in ("政务服务", "互动交流", "工作动态"):
            assert ColumnPage.objects.child_of(home).filter(title=title).exists()


ARTICLE_20_TITLES = [
    "法规文件", "机构职能", "规划计划", "统计信息", "行政许可", "行政处罚和行政强制",
    "财政预决算", "行政事业性收费", "政府采购", "重大建设项目",
    "民生保障（扶贫、教育、医疗、社会保障、促进就业）", "应急管理", "监督检查",
    "公务员招考", "其他法定公开信息",
]  # fmt: skip
ARTICLE_21_TITLES = [
    "市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助"
]  # fmt: skip


def statutory_titles(site):
    parent = column(site, "fdzdgk")
    return list(
        ColumnPage.objects.child_of(parent)
        .order_by("path")
        .values_list("title", flat=True)
    )


def test_statutory_disclosure_sub_columns_follow_articles_20_and_21(cluster):
    """R31: the 15 Art. 20 categories for every body, Art. 21's seven for the
    city and county-level governments and their departments."""
    assert len(ARTICLE_20_COLUMNS) == 15 and len(ARTICLE_21_COLUMNS) == 7
    for site in cluster.all:  # portal, departments and a banner (旗, county level)
        assert statutory_titles(site) == ARTICLE_20_TITLES + ARTICLE_21_TITLES
        wording = column(site, "czyjs").description
        assert wording == "财政预算、决算信息"  # the statute's wording
    slugs = [c.slug for c in ARTICLE_20_COLUMNS + ARTICLE_21_COLUMNS]
    assert len(set(slugs)) == len(slugs) and all(s.isascii() for s in slugs)


def test_a_topic_site_gets_article_20_only(cluster):
    site = create_site(
        SiteSpec(
            code="1599000090",
            name="北疆市乡村振兴专题",
            hostname="xczx.bj.example.gov.cn",
            kind=SiteKind.TOPIC,
            parent_code=PORTAL.code,
        )
    )
    assert statutory_titles(site) == ARTICLE_20_TITLES
    assert "szjs" not in set(iter_standard_slugs(kind=SiteKind.TOPIC))


def test_new_site_has_profile_collection_groups_and_workflow(cluster):
    edu = cluster.edu
    profile = SiteProfile.for_site(edu)
    assert profile.code == "1599000002"
    assert profile.kind == SiteKind.DEPARTMENT
    assert profile.parent.code == PORTAL.code
    assert profile.sponsor == "北疆市教育局"
    assert Collection.objects.filter(name="北疆市教育局").count() == 1

    groups = site_groups(edu.site_name)
    assert set(groups) == set(SiteRole.ALL)
    for role in SiteRole.CONTENT:
        group = groups[role]
        # Page permissions only on this site's root, media only in its collection.
        assert {p.page_id for p in GroupPagePermission.objects.filter(group=group)} == {
            edu.root_page_id
        }
        # Media rights in its own collection; from the shared one it may only choose.
        media = GroupCollectionPermission.objects.filter(group=group)
        assert {
            p.collection.name
            for p in media.exclude(permission__codename__startswith="choose")
        } == {"北疆市教育局"}
        assert {p.collection.name for p in media} == {"北疆市教育局", "全站共享素材"}
    editor_perms = set(
        GroupPagePermission.objects.filter(group=groups[SiteRole.EDITOR]).values_list(
            "permission__codename", flat=True
        )
    )
    assert "publish_page" not in editor_perms  # editors submit for review
    assert (
        GroupSitePermission.objects.get(group=groups[SiteRole.SITE_ADMIN]).site == edu
    )

    workflow = edu.root_page.get_workflow()
    assert workflow is not None and workflow.active
    review, sign_off = [
        t.specific for t in workflow.tasks.order_by("workflow_tasks__sort_order")
    ]
    assert review.name.endswith("·审核") and sign_off.name.endswith("·签发")
    assert set(review.groups.all()) == {
        groups[SiteRole.REVIEWER],
        groups[SiteRole.SITE_ADMIN],
    }
    assert set(sign_off.groups.all()) == {groups[SiteRole.SITE_ADMIN]}


def test_command_creates_a_banner_site(cluster, capsys):
    call_command(
        "create_site",
        code="1506270001",
        name="准格尔旗人民政府",
        hostname="zgeq.example.gov.cn",
        kind="banner",
        parent=PORTAL.code,
    )
    site = Site.objects.get(hostname="zgeq.example.gov.cn")
    assert site.site_name == "准格尔旗人民政府"
    assert SiteProfile.for_site(site).kind == SiteKind.BANNER
    assert column(site, "xxgk").live
    assert "已创建网站" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"code": "15062700"}, "网站标识码格式不正确"),
        ({"code": "9906270001"}, "行政区划代码"),
        ({"code": "1599000002"}, "已被其他网站使用"),
        (
            {"hostname": "jyj.bj.example.gov.cn"},
            "域名 jyj.bj.example.gov.cn 已被其他网站使用",
        ),
        ({"hostname": "http://bad host/"}, "域名格式不正确"),
        ({"parent": "1599999999"}, "找不到网站标识码为 1599999999 的上级网站"),
        ({"parent": None}, "必须指定上级网站"),
        ({"kind": "county"}, "网站类型只能是"),
        ({"name": "北疆市教育局"}, "已存在名为"),
    ],
)
def test_bad_input_is_refused_and_creates_nothing(cluster, options, message):
    before = snapshot()
    arguments = {
        "code": "1506270001",
        "name": "准格尔旗人民政府",
        "hostname": "zgeq.example.gov.cn",
        "kind": "banner",
        "parent": PORTAL.code,
        **options,
    }
    with pytest.raises(CommandError) as excinfo:
        call_command("create_site", **arguments)
    assert message in str(excinfo.value)
    assert snapshot() == before


def test_site_code_formats():
    from django.core.exceptions import ValidationError

    from sites.validators import validate_site_code

    for good in ("1506270001", "4300000077", "bm29000002"):
        validate_site_code(good)  # R1
    for bad in (
        "150627000",
        "15062700011",
        "BM29000002",
        "bm2900000",
        "abcdefghij",
        "",
    ):
        with pytest.raises(ValidationError):
            validate_site_code(bad)


def test_handler_roles_get_no_content_permissions(cluster):
    groups = site_groups(cluster.edu.site_name)
    for role in (SiteRole.LETTER_HANDLER, SiteRole.DISCLOSURE_HANDLER):
        group = groups[role]
        assert not GroupPagePermission.objects.filter(group=group).exists()
        assert not GroupCollectionPermission.objects.filter(group=group).exists()
        assert list(group.permissions.values_list("codename", flat=True)) == [
            "access_admin"
        ]
