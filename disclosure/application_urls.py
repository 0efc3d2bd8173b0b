from django.urls import path

from . import application_views as views

urlpatterns = [
    path("xxgk/ysqgk/", views.apply, name="disclosure_apply"),
    path("xxgk/ysqgk/receipt/", views.receipt, name="disclosure_apply_receipt"),
    path("xxgk/ysqgk/query/", views.query, name="disclosure_apply_query"),
    path("xxgk/ysqgk/query/leave/", views.leave, name="disclosure_apply_leave"),
]
