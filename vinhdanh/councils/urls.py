from __future__ import annotations

from django.urls import path

from vinhdanh.councils import views

app_name = "councils"
urlpatterns = [
    path("", views.council_list, name="list"),
    path("phien/<int:pk>/", views.session_sheet, name="session"),
    path("phien/<int:pk>/diem-danh/", views.attendance, name="attendance"),
    path("bieu-quyet/<int:pk>/bo-phieu/", views.vote, name="vote"),
    path("bieu-quyet/<int:pk>/bien-nhan/", views.check_receipt, name="check_receipt"),
    path("bieu-quyet/<int:pk>/kiem-phieu-giay/", views.paper_tally, name="paper_tally"),
    path("bieu-quyet/<int:pk>/y-kien-van-ban/", views.written_opinion, name="written_opinion"),
    path("bieu-quyet/<int:pk>/bien-ban/", views.minutes, name="minutes"),
    path("bieu-quyet/<int:pk>/<str:action>/", views.poll_transition, name="transition"),
]
