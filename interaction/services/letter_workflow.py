"""The letter workflow (REQUIREMENTS §7.1): 受理 → 转办 → 办理/答复 → 审核 → 公开.

- 受理 by the mailbox owner's 信件办理: accept for its own unit (受理) or accept
  and route to the responsible site (受理并转办), refuse as invalid or duplicate
  with a reason, or redirect 信访 / 纪检举报 content to those channels with a
  message for the writer.
- The site handling the letter may route it on (another 转办), and replies.
- The mailbox owner's 审核 or 站点管理员 reviews the reply before it goes out
  (审核): approve closes the letter, sends the reply to the writer and, when the
  reviewer says so and the writer agreed, publishes it; return sends it back to
  the handling site with the reviewer's comment. Nobody approves their own reply.
  The working-day deadline keeps running through the review (a reply counts
  as given when it is approved).
- Publication (公开) only with the writer's consent, with personal data removed.
- The writer rates the reply; 不满意/非常不满意 opens a follow-up (回访) due in
  15 working days (R60).

Every transition locks the letter row, checks the state and the actor's rights,
writes one history event and one audit entry (case number only, never personal
data). Mail goes out after commit and its failure never undoes anything.
"""

from __future__ import annotations

import datetime
import logging
import uuid

from django.db import transaction
from django.utils import timezone

from sites.casework import lookup, notifications, submission
from sites.casework.transitions import CaseTransitions, Step
from sites.personal_data import digest, encrypt, mask_id, mask_name, mask_phone
from sites.services.site_roles import site_roles
from sites.services.workdays import add_working_days

from ..letter_choices import (
    DISSATISFIED,
    FOLLOW_UP_WORKING_DAYS,
    REDIRECT_MESSAGES,
    LetterStatus,
    Rating,
    RedirectChannel,
    RejectReason,
)
from ..models import Letter, LetterAttachment, LetterEvent
from ..signals import letter_published, letter_unpublished
from . import deadlines
from .permissions import (
    REVIEWER_ROLES,
    handler_groups,
    handler_site_ids,
    reviewer_site_ids,
)
from .publication import redact, redact_reply

logger = logging.getLogger(__name__)


class WorkflowError(Exception):
    """A refused step; the message is shown as is."""


LETTERS = CaseTransitions(
    Letter, LetterEvent, "interaction.letter", WorkflowError,
    lock_related=("mailbox__site", "category", "handling_site"),
    site_of=lambda letter: letter.mailbox.site,
)  # fmt: skip
_require = LETTERS.require


# --- submission --------------------------------------------------------------


def submit(
    mailbox, category, data: dict, token: uuid.UUID, files=()
) -> tuple[Letter, str | None]:
    """Store one letter with its files; a repeated token returns the stored one.

    ``data`` holds subject, content, name, phone, email, id_number, address,
    may_publish. Returns (letter, query_code); the code is None for a repeat
    (see query_codes.code_again).
    """
    phone, id_number = data["phone"], data.get("id_number", "")

    def store(query_code_hash: str) -> Letter:
        letter = Letter(
            mailbox=mailbox,
            category=category,
            submission_token=token,
            query_code_hash=query_code_hash,
            subject=data["subject"],
            content=data["content"],
            name_encrypted=encrypt(data["name"]),
            name_masked=mask_name(data["name"]),
            phone_encrypted=encrypt(phone),
            phone_masked=mask_phone(phone),
            email_encrypted=encrypt(data.get("email", "")),
            id_number_encrypted=encrypt(id_number),
            id_number_masked=mask_id(id_number),
            address_encrypted=encrypt(data.get("address", "")),
            writer_digest=digest(phone, "letter-writer"),
            may_publish=bool(data.get("may_publish")),
            handling_site=mailbox.site,
        )
        letter.submitted_at = timezone.now()
        deadlines.set_due_dates(letter)
        letter.save()
        letter.case_number = (
            f"XX{timezone.localtime(letter.submitted_at):%Y%m%d}{letter.pk:06d}"
        )
        letter.save(update_fields=["case_number"])
        for upload, content_type in files:
            LetterAttachment.objects.create(
                letter=letter,
                file=upload,
                original_name=upload.name[:120],
                content_type=content_type,
                size=upload.size,
            )
        LETTERS.record(
            letter, "submit", None, "来信人在线提交", step=Step(audited=False)
        )
        return letter

    letter, query_code = submission.submit_once(Letter, token, store)
    if query_code is not None:
        transaction.on_commit(lambda: notify_handlers(letter, letter.mailbox.site))
    return letter, query_code


def find_for_writer(case_number: str, query_code: str) -> Letter | None:
    """The letter when both number and code match; None reveals nothing more."""
    return lookup.find_case(
        Letter.objects.select_related("mailbox__site", "category", "reply_site"),
        case_number,
        query_code,
    )


# --- notifications (after commit; never fatal) ---------------------------------


def notify_handlers(letter: Letter, site) -> None:
    """Mail the 信件办理 of ``site`` only (no fan-out beyond the letter's actors)."""
    notifications.mail_about(
        letter, "handlers",
        f"新的来信 {letter.case_number}",
        f"{site.site_name}有一件来信待办理（编号 {letter.case_number}），"
        "请登录管理后台“政民互动 → 信件办理”处理。",
        lambda: notifications.active_addresses(handler_groups(site)),
    )  # fmt: skip


def notify_reviewers(letter: Letter) -> None:
    """Mail the mailbox owner's 审核 and 站点管理员: a reply awaits their review."""
    site = letter.mailbox.site
    notifications.mail_about(
        letter, "reviewers",
        f"信件答复待审核 {letter.case_number}",
        f"{site.site_name}信箱的来信（编号 {letter.case_number}）已提交答复，"
        "请登录管理后台“政民互动 → 信件办理”审核。",
        lambda: notifications.active_addresses(
            [g for role in REVIEWER_ROLES for g in site_roles.groups(site, role)],
            exclude_user_id=letter.replied_by_id,
        ),
    )  # fmt: skip


def notify_writer(letter: Letter, what: str) -> None:
    notifications.mail_about(
        letter, "the writer",
        f"您的来信 {letter.case_number} {what}",
        f"您的来信（编号 {letter.case_number}）{what}。请凭信件编号和查询码"
        f"在{letter.mailbox.site.root_url}/hdjl/ldxx/query/ 查看详情。",
        lambda: [letter.email] if letter.email else [],
    )  # fmt: skip


# --- transitions -------------------------------------------------------------


def _owner(user, letter) -> bool:
    return letter.mailbox.site_id in handler_site_ids(user)


def _handler(user, letter) -> bool:
    return letter.handling_site_id in handler_site_ids(user)


def _reviewer(user, letter) -> bool:
    return letter.mailbox.site_id in reviewer_site_ids(user)


def accept(letter, user, to_site, note="", request=None) -> Letter:
    """受理: the letter is valid. For the mailbox's own unit it is simply 受理; for
    another unit it is 受理并转办 to ``to_site``."""

    def change(letter):
        _require(_owner(user, letter), "只有信箱所属单位的信件办理人员可以受理来信。")
        _require(letter.status == LetterStatus.SUBMITTED, "该信件已受理或已处理。")
        previous = letter.handling_site
        letter.status = LetterStatus.HANDLING
        letter.accepted_at = timezone.now()
        letter.handling_site = to_site
        fields = ["status", "accepted_at", "handling_site"]
        audit = {"to_site": to_site.site_name}
        if to_site.pk == letter.mailbox.site_id:
            return Step(action="receive", note=note.strip() or "受理，由本单位办理",
                        audit={**audit, "routed": False}, fields=fields)  # fmt: skip
        return Step(event={"from_site": previous, "to_site": to_site},
                    note=note or "受理并转办", audit={**audit, "routed": True},
                    fields=fields)  # fmt: skip

    letter = LETTERS.run(letter, user, "accept", change, request=request)
    transaction.on_commit(lambda: notify_handlers(letter, to_site))
    transaction.on_commit(lambda: notify_writer(letter, "已受理"))
    return letter


def reject(letter, user, reason: str, note: str, request=None) -> Letter:
    """不予受理 (invalid or duplicate) with a reason the writer reads."""
    _require(reason in RejectReason.values, "请选择不予受理的原因。")
    _require(bool(note.strip()), "请填写不予受理的说明，来信人将看到该说明。")

    def change(letter):
        _require(_owner(user, letter), "只有信箱所属单位的信件办理人员可以受理来信。")
        _require(letter.status == LetterStatus.SUBMITTED, "该信件已受理或已处理。")
        letter.status = LetterStatus.REJECTED
        letter.reject_reason = reason
        letter.decision_note = note.strip()
        return Step(audit={"reason": reason},
                    fields=["status", "reject_reason", "decision_note"])  # fmt: skip

    letter = LETTERS.run(letter, user, "reject", change,
                         f"{RejectReason(reason).label}：{note}", request)  # fmt: skip
    transaction.on_commit(lambda: notify_writer(letter, "不予受理"))
    return letter


def redirect_channel(letter, user, channel: str, request=None) -> Letter:
    """信访 / 纪检举报 content goes to its own channel; the writer is told where."""
    _require(channel in RedirectChannel.values, "请选择引导的渠道。")

    def change(letter):
        _require(_owner(user, letter), "只有信箱所属单位的信件办理人员可以受理来信。")
        _require(letter.status == LetterStatus.SUBMITTED, "该信件已受理或已处理。")
        letter.status = LetterStatus.REDIRECTED
        letter.redirect_channel = channel
        letter.decision_note = REDIRECT_MESSAGES[channel]
        return Step(audit={"channel": channel},
                    fields=["status", "redirect_channel", "decision_note"])  # fmt: skip

    letter = LETTERS.run(letter, user, "redirect", change,
                         RedirectChannel(channel).label, request)  # fmt: skip
    transaction.on_commit(lambda: notify_writer(letter, "已引导至其他渠道"))
    return letter


def reroute(letter, user, to_site, note: str, request=None) -> Letter:
    """Route on (再转办) to another site; the deadline keeps running."""
    _require(bool(note.strip()), "请填写转办理由。")

    def change(letter):
        _require(
            _handler(user, letter) or _owner(user, letter),
            "只有承办单位或信箱所属单位的信件办理人员可以转办。",
        )
        _require(letter.status == LetterStatus.HANDLING, "只有办理中的信件可以转办。")
        _require(to_site.pk != letter.handling_site_id, "请选择其他承办单位。")
        previous = letter.handling_site
        letter.handling_site = to_site
        return Step(event={"from_site": previous, "to_site": to_site},
                    audit={"to_site": to_site.site_name},
                    fields=["handling_site"])  # fmt: skip

    letter = LETTERS.run(letter, user, "route", change, note.strip(), request)
    transaction.on_commit(lambda: notify_handlers(letter, to_site))
    return letter


def reply(letter, user, text: str, request=None) -> Letter:
    """答复 by the handling site; goes to the mailbox owner for 审核."""
    _require(bool(text.strip()), "请填写答复内容。")

    def change(letter):
        _require(_handler(user, letter), "只有承办单位的信件办理人员可以答复。")
        _require(letter.status == LetterStatus.HANDLING, "只有办理中的信件可以答复。")
        letter.status = LetterStatus.REPLIED
        letter.reply = text.strip()
        letter.reply_site = letter.handling_site
        letter.replied_at = timezone.now()
        letter.replied_by = user
        return Step(fields=["status", "reply", "reply_site", "replied_at",
                            "replied_by"])  # fmt: skip

    letter = LETTERS.run(letter, user, "reply", change, "提交答复，待审核", request)
    transaction.on_commit(lambda: notify_reviewers(letter))
    return letter


def review(
    letter, user, approve: bool, note: str = "", request=None, publish_now=False
) -> Letter:
    """审核 by the mailbox owner's 审核 or 站点管理员: approve closes the letter (and
    publishes it when ``publish_now`` and the writer agreed); return sends it
    back to the handling site with the reviewer's comment."""

    def change(letter):
        _require(
            _reviewer(user, letter),
            "只有信箱所属单位的审核人员或站点管理员可以审核答复。",
        )
        _require(letter.status == LetterStatus.REPLIED, "该信件没有待审核的答复。")
        _require(letter.replied_by_id != user.pk, "不能审核本人提交的答复。")
        if not approve:
            _require(bool(note.strip()), "退回时请填写退回意见。")
            letter.status = LetterStatus.HANDLING
            return Step(note=note.strip(), fields=["status"])
        letter.status = LetterStatus.CLOSED
        letter.reviewed_at = timezone.now()
        letter.public_subject = redact(letter.subject, letter)
        letter.public_content = redact(letter.content, letter)
        letter.public_reply = redact_reply(letter.reply, letter)
        return Step(note=note.strip() or "审核通过，已办结",
                    fields=["status", "reviewed_at", "public_subject",
                            "public_content", "public_reply"])  # fmt: skip

    with transaction.atomic():
        letter = LETTERS.run(letter, user, "approve" if approve else "return",
                             change, request=request)  # fmt: skip
        if approve and publish_now and letter.may_publish:
            letter = publish(letter, user, request=request)
    if approve:
        transaction.on_commit(lambda: notify_writer(letter, "已答复"))
    else:
        transaction.on_commit(lambda: notify_handlers(letter, letter.handling_site))
    return letter


def publish(letter, user, subject="", content="", reply_text="", request=None):
    """公开: only closed letters whose writer agreed; texts are redacted again."""

    def change(letter):
        _require(
            _owner(user, letter) or _reviewer(user, letter),
            "只有信箱所属单位的信件办理人员、审核人员或站点管理员可以公开信件。",
        )
        _require(letter.status == LetterStatus.CLOSED, "只有已办结的信件可以公开。")
        _require(letter.may_publish, "来信人不同意公开，该信件不能公开。")
        letter.public_subject = redact(subject or letter.public_subject, letter)
        letter.public_content = redact(content or letter.public_content, letter)
        letter.public_reply = redact_reply(reply_text or letter.public_reply, letter)
        letter.is_published = True
        letter.published_at = letter.published_at or timezone.now()
        return Step(fields=["public_subject", "public_content", "public_reply",
                            "is_published", "published_at"])  # fmt: skip

    letter = LETTERS.run(letter, user, "publish", change, "公开", request)
    transaction.on_commit(lambda: _send(letter_published, letter))
    return letter


def unpublish(letter, user, note: str, request=None):
    _require(bool(note.strip()), "请填写撤销公开的理由。")

    def change(letter):
        _require(_owner(user, letter), "只有信箱所属单位的信件办理人员可以撤销公开。")
        _require(letter.is_published, "该信件未公开。")
        letter.is_published = False
        return Step(fields=["is_published"])

    letter = LETTERS.run(letter, user, "unpublish", change, note.strip(), request)
    transaction.on_commit(lambda: _send(letter_unpublished, letter))
    return letter


def _send(signal, letter):
    try:
        signal.send(sender=Letter, instance=letter)
    except Exception:
        logger.exception("a receiver of %s failed for %s", signal, letter.case_number)


def rate(letter, rating: int, comment: str = "", on: datetime.date | None = None):
    """The writer's rating of the reply (five levels); dissatisfied opens follow-up."""
    _require(rating in Rating.values, "请选择满意度。")

    def change(letter):
        _require(letter.status == LetterStatus.CLOSED, "信件办结后才能评价。")
        _require(letter.rating is None, "您已评价过该信件。")
        letter.rating = rating
        letter.rating_comment = comment[:500]
        letter.rated_at = timezone.now()
        fields = ["rating", "rating_comment", "rated_at"]
        if rating in DISSATISFIED:
            day = on or deadlines.today()
            letter.follow_up_due_on = add_working_days(day, FOLLOW_UP_WORKING_DAYS).date
            fields.append("follow_up_due_on")
        # The writer's own act: the history tells it, the staff audit does not.
        return Step(fields=fields, audited=False)

    letter = LETTERS.run(letter, None, "rate", change, Rating(rating).label)
    if rating in DISSATISFIED:
        transaction.on_commit(lambda: notify_handlers(letter, letter.handling_site))
    return letter


def record_follow_up(letter, user, note: str, request=None):
    """整改/回访 after a dissatisfied rating, by the handling site."""
    _require(bool(note.strip()), "请填写整改或回访情况。")

    def change(letter):
        _require(_handler(user, letter), "只有承办单位的信件办理人员可以登记回访。")
        _require(letter.awaits_follow_up, "该信件没有待办的回访。")
        letter.follow_up_note = note.strip()
        letter.follow_up_done_at = timezone.now()
        return Step(fields=["follow_up_note", "follow_up_done_at"])

    return LETTERS.run(letter, user, "follow_up", change, note.strip(), request)
