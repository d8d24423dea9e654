"""A commune officer can neither read nor change anything of another commune.

The walk covers every named URL of the web UI and every operation of the API. Each
URL that takes an object must be listed in `TARGETS` with the neighbouring commune's
object to aim at, so a new view without an entry here fails this test until someone
decides how it is scoped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from vinhdanh.accounts.models import User
from vinhdanh.accounts.services import create_api_token
from vinhdanh.api.api import api
from vinhdanh.audit.models import AuditEvent
from vinhdanh.councils.models import Membership as CouncilMembership
from vinhdanh.councils.models import Session as CouncilSession
from vinhdanh.councils.services import polls as council_polls
from vinhdanh.councils.services import setup as council_setup
from vinhdanh.eligibility.services import run_sweep
from vinhdanh.movements.services import definitions as movement_defs
from vinhdanh.movements.services.clusters import create_cluster
from vinhdanh.movements.services.registration import register_unit
from vinhdanh.nominations.services.proposals import add_line, create_proposal
from vinhdanh.people import services as people_services
from vinhdanh.people.models import Employment, Gender, Household, Person
from vinhdanh.units.models import OrgUnit, UnitChange, UnitKind
from vinhdanh.units.services import record_lineage_change
from vinhdanh.units.tree import insert_unit

# Strings that exist only in the neighbouring commune's data.
SECRET_PERSON = "Lưu Thị Kínđáo"
SECRET_VILLAGE = "Thôn Bímật"
SECRET_HOUSEHOLD = "HB-KINDAO-01"
MARKERS = (SECRET_PERSON, SECRET_VILLAGE, SECRET_HOUSEHOLD, "037190777777")


@dataclass
class Theirs:
    """Objects that belong to the neighbouring commune."""

    commune: OrgUnit
    village: OrgUnit
    person: Person
    employment: Employment
    household: Household
    change: UnitChange
    officer: User
    token_pk: int
    movement_pk: int
    registration_pk: int
    cluster_pk: int
    proposal_pk: int
    line_pk: int
    item_pk: int
    council_session_pk: int
    poll_pk: int
    sweep_pk: int


@pytest.fixture
def theirs(
    province: OrgUnit, commune: OrgUnit, other_commune: OrgUnit, outsider: User,
    system_admin: User,
) -> Theirs:
    village = insert_unit(code="13285.01", name=SECRET_VILLAGE, kind=UnitKind.VILLAGE,
                          parent=other_commune, valid_from=dt.date(2025, 7, 1))
    person = people_services.create_person(
        actor=outsider, full_name=SECRET_PERSON, gender=Gender.FEMALE, unit=other_commune,
        birth_date=dt.date(1990, 5, 1), id_number="037190777777",
    )
    employment = people_services.add_employment(
        actor=outsider, person=person, unit=village, position="Trưởng thôn",
        start=dt.date(2025, 7, 1),
    )
    household = people_services.create_household(
        actor=outsider, code=SECRET_HOUSEHOLD, head=person, unit=other_commune,
    )
    old = insert_unit(code="13300", name="Xã Cũ", kind=UnitKind.COMMUNE, parent=province,
                      valid_to=dt.date(2025, 7, 1))
    change = record_lineage_change(
        actor=system_admin, kind="merge", effective_date=dt.date(2025, 7, 1),
        predecessors=[old], successors=[other_commune],
    )
    token = create_api_token(actor=outsider, user=outsider, name="kịch bản")
    movement = movement_defs.create_movement(
        actor=system_admin, code="ntm", name="Nông thôn mới", launched_by=province,
        start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31),
    )
    movement_defs.set_participants(actor=system_admin, movement=movement,
                                   units=[commune, other_commune], include_subtree=False)
    movement = movement_defs.launch_movement(actor=system_admin, movement=movement)
    movement_defs.define_indicator(actor=system_admin, movement=movement, code="houses",
                                   name="Nhà", target=Decimal(10))
    registration = register_unit(actor=outsider, movement=movement, unit=other_commune,
                                 year=2025, goals=SECRET_VILLAGE)
    cluster = create_cluster(actor=system_admin, movement=movement, name="Cụm khác",
                             members=[other_commune, village])
    proposal = create_proposal(actor=outsider, unit=other_commune, to_unit=province,
                               title=f"Đề nghị khen {SECRET_VILLAGE}", year=2025)
    line = add_line(actor=outsider, proposal=proposal, subject=person,
                    award_code="lao_dong_tien_tien", achievement=SECRET_VILLAGE,
                    not_eligible_reason="Thành tích đột xuất")
    council = council_setup.create_council(
        actor=system_admin, unit=other_commune, kind="emulation_council",
        name="Hội đồng TĐKT " + SECRET_VILLAGE)
    term = council_setup.add_term(actor=system_admin, council=council,
                                  starts_on=dt.date(2025, 7, 1))
    council_setup.add_member(actor=system_admin, term=term, user=outsider, role="member")
    council_session = council_setup.create_session(actor=system_admin, council=council,
                                                   date=dt.date(2026, 1, 15))
    poll = council_setup.create_poll(actor=system_admin, session=council_session,
                                     title=SECRET_VILLAGE, mode="per_item")
    council_setup.add_poll_item(actor=system_admin, poll=poll, label=SECRET_PERSON,
                                award_code="chien_si_thi_dua_co_so")
    poll = council_polls.open_poll(actor=system_admin, poll=poll)
    sweep = run_sweep(actor=outsider, unit=other_commune, year=2025)
    return Theirs(
        commune=other_commune, village=village, person=person, employment=employment,
        household=household, change=change, officer=outsider, token_pk=token.token.pk,
        movement_pk=movement.pk, registration_pk=registration.pk, cluster_pk=cluster.pk,
        proposal_pk=proposal.pk, line_pk=line.pk, item_pk=line.items.all()[0].pk,
        council_session_pk=council_session.pk, poll_pk=poll.pk, sweep_pk=sweep.pk,
    )


Kwargs = Callable[[Theirs], dict[str, Any]]
REFERENCE = "reference"  # national reference data every logged-in user may read

TARGETS: dict[str, Kwargs | str] = {
    "accounts:token_revoke": lambda t: {"pk": t.token_pk},
    "units:detail": lambda t: {"pk": t.village.pk},
    "units:create": lambda t: {"parent_pk": t.commune.pk},
    "units:edit": lambda t: {"pk": t.village.pk},
    "units:add_successor": lambda t: {"change_pk": t.change.pk},
    "people:detail": lambda t: {"pk": t.person.pk},
    "people:edit": lambda t: {"pk": t.person.pk},
    "people:employment_add": lambda t: {"pk": t.person.pk},
    "people:employment_edit": lambda t: {"pk": t.employment.pk},
    "people:employment_end": lambda t: {"pk": t.employment.pk},
    "people:household_detail": lambda t: {"pk": t.household.pk},
    "people:household_edit": lambda t: {"pk": t.household.pk},
    "people:household_member_add": lambda t: {"pk": t.household.pk},
    "people:household_member_remove": lambda t: {"pk": t.household.pk,
                                                 "person_pk": t.person.pk},
    "eligibility:person_panel": lambda t: {"pk": t.person.pk},
    "eligibility:household_panel": lambda t: {"pk": t.household.pk},
    "eligibility:unit_panel": lambda t: {"pk": t.commune.pk},
    "eligibility:sweep_detail": lambda t: {"pk": t.sweep_pk},
    "eligibility:sweep_export": lambda t: {"pk": t.sweep_pk},
    "records:person_history": lambda t: {"pk": t.person.pk},
    "records:household_history": lambda t: {"pk": t.household.pk},
    "records:unit_history": lambda t: {"pk": t.commune.pk},
    "records:export": lambda t: {"pk": t.commune.pk},
    "records:person_history_pdf": lambda t: {"pk": t.person.pk},
    "records:household_history_pdf": lambda t: {"pk": t.household.pk},
    "records:unit_history_pdf": lambda t: {"pk": t.commune.pk},
    # Import jobs belong to the officer who started them: an id that is not one's own is refused.
    "records:import_job": lambda t: {"pk": 999_999},
    # No ledger entry or decision exists in the other commune here: a foreign id is refused
    # (records/tests/test_ledger_views.py aims at real ones of another commune).
    "records:entry_correct": lambda t: {"pk": 999_999},
    "records:entry_revoke": lambda t: {"pk": 999_999},
    "records:decision_detail": lambda t: {"pk": 999_999},
    "records:person_entry_add": lambda t: {"pk": t.person.pk},
    "records:household_entry_add": lambda t: {"pk": t.household.pk},
    "records:unit_entry_add": lambda t: {"pk": t.commune.pk},
    "movements:cluster": lambda t: {"pk": t.movement_pk, "cluster_pk": t.cluster_pk},
    "movements:cluster_self_score": lambda t: {"pk": t.movement_pk, "cluster_pk": t.cluster_pk,
                                               "unit_pk": t.commune.pk},
    "movements:cluster_review": lambda t: {"pk": t.movement_pk, "cluster_pk": t.cluster_pk,
                                           "unit_pk": t.commune.pk},
    "movements:cluster_publish": lambda t: {"pk": t.movement_pk, "cluster_pk": t.cluster_pk},
    "nominations:detail": lambda t: {"pk": t.proposal_pk},
    "nominations:move": lambda t: {"pk": t.proposal_pk},
    "nominations:line_add": lambda t: {"pk": t.proposal_pk},
    "nominations:decide": lambda t: {"pk": t.proposal_pk},
    "nominations:line_move": lambda t: {"pk": t.line_pk},
    "nominations:revoke": lambda t: {"pk": t.line_pk},
    "nominations:achievement_report": lambda t: {"pk": t.line_pk},
    "nominations:from_sweep": lambda t: {"pk": t.sweep_pk},
    "nominations:upload": lambda t: {"pk": t.item_pk},
    # No comment or decision exists in the other commune: a foreign id must still be refused.
    "nominations:moderate": lambda t: {"pk": 999_999},
    "nominations:decision": lambda t: {"pk": 999_999},
    # Dossier lists belong to provinces and ministries; none is the walker's.
    "nominations:checklist_clear": lambda t: {"pk": 999_999},
    # Published on purpose: the notice page exists only once an officer publishes the list.
    "nominations:public_notice": lambda t: {"pk": t.proposal_pk},
    "nominations:decision_docx": lambda t: {"pk": 999_999},
    "nominations:decision_pdf": lambda t: {"pk": 999_999},
    "nominations:signed_pdf": lambda t: {"pk": 999_999},
    "nominations:decision_sign": lambda t: {"pk": 999_999},
    "nominations:certificates": lambda t: {"pk": 999_999},
    # Public: a token that matches no certificate shows nothing.
    "nominations:verify_certificate": lambda t: {"token": "x" * 32},
    "verify_certificate": lambda t: {"token": "x" * 32},
    "catalogue:detail": REFERENCE,
    "catalogue:rule_history": REFERENCE,
    "catalogue:rule_edit": lambda t: {"code": "lao_dong_tien_tien", "rule_set": "decree_152_2025"},
    "catalogue:override_create": lambda t: {"code": "lao_dong_tien_tien"},
    "movements:detail": REFERENCE,
    "movements:board": REFERENCE,
    "movements:progress": REFERENCE,
    "movements:progress_xlsx": REFERENCE,
    "movements:registrations": REFERENCE,
    "movements:review_report": REFERENCE,
    "movements:review_docx": REFERENCE,
    "councils:session": lambda t: {"pk": t.council_session_pk},
    "councils:attendance": lambda t: {"pk": t.council_session_pk},
    "councils:vote": lambda t: {"pk": t.poll_pk},
    "councils:check_receipt": lambda t: {"pk": t.poll_pk},
    "councils:paper_tally": lambda t: {"pk": t.poll_pk},
    "councils:written_opinion": lambda t: {"pk": t.poll_pk},
    "councils:minutes": lambda t: {"pk": t.poll_pk},
    "councils:transition": lambda t: {"pk": t.poll_pk, "action": "close"},
    "councils:council": lambda t: {
        "pk": CouncilSession.objects.get(pk=t.council_session_pk).council_id},
    "councils:term_add": lambda t: {
        "pk": CouncilSession.objects.get(pk=t.council_session_pk).council_id},
    "councils:session_create": lambda t: {
        "pk": CouncilSession.objects.get(pk=t.council_session_pk).council_id},
    "councils:member_add": lambda t: {
        "pk": CouncilSession.objects.get(pk=t.council_session_pk).term_id},
    "councils:member_end": lambda t: {
        "pk": CouncilMembership.objects.get(council__sessions=t.council_session_pk).pk},
    "councils:poll_create": lambda t: {"pk": t.council_session_pk},
    "councils:agenda_add": lambda t: {"pk": t.proposal_pk},
    # Their session has an empty agenda: a foreign agenda id must still be refused.
    "councils:agenda_remove": lambda t: {"pk": 999_999},
    "movements:entry": lambda t: {"pk": t.movement_pk, "unit_pk": t.commune.pk,
                                  "period": "2025"},
    "movements:review": lambda t: {"pk": t.movement_pk, "unit_pk": t.commune.pk,
                                   "period": "2025"},
    "movements:register": lambda t: {"pk": t.movement_pk, "unit_pk": t.commune.pk},
    "movements:review_achievements": lambda t: {"pk": t.movement_pk, "unit_pk": t.commune.pk},
    "movements:review_propose": lambda t: {"pk": t.movement_pk, "review_pk": 999_999},
    "movements:remind": lambda t: {"pk": t.movement_pk, "unit_pk": t.commune.pk},
    "movements:entry_template": lambda t: {"pk": t.movement_pk, "unit_pk": t.commune.pk,
                                           "period": "2025"},
    "movements:entry_upload": lambda t: {"pk": t.movement_pk, "unit_pk": t.commune.pk,
                                         "period": "2025"},
    "movements:decide_registration": lambda t: {"pk": t.movement_pk,
                                                "registration_pk": t.registration_pk},
    # Defining a movement: only who may manage the province's movement gets past the
    # movement itself, so any inner id is refused there.
    "movements:setup": lambda t: {"pk": t.movement_pk},
    "movements:edit": lambda t: {"pk": t.movement_pk},
    "movements:plan_document": REFERENCE,
    "movements:status": lambda t: {"pk": t.movement_pk},
    "movements:participants": lambda t: {"pk": t.movement_pk},
    "movements:indicator_create": lambda t: {"pk": t.movement_pk},
    "movements:indicator_edit": lambda t: {"pk": t.movement_pk, "indicator_pk": 999_999},
    "movements:rule_create": lambda t: {"pk": t.movement_pk},
    "movements:cluster_create": lambda t: {"pk": t.movement_pk},
    "movements:cluster_setup": lambda t: {"pk": t.movement_pk, "cluster_pk": t.cluster_pk},
    "movements:cluster_year": lambda t: {"pk": t.movement_pk, "cluster_pk": t.cluster_pk},
    "movements:criteria_group_create": lambda t: {"pk": t.movement_pk,
                                                  "cluster_pk": t.cluster_pk},
    "movements:criterion_create": lambda t: {"pk": t.movement_pk, "cluster_pk": t.cluster_pk},
    # The registry lists only the examples of the visitor's own units.
    "movements:gallery_registry": REFERENCE,
    # No exemplary model, photo or initiative exists in the other commune here: a foreign id
    # is refused (movements/tests/test_gallery.py and test_initiatives.py aim at real ones).
    "movements:gallery_edit": lambda t: {"pk": t.movement_pk, "example_pk": 999_999},
    "movements:gallery_photo_add": lambda t: {"pk": t.movement_pk, "example_pk": 999_999},
    "movements:gallery_photo_remove": lambda t: {"pk": t.movement_pk, "example_pk": 999_999,
                                                 "photo_pk": 999_999},
    "movements:gallery_photo": lambda t: {"pk": t.movement_pk, "photo_pk": 999_999},
    # Public: only photos of published examples are served.
    "movements:public_photo": lambda t: {"photo_pk": 999_999},
    # Public: the other commune's movement is not published, so its public page is 404.
    "movements:public_movement": lambda t: {"code": _movement_code(t)},
    "movements:public_plan": lambda t: {"code": _movement_code(t)},
    "movements:initiative_detail": lambda t: {"pk": 999_999},
    "movements:initiative_recognise": lambda t: {"pk": 999_999},
}

# Pages about the visitor's own session, never about a unit's data.
SESSION_PAGES = {"set_language", "core:healthz", "accounts:login", "accounts:logout",
                 "accounts:totp_setup", "accounts:totp_verify"}


def _movement_code(theirs: Theirs) -> str:
    from vinhdanh.movements.models import Movement

    return Movement.objects.get(pk=theirs.movement_pk).code


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, inner)
        elif entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def web_routes() -> list[tuple[str, URLPattern]]:
    routes = {name: pattern for name, pattern in _walk(get_resolver().url_patterns)
              if not name.startswith("api:")}
    return sorted(routes.items())


def _reference_kwargs(name: str, theirs: Theirs) -> dict[str, Any]:
    if name.startswith("catalogue:"):
        kwargs: dict[str, Any] = {"code": "lao_dong_tien_tien"}
        if name == "catalogue:rule_history":
            kwargs["rule_set"] = "decree_152_2025"
        return kwargs
    return {"pk": theirs.movement_pk}


def _no_markers(body: bytes, where: str) -> None:
    text = body.decode("utf-8", errors="replace")
    leaked = [marker for marker in MARKERS if marker in text]
    assert not leaked, f"{where} shows another commune's data: {leaked}"


@pytest.fixture
def officer_client(client: Client, commune_officer: User) -> Client:
    client.force_login(commune_officer)
    return client


def test_every_parameterised_view_is_listed() -> None:
    missing = [name for name, pattern in web_routes()
               if pattern.pattern.converters and name not in TARGETS
               and name not in SESSION_PAGES]
    assert not missing, f"add these views to TARGETS with the object to aim at: {missing}"


@pytest.mark.django_db
def test_commune_officer_reads_nothing_of_another_commune_in_the_web_ui(
    officer_client: Client, theirs: Theirs,
) -> None:
    for name, pattern in web_routes():
        if name in SESSION_PAGES:
            continue
        target = TARGETS.get(name)
        if not pattern.pattern.converters:
            response = officer_client.get(reverse(name))
            assert response.status_code in {200, 302, 403, 405}, (name, response.status_code)
            _no_markers(response.content, name)
        elif target == REFERENCE:
            response = officer_client.get(reverse(name, kwargs=_reference_kwargs(name, theirs)))
            assert response.status_code in {200, 403, 404}, (name, response.status_code)
            _no_markers(response.content, name)
        else:
            assert callable(target)
            response = officer_client.get(reverse(name, kwargs=target(theirs)))
            assert response.status_code in {403, 404, 405}, (name, response.status_code)


@pytest.mark.django_db
def test_commune_officer_changes_nothing_of_another_commune_in_the_web_ui(
    officer_client: Client, theirs: Theirs,
) -> None:
    hostile = {
        "full_name": "Kẻ Xâm Nhập", "name": "Kẻ Xâm Nhập", "position": "Chủ tịch",
        "unit": theirs.commune.pk, "parent": theirs.commune.pk, "head": theirs.person.pk,
        "person": theirs.person.pk, "code": "X-1", "gender": "male", "start": "01/07/2025",
        "end": "02/07/2025", "reason": "thử", "goals": "thử", "decision": "approve",
    }
    before = AuditEvent.objects.count()
    for name, _pattern in web_routes():
        target = TARGETS.get(name)
        if name in SESSION_PAGES or target in (None, REFERENCE):
            continue
        assert callable(target)
        response = officer_client.post(reverse(name, kwargs=target(theirs)), hostile)
        assert response.status_code in {403, 404, 405}, (name, response.status_code)
    # Non-parameterised forms (create a person, a household...) aimed at the other commune.
    for name, pattern in web_routes():
        if pattern.pattern.converters or name in SESSION_PAGES:
            continue
        response = officer_client.post(reverse(name), hostile)
        assert response.status_code < 500, (name, response.status_code)
    written = AuditEvent.objects.filter(pk__gt=0).order_by("seq")[before:]
    leaked = [event.action for event in written if event.unit_path.startswith(theirs.commune.path)]
    assert not leaked, f"writes reached the other commune: {leaked}"
    theirs.person.refresh_from_db()
    assert theirs.person.full_name == SECRET_PERSON
    assert Person.objects.filter(unit=theirs.commune).count() == 1


def api_operations() -> list[tuple[str, str, str]]:
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path, operation.get("operationId", ""))
        for path, operations in sorted(schema["paths"].items())
        for method, operation in operations.items()
    ]


def _api_path(path: str, theirs: Theirs) -> str:
    values = {
        "{code}": theirs.commune.code,
        "{unit_pk}": str(theirs.commune.pk),
        "{person_pk}": str(theirs.person.pk),
        "{period}": "2025",
    }
    if "/eligibility/sweeps/" in path:
        values["{pk}"] = str(theirs.sweep_pk)
    elif "/nominations/proposals/" in path:
        values["{pk}"] = str(theirs.proposal_pk)
    elif "/eligibility/persons/" in path:
        values["{pk}"] = str(theirs.person.pk)
    elif "/records/decisions/" in path or "/records/entries/" in path:
        values["{pk}"] = "999999"  # none in the other commune; a foreign id must be refused
    elif "/records/units/" in path:
        values["{pk}"] = str(theirs.commune.pk)
    elif "/employments/" in path:
        values["{pk}"] = str(theirs.employment.pk)
    elif "/households/" in path:
        values["{pk}"] = str(theirs.household.pk)
    elif "/persons/" in path:
        values["{pk}"] = str(theirs.person.pk)
    elif "/councils/polls/" in path:
        values["{poll_id}"] = str(theirs.poll_pk)
    elif "/movements/" in path:
        values["{pk}"] = str(theirs.movement_pk)
    for placeholder, value in values.items():
        path = path.replace(placeholder, value)
    return path


# API paths whose object is national reference data or a province-wide movement.
API_REFERENCE_PREFIXES = ("/api/v1/catalogue/",)


@pytest.mark.django_db
def test_commune_officer_reaches_nothing_of_another_commune_through_the_api(
    officer_client: Client, theirs: Theirs,
) -> None:
    hostile = json.dumps({
        "full_name": "Kẻ Xâm Nhập", "name": "Kẻ Xâm Nhập", "position": "Chủ tịch",
        "unit_code": theirs.commune.code, "parent_code": theirs.commune.code,
        "unit_id": theirs.commune.pk, "gender": "male", "code": "X-1",
        "head_id": theirs.person.pk, "person_id": theirs.person.pk, "start": "2025-07-01",
        "values": {"houses": 5}, "kind": "village",
    })
    before = AuditEvent.objects.count()
    for method, path, operation in api_operations():
        url = _api_path(path, theirs)
        unresolved = "{" in url
        assert not unresolved, f"teach _api_path the parameters of {path}"
        if method == "GET":
            response = officer_client.get(url)
            if "{" in path and not path.startswith(API_REFERENCE_PREFIXES) \
                    and not path.endswith("/progress"):
                assert response.status_code in {403, 404}, (operation, response.status_code)
            else:
                assert response.status_code < 500, (operation, response.status_code)
                _no_markers(response.content, operation)
        else:
            response = officer_client.generic(method, url, hostile,
                                              content_type="application/json")
            assert response.status_code in {400, 403, 404, 405, 422}, (
                operation, response.status_code, response.content[:200])
    written = AuditEvent.objects.order_by("seq")[before:]
    leaked = [event.action for event in written if event.unit_path.startswith(theirs.commune.path)]
    assert not leaked, f"API writes reached the other commune: {leaked}"


@pytest.mark.django_db
def test_walk_is_not_vacuous(officer_client: Client, theirs: Theirs, outsider: User) -> None:
    """The neighbouring officer does see the secrets, so the markers are really on the pages."""
    del officer_client
    neighbour = Client()
    neighbour.force_login(outsider)
    detail = neighbour.get(reverse("people:detail", args=[theirs.person.pk]))
    assert SECRET_PERSON in detail.content.decode()
    assert SECRET_PERSON in neighbour.get(reverse("people:list")).content.decode()
    assert SECRET_HOUSEHOLD in neighbour.get(reverse("people:household_list")).content.decode()
    assert neighbour.get(f"/api/v1/people/persons/{theirs.person.pk}").status_code == 200

