"""依申请公开 cases (REQUIREMENTS §3.5, R33–R44): the application, its history,
third-party consultations that stop the clock, and appeals for Table 3."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from disclosure.applications.case_terms import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    ApplicantType,
    DeliveryChannel,
    DeliveryForm,
    IdType,
    Outcome,
    Status,
)
from disclosure.applications.fees import FeeMethod
from disclosure.applications.permissions import (
    sees_every_application,
    visible_site_ids,
)
from sites.casework.models import CaseEvent, PublicCase
from sites.personal_data import decrypt, encrypt, mask_id, mask_name


class DisclosureApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def for_handler(self, user):
        """Cases of the sites where ``user`` handles or reviews applications (all for
        cluster roles)."""
        if sees_every_application(user):
            return self
        return self.filter(site_id__in=visible_site_ids(user))


class DisclosureApplication(PublicCase):
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="受理机关", on_delete=models.PROTECT,
        related_name="disclosure_applications",
    )  # fmt: skip
    case_number = models.CharField("申请编号", max_length=20, unique=True, null=True)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    channel = models.CharField(
        "申请渠道", max_length=10, default="online",
        choices=[("online", "网上申请"), ("letter", "信函"), ("in_person", "当面"), ("fax", "传真")],
    )  # fmt: skip

    # Art. 29(1): the applicant.
    applicant_type = models.CharField(
        "申请人类型", max_length=20, choices=ApplicantType.choices
    )
    # Name, contact person, phone, e-mail and address are stored only encrypted
    # (R80), like letters' writers; masked copies serve lists and supervisors.
    # The clear values are the properties below (readable by the handler's views).
    name_encrypted = models.TextField("姓名或名称（加密）", editable=False, default="")
    name_masked = models.CharField(
        "姓名或名称", max_length=100, editable=False, default=""
    )
    contact_person_encrypted = models.TextField(
        "联系人（加密）", editable=False, default=""
    )
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number_encrypted = models.TextField("证件号码（加密）", editable=False)
    id_number_masked = models.CharField("证件号码", max_length=40, editable=False)
    # A keyed fingerprint of the ID: counts one applicant's requests (fees, repeats)
    # without decrypting anything.
    applicant_digest = models.CharField(
        max_length=64, editable=False, db_index=True, default=""
    )
    phone_encrypted = models.TextField("联系电话（加密）", editable=False, default="")
    phone_masked = models.CharField(
        "联系电话", max_length=30, editable=False, default=""
    )
    email_encrypted = models.TextField("电子邮箱（加密）", editable=False, default="")
    address_encrypted = models.TextField("通信地址（加密）", editable=False, default="")
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    # Art. 29(2): what is asked for.
    info_title = models.CharField("所需信息名称", max_length=200, blank=True)
    info_document_number = models.CharField("文号", max_length=60, blank=True)
    description = models.TextField("所需信息的内容描述", max_length=2000)
    # Art. 29(3): form and channel.
    delivery_form = models.CharField(
        "提供形式", max_length=20, choices=DeliveryForm.choices
    )
    delivery_channel = models.CharField(
        "获取方式", max_length=20, choices=DeliveryChannel.choices
    )

    # The clock (Art. 31, 30, 33).
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    received_on = models.DateField("受理确认日期", null=True, blank=True)
    clock_start_on = models.DateField("计时起算日", null=True, blank=True)
    correction_requested_on = models.DateField("补正告知日期", null=True, blank=True)
    correction_notice = models.TextField("补正内容", blank=True)
    correction_due_on = models.DateField("补正期限", null=True, blank=True)
    corrected_on = models.DateField("补正收到日期", null=True, blank=True)
    corrected_description = models.TextField(
        "补正后的内容描述", blank=True, max_length=2000
    )
    extension_days = models.PositiveSmallIntegerField("延期工作日数", default=0)
    extension_reason = models.TextField("延期理由", blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="延期批准人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    extension_approved_on = models.DateField("延期批准日期", null=True, blank=True)

    # The reply (Art. 36) and the outcome for Table 2.
    replied_on = models.DateField("答复日期", null=True, blank=True)
    outcome = models.CharField(
        "办理结果", max_length=40, choices=Outcome.choices, blank=True
    )
    legal_reason = models.TextField("理由和依据", blank=True)
    referred_to = models.CharField(
        "负责公开的机关及联系方式", max_length=200, blank=True,
        help_text="不属于本机关负责公开的，能够确定负责机关的，告知其名称和联系方式（《条例》第三十六条第五项）。",
    )  # fmt: skip
    reply_text = models.TextField("答复内容", blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    archived_on = models.DateField("归档日期", null=True, blank=True)
    void_reason = models.CharField("无效原因", max_length=200, blank=True)

    objects = DisclosureApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["site", "status"])]
        permissions = [("view_all_applications", "查看全部政府信息公开申请（只读）")]

    def __str__(self):
        return self.case_number or f"申请 {self.pk}"

    def save(self, *args, **kwargs):
        # The applicant type may be set after the name (or changed by staff).
        if self.name_encrypted:
            self._masked_name_from(self.name)
        super().save(*args, **kwargs)

    # Personal data (PublicCase): masked everywhere except the handler's own
    # detail view. The name is masked only for a person.
    @property
    def name(self) -> str:
        return decrypt(self.name_encrypted)

    @name.setter
    def name(self, value: str) -> None:
        self.name_encrypted = encrypt(value or "")
        self._masked_name_from(value or "")

    @property
    def contact_person(self) -> str:
        return decrypt(self.contact_person_encrypted)

    @contact_person.setter
    def contact_person(self, value: str) -> None:
        self.contact_person_encrypted = encrypt(value or "")

    def _masked_name_from(self, name: str) -> None:
        # An organisation's name is public; a person's is masked.
        person = self.applicant_type in ("", ApplicantType.NATURAL)
        self.name_masked = mask_name(name) if person else name

    @property
    def is_person(self) -> bool:
        return self.applicant_type == ApplicantType.NATURAL

    @property
    def masked_name(self) -> str:
        return self.name_masked

    @property
    def masked_phone(self) -> str:
        return self.phone_masked

    @property
    def masked_id_number(self) -> str:
        return self.id_number_masked or mask_id(self.id_number)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def replied_late(self) -> bool:
        return bool(self.replied_on and self.due_on and self.replied_on > self.due_on)

    @property
    def open_consultation(self):
        return next((c for c in self.consultations.all() if c.ended_on is None), None)


EVENT_ACTIONS = [
    ("submit", "提交申请"),
    ("register", "登记"),
    ("void", "作废"),
    ("request_correction", "告知补正"),
    ("receive_correction", "收到补正"),
    ("review", "转入审核"),
    ("handle", "转入办理"),
    ("consult", "征求第三方意见"),
    ("consulted", "收到第三方意见"),
    ("extend", "延期"),
    ("fee", "发出收费通知"),
    ("fee_paid", "登记缴费"),
    ("reply_submit", "答复稿提交审核"),
    ("reply_return", "答复稿退回修改"),
    ("reply", "答复"),
    ("archive", "归档"),
]


class ApplicationEvent(CaseEvent):
    """The case history (登记、审核、办理、答复、归档 …); append-only."""

    application = models.ForeignKey(
        DisclosureApplication, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=40, choices=EVENT_ACTIONS)
    from_status = models.CharField(
        "原状态", max_length=20, blank=True, choices=Status.choices
    )
    to_status = models.CharField(
        "新状态", max_length=20, blank=True, choices=Status.choices
    )

    class Meta(CaseEvent.Meta):
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class ThirdPartyConsultation(models.Model):
    """Art. 32/34: consulting a third party or another body; its time is excluded."""

    application = models.ForeignKey(
        DisclosureApplication, on_delete=models.CASCADE, related_name="consultations"
    )
    party = models.CharField("征求意见对象", max_length=200)
    started_on = models.DateField("发出征求意见日期")
    ended_on = models.DateField("收到意见（或期满）日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "征求第三方意见"
        verbose_name_plural = "征求第三方意见"
        ordering = ["started_on", "pk"]

    def __str__(self):
        return f"{self.party}（{self.started_on:%Y-%m-%d}起）"


class FeeNotice(models.Model):
    """收费通知 (国办函〔2020〕109号): one per request, one method, never both."""

    application = models.OneToOneField(
        DisclosureApplication, on_delete=models.CASCADE, related_name="fee_notice"
    )
    method = models.CharField("计收方式", max_length=20, choices=FeeMethod.choices)
    request_rank = models.PositiveSmallIntegerField(
        "本月第几件申请", null=True, blank=True
    )
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    amount = models.DecimalField("金额（元）", max_digits=9, decimal_places=2)
    issued_on = models.DateField("发出收费通知日期")
    pay_by = models.DateField("缴费期限")
    paid_on = models.DateField("缴费日期", null=True, blank=True)

    class Meta:
        verbose_name = "收费通知"
        verbose_name_plural = "收费通知"

    def __str__(self):
        return f"{self.get_method_display()} {self.amount}元"


class AppealKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LAWSUIT_DIRECT = "lawsuit_direct", "行政诉讼（未经复议直接起诉）"
    LAWSUIT_AFTER = "lawsuit_after", "行政诉讼（复议后起诉）"


class AppealResult(models.TextChoices):
    MAINTAINED = "maintained", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class Appeal(models.Model):
    """行政复议 / 行政诉讼 arising from a case (annual report Table 3)."""

    application = models.ForeignKey(
        DisclosureApplication, verbose_name="申请", on_delete=models.PROTECT,
        related_name="appeals",
    )  # fmt: skip
    kind = models.CharField("类型", max_length=20, choices=AppealKind.choices)
    filed_on = models.DateField("提起日期")
    result = models.CharField(
        "结果",
        max_length=20,
        choices=AppealResult.choices,
        default=AppealResult.PENDING,
    )
    decided_on = models.DateField("审结日期", null=True, blank=True)

    class Meta:
        verbose_name = "行政复议、行政诉讼"
        verbose_name_plural = "行政复议、行政诉讼"

    def __str__(self):
        return f"{self.get_kind_display()}：{self.get_result_display()}"
