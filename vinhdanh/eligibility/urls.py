from __future__ import annotations

from django.urls import path

from vinhdanh.eligibility import views

app_name = "eligibility"
urlpatterns = [
    path("ca-nhan/<int:pk>/", views.person_panel, name="person_panel"),
    path("ho-gia-dinh/<int:pk>/", views.household_panel, name="household_panel"),
    path("don-vi/<int:pk>/", views.unit_panel, name="unit_panel"),
    path("ra-soat/", views.sweep_list, name="sweep_list"),
    path("ra-soat/moi/", views.sweep_new, name="sweep_new"),
    path("ra-soat/<int:pk>/", views.sweep_detail, name="sweep_detail"),
    path("ra-soat/<int:pk>/xlsx/", views.sweep_export, name="sweep_export"),
]
