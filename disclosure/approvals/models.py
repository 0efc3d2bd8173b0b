"""Approval notices (办件公示, REQUIREMENTS §6.2, R64), 双公示 decisions (§6.1, R61–R63)
and their electronic supervision (电子监察, §6.3, R65).

Records arrive from the approval system (import API or an admin upload); the
website only publishes them. Natural persons are stored minimised (R80): the
name only in masked form, the ID number encrypted, with a masked copy for
display and a keyed digest so that a re-import can tell whether it changed.

Deadlines are stored as dates when a record is saved (``promised_due``,
``result_publish_due``, ``publish_due``) so that the yellow/red signals are
plain date comparisons: a list of any length costs a fixed number of queries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class PartyType(models.TextChoices):
    NATURAL = "natural", "自然人"
    LEGAL = "legal", "法人及非法人组织"


class CaseState(models.TextChoices):
    ACCEPTED = "accepted", "受理"
    REVIEWING = "reviewing", "审查"
    DECIDING = "deciding", "决定"
    CORRECTION = "correction", "补正"
    COMPLETED = "completed", "办结"
    REJECTED = "rejected", "不予受理"


#: States in which the promised time limit no longer runs.
FINISHED_STATES = (CaseState.COMPLETED, CaseState.REJECTED)


class CaseResult(models.TextChoices):
    GRANTED = "granted", "准予"
    REFUSED = "refused", "不予"
    WITHDRAWN = "withdrawn", "撤回"


class DecisionKind(models.TextChoices):
    LICENCE = "licence", "行政许可"
    PENALTY = "penalty", "行政处罚"


class DecisionStatus(models.TextChoices):
    VALID = "valid", "正常公示"
    CHANGED = "changed", "已变更"
    WITHDRAWN = "withdrawn", "已撤销"


class Party(models.Model):
    """The applicant / 行政相对人: an organisation in full, a natural person masked."""

    party_type = models.CharField("主体类型", max_length=10, choices=PartyType.choices)
    # Organisations: the full name; natural persons: the masked name only (张**).
    party_name = models.CharField("名称或姓名", max_length=200)
    party_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    party_id_encrypted = models.TextField(
        "身份证号码（加密）", blank=True, editable=False
    )
    party_id_masked = models.CharField("身份证号码", max_length=24, blank=True)
    party_id_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def party_display(self) -> str:
        """Name and code as published: never a full ID number (R61, R64)."""
        code = self.party_code if self.party_type == PartyType.LEGAL else ""
        code = code or self.party_id_masked
        return f"{self.party_name}（{code}）" if code else self.party_name


class ApprovalCase(Party):
    """One 办件 as the approval system reports it (R64)."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="受理部门", on_delete=models.PROTECT,
        related_name="approval_cases",
    )  # fmt: skip
    case_number = models.CharField("受理编号", max_length=64)
    item_name = models.CharField("事项名称", max_length=200)
    item_code = models.CharField("事项编码", max_length=64, blank=True)
    accepted_at = models.DateTimeField("受理时间")
    promised_days = models.PositiveSmallIntegerField("承诺时限（工作日）")
    legal_days = models.PositiveSmallIntegerField("法定时限（工作日）")
    promised_due = models.DateField("承诺办结期限")
    due_provisional = models.BooleanField("期限暂定", default=False)
    state = models.CharField("办理状态", max_length=12, choices=CaseState.choices)
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    result = models.CharField(
        "办理结果", max_length=10, choices=CaseResult.choices, blank=True
    )
    published_at = models.DateTimeField("公示时间", default=timezone.now)
    # When the finished result first appeared on the site, and by when it had to.
    result_published_at = models.DateTimeField("结果公示时间", null=True, blank=True)
    result_publish_due = models.DateField("结果公示期限", null=True, blank=True)
    # 环节 (R65): when the case entered its current state (first import that
    # reported it), the step's limit, and whether an earlier step overran.
    state_since = models.DateTimeField("进入当前环节时间", null=True, blank=True)
    step_due = models.DateField("当前环节期限", null=True, blank=True)
    step_overran = models.BooleanField("曾有环节超时", default=False)
    fingerprint = models.CharField(max_length=64, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "办件"
        verbose_name_plural = "办件公示"
        ordering = ["-accepted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "case_number"], name="approval_case_number_per_site"
            )
        ]
        indexes = [models.Index(fields=["state", "promised_due"])]
        permissions = [
            ("supervise_approvals", "电子监察：查看全部审批公示并记录处置"),
            ("manage_all_approvals", "管理全部网站的审批公示导入"),
        ]

    def __str__(self):
        return f"{self.case_number} {self.item_name}"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES


class ApprovalCaseEvent(models.Model):
    """The case history: imports, updates and state changes; append-only."""

    case = models.ForeignKey(
        ApprovalCase, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    action = models.CharField(
        "操作", max_length=20,
        choices=[("created", "导入"), ("updated", "更新"), ("state", "状态变更")],
    )  # fmt: skip
    source = models.CharField("来源", max_length=20, blank=True)
    from_state = models.CharField(
        "原状态", max_length=12, blank=True, choices=CaseState.choices
    )
    to_state = models.CharField(
        "新状态", max_length=12, blank=True, choices=CaseState.choices
    )
    # Names of the changed fields, never their values (an ID number may be one).
    note = models.TextField("说明", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = "办件记录"
        verbose_name_plural = "办件记录"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class Decision(Party):
    """A 双公示 record: an administrative licence or penalty decision (R61, R62)."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="公示网站", on_delete=models.PROTECT,
        related_name="approval_decisions",
    )  # fmt: skip
    kind = models.CharField("类型", max_length=10, choices=DecisionKind.choices)
    document_title = models.CharField("决定文书名称", max_length=200)
    document_number = models.CharField("决定文书号", max_length=100)
    category = models.CharField("许可/处罚类别", max_length=100)
    content = models.TextField("许可内容/处罚事由")
    basis = models.TextField("依据", blank=True)
    result = models.TextField("处罚结果", blank=True)
    decided_on = models.DateField("决定日期")
    valid_from = models.DateField("有效期自", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    authority = models.CharField("决定机关", max_length=200)
    published_at = models.DateTimeField("公示时间", default=timezone.now)
    publish_due = models.DateField("公示期限")
    status = models.CharField(
        "公示状态", max_length=10, choices=DecisionStatus.choices,
        default=DecisionStatus.VALID,
    )  # fmt: skip
    # R63: a changed or revoked decision carries a public explanation.
    notice = models.TextField("变更/撤销说明", blank=True)
    notice_at = models.DateTimeField("说明时间", null=True, blank=True)
    # R63: the day the decision itself was changed, revoked or annulled (by the
    # authority, on 复议 or by a court); the publication must follow within 3
    # working days (行政处罚法 第四十八条、第八十五条).
    status_changed_on = models.DateField("变更/撤销决定日期", null=True, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "双公示决定"
        verbose_name_plural = "双公示"
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "document_number"], name="decision_number_per_site"
            )
        ]

    def __str__(self):
        return f"{self.document_number} {self.document_title}"


class DecisionEvent(models.Model):
    """History of a decision: imports, changes, withdrawal; append-only."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    action = models.CharField(
        "操作", max_length=20,
        choices=[("created", "导入"), ("updated", "更新"), ("status", "公示状态变更")],
    )  # fmt: skip
    source = models.CharField("来源", max_length=20, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "双公示记录"
        verbose_name_plural = "双公示记录"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class ImportToken(models.Model):
    """A department's key for the import API; only its SHA-256 digest is kept."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="部门网站", on_delete=models.CASCADE,
        related_name="approval_tokens",
    )  # fmt: skip
    label = models.CharField("用途说明", max_length=100)
    prefix = models.CharField("令牌前缀", max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("停用时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入接口令牌"
        verbose_name_plural = "导入接口令牌"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… {self.label}"


class AlertReason(models.TextChoices):
    OVERDUE = "overdue", "超过承诺时限"
    LATE_RESULT = "late_result", "办结结果逾期公示"
    LATE_DECISION = "late_decision", "双公示逾期公示"
    STEP_OVERDUE = "step_overdue", "环节超过时限"


class SupervisionAlert(models.Model):
    """A red signal, pinned when first seen so that later data cannot erase it (R65).

    Only a :class:`SupervisionDisposition` closes it; nothing deletes it.
    """

    case = models.ForeignKey(
        ApprovalCase, null=True, blank=True, on_delete=models.PROTECT,
        related_name="alerts",
    )  # fmt: skip
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT,
        related_name="alerts",
    )  # fmt: skip
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("原因", max_length=20, choices=AlertReason.choices)
    raised_on = models.DateField("发现日期")

    class Meta:
        verbose_name = "红灯"
        verbose_name_plural = "电子监察红灯"
        ordering = ["raised_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "reason"], name="one_alert_per_case_reason"
            ),
            models.UniqueConstraint(
                fields=["decision", "reason"], name="one_alert_per_decision_reason"
            ),
        ]

    def __str__(self):
        target = self.case or self.decision
        return f"{self.get_reason_display()}：{target}"


class SupervisionDisposition(models.Model):
    """A supervisor's recorded disposition (处置意见) of a red signal; append-only."""

    alert = models.OneToOneField(
        SupervisionAlert, on_delete=models.PROTECT, related_name="disposition"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="监督员", on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField("处置时间", default=timezone.now)
    text = models.TextField("处置意见")

    class Meta:
        verbose_name = "处置记录"
        verbose_name_plural = "处置记录"

    def __str__(self):
        return f"{self.by} {self.at:%Y-%m-%d}"
