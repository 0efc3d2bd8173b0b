"""在线访谈: announcement, moderated questions, live answers, transcript (R59)."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from sites.blocks import BaseStreamBlock
from sites.models.pages import TITLE_PANELS, StandardColumnItemPage

from ..interview_choices import QuestionStatus


class InterviewPage(StandardColumnItemPage):
    """One interview; lives under a site's 在线访谈 column."""

    guests = models.CharField("访谈嘉宾", max_length=255)
    starts_at = models.DateTimeField("访谈开始时间")
    ends_at = models.DateTimeField("访谈结束时间")
    introduction = models.TextField("访谈简介", blank=True)
    transcript = StreamField(
        BaseStreamBlock(), verbose_name="文字实录", blank=True,
        help_text="访谈结束后发布文字实录和图片。",
    )  # fmt: skip
    # R59: when a transcript was first published (stamped on publication); the
    # preview's time is the page's first publication.
    transcript_published_at = models.DateTimeField(
        "文字实录发布时间", null=True, blank=True, editable=False
    )

    column_slug = "zxft"

    search_fields = Page.search_fields + [
        index.SearchField("guests"),
        index.SearchField("introduction"),
        index.SearchField("transcript"),
        index.FilterField("starts_at"),
    ]

    content_panels = TITLE_PANELS + [
        MultiFieldPanel(
            [FieldPanel("guests"), FieldPanel("starts_at"), FieldPanel("ends_at")],
            heading="访谈预告",
        ),
        FieldPanel("introduction"),
        FieldPanel("transcript"),
    ]

    class Meta:
        verbose_name = "在线访谈"
        verbose_name_plural = "在线访谈"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "访谈结束时间应晚于开始时间。"})

    @property
    def state(self) -> str:
        now = timezone.now()
        if now < self.starts_at:
            return "预告"
        if now <= self.ends_at:
            return "直播中"
        return "已结束"

    @property
    def accepts_questions(self) -> bool:
        return timezone.now() <= self.ends_at

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["answered"] = list(
            self.questions.filter(status=QuestionStatus.ANSWERED).order_by(
                "answered_at", "pk"
            )
        )
        return context


class InterviewQuestion(models.Model):
    page = models.ForeignKey(
        InterviewPage, on_delete=models.CASCADE, related_name="questions"
    )
    content = models.TextField("提问内容")
    name_masked = models.CharField("网友", max_length=50)
    name_encrypted = models.TextField(blank=True)
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4)
    submitted_at = models.DateTimeField("提问时间", auto_now_add=True)
    status = models.CharField(
        "状态", max_length=10, choices=QuestionStatus.choices,
        default=QuestionStatus.PENDING, db_index=True,
    )  # fmt: skip
    answer = models.TextField("答复", blank=True)
    answered_by = models.CharField("答复嘉宾", max_length=50, blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "访谈提问"
        verbose_name_plural = "访谈提问"

    def __str__(self):
        return f"提问 {self.pk}"
