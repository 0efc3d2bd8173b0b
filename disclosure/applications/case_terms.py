"""Vocabularies of 依申请公开 (REQUIREMENTS §3.5 and the 2021 annual-report format §4.3).

The outcome codes are exactly the leaf rows of Table 2 (三、本年度办理结果), so the
annual report is a GROUP BY over closed cases.
"""

from django.db import models


class ApplicantType(models.TextChoices):
    NATURAL = "natural", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_INTEREST = "public_interest", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他"


ORGANISATION_TYPES = [t for t in ApplicantType if t != ApplicantType.NATURAL]
APPLICANT_TYPE_FORM_CHOICES = [
    (ApplicantType.NATURAL.value, "自然人"),
    ("法人或其他组织", [(t.value, t.label) for t in ORGANISATION_TYPES]),
]


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MO = "hk_mo", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    USCC = "uscc", "统一社会信用代码证"
    OTHER = "other", "其他有效证件"


PERSON_ID_TYPES = {
    IdType.RESIDENT_ID,
    IdType.PASSPORT,
    IdType.HK_MO,
    IdType.TAIWAN,
    IdType.FOREIGN_PR,
}


class DeliveryForm(models.TextChoices):
    PAPER = "paper", "纸质文本"
    ELECTRONIC = "electronic", "电子文本（数据电文）"
    INSPECTION = "inspection", "当面查阅、抄录"


class DeliveryChannel(models.TextChoices):
    POST = "post", "邮寄"
    PICKUP = "pickup", "自行领取"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上查询获取"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待登记"
    REGISTERED = "registered", "已登记"
    CORRECTION = "correction", "待补正"
    REVIEWING = "reviewing", "审核中"
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复"
    ARCHIVED = "archived", "已归档"
    VOID = "void", "无效申请"


OPEN_STATUSES = (
    Status.REGISTERED,
    Status.CORRECTION,
    Status.REVIEWING,
    Status.HANDLING,
)
CLOSED_STATUSES = (Status.REPLIED, Status.ARCHIVED)


class OutcomeGroup(models.TextChoices):
    GRANTED = "granted", "（一）予以公开"
    PARTIAL = "partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    WITHHELD = "withheld", "（三）不予公开"
    UNAVAILABLE = "unavailable", "（四）无法提供"
    NOT_PROCESSED = "not_processed", "（五）不予处理"
    OTHER = "other", "（六）其他处理"


class Outcome(models.TextChoices):
    """The leaf rows of Table 2, in the official order."""

    GRANTED = "granted", "予以公开"
    PARTIAL = "partial", "部分公开"
    WITHHELD_SECRET = "withheld_secret", "不予公开：属于国家秘密"
    WITHHELD_LAW = "withheld_law", "不予公开：其他法律行政法规禁止公开"
    WITHHELD_SECURITY = "withheld_security", "不予公开：危及“三安全一稳定”"
    WITHHELD_THIRD_PARTY = "withheld_third_party", "不予公开：保护第三方合法权益"
    WITHHELD_INTERNAL = "withheld_internal", "不予公开：属于三类内部事务信息"
    WITHHELD_PROCESS = "withheld_process", "不予公开：属于四类过程性信息"
    WITHHELD_ENFORCEMENT = "withheld_enforcement", "不予公开：属于行政执法案卷"
    WITHHELD_QUERY = "withheld_query", "不予公开：属于行政查询事项"
    UNAVAILABLE_NOT_HELD = "unavailable_not_held", "无法提供：本机关不掌握相关政府信息"
    UNAVAILABLE_NEEDS_CREATION = (
        "unavailable_needs_creation",
        "无法提供：没有现成信息需要另行制作",
    )
    UNAVAILABLE_UNCLEAR = "unavailable_unclear", "无法提供：补正后申请内容仍不明确"
    NOT_PROCESSED_PETITION = "not_processed_petition", "不予处理：信访举报投诉类申请"
    NOT_PROCESSED_REPEAT = "not_processed_repeat", "不予处理：重复申请"
    NOT_PROCESSED_PUBLICATION = (
        "not_processed_publication",
        "不予处理：要求提供公开出版物",
    )
    NOT_PROCESSED_EXCESSIVE = (
        "not_processed_excessive",
        "不予处理：无正当理由大量反复申请",
    )
    NOT_PROCESSED_CONFIRM = (
        "not_processed_confirm",
        "不予处理：要求行政机关确认或重新出具已获取信息",
    )
    OTHER_NO_CORRECTION = (
        "other_no_correction",
        "其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    )
    OTHER_NO_FEE = (
        "other_no_fee",
        "其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    )
    OTHER = "other", "其他处理：其他"


def outcome_group(outcome: str) -> str:
    if outcome in (Outcome.GRANTED, Outcome.PARTIAL):
        return outcome
    return {
        "withheld": OutcomeGroup.WITHHELD,
        "unavailable": OutcomeGroup.UNAVAILABLE,
        "not": OutcomeGroup.NOT_PROCESSED,
        "other": OutcomeGroup.OTHER,
    }[outcome.split("_")[0]].value


# Outcomes whose reply must state the legal reason (Art. 36(3), (5), 37, 38, 39).
OUTCOMES_NEEDING_REASON = {o for o in Outcome if o != Outcome.GRANTED}
