from __future__ import annotations

from django.urls import URLPattern, path

from vinhdanh.catalogue import views

app_name = "catalogue"
urlpatterns: list[URLPattern] = [
    path("", views.award_list, name="list"),
    path("<slug:code>/", views.award_detail, name="detail"),
    path("<slug:code>/quy-tac/<slug:rule_set>/sua/", views.rule_edit, name="rule_edit"),
    path("<slug:code>/quy-tac/<slug:rule_set>/lich-su/", views.rule_history, name="rule_history"),
    path("<slug:code>/quy-dinh-dia-phuong/them/", views.override_create, name="override_create"),
]
