"""主动公开时限 (R30): the supervisors' list of items published late under
Art. 26, per site and 发布机构, as a Wagtail report with filters and export.

监督员 and 集群管理员 see every site; a site's 站点管理员 sees their own site;
others are refused (the supervision dashboard's rule, ``visible_site_ids``).
"""

from __future__ import annotations

from itertools import groupby

import django_filters
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet

from sites.compliance.runner import cluster_sites
from sites.compliance.views import visible_site_ids
from sites.desk_viewsets import DeskReport

from ..models import DisclosureItem
from .timeliness import LOOKBACK_DAYS, TERM_WORKING_DAYS, late_items


def _sites(user):
    site_ids = visible_site_ids(user)
    sites = cluster_sites()
    return sites if site_ids is None else [s for s in sites if s.pk in site_ids]


class LateItemFilterSet(WagtailFilterSet):
    """Filters over the computed rows (a list, not a queryset)."""

    site = django_filters.ChoiceFilter(label="网站", choices=())
    agency = django_filters.CharFilter(label="发布机构")

    class Meta:
        model = DisclosureItem
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.filters["site"].field.choices = [("", "全部")] + [
            (str(s.pk), s.site_name) for s in _sites(request.user)
        ]

    def filter_queryset(self, items):
        site = self.form.cleaned_data.get("site")
        agency = self.form.cleaned_data.get("agency")
        if site:
            items = [i for i in items if str(i.site_id) == site]
        if agency:
            items = [i for i in items if agency in i.agency]
        return items


class LatePublicationList(DeskReport):
    sites_of = staticmethod(visible_site_ids)
    page_title = "主动公开时限（条例第二十六条）"
    header_icon = "date"
    filterset_class = LateItemFilterSet
    index_url_name = "disclosure_late_publications"
    results_template_name = "disclosure/admin/late_publications_results.html"
    paginate_by = None  # grouped per agency on one page, as before
    export = {"site_name": "网站", "agency": "发布机构", "title": "信息名称",
              "written": "成文日期", "published": "发布日期",
              "working_days": "相隔工作日"}  # fmt: skip
    export_name = "late-publications"

    def get_queryset(self):
        sites = _sites(self.request.user)
        self.site_names = {s.pk: s.site_name for s in sites}
        items = late_items(sites, timezone.localdate())
        # Grouped per site and 发布机构, sites by name (the order of the old list).
        return sorted(items, key=lambda i: (self.site_names[i.site_id], i.agency))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = groupby(
            context["object_list"], lambda i: (self.site_names[i.site_id], i.agency)
        )
        context.update(
            groups=[
                {"site": site, "agency": agency, "items": list(items)}
                for (site, agency), items in rows
            ],
            today=timezone.localdate(),
            lookback_days=LOOKBACK_DAYS,
            term=TERM_WORKING_DAYS,
        )
        return context

    def to_row_dict(self, item):
        row = {field: getattr(item, field, None) for field in self.export}
        row["site_name"] = self.site_names[item.site_id]
        return row
