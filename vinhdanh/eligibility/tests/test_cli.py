"""`vinhdanh eligibility check`: the JSON contract other tools depend on. No database."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[3]

EXAMPLE = {
    "evaluation_year": 2025,
    "decision_date": "2026-01-15",
    "subject": {
        "kind": "individual",
        "category": "civil_servant_or_employee",
        "employment_start": "2019-09-01",
        "gender": "female",
    },
    "record": [
        {"type": "task_rating", "year": 2025, "level": "excellent"},
        {"type": "title", "award": "chien_si_thi_dua_co_so", "year": 2024},
        {"type": "commendation", "award": "bang_khen_bo_tinh", "date": "2019-12-20"},
        {"type": "initiative", "date": "2025-05-10", "scope": "grassroots", "effect": "applied"},
        {
            "type": "science_work",
            "date": "2023-11-02",
            "scope": "ministry_province",
            "state": "accepted_and_applied",
        },
        {"type": "discipline", "level": "reprimand", "from": "2022-03-01", "to": "2023-02-28"},
        {"type": "pending_review", "from": "2025-10-01", "to": None},
    ],
    # The contract's example carries a member even for an individual: accepted, unused.
    "members": [
        {
            "id": "m1",
            "subject": {"kind": "individual", "category": "civil_servant_or_employee"},
            "record": [],
        }
    ],
    "awards": ["lao_dong_tien_tien", "chien_si_thi_dua_co_so"],
}


def _run(payload: object, tmp_path: Path) -> dict[str, object]:
    source = tmp_path / "input.json"
    source.write_text(json.dumps(payload), encoding="utf-8")
    out = io.StringIO()
    call_command("eligibility_check", "--input", str(source), "--format", "json", stdout=out)
    result: dict[str, object] = json.loads(out.getvalue())
    return result


def _assert_contract_shape(result: dict[str, object]) -> None:
    assert set(result) == {"evaluation_year", "rule_set", "results"}
    assert isinstance(result["results"], list)
    for row in result["results"]:
        assert set(row) == {"award", "verdict", "reward_vnd", "conditions"}
        assert row["verdict"] in {"eligible", "not_eligible", "needs_confirmation"}
        assert row["reward_vnd"] is None or isinstance(row["reward_vnd"], int)
        for condition in row["conditions"]:
            assert set(condition) == {"text_vi", "text_en", "status", "legal_basis"}
            assert condition["status"] in {"passed", "failed", "to_confirm"}


def test_example_request_prints_one_json_object(tmp_path: Path) -> None:
    result = _run(EXAMPLE, tmp_path)

    _assert_contract_shape(result)
    assert result["evaluation_year"] == 2025
    assert result["rule_set"] == "decree_152_2025"
    rows = {row["award"]: row for row in result["results"]}  # type: ignore[attr-defined]
    assert list(rows) == ["lao_dong_tien_tien", "chien_si_thi_dua_co_so"]
    # The review opened on 1 Oct 2025 is still open on the decision date.
    assert rows["lao_dong_tien_tien"]["verdict"] == "not_eligible"
    assert rows["chien_si_thi_dua_co_so"]["reward_vnd"] == 2_340_000
    assert rows["lao_dong_tien_tien"]["reward_vnd"] == 710_000
    failed = [c for c in rows["lao_dong_tien_tien"]["conditions"] if c["status"] == "failed"]
    assert failed[0]["legal_basis"] == "Decree 152/2025/ND-CP, Art. 4(4)"


def test_without_awards_every_award_for_the_subject_kind_is_checked(tmp_path: Path) -> None:
    payload = {"evaluation_year": 2025, "subject": {"kind": "household"}, "record": []}

    result = _run(payload, tmp_path)

    awards = [row["award"] for row in result["results"]]  # type: ignore[attr-defined]
    assert awards == ["gia_dinh_van_hoa", "bang_khen_thu_tuong", "bang_khen_bo_tinh", "giay_khen"]
    assert all(row["reward_vnd"] is None for row in result["results"])  # type: ignore[attr-defined]


def test_collective_members_are_read_from_their_own_records(tmp_path: Path) -> None:
    member_good = {
        "subject": {"kind": "individual"},
        "record": [
            {"type": "task_rating", "year": 2025, "level": "good"},
            {"type": "title", "award": "lao_dong_tien_tien", "year": 2025},
        ],
    }
    member_plain = {
        "subject": {"kind": "individual"},
        "record": [{"type": "task_rating", "year": 2025, "level": "completed"}],
    }
    payload = {
        "evaluation_year": 2025,
        "decision_date": "2026-01-20",
        "subject": {"kind": "collective", "unit_type": "state_agency_unit"},
        "record": [{"type": "task_rating", "year": 2025, "level": "good"}],
        "members": [
            {"id": "m1", **member_good},
            {"id": "m2", **member_good},
            {"id": "m3", **member_plain},
        ],
        "awards": ["tap_the_lao_dong_tien_tien"],
    }

    row = _run(payload, tmp_path)["results"][0]  # type: ignore[index]

    assert row["verdict"] == "needs_confirmation"
    ratio = next(c for c in row["conditions"] if "Lao động tiên tiến" in c["text_vi"])
    assert "2/3" in ratio["text_vi"]
    assert ratio["status"] == "passed"
    assert row["reward_vnd"] == 1_880_000  # 0.8 × 2,340,000 = 1,872,000 → 1,880,000


def test_standard_input_is_read_with_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(EXAMPLE)))
    out = io.StringIO()

    call_command("eligibility_check", "--input", "-", stdout=out)

    result = json.loads(out.getvalue())
    _assert_contract_shape(result)
    assert len(result["results"]) == 2


def _with(path: str, value: object) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(json.dumps(EXAMPLE))
    target: Any = payload
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if value is KeyError:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return payload


INVALID = [
    ("missing evaluation_year", _with("evaluation_year", KeyError), "evaluation_year"),
    ("year before 2024", _with("evaluation_year", 2019), "evaluation_year"),
    ("missing subject", _with("subject", KeyError), "subject"),
    ("unknown kind", _with("subject.kind", "robot"), "subject.kind"),
    ("unknown category", _with("subject.category", "astronaut"), "subject.category"),
    (
        "bad employment date",
        _with("subject.employment_start", "2019-13-01"),
        "subject.employment_start",
    ),
    ("unknown level", _with("record.0.level", "superb"), "record[0].level"),
    ("unknown title award", _with("record.1.award", "huy_hieu_bac"), "record[1].award"),
    ("bad commendation date", _with("record.2.date", "20/12/2019"), "record[2].date"),
    ("unknown scope", _with("record.3.scope", "galactic"), "record[3].scope"),
    ("missing effect", _with("record.3.effect", KeyError), "record[3].effect"),
    ("unknown record type", _with("record.4.type", "medal"), "record[4].type"),
    ("discipline ends before it starts", _with("record.5.to", "2021-01-01"), "record[5].to"),
    ("unknown award requested", _with("awards", ["lao_dong_tien_tien", "sao_bang"]), "awards[1]"),
    ("member without subject", _with("members.0.subject", KeyError), "members[0].subject"),
    (
        "member with unknown kind",
        _with("members.0.subject.kind", "alien"),
        "members[0].subject.kind",
    ),
]


@pytest.mark.parametrize(
    ("payload", "field"), [(p, f) for _, p, f in INVALID], ids=[name for name, _, _ in INVALID]
)
def test_invalid_input_exits_2_naming_the_field(
    payload: object, field: str, tmp_path: Path
) -> None:
    with pytest.raises(CommandError) as raised:
        _run(payload, tmp_path)

    assert raised.value.returncode == 2
    message = str(raised.value)
    assert f"Trường `{field}`" in message
    assert f"Field `{field}`" in message


def test_bad_json_exits_2(tmp_path: Path) -> None:
    source = tmp_path / "broken.json"
    source.write_text('{"evaluation_year": 2025,', encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        call_command("eligibility_check", "--input", str(source))

    assert raised.value.returncode == 2
    assert "không phải JSON hợp lệ" in str(raised.value)
    assert "not valid JSON" in str(raised.value)


def _console(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SECRET_KEY": "cli-test",
        "DATABASE_URL": "sqlite:////nonexistent-vinhdanh-dir/never-created.sqlite3",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    return subprocess.run(
        [sys.executable, "-m", "vinhdanh.cli", "eligibility", "check", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_console_command_needs_no_database(tmp_path: Path) -> None:
    source = tmp_path / "input.json"
    source.write_text(json.dumps(EXAMPLE), encoding="utf-8")

    done = _console(["--input", str(source), "--format", "json"])

    assert done.returncode == 0, done.stderr
    _assert_contract_shape(json.loads(done.stdout))
    assert not Path("/nonexistent-vinhdanh-dir").exists()


def test_console_command_exits_2_on_invalid_input_from_stdin() -> None:
    done = _console(["--input", "-"], stdin=json.dumps(_with("subject.kind", "robot")))

    assert done.returncode == 2
    assert "subject.kind" in done.stderr
    assert done.stdout == ""
