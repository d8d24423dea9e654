"""Dossier checklists: the national list per award, or a province's or ministry's own."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.core.text import to_nfc
from vinhdanh.eligibility.panel import bundled_levels
from vinhdanh.nominations import procedure
from vinhdanh.nominations.models import ChecklistOverride
from vinhdanh.nominations.procedure import Component
from vinhdanh.nominations.uploads import EXTENSIONS
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import ancestor_paths

#: Units whose regulation may set their own dossier lists (procedures.md §3.1).
OWNERS = (UnitKind.PROVINCE, UnitKind.MINISTRY)
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
_OPTIONAL = {"không", "khong", "no", "tùy chọn", "tuỳ chọn", "optional"}
#: Extensions a list may restrict a paper to (those the upload check recognises).
KNOWN_TYPES = sorted(set().union(*EXTENSIONS.values()))


def checklist_for(award_code: str, unit: OrgUnit) -> list[Component]:
    """The components a line for `award_code` proposed by `unit` must carry (one query):
    the override of the nearest province or ministry above `unit`, else the national list."""
    overrides = list(ChecklistOverride.objects.filter(
        award_code=award_code, unit__path__in=ancestor_paths(unit.path),
    ).values_list("unit__path", "items"))
    if not overrides:
        return procedure.components_for(award_code)
    _path, items = max(overrides, key=lambda found: len(found[0]))
    return [Component(code=i["code"], label=i["label"], required=bool(i["required"]),
                      file_types=tuple(i.get("file_types", ())))
            for i in items]


def allowed_types(item_component: str, award_code: str, unit: OrgUnit) -> tuple[str, ...]:
    """The extensions the resolved list accepts for one paper (empty: any checked type)."""
    for component in checklist_for(award_code, unit):
        if component.code == item_component:
            return component.file_types
    return ()


def parse_items(text: str) -> list[dict[str, object]]:
    """Read one component per line, "code | label | required | file types" (the last two
    parts optional: "không" marks an optional paper, "pdf, docx" restricts the files
    accepted for it), naming the line of every problem."""
    items: list[dict[str, object]] = []
    problems: list[str] = []
    seen: set[str] = set()
    # to_nfc also folds runs of white space, line breaks included: one line at a time.
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [to_nfc(p).strip() for p in raw.split("|")]
        code, label = parts[0], parts[1] if len(parts) > 1 else ""
        flag = parts[2].lower() if len(parts) > 2 else ""
        if not _CODE.match(code):
            problems.append(_("Line %(n)s: the code “%(code)s” must be lower-case letters, "
                              "digits or _ (e.g. bao_cao_thanh_tich).")
                            % {"n": number, "code": code})
        elif code in seen:
            problems.append(_("Line %(n)s: the code “%(code)s” is listed twice.")
                            % {"n": number, "code": code})
        if not label:
            problems.append(_("Line %(n)s: the component needs a name.") % {"n": number})
        if len(parts) > 4:
            problems.append(_("Line %(n)s: write at most four parts separated by |.")
                            % {"n": number})
        types = [t.strip().lower().lstrip(".") for t in
                 (parts[3].split(",") if len(parts) > 3 else []) if t.strip()]
        for unknown in [t for t in types if t not in KNOWN_TYPES]:
            problems.append(_("Line %(n)s: unknown file type “%(type)s” (known: %(known)s).")
                            % {"n": number, "type": unknown, "known": ", ".join(KNOWN_TYPES)})
        seen.add(code)
        items.append({"code": code, "label": label[:255], "required": flag not in _OPTIONAL,
                      "file_types": sorted(set(types))})
    if not items and not problems:
        problems.append(_("List at least one component."))
    if problems:
        raise ValidationFailed(" ".join(problems), field="items")
    return items


def _ensure_owner(actor: User, unit: OrgUnit) -> None:
    # The appraising body sets what it requires of the dossiers it receives.
    ensure_can(actor, Action.APPRAISE_NOMINATION, unit)
    if unit.kind not in OWNERS:
        raise ValidationFailed(_("Unit: only a province or a ministry sets its own dossier "
                                 "lists."), field="unit")


@transaction.atomic
def set_checklist(*, actor: User, unit: OrgUnit, award_code: str,
                  items_text: str) -> ChecklistOverride:
    """Set `unit`'s own dossier list for `award_code` (replacing any earlier one)."""
    _ensure_owner(actor, unit)
    if award_code not in bundled_levels():
        raise ValidationFailed(_("Award: unknown award %(code)s.") % {"code": award_code},
                               field="award_code")
    items = parse_items(items_text)
    override, _created = ChecklistOverride.objects.update_or_create(
        unit=unit, award_code=award_code, defaults={"items": items, "updated_by": actor})
    record_event(actor=actor, action="nominations.checklist_set", target=override,
                 unit_path=unit.path, data={"award": award_code,
                                            "components": [i["code"] for i in items]})
    return override


@transaction.atomic
def clear_checklist(*, actor: User, override: ChecklistOverride) -> None:
    """Go back to the national list for that award in that unit."""
    _ensure_owner(actor, override.unit)
    record_event(actor=actor, action="nominations.checklist_cleared", target=override,
                 unit_path=override.unit.path, data={"award": override.award_code})
    override.delete()


def items_as_text(items: list[dict[str, object]] | list[Component]) -> str:
    """The editable form of a list (what parse_items reads back)."""
    lines = []
    for item in items:
        if isinstance(item, Component):
            code, label, required = item.code, item.label, item.required
            types = list(item.file_types)
        else:
            code, label, required = str(item["code"]), str(item["label"]), bool(item["required"])
            raw_types = item.get("file_types") or []
            types = [str(t) for t in raw_types] if isinstance(raw_types, list) else []
        line = f"{code} | {label}"
        if types:
            line += " | " + ("bắt buộc" if required else "không") + " | " + ", ".join(types)
        elif not required:
            line += " | không"
        lines.append(line)
    return "\n".join(lines)
