"""Public pages of 依申请公开: apply, receipt, and the applicant's own case page.

They live at fixed paths under each site's 依申请公开 column (/xxgk/ysqgk/…) and
come before Wagtail's page serving, so the standard column opens the form.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited
from wagtail.models import Site

from disclosure.applications import casework
from disclosure.applications.case_terms import Status
from disclosure.applications.forms import ApplicationForm, CorrectionForm, QueryForm
from disclosure.models import ReplyNotice
from sites import lookup_lockout, query_codes
from sites.models import ColumnPage, SiteKind, SiteProfile

APPLY_SLUG = "ysqgk"
SESSION_RECEIPT = "disclosure_receipt"
SESSION_CASE = "disclosure_case"
THROTTLED = "提交过于频繁，请稍后再试。如需帮助，请拨打页面底部的联系电话。"
NOT_FOUND = "申请编号或查询码不正确，请核对后重新输入。"
LOCKED = "您查询该申请编号失败次数过多，请一小时后再试。"


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有与此域名对应的网站。")
    return site


def _context(site, **extra):
    column = (
        ColumnPage.objects.live()
        .descendant_of(site.root_page)
        .filter(slug=APPLY_SLUG)
        .first()
    )
    return {
        "home_page": site.root_page.specific,
        "page": column,
        "column": column,
        **extra,
    }


def _agencies(site):
    """On the portal the applicant picks any body of the cluster; elsewhere the site itself."""
    profile = SiteProfile.objects.filter(site=site).only("kind").first()
    if profile and profile.kind == SiteKind.PORTAL:
        return Site.objects.order_by("pk")
    return Site.objects.filter(pk=site.pk)


def _limited(request, group, rate):
    return is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)


@never_cache
def apply(request):
    site = _site(request)
    agencies = _agencies(site)
    if request.method == "POST":
        form = ApplicationForm(request.POST, site=site, agencies=agencies)
        rate = getattr(settings, "DISCLOSURE_APPLY_RATE", "10/h")
        if _limited(request, "disclosure-apply", rate):
            form.refresh_captcha()
            return render(request, "disclosure/apply.html",
                          _context(site, form=form, error=THROTTLED), status=429)  # fmt: skip
        if form.is_valid() and form.validate_captcha(
            owner=str(form.cleaned_data["submission_token"])
        ):
            token = form.cleaned_data["submission_token"]
            application, query_code = casework.submit(
                form.cleaned_data["agency"], form.application_data(), token
            )
            if query_code is None:
                # The same submission again (a double click): the browser shows
                # this answer, so it shows the same query code as the first.
                query_code = query_codes.code_again(application, token)
            if query_code is not None:
                request.session[SESSION_RECEIPT] = {
                    "case_number": application.case_number,
                    "query_code": query_code,
                    "agency": application.site.site_name,
                }
            return redirect("disclosure_apply_receipt")
        form.refresh_captcha()
        return render(
            request, "disclosure/apply.html", _context(site, form=form), status=400
        )
    form = ApplicationForm(site=site, agencies=agencies)
    return render(request, "disclosure/apply.html", _context(site, form=form))


@never_cache
def receipt(request):
    site = _site(request)
    data = request.session.get(SESSION_RECEIPT)
    if not data:
        return redirect("disclosure_apply_query")
    return render(
        request, "disclosure/apply_receipt.html", _context(site, receipt=data)
    )


@never_cache
def query(request):
    """The applicant's own case page: number + query code, then the case from the session."""
    site = _site(request)
    application = None
    error = ""
    status = 200
    if request.method == "POST" and "case_number" in request.POST:
        form = QueryForm(request.POST)
        rate = getattr(settings, "DISCLOSURE_QUERY_RATE", "20/h")
        if _limited(request, "disclosure-query", rate):
            error, status = THROTTLED, 429
        elif form.is_valid() and form.validate_captcha():
            attempt = lookup_lockout.reserve(
                "application", request, form.cleaned_data["case_number"]
            )
            if attempt is None:
                error, status = LOCKED, 429
            else:
                application = casework.find_for_applicant(
                    form.cleaned_data["case_number"], form.cleaned_data["query_code"]
                )
                if application is None:
                    error, status = NOT_FOUND, 404
                else:
                    attempt.release()
                    request.session[SESSION_CASE] = application.pk
                    return redirect("disclosure_apply_query")
        else:
            status = 400
        form.refresh_captcha()
        return render(request, "disclosure/apply_query.html",
                      _context(site, form=form, error=error), status=status)  # fmt: skip

    case_pk = request.session.get(SESSION_CASE)
    if case_pk:
        application = (
            casework.DisclosureApplication.objects.select_related("site")
            .prefetch_related("consultations")
            .filter(pk=case_pk)
            .first()
        )
    correction_form = None
    if application is not None and application.status == Status.CORRECTION:
        if request.method == "POST":
            correction_form = CorrectionForm(request.POST)
            if correction_form.is_valid():
                try:
                    casework.receive_correction(
                        application,
                        None,
                        correction_form.cleaned_data["corrected_description"],
                        request=request,
                    )
                except casework.CaseworkError as exc:
                    correction_form.add_error(None, str(exc))
                else:
                    return redirect("disclosure_apply_query")
            status = 400
        else:
            correction_form = CorrectionForm()
    if application is None:
        return render(
            request, "disclosure/apply_query.html", _context(site, form=QueryForm())
        )
    notice = (
        ReplyNotice.objects.select_related("draft")
        .filter(application=application)
        .first()
    )
    return render(
        request,
        "disclosure/apply_case.html",
        _context(
            site,
            application=application,
            correction_form=correction_form,
            fee=casework.fee_notice_of(application),
            notice=notice,
            notice_attachments=list(notice.draft.attachments.all()) if notice else [],
        ),
        status=status,
    )


def leave(request):
    request.session.pop(SESSION_CASE, None)
    return redirect("disclosure_apply_query")
