"""意见征集: a draft open for public comment, its comments and its feedback."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from sites.blocks import BaseStreamBlock
from sites.models.pages import TITLE_PANELS, StandardColumnItemPage

from ..consultation_choices import DocumentType, ModerationStatus
from ..services.consultation_rules import feedback_due_on, period_problem


class ConsultationPage(StandardColumnItemPage):
    """One consultation; lives under a site's 意见征集 column."""

    document_type = models.CharField(
        "文件类型", max_length=20, choices=DocumentType.choices,
        default=DocumentType.NORMATIVE,
    )  # fmt: skip
    organiser = models.CharField("征集单位", max_length=100, blank=True)
    opens_at = models.DateTimeField("征集开始时间", default=timezone.now)
    closes_at = models.DateTimeField("征集截止时间")
    shortening_reason = models.TextField(
        "缩短期限的理由", blank=True,
        help_text="征集期限短于法定一般期限时必须说明理由，并与草案一同公布。",
    )  # fmt: skip
    summary = models.TextField("征集说明", blank=True)
    draft = StreamField(BaseStreamBlock(), verbose_name="草案全文", blank=True)
    explanation = StreamField(BaseStreamBlock(), verbose_name="起草说明", blank=True)
    contact = models.CharField(
        "其他意见反馈方式", max_length=255, blank=True,
        help_text="如电子邮箱、通信地址、传真。",
    )  # fmt: skip
    feedback = RichTextField(
        "征集结果/采纳情况", blank=True,
        help_text="征集结束后应在30日内公布意见收集和采纳情况。",
    )  # fmt: skip
    feedback_published_at = models.DateTimeField(
        "反馈公布时间", null=True, blank=True, editable=False
    )

    column_slug = "yjzj"

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("draft"),
        index.FilterField("closes_at"),
    ]

    content_panels = TITLE_PANELS + [
        MultiFieldPanel(
            [
                FieldPanel("document_type"),
                FieldPanel("organiser"),
                FieldPanel("opens_at"),
                FieldPanel("closes_at"),
                FieldPanel("shortening_reason"),
                FieldPanel("contact"),
            ],
            heading="征集信息",
        ),
        FieldPanel("summary"),
        FieldPanel("draft"),
        FieldPanel("explanation"),
        FieldPanel("feedback"),
    ]

    class Meta:
        verbose_name = "意见征集"
        verbose_name_plural = "意见征集"

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at:
            if self.closes_at <= self.opens_at:
                raise ValidationError({"closes_at": "征集截止时间应晚于开始时间。"})
            problem = period_problem(self.document_type, self.opens_at, self.closes_at)
            if problem and not self.shortening_reason.strip():
                raise ValidationError(
                    {"shortening_reason": problem + "缩短期限须填写理由。"}
                )

    @property
    def state(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return "未开始"
        if now <= self.closes_at:
            return "征集中"
        return "已结束"

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() <= self.closes_at

    @property
    def feedback_due_on(self):
        return feedback_due_on(self.closes_at)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["comments"] = list(
            self.comments.filter(status=ModerationStatus.APPROVED).order_by("pk")
        )
        return context


class ConsultationComment(models.Model):
    page = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="comments"
    )
    content = models.TextField("意见内容")
    name_masked = models.CharField("姓名", max_length=50)
    name_encrypted = models.TextField(blank=True)
    phone_encrypted = models.TextField(blank=True)
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    status = models.CharField(
        "状态", max_length=10, choices=ModerationStatus.choices,
        default=ModerationStatus.PENDING, db_index=True,
    )  # fmt: skip
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "征集意见"
        verbose_name_plural = "征集意见"

    def __str__(self):
        return f"意见 {self.pk}"
