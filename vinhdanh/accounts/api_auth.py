from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer


class TokenAuth(HttpBearer):
    """Bearer-token authentication for scripts and other systems (placeholder)."""

    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        return None
