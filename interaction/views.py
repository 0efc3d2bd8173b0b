"""Public pages of 领导信箱 (/hdjl/ldxx/): the list of published letters, a letter,
writing one, the receipt, the writer's own page (number + query code), rating,
and the monthly statistics. Every page that carries a form or a writer's own
letter is never cached; the lists and published letters are the same for all."""

from __future__ import annotations

from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from sites.casework import lookup, pages, submission
from sites.casework.pages import column_context, public_site

from . import public_scope as scope
from .forms import LetterForm, QueryForm, RatingForm
from .models import Letter, LetterAttachment, MailboxCategory
from .services import letter_workflow as workflow
from .services import statistics

SLUG = "ldxx"
SESSION_RECEIPT = "interaction_receipt"
SESSION_LETTER = "interaction_letter"


def letter_list(request):
    site = public_site(request)
    sites, offered, chosen = scope.scope(request, site)
    ids = [s.pk for s in sites]
    letters = Letter.objects.public().filter(
        Q(handling_site_id__in=ids) | Q(mailbox__site_id__in=ids)
    )
    start, end = scope.date_range(request)
    if start:
        letters = letters.filter(published_at__date__gte=start)
    if end:
        letters = letters.filter(published_at__date__lte=end)
    q = request.GET.get("q", "").strip()[:30]
    if q:
        letters = letters.filter(public_subject__icontains=q)
    page_obj = scope.paginate(
        request,
        letters.select_related("reply_site", "category")
        .only("case_number", "public_subject", "submitted_at", "replied_at",
              "published_at", "reply_site__site_name", "category__name")
        .order_by("-published_at", "-pk"),
    )  # fmt: skip
    return render(
        request,
        "interaction/letter_list.html",
        column_context(
            site,
            SLUG,
            page_obj=page_obj,
            sites=offered,
            chosen=chosen,
            start=start,
            end=end,
            q=q,
            filters=scope.filter_query(request),
            multi_site=len(offered) > 1,
        ),  # fmt: skip
    )


def letter_detail(request, case_number):
    site = public_site(request)
    letter = (
        Letter.objects.public()
        .select_related("reply_site", "category")
        .filter(case_number=case_number[:20])
        .first()
    )
    if letter is None:
        raise Http404("没有找到该公开信件。")
    return render(
        request, "interaction/letter_detail.html",
        column_context(site, SLUG, letter=letter),
    )  # fmt: skip


@never_cache
def write(request):
    site = public_site(request)
    sites = [site] if not scope.is_portal(site) else None
    categories = MailboxCategory.objects.filter(
        is_active=True, mailbox__is_active=True
    ).select_related("mailbox__site")
    categories = categories.filter(mailbox__site=site) if sites else categories
    categories = categories.order_by(
        "mailbox__site_id", "mailbox__sort_order", "sort_order"
    )

    def submit(form):
        category = form.cleaned_data["category"]
        letter, code = workflow.submit(
            category.mailbox, category, form.letter_data(),
            form.cleaned_data["submission_token"], form.cleaned_data["attachments"],
        )  # fmt: skip
        receipt = {
            "mailbox": str(category.mailbox),
            "due_on": letter.due_on.isoformat(),
        }
        return letter, code, receipt

    return submission.submission_page(
        request,
        lambda *data: LetterForm(*data, categories=categories),
        template_name="interaction/letter_write.html",
        context=lambda **extra: column_context(site, SLUG, **extra),
        rate_group="interaction-letter",
        submit=submit,
        receipt_key=SESSION_RECEIPT,
        receipt_url="interaction_letter_receipt",
    )


receipt = pages.receipt_view(
    SLUG, SESSION_RECEIPT, "interaction/letter_receipt.html", "interaction_letter_query"
)


class LetterLookupView(lookup.CaseLookupView):
    """The writer's own letter: number + query code once, then from the session;
    a closed letter is rated on it."""

    form_class, template_name = QueryForm, "interaction/letter_query.html"
    column_slug, session_key = SLUG, SESSION_LETTER
    lockout_kind, rate_group = "letter", "interaction-query"
    cases = Letter.objects.select_related(
        "mailbox__site", "category", "reply_site", "handling_site"
    )

    def case_page(self, request, site, letter):
        status = 200
        rating_form = None
        if letter.status == "closed" and letter.rating is None:
            rating_form = RatingForm(request.POST if request.method == "POST" else None)
            if rating_form.is_bound:
                if rating_form.is_valid():
                    try:
                        workflow.rate(
                            letter, rating_form.cleaned_data["rating"],
                            rating_form.cleaned_data["rating_comment"],
                        )  # fmt: skip
                    except workflow.WorkflowError as exc:
                        rating_form.add_error(None, str(exc))
                    else:
                        return redirect(request.path)
                status = 400
        return render(
            request,
            "interaction/letter_case.html",
            self.context(
                site,
                letter=letter,
                rating_form=rating_form,
                attachments=list(letter.attachments.all()),
            ),
            status=status,
        )


query = LetterLookupView.as_view()


def leave(request):
    return lookup.leave(request, SESSION_LETTER, "interaction_letter_query")


@never_cache
def own_attachment(request, pk):
    """The writer's own attachment, only within the query-code session."""
    letter_pk = request.session.get(SESSION_LETTER)
    attachment = LetterAttachment.objects.filter(pk=pk, letter_id=letter_pk).first()
    if not letter_pk or attachment is None:
        raise Http404("附件不存在。")
    return attachment_response(attachment)


def attachment_response(attachment):
    response = FileResponse(
        attachment.file.open("rb"), content_type=attachment.content_type,
        as_attachment=True, filename=attachment.original_name,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


def statistics_view(request):
    site = public_site(request)
    sites, offered, chosen = scope.scope(request, site)
    year = request.GET.get("year", "")
    rows = statistics.monthly(
        [s.pk for s in sites], int(year) if year.isdigit() and len(year) == 4 else None
    )
    return render(
        request, "interaction/letter_statistics.html",
        column_context(
            site, SLUG, rows=rows, sites=offered, chosen=chosen,
            years=statistics.year_range(), year=year, multi_site=len(offered) > 1,
        ),
    )  # fmt: skip
