"""Create a site from the cluster standard, in one transaction (DESIGN §3, issue #2).

``create_site`` is the single entry point used by the ``create_site`` command, the
admin form, the demo seed and the tests. It validates everything first and then
creates, atomically: the Wagtail ``Site``, its ``HomePage``, the standard column
tree and site map, the site's collection, its groups with permissions limited to
its own page tree and collection, its review workflow and its ``SiteProfile``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail import hooks
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from ..home_blocks import default_home_layout
from ..models import (
    ColumnPage,
    HomePage,
    ReviewTask,
    SiteKind,
    SiteMapPage,
    SiteProfile,
    SiteRole,
    SiteRoleGroup,
)
from ..standard import SITE_MAP_SLUG, SITE_MAP_TITLE, STANDARD_COLUMNS, StandardColumn
from ..validators import validate_hostname, validate_site_code

logger = logging.getLogger(__name__)


def group_name(site_name: str, role: str) -> str:
    """The label a new site's role group is created with (never parsed back)."""
    return f"{site_name}·{role}"


# Page permissions per role (Wagtail 6+ uses auth Permission objects). No role
# holds publish_page: its holder could skip the review (R76); pages go live when
# the workflow's last step approves. withdraw_page (撤稿) is the cluster's own.
PAGE_PERMISSIONS = {
    SiteRole.EDITOR: ["add_page", "change_page"],
    SiteRole.REVIEWER: ["add_page", "change_page", "withdraw_page", "lock_page"],
    SiteRole.SITE_ADMIN: [
        "add_page",
        "change_page",
        "withdraw_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
    SiteRole.LETTER_HANDLER: [],
    SiteRole.DISCLOSURE_HANDLER: [],
    SiteRole.INTERNAL_READER: [],
}
_MEDIA = ["add_{m}", "change_{m}", "choose_{m}"]
COLLECTION_PERMISSIONS = {
    SiteRole.EDITOR: _MEDIA,
    SiteRole.REVIEWER: _MEDIA,
    SiteRole.SITE_ADMIN: [*_MEDIA, "delete_{m}"],
    SiteRole.LETTER_HANDLER: [],
    SiteRole.DISCLOSURE_HANDLER: [],
    SiteRole.INTERNAL_READER: [],
}


@dataclass
class SiteSpec:
    """What it takes to create one site of the cluster."""

    code: str
    name: str
    hostname: str
    kind: str = SiteKind.DEPARTMENT
    parent_code: str | None = None
    port: int | None = None
    is_default: bool = False
    sponsor: str = ""
    profile: dict = field(default_factory=dict)


class SiteProvisioningError(Exception):
    """Bad input for ``create_site``; ``errors`` maps a field name to Chinese messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("；".join(m for msgs in errors.values() for m in msgs))


def validate_spec(spec: SiteSpec) -> dict[str, list[str]]:
    """Every reason the spec cannot be created, keyed by field; empty when valid."""
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    spec.code = (spec.code or "").strip()
    spec.name = (spec.name or "").strip()
    spec.hostname = (spec.hostname or "").strip().lower()
    spec.parent_code = (spec.parent_code or "").strip() or None

    try:
        validate_site_code(spec.code)
    except ValidationError as exc:
        for message in exc.messages:
            add("code", message)
    else:
        if SiteProfile.objects.filter(code=spec.code).exists():
            add("code", f"网站标识码 {spec.code} 已被其他网站使用。")

    if not spec.name:
        add("name", "请填写网站名称。")
    elif len(spec.name) > 100:
        add("name", "网站名称不能超过100个字。")
    elif Site.objects.filter(site_name=spec.name).exists():
        add("name", f"已存在名为“{spec.name}”的网站，每个机关只能开设一个网站。")
    elif Group.objects.filter(
        name__in=[group_name(spec.name, role) for role in SiteRole.ALL]
    ).exists():
        add("name", f"用户组“{spec.name}·…”已存在，请先清理同名用户组。")

    try:
        validate_hostname(spec.hostname)
    except ValidationError as exc:
        for message in exc.messages:
            add("hostname", message)
    else:
        if Site.objects.filter(hostname=spec.hostname).exists():
            add("hostname", f"域名 {spec.hostname} 已被其他网站使用。")

    if spec.kind not in SiteKind.values:
        add(
            "kind",
            "网站类型只能是："
            + "、".join(f"{v}（{label}）" for v, label in SiteKind.choices),
        )

    if spec.parent_code:
        if spec.parent_code == spec.code:
            add("parent_code", "上级网站不能是本网站。")
        elif not SiteProfile.objects.filter(code=spec.parent_code).exists():
            add("parent_code", f"找不到网站标识码为 {spec.parent_code} 的上级网站。")
    elif spec.kind in (SiteKind.DEPARTMENT, SiteKind.BANNER):
        add("parent_code", "部门网站和旗县区网站必须指定上级网站（门户网站的标识码）。")

    if spec.code and Page.objects.filter(depth=2, slug=f"site-{spec.code}").exists():
        add(
            "code",
            f"网站标识码 {spec.code} 对应的首页已存在（可能是删除网站后遗留的页面），请先清理。",
        )
    if len(spec.sponsor or "") > 100:
        add("sponsor", "主办单位名称不能超过100个字。")

    port = spec.port if spec.port is not None else settings.CLUSTER_DEFAULT_PORT
    if not isinstance(port, int) or not 1 <= port <= 65535:
        add("port", "端口必须是1到65535之间的整数。")

    if spec.profile:
        probe = SiteProfile(**{k: v for k, v in spec.profile.items() if k != "site"})
        try:
            probe.full_clean(exclude=["site", "code", "kind", "parent"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    add(name, message)
        except TypeError:
            add("profile", "网站信息中包含未知字段。")
    return errors


def create_site(spec: SiteSpec) -> Site:
    """Create one standard site, or raise ``SiteProvisioningError`` and create nothing."""
    errors = validate_spec(spec)
    if errors:
        raise SiteProvisioningError(errors)
    try:
        with transaction.atomic():
            site = _create(spec)
    except IntegrityError as exc:
        # Another request created the same code, name or hostname meanwhile.
        raise SiteProvisioningError(
            {"__all__": ["网站标识码、名称或域名刚被其他请求占用，请刷新后重试。"]}
        ) from exc
    except ValidationError as exc:
        raise SiteProvisioningError({"__all__": exc.messages}) from exc
    logger.info("已创建网站：%s（%s），域名 %s", spec.name, spec.code, spec.hostname)
    return site


def ensure_tree_roots() -> Page:
    """The page-tree root, root collection and default locale that Wagtail's
    migrations normally create (re-created here if a database was flushed)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            title="Root",
            slug="root",
            content_type=ContentType.objects.get_for_model(Page),
        )
    return root


def _create(spec: SiteSpec) -> Site:
    root = ensure_tree_roots()
    home = HomePage(
        title=spec.name,
        slug=f"site-{spec.code}",
        seo_title=spec.name,
        introduction=f"{spec.name}门户，统一标准建设。",
    )
    root.add_child(instance=home)
    _create_columns(home, STANDARD_COLUMNS, spec.kind)
    _lay_out_home(home)
    home.add_child(
        instance=SiteMapPage(
            title=SITE_MAP_TITLE, slug=SITE_MAP_SLUG, show_in_menus=False
        )
    )

    if spec.is_default:
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
    site = Site.objects.create(
        hostname=spec.hostname,
        port=spec.port if spec.port is not None else settings.CLUSTER_DEFAULT_PORT,
        site_name=spec.name,
        root_page=home,
        is_default_site=spec.is_default,
    )

    parent = (
        SiteProfile.objects.get(code=spec.parent_code) if spec.parent_code else None
    )
    profile_fields = {"sponsor": spec.sponsor or spec.name, **spec.profile}
    profile = SiteProfile(
        site=site, code=spec.code, kind=spec.kind, parent=parent, **profile_fields
    )
    profile.full_clean()
    profile.save()

    collection = Collection.get_first_root_node().add_child(name=spec.name)
    groups = _create_groups(spec.name, site, home, collection)
    _create_workflow(spec.name, home, groups)
    # Apps add their own parts of the standard (a disclosure guide, mailboxes …)
    # in the same transaction, through the ``cluster_site_created`` hook; a
    # failure there rolls the whole site back.
    for provision in hooks.get_hooks("cluster_site_created"):
        provision(site)
    return site


def _lay_out_home(home: HomePage) -> None:
    """The standard home layout (sites/home_blocks.py), pointing at the new columns."""
    columns = dict(
        ColumnPage.objects.filter(path__startswith=home.path)
        .filter(depth__in=(home.depth + 1, home.depth + 2))
        .order_by("-depth")
        .values_list("slug", "pk")
    )
    home.layout = default_home_layout(columns)
    home.save(update_fields=["layout"])


def _create_columns(
    parent: Page, columns: tuple[StandardColumn, ...], kind: str
) -> None:
    for column in columns:
        if not column.applies_to(kind):
            continue
        page = ColumnPage(
            title=column.title,
            slug=column.slug,
            column_type=column.column_type,
            layout=column.layout,
            update_cycle_days=column.update_cycle_days,
            description=column.description,
            keywords=column.title,
            show_in_menus=column.show_in_menus,
        )
        parent.add_child(instance=page)
        if column.children:
            _create_columns(page, column.children, kind)


def _permissions(app_label: str, codenames: list[str]) -> list[Permission]:
    found = list(
        Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    )
    if len(found) != len(set(codenames)):
        missing = set(codenames) - {p.codename for p in found}
        raise RuntimeError(f"permissions missing, run migrate first: {sorted(missing)}")
    return found


def _create_groups(site_name, site, home, collection) -> dict[str, Group]:
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    groups = {}
    for role in SiteRole.ALL:
        group = Group.objects.create(name=group_name(site_name, role))
        SiteRoleGroup.objects.create(site=site, role=role, group=group)
        if role in SiteRole.ADMIN:
            group.permissions.add(access_admin)
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page=home, permission=perm)
            for perm in _permissions("wagtailcore", PAGE_PERMISSIONS[role])
        )
        media_perms = [
            *_permissions(
                "wagtaildocs",
                [c.format(m="document") for c in COLLECTION_PERMISSIONS[role]],
            ),
            *_permissions(
                "wagtailimages",
                [c.format(m="image") for c in COLLECTION_PERMISSIONS[role]],
            ),
        ]
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(
                group=group, collection=collection, permission=perm
            )
            for perm in media_perms
        )
        groups[role] = group

    # Every content role may choose (not change) the cluster's shared media.
    shared = shared_collection()
    choose = [
        *_permissions("wagtaildocs", ["choose_document"]),
        *_permissions("wagtailimages", ["choose_image"]),
    ]
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(
            group=groups[role], collection=shared, permission=perm
        )
        for role in SiteRole.CONTENT
        for perm in choose
    )

    # The site admin edits this site's profile only (GroupSitePermission, not the
    # global change permission, which would open every site's profile).
    GroupSitePermission.objects.create(
        group=groups[SiteRole.SITE_ADMIN],
        site=site,
        permission=_permissions("sites", ["change_siteprofile"])[0],
    )
    return groups


SHARED_COLLECTION = "全站共享素材"


def shared_collection() -> Collection:
    """The collection the cluster deliberately shares with every site (logos, emblems,
    common photos): every site may choose from it, only the cluster admin changes it."""
    existing = Collection.objects.filter(name=SHARED_COLLECTION, depth=2).first()
    return existing or Collection.get_first_root_node().add_child(
        name=SHARED_COLLECTION
    )


def _create_workflow(site_name, home, groups) -> Workflow:
    """三审-style review: 审核 by the reviewers, then 签发 by the site admins.

    The cluster admin can change the steps per site under 设置 → 工作流.
    """
    workflow = Workflow.objects.create(name=f"{site_name}审核发布流程")
    steps = [
        (f"{site_name}·审核", [groups[SiteRole.REVIEWER], groups[SiteRole.SITE_ADMIN]]),
        (f"{site_name}·签发", [groups[SiteRole.SITE_ADMIN]]),
    ]
    for position, (name, approvers) in enumerate(steps):
        task = ReviewTask.objects.create(name=name)
        task.groups.set(approvers)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=position)
    WorkflowPage.objects.create(workflow=workflow, page=home)
    return workflow


def site_groups(site: Site | str) -> dict[str, Group]:
    """The per-site groups of a site (or of the site of that name), keyed by role."""
    if isinstance(site, str):
        site = Site.objects.get(site_name=site)
    return {
        tie.role: tie.group
        for tie in SiteRoleGroup.objects.filter(site=site).select_related("group")
    }
