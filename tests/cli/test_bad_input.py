"""The bad-input corpus through the command line: each file is refused with exit 2, an empty stdout and
exactly one stderr line naming the file, the place (JSON pointer or line:column) and the error id."""
import json
import shutil

import pytest

from conftest import BAD_INPUT, assert_input_error

EXPECTED = json.loads((BAD_INPUT / "expected.json").read_text())
AS_OF = "2025-12-31"


def entries(folder):
    return sorted(name for name in EXPECTED if name.startswith(folder + "/"))


@pytest.mark.parametrize("name", entries("datasets"))
def test_dataset(run, name):
    path = BAD_INPUT / name
    expected = EXPECTED[name]
    result = run("check", "--as-of", AS_OF, "--format", "json", path)
    assert_input_error(result, path, expected["where"], expected["id"])


@pytest.mark.parametrize("name", entries("datasets"))
def test_dataset_on_stdin(run, name):
    expected = EXPECTED[name]
    result = run("check", "--as-of", AS_OF, "-", stdin=(BAD_INPUT / name).read_bytes())
    assert_input_error(result, "<stdin>", expected["where"], expected["id"])


@pytest.mark.parametrize("name", entries("rulebooks"))
def test_rulebook(run, name):
    path = BAD_INPUT / name
    expected = EXPECTED[name]
    result = run("check", "--as-of", AS_OF, "--rulebook", path, BAD_INPUT / "valid-dataset.json")
    assert_input_error(result, path, expected["where"], expected["id"])


@pytest.fixture(scope="module")
def has_test_command(tuoyu_cli):
    import subprocess

    probe = subprocess.run([tuoyu_cli, "test", str(BAD_INPUT / "cases" / "empty.cases.json")], capture_output=True)
    return b"not available" not in probe.stderr


@pytest.mark.parametrize("name", entries("cases"))
def test_case_file(run, name, has_test_command):
    if not has_test_command:
        pytest.skip("`tuoyu test` is not in this build yet (the rule-testing toolkit)")
    path = BAD_INPUT / name
    expected = EXPECTED[name]
    result = run("test", path)
    named = BAD_INPUT / expected.get("file", name)
    assert_input_error(result, named, expected["where"] or None, expected["id"])


def test_valid_references_pass(run):
    result = run("check", "--as-of", AS_OF, "--fail-on", "never", "--rulebook", BAD_INPUT / "valid-rulebook.json",
                 BAD_INPUT / "valid-dataset.json")
    assert result.code == 0, result
    assert result.stderr == b"", result


@pytest.mark.parametrize("opening,closing", [("[", "]"), ('{"a":', "}")])
def test_200000_deep_nesting(run, tmp_path, opening, closing):
    depth = 200_000
    path = tmp_path / "deep.json"
    path.write_text(opening * depth + "1" * (opening == '{"a":') + closing * depth)
    column = 65 if opening == "[" else 5 * 64 + 1  # the first opening past the default depth of 64
    assert_input_error(run("check", "--as-of", AS_OF, path), path, f":1:{column}:", "tuoyu.input.112")
    # The same refusal for a rulebook, and on standard input.
    assert_input_error(run("check", "--as-of", AS_OF, "--rulebook", path, BAD_INPUT / "valid-dataset.json"),
                       path, f":1:{column}:", "tuoyu.rulebook.201")
    assert_input_error(run("check", "--as-of", AS_OF, "-", stdin=path.read_bytes()), "<stdin>", None,
                       "tuoyu.input.112")
    # Raising --max-depth as far as the CLI allows still refuses it, without exhausting the stack.
    result = run("check", "--as-of", AS_OF, "--max-depth", "1000", path)
    assert_input_error(result, path, None, "tuoyu.input.112")


def test_corpus_file_copied_elsewhere_is_named_as_given(run, tmp_path):
    copy = tmp_path / "县数据 2025.json"
    shutil.copy(BAD_INPUT / "datasets" / "unknown-township.json", copy)
    assert_input_error(run("check", "--as-of", AS_OF, copy), copy, "/facilities/1/township", "tuoyu.input.108")
