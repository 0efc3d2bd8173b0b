"""Keep each site's users inside their own site in the admin (issue #3).

Wagtail already limits the explorer, the page search and the media libraries by
permission; the page chooser, however, lists and searches every page of the
instance. These filters narrow it to the subtrees the user holds page
permissions on.
"""

from django.db.models import Q
from wagtail.models import GroupPagePermission


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
