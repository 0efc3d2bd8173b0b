"""The 答复告知书 and the reply's attachments, for the case's handlers (admin) and
for the applicant behind the query code (public). Every file goes out through a
view that checks who asks; nothing is listed anywhere public."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from disclosure.applications.permissions import can_handle, can_sign_off
from disclosure.applications.reply.notice import SEAL, notice_text
from disclosure.applications.views import SESSION_CASE
from disclosure.models import DraftState, ReplyAttachment, ReplyNotice
from sites.casework.desk import audit


def _file_response(field, content_type, filename):
    response = FileResponse(
        field.open("rb"), content_type=content_type, as_attachment=True,
        filename=filename,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


def _notice_for_handler(request, pk, action) -> ReplyNotice:
    """The case's notice, its reading audited as ``action``."""
    notice = get_object_or_404(
        ReplyNotice.objects.select_related("application__site", "draft"),
        application_id=pk,
    )
    case = notice.application
    # The notice names the applicant: the case's own handlers only (SECURITY.md).
    if not can_handle(request.user, case):
        raise PermissionDenied
    action = f"disclosure.application.{action}"
    audit(request, action, case, notice.site, notice=notice.number)
    return notice


def notice_pdf(request, pk):
    notice = _notice_for_handler(request, pk, "notice_download")
    return _file_response(notice.pdf, "application/pdf", notice.filename)


def notice_print(request, pk):
    """The same notice as a page to print (the browser's print, A4)."""
    notice = _notice_for_handler(request, pk, "notice_print")
    case, draft = notice.application, notice.draft
    names = [a.original_name for a in draft.attachments.all()]
    text = notice_text(case, draft, notice.number, notice.issued_on, names)
    context = {"notice": notice, "text": text, "seal": SEAL}
    return render(request, "disclosure/admin/reply_notice_print.html", context)


def attachment(request, pk):
    """A reply attachment: the clerks who send it and the reviewers who sign it."""
    item = get_object_or_404(
        ReplyAttachment.objects.select_related("draft__application__site"), pk=pk
    )
    case = item.draft.application
    if not (can_handle(request.user, case) or can_sign_off(request.user, case)):
        raise PermissionDenied
    action = "disclosure.application.attachment_download"
    audit(request, action, case, case.site, attachment=item.pk)
    return _file_response(item.file, item.content_type, item.original_name)


# --- the applicant, within the query-code session ----------------------------


def _session_notice(request) -> ReplyNotice:
    case_pk = request.session.get(SESSION_CASE)
    notices = ReplyNotice.objects.select_related("application")
    notice = notices.filter(application_id=case_pk).first() if case_pk else None
    if notice is None:
        raise Http404("没有可下载的答复告知书。")
    return notice


@never_cache
def own_notice_pdf(request):
    notice = _session_notice(request)
    return _file_response(notice.pdf, "application/pdf", notice.filename)


@never_cache
def own_attachment(request, pk):
    notice = _session_notice(request)
    item = ReplyAttachment.objects.filter(
        pk=pk, draft_id=notice.draft_id, draft__state=DraftState.APPROVED
    ).first()
    if item is None:
        raise Http404("附件不存在。")
    return _file_response(item.file, item.content_type, item.original_name)
