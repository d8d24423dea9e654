from __future__ import annotations

from django.urls import URLPattern, path

from vinhdanh.records import printing, views

app_name = "records"
urlpatterns: list[URLPattern] = [
    path("ca-nhan/<int:pk>/", views.person_history, name="person_history"),
    path("ho-gia-dinh/<int:pk>/", views.household_history, name="household_history"),
    path("don-vi/<int:pk>/", views.unit_history, name="unit_history"),
    path("ca-nhan/<int:pk>/in.pdf", printing.person_history_pdf, name="person_history_pdf"),
    path("ho-gia-dinh/<int:pk>/in.pdf", printing.household_history_pdf,
         name="household_history_pdf"),
    path("don-vi/<int:pk>/in.pdf", printing.unit_history_pdf, name="unit_history_pdf"),
    path("don-vi/<int:pk>/xuat/", views.export_download, name="export"),
    path("quyet-dinh/", views.decision_list, name="decisions"),
    path("nhap/", views.import_page, name="import"),
    path("nhap/<int:pk>/", views.import_job, name="import_job"),
    path("nhap/mau.xlsx", views.template_download, name="template"),
]
