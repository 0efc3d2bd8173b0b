"""The reply of a 依申请公开 case on its way out: the clerk's draft, its review and
签发 by another person, and the numbered 答复告知书 kept with the case (issue #17
item 4; Art. 36, 45: 登记 → 审核 → 办理 → 答复 → 归档)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from disclosure.applications.case_terms import Outcome
from sites.casework.models import CaseFile
from sites.private_storage import private_storage


class DraftState(models.TextChoices):
    PENDING = "pending", "待审核签发"
    RETURNED = "returned", "已退回修改"
    APPROVED = "approved", "已签发"


class ReplyDraft(models.Model):
    """A reply drafted by the case's clerk, waiting for (or past) 审核签发."""

    application = models.ForeignKey(
        "disclosure.DisclosureApplication", verbose_name="申请",
        on_delete=models.CASCADE, related_name="reply_drafts",
    )  # fmt: skip
    outcome = models.CharField("办理结果", max_length=40, choices=Outcome.choices)
    legal_reason = models.TextField("理由和依据", blank=True)
    reply_text = models.TextField("答复内容")
    referred_to = models.CharField(
        "负责公开的机关及联系方式", max_length=200, blank=True
    )
    referral_unknown = models.BooleanField("无法确定负责机关", default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    submitted_at = models.DateTimeField("提交审核时间", default=timezone.now)
    state = models.CharField(
        "审核状态", max_length=20, choices=DraftState.choices,
        default=DraftState.PENDING,
    )  # fmt: skip
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核签发人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "答复稿"
        verbose_name_plural = "答复稿"
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # One draft awaiting review per case, whatever two clerks click at once.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state="pending"),
                name="one_pending_reply_draft_per_case",
            )
        ]

    def __str__(self):
        return f"{self.application} 答复稿（{self.get_state_display()}）"


def _attachment_path(instance, filename):
    # Never the uploaded file name on disk: a random name under the cases' folder.
    return f"disclosure/replies/{uuid.uuid4().hex}"


class ReplyAttachment(CaseFile):
    """A document the office provides with its reply (the information itself, a
    list of where to find it …), kept with the case."""

    draft = models.ForeignKey(
        ReplyDraft, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(storage=private_storage, upload_to=_attachment_path)

    class Meta(CaseFile.Meta):
        verbose_name = "答复附件"
        verbose_name_plural = "答复附件"


class ReplyNoticeSequence(models.Model):
    """The last 答复告知书 number used per site and year (taken under a row lock)."""

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年份")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "答复告知书编号序列"
        verbose_name_plural = "答复告知书编号序列"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year"], name="one_notice_sequence_per_site_year"
            )
        ]

    def __str__(self):
        return f"{self.site_id}/{self.year}: {self.last}"


def _notice_path(instance, filename):
    return f"disclosure/notices/{uuid.uuid4().hex}.pdf"


class ReplyNotice(models.Model):
    """政府信息公开申请答复告知书: generated once, on 签发, and kept with the case."""

    application = models.OneToOneField(
        "disclosure.DisclosureApplication", verbose_name="申请",
        on_delete=models.PROTECT, related_name="reply_notice",
    )  # fmt: skip
    draft = models.OneToOneField(
        ReplyDraft, verbose_name="答复稿", on_delete=models.PROTECT,
        related_name="notice",
    )  # fmt: skip
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="答复机关", on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    year = models.PositiveSmallIntegerField("年份")
    sequence = models.PositiveIntegerField("序号")
    number = models.CharField("告知书编号", max_length=80)
    issued_on = models.DateField("签发日期")
    pdf = models.FileField(storage=private_storage, upload_to=_notice_path)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "答复告知书"
        verbose_name_plural = "答复告知书"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year", "sequence"], name="one_notice_per_number"
            )
        ]

    def __str__(self):
        return self.number

    @property
    def filename(self) -> str:
        return f"答复告知书-{self.application.case_number}.pdf"
