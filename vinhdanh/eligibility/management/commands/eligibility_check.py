"""`vinhdanh eligibility check`: evaluate award eligibility for one subject from JSON.

Needs no database: the rules come from the catalogue's awards.yaml and the record from the
input file, so it runs on a machine with no migrated database.
"""

from __future__ import annotations

import json
import sys
from argparse import RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vinhdanh.eligibility.engine import (
    InputError,
    default_rule_book,
    parse_request,
    render_result,
    run_check,
)

HELP = """Check eligibility for emulation titles and commendation forms (kiểm tra điều kiện
khen thưởng). Reads ONE JSON object from --input FILE (or - for standard input) and prints ONE
JSON object: {"evaluation_year", "rule_set", "results": [{"award", "verdict", "reward_vnd",
"conditions": [{"text_vi", "text_en", "status", "legal_basis"}]}]}. Exit 0 on success, 2 on
invalid input (message on stderr in Vietnamese and English, naming the field).

Input: evaluation_year (int, >= 2024; picks the rule set in force on 31 Dec of that year:
decree_98_2023 for 2024, decree_152_2025 from 2025), decision_date (YYYY-MM-DD, optional:
the date of the base salary for money and of the pending-review check; without it
reward_vnd is null and reviews are checked on 31 Dec), subject {kind, category, unit_type,
employment_start, gender: female|male, id}, record [...], members [{id, subject, record}]
(read for collectives; accepted and unused for other subjects), awards [codes] (optional:
default every award type for the subject kind).
  kind: individual|collective|household|enterprise
  category: civil_servant_or_employee|armed_forces_member|worker_farmer_other_worker|
            entrepreneur_intellectual_scientist|enterprise_or_economic_org|foreigner|
            vietnamese_abroad
  unit_type: commune_ward_special_zone|village_or_residential_group|armed_forces_unit|
             enterprise|ministry_branch_province|state_agency_unit

Record entry types and fields:
  task_rating {year, level: excellent|good|completed|not_completed}  (one per year)
  title {award, year}                       emulation title conferred for a year
  commendation {award, date, basis: merit|ad_hoc|thematic|long_service|seniority|
                foreign_affairs (default merit), class}
  initiative {date, scope: unit|grassroots|district_equivalent|ministry_province|national,
              effect: recognized|applied|applied_and_replicable, used_for: award code, id}
  science_work {date, scope (as initiative), state: accepted|accepted_and_applied, used_for, id}
  combat_creativity {date, scope: unit|army_or_police_wide|national}
  invention_or_work {date, scope: unit|sector|ministry_province_field|ministry_province|
                     national, kind: invention|patent|sci_tech_work|artwork}
  irregular_achievement {date, scope (as invention_or_work)}
  movement_achievement {date, launched_by: unit|district|ministry_province|central_council|
                        prime_minister|president, duration_years, stage: interim|final}
  contribution {date, field: socio_economic|social_security|charity|sci_tech_application|
                social_work|labour_land_assets_to_locality}
  international_prize {date, level: regional_highest|regional|international_highest|
                       international}
  cluster_leadership {year, organizer: district|ministry_province|central_council}
  service {force: army|police|militia|civil, from, to}
  discipline {level: reprimand|warning|salary_demotion|demotion|dismissal_from_post|
              dismissal, from, to}
  pending_review {from, to (null = still open)}
  maternity_leave {from, to}

reward_vnd is the amount if the award is granted on decision_date (coefficient x base
salary, rounded up to 10,000); null when there is no fixed coefficient (none in the law,
"up to" caps, orders with classes)."""


class Command(BaseCommand):
    help = HELP
    # Pure computation: no system checks, no migrations, no database.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Keep the record-type table of the help text laid out as written.
        kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--input", required=True, help="JSON file, or - for standard input / tệp JSON hoặc -"
        )
        parser.add_argument(
            "--format", choices=["json"], default="json", help="output format (json)"
        )

    def handle(self, *args: Any, input: str, format: str, **options: Any) -> None:
        raw = self._read(input)
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"Dữ liệu vào không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}).\n"
                f"Input is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}",
                returncode=2,
            ) from exc
        book = default_rule_book()
        try:
            request = parse_request(data, book)
        except InputError as exc:
            raise CommandError(exc.bilingual, returncode=2) from exc
        output = render_result(run_check(book, request))
        self.stdout.write(json.dumps(output, ensure_ascii=False))

    def _read(self, source: str) -> str:
        if source == "-":
            return sys.stdin.read()
        try:
            return Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                f"Không đọc được tệp `{source}`.\nCannot read file `{source}`: {exc}",
                returncode=2,
            ) from exc
