from django.urls import path

from disclosure.applications import views
from disclosure.applications.reply import views as reply_views

urlpatterns = [
    path("xxgk/ysqgk/", views.apply, name="disclosure_apply"),
    path("xxgk/ysqgk/receipt/", views.receipt, name="disclosure_apply_receipt"),
    path("xxgk/ysqgk/query/", views.query, name="disclosure_apply_query"),
    path("xxgk/ysqgk/query/leave/", views.leave, name="disclosure_apply_leave"),
    path(
        "xxgk/ysqgk/query/notice.pdf",
        reply_views.own_notice_pdf,
        name="disclosure_apply_notice_pdf",
    ),
    path(
        "xxgk/ysqgk/query/attachments/<int:pk>/",
        reply_views.own_attachment,
        name="disclosure_apply_attachment",
    ),
]
