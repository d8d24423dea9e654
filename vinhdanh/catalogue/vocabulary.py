"""The condition vocabulary of awards.yaml as a schema, and the validator of rule trees.

Pure Python (no Django import) so the eligibility engine can reuse it. The schema follows
the "CONDITION VOCABULARY" header of awards.yaml; where the shipped entries use fields or
values the header does not list, the schema was extended to exactly what the entries use
(each such place is marked "beyond the header" below and listed in docs/adr/0001).

A problem names the path of the offending node or field, e.g.
`criteria[2].any_of[0].min_level`, and says why in Vietnamese and in English.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

COMBINATORS = ("all_of", "any_of", "not")

#: Keys that are informative only on any condition or combinator (awards.yaml header,
#: "Conventions": "Extra keys such as `note`, `legal_point`, `summary` are informative only").
INFORMATIVE_KEYS = frozenset({"note", "legal_point", "summary"})

LEVELS = ("good", "excellent")
SUBJECT_KINDS = ("individual", "collective", "household", "enterprise")
SUBJECT_CATEGORIES = (
    "civil_servant_or_employee",
    "armed_forces_member",
    "worker_farmer_other_worker",
    "entrepreneur_intellectual_scientist",
    "enterprise_or_economic_org",
    "foreigner",
    "vietnamese_abroad",
)
UNIT_TYPES = (
    "commune_ward_special_zone",
    "village_or_residential_group",
    "armed_forces_unit",
    "enterprise",
    "ministry_branch_province",
    "state_agency_unit",
)
INITIATIVE_SCOPES = ("unit", "grassroots", "district_equivalent", "ministry_province", "national")
INITIATIVE_EFFECTS = ("recognized", "applied", "applied_and_replicable")
IRREGULAR_SCOPES = (
    "any", "unit", "sector", "ministry_province", "ministry_province_field", "national",
)
LAUNCHERS = ("president", "prime_minister", "central_council", "ministry_province", "unit", "any")
STAGES = ("interim", "final", "any")
ENDINGS = ("evaluation_year", "proposal")

CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_COUNT_WHAT = re.compile(
    r"^(title:[a-z][a-z0-9_]*|rating:(good|excellent)|initiative:[a-z_]+|science_work:[a-z_]+"
    r"|award:[a-z][a-z0-9_]*)$"
)
_WINDOW = re.compile(r"^(chain|consecutive_years:[1-9][0-9]*)$")
_HAVING = re.compile(r"^(title:[a-z][a-z0-9_]*|completed_task|rating:(good|excellent))$")


@dataclass(frozen=True)
class Problem:
    """One reason a rule tree is refused: where (`path`) and why, in both languages."""

    path: str
    code: str
    message_vi: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message_en}"


@dataclass(frozen=True)
class FieldSpec:
    """What one field of a leaf condition accepts."""

    kind: str  # "enum", "enum_list", "enum_or_list", "int", "number", "bool", "text",
    #           "code", "codes", "pattern", "year", "conditions", "award"
    choices: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    describe: str = ""  # the allowed form, shown in messages ("title:<code> | ...")


@dataclass(frozen=True)
class ConditionSpec:
    fields: Mapping[str, FieldSpec]
    required: frozenset[str] = field(default_factory=frozenset)


def _enum(*choices: str) -> FieldSpec:
    return FieldSpec("enum", choices=choices)


def _enum_list(*choices: str) -> FieldSpec:
    return FieldSpec("enum_list", choices=choices)


_INT0 = FieldSpec("int", minimum=0)
_INT1 = FieldSpec("int", minimum=1)
_PCT = FieldSpec("number", minimum=0, maximum=100)
_TEXT = FieldSpec("text")
_AWARD = FieldSpec("award")

#: Every leaf condition type with its fields (awards.yaml header, "Leaf conditions").
CONDITION_TYPES: Mapping[str, ConditionSpec] = {
    "subject_kind": ConditionSpec({"in": _enum_list(*SUBJECT_KINDS)}, frozenset({"in"})),
    "subject_category": ConditionSpec(
        {"in": _enum_list(*SUBJECT_CATEGORIES)}, frozenset({"in"})
    ),
    "unit_type": ConditionSpec({"in": _enum_list(*UNIT_TYPES)}, frozenset({"in"})),
    "title_in_year": ConditionSpec(
        {"title": _AWARD, "year": FieldSpec("year")}, frozenset({"title", "year"})
    ),
    "meets_title_criteria": ConditionSpec({"title": _AWARD}, frozenset({"title"})),
    "consecutive_titles": ConditionSpec(
        {"title": _AWARD, "count": _INT1, "ending": _enum(*ENDINGS)},
        frozenset({"title", "count"}),
    ),
    "task_rating": ConditionSpec(
        {"min_level": _enum(*LEVELS), "year": _enum("evaluation_year", "each_service_year")},
        frozenset({"min_level"}),
    ),
    "prior_award": ConditionSpec({"award": _AWARD, "min_times": _INT1}, frozenset({"award"})),
    "chain_after_award": ConditionSpec(
        {
            "award": _AWARD,
            "min_years": _INT1,
            "each_year_min_level": _enum(*LEVELS),
            "ending": _enum(*ENDINGS),
            "within": FieldSpec("conditions"),
        },
        frozenset({"award", "min_years"}),
    ),
    "count_in_window": ConditionSpec(
        {
            "what": FieldSpec(
                "pattern",
                pattern=_COUNT_WHAT,
                describe="title:<code> | rating:excellent | initiative:<scope> | "
                "science_work:<scope> | award:<code>",
            ),
            "min_count": _INT1,
            "window": FieldSpec(
                "pattern", pattern=_WINDOW, describe="chain | consecutive_years:<n>"
            ),
        },
        frozenset({"what", "min_count", "window"}),
    ),
    "initiative": ConditionSpec(
        {
            "min_count": _INT1,
            "scope": _enum(*INITIATIVE_SCOPES),
            "effect": _enum(*INITIATIVE_EFFECTS),
            "recognized_by": _TEXT,
        },
        frozenset({"scope"}),
    ),
    # Beyond the header: `scope` values (the header names none; the entries use `any` and
    # the initiative scopes) and `recognized_by` (used by chien_si_thi_dua_toan_quoc/_bo_tinh).
    "science_work": ConditionSpec(
        {
            "scope": _enum("any", *INITIATIVE_SCOPES),
            "state": _enum("accepted", "accepted_and_applied"),
            "min_count": _INT1,
            "recognized_by": _TEXT,
        },
        frozenset({"scope"}),
    ),
    # Beyond the header: the scope values are those the entries use.
    "combat_creativity": ConditionSpec(
        {"scope": _enum("unit", "army_or_police_wide", "national"), "recognized_by": _TEXT},
        frozenset({"scope"}),
    ),
    # Beyond the header: `kinds` values are those the entries use.
    "invention_or_work": ConditionSpec(
        {
            "scope": _enum(*INITIATIVE_SCOPES),
            "kinds": _enum_list("invention", "patent", "sci_tech_work", "artwork"),
        },
        frozenset({"scope"}),
    ),
    "irregular_achievement": ConditionSpec(
        {"scope": _enum(*IRREGULAR_SCOPES)}, frozenset({"scope"})
    ),
    "movement_achievement": ConditionSpec(
        {
            "launched_by": FieldSpec("enum_or_list", choices=LAUNCHERS),
            "min_duration_years": _INT1,
            "stage": _enum(*STAGES),
        },
        frozenset({"launched_by"}),
    ),
    # Beyond the header: the field codes are those the entries use for the header's prose
    # list (socio-economic development, social security, charity, S&T application, social
    # work) plus the household branch's labour/land/assets.
    "contribution": ConditionSpec(
        {
            "fields": _enum_list(
                "socio_economic",
                "social_security",
                "charity",
                "sci_tech_application",
                "social_work",
                "labour_land_assets_to_locality",
            )
        },
        frozenset({"fields"}),
    ),
    "international_prize": ConditionSpec({"level": FieldSpec("code")}, frozenset({"level"})),
    "long_service": ConditionSpec({"table": _TEXT}, frozenset({"table"})),
    # Beyond the header: `force` values are those the entries use.
    "service_years": ConditionSpec(
        {"force": _enum("army", "police"), "min_years": _INT1, "continuous": FieldSpec("bool")},
        frozenset({"min_years"}),
    ),
    "member_ratio": ConditionSpec(
        {
            "having": FieldSpec(
                "pattern", pattern=_HAVING,
                describe="title:<code> | completed_task | rating:<level>",
            ),
            "min_pct": _PCT,
            "strict": FieldSpec("bool"),
        },
        frozenset({"having", "min_pct"}),
    ),
    "member_count_with": ConditionSpec(
        {
            "having": FieldSpec(
                "pattern", pattern=_HAVING,
                describe="title:<code> | completed_task | rating:<level>",
            ),
            "min_count": _INT1,
        },
        frozenset({"having", "min_count"}),
    ),
    # Beyond the header: `organizer` values are those the entries use.
    "leads_cluster": ConditionSpec(
        {"organizer": _enum("central_council", "ministry_province", "district")},
        frozenset({"organizer"}),
    ),
    "no_discipline": ConditionSpec(
        {
            "from_level": _enum("khien_trach", "canh_cao"),
            "who": _enum("subject", "any_member"),
            "period": _TEXT,
        },
        frozenset({"from_level"}),
    ),
    "pending_review": ConditionSpec({}),
    "employment_months": ConditionSpec({"min_months": _INT0}, frozenset({"min_months"})),
    "qualitative": ConditionSpec({"key": FieldSpec("code"), "summary": _TEXT}, frozenset({"key"})),
    "delegated": ConditionSpec({"to": _TEXT, "what": _TEXT}, frozenset({"to"})),
}

#: Keys of a `variants[]` item. `alternative_ad_hoc` is beyond the header (anh_hung_lao_dong
#: uses it as an informative note).
VARIANT_KEYS = frozenset({"when", "criteria", "legal_basis", "alternative_ad_hoc"})
LEGAL_REF_KEYS = frozenset({"doc", "article", "clause", "point", "note"})
#: The parts of an award's rules an administrator may edit.
RULE_PARTS = ("criteria", "variants", "exclusions", "special_time_rules", "legal_basis")


class _Checker:
    def __init__(self, known_awards: Collection[str] | None) -> None:
        self.known_awards = known_awards
        self.problems: list[Problem] = []

    def add(self, path: str, code: str, vi: str, en: str) -> None:
        self.problems.append(Problem(path=path, code=code, message_vi=vi, message_en=en))

    # --- lists and nodes ---------------------------------------------------------------

    def condition_list(self, value: object, path: str) -> None:
        if not isinstance(value, list):
            self.add(path, "not_a_list", "phải là một danh sách điều kiện.",
                     "must be a list of conditions.")
            return
        for index, item in enumerate(value):
            self.condition(item, f"{path}[{index}]")

    def condition(self, node: object, path: str) -> None:
        if not isinstance(node, Mapping):
            self.add(path, "not_a_condition",
                     "phải là một điều kiện (bảng khóa: giá trị).",
                     "must be a condition (a mapping of keys to values).")
            return
        combinators = [key for key in COMBINATORS if key in node]
        if "type" in node and combinators:
            self.add(path, "type_and_combinator",
                     f"không được có cả 'type' và '{combinators[0]}'.",
                     f"must not have both 'type' and '{combinators[0]}'.")
            return
        if len(combinators) > 1:
            self.add(path, "several_combinators",
                     f"chỉ được có một trong {', '.join(combinators)}.",
                     f"may have only one of {', '.join(combinators)}.")
            return
        if combinators:
            self.combinator(node, combinators[0], path)
            return
        if "type" not in node:
            self.add(path, "missing_type",
                     "thiếu trường 'type' (hoặc all_of/any_of/not).",
                     "has no 'type' field (nor all_of/any_of/not).")
            return
        self.leaf(node, path)

    def combinator(self, node: Mapping[str, object], key: str, path: str) -> None:
        for extra in sorted(set(node) - {key} - INFORMATIVE_KEYS):
            self.add(f"{path}.{extra}", "unknown_field",
                     f"trường '{extra}' không được phép bên cạnh '{key}'.",
                     f"field '{extra}' is not allowed beside '{key}'.")
        if key == "not":
            self.condition(node[key], f"{path}.not")
            return
        children = node[key]
        if not isinstance(children, list) or not children:
            self.add(f"{path}.{key}", "empty_combinator",
                     "phải là một danh sách điều kiện không rỗng.",
                     "must be a non-empty list of conditions.")
            return
        self.condition_list(children, f"{path}.{key}")

    def leaf(self, node: Mapping[str, object], path: str) -> None:
        kind = node["type"]
        spec = CONDITION_TYPES.get(kind) if isinstance(kind, str) else None
        if spec is None:
            known = ", ".join(sorted(CONDITION_TYPES))
            self.add(f"{path}.type", "unknown_type",
                     f"loại điều kiện '{kind}' không có trong từ vựng (các loại hợp lệ: {known}).",
                     f"unknown condition type '{kind}' (known types: {known}).")
            return
        for name in sorted(set(node) - {"type"}):
            if name in spec.fields:
                self.field(node[name], spec.fields[name], f"{path}.{name}", kind)
            elif name not in INFORMATIVE_KEYS:
                allowed = ", ".join(sorted(spec.fields)) or "—"
                self.add(f"{path}.{name}", "unknown_field",
                         f"trường '{name}' không thuộc điều kiện '{kind}' "
                         f"(các trường hợp lệ: {allowed}).",
                         f"field '{name}' is not a field of '{kind}' (allowed: {allowed}).")
        for name in sorted(spec.required - set(node)):
            self.add(f"{path}.{name}", "missing_field",
                     f"điều kiện '{kind}' thiếu trường bắt buộc '{name}'.",
                     f"condition '{kind}' lacks the required field '{name}'.")

    # --- field values --------------------------------------------------------------------

    def field(self, value: object, spec: FieldSpec, path: str, kind: object) -> None:
        checker = getattr(self, f"value_{spec.kind}")
        checker(value, spec, path)

    def bad(self, path: str, value: object, expected_vi: str, expected_en: str) -> None:
        self.add(path, "bad_value",
                 f"giá trị {value!r} không hợp lệ; cần {expected_vi}.",
                 f"invalid value {value!r}; expected {expected_en}.")

    def value_enum(self, value: object, spec: FieldSpec, path: str) -> None:
        if value not in spec.choices:
            allowed = " | ".join(spec.choices)
            self.bad(path, value, f"một trong: {allowed}", f"one of: {allowed}")

    def value_enum_list(self, value: object, spec: FieldSpec, path: str) -> None:
        if not isinstance(value, list) or not value:
            allowed = " | ".join(spec.choices)
            self.bad(path, value, f"danh sách các giá trị: {allowed}",
                     f"a list of values among: {allowed}")
            return
        for index, item in enumerate(value):
            self.value_enum(item, spec, f"{path}[{index}]")

    def value_enum_or_list(self, value: object, spec: FieldSpec, path: str) -> None:
        if isinstance(value, list):
            self.value_enum_list(value, spec, path)
        else:
            self.value_enum(value, spec, path)

    def value_int(self, value: object, spec: FieldSpec, path: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or (
            spec.minimum is not None and value < spec.minimum
        ):
            low = int(spec.minimum or 0)
            self.bad(path, value, f"một số nguyên từ {low} trở lên",
                     f"a whole number of at least {low}")

    def value_number(self, value: object, spec: FieldSpec, path: str) -> None:
        low, high = spec.minimum or 0, spec.maximum or 100
        if isinstance(value, bool) or not isinstance(value, int | float) or not (
            low <= value <= high
        ):
            self.bad(path, value, f"một số từ {low:g} đến {high:g}",
                     f"a number from {low:g} to {high:g}")

    def value_bool(self, value: object, spec: FieldSpec, path: str) -> None:
        if not isinstance(value, bool):
            self.bad(path, value, "true hoặc false", "true or false")

    def value_text(self, value: object, spec: FieldSpec, path: str) -> None:
        if not isinstance(value, str) or not value.strip():
            self.bad(path, value, "một đoạn văn bản không rỗng", "a non-empty text")

    def value_code(self, value: object, spec: FieldSpec, path: str) -> None:
        if not isinstance(value, str) or not CODE.match(value):
            self.bad(path, value, "một mã viết thường (a-z, 0-9, _)",
                     "a lower-case code (a-z, 0-9, _)")

    def value_pattern(self, value: object, spec: FieldSpec, path: str) -> None:
        if not isinstance(value, str) or spec.pattern is None or not spec.pattern.match(value):
            self.bad(path, value, spec.describe, spec.describe)
            return
        if value.startswith(("title:", "award:")):
            self.award_code(value.split(":", 1)[1], path)

    def value_year(self, value: object, spec: FieldSpec, path: str) -> None:
        if value == "evaluation_year":
            return
        if isinstance(value, bool) or not isinstance(value, int) or not 1945 <= value <= 2100:
            self.bad(path, value, "evaluation_year hoặc một năm", "evaluation_year or a year")

    def value_award(self, value: object, spec: FieldSpec, path: str) -> None:
        if not isinstance(value, str) or not CODE.match(value):
            self.bad(path, value, "mã một loại khen thưởng", "the code of an award type")
            return
        self.award_code(value, path)

    def award_code(self, code: str, path: str) -> None:
        if self.known_awards is not None and code not in self.known_awards:
            self.add(path, "unknown_award",
                     f"không có loại khen thưởng mã '{code}' trong danh mục.",
                     f"no award type with code '{code}' in the catalogue.")

    def value_conditions(self, value: object, spec: FieldSpec, path: str) -> None:
        if not isinstance(value, list):
            self.bad(path, value, "một danh sách điều kiện count_in_window",
                     "a list of count_in_window conditions")
            return
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if isinstance(item, Mapping) and item.get("type") not in (None, "count_in_window"):
                self.add(f"{item_path}.type", "bad_value",
                         "bên trong 'within' chỉ dùng điều kiện count_in_window.",
                         "only count_in_window conditions may appear inside 'within'.")
                continue
            self.condition(item, item_path)

    # --- award-level parts ---------------------------------------------------------------

    def variants(self, value: object, path: str) -> None:
        if not isinstance(value, list):
            self.add(path, "not_a_list", "phải là một danh sách phương án.",
                     "must be a list of variants.")
            return
        for index, variant in enumerate(value):
            here = f"{path}[{index}]"
            if not isinstance(variant, Mapping):
                self.add(here, "not_a_variant", "phải là một phương án (when, criteria).",
                         "must be a variant (when, criteria).")
                continue
            for extra in sorted(set(variant) - VARIANT_KEYS - INFORMATIVE_KEYS):
                self.add(f"{here}.{extra}", "unknown_field",
                         f"trường '{extra}' không thuộc một phương án "
                         "(hợp lệ: when, criteria, legal_basis).",
                         f"field '{extra}' is not a variant field "
                         "(allowed: when, criteria, legal_basis).")
            for required in ("when", "criteria"):
                if required not in variant:
                    self.add(f"{here}.{required}", "missing_field",
                             f"phương án thiếu trường bắt buộc '{required}'.",
                             f"the variant lacks the required field '{required}'.")
            if "when" in variant:
                self.condition(variant["when"], f"{here}.when")
            if "criteria" in variant:
                self.condition_list(variant["criteria"], f"{here}.criteria")
            if "legal_basis" in variant:
                self.legal_basis(variant["legal_basis"], f"{here}.legal_basis")

    def legal_basis(self, value: object, path: str) -> None:
        if not isinstance(value, list):
            self.add(path, "not_a_list", "phải là một danh sách căn cứ pháp lý.",
                     "must be a list of legal references.")
            return
        for index, ref in enumerate(value):
            here = f"{path}[{index}]"
            if not isinstance(ref, Mapping) or not isinstance(ref.get("doc"), str):
                self.add(f"{here}.doc", "missing_field",
                         "mỗi căn cứ pháp lý cần trường 'doc' (mã văn bản).",
                         "each legal reference needs a 'doc' field (document id).")
                continue
            for extra in sorted(set(ref) - LEGAL_REF_KEYS):
                self.add(f"{here}.{extra}", "unknown_field",
                         f"trường '{extra}' không thuộc căn cứ pháp lý "
                         "(hợp lệ: doc, article, clause, point, note).",
                         f"field '{extra}' is not a legal-reference field "
                         "(allowed: doc, article, clause, point, note).")

    def codes(self, value: object, path: str) -> None:
        if not isinstance(value, list) or not all(
            isinstance(item, str) and CODE.match(item) for item in value
        ):
            self.add(path, "bad_value", "phải là một danh sách mã quy tắc chung.",
                     "must be a list of general-rule codes.")


def validate_criteria(
    tree: object, *, known_awards: Collection[str] | None = None, path: str = "criteria"
) -> list[Problem]:
    """Return the problems of a `criteria` list (an implicit all_of); empty when valid."""
    checker = _Checker(known_awards)
    checker.condition_list(tree, path)
    return checker.problems


def validate_condition(
    node: object, *, known_awards: Collection[str] | None = None, path: str = "condition"
) -> list[Problem]:
    """Return the problems of one condition (a leaf or a combinator)."""
    checker = _Checker(known_awards)
    checker.condition(node, path)
    return checker.problems


def validate_rules(
    rules: Mapping[str, object], *, known_awards: Collection[str] | None = None
) -> list[Problem]:
    """Return the problems of an award's rule parts (criteria, variants, exclusions, ...).

    `rules` may hold any subset of RULE_PARTS; any other key is refused.
    """
    checker = _Checker(known_awards)
    for key in sorted(set(rules) - set(RULE_PARTS)):
        checker.add(key, "unknown_field",
                    f"phần '{key}' không thuộc quy tắc (hợp lệ: {', '.join(RULE_PARTS)}).",
                    f"'{key}' is not a part of the rules (allowed: {', '.join(RULE_PARTS)}).")
    if "criteria" in rules:
        checker.condition_list(rules["criteria"], "criteria")
    if "exclusions" in rules:
        checker.condition_list(rules["exclusions"], "exclusions")
    if "variants" in rules:
        checker.variants(rules["variants"], "variants")
    if "legal_basis" in rules:
        checker.legal_basis(rules["legal_basis"], "legal_basis")
    if "special_time_rules" in rules:
        checker.codes(rules["special_time_rules"], "special_time_rules")
    return checker.problems


def iter_delegated(rules: Mapping[str, object]) -> list[tuple[str, Mapping[str, object]]]:
    """Return (path, condition) for every `delegated` condition in an award's rules."""
    found: list[tuple[str, Mapping[str, object]]] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{path}[{index}]")
        elif isinstance(node, Mapping):
            if node.get("type") == "delegated":
                found.append((path, node))
            for key in ("all_of", "any_of", "not"):
                if key in node:
                    walk(node[key], f"{path}.{key}")

    for part in ("criteria", "exclusions"):
        walk(rules.get(part, []), part)
    variants = rules.get("variants", [])
    if isinstance(variants, Sequence):
        for index, variant in enumerate(variants):
            if isinstance(variant, Mapping):
                walk(variant.get("criteria", []), f"variants[{index}].criteria")
    return found
