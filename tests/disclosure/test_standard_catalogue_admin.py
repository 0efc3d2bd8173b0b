"""The 基层政务公开标准目录 editor (R34): a banner site's own 站点管理员 and 编辑
edit its 公开事项 (依据/时限/主体/渠道 and the columns holding the content)
through the admin's snippet forms; another site's admin is refused and never
sees them; the query count of the list does not grow with the entries."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.snippets.views import snippets as snippet_views

from disclosure.models import CatalogueEntry
from sites.desk_viewsets import OwnSitesOnly
from sites.models import SiteKind
from sites.services.provisioning import SiteRole, create_site
from tests.conftest import column, member_spec

pytestmark = pytest.mark.django_db
URLS = "wagtailsnippets_disclosure_catalogueentry"


def client_for(site_user, site, role, name):
    client = Client()
    client.force_login(site_user(site, role, name))
    return client


def entry_form(site, columns, **extra):
    return {
        "site": site.pk, "domain": "社会救助", "name": "临时救助对象公示",
        "content": "临时救助对象姓名（脱敏）、救助金额", "basis": "《社会救助暂行办法》第四十七条",
        "time_limit": "审批后10个工作日内", "window_days": "90", "subject": "旗民政局",
        "channels": "政府网站、村（社区）公示栏", "audience": "全社会", "manner": "主动公开",
        "level": "旗县级", "columns": [c.pk for c in columns], "active": "on",
        "sort_order": "20", **extra,
    }  # fmt: skip


def test_r34_the_banner_admin_adds_and_edits_an_entry_with_its_columns(
    cluster, site_user, django_assert_max_num_queries
):
    admin = client_for(site_user, cluster.banner, SiteRole.SITE_ADMIN, "byq-admin")
    listing = admin.get(reverse(f"{URLS}:list"))
    assert listing.status_code == 200
    own = CatalogueEntry.objects.filter(site=cluster.banner)
    assert own.count() >= 10
    html = listing.content.decode()
    assert all(e.name in html for e in own[:5])
    add = admin.get(reverse(f"{URLS}:add")).content.decode()
    assert "依据、时限、主体和渠道" in add and "白云旗人民政府 ›" in add
    assert "北疆市教育局" not in add  # another site's columns are not offered
    target = column(cluster.banner, "fdzdgk")
    response = admin.post(reverse(f"{URLS}:add"), entry_form(cluster.banner, [target]))
    assert response.status_code == 302, response.content.decode()[-3000:]
    entry = CatalogueEntry.objects.get(name="临时救助对象公示")
    assert entry.site == cluster.banner and list(entry.columns.all()) == [target]
    assert (entry.basis, entry.time_limit, entry.subject) == (
        "《社会救助暂行办法》第四十七条", "审批后10个工作日内", "旗民政局",
    )  # fmt: skip
    edit = reverse(f"{URLS}:edit", args=[entry.pk])
    response = admin.post(edit, entry_form(cluster.banner, [target], window_days="30"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.window_days == 30
    for view in ("history", "usage"):  # these answered 500 before
        assert admin.get(reverse(f"{URLS}:{view}", args=[entry.pk])).status_code == 200
    # The list costs the same number of queries whatever the number of entries.
    with django_assert_max_num_queries(40) as counted:
        admin.get(reverse(f"{URLS}:list"))
    few = len(counted.captured_queries)
    for n in range(10):
        CatalogueEntry.objects.create(site=cluster.banner, domain="测试", name=f"事项{n}",
                                      content="内容", basis="依据", time_limit="时限",
                                      subject="主体", channels="渠道")  # fmt: skip
    with django_assert_max_num_queries(few):
        admin.get(reverse(f"{URLS}:list"))


def test_r34_bad_input_is_refused_in_chinese_and_nothing_changes(cluster, site_user):
    editor = client_for(site_user, cluster.banner, SiteRole.EDITOR, "byq-editor")
    foreign = column(cluster.edu, "fdzdgk")
    response = editor.post(
        reverse(f"{URLS}:add"), entry_form(cluster.banner, [foreign], basis="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "必需字段" in html  # 公开依据 is required
    assert not CatalogueEntry.objects.filter(name="临时救助对象公示").exists()
    # A hand-made POST naming another site's column is refused too.
    response = editor.post(
        reverse(f"{URLS}:add"), entry_form(cluster.banner, [foreign])
    )
    assert response.status_code == 200
    assert not CatalogueEntry.objects.filter(name="临时救助对象公示").exists()


def test_r34_another_sites_admin_is_refused(cluster, site_user):
    jinhe = create_site(
        member_spec("1599220001", "金河旗人民政府", "www.jhq.example.gov.cn",
                    SiteKind.BANNER, "15992202000127")
    )  # fmt: skip
    theirs = CatalogueEntry.objects.filter(site=cluster.banner).first()
    for client in (
        client_for(site_user, cluster.edu, SiteRole.SITE_ADMIN, "edu-admin"),
        client_for(site_user, jinhe, SiteRole.SITE_ADMIN, "jhq-admin"),
    ):
        edit = reverse(f"{URLS}:edit", args=[theirs.pk])
        data = entry_form(cluster.banner, [], name="改名")
        response = client.post(edit, data)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == "/admin/"  # Wagtail's refusal
        assert client.post(reverse(f"{URLS}:delete", args=[theirs.pk])).status_code in (
            302, 403,
        )  # fmt: skip
        for view in ("history", "usage"):
            response = client.get(reverse(f"{URLS}:{view}", args=[theirs.pk]))
            assert response.status_code in (302, 403), view
        # Adding an entry for the banner site is refused as well.
        client.post(reverse(f"{URLS}:add"), entry_form(cluster.banner, []))
    theirs.refresh_from_db()
    assert (
        theirs.name != "改名" and CatalogueEntry.objects.filter(pk=theirs.pk).exists()
    )
    assert not CatalogueEntry.objects.filter(name="临时救助对象公示").exists()
    # The other banner's admin sees only their own entries.
    jinhe_admin = client_for(site_user, jinhe, SiteRole.SITE_ADMIN, "jhq-admin-2")
    html = jinhe_admin.get(reverse(f"{URLS}:list")).content.decode()
    assert "白云旗人民政府" not in html
    # The department's admin has no catalogue at all.
    edu = client_for(site_user, cluster.edu, SiteRole.SITE_ADMIN, "edu-admin-2")
    response = edu.get(reverse(f"{URLS}:list"))
    assert response.status_code in (302, 403)


def test_own_sites_only_serves_a_usage_view(cluster, site_user):
    """``OwnSitesOnly`` forwards get_object's arguments, so it also works on a
    view whose get_object() takes none (usage, history): 200 for the entry's
    own site admin, refused for another site's."""

    class UsageView(OwnSitesOnly, snippet_views.UsageView):
        pass

    viewset = CatalogueEntry.snippet_viewset
    view = viewset.construct_view(UsageView, **viewset.get_usage_view_kwargs())
    entry = CatalogueEntry.objects.filter(site=cluster.banner).first()

    def get(user):
        request = RequestFactory().get(reverse(f"{URLS}:usage", args=[entry.pk]))
        request.user = user
        return view(request, pk=entry.pk)

    own = get(site_user(cluster.banner, SiteRole.SITE_ADMIN, "byq-admin"))
    assert own.status_code == 200
    assert entry.name in own.render().content.decode()
    with pytest.raises(PermissionDenied):
        get(site_user(cluster.edu, SiteRole.SITE_ADMIN, "edu-admin"))
