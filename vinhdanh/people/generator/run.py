"""Entry point of the generator: one deterministic, idempotent run per province and seed."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import DomainError, ErrorCode
from vinhdanh.people.generator.people import build_people
from vinhdanh.people.generator.units import COMMUNE_KINDS, build_units
from vinhdanh.people.models import GenerationRun
from vinhdanh.units.models import OrgUnit, UnitKind

DEFAULT_PROVINCE = "37"  # Ninh Bình
#: Ages and employment dates are computed against this fixed day, not today, so that
#: the same seed gives the same data whenever it is run.
REFERENCE_DATE = dt.date(2025, 12, 31)


class ProvinceNotImported(DomainError):
    code = ErrorCode.NOT_FOUND
    http_status = 404


@dataclass(frozen=True)
class GenerationResult:
    run: GenerationRun
    created: bool
    units: int = 0
    people: int = 0
    households: int = 0
    employments: int = 0
    seconds: float = 0.0


def find_province(code: str) -> tuple[OrgUnit, list[OrgUnit]]:
    """Return the current province with `code` and its current communes, ordered by code."""
    province = (
        OrgUnit.objects.filter(kind=UnitKind.PROVINCE, code=code, valid_to__isnull=True)
        .order_by("-valid_from")
        .first()
    )
    communes: list[OrgUnit] = []
    if province is not None:
        communes = list(
            OrgUnit.objects.filter(parent=province, kind__in=COMMUNE_KINDS, valid_to__isnull=True)
            .order_by("code", "pk")
        )
    if province is None or not communes:
        raise ProvinceNotImported(
            _("The communes of province %(code)s have not been imported. "
              "Run `vinhdanh import units` first.") % {"code": code},
            field="province",
        )
    return province, communes


def generate_province(*, people: int, seed: int, province_code: str = DEFAULT_PROVINCE
                      ) -> GenerationResult:
    """Build a synthetic population under a real province; a second run with the same
    province and seed changes nothing. Run from the console by the operator, so it is
    audited as a system event rather than checked against a user's role."""
    existing = GenerationRun.objects.filter(province_code=province_code, seed=seed).first()
    if existing is not None:
        return GenerationResult(run=existing, created=False)
    province, communes = find_province(province_code)
    started = time.perf_counter()
    with transaction.atomic():
        rng = random.Random(f"vinhdanh:{province_code}:{seed}")
        units = build_units(rng, province=province, communes=communes,
                            prefix=f"{province_code}G{seed}", people=people)
        made = build_people(rng, units=units, count=people, reference=REFERENCE_DATE)
        run = GenerationRun.objects.create(
            province_code=province_code, seed=seed, people=people,
            data={"units": units.created, "households": made.households,
                  "employments": made.employments, "leaders": made.leaders,
                  "categories": dict(made.categories)},
        )
        record_event(
            actor=None,
            action="people.generated",
            target=run,
            unit_path=province.path,
            data={"province": province_code, "seed": seed, "people": made.people,
                  "units": units.created, "households": made.households,
                  "employments": made.employments},
        )
    return GenerationResult(
        run=run, created=True, units=units.created, people=made.people,
        households=made.households, employments=made.employments,
        seconds=time.perf_counter() - started,
    )
