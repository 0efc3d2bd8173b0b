"""Choices of 政民互动 letters: mailbox categories, states, reject and redirect
reasons, rating levels, and the defaults and limits that go with them."""

from django.db import models


class CategoryKind(models.TextChoices):
    CONSULT = "consult", "咨询"
    SUGGEST = "suggest", "建议"
    COMPLAIN = "complain", "投诉"
    OTHER = "other", "其他"


# Defaults (REQUIREMENTS §7.1, R53): 咨询 5 working days, 建议/投诉 15; acknowledge in 1.
DEFAULT_CATEGORIES = (
    (CategoryKind.CONSULT, "咨询", 5),
    (CategoryKind.SUGGEST, "建议", 15),
    (CategoryKind.COMPLAIN, "投诉", 15),
)
DEFAULT_ACKNOWLEDGE_DAYS = 1


class LetterStatus(models.TextChoices):
    SUBMITTED = "submitted", "待受理"
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "待审核"
    CLOSED = "closed", "已办结"
    REJECTED = "rejected", "不予受理"
    REDIRECTED = "redirected", "已引导至其他渠道"


# Letters that still wait for the government (the clock runs).
# Open until the reply goes out: a reply awaiting 审核 has not been given yet, so
# its deadline and alarms keep running.
OPEN_STATUSES = (LetterStatus.SUBMITTED, LetterStatus.HANDLING, LetterStatus.REPLIED)
# Letters that are no "valid message" in the sense of the national checks.
INVALID_STATUSES = (LetterStatus.REJECTED, LetterStatus.REDIRECTED)


class RejectReason(models.TextChoices):
    INVALID = "invalid", "内容无效（无实质内容、无法联系等）"
    DUPLICATE = "duplicate", "重复来信"
    OTHER = "other", "其他"


class RedirectChannel(models.TextChoices):
    PETITION = "petition", "信访"
    DISCIPLINE = "discipline", "纪检监察举报"


REDIRECT_MESSAGES = {
    RedirectChannel.PETITION: (
        "您反映的事项属于信访事项，请通过国家信访局网上信访平台或本地信访部门提交，"
        "以便依照《信访工作条例》办理。"
    ),
    RedirectChannel.DISCIPLINE: (
        "您反映的事项属于纪检监察举报，请通过中央纪委国家监委网站举报平台或本地纪委监委"
        "信访举报渠道提交。"
    ),
}


class Rating(models.IntegerChoices):
    """Exactly five levels (R60)."""

    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    NEUTRAL = 3, "基本满意"
    DISSATISFIED = 2, "不满意"
    VERY_DISSATISFIED = 1, "非常不满意"


DISSATISFIED = (Rating.DISSATISFIED, Rating.VERY_DISSATISFIED)
FOLLOW_UP_WORKING_DAYS = 15  # R60 (local)
