"""审核签发 of a 依申请公开 reply (issue #17 item 4; Art. 45 登记 → 审核 → 办理 → 答复).

The 公开办理 clerk drafts the reply and submits it; the site's 审核 or 站点管理员
approves it (签发) or returns it with a comment; nobody signs off their own
draft. The case keeps its status and its clock while the draft waits: the reply
date is the day of 签发, which is when the numbered 答复告知书 is generated and
kept with the case.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from disclosure.applications import casework
from disclosure.applications.casework import CaseworkError
from disclosure.applications.permissions import can_handle, can_sign_off
from disclosure.applications.reply.notice import (
    next_notice_sequence,
    notice_number,
    notice_text,
    render_pdf,
)
from disclosure.models import (
    DraftState,
    ReplyAttachment,
    ReplyDraft,
    ReplyNotice,
)
from sites.casework.transitions import Step

OWN_DRAFT = "不能审核签发本人起草的答复，请由本网站其他审核人员或站点管理员签发。"
OWN_RETURN = "不能退回本人起草的答复，请由本网站其他审核人员或站点管理员审核。"


def pending_draft(application) -> ReplyDraft | None:
    return (
        ReplyDraft.objects.filter(application=application, state=DraftState.PENDING)
        .select_related("author")
        .first()
    )


def _log(case, user, action, note, request, **extra):
    """The case keeps its status: the event says so on both sides."""
    step = Step(event={"from_status": case.status, "to_status": case.status},
                audit=extra)  # fmt: skip
    casework.CASES.record(case, action, user, note, request, step)


def submit_draft(application, user, data: dict, files=(), request=None) -> ReplyDraft:
    """The clerk's reply goes to review; checked now as if it went out today.

    ``files``: ``(upload, content_type)`` pairs already checked by the form.
    """
    if not can_handle(user, application):
        raise CaseworkError("只有本网站的公开办理人员可以起草答复。")
    with transaction.atomic():
        case = casework.CASES.locked(application)
        if case.status not in casework.reply_statuses(data["outcome"]):
            raise CaseworkError(
                f"当前状态不能答复（当前状态：{case.get_status_display()}）。"
            )
        if pending_draft(case) is not None:
            raise CaseworkError("该申请已有待审核签发的答复稿，请等待审核结果。")
        casework.check_reply(
            case, data["outcome"], data["reply_text"], data["legal_reason"],
            casework.today(), data.get("referred_to", ""),
            data.get("referral_unknown", False),
        )  # fmt: skip
        try:
            with transaction.atomic():
                draft = ReplyDraft.objects.create(
                    application=case,
                    outcome=data["outcome"],
                    legal_reason=data["legal_reason"].strip(),
                    reply_text=data["reply_text"].strip(),
                    referred_to=data.get("referred_to", "").strip()[:200],
                    referral_unknown=data.get("referral_unknown", False),
                    author=user,
                )
        except IntegrityError:
            raise CaseworkError(
                "该申请已有待审核签发的答复稿，请等待审核结果。"
            ) from None
        for upload, content_type in files:
            attachment = ReplyAttachment(
                draft=draft,
                original_name=upload.name[-120:],
                content_type=content_type,
                size=upload.size,
            )
            attachment.file.save(upload.name, upload, save=False)
            attachment.save()
        _log(case, user, "reply_submit", f"答复稿提交审核：{draft.get_outcome_display()}",
             request)  # fmt: skip
    return draft


def _locked_pending(draft) -> ReplyDraft:
    # Only the draft's row is locked (PostgreSQL would lock the joined case and
    # site rows too); the case is locked by the reply itself.
    current = (
        ReplyDraft.objects.select_for_update(of=("self",))
        .select_related("application__site")
        .get(pk=draft.pk)
    )
    if current.state != DraftState.PENDING:
        raise CaseworkError(
            f"该答复稿已处理（{current.get_state_display()}），请刷新页面。"
        )
    return current


def _check_reviewer(draft, user, own_message):
    if not can_sign_off(user, draft.application):
        raise CaseworkError("只有本网站的审核人员或站点管理员可以审核签发答复。")
    if draft.author_id == user.pk:
        raise CaseworkError(own_message)


def return_draft(draft, user, comment: str, request=None) -> ReplyDraft:
    """退回修改: the clerk sees the comment and drafts again."""
    _check_reviewer(draft, user, OWN_RETURN)
    if not comment.strip():
        raise CaseworkError("请填写退回意见，说明需要修改的内容。")
    with transaction.atomic():
        current = _locked_pending(draft)
        current.state = DraftState.RETURNED
        current.reviewer = user
        current.reviewed_at = timezone.now()
        current.review_comment = comment.strip()[:1000]
        current.save()
        _log(current.application, user, "reply_return", f"退回意见：{comment.strip()}",
             request)  # fmt: skip
    return current


def approve(draft, user, comment: str = "", request=None) -> ReplyNotice:
    """签发: the reply goes out today with its numbered 答复告知书."""
    _check_reviewer(draft, user, OWN_DRAFT)
    issued_on = casework.today()
    with transaction.atomic():
        current = _locked_pending(draft)
        case = casework.reply(
            current.application, user, current.outcome, current.reply_text,
            current.legal_reason, replied_on=issued_on, request=request,
            referred_to=current.referred_to,
            referral_unknown=current.referral_unknown, handler=current.author,
            note=f"审核签发：{current.get_outcome_display()}",
        )  # fmt: skip
        current.state = DraftState.APPROVED
        current.reviewer = user
        current.reviewed_at = timezone.now()
        current.review_comment = comment.strip()[:1000]
        current.save()
        sequence = next_notice_sequence(case.site, issued_on.year)
        number = notice_number(case.site, issued_on.year, sequence)
        names = [a.original_name for a in current.attachments.all()]
        pdf = render_pdf(notice_text(case, current, number, issued_on, names))
        notice = ReplyNotice(
            application=case, draft=current, site=case.site, year=issued_on.year,
            sequence=sequence, number=number, issued_on=issued_on,
        )  # fmt: skip
        notice.pdf.save("notice.pdf", ContentFile(pdf), save=False)
        notice.save()
    return notice
