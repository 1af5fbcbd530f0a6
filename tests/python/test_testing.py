"""tuoyu.testing.run_cases and the pytest plugin for *.cases.json files."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import tuoyu
import tuoyu.testing

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "data" / "cases"


def test_run_cases_passing_folder():
    run = tuoyu.testing.run_cases(CASES / "pass")
    assert [r.name for r in run.results] == ["the contract example at 2025-12-31", "registered but not filed"]
    assert run.failed == []
    first = run.results[0]
    assert first.passed and first.missing == [] and first.unexpected == []
    assert first.exact and first.as_of == "2025-12-31" and first.pointer == "/cases/0"
    assert {f["rule"] for f in first.report["findings"]} == {"ZZ-CAPACITY", "ZZ-DEMO", "ZZ-MEETING-ANNUAL",
                                                             "ZZ-TRAINING-ANNUAL"}
    assert run.coverage[0].rulebook == "zezhou-2022"
    assert len(run.coverage[0].rules) == 14
    assert 0 < run.coverage[0].percent < 100


def test_run_cases_reports_differences():
    run = tuoyu.testing.run_cases(CASES / "fail" / "mixed.cases.json")
    assert len(run.passed) == 1 and len(run.failed) == 3
    missing = run.results[1]
    assert missing.missing == [{"rule": "ZZ-REG-NOT-FILED", "subject": "F001",
                                "reason": "the rule holds (its `require` is true)"}]
    exact = run.results[2]
    assert [u["rule"] for u in exact.unexpected] == ["ZZ-DEMO", "ZZ-MEETING-ANNUAL", "ZZ-TRAINING-ANNUAL"]
    assert "+ unexpected: ZZ-DEMO zezhou: " in exact.difference
    absent = run.results[3]
    assert absent.unexpected[0]["listed_absent"] is True
    assert "demonstration" in absent.unexpected[0]["message"]["en"]


def test_run_cases_rulebook_override_and_all_builtin_cases():
    run = tuoyu.testing.run_cases(ROOT / "tests" / "rules", rulebook="zezhou-2022")
    assert len(run.results) >= 125 and run.failed == []
    assert all(r.covered for r in run.coverage[0].rules)


def test_malformed_case_files_raise_with_place():
    with pytest.raises(tuoyu.InputError) as e:
        tuoyu.testing.run_cases(CASES / "bad" / "dataset.cases.json")
    assert "tuoyu.input.104" in str(e.value)
    assert "/cases/1/dataset/facilities/0/kind" in str(e.value)
    with pytest.raises(tuoyu.InputError, match=r"tuoyu.input.101.*syntax.cases.json:3:"):
        tuoyu.testing.run_cases(CASES / "bad" / "syntax.cases.json")
    with pytest.raises(tuoyu.Error, match="tuoyu.io.001"):
        tuoyu.testing.run_cases(CASES / "nowhere")


def test_plugin_collects_one_item_per_case(pytester):
    shutil.copytree(CASES / "pass", pytester.path / "pass")
    shutil.copy(CASES / "fail" / "mixed.cases.json", pytester.path / "mixed.cases.json")
    shutil.copytree(ROOT / "tests" / "data" / "dataset", pytester.path / "dataset")
    # the fixtures name ../../dataset/…: rewrite to where the copy is
    for f in list(pytester.path.glob("*.cases.json")) + list((pytester.path / "pass").glob("*.cases.json")):
        depth = "" if f.parent == pytester.path else "../"
        f.write_text(f.read_text(encoding="utf-8").replace("../../dataset/", depth + "dataset/"), encoding="utf-8")
    result = pytester.runpytest("-p", "tuoyu.pytest_plugin", "-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=3, failed=3)
    result.stdout.fnmatch_lines([
        "*mixed.cases.json::passes: the capacity target is missed PASSED*",
        "*mixed.cases.json::fails: an expected finding is missing FAILED*",
    ])
    result.stdout.fnmatch_lines(["*- missing: ZZ-REG-NOT-FILED F001: the rule holds*"])
    result.stdout.fnmatch_lines(["*+ unexpected (listed in absent): ZZ-DEMO zezhou: *"])


def test_plugin_reports_malformed_file_as_collection_error(pytester):
    shutil.copy(CASES / "bad" / "unknown-key.cases.json", pytester.path / "bad.cases.json")
    result = pytester.runpytest("-p", "tuoyu.pytest_plugin", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*tuoyu.input.130*bad.cases.json: /cases/0/absnet: unknown key*"])
    assert result.ret == pytest.ExitCode.INTERRUPTED
