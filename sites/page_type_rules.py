"""Which page types an admin user may add where (issue #17 item 4).

The standard column tree stays standard: each page type says in which columns
it belongs (``can_create_at`` on the models, for every user), and new columns
(栏目) are made by a site's 站点管理员 or the 集群管理员 only; editors and
reviewers write content into the columns they are given.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.admin.views.pages.create import AddSubpageView

from .models import ColumnPage
from .models.roles import SiteRole
from .services.roles import CLUSTER_ADMIN
from .services.site_roles import site_roles
from .services.tree import site_for_path

REFUSED = "新建栏目需由本网站的站点管理员操作，以保持标准栏目体系。"


def may_add_columns(user, parent) -> bool:
    if user.is_superuser or user.groups.filter(name=CLUSTER_ADMIN).exists():
        return True
    site = site_for_path(parent.path)
    return site is not None and site_roles.has_role(user, site.pk, SiteRole.SITE_ADMIN)


@hooks.register("before_create_page")
def refuse_columns_to_content_roles(request, parent_page, page_class):
    if issubclass(page_class, ColumnPage) and not may_add_columns(
        request.user, parent_page
    ):
        raise PermissionDenied(REFUSED)


class ClusterAddSubpageView(AddSubpageView):
    """Wagtail's page-type menu without the 栏目 type for users who may not add
    columns (the create view refuses them anyway, see the hook above)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not may_add_columns(self.request.user, self.parent_page):
            context["page_types"] = [
                entry
                for entry in context["page_types"]
                if (entry[1], entry[2]) != ("sites", "columnpage")
            ]
            if not context["page_types"]:
                messages.info(self.request, REFUSED)
        return context
