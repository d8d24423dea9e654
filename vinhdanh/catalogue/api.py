"""REST endpoints of the catalogue (mounted at /api/v1/catalogue/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from vinhdanh.accounts.policy import Action, granted_paths
from vinhdanh.catalogue import selectors
from vinhdanh.catalogue.models import AwardType

router = Router(tags=["catalogue"])


def _ensure_viewer(request: HttpRequest) -> None:
    if not granted_paths(request.user, Action.VIEW_CATALOGUE):
        raise PermissionDenied


class AwardTypeListQuery(Schema):
    kind: str = ""
    level: str = ""
    subject: str = ""
    q: str = ""


class AwardTypeOut(Schema):
    code: str
    name_vi: str
    name_en: str
    kind: str
    level: str
    subjects: list[str]
    frequency: str
    verification: str
    money_coefficients: dict[str, Any]

    @staticmethod
    def resolve_money_coefficients(obj: AwardType | dict[str, Any]) -> dict[str, Any]:
        if isinstance(obj, dict):
            return dict(obj["money_coefficients"])
        return dict(obj.money_raw)


class RulesOut(Schema):
    rule_set: str
    rule_set_documents: list[str]
    effective_from: dt.date
    effective_to: dt.date | None
    version: int
    criteria: list[dict[str, Any]]
    variants: list[dict[str, Any]]
    exclusions: list[dict[str, Any]]
    special_time_rules: list[str]
    legal_basis: list[dict[str, Any]]


class AwardTypeDetailOut(AwardTypeOut):
    decided_by: Any
    proposed_by: Any
    approval: Any
    items: list[str]
    classes: dict[str, Any]
    legal_basis: list[dict[str, Any]]
    unverified: list[str]
    rules: RulesOut | None


class AwardTypeDetailQuery(Schema):
    on: dt.date | None = None


class BaseSalaryOut(Schema):
    on: dt.date
    amount: int
    effective_from: dt.date
    effective_to: dt.date | None
    legal_basis: str


@router.get("/award-types", response=list[AwardTypeOut], url_name="catalogue_award_types")
def list_award_types(
    request: HttpRequest, filters: Query[AwardTypeListQuery]
) -> list[AwardType]:
    _ensure_viewer(request)
    return list(selectors.list_award_types(
        kind=filters.kind, level=filters.level, subject=filters.subject, q=filters.q
    ))


@router.get("/award-types/{code}", response=AwardTypeDetailOut,
            url_name="catalogue_award_type")
def get_award_type(
    request: HttpRequest, code: str, filters: Query[AwardTypeDetailQuery]
) -> dict[str, Any]:
    """Return an award type with the national rules in force on `on` (default today)."""
    _ensure_viewer(request)
    award = selectors.get_award_type(code)
    on = filters.on or timezone.localdate()
    rules = None
    if any(rule.is_current and rule.rule_set.in_force_on(on) for rule in award.rules.all()):
        snapshot = selectors.get_rules(code, on=on, unit=None)
        rules = {
            "rule_set": snapshot.rule_set_id,
            "rule_set_documents": list(snapshot.rule_set_documents),
            "effective_from": snapshot.rule_set_from,
            "effective_to": snapshot.rule_set_to,
            "version": snapshot.version,
            "criteria": list(snapshot.criteria),
            "variants": list(snapshot.variants),
            "exclusions": list(snapshot.exclusions),
            "special_time_rules": list(snapshot.special_time_rules),
            "legal_basis": list(snapshot.legal_basis),
        }
    return {
        **{name: getattr(award, name) for name in (
            "code", "name_vi", "name_en", "kind", "level", "subjects", "frequency",
            "verification", "decided_by", "proposed_by", "approval", "items", "classes",
            "legal_basis", "unverified",
        )},
        "money_coefficients": dict(award.money_raw),
        "rules": rules,
    }


class BaseSalaryQuery(Schema):
    on: dt.date | None = None


@router.get("/base-salary", response=BaseSalaryOut, url_name="catalogue_base_salary")
def get_base_salary(request: HttpRequest, filters: Query[BaseSalaryQuery]) -> dict[str, Any]:
    """Return the base salary in force on `on` (default today)."""
    _ensure_viewer(request)
    on = filters.on or timezone.localdate()
    row = selectors.get_base_salary_on(on)
    if row is None:
        selectors.base_salary_on(on)  # raises the NotFound domain error with its message
        raise AssertionError
    return {
        "on": on, "amount": row.amount, "effective_from": row.effective_from,
        "effective_to": row.effective_to, "legal_basis": row.legal_basis,
    }
