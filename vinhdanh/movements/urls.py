from __future__ import annotations

from django.urls import URLPattern, path

from vinhdanh.movements import (
    public_views,
    views,
    views_definitions,
    views_entry_upload,
    views_gallery,
    views_initiatives,
    views_reminders,
    views_reviews,
)

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

# Reviews (sơ kết, tổng kết), reminders to late units and XLSX data entry.
urlpatterns += [
    path("<int:pk>/so-ket/", views_reviews.review_report, name="review_report"),
    path("<int:pk>/so-ket.docx", views_reviews.review_docx_download, name="review_docx"),
    path("<int:pk>/so-ket/don-vi/<int:unit_pk>/ghi-thanh-tich/",
         views_reviews.review_achievements, name="review_achievements"),
    path("<int:pk>/so-ket/<int:review_pk>/de-nghi/", views_reviews.review_propose,
         name="review_propose"),
    path("<int:pk>/tinh-hinh-bao-cao/don-vi/<int:unit_pk>/nhac-nho/", views_reminders.remind,
         name="remind"),
    path("<int:pk>/don-vi/<int:unit_pk>/ky/<str:period>/mau.xlsx",
         views_entry_upload.entry_template, name="entry_template"),
    path("<int:pk>/don-vi/<int:unit_pk>/ky/<str:period>/tai-len/",
         views_entry_upload.entry_upload, name="entry_upload"),
]

# Defining movements, clusters' set-up, exemplary models (with the public gallery, which
# needs no login) and initiatives.
urlpatterns += [
    path("moi/", views_definitions.movement_create, name="create"),
    path("<int:pk>/thiet-lap/", views_definitions.movement_setup, name="setup"),
    path("<int:pk>/sua/", views_definitions.movement_edit, name="edit"),
    path("<int:pk>/ke-hoach/", views_definitions.plan_document, name="plan_document"),
    path("<int:pk>/trang-thai/", views_definitions.movement_status, name="status"),
    path("<int:pk>/don-vi-tham-gia/", views_definitions.movement_participants,
         name="participants"),
    path("<int:pk>/chi-tieu/", views_definitions.indicator_create, name="indicator_create"),
    path("<int:pk>/chi-tieu/<int:indicator_pk>/", views_definitions.indicator_edit,
         name="indicator_edit"),
    path("<int:pk>/quy-tac/", views_definitions.rule_create, name="rule_create"),
    path("<int:pk>/cum-moi/", views_definitions.cluster_create, name="cluster_create"),
    path("<int:pk>/cum/<int:cluster_pk>/thiet-lap/", views_definitions.cluster_setup_page,
         name="cluster_setup"),
    path("<int:pk>/cum/<int:cluster_pk>/nam/", views_definitions.cluster_year,
         name="cluster_year"),
    path("<int:pk>/cum/<int:cluster_pk>/nhom-tieu-chi/", views_definitions.criteria_group_create,
         name="criteria_group_create"),
    path("<int:pk>/cum/<int:cluster_pk>/tieu-chi/", views_definitions.criterion_create,
         name="criterion_create"),
    path("<int:pk>/dien-hinh/", views_gallery.registry, name="gallery_registry"),
    path("<int:pk>/dien-hinh/<int:example_pk>/", views_gallery.edit, name="gallery_edit"),
    path("<int:pk>/dien-hinh/<int:example_pk>/anh/", views_gallery.photo_add,
         name="gallery_photo_add"),
    path("<int:pk>/dien-hinh/<int:example_pk>/anh/<int:photo_pk>/xoa/",
         views_gallery.photo_remove, name="gallery_photo_remove"),
    path("<int:pk>/anh/<int:photo_pk>/", views_gallery.photo, name="gallery_photo"),
    path("dien-hinh-tien-tien/", public_views.public_gallery, name="public_gallery"),
    path("dien-hinh-tien-tien/anh/<int:photo_pk>/", public_views.public_photo,
         name="public_photo"),
    path("cong-khai/<slug:code>/", public_views.public_movement, name="public_movement"),
    path("cong-khai/<slug:code>/ke-hoach/", public_views.public_plan, name="public_plan"),
    path("sang-kien/", views_initiatives.initiative_list, name="initiative_list"),
    path("sang-kien/moi/", views_initiatives.initiative_create, name="initiative_create"),
    path("sang-kien/<int:pk>/", views_initiatives.initiative_detail, name="initiative_detail"),
    path("sang-kien/<int:pk>/cong-nhan/", views_initiatives.initiative_recognise,
         name="initiative_recognise"),
]
