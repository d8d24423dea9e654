from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from vinhdanh.api.api import api
from vinhdanh.nominations.public_views import verify_certificate

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    *i18n_patterns(
        path("", include("vinhdanh.core.urls")),
        path("tai-khoan/", include("vinhdanh.accounts.urls")),
        path("don-vi/", include("vinhdanh.units.urls")),
        path("ca-nhan/", include("vinhdanh.people.urls")),
        path("danh-muc/", include("vinhdanh.catalogue.urls")),
        path("so-thanh-tich/", include("vinhdanh.records.urls")),
        path("de-nghi/", include("vinhdanh.nominations.urls")),
        # Printed on certificates as a QR code: short, public, and stable.
        path("xac-minh/<str:token>/", verify_certificate, name="verify_certificate"),
        path("xet-dieu-kien/", include("vinhdanh.eligibility.urls")),
        path("phong-trao/", include("vinhdanh.movements.urls")),
        path("hoi-dong/", include("vinhdanh.councils.urls")),
        prefix_default_language=False,
    ),
]
