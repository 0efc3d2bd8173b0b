"""Site roles are data, not group names (issue #19 item 1).

Renaming a site in the admin used to take every desk from its handlers: the
desks read the role back from the group name ``<站名>·<角色>``.
"""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from sites.models import SiteRoleGroup
from sites.services.provisioning import SiteRole, site_groups
from sites.services.roles import CLUSTER_ADMIN
from sites.services.site_roles import site_roles

ROOT = Path(__file__).resolve().parents[2]
NEW_NAME = "北疆市教育和体育局"

# Each desk, the role that opens it, and its list page.
DESKS = [
    ("依申请公开", SiteRole.DISCLOSURE_HANDLER, "disclosure_application_list"),
    ("信件办理", SiteRole.LETTER_HANDLER, "interaction_admin_letters"),
    ("信息公开年报", SiteRole.EDITOR, "disclosure_annual_reports:index"),
    ("办件公示导入", SiteRole.SITE_ADMIN, "approvals_upload:index"),
    ("网站工作年度报表", SiteRole.SITE_ADMIN, "sites_website_reports:index"),
    ("网站监管", SiteRole.SITE_ADMIN, "sites_compliance_dashboard"),
    ("检索统计", SiteRole.SITE_ADMIN, "search_analytics"),
    ("信箱设置", SiteRole.SITE_ADMIN, "interaction_mailboxes:index"),
]


def rename_in_admin(client, make_user, site, new_name):
    """The cluster admin renames ``site`` through Wagtail's own site form."""
    admin = make_user("renamer", Group.objects.get(name=CLUSTER_ADMIN))
    client.force_login(admin)
    response = client.post(
        reverse("wagtailsites:edit", args=[site.pk]),
        {
            "hostname": site.hostname,
            "port": site.port,
            "site_name": new_name,
            "root_page": site.root_page_id,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    site.refresh_from_db()
    assert site.site_name == new_name


@pytest.mark.parametrize(("desk", "role", "url_name"), DESKS)
def test_renaming_a_site_keeps_its_handlers_desks(
    client, cluster, make_user, desk, role, url_name
):
    handler = make_user(f"handler-{url_name}", site_groups(cluster.edu)[role])
    client.force_login(handler)
    assert client.get(reverse(url_name)).status_code == 200, desk

    rename_in_admin(client, make_user, cluster.edu, NEW_NAME)

    client.force_login(handler)
    response = client.get(reverse(url_name))
    assert response.status_code == 200, f"{desk}: {response.status_code}"
    handler.refresh_from_db()
    assert site_roles.site_ids(handler, role) == {cluster.edu.pk}


def test_a_renamed_sites_handlers_still_work_their_cases(client, cluster, make_user):
    """Beyond the list: the permission answers every desk asks stay with the site."""
    from disclosure.annual_report.permissions import report_site_ids
    from disclosure.applications.permissions import entry_site_ids, handled_site_ids
    from interaction.services.permissions import handler_site_ids, moderated_site_ids
    from sites.compliance.views import visible_site_ids

    groups = site_groups(cluster.edu)
    user = make_user("all-roles", *groups.values())
    rename_in_admin(client, make_user, cluster.edu, NEW_NAME)
    user.refresh_from_db()
    edu = {cluster.edu.pk}
    assert handled_site_ids(user) == edu
    assert entry_site_ids(user) == edu
    assert report_site_ids(user) == edu
    assert handler_site_ids(user) == edu
    assert moderated_site_ids(user) == edu
    assert visible_site_ids(user) == edu


def test_renamed_sites_groups_are_relabelled(client, cluster, make_user):
    rename_in_admin(client, make_user, cluster.edu, NEW_NAME)
    names = {tie.role: tie.group.name for tie in SiteRoleGroup.objects.filter(
        site=cluster.edu).select_related("group")}  # fmt: skip
    assert names == {role: f"{NEW_NAME}·{role}" for role in SiteRole.ALL}


def test_a_group_merely_named_like_a_role_grants_nothing(cluster, make_user):
    """A hand-made group called ``<站名>·公开办理`` is a label, not a role."""
    fake = Group.objects.create(name="北疆市卫生健康委员会·公开办理 ")
    impostor = make_user("impostor", fake)
    lookalike = Group.objects.create(name=f"{cluster.portal.site_name}·站点管理员x")
    impostor.groups.add(lookalike)
    assert site_roles.site_ids(impostor, SiteRole.ALL) == set()


def test_every_site_has_one_group_per_role(cluster):
    for site in cluster.all:
        ties = SiteRoleGroup.objects.filter(site=site)
        assert sorted(ties.values_list("role", flat=True)) == sorted(SiteRole.ALL)


def test_site_roles_cost_one_query_per_request(
    cluster, make_user, django_assert_num_queries
):
    user = make_user("counted", *site_groups(cluster.edu).values())
    with django_assert_num_queries(1):
        for _ in range(5):
            site_roles.site_ids(user, SiteRole.ALL)
            site_roles.has_role(user, cluster.edu.pk, SiteRole.EDITOR)


def test_the_data_migration_ties_existing_sites_groups(cluster):
    """Sites created before roles were data are tied by their groups' old names."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sites.migrations.0008_site_role_groups")
    SiteRoleGroup.objects.filter(site=cluster.banner).delete()
    migration.tie_existing_groups(apps, None)
    # The five roles of that time; 内部人员 came later (its own migration).
    assert SiteRoleGroup.objects.filter(site=cluster.banner).count() == len(
        SiteRole.ADMIN
    )
    assert site_groups(cluster.banner)[SiteRole.EDITOR].name == (
        f"{cluster.banner.site_name}·{SiteRole.EDITOR}"
    )


def test_the_data_migration_gives_existing_sites_their_internal_readers(cluster):
    """Sites made before 内部栏目 existed get their 内部人员 group (issue #21)."""
    import importlib
    import pkgutil

    from django.apps import apps

    import sites.migrations

    name = next(
        m.name
        for m in pkgutil.iter_modules(sites.migrations.__path__)
        if m.name.endswith("_internal_reader_role")
    )
    migration = importlib.import_module(f"sites.migrations.{name}")
    tie = SiteRoleGroup.objects.get(site=cluster.banner, role=SiteRole.INTERNAL_READER)
    tie.group.delete()
    migration.add_internal_reader_groups(apps, None)
    group = site_roles.group(cluster.banner, SiteRole.INTERNAL_READER)
    assert group.name == f"{cluster.banner.site_name}·内部人员"
    assert not group.permissions.exists()
    migration.add_internal_reader_groups(apps, None)  # a second run adds nothing
    assert SiteRoleGroup.objects.filter(site=cluster.banner).count() == len(
        SiteRole.ALL
    )


# Production code that reads a role back from a group's name: the ways it was
# done before (and the obvious others). Creating a group's label is allowed.
NAME_PARSING_CALLS = {"group_name"}
NAME_PARSING_LOOKUPS = ("name__endswith", "name__startswith", "name__contains")


def _python_sources():
    for folder in ("sites", "disclosure", "interaction", "search", "themes"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


# Provisioning and the relabelling signal write labels; nothing reads them.
LABEL_WRITERS = ("sites/services/provisioning.py", "sites/signals.py")


def name_parsing(source: str, relative: str) -> list[str]:
    """Places in ``source`` that call ``group_name`` or match a group's name by
    part, or spell a role suffix (``"·站点管理员"``)."""
    if relative in LABEL_WRITERS:
        return []
    found = []
    suffixes = {"·" + role for role in SiteRole.ALL}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in NAME_PARSING_CALLS:
                found.append(f"{relative}:{node.lineno} {name}()")
            for keyword in node.keywords:
                if keyword.arg and keyword.arg.endswith(NAME_PARSING_LOOKUPS):
                    found.append(f"{relative}:{node.lineno} {keyword.arg}")
        if isinstance(node, ast.Constant) and node.value in suffixes:
            found.append(f"{relative}:{node.lineno} {node.value!r}")
    return found


def test_no_production_code_parses_a_group_name():
    """Lint over the production packages (tests may name groups freely)."""
    offenders = []
    for path in _python_sources():
        relative = path.relative_to(ROOT).as_posix()
        offenders += name_parsing(path.read_text(encoding="utf-8"), relative)
    assert offenders == []


@pytest.mark.parametrize(
    "source",
    [
        'suffix = "·站点管理员"\nGroup.objects.filter(name__endswith=suffix)\n',
        "user.groups.filter(name__startswith=site.site_name)\n",
        "names = {group_name(s.site_name, role) for s in sites}\n",
    ],
)
def test_the_lint_catches_the_old_shapes(source):
    assert name_parsing(source, "disclosure/applications/permissions.py")
