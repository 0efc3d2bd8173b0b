"""Letters (领导信箱 / 咨询 / 建议 / 投诉): mailboxes, the letter, its history and files."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from sites.casework.models import CaseEvent, CaseFile, PublicCase
from sites.personal_data import mask_name
from sites.private_storage import private_storage

from ..letter_choices import (
    DEFAULT_ACKNOWLEDGE_DAYS,
    INVALID_STATUSES,
    OPEN_STATUSES,
    CategoryKind,
    LetterStatus,
    Rating,
    RedirectChannel,
    RejectReason,
)
from ..services.publication import redact


class Mailbox(ClusterableModel):
    """A site's mailbox; its site's 信件办理 handlers accept, route and review letters."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="所属网站", on_delete=models.CASCADE,
        related_name="mailboxes",
    )  # fmt: skip
    name = models.CharField("信箱名称", max_length=50, default="领导信箱")
    description = models.CharField("说明", max_length=255, blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("is_active"),
        FieldPanel("sort_order"),
        InlinePanel("categories", heading="信件类别", min_num=1),
    ]

    class Meta:
        verbose_name = "信箱"
        verbose_name_plural = "信箱"
        ordering = ["site_id", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"], name="interaction_mailbox_unique_name"
            )
        ]

    def __str__(self):
        return f"{self.site.site_name}·{self.name}"


class MailboxCategory(Orderable):
    mailbox = ParentalKey(Mailbox, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField("类别名称", max_length=20)
    kind = models.CharField(
        "类别", max_length=10, choices=CategoryKind.choices, default=CategoryKind.OTHER
    )
    reply_working_days = models.PositiveSmallIntegerField(
        "答复时限（工作日）", default=15,
        help_text="自收到来信次日起计算的工作日数；最长不得超过60个工作日。",
    )  # fmt: skip
    acknowledge_working_days = models.PositiveSmallIntegerField(
        "受理时限（工作日）", default=DEFAULT_ACKNOWLEDGE_DAYS
    )
    is_active = models.BooleanField("启用", default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("reply_working_days"),
        FieldPanel("acknowledge_working_days"),
        FieldPanel("is_active"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "信件类别"
        verbose_name_plural = "信件类别"

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        # Far below the 3-month ceiling of the national check (R53).
        if not 1 <= self.reply_working_days <= 60:
            raise ValidationError(
                {"reply_working_days": "答复时限应在1至60个工作日之间。"}
            )
        if not 0 <= self.acknowledge_working_days <= 10:
            raise ValidationError(
                {"acknowledge_working_days": "受理时限应在0至10个工作日之间。"}
            )


class LetterQuerySet(models.QuerySet):
    def public(self):
        """Letters the public may read: closed, consented to and published."""
        return self.filter(
            is_published=True, may_publish=True, status=LetterStatus.CLOSED
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def valid(self):
        return self.exclude(status__in=INVALID_STATUSES)

    def for_sites(self, site_ids):
        """Letters a site's handlers work on: its mailbox's or routed to it."""
        return self.filter(
            Q(mailbox__site_id__in=site_ids) | Q(handling_site_id__in=site_ids)
        )


class Letter(PublicCase):
    mailbox = models.ForeignKey(
        Mailbox, verbose_name="信箱", on_delete=models.PROTECT, related_name="letters"
    )
    category = models.ForeignKey(
        MailboxCategory, verbose_name="类别", on_delete=models.PROTECT,
        related_name="letters",
    )  # fmt: skip
    case_number = models.CharField("信件编号", max_length=20, unique=True, null=True)

    subject = models.CharField("标题", max_length=100)
    content = models.TextField("内容")
    # Personal data: encrypted at rest, masked copies for every other view.
    name_encrypted = models.TextField(blank=True)
    name_masked = models.CharField("姓名", max_length=50)
    phone_encrypted = models.TextField(blank=True)
    phone_masked = models.CharField("联系电话", max_length=30)
    email_encrypted = models.TextField(blank=True)
    id_number_encrypted = models.TextField(blank=True)
    id_number_masked = models.CharField("身份证号码", max_length=30, blank=True)
    address_encrypted = models.TextField(blank=True)
    writer_digest = models.CharField(max_length=64, blank=True, db_index=True)
    may_publish = models.BooleanField("同意公开", default=False)

    status = models.CharField(
        "状态", max_length=12, choices=LetterStatus.choices,
        default=LetterStatus.SUBMITTED, db_index=True,
    )  # fmt: skip
    handling_site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="承办单位", null=True, blank=True,
        on_delete=models.PROTECT, related_name="handled_letters",
    )  # fmt: skip
    submitted_at = models.DateTimeField("来信时间", auto_now_add=True)
    acknowledge_due_on = models.DateField("受理期限", null=True, blank=True)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    reject_reason = models.CharField(
        "不予受理原因", max_length=12, choices=RejectReason.choices, blank=True
    )
    redirect_channel = models.CharField(
        "引导渠道", max_length=12, choices=RedirectChannel.choices, blank=True
    )
    decision_note = models.TextField("说明", blank=True)

    reply = models.TextField("答复内容", blank=True)
    reply_site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="回复单位", null=True, blank=True,
        on_delete=models.PROTECT, related_name="replied_letters",
    )  # fmt: skip
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    is_published = models.BooleanField("已公开", default=False, db_index=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    public_subject = models.CharField("公开标题", max_length=100, blank=True)
    public_content = models.TextField("公开的来信内容", blank=True)
    public_reply = models.TextField("公开的答复内容", blank=True)

    rating = models.PositiveSmallIntegerField(
        "满意度评价", choices=Rating.choices, null=True, blank=True
    )
    rating_comment = models.CharField("评价意见", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    follow_up_due_on = models.DateField("回访期限", null=True, blank=True)
    follow_up_note = models.TextField("整改/回访情况", blank=True)
    follow_up_done_at = models.DateTimeField("回访时间", null=True, blank=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = "信件"
        verbose_name_plural = "信件"
        ordering = ["-submitted_at", "-pk"]
        permissions = [
            ("view_all_letters", "查看全部信件（个人信息脱敏）"),
        ]
        indexes = [
            models.Index(fields=["is_published", "-published_at"]),
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self):
        return f"{self.case_number} {self.subject}"

    @property
    def masked_name(self) -> str:
        return self.name_masked or mask_name("")

    @property
    def redacted_content(self) -> str:
        """The text with phones, ID numbers and e-mail addresses hidden (for the
        writer's query page: whoever holds the code should not read them)."""
        # keep=(): no look-up of the offices' numbers per row of a list.
        return redact(self.content, self, keep=frozenset())

    @property
    def redacted_subject(self) -> str:
        return redact(self.subject, self, keep=frozenset())

    @property
    def is_valid(self) -> bool:
        return self.status not in INVALID_STATUSES

    @property
    def awaits_follow_up(self) -> bool:
        return self.follow_up_due_on is not None and self.follow_up_done_at is None


class LetterEvent(CaseEvent):
    """One step of a letter's history (受理、转办、答复、审核、公开、评价 …)."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_site = models.ForeignKey(
        "wagtailcore.Site", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    to_site = models.ForeignKey(
        "wagtailcore.Site", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta(CaseEvent.Meta):
        verbose_name = "信件办理记录"
        verbose_name_plural = "信件办理记录"

    def __str__(self):
        return self.label

    LABELS = {
        "submit": "来信", "receive": "受理", "accept": "受理并转办", "reject": "不予受理",
        "redirect": "引导至专门渠道", "route": "转办", "reply": "答复",
        "approve": "审核通过", "return": "审核退回", "publish": "公开",
        "unpublish": "撤销公开", "rate": "满意度评价", "follow_up": "回访",
    }  # fmt: skip

    @property
    def label(self) -> str:
        return self.LABELS.get(self.action, self.action)


def _attachment_path(instance, filename):
    # Never the citizen's file name on disk: a random name under the letter's folder.
    return f"letters/{uuid.uuid4().hex}"


class LetterAttachment(CaseFile):
    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(storage=private_storage, upload_to=_attachment_path)

    class Meta(CaseFile.Meta):
        verbose_name = "信件附件"
        verbose_name_plural = "信件附件"
