"""Public pages of 依申请公开: apply, receipt, and the applicant's own case page.

They live at fixed paths under each site's 依申请公开 column (/xxgk/ysqgk/…) and
come before Wagtail's page serving, so the standard column opens the form.
"""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from disclosure.applications import casework
from disclosure.applications.case_terms import Status
from disclosure.applications.forms import ApplicationForm, CorrectionForm, QueryForm
from disclosure.models import ReplyNotice
from sites.casework import lookup, pages, submission
from sites.models import SiteKind, SiteProfile

APPLY_SLUG = "ysqgk"
SESSION_RECEIPT = "disclosure_receipt"
SESSION_CASE = "disclosure_case"


def _context(site, **extra):
    return pages.column_context(site, APPLY_SLUG, **extra)


def _agencies(site):
    """On the portal the applicant picks any body of the cluster; elsewhere the site itself."""
    profile = SiteProfile.objects.filter(site=site).only("kind").first()
    if profile and profile.kind == SiteKind.PORTAL:
        return Site.objects.order_by("pk")
    return Site.objects.filter(pk=site.pk)


@never_cache
def apply(request):
    site = pages.public_site(request)
    agencies = _agencies(site)

    def submit(form):
        application, query_code = casework.submit(
            form.cleaned_data["agency"],
            form.application_data(),
            form.cleaned_data["submission_token"],
        )
        return application, query_code, {"agency": application.site.site_name}

    return submission.submission_page(
        request,
        lambda *data: ApplicationForm(*data, site=site, agencies=agencies),
        template_name="disclosure/apply.html",
        context=lambda **extra: _context(site, **extra),
        rate_group="disclosure-apply",
        submit=submit,
        receipt_key=SESSION_RECEIPT,
        receipt_url="disclosure_apply_receipt",
    )


receipt = pages.receipt_view(
    APPLY_SLUG,
    SESSION_RECEIPT,
    "disclosure/apply_receipt.html",
    "disclosure_apply_query",
)


class ApplicationLookupView(lookup.CaseLookupView):
    """The applicant's own case page: number + query code, then the case from the
    session; an open 补正 is answered on it."""

    form_class, template_name = QueryForm, "disclosure/apply_query.html"
    column_slug, session_key = APPLY_SLUG, SESSION_CASE
    lockout_kind, rate_group = "application", "disclosure-query"
    cases = casework.DisclosureApplication.objects.select_related("site")

    def case_page(self, request, site, application):
        status = 200
        correction_form = None
        if application.status == Status.CORRECTION:
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
                        return redirect(request.path)
                status = 400
            else:
                correction_form = CorrectionForm()
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
                notice_attachments=list(notice.draft.attachments.all())
                if notice
                else [],
            ),
            status=status,
        )


query = ApplicationLookupView.as_view()


def leave(request):
    return lookup.leave(request, SESSION_CASE, "disclosure_apply_query")
