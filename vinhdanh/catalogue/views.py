"""Catalogue pages: award types, their rules and versions, rule edits and local overrides."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.middleware import HtmxDetails

from vinhdanh.accounts.policy import Action, can, granted_paths
from vinhdanh.catalogue import selectors, services
from vinhdanh.catalogue.errors import RuleValidationFailed, problem_message
from vinhdanh.catalogue.forms import AwardFilterForm, OverrideForm, RuleEditForm
from vinhdanh.catalogue.models import AwardRule, AwardType, Subject
from vinhdanh.core.errors import DomainError
from vinhdanh.core.money import format_vnd

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _ensure_viewer(user: User | AnonymousUser) -> None:
    if not granted_paths(user, Action.VIEW_CATALOGUE):
        raise PermissionDenied


def dump_rules(data: Any) -> str:
    """Return rule data as readable YAML (Vietnamese kept as is, source key order kept)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


@login_required
@require_GET
def award_list(request: HtmxHttpRequest) -> HttpResponse:
    _ensure_viewer(request.user)
    form = AwardFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    awards = selectors.list_award_types(
        kind=filters.get("kind", ""), level=filters.get("level", ""),
        subject=filters.get("subject", ""), q=filters.get("q", ""),
    )
    context = {"form": form, "awards": awards}
    if request.htmx:
        return render(request, "catalogue/partials/award_table.html", context)
    return render(request, "catalogue/award_list.html", context)


def _money_rows(award: AwardType, salary: int | None) -> list[dict[str, Any]]:
    amounts = selectors.reward_amounts(award, salary) if salary is not None else {}
    labels = dict(Subject.choices)
    rows = []
    for subject in ("individual", "collective", "household"):
        if subject not in award.money_raw:
            continue
        amount = amounts.get(subject)
        rows.append({
            "subject": labels[subject],
            "raw": award.money_raw[subject],
            "is_cap": award.coefficient_is_cap(subject),
            "amount": format_vnd(amount) if amount is not None else None,
        })
    return rows


@login_required
@require_GET
def award_detail(request: HttpRequest, code: str) -> HttpResponse:
    _ensure_viewer(request.user)
    award = selectors.get_award_type(code)
    today = timezone.localdate()
    salary = selectors.get_base_salary_on(today)
    versions: list[AwardRule] = list(award.rules.all())
    rule_sets: dict[int, dict[str, Any]] = {}
    for rule in versions:
        entry = rule_sets.setdefault(
            rule.rule_set_id, {"rule_set": rule.rule_set, "current": None, "count": 0}
        )
        entry["count"] += 1
        if rule.is_current:
            entry["current"] = rule
            entry["yaml"] = dump_rules(rule.as_rules())
            entry["in_force"] = rule.rule_set.in_force_on(today)
    return render(
        request,
        "catalogue/award_detail.html",
        {
            "award": award,
            "salary": salary,
            "salary_text": format_vnd(salary.amount) if salary else None,
            "today": today,
            "money_rows": _money_rows(award, salary.amount if salary else None),
            "rule_sets": list(rule_sets.values()),
            "overrides": selectors.list_overrides(award=award),
            "may_edit": can(request.user, Action.MANAGE_CATALOGUE, None),
            "may_override": bool(granted_paths(request.user, Action.MANAGE_CATALOGUE)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, code: str, rule_set: str) -> HttpResponse:
    # National rules: system administrators only (the policy's "global data" rule).
    if not can(request.user, Action.MANAGE_CATALOGUE, None):
        raise PermissionDenied
    award = selectors.get_award_type(code)
    chosen = selectors.get_rule_set(rule_set)
    current = selectors.get_current_rule(award=award, rule_set=chosen)
    problems: list[str] = []
    if request.method == "POST":
        form = RuleEditForm(request.POST)
        if form.is_valid():
            try:
                rule = services.update_award_rule(
                    actor=request.user, award=award, rule_set=chosen,
                    criteria_yaml_or_json=form.cleaned_data["rules"],
                    reason=form.cleaned_data["reason"],
                )
            except RuleValidationFailed as exc:
                problems = [problem_message(p) for p in exc.problems]
            except DomainError as exc:
                form.add_error("reason" if exc.field == "reason" else "rules", exc.message)
            else:
                messages.success(
                    request,
                    _("Version %(version)d of the rules was saved.") % {"version": rule.version},
                )
                return redirect("catalogue:detail", code=award.code)
    else:
        initial = dump_rules(current.as_rules()) if current is not None else "criteria: []\n"
        form = RuleEditForm(initial={"rules": initial})
    return render(
        request,
        "catalogue/rule_form.html",
        {"award": award, "rule_set": chosen, "current": current, "form": form,
         "problems": problems},
    )


@login_required
@require_GET
def rule_history(request: HttpRequest, code: str, rule_set: str) -> HttpResponse:
    _ensure_viewer(request.user)
    award = selectors.get_award_type(code)
    chosen = selectors.get_rule_set(rule_set)
    versions = list(selectors.list_rule_versions(award=award, rule_set=chosen))
    rows = []
    for index, version in enumerate(versions):
        text = dump_rules(version.as_rules())
        older = versions[index + 1] if index + 1 < len(versions) else None
        diff = (
            list(difflib.unified_diff(
                dump_rules(older.as_rules()).splitlines(), text.splitlines(),
                fromfile=f"v{older.version}", tofile=f"v{version.version}", lineterm="", n=2,
            ))
            if older is not None else []
        )
        rows.append({"version": version, "yaml": text, "diff": diff})
    return render(
        request, "catalogue/rule_history.html",
        {"award": award, "rule_set": chosen, "rows": rows},
    )


@login_required
@require_http_methods(["GET", "POST"])
def override_create(request: HttpRequest, code: str) -> HttpResponse:
    units = selectors.list_overriding_units(request.user)
    if not units:
        raise PermissionDenied
    award = selectors.get_award_type(code)
    rule_set = selectors.rule_set_on(timezone.localdate())
    current = (
        selectors.get_current_rule(award=award, rule_set=rule_set) if rule_set else None
    )
    keys = selectors.list_delegated_keys(current) if current is not None else []
    choices = [(unit.pk, f"{unit.name} ({unit.code})") for unit in units]
    problems: list[str] = []
    if request.method == "POST":
        form = OverrideForm(request.POST, units=choices, keys=keys)
        if form.is_valid():
            unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
            try:
                services.set_rule_override(
                    actor=request.user, unit=unit, award=award,
                    condition_key=form.cleaned_data["condition_key"],
                    replacement=form.cleaned_data["replacement"],
                    effective_from=form.cleaned_data["effective_from"],
                    effective_to=form.cleaned_data["effective_to"],
                    legal_basis=form.cleaned_data["legal_basis"],
                    reason=form.cleaned_data["reason"],
                )
            except RuleValidationFailed as exc:
                problems = [problem_message(p) for p in exc.problems]
            except DomainError as exc:
                target = exc.field if exc.field in form.fields else None
                form.add_error(target, exc.message)
            else:
                messages.success(request, _("The local rule was saved."))
                return redirect("catalogue:detail", code=award.code)
    else:
        form = OverrideForm(
            units=choices, keys=keys,
            initial={"effective_from": timezone.localdate(), "replacement": "- type: \n"},
        )
    return render(
        request, "catalogue/override_form.html",
        {"award": award, "form": form, "problems": problems, "has_keys": bool(keys)},
    )
