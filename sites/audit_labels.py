"""How an audit event reads: the label of its action, the name of who did it.

Below both the audit model (sites/models/audit.py) and the recording
(sites/audit.py), which re-exports these names.
"""

from wagtail.log_actions import registry as log_action_registry

CLUSTER_ACTIONS = {
    "cluster.login": "登录",
    "cluster.login_failed": "登录失败",
    "cluster.logout": "退出登录",
    "cluster.audit_export": "导出审计日志",
    "cluster.create_site": "创建网站",
    "cluster.legacy_import": "旧站迁移",
    # Admin access (issue #13 item 5, issue #14 item 1).
    "cluster.role_grant": "授予角色",
    "cluster.role_revoke": "收回角色",
    "cluster.login_locked": "登录锁定",
    "cluster.login_unlocked": "解除登录锁定",
    "cluster.otp_enrolled": "绑定动态口令",
    "cluster.otp_verified": "动态口令验证",
    "cluster.otp_failed": "动态口令错误",
    "cluster.otp_recovery_used": "使用恢复码",
    "cluster.otp_reset": "重置动态口令",
    "cluster.superuser_demoted": "取消超级用户",
    "cluster.rotate_personal_data_keys": "轮换个人信息加密密钥",
    "interaction.letter.view_personal_data": "查看来信人完整信息",
    "interaction.letter.attachment_download": "下载信件附件",
}


def action_label(action: str) -> str:
    if action in CLUSTER_ACTIONS:
        return CLUSTER_ACTIONS[action]
    # Wagtail's registry reads the register_log_actions hooks lazily, and
    # get_action_label does not trigger it: in a fresh process every code would
    # show raw (interaction.letter.accept) until something else scanned.
    log_action_registry.scan_for_actions()
    try:
        return str(log_action_registry.get_action_label(action))
    except KeyError:
        return action


def person_name(user) -> str:
    """A Chinese full name: 姓 then 名, no space (王芳, not "芳 王")."""
    return f"{user.last_name}{user.first_name}".strip()


def actor_name(event) -> str:
    """Who did it, as a colleague would say it: the account's real name, else the
    name typed or stored with the event (failed logins, deleted accounts)."""
    if event.user_id and event.user is not None:
        return person_name(event.user) or event.user.get_username()
    return event.username or "系统"
