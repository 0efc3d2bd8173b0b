"""Keep each site's users inside their own site in the admin (issue #3).

Wagtail already limits the explorer, the page search and the media libraries by
permission; the page chooser, however, lists and searches every page of the
instance. These filters narrow it to the subtrees the user holds page
permissions on.
"""

from django.db.models import Q
from wagtail.models import GroupPagePermission

from .services.roles import CLUSTER_ADMIN, SUPERVISOR


def own_subtrees_q(user) -> Q:
    """Pages inside the subtrees ``user`` holds any page permission on."""
    paths = set(
        GroupPagePermission.objects.filter(group__user=user).values_list(
            "page__path", flat=True
        )
    )
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def limit_pages_to_own_sites(pages, request):
    user = request.user
    if user.is_superuser:
        return pages
    return pages.filter(own_subtrees_q(user))


# Wagtail reports that list every site's workflows, tasks or pages regardless of
# the viewer's sites: cluster-wide roles only.
CLUSTER_WIDE_REPORTS = ("workflow", "workflow_tasks", "page_types_usage")


def is_cluster_wide(user) -> bool:
    return (
        user.is_superuser
        or user.groups.filter(name__in=[CLUSTER_ADMIN, SUPERVISOR]).exists()
    )


def cluster_wide_only(view):
    """Refuse ``view`` to users whose roles are limited to their own sites."""
    from functools import wraps

    from django.core.exceptions import PermissionDenied

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not is_cluster_wide(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
