"""Public lists of consultations (/hdjl/yjzj/) and interviews (/hdjl/zxft/), the
comment and question forms (on their own pages, so the consultation and interview
pages stay the same for every visitor), and the interview's live feed."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from sites.casework.pages import column_context, public_site
from sites.casework.submission import posted_form, store_once
from sites.personal_data import encrypt, mask_name

from . import public_scope as scope
from .forms import CommentForm, QuestionForm
from .interview_choices import QuestionStatus
from .models import (
    ConsultationComment,
    ConsultationPage,
    InterviewPage,
    InterviewQuestion,
)

LIVE_LIMIT = 50


def _site_names(items, sites):
    return {
        item.pk: getattr(scope.site_of_path(sites, item.path), "site_name", "")
        for item in items
    }


def _list(request, model, slug, template, date_field, order):
    site = public_site(request)
    sites, offered, chosen = scope.scope(request, site)
    pages = scope.pages_under(model, sites)
    start, end = scope.date_range(request)
    if start:
        pages = pages.filter(**{f"{date_field}__date__gte": start})
    if end:
        pages = pages.filter(**{f"{date_field}__date__lte": end})
    state = request.GET.get("state", "")
    now = timezone.now()
    if model is ConsultationPage:
        if state == "open":
            pages = pages.filter(opens_at__lte=now, closes_at__gte=now)
        elif state == "closed":
            pages = pages.filter(closes_at__lt=now)
    page_obj = scope.paginate(request, pages.order_by(order, "-pk"))
    items = list(page_obj.object_list)
    return render(
        request, template,
        column_context(
            site, slug, page_obj=page_obj, items=items, sites=offered, chosen=chosen,
            start=start, end=end, state=state, filters=scope.filter_query(request),
            site_names=_site_names(items, offered), multi_site=len(offered) > 1,
        ),
    )  # fmt: skip


def consultation_list(request):
    return _list(request, ConsultationPage, "yjzj", "interaction/consultation_list.html",
                 "opens_at", "-opens_at")  # fmt: skip


def interview_list(request):
    return _list(request, InterviewPage, "zxft", "interaction/interview_list.html",
                 "starts_at", "-starts_at")  # fmt: skip


def _live_page(model, pk, request):
    page = get_object_or_404(model.objects.live().public(), pk=pk)
    site = public_site(request)
    if not page.path.startswith(site.root_page.path) and not scope.is_portal(site):
        raise Http404("没有找到该页面。")
    return site, page


def _store(model, data):
    """Store once per submission token (a double click stores one)."""
    token = data["submission_token"]
    return store_once(model, token, lambda: model.objects.create(**data))[0]


def _limited(request, group):
    rate = getattr(settings, "INTERACTION_COMMENT_RATE", "20/h")
    return is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)


def _public_submission(request, *, template, context, accepting, form_class,
                       group, store):  # fmt: skip
    """The shared flow of a moderated public submission (a comment on a draft, a
    question to an interview): closed notice, rate limit, captcha, one stored row."""
    if not accepting:
        context["closed"] = True
        return render(
            request, template, context, status=200 if request.method == "GET" else 400
        )
    form = form_class(request.POST or None)
    if request.method != "POST":
        return render(request, template, {**context, "form": form})

    def accept(form):
        store(form.cleaned_data)
        return render(request, template, {**context, "thanks": True})

    return posted_form(
        request,
        form,
        template_name=template,
        context=lambda **extra: {**context, **extra},
        throttled=_limited(request, group),
        accept=accept,
    )


@never_cache
def comment(request, pk):
    site, page = _live_page(ConsultationPage, pk, request)

    def store(data):
        _store(ConsultationComment, {
            "page": page, "content": data["content"],
            "name_masked": mask_name(data["name"]),
            "name_encrypted": encrypt(data["name"]),
            "phone_encrypted": encrypt(data["phone"]),
            "submission_token": data["submission_token"],
        })  # fmt: skip

    return _public_submission(
        request,
        template="interaction/comment_form.html",
        context=column_context(site, "yjzj", consultation=page),
        accepting=page.is_open,
        form_class=CommentForm,
        group="interaction-comment",
        store=store,
    )


@never_cache
def ask(request, pk):
    site, page = _live_page(InterviewPage, pk, request)

    def store(data):
        _store(InterviewQuestion, {
            "page": page, "content": data["content"],
            "name_masked": mask_name(data["name"]),
            "name_encrypted": encrypt(data["name"]),
            "submission_token": data["submission_token"],
        })  # fmt: skip

    return _public_submission(
        request,
        template="interaction/question_form.html",
        context=column_context(site, "zxft", interview=page),
        accepting=page.accepts_questions,
        form_class=QuestionForm,
        group="interaction-question",
        store=store,
    )


def live(request, pk):
    """Answered questions after ``after`` (an id), for the live page's polling script."""
    _, page = _live_page(InterviewPage, pk, request)
    after = request.GET.get("after", "0")
    after = int(after) if after.isdigit() else 0
    questions = (
        InterviewQuestion.objects.filter(
            page=page, status=QuestionStatus.ANSWERED, pk__gt=after
        )
        .order_by("pk")
        .values("pk", "name_masked", "content", "answer", "answered_by", "answered_at")[
            :LIVE_LIMIT
        ]
    )
    response = JsonResponse({
        "state": page.state,
        "questions": [
            {
                "id": q["pk"], "asker": q["name_masked"], "question": q["content"],
                "answer": q["answer"], "guest": q["answered_by"],
                "time": timezone.localtime(q["answered_at"]).strftime("%H:%M") if q["answered_at"] else "",
            }
            for q in questions
        ],
    })  # fmt: skip
    response["Cache-Control"] = "max-age=5"
    return response
