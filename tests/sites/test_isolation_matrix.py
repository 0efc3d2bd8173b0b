"""Every role x two sites x the admin views that list or open pages, images,
documents and snippets: nothing of a foreign site is visible, editable or
reachable by direct URL (issue #3 item 2; SECURITY.md §6)."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from sites.services.provisioning import SiteRole, site_groups
from sites.services.roles import CLUSTER_ADMIN, CLUSTER_ROLE_PERMISSIONS
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db
REFUSED = (302, 403, 404)


def media(site, tag):
    collection = Collection.objects.get(name=site.site_name)
    document = get_document_model()(
        title=f"{tag}文件甲乙丙 zzmarker", collection=collection
    )
    document.file.save("f.txt", ContentFile(b"x"), save=False)
    document.save()
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4)).save(buffer, format="PNG")
    image = get_image_model()(title=f"{tag}图片甲乙丙 zzmarker", collection=collection)
    image.file = ImageFile(buffer, name="i.png")
    image.save()
    return document, image


@pytest.fixture
def objects(cluster, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": True}
    }
    made = {}
    for key, site in (("edu", cluster.edu), ("health", cluster.health)):
        article = add_article(column(site, "gzdt"), f"{key}内部文章甲乙丙 zzmarker")
        document, image = media(site, key)
        made[key] = {
            "site": site,
            "article": article,
            "document": document,
            "image": image,
        }
    return made


def listing_urls(own, foreign):
    """Views that list things: the foreign titles must never appear in them."""
    article = foreign["article"]
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[own["site"].root_page_id]),
        reverse("wagtailadmin_explore", args=[own["site"].root_page_id])
        + "?q=zzmarker",
        reverse("wagtailadmin_pages:search") + "?q=zzmarker",
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[1]),
        reverse("wagtailadmin_choose_page_child", args=[foreign["site"].root_page_id]),
        reverse("wagtailadmin_choose_page_child", args=[article.get_parent().pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=zzmarker",
        reverse("wagtailimages:index"),
        reverse("wagtailimages:index") + "?q=zzmarker",
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailimages_chooser:choose_results") + "?q=zzmarker",
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:index") + "?q=zzmarker",
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtaildocs_chooser:choose_results") + "?q=zzmarker",
        reverse("wagtailsnippets:index"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:locked_pages"),
        "/admin/api/main/pages/?search=zzmarker",
        f"/admin/api/main/pages/?child_of={article.get_parent().pk}",
    ]


def object_urls(foreign):
    """Direct URLs to a foreign object: each must be refused."""
    article, document, image = foreign["article"], foreign["document"], foreign["image"]
    site = foreign["site"]
    return [
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailadmin_pages:edit", args=[site.root_page_id]),
        reverse("wagtailadmin_pages:delete", args=[article.pk]),
        reverse("wagtailadmin_pages:history", args=[article.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[article.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[article.pk]),
        reverse("wagtailadmin_pages:copy", args=[article.pk]),
        reverse("wagtailadmin_pages:move", args=[article.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[article.pk]),
        reverse("wagtailadmin_pages:usage", args=[article.pk]),
        reverse(
            "wagtailadmin_pages:add",
            args=["sites", "articlepage", article.get_parent().pk],
        ),
        f"/admin/api/main/pages/{article.pk}/",
        reverse("wagtailimages:edit", args=[image.pk]),
        reverse("wagtailimages:delete", args=[image.pk]),
        reverse("wagtailimages_chooser:chosen", args=[image.pk]),
        reverse("wagtaildocs:edit", args=[document.pk]),
        reverse("wagtaildocs:delete", args=[document.pk]),
        reverse("wagtaildocs_chooser:chosen", args=[document.pk]),
        reverse("wagtailsettings:edit", args=["sites", "siteprofile", site.pk]),
        reverse("sites_withdraw_page", args=[article.pk]),
        reverse("sites_syndication_submit", args=[article.pk]),
    ]


def foreign_titles(foreign):
    return [
        foreign["article"].title,
        foreign["document"].title,
        foreign["image"].title,
    ]


ROLES = [
    *[("edu", role) for role in SiteRole.ALL],
    *[("health", role) for role in SiteRole.ALL],
    *[(None, name) for name in CLUSTER_ROLE_PERMISSIONS],
]


@pytest.mark.parametrize(("own_key", "role"), ROLES, ids=[f"{k}-{r}" for k, r in ROLES])
def test_no_role_sees_or_opens_a_foreign_sites_objects(
    cluster, objects, make_user, own_key, role
):
    if own_key:
        group = site_groups(objects[own_key]["site"].site_name)[role]
    else:
        group = Group.objects.get(name=role)
    client = Client()
    client.force_login(make_user("matrix-user", group))
    own = objects[own_key] if own_key else objects["edu"]
    checked = 0
    for foreign_key in [k for k in ("edu", "health") if k != own_key]:
        foreign = objects[foreign_key]
        for url in listing_urls(own, foreign):
            response = client.get(url)
            assert response.status_code < 500, url
            body = response.content.decode(errors="ignore")
            for title in foreign_titles(foreign):
                assert title not in body, f"{role} sees {title} at {url}"
            checked += 1
        for url in object_urls(foreign):
            if role == CLUSTER_ADMIN and "/settings/" in url:
                continue  # the cluster admin keeps every site's profile
            response = client.get(url)
            assert response.status_code in REFUSED, (url, response.status_code)
            assert foreign["article"].title not in response.content.decode(
                errors="ignore"
            )
            checked += 1
    if own_key:
        # The audit log and the reports that span every site: never for site roles.
        for name in ("sites_audit_log", "wagtailadmin_reports:workflow",
                     "wagtailadmin_reports:workflow_tasks",
                     "wagtailadmin_reports:page_types_usage"):  # fmt: skip
            assert client.get(reverse(name)).status_code in REFUSED, name
    assert checked >= 40


def test_positive_control_content_roles_do_see_their_own_objects(
    cluster, objects, make_user
):
    """The same views show a site's own objects to its content roles, so the matrix
    above would notice a leak instead of passing on empty pages."""
    own = objects["edu"]
    client = Client()
    client.force_login(
        make_user("own-editor", site_groups(cluster.edu.site_name)[SiteRole.EDITOR])
    )
    assert (
        own["article"].title
        in client.get(
            reverse("wagtailadmin_choose_page_search") + "?q=zzmarker"
        ).content.decode()
    )
    assert (
        own["document"].title
        in client.get(reverse("wagtaildocs:index")).content.decode()
    )
    assert (
        own["image"].title
        in client.get(reverse("wagtailimages:index")).content.decode()
    )
    assert (
        client.get(
            reverse("wagtailadmin_pages:edit", args=[own["article"].pk])
        ).status_code
        == 200
    )
    assert (
        client.get(reverse("wagtaildocs:edit", args=[own["document"].pk])).status_code
        == 200
    )


def test_cluster_wide_reports_still_open_for_cluster_wide_users(client, cluster):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(
        "root", "root@example.gov.cn", "x"
    )
    client.force_login(admin)
    for name in ("workflow", "workflow_tasks", "page_types_usage"):
        assert client.get(reverse(f"wagtailadmin_reports:{name}")).status_code == 200, (
            name
        )
    assert (
        client.get(reverse("wagtailadmin_reports:workflow_results")).status_code == 200
    )
