"""The admin in Chinese for every role (issue #17 item 2): each role's screens,
rendered through the admin as that role (its real groups from provisioning),
show none of the English messages Wagtail 8.0.1's zh_Hans leaves untranslated,
nor Wagtail's branding; an invalid form's messages are Chinese too.

KNOWN_ENGLISH was collected by rendering these screens on the demo before the
project's catalogue (locale/zh_Hans/LC_MESSAGES/django.po) and templates
(themes/templates/wagtailadmin/) existed.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from sites.services.provisioning import SiteRole
from sites.services.roles import CLUSTER_ADMIN, SUPERVISOR, SYSTEM_ADMIN
from tests.conftest import add_article, article_form, column

pytestmark = pytest.mark.django_db

KNOWN_ENGLISH = (
    "Anyone can edit this", "lock it to prevent others from editing",
    "Autosave is paused", "Saved", "Checks", "Toggle checks", "Content metrics",
    "Reading time", "Readability", "Words", "This data explained",
    "Correct the validation errors", "saving will highlight errors", "Date updated",
    "Edit account avatar", "Edited by", "Exploring", "Go to the first error",
    "Has child pages", "Page type", "Referenced", "Search all pages", "Sort by",
    "in ascending order", "in descending order", "To be created by", "created in",
    "Pages", "Images", "Documents", "True", "False", "Wagtail", "Editor Guide",
    "editor guide", "What's new", "Sign in", "Password", "Actions (footer)",
    "This field is required", "The page could not be", "Page title",
    # Found walking the demo in Chromium (issue #17): the explorer's count.
    " of ", "across entire site", "No results", "Your pages and snippets",
    "Privacy and access",
)  # fmt: skip


def visible_text(html: str) -> str:
    """What a user reads or hears: text, and the placeholder, title, aria-label
    and alt attributes (scripts and templates are not read)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template", "noscript"]):
        tag.decompose()
    said = [
        tag[attr]
        for tag in soup.find_all(True)
        for attr in ("placeholder", "title", "aria-label", "alt")
        if isinstance(tag.get(attr), str)
    ]
    title = soup.title.get_text() if soup.title else ""
    return "\n".join([title, *said, soup.get_text("\n")])


def english_in(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    text = visible_text(response.content.decode())
    return [message for message in KNOWN_ENGLISH if message in text]


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def screens(cluster, site_user, make_user):
    article = add_article(column(cluster.edu, "gzdt"), "市教育局召开寒假安全工作部署会")
    news = column(cluster.edu, "gzdt")
    pages = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[news.pk]),
        reverse("wagtailadmin_explore", args=[news.pk]) + "?q=安全",
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailadmin_pages:add", args=["sites", "articlepage", news.pk]),
        reverse("sites_guide"),
    ]
    edu = cluster.edu

    def role(name):
        return site_user(edu, name, f"u-{name}")

    def cluster_role(name):
        return make_user(f"c-{name}", Group.objects.get(name=name))

    return {
        "编辑": (role(SiteRole.EDITOR), pages),
        "审核": (
            role(SiteRole.REVIEWER),
            [
                *pages,
                reverse("sites_syndication_inbox"),
                reverse("sites_syndication_outbox"),
            ],
        ),  # fmt: skip
        "站点管理员": (
            role(SiteRole.SITE_ADMIN),
            [
                *pages,
                reverse("sites_compliance_dashboard"),
                reverse("sites_site_overview", args=[edu.pk]),
            ],
        ),  # fmt: skip
        "信件办理": (
            role(SiteRole.LETTER_HANDLER),
            [reverse("wagtailadmin_home"), reverse("interaction_admin_letters")],
        ),
        "公开办理": (
            role(SiteRole.DISCLOSURE_HANDLER),
            [reverse("wagtailadmin_home"), reverse("disclosure_application_list")],
        ),
        "监督员": (
            cluster_role(SUPERVISOR),
            [
                reverse("wagtailadmin_home"),
                reverse("sites_compliance_dashboard"),
                reverse("sites_audit_log"),
            ],
        ),  # fmt: skip
        "集群管理员": (
            cluster_role(CLUSTER_ADMIN),
            [
                reverse("wagtailadmin_home"),
                reverse("sites_create_site"),
                reverse("sites_compliance_dashboard"),
                reverse("legacy_import"),
            ],
        ),  # fmt: skip
        "系统管理员": (
            cluster_role(SYSTEM_ADMIN),
            [reverse("wagtailadmin_home"), reverse("wagtailusers_users:index")],
        ),  # fmt: skip
    }


def test_every_roles_screens_are_chinese(screens):
    found = {}
    for role, (user, urls) in screens.items():
        client = as_user(user)
        for url in urls:
            english = english_in(client.get(url))
            if english:
                found[f"{role} {url}"] = english
    assert found == {}


def test_login_page_and_tab_titles_carry_the_platforms_name(client):
    login = client.get(reverse("wagtailadmin_login"))
    text = visible_text(login.content.decode())
    assert "登录政府网站集约化平台" in text
    assert english_in(login) == []
    soup = BeautifulSoup(login.content, "html.parser")
    assert soup.title.get_text(strip=True).endswith("政府网站集约化平台")


def test_the_admin_home_is_called_like_in_the_guide(cluster, site_user):
    """The guide and the panels speak of the 工作台; the tab said 控制面板
    (Wagtail's word for its dashboard), found walking the demo (issue #17)."""
    editor = as_user(site_user(cluster.edu, SiteRole.EDITOR, "u-editor"))
    home = BeautifulSoup(
        editor.get(reverse("wagtailadmin_home")).content, "html.parser"
    )
    assert home.title.get_text(strip=True) == "工作台 - 政府网站集约化平台"
    assert "控制面板" not in home.get_text()


def test_the_editors_workbench_with_an_article_in_review(cluster, site_user):
    """Wagtail's panels that appear once an article is in review spoke English
    ("Your pages and snippets in a workflow", "Privacy and access")."""
    from wagtail.models import Workflow

    user = site_user(cluster.edu, SiteRole.EDITOR, "u-editor")
    article = add_article(column(cluster.edu, "gzdt"), "市教育局召开寒假安全工作部署会")
    article.save_revision(user=user)
    Workflow.objects.get(name="北疆市教育局审核发布流程").start(article, user)
    home = as_user(user).get(reverse("wagtailadmin_home"))
    assert "我送审中的稿件" in home.content.decode()
    assert english_in(home) == []


def test_validation_messages_are_chinese(cluster, site_user):
    editor = as_user(site_user(cluster.edu, SiteRole.EDITOR, "u-editor"))
    news = column(cluster.edu, "gzdt")
    response = editor.post(
        reverse("wagtailadmin_pages:add", args=["sites", "articlepage", news.pk]),
        article_form(""),
    )
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "必需字段" in text or "必填" in text
    assert english_in(response) == []


def test_help_leads_to_our_own_guide_for_each_role(cluster, site_user):
    editor = as_user(site_user(cluster.edu, SiteRole.EDITOR, "u-editor"))
    home = editor.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("sites_guide") in home and "guide.wagtail.org" not in home
    guide = BeautifulSoup(editor.get(reverse("sites_guide")).content, "html.parser")
    mine = guide.select_one("nav").get_text(" ", strip=True)
    assert mine.startswith("我的角色 编辑：撰写与提交稿件")
    assert "提交审核" in guide.select_one("article").get_text()
    for slug in ("reviewer", "site-admin", "letters", "disclosure", "supervisor",
                 "cluster-admin", "security"):  # fmt: skip
        chapter = editor.get(reverse("sites_guide_chapter", args=[slug]))
        assert chapter.status_code == 200
    assert editor.get(reverse("sites_guide_chapter", args=["nope"])).status_code == 404


def test_boolean_cells_say_yes_and_no(cluster, make_user):
    admin = as_user(make_user("sys", Group.objects.get(name=SYSTEM_ADMIN)))
    html = admin.get(reverse("wagtailusers_users:index")).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    said = [cell.get_text(strip=True) for cell in soup.select("td.status")]
    assert said and set(said) <= {"是", "否", "未知"} and "True" not in html
