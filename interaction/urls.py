from django.urls import path

from . import page_views, views

urlpatterns = [
    path("hdjl/ldxx/", views.letter_list, name="interaction_letter_list"),
    path("hdjl/ldxx/write/", views.write, name="interaction_letter_write"),
    path("hdjl/ldxx/receipt/", views.receipt, name="interaction_letter_receipt"),
    path("hdjl/ldxx/query/", views.query, name="interaction_letter_query"),
    path("hdjl/ldxx/query/leave/", views.leave, name="interaction_letter_leave"),
    path("hdjl/ldxx/query/file/<int:pk>/", views.own_attachment,
         name="interaction_letter_own_attachment"),
    path("hdjl/ldxx/tj/", views.statistics_view, name="interaction_letter_statistics"),
    path("hdjl/ldxx/<str:case_number>/", views.letter_detail,
         name="interaction_letter_detail"),
    path("hdjl/yjzj/", page_views.consultation_list, name="interaction_consultation_list"),
    path("hdjl/yjzj/<int:pk>/comment/", page_views.comment,
         name="interaction_consultation_comment"),
    path("hdjl/zxft/", page_views.interview_list, name="interaction_interview_list"),
    path("hdjl/zxft/<int:pk>/ask/", page_views.ask, name="interaction_interview_ask"),
    path("hdjl/zxft/<int:pk>/live.json", page_views.live, name="interaction_interview_live"),
]  # fmt: skip
