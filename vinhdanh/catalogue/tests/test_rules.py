"""Rules by date and unit, rule edits as versions, local overrides, permissions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from vinhdanh.accounts.models import User
from vinhdanh.audit.models import AuditEvent
from vinhdanh.catalogue import selectors, services
from vinhdanh.catalogue.errors import RuleValidationFailed
from vinhdanh.catalogue.importer import ImportReport
from vinhdanh.catalogue.models import AwardRule, AwardType, RuleOverride, RuleSet
from vinhdanh.catalogue.vocabulary import validate_rules
from vinhdanh.core.errors import NotFound, ValidationFailed
from vinhdanh.units.models import OrgUnit

ATLTT = "tap_the_lao_dong_tien_tien"
DELEGATED_KEY = "criteria[4]"  # {type: delegated, to: ministry_province, ...}
LOCAL_RULE = """
- {type: member_ratio, having: "title:lao_dong_tien_tien", min_pct: 70, strict: false}
- {type: no_discipline, from_level: canh_cao, who: any_member}
"""


def _edit(actor: User, text: str, *, code: str = "lao_dong_tien_tien") -> AwardRule:
    return services.update_award_rule(
        actor=actor,
        award=AwardType.objects.get(code=code),
        rule_set=RuleSet.objects.get(code="decree_152_2025"),
        criteria_yaml_or_json=text,
        reason="Điều chỉnh theo Thông tư 15/2025",
    )


def test_rules_for_a_past_date_come_from_the_older_rule_set(catalogue: ImportReport) -> None:
    before = selectors.get_rules(ATLTT, on=dt.date(2025, 3, 1), unit=None)
    after = selectors.get_rules(ATLTT, on=dt.date(2025, 7, 1), unit=None)

    assert before.rule_set_id == "decree_98_2023"
    assert after.rule_set_id == "decree_152_2025"
    assert before.criteria == after.criteria
    # Decree 152/2025 and Decree 129/2025 were not in force before 1 Jul 2025.
    assert {ref["doc"] for ref in before.legal_basis} == {"law_06_2022", "decree_98_2023"}
    assert "decree_152_2025" in {ref["doc"] for ref in after.legal_basis}


def test_no_rules_before_the_law_came_into_force(catalogue: ImportReport) -> None:
    with pytest.raises(NotFound):
        selectors.get_rules(ATLTT, on=dt.date(2023, 6, 1), unit=None)


def test_valid_edit_creates_version_2_and_an_audit_event(
    catalogue: ImportReport, system_admin: User
) -> None:
    rule = _edit(system_admin, "- {type: task_rating, min_level: excellent, year: evaluation_year}")

    assert (rule.version, rule.is_current) == (2, True)
    snapshot = selectors.get_rules("lao_dong_tien_tien", on=dt.date(2025, 9, 1), unit=None)
    assert snapshot.version == 2
    assert snapshot.criteria == ({"type": "task_rating", "min_level": "excellent",
                                  "year": "evaluation_year"},)
    assert snapshot.variants  # parts left out keep their value
    old = AwardRule.objects.get(award__code="lao_dong_tien_tien",
                                rule_set__code="decree_152_2025", version=1)
    assert not old.is_current
    assert old.criteria == []
    event = AuditEvent.objects.get(action="catalogue.rule_updated")
    assert event.actor_id == system_admin.pk
    assert event.data["version"] == 2


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("- {type: horoscope, sign: leo}", "criteria[0].type"),
        ("- {type: task_rating, min_level: good, colour: red}", "criteria[0].colour"),
        ("- any_of: [{type: task_rating, min_level: superb}]", "criteria[0].any_of[0].min_level"),
    ],
    ids=["unknown type", "unknown field", "bad enum value"],
)
def test_invalid_edit_is_refused_naming_the_field_and_nothing_is_written(
    catalogue: ImportReport, system_admin: User, text: str, field: str
) -> None:
    versions, events = AwardRule.objects.count(), AuditEvent.objects.count()

    with pytest.raises(RuleValidationFailed) as caught:
        _edit(system_admin, text)

    assert caught.value.field == field
    assert field in caught.value.message
    assert (AwardRule.objects.count(), AuditEvent.objects.count()) == (versions, events)


def test_unreadable_yaml_is_refused_with_its_line(
    catalogue: ImportReport, system_admin: User
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _edit(system_admin, "- {type: task_rating\n- [")
    assert caught.value.field == "criteria"
    assert "line" in caught.value.message or "dòng" in caught.value.message


def test_only_a_system_admin_edits_national_rules(
    catalogue: ImportReport, system_admin: User, commune_officer: User
) -> None:
    text = "- {type: task_rating, min_level: good}"
    with pytest.raises(PermissionDenied):
        _edit(commune_officer, text)
    assert _edit(system_admin, text).version == 2


def _override(actor: User, unit: OrgUnit, **kwargs: Any) -> RuleOverride:
    return services.set_rule_override(
        actor=actor, unit=unit, award=AwardType.objects.get(code=ATLTT),
        condition_key=kwargs.pop("condition_key", DELEGATED_KEY), replacement=LOCAL_RULE,
        effective_from=kwargs.pop("effective_from", dt.date(2025, 7, 1)),
        legal_basis="Quyết định 25/2025/QĐ-UBND", reason="Quy chế thi đua của tỉnh",
        **kwargs,
    )


def test_override_applies_in_its_subtree_only(
    catalogue: ImportReport,
    system_admin: User,
    province: OrgUnit,
    commune: OrgUnit,
    other_province_commune: OrgUnit,
) -> None:
    override = _override(system_admin, province)
    day = dt.date(2025, 9, 1)

    inside = selectors.get_rules(ATLTT, on=day, unit=commune)
    outside = selectors.get_rules(ATLTT, on=day, unit=other_province_commune)
    national = selectors.get_rules(ATLTT, on=day, unit=None)

    assert inside.criteria[4]["all_of"][1] == {
        "type": "no_discipline", "from_level": "canh_cao", "who": "any_member"
    }
    assert [o.override_id for o in inside.overrides] == [override.pk]
    # The local rule keeps the tree inside the vocabulary the engine reads.
    assert validate_rules({k: v for k, v in inside.as_entry().items() if k != "code"}) == []
    assert outside.criteria == national.criteria
    assert national.criteria[4]["type"] == "delegated"
    # Before the override's start the national rule applies in the province too.
    before = selectors.get_rules(ATLTT, on=dt.date(2025, 6, 30), unit=commune)
    assert before.criteria[4]["type"] == "delegated"
    assert AuditEvent.objects.get(action="catalogue.override_set").unit_path == province.path


def test_a_newer_override_ends_the_older_one(
    catalogue: ImportReport, system_admin: User, province: OrgUnit, commune: OrgUnit
) -> None:
    first = _override(system_admin, province)
    _override(system_admin, province, effective_from=dt.date(2026, 1, 1))
    first.refresh_from_db()
    assert first.effective_to == dt.date(2025, 12, 31)
    assert len(selectors.get_rules(ATLTT, on=dt.date(2026, 2, 1), unit=commune).overrides) == 1


def test_outsider_cannot_set_overrides_for_another_province(
    catalogue: ImportReport,
    system_admin: User,
    other_province_admin: User,
    province: OrgUnit,
) -> None:
    with pytest.raises(PermissionDenied):
        _override(other_province_admin, province)
    assert _override(system_admin, province).unit == province


def test_only_delegated_conditions_of_provinces_can_be_overridden(
    catalogue: ImportReport, system_admin: User, province: OrgUnit, commune: OrgUnit
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _override(system_admin, province, condition_key="criteria[0]")
    assert caught.value.field == "condition_key"
    with pytest.raises(ValidationFailed) as caught:
        _override(system_admin, commune)
    assert caught.value.field == "unit"
    assert not RuleOverride.objects.exists()


def test_get_rules_takes_one_query_and_two_with_a_unit(
    catalogue: ImportReport, system_admin: User, province: OrgUnit, commune: OrgUnit,
    django_assert_num_queries: Any,
) -> None:
    _override(system_admin, province)
    day = dt.date(2025, 9, 1)
    # 1: current rule version joined with its rule set
    with django_assert_num_queries(1):
        selectors.get_rules(ATLTT, on=day, unit=None)
    # 1: current rule version with rule set; 2: overrides of the unit's ancestors with units
    with django_assert_num_queries(2):
        selectors.get_rules(ATLTT, on=day, unit=commune)


def test_base_salary_by_date(catalogue: ImportReport, django_assert_num_queries: Any) -> None:
    # 1: the row in force on the date
    with django_assert_num_queries(1):
        assert selectors.base_salary_on(dt.date(2025, 7, 10)) == 2_340_000
    assert selectors.base_salary_on(dt.date(2026, 7, 1)) == 2_530_000
    assert selectors.base_salary_on(dt.date(2024, 6, 30)) == 1_800_000
    with pytest.raises(NotFound):
        selectors.base_salary_on(dt.date(2018, 1, 1))


def test_list_award_types_filters_in_one_query(
    catalogue: ImportReport, django_assert_num_queries: Any
) -> None:
    # 1: award types filtered by kind, subject and the folded name
    with django_assert_num_queries(1):
        codes = [a.code for a in selectors.list_award_types(
            kind="emulation_title", subject="household", q="GIA DINH van hoa"
        )]
    assert codes == ["gia_dinh_van_hoa"]
