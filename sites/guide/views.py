"""使用指南 in the admin: the table of contents (the user's own roles first) and
one chapter per page."""

from django.http import Http404
from django.template.response import TemplateResponse

from .chapters import chapter, chapters_for


def guide(request, slug: str = ""):
    mine, others = chapters_for(request.user)
    current = chapter(slug) if slug else (mine or others)[0]
    if current is None:
        raise Http404("没有这一章。")
    return TemplateResponse(
        request,
        "sites/admin/guide/index.html",
        {"mine": mine, "others": others, "current": current},
    )
