"""Rulebooks: the catalogue, parameters, explain(), lint and departments()."""
import datetime as dt
import json

import pytest

import tuoyu
from conftest import ROOT, small_obj

CONTRACT_RULES = {
    "ZZ-CAPACITY", "ZZ-DEMO", "ZZ-COVERAGE", "ZZ-REG-UNREGISTERED", "ZZ-REG-NOT-FILED", "ZZ-REG-SCOPE",
    "ZZ-REG-AUTHORITY", "ZZ-FILING-AUTHORITY", "ZZ-FILING-ORDER", "ZZ-WELFARE-NONPROFIT", "ZZ-KG-AGE",
    "ZZ-UTILITY-PRICE", "ZZ-MEETING-ANNUAL", "ZZ-TRAINING-ANNUAL",
}


def test_builtin_catalogue():
    book = tuoyu.rulebook("zezhou-2022")
    assert book.id == "zezhou-2022" and "zezhou-2022" in tuoyu.rulebook_ids()
    rules = book.rules
    assert list(rules.columns[:5]) == ["id", "subject_kind", "severity", "clause", "responsible"]
    assert CONTRACT_RULES <= set(rules["id"])
    row = rules.set_index("id").loc["ZZ-REG-NOT-FILED"]
    assert row["subject_kind"] == "facility" and row["severity"] == "error"
    assert row["action"] == "regularize_or_ban"
    assert set(row["responsible"]) >= {"admin_approval", "health", "townships"}
    assert rules.set_index("id").loc["ZZ-UTILITY-PRICE", "severity"] == "warning"
    assert rules.set_index("id").loc["ZZ-CAPACITY", "in_force_from"] in (None, dt.date(2022, 12, 31))
    assert "rules" in repr(book)


def test_parameters_have_dates():
    params = {p["name"]: p for p in tuoyu.rulebook().parameters}
    values = params["capacity_per_1000"]["values"]
    assert values == [{"from": dt.date(2022, 12, 31), "value": 2.8}, {"from": dt.date(2025, 12, 31), "value": 4.5}]


def test_load_rulebook_and_its_errors(tmp_path):
    book = tuoyu.load_rulebook(ROOT / "rules" / "zezhou-2022.json")
    assert set(book.rules["id"]) == set(tuoyu.rulebook().rules["id"])
    with pytest.raises(tuoyu.FileError) as info:
        tuoyu.load_rulebook(tmp_path / "missing.json")
    assert info.value.id.startswith("tuoyu.io.")
    bad = tmp_path / "bad.json"
    doc = json.loads((ROOT / "rules" / "zezhou-2022.json").read_text(encoding="utf-8"))
    doc["rules"][0]["require"] = "facility.capacity >"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(tuoyu.RulebookError) as info:
        tuoyu.load_rulebook(bad)
    assert isinstance(info.value, tuoyu.Error) and not isinstance(info.value, ValueError)
    assert info.value.id.startswith("tuoyu.rulebook.")
    assert "/rules/0/require" in str(info.value)
    with pytest.raises(tuoyu.RulebookError):
        tuoyu.rulebook("no-such-book")


def test_explain_a_facility_finding():
    ds = tuoyu.Dataset.from_dict(small_obj())
    e = tuoyu.rulebook().explain("ZZ-REG-NOT-FILED", ds, "A3", as_of="2025-12-31")
    assert isinstance(e, tuoyu.Explanation)
    assert e.finding is True and e.applies is True and e.in_force is True and e.outcome is False
    assert e.subject == {"kind": "facility", "id": "A3"}
    assert e.as_of == dt.date(2025, 12, 31)
    assert e.require and all({"expression", "depth", "value"} <= set(s) for s in e.require)
    text = repr(e)
    assert text.startswith("<tuoyu.Explanation ZZ-REG-NOT-FILED for facility A3 as of 2025-12-31: FINDING>")
    assert "require:" in text
    ok = tuoyu.rulebook().explain("ZZ-REG-NOT-FILED", ds, "A1", as_of="2025-12-31")
    assert ok.finding is False and ok.outcome is True


def test_explain_shows_parameters_with_dates():
    obj = small_obj()
    obj["jurisdiction"]["population"] = 20000
    ds = tuoyu.Dataset.from_dict(obj)
    e = tuoyu.rulebook().explain("ZZ-CAPACITY", ds, as_of="2025-12-31")
    assert e.finding
    assert e.parameters == [{"name": "capacity_per_1000", "value": 4.5, "from": dt.date(2025, 12, 31)}]
    assert "capacity_per_1000 = 4.5 (from 2025-12-31)" in repr(e)
    early = tuoyu.rulebook().explain("ZZ-CAPACITY", ds, as_of="2024-01-01")
    assert early.parameters[0]["value"] == 2.8 and early.parameters[0]["from"] == dt.date(2022, 12, 31)
    assert early.to_dict()["rule"] == "ZZ-CAPACITY" and early["finding"] is True


def test_explain_a_year_and_errors():
    ds = tuoyu.Dataset.from_dict(small_obj())
    e = tuoyu.rulebook().explain("ZZ-MEETING-ANNUAL", ds, 2024, as_of="2025-12-31")
    assert e.finding and e.subject.get("year") == 2024
    with pytest.raises(tuoyu.InputError):
        tuoyu.rulebook().explain("ZZ-NOPE", ds, "A1", as_of="2025-12-31")
    with pytest.raises(tuoyu.InputError):
        tuoyu.rulebook().explain("ZZ-REG-NOT-FILED", ds, "NOPE", as_of="2025-12-31")
    with pytest.raises(TypeError):
        tuoyu.rulebook().explain("ZZ-REG-NOT-FILED", small_obj(), "A1", as_of="2025-12-31")


def test_lint_reports_organisation_findings():
    report = tuoyu.rulebook().lint(as_of="2025-12-31")
    rules = set(report.findings["rule"])
    assert {"ZZ-ORG-DUTY-NOT-MEMBER", "ZZ-ORG-AUTHORITY-CONFLICT"} <= rules
    assert set(report.findings["subject_kind"]) == {"organisation"}


def test_departments():
    deps = tuoyu.departments()
    assert list(deps.columns[:7]) == ["id", "name", "name_en", "aliases", "member_unit", "duties", "roster"]
    assert len(deps) == 23 and deps["id"].is_unique
    health = deps.set_index("id").loc["health"]
    assert health["name"] == "县卫生健康和体育局" and "县卫健体局" in health["aliases"]
    assert bool(health["member_unit"]) is True
    assert health["duties"] and health["roster"]
    assert "ZZ-REG-NOT-FILED" in health["rules"]
    culture = deps.set_index("id").loc["culture_tourism"]
    assert bool(culture["member_unit"]) is False and culture["duties"]  # ZZ-ORG-DUTY-NOT-MEMBER's case
