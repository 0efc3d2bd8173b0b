"""Public URLs of 办件公示 and 双公示 (before Wagtail's catch-all), and the import API.

``/zwfw/bjgs/`` sits below the standard 政务服务 column and ``/xxgk/sgs/`` below
政府信息公开 (slugs from ``sites/standard.py``); the columns link to them through
the ``cluster_column_links`` hook.
"""

from django.urls import path

from . import api, views

app_name = "approvals"

urlpatterns = [
    path("zwfw/bjgs/", views.case_list, name="case_list"),
    path("zwfw/bjgs/export.csv", views.case_export, name="case_export"),
    path("zwfw/bjgs/<int:pk>/", views.case_detail, name="case_detail"),
    path("xxgk/sgs/", views.decision_list, name="decision_list"),
    path("xxgk/sgs/export.csv", views.decision_export, name="decision_export"),
    path("xxgk/sgs/<int:pk>/", views.decision_detail, name="decision_detail"),
    path(
        "api/approvals/v1/<str:code>/<str:kind>/",
        api.import_view,
        name="api_import",
    ),
]
