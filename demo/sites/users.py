"""The demo's accounts: one per role, each printed once with its password.

``seed_demo`` creates them through ``ensure_demo_users``; the browser tests of
each role's flow (tests/browser/test_demo_*) build them the same way and log in
with what it prints, so a changed account or printout fails there.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from sites.services.roles import (
    AUDIT_ADMIN,
    CLUSTER_ADMIN,
    SECURITY_ADMIN,
    SUPERVISOR,
    SYSTEM_ADMIN,
)
from sites.services.site_roles import SiteRole, site_roles

DEMO_USERS = [
    # (username, cluster group or (demo site key, site role), description):
    # one demo account per role.
    ("cluster_admin", CLUSTER_ADMIN, "集群管理员"),
    ("supervisor", SUPERVISOR, "监督员"),
    ("sys_admin", SYSTEM_ADMIN, "系统管理员"),
    ("sec_admin", SECURITY_ADMIN, "安全管理员"),
    ("audit_admin", AUDIT_ADMIN, "审计管理员"),
    ("mh_editor", ("portal", SiteRole.EDITOR), "门户网站编辑"),
    ("mh_reviewer", ("portal", SiteRole.REVIEWER), "门户网站审核"),
    ("mh_admin", ("portal", SiteRole.SITE_ADMIN), "门户网站站点管理员"),
    ("jyj_editor", ("edu", SiteRole.EDITOR), "教育局编辑"),
    ("jyj_reviewer", ("edu", SiteRole.REVIEWER), "教育局审核"),
    ("jyj_admin", ("edu", SiteRole.SITE_ADMIN), "教育局站点管理员"),
    ("jyj_letters", ("edu", SiteRole.LETTER_HANDLER), "教育局信件办理"),
    ("jyj_disclosure", ("edu", SiteRole.DISCLOSURE_HANDLER), "教育局公开办理"),
    ("jyj_staff", ("edu", SiteRole.INTERNAL_READER), "教育局内部人员"),
    ("byq_editor", ("baiyun", SiteRole.EDITOR), "白云旗编辑"),
]

# What each account does first in the demo (printed after its password).
DEMO_TASKS = {
    "cluster_admin": "创建站点",
    "supervisor": "网站监管",
    "mh_reviewer": "采用各部门报送的稿件",
    "mh_admin": "签发门户稿件、采用报送稿件",
    "jyj_editor": "写稿、送审、报送门户",
    "jyj_reviewer": "审核稿件，审核信件答复，签发依申请公开答复",
    "jyj_admin": "签发",
    "jyj_letters": "办理信件",
    "jyj_disclosure": "办理依申请公开",
    "jyj_staff": "阅读内部栏目",
}


def account_line(username: str, password: str, description: str) -> str:
    task = DEMO_TASKS.get(username)
    return f"  {description}：用户名 {username}  密码 {password}" + (
        f"  （{task}）" if task else ""
    )


def ensure_demo_users(sites: dict, stdout) -> list[tuple[str, str, str]]:
    """Create the missing demo accounts on ``sites`` (demo site key → Site) and
    print each new one with its password; return (username, password,
    description) of those created. Accounts whose site is not in ``sites`` are
    left out."""
    User = get_user_model()
    created = []
    for username, role, description in DEMO_USERS:
        if isinstance(role, tuple) and role[0] not in sites:
            continue
        if User.objects.filter(username=username).exists():
            continue
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=username, password=password, first_name=description
        )
        if isinstance(role, tuple):
            site_key, site_role = role
            group = site_roles.group(sites[site_key], site_role)
        else:
            group = Group.objects.get(name=role)
        user.groups.add(group)
        created.append((username, password, description))
    if created:
        stdout.write("演示用户（密码只显示这一次，请妥善保存）：")
        for username, password, description in created:
            stdout.write(account_line(username, password, description))
        stdout.write(
            "  首次登录后台时，请用手机身份验证器扫码绑定动态口令（双因素认证）。"
        )
        stdout.write(
            "  信件办理流程：教育局信件办理受理来信并答复，"
            "教育局审核（或站点管理员）审核答复后公开。"
        )
    else:
        stdout.write("演示用户已存在（密码只在首次生成时显示）。")
    return created
