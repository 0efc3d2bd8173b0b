"""The submitter's own case page: case number + query code once (under the
look-up lockout and a rate limit), then the case from the session.

:func:`find_case` is the one check of a typed number and code; a module's
look-up page is a :class:`CaseLookupView` told its model, form, template,
session key and messages, and how to show the case once it is open.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from sites import lookup_lockout, query_codes

from . import pages

THROTTLED = "提交过于频繁，请稍后再试。如需帮助，请拨打页面底部的联系电话。"
CASE_NUMBER_LENGTH = 20


def typed_case_number(value: str) -> str:
    """A case number as typed, in the form it is stored (as the lockout keys it)."""
    return (value or "").strip().upper()[:CASE_NUMBER_LENGTH]


def find_case(queryset, case_number: str, query_code: str):
    """The case when both the number and the code match; None reveals nothing more
    (an unknown number costs the same keyed hash as a wrong code)."""
    case = queryset.filter(case_number=typed_case_number(case_number)).first()
    if case is None:
        query_codes.spend_like_a_check()
        return None
    return case if query_codes.verify(query_code, case.query_code_hash) else None


def limited(request, group: str, default: str) -> bool:
    """Counts this request against the per-address rate of ``group``, set in
    ``<GROUP>_RATE`` ("disclosure-query": ``DISCLOSURE_QUERY_RATE``)."""
    setting = group.upper().replace("-", "_") + "_RATE"
    rate = getattr(settings, setting, default)
    return is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)


@method_decorator(never_cache, name="dispatch")
class CaseLookupView(View):
    """GET shows the look-up form, or the case this session opened; a POST with
    ``case_number`` checks number and code; any other POST belongs to the case
    page (a correction, a rating) and goes to :meth:`case_page`."""

    form_class = None  # case_number (labelled as the module numbers it), query_code
    template_name = ""  # the look-up form
    column_slug = ""  # the site's column the page stands in
    session_key = ""
    lockout_kind = ""  # separates the lockout counters of the kinds of case
    rate_group = ""  # see :func:`limited`
    rate_default = "20/h"
    cases = None  # the queryset of this kind of case, with what its page shows

    def site(self, request):
        return pages.public_site(request)

    def context(self, site, **extra) -> dict:
        return pages.column_context(site, self.column_slug, **extra)

    def messages(self) -> tuple[str, str]:
        """(not found, locked out), in the words of the case number's label."""
        label = self.form_class.base_fields["case_number"].label
        return (
            f"{label}或查询码不正确，请核对后重新输入。",
            f"您查询该{label}失败次数过多，请一小时后再试。",
        )

    def find(self, case_number: str, query_code: str):
        return find_case(self.cases, case_number, query_code)

    def own_case(self, pk):
        """The case this session opened."""
        return self.cases.filter(pk=pk).first()

    def case_page(self, request, site, case):
        raise NotImplementedError

    def get(self, request):
        return self.show(request, self.site(request))

    def post(self, request):
        site = self.site(request)
        if "case_number" not in request.POST:
            return self.show(request, site)
        form = self.form_class(request.POST)
        error, status = "", 400
        not_found, locked = self.messages()
        if limited(request, self.rate_group, self.rate_default):
            error, status = THROTTLED, 429
        elif form.is_valid() and form.validate_captcha():
            number = form.cleaned_data["case_number"]
            attempt = lookup_lockout.reserve(self.lockout_kind, request, number)
            if attempt is None:
                error, status = locked, 429
            else:
                case = self.find(number, form.cleaned_data["query_code"])
                if case is None:
                    error, status = not_found, 404
                else:
                    attempt.release()
                    request.session[self.session_key] = case.pk
                    # The case page is this page, now read from the session.
                    return redirect(request.path)
        form.refresh_captcha()
        return render(request, self.template_name,
                      self.context(site, form=form, error=error), status=status)  # fmt: skip

    def show(self, request, site):
        pk = request.session.get(self.session_key)
        case = self.own_case(pk) if pk else None
        if case is None:
            return render(request, self.template_name,
                          self.context(site, form=self.form_class()))  # fmt: skip
        return self.case_page(request, site, case)


def leave(request, session_key: str, url_name: str):
    """Forget the case this session opened."""
    request.session.pop(session_key, None)
    return redirect(url_name)
