"""The input limits through the command line: each flag changes its limit, and exceeding it is an input
error (exit 2, one stderr line with the id and the place); --step-budget bounds rule evaluation."""
import json

import pytest

from conftest import BAD_INPUT, assert_input_error

VALID = BAD_INPUT / "valid-dataset.json"
AS_OF = "2025-12-31"


def check(run, *args, **kw):
    return run("check", "--as-of", AS_OF, "--format", "json", "--fail-on", "never", *args, **kw)


def test_defaults_accept_the_valid_dataset(run):
    assert check(run, VALID).code == 0


def test_max_bytes(run):
    size = VALID.stat().st_size
    assert check(run, "--max-bytes", size, VALID).code == 0
    assert_input_error(check(run, "--max-bytes", size - 1, VALID), VALID, None, "tuoyu.input.113")


def test_max_bytes_on_stdin(run):
    data = VALID.read_bytes()
    assert check(run, "--max-bytes", len(data), "-", stdin=data).code == 0
    assert_input_error(check(run, "--max-bytes", 100, "-", stdin=data), "<stdin>", None, "tuoyu.input.113")


def test_max_depth(run):
    # The valid dataset nests 4 deep: root, facilities, a facility, its registration.
    assert check(run, "--max-depth", 4, VALID).code == 0
    line = assert_input_error(check(run, "--max-depth", 3, VALID), VALID, None, "tuoyu.input.112")
    assert "deeper than 3" in line


def test_max_records(run):
    # 2 townships + 2 facilities + 1 meeting + 1 training.
    assert check(run, "--max-records", 6, VALID).code == 0
    assert_input_error(check(run, "--max-records", 5, VALID), VALID, None, "tuoyu.input.114")


@pytest.mark.parametrize("flag,value", [("--max-depth", "0"), ("--max-depth", "1001"), ("--max-bytes", "-1"),
                                        ("--max-records", "1e6"), ("--step-budget", ""), ("--step-budget", "x")])
def test_bad_limit_values_are_usage_errors(run, flag, value):
    result = check(run, flag, value, VALID)
    assert result.code == 2 and result.stdout == b"", result
    assert "[tuoyu.usage.501]" in result.stderr_lines[0] and flag in result.stderr_lines[0], result


def test_step_budget(run):
    # With a budget of a few steps, rules that iterate (capacity, demonstration) cannot finish: they are
    # reported as findings carrying the evaluation error, not silently passed.
    report = json.loads(check(run, "--step-budget", 3, VALID).stdout)
    errors = [f for f in report["findings"] if f["evidence"].get("error", {}).get("id") == "tuoyu.eval.405"]
    assert errors, report["findings"]
    assert all(f["clause"] and f["responsible"] for f in errors)
    full = json.loads(check(run, VALID).stdout)
    assert not any("error" in f["evidence"] for f in full["findings"])


def test_explain_takes_the_limits(run):
    assert_input_error(run("explain", "--as-of", AS_OF, "--rule", "ZZ-CAPACITY", "--max-records", 1, VALID),
                       VALID, None, "tuoyu.input.114")


def test_deepest_accepted_document_is_handled(run, tmp_path):
    # At the --max-depth ceiling an accepted dataset may carry an unknown key nested almost 1,000 deep;
    # it is kept, converted, copied and destroyed without exhausting the stack (decision 0043).
    data = json.loads(VALID.read_text())
    depth = 999
    text = json.dumps(data)[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}"
    path = tmp_path / "deep-extra.json"
    path.write_text(text)
    result = check(run, "--max-depth", 1_000, path)
    assert result.code == 0, result
    assert json.loads(result.stdout)["as_of"] == AS_OF
    assert_input_error(check(run, path), path, None, "tuoyu.input.112")
