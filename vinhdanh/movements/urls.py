from __future__ import annotations

from django.urls import URLPattern, path

from vinhdanh.movements import views

app_name = "movements"
urlpatterns: list[URLPattern] = [
    path("", views.movement_list, name="list"),
    path("<int:pk>/", views.movement_detail, name="detail"),
    path("<int:pk>/don-vi/<int:unit_pk>/ky/<str:period>/", views.entry, name="entry"),
    path("<int:pk>/don-vi/<int:unit_pk>/ky/<str:period>/duyet/", views.review, name="review"),
    path("<int:pk>/tinh-hinh-bao-cao/", views.board, name="board"),
    path("<int:pk>/tien-do/", views.progress, name="progress"),
    path("<int:pk>/tien-do.xlsx", views.progress_xlsx, name="progress_xlsx"),
    path("<int:pk>/cum/<int:cluster_pk>/", views.cluster, name="cluster"),
    path("<int:pk>/cum/<int:cluster_pk>/tu-cham/<int:unit_pk>/", views.cluster_self_score,
         name="cluster_self_score"),
    path("<int:pk>/cum/<int:cluster_pk>/tham-dinh/<int:unit_pk>/", views.cluster_review,
         name="cluster_review"),
    path("<int:pk>/cum/<int:cluster_pk>/cong-bo/", views.cluster_publish,
         name="cluster_publish"),
    path("<int:pk>/dang-ky/", views.registrations, name="registrations"),
    path("<int:pk>/dang-ky/don-vi/<int:unit_pk>/", views.register, name="register"),
    path("<int:pk>/dang-ky/<int:registration_pk>/quyet-dinh/", views.decide_registration,
         name="decide_registration"),
]
