"""The standard column tree stays standard (issue #17 item 4): editors add only
the page types a column holds, and new columns (栏目) are made by the site's
站点管理员 (or the 集群管理员). Through the admin's real views, per role."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from disclosure.models import DisclosureItem
from interaction.models import ConsultationPage, InterviewPage
from sites.models import ArticlePage, ColumnPage
from sites.services.provisioning import SiteRole
from tests.conftest import column

pytestmark = pytest.mark.django_db


def offered(client, parent):
    """The page types the admin's 添加子页面 menu offers under ``parent`` (or the
    one type it goes straight to)."""
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))
    if response.status_code == 302:
        parts = response["Location"].rstrip("/").split("/")
        return {f"{parts[-3]}.{parts[-2]}"}
    assert response.status_code == 200
    links = BeautifulSoup(response.content, "html.parser").select("a[href*='/add/']")
    found = set()
    for link in links:
        parts = link["href"].rstrip("/").split("/")
        found.add(f"{parts[-3]}.{parts[-2]}")
    return found


def test_an_editor_adds_only_articles_under_work_news(client, cluster, site_user):
    client.force_login(site_user(cluster.edu, SiteRole.EDITOR))
    assert offered(client, column(cluster.edu, "gzdt")) == {"sites.articlepage"}
    refused = client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=["sites", "columnpage", column(cluster.edu, "gzdt").pk],
        )
    )
    assert refused.status_code in (302, 403)
    assert not ColumnPage.objects.filter(title="不应存在").exists()


def test_each_type_is_offered_in_its_own_column_only(cluster):
    def allowed(model, slug):
        return model.can_create_at(column(cluster.edu, slug))

    assert allowed(ArticlePage, "gzdt") and allowed(ArticlePage, "tzgg")
    assert not allowed(ArticlePage, "fgwj") and not allowed(ArticlePage, "yjzj")
    assert allowed(DisclosureItem, "fgwj") and allowed(DisclosureItem, "zcwj")
    assert not allowed(DisclosureItem, "gzdt") and not allowed(DisclosureItem, "gknb")
    assert allowed(InterviewPage, "zxft") and not allowed(InterviewPage, "gzdt")
    assert allowed(ConsultationPage, "yjzj") and not allowed(ConsultationPage, "gzdt")


def test_a_site_admin_may_add_columns_and_an_editor_may_not(client, cluster, site_user):
    home = cluster.edu.root_page
    create = reverse("wagtailadmin_pages:add", args=["sites", "columnpage", home.pk])
    form = {"title": "专题专栏：乡村振兴", "slug": "xczx", "layout": "list",
            "column_type": "topic", "update_cycle_days": 0}  # fmt: skip

    client.force_login(site_user(cluster.edu, SiteRole.EDITOR, "col-editor"))
    assert "sites.columnpage" not in offered(client, column(cluster.edu, "zcwj"))
    response = client.post(create, form)
    assert response.status_code in (302, 403)
    assert not ColumnPage.objects.filter(slug="xczx").exists()

    client.force_login(site_user(cluster.edu, SiteRole.SITE_ADMIN, "col-admin"))
    assert "sites.columnpage" in offered(client, column(cluster.edu, "zcwj"))
    response = client.get(create)
    assert response.status_code == 200
