"""The tuoyu command line: every subcommand, format and exit code (contract section 1).

Drives the built binary named by TUOYU_BIN on the bundled sample dataset and small inline datasets.
"""
import csv
import datetime
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

TUOYU = os.environ.get("TUOYU_BIN", "tuoyu")
ROOT = Path(os.environ.get("TUOYU_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SAMPLE = str(ROOT / "examples" / "data" / "zezhou-sample.json")
CONTRACT_RULES = [
    "ZZ-CAPACITY", "ZZ-DEMO", "ZZ-COVERAGE", "ZZ-REG-UNREGISTERED", "ZZ-REG-NOT-FILED", "ZZ-REG-SCOPE",
    "ZZ-REG-AUTHORITY", "ZZ-FILING-AUTHORITY", "ZZ-FILING-ORDER", "ZZ-WELFARE-NONPROFIT", "ZZ-KG-AGE",
    "ZZ-UTILITY-PRICE", "ZZ-MEETING-ANNUAL", "ZZ-TRAINING-ANNUAL",
]


def run(*args, stdin=None):
    return subprocess.run([TUOYU, *args], input=stdin, capture_output=True, text=True, timeout=120)


def check_json(*args):
    result = run("check", "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == ""
    return result, json.loads(result.stdout)


def tiny_dataset(**facility_overrides):
    facility = {
        "id": "F1", "name": "小苗托育", "township": "T1", "kind": "nursery", "legal_form": "enterprise",
        "status": "operating", "capacity": 50,
        "registration": {"authority": "县行政审批服务管理局", "date": "2021-01-01", "scope_includes_childcare": True},
        "filing": {"authority": "县卫健体局", "date": "2021-02-01"},
        "demonstration": True,
    }
    facility.update(facility_overrides)
    return {
        "jurisdiction": {"id": "J", "name": "测试县", "population": 10000},
        "townships": [{"id": "T1", "name": "甲镇", "population": 10000}],
        "facilities": [facility],
        "meetings": [{"date": f"{y}-05-01", "kind": "plenary"} for y in range(2023, 2027)],
        "trainings": [{"date": f"{y}-05-01", "health_exam": True} for y in range(2023, 2027)],
    }


def write(tmp_path, name, obj):
    path = tmp_path / name
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return str(path)


# --- check -------------------------------------------------------------------------------------


def test_check_json_is_the_contract_report():
    result, report = check_json("--as-of", "2025-12-31", SAMPLE)
    assert result.returncode == 1  # the sample has errors; default --fail-on error
    assert list(report) == ["tuoyu_version", "rulebook", "as_of", "summary", "metrics", "findings"]
    assert report["rulebook"]["id"] == "zezhou-2022"
    assert report["as_of"] == "2025-12-31"
    counts = {s: sum(f["severity"] == s for f in report["findings"]) for s in ("error", "warning", "info")}
    assert report["summary"] == counts
    m = report["metrics"]
    assert m["capacity_per_1000"] == pytest.approx(m["counted_capacity"] * 1000 / m["population"], rel=0, abs=0)
    assert {t["id"] for t in m["townships"]} >= {"T01", "T17"}
    kinds = {"facility", "township", "jurisdiction", "organisation"}
    for f in report["findings"]:
        assert f["rule"] in CONTRACT_RULES
        assert f["severity"] in ("error", "warning", "info")
        assert f["subject"]["kind"] in kinds
        assert f["clause"] and f["responsible"] and f["message"]["zh"] and f["message"]["en"]
        assert isinstance(f["evidence"], dict) and f["evidence"]
    order = [(f["rule"], f["subject"]["kind"], f["subject"]["id"], f["subject"].get("year", 0)) for f in report["findings"]]
    assert order == sorted(order)


def test_every_rule_fires_on_the_sample_at_some_date():
    fired = set()
    for as_of in ("2022-12-31", "2023-06-30", "2024-06-30", "2025-12-31", "2026-06-30", "2027-06-30"):
        _, report = check_json("--as-of", as_of, SAMPLE)
        fired |= {f["rule"] for f in report["findings"]}
    assert fired == set(CONTRACT_RULES)


def test_nothing_is_reported_before_the_plan_is_in_force():
    result, report = check_json("--as-of", "2022-12-30", SAMPLE)
    assert result.returncode == 0
    assert report["findings"] == []
    assert report["summary"] == {"error": 0, "warning": 0, "info": 0}


def test_registration_findings_carry_action_and_departments():
    _, report = check_json("--as-of", "2025-12-31", SAMPLE)
    not_filed = [f for f in report["findings"] if f["rule"] == "ZZ-REG-NOT-FILED"]
    assert not_filed
    for f in not_filed:
        assert f["action"] == "regularize_or_ban"
        assert f["subject"]["kind"] == "facility"
        assert {"admin_approval", "health", "townships"} <= set(f["responsible"])
        assert f["evidence"]["facility.filing"] is None


def test_text_report_is_for_people():
    result = run("check", "--as-of", "2025-12-31", SAMPLE)
    assert result.returncode == 1
    out = result.stdout
    assert out.startswith("泽州县")
    assert "汇总" in out and "每千人口托位" in out and "目标 4.5" in out
    assert "【县卫生健康和体育局 (health)】" in out
    english = run("check", "--lang", "en", "--as-of", "2025-12-31", SAMPLE).stdout
    assert "Summary" in english and "County Health and Sports Bureau (health)" in english
    assert "target 4.5, from 2025-12-31: NOT met" in english


def test_csv_has_one_row_per_finding():
    _, report = check_json("--as-of", "2025-12-31", SAMPLE)
    result = run("check", "--format", "csv", "--as-of", "2025-12-31", SAMPLE)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(report["findings"])
    assert rows[0]["rule"] == report["findings"][0]["rule"]
    assert set(rows[0]) >= {"rule", "severity", "subject_kind", "subject_id", "clause", "responsible", "message_zh"}


@pytest.mark.parametrize("fail_on,expected", [("error", 1), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_thresholds(fail_on, expected):
    assert run("check", "--fail-on", fail_on, "--as-of", "2025-12-31", SAMPLE).returncode == expected


def test_fail_on_warning_only(tmp_path):
    # Only a warning: commercial utility pricing.
    path = write(tmp_path, "warn.json", tiny_dataset(utility_pricing="commercial"))
    assert run("check", "--as-of", "2026-06-30", path).returncode == 0
    assert run("check", "--fail-on", "warning", "--as-of", "2026-06-30", path).returncode == 1
    assert run("check", "--fail-on", "info", "--as-of", "2026-06-30", path).returncode == 1


def test_clean_dataset_exits_zero(tmp_path):
    path = write(tmp_path, "clean.json", tiny_dataset())
    result, report = check_json("--as-of", "2026-06-30", path)
    assert result.returncode == 0
    assert report["findings"] == []
    assert report["metrics"]["capacity_per_1000"] == 5.0


def test_output_file_and_stdin(tmp_path):
    out = tmp_path / "report.json"
    result = run("check", "--format", "json", "--output", str(out), "--as-of", "2025-12-31", SAMPLE)
    assert result.stdout == ""
    from_file = json.loads(out.read_text(encoding="utf-8"))
    sample_text = Path(SAMPLE).read_text(encoding="utf-8")
    from_stdin = json.loads(run("check", "--format", "json", "--as-of", "2025-12-31", "-", stdin=sample_text).stdout)
    assert from_file["findings"] == from_stdin["findings"]


def test_as_of_defaults_to_today():
    _, report = check_json(SAMPLE)
    assert report["as_of"] == datetime.datetime.now(datetime.timezone.utc).date().isoformat()


def test_several_rulebooks_merge(tmp_path):
    extra = {
        "tuoyu_rulebook": 1, "id": "extra", "version": "1",
        "rules": [{"id": "X-BIG", "subject": "facility", "require": "facility.capacity < 100", "clause": "一",
                   "responsible": ["health"], "severity": "info",
                   "message": {"zh": "{facility.id} 托位多", "en": "{facility.id} is large"}}],
    }
    path = write(tmp_path, "extra.rulebook.json", extra)
    _, report = check_json("--rulebook", "zezhou-2022", "--rulebook", path, "--as-of", "2025-12-31", SAMPLE)
    rules = {f["rule"] for f in report["findings"]}
    assert "X-BIG" in rules and "ZZ-CAPACITY" in rules
    assert [b["id"] for b in report["rulebooks"]] == ["zezhou-2022", "extra"]


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["check", "--as-of", "2023-02-30", SAMPLE], "tuoyu.usage.502"),
        (["check", "--format", "xml", SAMPLE], "expected text, json, csv"),
        (["check", "--bogus", SAMPLE], "unknown option --bogus"),
        (["check"], "missing DATASET"),
        (["check", "/nonexistent/data.json"], "tuoyu.io.001"),
        (["nonsense"], "unknown command"),
        (["check", "--rulebook", "/nonexistent.json", SAMPLE], "tuoyu.io.001"),
    ],
)
def test_usage_and_input_errors_exit_2_quietly(args, fragment):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_input_error_names_file_and_pointer(tmp_path):
    bad = tiny_dataset(legal_form="llc")
    path = write(tmp_path, "bad.json", bad)
    out = tmp_path / "report.txt"
    out.write_text("previous report", encoding="utf-8")
    result = run("check", "--output", str(out), path)
    assert result.returncode == 2
    assert result.stdout == ""
    line = result.stderr.strip()
    assert "[tuoyu.input.104]" in line and "bad.json" in line and "/facilities/0/legal_form" in line
    assert out.read_text(encoding="utf-8") == "previous report"  # untouched on failure


# --- explain -----------------------------------------------------------------------------------


def test_explain_text_and_json():
    result = run("explain", "--as-of", "2025-12-31", "--rule", "ZZ-CAPACITY", SAMPLE)
    assert result.returncode == 0
    assert "capacity_per_1000" in result.stdout and "=>" in result.stdout
    assert "in force from 2025-12-31" in result.stdout
    assert "FINDING" in result.stdout
    doc = json.loads(run("explain", "--format", "json", "--as-of", "2025-12-31", "--rule", "ZZ-CAPACITY", SAMPLE).stdout)
    assert doc["finding"] is True
    assert doc["parameters"] == [{"name": "capacity_per_1000", "value": 4.5, "from": "2025-12-31"}]
    assert any(step["expression"] == "capacity_per_1000" for step in doc["require"])


def test_explain_a_facility():
    _, report = check_json("--as-of", "2025-12-31", SAMPLE)
    target = next(f["subject"]["id"] for f in report["findings"] if f["rule"] == "ZZ-REG-NOT-FILED")
    doc = json.loads(run("explain", "--format", "json", "--as-of", "2025-12-31", "--rule", "ZZ-REG-NOT-FILED",
                         "--subject", target, SAMPLE).stdout)
    assert doc["subject"] == {"kind": "facility", "id": target}
    assert doc["applies"] is True and doc["finding"] is True and doc["outcome"] is False


def test_explain_errors():
    assert run("explain", "--rule", "ZZ-NOPE", SAMPLE).returncode == 2
    assert run("explain", "--rule", "ZZ-REG-NOT-FILED", "--subject", "NOPE", SAMPLE).returncode == 2
    assert run("explain", SAMPLE).returncode == 2


# --- rules, departments, lint ----------------------------------------------------------------------


def test_rules_catalogue():
    text = run("rules").stdout
    for rule in CONTRACT_RULES:
        assert rule in text
    catalogue = json.loads(run("rules", "--format", "json").stdout)
    by_id = {r["id"]: r for r in catalogue}
    assert set(CONTRACT_RULES) <= set(by_id)
    assert by_id["ZZ-UTILITY-PRICE"]["severity"] == "warning"
    assert by_id["ZZ-CAPACITY"]["clause"] == "一"
    assert all(r["clause_text"] for r in catalogue)


def test_rules_clause_table():
    clauses = json.loads(run("rules", "--clauses", "--format", "json").stdout)
    refs = [c["ref"] for c in clauses]
    for ref in ("一", "二（三）1", "三（三）", "附件1 三", "附件2"):
        assert ref in refs
    for c in clauses:
        assert c["text"]
        assert sum(k in c for k in ("rules", "organisation", "unchecked")) == 1, c["ref"]
    text = run("rules", "--clauses").stdout
    assert "rules: ZZ-CAPACITY" in text and "not checked:" in text


def test_departments():
    everything = json.loads(run("departments", "--format", "json").stdout)
    ids = {d["id"] for d in everything["departments"]}
    assert len(ids) == 23 and {"health", "admin_approval", "townships"} <= ids
    health = json.loads(run("departments", "--format", "json", "--id", "县卫健体局").stdout)
    assert health["id"] == "health"
    assert health["member_unit"] is True
    assert health["duties"][0]["number"] == "（一）"
    assert "二（三）1" in health["clauses"]
    assert any(p["name"] == "王国红" for p in health["roster"])
    overview = run("departments").stdout
    assert "召集人 convener: 县政府分管副县长" in overview and "联席会议一般每年至少召开1次全体会议" in overview
    assert "栗莎" in overview
    text = run("departments", "--id", "health").stdout
    assert "王国红" in text and "（一）" in text and "ZZ-CAPACITY" in text
    assert run("departments", "--id", "nobody").returncode == 2


def test_lint_reports_the_documents_gaps():
    result = run("lint", "--format", "json")
    assert result.returncode == 0  # only warnings and infos
    found = {(f["rule"], f["subject"]["id"]) for f in json.loads(result.stdout)["findings"]}
    assert ("ZZ-ORG-DUTY-NOT-MEMBER", "transport") in found
    assert ("ZZ-ORG-NO-ROSTER", "staffing_office") in found
    assert ("ZZ-ORG-NAME-VARIANTS", "development_reform") in found
    assert ("ZZ-ORG-AUTHORITY-CONFLICT", "civil_affairs") in found
    assert "ZZ-ORG-NO-ROSTER" in run("lint").stdout


# --- eval --------------------------------------------------------------------------------------


def test_eval():
    assert run("eval", "1 + 2 * 3").stdout == "7\n"
    assert run("eval", "x.a + 1", "--var", 'x={"a": 41}').stdout == "42\n"
    doc = json.loads(run("eval", "--format", "json", "[1, 2].map(i, i * 2)").stdout)
    assert doc == {"value": [2, 4], "type": "list(int)"}
    divide = run("eval", "1 / 0")
    assert divide.returncode == 1 and "tuoyu.eval.401" in divide.stderr
    syntax = run("eval", "1 +")
    assert syntax.returncode == 2 and "^" in syntax.stderr and "1:" in syntax.stderr
    counted = run("eval", "counted_capacity", "--dataset", SAMPLE, "--as-of", "2025-12-31")
    _, report = check_json("--as-of", "2025-12-31", SAMPLE)
    assert counted.stdout.strip() == str(report["metrics"]["counted_capacity"])


def test_help_and_version():
    assert run("--help").returncode == 0
    assert run("--version").stdout.startswith("tuoyu ")
    assert run().returncode == 2
