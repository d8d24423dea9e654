from django.urls import path

from vinhdanh.nominations import public_views, views

app_name = "nominations"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("tao-moi/", views.proposal_create, name="create"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/chuyen-trang-thai/", views.proposal_move, name="move"),
    path("<int:pk>/them-nguoi/", views.line_add, name="line_add"),
    path("<int:pk>/quyet-dinh/", views.decision_issue, name="decide"),
    path("dong/<int:pk>/chuyen-trang-thai/", views.line_move, name="line_move"),
    path("dong/<int:pk>/thu-hoi/", views.line_revoke, name="revoke"),
    path("tep/<int:pk>/", views.item_upload, name="upload"),
    path("gop-y/<int:pk>/kiem-duyet/", views.comment_moderate, name="moderate"),
    path("qua-han/", views.overdue_board, name="overdue"),
    path("quyet-dinh/", views.decision_list, name="decisions"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("cong-khai/<int:pk>/", public_views.public_notice, name="public_notice"),
]
