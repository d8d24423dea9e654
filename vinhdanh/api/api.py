"""The REST API: one NinjaAPI with a router per app, one error handler for domain errors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import SessionAuth

from vinhdanh.accounts.api_auth import TokenAuth
from vinhdanh.core.errors import DomainError

api = NinjaAPI(
    title="Vinh Danh API",
    version="1",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
    auth=[SessionAuth(), TokenAuth()],
)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": str(exc.code), "message": exc.message, "field": exc.field},
        status=exc.http_status,
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    body = {"code": "permission_denied", "message": "Forbidden"}
    return api.create_response(request, body, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"code": "not_found", "message": "Not found"}, status=404)


def _register() -> None:
    from vinhdanh.catalogue.api import router as catalogue_router
    from vinhdanh.councils.api import router as councils_router
    from vinhdanh.eligibility.api import router as eligibility_router
    from vinhdanh.movements.api import router as movements_router
    from vinhdanh.nominations.api import router as nominations_router
    from vinhdanh.people.api import router as people_router
    from vinhdanh.records.api import router as records_router
    from vinhdanh.units.api import router as units_router

    api.add_router("/units", units_router)
    api.add_router("/people", people_router)
    api.add_router("/catalogue", catalogue_router)
    api.add_router("/records", records_router)
    api.add_router("/nominations", nominations_router)
    api.add_router("/eligibility", eligibility_router)
    api.add_router("/movements", movements_router)
    api.add_router("/councils", councils_router)


_register()
