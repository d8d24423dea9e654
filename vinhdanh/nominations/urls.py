from django.urls import path

from vinhdanh.nominations import document_views, public_views, views, views_checklists

app_name = "nominations"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("tao-moi/", views.proposal_create, name="create"),
    path("tu-ra-soat/<int:pk>/", views.proposal_from_sweep, name="from_sweep"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/chuyen-trang-thai/", views.proposal_move, name="move"),
    path("<int:pk>/them-nguoi/", views.line_add, name="line_add"),
    path("<int:pk>/quyet-dinh/", views.decision_issue, name="decide"),
    path("dong/<int:pk>/chuyen-trang-thai/", views.line_move, name="line_move"),
    path("dong/<int:pk>/thu-hoi/", views.line_revoke, name="revoke"),
    path("dong/<int:pk>/bao-cao-thanh-tich/", document_views.achievement_report,
         name="achievement_report"),
    path("tep/<int:pk>/", views.item_upload, name="upload"),
    path("gop-y/<int:pk>/kiem-duyet/", views.comment_moderate, name="moderate"),
    path("qua-han/", views.overdue_board, name="overdue"),
    path("ho-so-rieng/", views_checklists.checklist_list, name="checklists"),
    path("ho-so-rieng/<int:pk>/xoa/", views_checklists.checklist_clear, name="checklist_clear"),
    path("quyet-dinh/", views.decision_list, name="decisions"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("quyet-dinh/<int:pk>/docx/", document_views.decision_docx, name="decision_docx"),
    path("quyet-dinh/<int:pk>/pdf/", document_views.decision_pdf, name="decision_pdf"),
    path("quyet-dinh/<int:pk>/ban-da-ky/", document_views.signed_pdf, name="signed_pdf"),
    path("quyet-dinh/<int:pk>/ky-so/", document_views.decision_sign, name="decision_sign"),
    path("quyet-dinh/<int:pk>/bang-khen/", document_views.certificates, name="certificates"),
    # Also mounted at the site root as /xac-minh/<token>/ (config/urls.py).
    path("xac-minh/<str:token>/", public_views.verify_certificate, name="verify_certificate"),
    path("cong-khai/", public_views.public_notices, name="public_notices"),
    path("cong-khai/<int:pk>/", public_views.public_notice, name="public_notice"),
]
