from __future__ import annotations

from django.urls import URLPattern, path

from vinhdanh.records import printing, views, views_ledger

app_name = "records"
urlpatterns: list[URLPattern] = [
    path("ca-nhan/<int:pk>/", views.person_history, name="person_history"),
    path("ho-gia-dinh/<int:pk>/", views.household_history, name="household_history"),
    path("don-vi/<int:pk>/", views.unit_history, name="unit_history"),
    path("ca-nhan/<int:pk>/them/", views_ledger.person_entry_add, name="person_entry_add"),
    path("ho-gia-dinh/<int:pk>/them/", views_ledger.household_entry_add,
         name="household_entry_add"),
    path("don-vi/<int:pk>/them/", views_ledger.unit_entry_add, name="unit_entry_add"),
    path("ca-nhan/<int:pk>/in.pdf", printing.person_history_pdf, name="person_history_pdf"),
    path("ho-gia-dinh/<int:pk>/in.pdf", printing.household_history_pdf,
         name="household_history_pdf"),
    path("don-vi/<int:pk>/in.pdf", printing.unit_history_pdf, name="unit_history_pdf"),
    path("don-vi/<int:pk>/xuat/", views.export_download, name="export"),
    path("quyet-dinh/", views.decision_list, name="decisions"),
    path("quyet-dinh/moi/", views_ledger.decision_create, name="decision_create"),
    path("quyet-dinh/<int:pk>/", views_ledger.decision_detail, name="decision_detail"),
    path("muc/<int:pk>/dinh-chinh/", views_ledger.entry_correct, name="entry_correct"),
    path("muc/<int:pk>/huy-bo/", views_ledger.entry_revoke, name="entry_revoke"),
    path("nhap/", views.import_page, name="import"),
    path("nhap/<int:pk>/", views.import_job, name="import_job"),
    path("nhap/mau.xlsx", views.template_download, name="template"),
]
