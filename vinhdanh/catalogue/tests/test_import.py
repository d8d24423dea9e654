"""`vinhdanh import catalogue`: every entry loaded, idempotent, changes become new versions."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from vinhdanh.audit.models import AuditEvent
from vinhdanh.catalogue.importer import ImportReport, import_catalogue
from vinhdanh.catalogue.models import AwardRule, AwardType, BaseSalary, RuleSet
from vinhdanh.catalogue.source import AWARDS_YAML
from vinhdanh.core.errors import ValidationFailed

SOURCE = yaml.safe_load(AWARDS_YAML.read_text(encoding="utf-8"))


def test_every_yaml_entry_is_loaded_with_its_rules(catalogue: ImportReport) -> None:
    count = len(SOURCE["awards"])
    assert AwardType.objects.count() == count == catalogue.awards_created
    assert set(RuleSet.objects.values_list("code", flat=True)) == {
        "decree_98_2023", "decree_152_2025"
    }
    # One current version per award and rule set.
    assert AwardRule.objects.filter(is_current=True).count() == 2 * count
    assert BaseSalary.objects.count() == len(SOURCE["base_salary_vnd"])


def test_money_coefficients_keep_the_raw_value(catalogue: ImportReport) -> None:
    medal = AwardType.objects.get(code="ky_niem_chuong")
    assert medal.money_raw == {"individual": "max:0.6"}
    assert str(medal.money_coefficient_individual) == "0.60"
    assert medal.coefficient_is_cap("individual")
    flag = AwardType.objects.get(code="co_thi_dua_chinh_phu")
    assert flag.money_raw == {"individual": None, "collective": 12.0}
    assert flag.money_coefficient_individual is None


def test_second_run_changes_nothing_and_says_so_in_vietnamese(catalogue: ImportReport) -> None:
    out = io.StringIO()
    call_command("import_catalogue", stdout=out)
    assert "Số thay đổi: 0." in out.getvalue()
    assert "45 loại khen thưởng" in out.getvalue()
    assert AwardRule.objects.count() == 2 * len(SOURCE["awards"])


def test_each_run_records_one_system_audit_event(catalogue: ImportReport) -> None:
    import_catalogue(actor=None)
    events = list(AuditEvent.objects.filter(action="catalogue.import").order_by("seq"))
    assert len(events) == 2
    assert events[0].actor_id is None
    assert events[0].data["awards_created"] == len(SOURCE["awards"])
    assert events[1].data["changes"] == 0


def test_a_changed_entry_is_updated_with_a_new_rule_version(
    catalogue: ImportReport, tmp_path: Path
) -> None:
    changed = yaml.safe_load(AWARDS_YAML.read_text(encoding="utf-8"))
    entry = next(e for e in changed["awards"] if e["code"] == "tap_the_lao_dong_tien_tien")
    entry["criteria"][2]["min_pct"] = 70
    path = tmp_path / "awards.yaml"
    path.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")

    report = import_catalogue(actor=None, path=path)

    assert (report.awards_updated, report.rule_versions_created) == (1, 2)
    versions = AwardRule.objects.filter(award__code="tap_the_lao_dong_tien_tien",
                                        rule_set__code="decree_152_2025").order_by("version")
    assert [(v.version, v.is_current) for v in versions] == [(1, False), (2, True)]
    assert versions[0].criteria[2]["min_pct"] == 50  # the old version stays readable
    assert versions[1].criteria[2]["min_pct"] == 70


def test_an_invalid_entry_aborts_the_whole_import(db: None, tmp_path: Path) -> None:
    broken = yaml.safe_load(AWARDS_YAML.read_text(encoding="utf-8"))
    broken["awards"][3]["criteria"] = [{"type": "task_rating", "min_level": "superb"}]
    path = tmp_path / "awards.yaml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")

    with pytest.raises(ValidationFailed) as caught:
        import_catalogue(actor=None, path=path)

    assert "lao_dong_tien_tien" in caught.value.message
    assert caught.value.field == "criteria[0].min_level"
    assert AwardType.objects.count() == 0
