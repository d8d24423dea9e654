from __future__ import annotations

from django.urls import URLPattern, path

from vinhdanh.people import views

app_name = "people"
urlpatterns: list[URLPattern] = [
    path("", views.person_list, name="list"),
    path("them/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/sua/", views.person_edit, name="edit"),
    path("<int:pk>/cong-tac/them/", views.employment_add, name="employment_add"),
    path("cong-tac/<int:pk>/sua/", views.employment_edit, name="employment_edit"),
    path("cong-tac/<int:pk>/ket-thuc/", views.employment_end, name="employment_end"),
    path("ho-gia-dinh/", views.household_list, name="household_list"),
    path("ho-gia-dinh/them/", views.household_create, name="household_create"),
    path("ho-gia-dinh/<int:pk>/", views.household_detail, name="household_detail"),
    path("ho-gia-dinh/<int:pk>/sua/", views.household_edit, name="household_edit"),
    path(
        "ho-gia-dinh/<int:pk>/thanh-vien/them/",
        views.household_member_add,
        name="household_member_add",
    ),
    path(
        "ho-gia-dinh/<int:pk>/thanh-vien/<int:person_pk>/xoa/",
        views.household_member_remove,
        name="household_member_remove",
    ),
]
