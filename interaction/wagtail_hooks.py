"""How 政民互动 plugs into the cluster core (sites never imports interaction):
the admin menu 政民互动 and its desks, column links and compliance checks."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from sites.admin_hooks import register_log_labels, register_provisional_deadlines

from .compliance import interaction_checks
from .dashboard_panels import panels_for
from .letter_choices import OPEN_STATUSES
from .letter_desk import letter_desk
from .mailbox_desk import mailbox_viewset
from .models import Letter
from .moderation_desk import feedback_site_ids, moderation_viewset
from .services.highlights import site_highlights
from .services.mailboxes import ensure_default_mailbox
from .services.permissions import (
    handler_site_ids,
    moderated_site_ids,
    sees_every_letter,
)

# The desks' further lists in the 政民互动 menu: (label, URL name, icon, who sees it).
DESK_LISTS = (
    ("办理提醒", "letter_desk:reminders", "time", handler_site_ids),
    ("信件督办", "letter_desk:overdue", "warning", sees_every_letter),
    ("评论与提问审核", "interaction_moderation:index", "comment", moderated_site_ids),
    ("征集结果反馈", "interaction_moderation:feedback", "doc-full", feedback_site_ids),
)


class ListMenuItem(MenuItem):
    def __init__(self, label, url_name, icon_name, shown):
        super().__init__(label, reverse(url_name), icon_name=icon_name)
        self.shown = shown

    def is_shown(self, request):
        return bool(self.shown(request.user))


class InteractionMenu(ViewSetGroup):
    """政民互动: 信件办理 and 信箱设置 are their viewsets' own items, shown as their
    permission policies allow; between them, the desks' further lists."""

    menu_label = "政民互动"
    menu_icon = "group"
    menu_order = 910
    items = (letter_desk, mailbox_viewset)

    def get_submenu_items(self):
        letters, mailboxes = super().get_submenu_items()
        items = [letters, *(ListMenuItem(*row) for row in DESK_LISTS), mailboxes]
        for order, item in enumerate(items, 1):
            item.order = order
        return items


@hooks.register("register_admin_viewset")
def register_interaction_desks():
    return [InteractionMenu(), moderation_viewset]


@hooks.register("register_admin_urls")
def register_moved_letter_addresses():
    return letter_desk.legacy_urlpatterns()


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


# Every site created from the standard gets its 领导信箱 (R52), in the same
# transaction as the site.
hooks.register("cluster_site_created", ensure_default_mailbox)
hooks.register("cluster_compliance_checks", interaction_checks)


register_provisional_deadlines(
    Letter.objects.filter(status__in=OPEN_STATUSES),
    "留言办理",
    "letter_desk:inspect",
    site_field="handling_site_id",
)


# Chinese names of the letter desk's audit entries (审计日志 shows these, not codes).
register_log_labels(
    "interaction.letter",
    {
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
    },
)


@hooks.register("construct_homepage_panels")
def letter_desk_panels(request, panels):
    panels.extend(panels_for(request.user))
