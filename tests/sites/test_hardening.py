"""Regression tests for bad input and cross-site references (SECURITY.md §1, §5)."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site
from wagtail.test.utils.form_data import rich_text, streamfield

from sites.models import ArticlePage, SiteProfile
from sites.services import home as home_service
from sites.services.provisioning import (
    SiteProvisioningError,
    SiteRole,
    SiteSpec,
    create_site,
)
from sites.services.workdays import add_working_days
from sites.validators import validate_hostname, validate_site_code
from tests.conftest import PORTAL, add_article, article_form, column
from tests.sites.test_admin_roles import make_document

pytestmark = pytest.mark.django_db
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def make_image(site, title):
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 0, 0)).save(buffer, format="PNG")
    image = get_image_model()(
        title=title, collection=Collection.objects.get(name=site.site_name)
    )
    image.file = ImageFile(buffer, name="logo.png")
    image.save()
    return image


def test_editor_cannot_attach_another_sites_document(client, cluster, site_user):
    foreign = make_document(cluster.health, "卫健委内部文件")
    client.force_login(site_user(cluster.edu, SiteRole.EDITOR))
    parent = column(cluster.edu, "gzdt")
    url = reverse("wagtailadmin_pages:add", args=["sites", "articlepage", parent.pk])
    data = article_form(
        "带外站附件的文章",
        **{
            "attachments-TOTAL_FORMS": 1,
            "attachments-0-document": foreign.pk,
            "attachments-0-title": "",
            "attachments-0-ORDER": 1,
            "attachments-0-DELETE": "",
            "attachments-0-id": "",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "不能使用其他网站的文件或图片" in response.content.decode()
    assert not ArticlePage.objects.filter(title="带外站附件的文章").exists()

    # The same through a document block and a rich-text document link.
    for body in (
        streamfield([("document", {"document": foreign.pk, "title": "x"})]),
        streamfield(
            [
                (
                    "paragraph",
                    rich_text(f'<p><a linktype="document" id="{foreign.pk}">x</a></p>'),
                )
            ]
        ),
    ):
        response = client.post(url, article_form("带外站附件的文章", body=body))
        assert response.status_code == 200
        assert "不能使用其他网站的文件或图片" in response.content.decode()
    assert not ArticlePage.objects.filter(title="带外站附件的文章").exists()

    own = make_document(cluster.edu, "教育局附件")
    data["attachments-0-document"] = own.pk
    assert client.post(url, data).status_code == 302


def test_site_admin_cannot_use_another_sites_image_as_logo(client, cluster, site_user):
    foreign = make_image(cluster.health, "卫健委图片")
    client.force_login(site_user(cluster.edu, SiteRole.SITE_ADMIN))
    url = reverse("wagtailsettings:edit", args=["sites", "siteprofile", cluster.edu.pk])
    response = client.post(
        url, {"sponsor": "北疆市教育局", "theme_variant": "blue", "logo": foreign.pk}
    )
    assert response.status_code == 200
    assert "不能使用其他网站的文件或图片" in response.content.decode()
    assert SiteProfile.for_site(cluster.edu).logo is None
    own = make_image(cluster.edu, "教育局标志")
    response = client.post(
        url, {"sponsor": "北疆市教育局", "theme_variant": "blue", "logo": own.pk}
    )
    assert response.status_code == 302
    assert SiteProfile.for_site(cluster.edu).logo == own


def test_site_admin_cannot_delete_or_move_the_site_home(client, cluster, site_user):
    client.force_login(site_user(cluster.edu, SiteRole.SITE_ADMIN))
    home_id = cluster.edu.root_page_id
    response = client.post(reverse("wagtailadmin_pages:delete", args=[home_id]))
    assert response.status_code == 302
    assert Page.objects.filter(pk=home_id).exists()
    assert Site.objects.filter(pk=cluster.edu.pk).exists()
    target = column(cluster.edu, "hdjl")
    response = client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[home_id, target.pk])
    )
    assert response.status_code == 302
    assert Page.objects.get(pk=home_id).depth == 2
    # Columns below the home page stay the site admin's to manage; a live one
    # is withdrawn (撤稿, which leaves a public trace) before it is deleted, as
    # no site role holds publish_page (issue 13 item 1, R76).
    news = column(cluster.edu, "gzdt")
    admin = response.wsgi_request.user
    assert news.permissions_for_user(admin).can_edit()
    assert not news.permissions_for_user(admin).can_delete()
    news.unpublish()
    assert news.permissions_for_user(admin).can_delete()


def test_forged_post_to_a_foreign_page_changes_nothing(client, cluster, site_user):
    foreign = add_article(column(cluster.health, "gzdt"), "卫健委的文章")
    revisions = foreign.revisions.count()
    client.force_login(site_user(cluster.edu, SiteRole.REVIEWER))
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[foreign.pk]),
        article_form("被篡改", **{"action-publish": "action-publish"}),
    )
    assert response.status_code in (302, 403)
    foreign.refresh_from_db()
    assert foreign.title == "卫健委的文章"
    assert foreign.revisions.count() == revisions


@pytest.mark.parametrize(
    "code", ["15０６２７０００１", "1506270001\n", "١٥٠٦٢٧٠٠٠١", "bm2900000２"]
)
def test_site_code_refuses_non_ascii_digits_and_newlines(code):
    with pytest.raises(ValidationError):
        validate_site_code(code)


@pytest.mark.parametrize(
    "host", ["zgeq\n.example.gov.cn", "zgeq.example.gov.cn\n", "ＺＧ.gov.cn"]
)
def test_hostname_refuses_control_and_full_width_characters(host):
    with pytest.raises(ValidationError):
        validate_hostname(host)


def test_create_site_refuses_long_sponsor_and_leftover_home(cluster):
    spec = SiteSpec(
        code="1599000099", name="测试局", hostname="csj.bj.example.gov.cn",
        parent_code=PORTAL.code, sponsor="长" * 101,
    )  # fmt: skip
    with pytest.raises(SiteProvisioningError) as excinfo:
        create_site(spec)
    assert "主办单位名称不能超过100个字" in str(excinfo.value)
    # A home page left over from a deleted Site blocks reusing its code.
    Site.objects.filter(pk=cluster.banner.pk).delete()
    spec = SiteSpec(
        code="1599210001", name="新白云旗", hostname="new.byq.example.gov.cn",
        kind="banner", parent_code=PORTAL.code,
    )  # fmt: skip
    SiteProfile.objects.filter(code="1599210001").delete()
    with pytest.raises(SiteProvisioningError) as excinfo:
        create_site(spec)
    assert "首页已存在" in str(excinfo.value)


def test_site_parent_cannot_form_a_loop(cluster):
    portal = SiteProfile.for_site(cluster.portal)
    edu = SiteProfile.for_site(cluster.edu)
    portal.parent = edu
    with pytest.raises(ValidationError):
        portal.full_clean()
    edu.parent = edu
    with pytest.raises(ValidationError):
        edu.full_clean()


def test_search_refuses_control_characters(client, cluster):
    response = client.get("/search/", {"q": "a\x00b"}, HTTP_HOST=cluster.edu.hostname)
    assert response.status_code == 400
    assert "无效字符" in response.content.decode()


def test_search_without_any_matching_site_is_a_404(client, cluster):
    Site.objects.update(is_default_site=False)
    response = client.get("/search/", {"q": "教育"}, HTTP_HOST="nowhere.example.com")
    assert response.status_code == 404


def test_jiucuo_link_carries_the_path_but_not_the_query(client, cluster):
    response = client.get(
        "/gzdt/", {"page": "2", "code": "secret"}, HTTP_HOST=cluster.edu.hostname
    )
    html = response.content.decode()
    assert "secret" not in html
    assert "url=http%3A%2F%2Fjyj.bj.example.gov.cn%2Fgzdt%2F" in html


def test_link_column_never_reveals_a_draft_page(client, cluster):
    draft = add_article(column(cluster.health, "tzgg"), "尚未发布的通知")
    draft.unpublish()
    link = column(cluster.edu, "zwfw")
    link.layout = "link"
    link.link_page = draft
    link.save_revision().publish()
    response = client.get("/zwfw/", HTTP_HOST=cluster.edu.hostname)
    assert response.status_code == 200  # shown as a plain column, no redirect


def test_deadline_counts_from_the_beijing_date():
    # 01:00 on 9 Oct in Beijing is still 8 Oct in UTC; the statutory day is 9 Oct.
    submitted = datetime.datetime(2026, 10, 9, 1, 0, tzinfo=BEIJING)
    from_datetime = add_working_days(submitted.astimezone(datetime.UTC), 1)
    assert from_datetime.date == add_working_days(datetime.date(2026, 10, 9), 1).date
    assert from_datetime.date == datetime.date(2026, 10, 10)  # 调休 Saturday


def test_portal_blocks_with_the_recency_horizon(client, cluster, monkeypatch):
    monkeypatch.setattr(home_service, "PORTAL_HORIZON_MIN", 1)
    monkeypatch.setattr("django.conf.settings.CLUSTER_PORTAL_ITEMS_PER_SITE", 1)
    add_article(column(cluster.health, "gzdt"), "卫健委旧闻", days_ago=30)
    for number in range(12):
        add_article(
            column(cluster.edu, "gzdt"), f"教育新闻{number}", days_ago=number % 3
        )
    html = client.get("/", HTTP_HOST=cluster.portal.hostname).content.decode()
    # Horizon = 2 kinds x 6 shown sites x 1 item x 8 = 96 newest items: all 12
    # edu items and the health item fit, so both departments keep their block.
    assert "教育新闻9" in html and "卫健委旧闻" in html


def test_shared_collection_can_be_chosen_by_every_site(client, cluster, site_user):
    from sites.services.provisioning import SHARED_COLLECTION

    shared = Collection.objects.get(name=SHARED_COLLECTION)
    emblem = get_image_model()(title="国徽图案", collection=shared)
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8)).save(buffer, format="PNG")
    emblem.file = ImageFile(buffer, name="emblem.png")
    emblem.save()
    for site in (cluster.edu, cluster.banner):
        admin = site_user(site, SiteRole.SITE_ADMIN, f"admin-{site.pk}")
        client.force_login(admin)
        url = reverse("wagtailsettings:edit", args=["sites", "siteprofile", site.pk])
        response = client.post(
            url, {"sponsor": site.site_name, "theme_variant": "red", "logo": emblem.pk}
        )
        assert response.status_code == 302  # chosen from the shared collection
        # ... but not changed: editing shared media stays with the cluster admin.
        edit = client.get(reverse("wagtailimages:edit", args=[emblem.pk]))
        assert edit.status_code in (302, 403)


def test_expiry_unpublishes_on_time(cluster):
    article = add_article(column(cluster.edu, "tzgg"), "限时公示")
    article.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    article.save_revision().publish()
    article.refresh_from_db()
    from django.core.management import call_command

    call_command("publish_scheduled")
    article.refresh_from_db()
    assert not article.live and article.expired
