from django.conf import settings
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.documents import urls as wagtaildocs_urls

from search.views import search_view
from sites import internal_views, seo_views
from sites.compliance import report_views as website_reports
from sites.compliance import supervision_report_views as supervision_reports
from sites.isolation import cluster_wide_only
from sites.page_type_rules import ClusterAddSubpageView
from sites.privacy_admin import SitePrivacyView

# Wagtail reports that span every site are for cluster-wide roles only; these
# patterns come first so that they shadow Wagtail's own.
cluster_wide_reports = [
    ("workflow/", WorkflowView),
    ("workflow_tasks/", WorkflowTasksView),
    ("page-types-usage/", PageTypesUsageReportView),
]
urlpatterns = [
    pattern
    for prefix, view in cluster_wide_reports
    for pattern in (
        path(f"admin/reports/{prefix}", cluster_wide_only(view.as_view())),
        path(
            f"admin/reports/{prefix}results/",
            cluster_wide_only(view.as_view(results_only=True)),
        ),
    )
]
urlpatterns += [
    # 公开范围 offers only the page's own site's 内部人员 group (issue #21 item 3);
    # this shadows Wagtail's view at the same URL and name.
    path(
        "admin/pages/<int:page_id>/privacy/",
        require_admin_access(SitePrivacyView.as_view()),
    ),
    # The page-type menu without 栏目 for content roles (sites/page_type_rules.py).
    path(
        "admin/pages/<int:parent_page_id>/add_subpage/",
        require_admin_access(ClusterAddSubpageView.as_view()),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("nbdl/", internal_views.internal_login, name="sites_internal_login"),
    path("nbdl/tc/", internal_views.internal_logout, name="sites_internal_logout"),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_view, name="search"),
    path("robots.txt", seo_views.robots_txt, name="robots_txt"),
    path("favicon.ico", seo_views.favicon, name="favicon"),
    path("sitemap.xml", seo_views.sitemap_xml, name="sitemap_xml"),
    path("gzndbb/", website_reports.public_list, name="website_report_public_list"),
    path(
        "gzndbb/<int:year>/",
        website_reports.public_detail,
        name="website_report_public_detail",
    ),
    path("jgndbb/", supervision_reports.public_list, name="supervision_report_public"),
    path(
        "jgndbb/<int:year>/",
        supervision_reports.public_detail,
        name="supervision_report_public_detail",
    ),
    path("", include("disclosure.applications.urls")),
    path("", include("disclosure.catalog.urls")),
    path("", include("disclosure.approvals.urls")),
    path("", include("interaction.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's front-end URLs, with public pages routed in fewer queries.
urlpatterns += [path("", include("sites.page_urls"))]
