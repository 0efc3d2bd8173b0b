"""Submit-once: a public form's secret token stores one case, whatever the
number of clicks or concurrent POSTs (the token column is unique).

The query code is derived from the token (``sites.query_codes``), so every
answer a browser shows for one form carries the same working code.
``submission_page`` is the public form that does it, with its rate limit and
captcha, and the receipt it leaves in the session.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render

from sites import query_codes

from .lookup import THROTTLED, limited


def store_once(model, token, create: Callable[[], object]) -> tuple[object, bool]:
    """``(row, True)`` when ``create()`` stored it, in one transaction; for a
    token already stored, ``(that row, False)`` and nothing written.

    Any other integrity error is raised: it is no repeated form.
    """
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = model.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        return existing, False


def submit_once(model, token, store: Callable[[str], object]):
    """Store the case of ``token`` once; returns ``(case, query_code)``.

    ``store(query_code_hash)`` creates the case (with its token, number, files
    and first event). A repeated token returns the case already stored and
    ``None`` for the code (see :func:`receipt_code`).
    """
    query_code = query_codes.code_for(token)
    case, stored = store_once(
        model, token, lambda: store(query_codes.hash_code(query_code))
    )
    return case, query_code if stored else None


def receipt_code(case, token, query_code: str | None) -> str | None:
    """The code a receipt shows: the new one, or for the same form sent again
    (a double click; the browser shows only the last answer) the same code as
    the first answer while ``query_codes.REISSUE_WINDOW`` lasts, else None."""
    if query_code is not None:
        return query_code
    return query_codes.code_again(case, token)


def posted_form(request, form, *, template_name, context, throttled: bool, accept):
    """The answer to a public form sent: refused while ``throttled`` (429),
    else checked with its captcha and answered by ``accept(form)``, or shown
    again with its errors (400). ``context(**extra)`` is the page's context."""
    if throttled:
        form.refresh_captcha()
        page = context(form=form, error=THROTTLED)
        return render(request, template_name, page, status=429)
    if form.is_valid() and form.validate_captcha(
        owner=str(form.cleaned_data["submission_token"])
    ):
        return accept(form)
    form.refresh_captcha()
    return render(request, template_name, context(form=form), status=400)


def submission_page(
    request,
    make_form: Callable,
    *,
    template_name: str,
    context: Callable[..., dict],
    rate_group: str,
    submit: Callable,
    receipt_key: str,
    receipt_url: str,
):
    """The public form of a case. A POST counts against ``rate_group`` (10 an
    hour unless set); ``submit(form)`` stores the case once
    (:func:`submit_once`) and returns ``(case, query_code, receipt)``, what the
    receipt shows besides the case number and code. The receipt is kept in
    the session under ``receipt_key`` and the browser sent to ``receipt_url``.
    ``make_form(data, files)`` or ``make_form()`` builds the form."""
    if request.method != "POST":
        return render(request, template_name, context(form=make_form()))

    def accept(form):
        case, query_code, receipt = submit(form)
        token = form.cleaned_data["submission_token"]
        query_code = receipt_code(case, token, query_code)
        if query_code is not None:
            request.session[receipt_key] = {
                "case_number": case.case_number,
                "query_code": query_code,
                **receipt,
            }
        return redirect(receipt_url)

    return posted_form(
        request,
        make_form(request.POST, request.FILES),
        template_name=template_name,
        context=context,
        throttled=limited(request, rate_group, "10/h"),
        accept=accept,
    )
