"""How 政民互动 plugs into the cluster core (sites never imports interaction):
the admin menu 政民互动 and its views, column links and compliance checks."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from sites.compliance.calendar_prompt import cases_due_provisionally

from .compliance import interaction_checks
from .dashboard_panels import panels_for
from .letter_choices import OPEN_STATUSES
from .letter_desk import letter_desk
from .mailbox_desk import mailbox_policy, mailbox_viewset
from .models import Letter
from .moderation_desk import feedback_site_ids, moderation_viewset
from .services.highlights import site_highlights
from .services.mailboxes import ensure_default_mailbox
from .services.permissions import (
    handler_site_ids,
    may_use_desk,
    moderated_site_ids,
    sees_every_letter,
)


@hooks.register("register_admin_viewset")
def register_interaction_desks():
    return [letter_desk, mailbox_viewset, moderation_viewset]


@hooks.register("register_admin_urls")
def register_moved_letter_addresses():
    return letter_desk.legacy_urlpatterns()


def _configures_mailboxes(user):
    return mailbox_policy.user_has_permission(user, "change")


class _Item(MenuItem):
    def __init__(self, label, url_name, shown, **kwargs):
        super().__init__(label, reverse(url_name), **kwargs)
        self._shown = shown

    def is_shown(self, request):
        return self._shown(request.user)


class _Submenu(SubmenuMenuItem):
    def is_shown(self, request):
        user = request.user
        return (
            may_use_desk(user)
            or bool(moderated_site_ids(user))
            or _configures_mailboxes(user)
        )


@hooks.register("register_admin_menu_item")
def register_interaction_menu():
    items = [
        _Item("信件办理", "letter_desk:index", may_use_desk, icon_name="mail", order=1),
        _Item("办理提醒", "letter_desk:reminders", lambda u: bool(handler_site_ids(u)),
              icon_name="time", order=2),
        _Item("信件督办", "letter_desk:overdue", sees_every_letter,
              icon_name="warning", order=3),
        _Item("评论与提问审核", "interaction_moderation:index",
              lambda u: bool(moderated_site_ids(u)), icon_name="comment", order=4),
        _Item("征集结果反馈", "interaction_moderation:feedback",
              lambda u: bool(feedback_site_ids(u)), icon_name="doc-full", order=5),
        _Item("信箱设置", "interaction_mailboxes:index", _configures_mailboxes,
              icon_name="cog", order=6),
    ]  # fmt: skip
    return _Submenu("政民互动", Menu(items=items), icon_name="group", order=910)


# The 互动交流 column (depth 3: root, home, hdjl) links the views that are no columns.
@hooks.register("cluster_column_links")
def link_interaction_views(column, request):
    if column.slug == "hdjl" and column.depth == 3:
        return [
            ("我要写信", reverse("interaction_letter_write")),
            ("信件查询", reverse("interaction_letter_query")),
            ("来信办理情况统计", reverse("interaction_letter_statistics")),
        ]
    return []


@hooks.register("cluster_column_highlights")
def interaction_highlights(column, request):
    if column.slug == "hdjl" and column.depth == 3:
        return site_highlights(column.path[: column.steplen * 2], request)
    return []


@hooks.register("cluster_home_interaction_links")
def home_interaction_links(home, request):
    # The standard slugs of 意见征集 and 在线访谈 (sites/standard.py) are stable.
    return [
        ("我要写信", reverse("interaction_letter_write"), "write"),
        ("信件查询", reverse("interaction_letter_query"), "query"),
        ("意见征集", "/hdjl/yjzj/", "consult"),
        ("在线访谈", "/hdjl/zxft/", "interview"),
    ]


@hooks.register("cluster_home_highlights")
def home_highlights(home, request):
    return site_highlights(home.path, request)


@hooks.register("cluster_site_created")
def give_the_new_site_a_mailbox(site):
    """Every site created from the standard gets its 领导信箱 (R52), in the same
    transaction as the site."""
    ensure_default_mailbox(site)


@hooks.register("cluster_compliance_checks")
def interaction_compliance_checks():
    return interaction_checks()


@hooks.register("cluster_provisional_deadlines")
def provisional_letter_deadlines(site_ids):
    return cases_due_provisionally(
        Letter.objects.filter(status__in=OPEN_STATUSES),
        site_ids,
        "留言办理",
        "letter_desk:inspect",
        site_field="handling_site_id",
    )


# Chinese names of the letter desk's audit entries (审计日志 shows these, not codes).
LETTER_ACTIONS = {
    "accept": "受理信件",
    "reject": "不予受理信件",
    "redirect": "告知改走其他渠道",
    "route": "转办信件",
    "reply": "答复信件",
    "approve": "审核通过信件答复",
    "return": "退回信件答复",
    "publish": "公开信件",
    "unpublish": "取消公开信件",
    "follow_up": "信件回访",
}


@hooks.register("register_log_actions")
def register_letter_actions(actions):
    for action, label in LETTER_ACTIONS.items():
        actions.register_action(f"interaction.letter.{action}", label, label)


@hooks.register("construct_homepage_panels")
def letter_desk_panels(request, panels):
    panels.extend(panels_for(request.user))
