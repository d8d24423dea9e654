from __future__ import annotations

from django.urls import URLPattern, path

from vinhdanh.units import views

app_name = "units"
urlpatterns: list[URLPattern] = [
    path("", views.unit_list, name="list"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:parent_pk>/them/", views.unit_create, name="create"),
    path("<int:pk>/sua/", views.unit_edit, name="edit"),
    path("ke-thua/<int:change_pk>/them-don-vi-moi/", views.add_successor, name="add_successor"),
]
