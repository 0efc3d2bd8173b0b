"""Wagtail's generic admin views stay inside the user's own sites (issue #14 item 5).

Found black-box: ``/admin/bulk/wagtailcore/page/delete/?id=1…699`` listed 649
titles of every site, drafts included; ``/admin/choose-page/<id>/`` showed a
draft's title; the image and document bulk views listed other sites' files.
"""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from sites.models import ArticlePage
from sites.services.provisioning import SiteRole, site_groups
from sites.services.roles import SUPERVISOR
from tests.conftest import add_article, column

SECRET = "卫健委内部草稿"


@pytest.fixture
def foreign(cluster):
    """A draft, a live page, an image and a document of 卫健委."""
    news = column(cluster.health, "gzdt")
    draft = add_article(news, f"{SECRET}一")
    draft.unpublish()
    live = add_article(news, f"{SECRET}二")
    collection = Collection.objects.get(name=cluster.health.site_name)
    image = Image.objects.create(
        title=f"{SECRET}图片", file=get_test_image_file(), collection=collection
    )
    document = Document(title=f"{SECRET}文档", collection=collection)
    document.file.save("notice.txt", ContentFile(b"notice"), save=False)
    document.save()
    return {"draft": draft, "live": live, "image": image, "document": document,
            "column": news}  # fmt: skip


def text_of(response) -> str:
    body = response.content.decode("utf-8", "replace")
    try:  # choosers answer JSON, whose HTML has \\u escapes
        return json.dumps(json.loads(body), ensure_ascii=False)
    except ValueError:
        return body


def probes(objects):
    draft, live = objects["draft"].pk, objects["live"].pk
    image, document = objects["image"].pk, objects["document"].pk
    return [
        f"/admin/bulk/wagtailcore/page/delete/?id={draft}",
        f"/admin/bulk/wagtailcore/page/publish/?id={draft}",
        f"/admin/bulk/wagtailcore/page/move/?id={draft}&id={live}",
        f"/admin/bulk/wagtailcore/page/unpublish/?id={live}",
        f"/admin/bulk/wagtailcore/page/delete/?id=all&childOf={objects['column'].pk}",
        f"/admin/choose-page/{draft}/",
        f"/admin/choose-page/{objects['column'].pk}/",
        f"/admin/choose-page/chosen-multiple/?id={draft}&id={live}",
        f"/admin/bulk/wagtailimages/image/delete/?id={image}",
        f"/admin/bulk/wagtailimages/image/add_to_collection/?id={image}",
        f"/admin/bulk/wagtaildocs/document/delete/?id={document}",
        f"/admin/bulk/wagtaildocs/document/add_to_collection/?id={document}",
    ]


@pytest.mark.parametrize(
    "role",
    [SiteRole.EDITOR, SiteRole.REVIEWER, SiteRole.SITE_ADMIN, SiteRole.LETTER_HANDLER],
)
def test_no_site_role_reads_another_sites_titles(
    client, cluster, make_user, foreign, role
):
    user = make_user(f"probe-{role}", site_groups(cluster.edu)[role])
    client.force_login(user)
    for url in probes(foreign):
        response = client.get(url)
        assert response.status_code < 500, url
        assert SECRET not in text_of(response), url


def test_bulk_actions_still_work_on_own_pages(client, cluster, make_user):
    """The narrowing keeps the user's own items: the confirmation lists them and
    the action runs (a draft deleted by its site's 站点管理员)."""
    own = add_article(column(cluster.edu, "gzdt"), "教育局自己的稿件")
    own.unpublish()
    admin = make_user("edu-admin", site_groups(cluster.edu)[SiteRole.SITE_ADMIN])
    client.force_login(admin)
    url = f"/admin/bulk/wagtailcore/page/delete/?id={own.pk}"
    response = client.get(url)
    assert response.status_code == 200
    assert "教育局自己的稿件" in response.content.decode()
    response = client.post(url, {"next": "/admin/"})
    assert response.status_code == 302
    assert not ArticlePage.objects.filter(pk=own.pk).exists()


def test_mixed_ids_keep_only_own(client, cluster, make_user, foreign):
    own = add_article(column(cluster.edu, "gzdt"), "教育局稿件甲")
    admin = make_user("edu-admin2", site_groups(cluster.edu)[SiteRole.SITE_ADMIN])
    client.force_login(admin)
    url = f"/admin/bulk/wagtailcore/page/delete/?id={own.pk}&id={foreign['draft'].pk}"
    body = client.get(url).content.decode()
    assert "教育局稿件甲" in body and SECRET not in body


def test_chooser_still_walks_down_to_the_users_site(client, cluster, make_user):
    editor = make_user("walker", site_groups(cluster.edu)[SiteRole.EDITOR])
    client.force_login(editor)
    root_id = cluster.edu.root_page.get_parent().pk
    for page_id in (root_id, cluster.edu.root_page_id, column(cluster.edu, "gzdt").pk):
        assert client.get(f"/admin/choose-page/{page_id}/").status_code == 200


def test_supervisor_still_reads_every_site(client, cluster, make_user, foreign):
    supervisor = make_user("sup", Group.objects.get(name=SUPERVISOR))
    client.force_login(supervisor)
    response = client.get(
        f"/admin/bulk/wagtailcore/page/delete/?id={foreign['live'].pk}"
    )
    assert response.status_code == 200


def test_wagtail_default_groups_are_gone(db):
    """Wagtail's "Editors"/"Moderators" held edit rights on every site's tree."""
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
