"""The guide's chapters: which role each one is for and its template."""

from __future__ import annotations

from dataclasses import dataclass

from ..services.roles import (
    AUDIT_ADMIN,
    CLUSTER_ADMIN,
    SECURITY_ADMIN,
    SUPERVISOR,
    SYSTEM_ADMIN,
)
from ..services.site_roles import SiteRole, site_roles


@dataclass(frozen=True)
class Chapter:
    slug: str
    title: str
    site_role: str = ""  # held on some site
    cluster_group: str = ""  # or a cluster-wide group

    @property
    def template(self) -> str:
        return f"sites/admin/guide/{self.slug}.html"


CHAPTERS = (
    Chapter("editor", "编辑：撰写与提交稿件", site_role=SiteRole.EDITOR),
    Chapter("reviewer", "审核：审核与退回稿件", site_role=SiteRole.REVIEWER),
    Chapter(
        "site-admin", "站点管理员：签发、栏目与网站信息", site_role=SiteRole.SITE_ADMIN
    ),
    Chapter("letters", "信件办理：受理、答复与公开", site_role=SiteRole.LETTER_HANDLER),
    Chapter(
        "disclosure", "公开办理：依申请公开", site_role=SiteRole.DISCLOSURE_HANDLER
    ),
    Chapter("supervisor", "监督员：网站监管与审计", cluster_group=SUPERVISOR),
    Chapter(
        "cluster-admin", "集群管理员：创建站点与全局设置", cluster_group=CLUSTER_ADMIN
    ),
    Chapter("security", "系统、安全与审计管理员（三员）", cluster_group=SYSTEM_ADMIN),
)
THREE_ADMINS = (SYSTEM_ADMIN, SECURITY_ADMIN, AUDIT_ADMIN)


def chapters_for(user) -> tuple[list[Chapter], list[Chapter]]:
    """The user's own chapters, and the others (everyone may read all)."""
    groups = set(user.groups.values_list("name", flat=True))
    mine = []
    for chapter in CHAPTERS:
        if chapter.site_role:
            held = bool(site_roles.site_ids(user, chapter.site_role))
        elif chapter.cluster_group == SYSTEM_ADMIN:
            held = bool(groups & set(THREE_ADMINS))
        else:
            held = chapter.cluster_group in groups
        if held:
            mine.append(chapter)
    return mine, [c for c in CHAPTERS if c not in mine]


def chapter(slug: str) -> Chapter | None:
    return next((c for c in CHAPTERS if c.slug == slug), None)
