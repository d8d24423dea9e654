from __future__ import annotations

from django.urls import path

from vinhdanh.councils import views, views_setup

app_name = "councils"
urlpatterns = [
    path("", views.council_list, name="list"),
    path("tao/", views_setup.council_create, name="create"),
    path("<int:pk>/", views_setup.council_detail, name="council"),
    path("<int:pk>/nhiem-ky/", views_setup.term_add, name="term_add"),
    path("<int:pk>/phien-hop/", views_setup.session_create, name="session_create"),
    path("nhiem-ky/<int:pk>/thanh-vien/", views_setup.member_add, name="member_add"),
    path("thanh-vien/<int:pk>/ket-thuc/", views_setup.member_end, name="member_end"),
    path("to-trinh/<int:pk>/dua-vao-phien-hop/", views_setup.agenda_add, name="agenda_add"),
    path("chuong-trinh/<int:pk>/go-bo/", views_setup.agenda_remove, name="agenda_remove"),
    path("phien/<int:pk>/", views.session_sheet, name="session"),
    path("phien/<int:pk>/diem-danh/", views.attendance, name="attendance"),
    path("phien/<int:pk>/tao-bieu-quyet/", views_setup.poll_create, name="poll_create"),
    path("bieu-quyet/<int:pk>/bo-phieu/", views.vote, name="vote"),
    path("bieu-quyet/<int:pk>/bien-nhan/", views.check_receipt, name="check_receipt"),
    path("bieu-quyet/<int:pk>/kiem-phieu-giay/", views.paper_tally, name="paper_tally"),
    path("bieu-quyet/<int:pk>/y-kien-van-ban/", views.written_opinion, name="written_opinion"),
    path("bieu-quyet/<int:pk>/bien-ban/", views.minutes, name="minutes"),
    path("bieu-quyet/<int:pk>/<str:action>/", views.poll_transition, name="transition"),
]
