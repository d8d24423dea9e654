"""Bearer tokens authenticate API calls as their user; revoked and unknown ones get 401."""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.testing import TestClient

from vinhdanh.accounts import services
from vinhdanh.accounts.api_auth import TokenAuth
from vinhdanh.accounts.models import ApiToken
from vinhdanh.accounts.policy import Action, can

probe = NinjaAPI(auth=TokenAuth(), urls_namespace="token_probe")


@probe.get("/whoami")
def whoami(request: HttpRequest, unit_id: int) -> dict[str, object]:
    from vinhdanh.units.models import OrgUnit

    unit = OrgUnit.objects.get(pk=unit_id)
    return {"user": request.user.get_username(),
            "may_edit": can(request.user, Action.CHANGE_PERSON, unit)}


@pytest.fixture
def api() -> TestClient:
    return TestClient(probe)


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_valid_token_acts_as_its_user_under_the_policy(api, commune_officer, commune,
                                                      other_commune):
    raw = services.create_api_token(actor=commune_officer, user=commune_officer, name="s").raw
    mine = api.get(f"/whoami?unit_id={commune.pk}", headers=bearer(raw))
    theirs = api.get(f"/whoami?unit_id={other_commune.pk}", headers=bearer(raw))
    assert mine.status_code == 200
    assert mine.json() == {"user": "can_bo_xa", "may_edit": True}
    assert theirs.json() == {"user": "can_bo_xa", "may_edit": False}
    assert ApiToken.objects.get().last_used_at is not None


def test_revoked_token_is_refused(api, commune_officer, commune):
    new = services.create_api_token(actor=commune_officer, user=commune_officer, name="s")
    services.revoke_api_token(actor=commune_officer, token=new.token)
    assert api.get(f"/whoami?unit_id={commune.pk}", headers=bearer(new.raw)).status_code == 401


def test_unknown_and_missing_tokens_are_refused(api, commune_officer, commune):
    services.create_api_token(actor=commune_officer, user=commune_officer, name="s")
    url = f"/whoami?unit_id={commune.pk}"
    assert api.get(url, headers=bearer("vd_khong-co")).status_code == 401
    assert api.get(url, headers=bearer("abc")).status_code == 401
    assert api.get(url).status_code == 401


def test_token_of_a_deactivated_user_is_refused(api, commune_officer, system_admin, commune):
    raw = services.create_api_token(actor=commune_officer, user=commune_officer, name="s").raw
    services.deactivate_user(actor=system_admin, user=commune_officer)
    assert api.get(f"/whoami?unit_id={commune.pk}", headers=bearer(raw)).status_code == 401


def test_token_works_on_the_real_api(client, commune_officer):
    raw = services.create_api_token(actor=commune_officer, user=commune_officer, name="s").raw
    assert client.get("/api/v1/openapi.json").status_code == 200
    denied = client.get("/api/v1/people/persons", headers=bearer("vd_sai"))
    assert denied.status_code == 401
    allowed = client.get("/api/v1/people/persons", headers=bearer(raw))
    assert allowed.status_code == 200
