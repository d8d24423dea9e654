from __future__ import annotations

from django.urls import path

from vinhdanh.accounts import views
from vinhdanh.audit.views import audit_log

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("", views.profile, name="profile"),
    path("xac-thuc-hai-buoc/cai-dat/", views.totp_setup, name="totp_setup"),
    path("xac-thuc-hai-buoc/", views.totp_verify, name="totp_verify"),
    path("ma-api/tao/", views.token_create, name="token_create"),
    path("ma-api/<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
    # The log lives in the audit app; it is served here so no further include is needed.
    path("nhat-ky/", audit_log, name="audit_log"),
]
