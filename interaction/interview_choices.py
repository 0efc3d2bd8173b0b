"""Choices of 在线访谈 interviews: question moderation states."""

from django.db import models


class QuestionStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已采纳待答复"
    ANSWERED = "answered", "已答复"
    REJECTED = "rejected", "不予采纳"
