"""The condition vocabulary: the shipped awards.yaml fits it, bad edits are named precisely."""

from __future__ import annotations

import pytest
import yaml

from vinhdanh.catalogue.source import AWARDS_YAML
from vinhdanh.catalogue.vocabulary import (
    CONDITION_TYPES,
    RULE_PARTS,
    iter_delegated,
    validate_criteria,
    validate_rules,
)

ENTRIES = yaml.safe_load(AWARDS_YAML.read_text(encoding="utf-8"))["awards"]
CODES = {entry["code"] for entry in ENTRIES}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["code"] for e in ENTRIES])
def test_every_shipped_entry_validates(entry: dict[str, object]) -> None:
    rules = {key: entry[key] for key in RULE_PARTS if key in entry}
    assert validate_rules(rules, known_awards=CODES) == []


def test_unknown_condition_type_is_named() -> None:
    problems = validate_criteria([{"type": "lucky_number", "min": 7}])
    assert [(p.path, p.code) for p in problems] == [("criteria[0].type", "unknown_type")]
    assert "lucky_number" in problems[0].message_vi
    assert "lucky_number" in problems[0].message_en


def test_unknown_field_is_named_with_its_path_inside_combinators() -> None:
    tree = [
        {"type": "task_rating", "min_level": "good"},
        {"type": "qualitative", "key": "ethics"},
        {"any_of": [{"type": "initiative", "scope": "grassroots", "colour": "red"}]},
    ]
    problems = validate_criteria(tree)
    assert [(p.path, p.code) for p in problems] == [
        ("criteria[2].any_of[0].colour", "unknown_field")
    ]
    assert "colour" in problems[0].message_vi
    assert "initiative" in problems[0].message_vi


def test_bad_enum_value_lists_the_allowed_values() -> None:
    problems = validate_criteria([{"type": "task_rating", "min_level": "outstanding"}])
    assert problems[0].path == "criteria[0].min_level"
    assert "good | excellent" in problems[0].message_en


def test_missing_required_field_and_unknown_award_code() -> None:
    problems = validate_criteria(
        [{"type": "consecutive_titles", "title": "no_such_title"}], known_awards=CODES
    )
    assert {(p.path, p.code) for p in problems} == {
        ("criteria[0].title", "unknown_award"),
        ("criteria[0].count", "missing_field"),
    }


def test_informative_keys_are_allowed_everywhere() -> None:
    tree = [{"not": {"type": "employment_months", "min_months": 6}, "note": "why"},
            {"type": "pending_review", "legal_point": "Art 4(4)", "summary": "s"}]
    assert validate_criteria(tree) == []


def test_within_accepts_only_count_in_window() -> None:
    tree = [{"type": "chain_after_award", "award": "giay_khen", "min_years": 5,
             "within": [{"type": "task_rating", "min_level": "good"}]}]
    problems = validate_criteria(tree)
    assert [p.path for p in problems] == ["criteria[0].within[0].type"]


def test_variants_and_unknown_rule_parts() -> None:
    rules = {"variants": [{"when": {"type": "subject_kind", "in": ["robot"]}, "criteria": []}],
             "bonus": []}
    paths = {p.path for p in validate_rules(rules)}
    assert paths == {"bonus", "variants[0].when.in[0]"}


def test_every_condition_type_of_the_header_is_in_the_schema() -> None:
    header = AWARDS_YAML.read_text(encoding="utf-8").split("awards:\n")[0]
    for kind in CONDITION_TYPES:
        assert f"#   {kind}" in header


def test_delegated_conditions_are_found_with_their_keys() -> None:
    entry = next(e for e in ENTRIES if e["code"] == "lao_dong_tien_tien")
    assert [path for path, _ in iter_delegated(entry)] == ["variants[1].criteria[2]"]
