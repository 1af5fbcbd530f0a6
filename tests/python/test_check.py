"""tuoyu.check(): findings, metrics and the JSON of contract section 3."""
import datetime as dt
import json
import os
import pathlib
import subprocess

import pandas as pd
import pytest

import tuoyu
from conftest import ROOT, small_obj

CONTRACT_COLUMNS = ["rule", "severity", "subject_kind", "subject_id", "clause", "responsible", "action",
                    "message_zh", "message_en"]


@pytest.fixture(scope="module")
def sample():
    return tuoyu.Dataset.from_json(ROOT / "examples" / "data" / "zezhou-sample.json")


def test_findings_frame(sample):
    report = tuoyu.check(sample, as_of="2025-12-31")
    f = report.findings
    assert list(f.columns[:9]) == CONTRACT_COLUMNS
    assert {"evidence", "year"} <= set(f.columns)
    assert len(f) == len(report) == sum(report.summary.values())
    assert set(f["severity"]) <= {"error", "warning", "info"}
    assert set(f["subject_kind"]) <= {"facility", "township", "jurisdiction"}
    for _, row in f.iterrows():  # every finding carries clause, departments and evidence
        assert row["clause"] and row["responsible"] and isinstance(row["evidence"], dict)
        assert row["message_zh"] and row["message_en"]
    # contract order: rule id, then subject kind, then subject id
    keys = list(zip(f["rule"], f["subject_kind"], f["subject_id"], f["year"].fillna(0)))
    assert keys == sorted(keys)
    years = f[f["rule"] == "ZZ-MEETING-ANNUAL"]
    assert list(years["year"]) == [2024] and list(years["subject_kind"]) == ["jurisdiction"]


def test_findings_match_the_json(sample):
    report = tuoyu.check(sample, as_of="2025-12-31")
    doc = json.loads(report.to_json())
    assert set(doc) == {"tuoyu_version", "rulebook", "as_of", "summary", "metrics", "findings"}
    assert doc["as_of"] == "2025-12-31" and doc["rulebook"]["id"] == "zezhou-2022"
    assert doc["summary"] == report.summary
    assert doc["metrics"] == report.metrics
    f = report.findings
    assert len(doc["findings"]) == len(f)
    for (_, row), j in zip(f.iterrows(), doc["findings"]):
        assert (row["rule"], row["subject_kind"], row["subject_id"]) == (j["rule"], j["subject"]["kind"], j["subject"]["id"])
        assert row["responsible"] == j["responsible"] and row["evidence"] == j["evidence"]
        assert row["message_zh"] == j["message"]["zh"]
        assert (None if pd.isna(row["action"]) else row["action"]) == j.get("action")


def test_metrics(sample):
    m = tuoyu.check(sample, as_of="2025-12-31").metrics
    assert m["population"] == 480000
    assert m["capacity_per_1000"] == m["counted_capacity"] * 1000 / m["population"]
    assert sum(t["counted_capacity"] for t in m["townships"]) == m["counted_capacity"]
    assert m["capacity_target"] == {"value": 4.5, "from": "2025-12-31"}
    assert tuoyu.check(sample, as_of="2025-12-30").metrics["capacity_target"] == {"value": 2.8, "from": "2022-12-31"}


def test_to_json_is_what_the_cli_prints(sample_path):
    cli = os.environ.get("TUOYU_CLI")
    if not cli:
        pytest.skip("TUOYU_CLI not set (ctest sets it)")
    out = subprocess.run([cli, "check", "--format", "json", "--as-of", "2025-12-31", str(sample_path)],
                         capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 1, out.stderr
    report = tuoyu.check(tuoyu.Dataset.from_json(sample_path), as_of="2025-12-31")
    assert json.loads(report.to_json()) == json.loads(out.stdout)


def test_as_of_forms_agree(sample):
    expected = tuoyu.check(sample, as_of="2025-12-31")
    for as_of in (dt.date(2025, 12, 31), pd.Timestamp("2025-12-31"), dt.datetime(2025, 12, 31)):
        assert tuoyu.check(sample, as_of=as_of).to_json() == expected.to_json()
    assert tuoyu.check(sample).as_of == dt.date.today().isoformat()


def test_bad_as_of(sample):
    with pytest.raises(tuoyu.InputError) as info:
        tuoyu.check(sample, as_of="2025-13-01")
    assert info.value.id == "tuoyu.input.110"
    with pytest.raises(ValueError, match="time of day"):
        tuoyu.check(sample, as_of=pd.Timestamp("2025-12-31 12:00"))
    with pytest.raises(ValueError, match="NaT"):
        tuoyu.check(sample, as_of=pd.NaT)
    with pytest.raises(TypeError):
        tuoyu.check(sample, as_of=20251231)


def test_before_the_issue_date_nothing_applies(sample):
    report = tuoyu.check(sample, as_of="2022-12-30")
    assert len(report) == 0 and report.findings.empty
    assert list(report.findings.columns[:9]) == CONTRACT_COLUMNS


def test_target_changes_with_as_of():
    ds = tuoyu.Dataset.from_dict(small_obj())  # 55 counted places for 10,000 residents: 5.5 per 1,000
    assert "ZZ-CAPACITY" not in set(tuoyu.check(ds, as_of="2025-12-31").findings["rule"])
    obj = small_obj()
    obj["jurisdiction"]["population"] = 20000  # 2.75 per 1,000: under 2.8 and under 4.5
    ds = tuoyu.Dataset.from_dict(obj)
    for as_of in ("2023-01-01", "2025-12-31"):
        assert "ZZ-CAPACITY" in set(tuoyu.check(ds, as_of=as_of).findings["rule"])


def test_rulebook_argument_forms(sample):
    expected = tuoyu.check(sample, as_of="2025-12-31").to_json()
    path = ROOT / "rules" / "zezhou-2022.json"
    assert tuoyu.check(sample, as_of="2025-12-31", rulebook=tuoyu.rulebook("zezhou-2022")).to_json() == expected
    by_path = json.loads(tuoyu.check(sample, as_of="2025-12-31", rulebook=path).to_json())
    assert by_path["findings"] == json.loads(expected)["findings"]
    assert tuoyu.check(sample, as_of="2025-12-31", rulebook=str(path)).summary == json.loads(expected)["summary"]
    with pytest.raises(TypeError):
        tuoyu.check(sample, as_of="2025-12-31", rulebook=42)
    with pytest.raises(TypeError):
        tuoyu.check({"jurisdiction": {}}, as_of="2025-12-31")


def test_threads_give_identical_reports(sample):
    one = tuoyu.check(sample, as_of="2025-12-31", threads=1)
    for threads in (0, 2, 4):
        assert tuoyu.check(sample, as_of="2025-12-31", threads=threads) == one
    with pytest.raises(ValueError):
        tuoyu.check(sample, as_of="2025-12-31", threads=-1)
