"""Choices of 征集调查 consultations: document types, comment moderation states."""

from django.db import models


class DocumentType(models.TextChoices):
    MAJOR_DECISION = "major_decision", "重大行政决策"
    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER = "other", "其他"


class ModerationStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已公开"
    REJECTED = "rejected", "不予公开"
