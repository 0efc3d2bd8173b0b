"""Internal sections (内部栏目, issue #21 item 3): pages only a site's civil
servants may read.

A section is internal when it carries Wagtail's group view restriction naming
the site's 内部人员 group (set in the admin under 公开范围, where only the
site's own 内部人员 group is offered). Every public channel already leaves out
restricted pages (``public_q``, ``.public()``, the page cache's private rule,
the static writer, the search index's ``index_queryset``); this module adds
what a reader meets at the door:

- a visitor who is not logged in is sent to the site's own login page
  (``WAGTAIL_FRONTEND_LOGIN_URL``, not the admin's);
- a logged-in user outside the named groups gets a 403 page in Chinese rather
  than Wagtail's login redirect, which would loop for them;
- once logged in, the login page lists the internal sections the reader may
  open, since navigation and lists are the same whole-page-cached HTML for
  everyone and never show them.
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from .admin_access import lockout
from .services.tree import descendants_q


class InternalLoginForm(AuthenticationForm):
    """Django's login form in Chinese, refusing a locked account or address
    before the password is checked (the same lock as the admin's login)."""

    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用。",
    }

    def clean(self):
        lock = lockout.active_lock(self.cleaned_data.get("username"), self.request)
        if lock is not None:
            raise forms.ValidationError(lockout.lock_message(lock), code="locked")
        return super().clean()


@hooks.register("before_serve_page")
def forbid_logged_in_outsiders(page, request, serve_args, serve_kwargs):
    # Restrictions first: on a public page (no query, see routing.py) the user is
    # never looked at, since touching it reads the session and marks the
    # response ``Vary: Cookie``, which would keep it out of the page cache and
    # the static files.
    groups = [
        restriction
        for restriction in page.get_view_restrictions()
        if restriction.restriction_type == PageViewRestriction.GROUPS
    ]
    if not groups:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None  # Wagtail sends them to the login page
    if all(restriction.accept_request(request) for restriction in groups):
        return None
    response = render(
        request,
        "sites/internal_forbidden.html",
        # Not the page itself: its title is internal too.
        {"home_page": page.get_site().root_page.specific},
        status=403,
    )
    add_never_cache_headers(response)
    return response


def readable_sections(site, user):
    """The internal sections of ``site`` that ``user`` may read: the topmost
    live pages carrying a group restriction that names one of the user's
    groups (two queries)."""
    if not user.is_authenticated:
        return []
    group_ids = set(user.groups.values_list("pk", flat=True))
    if not group_ids:
        return []
    pages = (
        Page.objects.live()
        .filter(descendants_q(site.root_page.path))
        .filter(
            view_restrictions__restriction_type=PageViewRestriction.GROUPS,
            view_restrictions__groups__in=group_ids,
        )
        .distinct()
        .order_by("path")
    )
    topmost = []
    for page in pages:
        if not any(page.path.startswith(top.path) for top in topmost):
            topmost.append(page)
    return topmost


def display_name(user) -> str:
    name = (user.get_full_name() or "").strip()
    return name or user.get_username()
