"""The bad-input corpus (tests/bad-input/) through the Python package: every dataset and rulebook there
is refused with a tuoyu.Error carrying the id and place that expected.json gives."""
from __future__ import annotations

import json
import pathlib

import pytest

import tuoyu

ROOT = pathlib.Path(__file__).resolve().parents[2]
BAD_INPUT = ROOT / "tests" / "bad-input"
EXPECTED = json.loads((BAD_INPUT / "expected.json").read_text(encoding="utf-8"))


def entries(folder: str) -> list[str]:
    return sorted(name for name in EXPECTED if name.startswith(folder + "/"))


def place(error: tuoyu.Error) -> str:
    if error.pointer:
        return error.pointer
    if error.line:
        return f"{error.line}:{error.column}"
    return ""


@pytest.mark.parametrize("name", entries("datasets"))
def test_dataset_file(name):
    path = BAD_INPUT / name
    with pytest.raises(tuoyu.Error) as caught:
        tuoyu.Dataset.from_json(path)
    assert caught.value.id == EXPECTED[name]["id"]
    assert place(caught.value) == EXPECTED[name]["where"]
    assert caught.value.file == str(path)
    if caught.value.id.startswith("tuoyu.input."):
        assert isinstance(caught.value, tuoyu.InputError) and isinstance(caught.value, ValueError)
    assert caught.value.id in str(caught.value)


@pytest.mark.parametrize("name", entries("rulebooks"))
def test_rulebook_file(name):
    path = BAD_INPUT / name
    with pytest.raises(tuoyu.RulebookError) as caught:
        tuoyu.load_rulebook(path)
    assert caught.value.id == EXPECTED[name]["id"]
    assert place(caught.value) == EXPECTED[name]["where"]
    assert caught.value.file == str(path)


@pytest.mark.parametrize("name", entries("cases"))
def test_case_file(name):
    from tuoyu import testing

    expected = EXPECTED[name]
    with pytest.raises(tuoyu.Error) as caught:
        testing.run_cases([BAD_INPUT / name])
    assert caught.value.id == expected["id"]
    assert place(caught.value) == expected["where"]
    assert caught.value.file == str(BAD_INPUT / expected.get("file", name))


def test_valid_references_load():
    assert len(tuoyu.Dataset.from_json(BAD_INPUT / "valid-dataset.json").to_dict()["facilities"]) == 2
    tuoyu.load_rulebook(BAD_INPUT / "valid-rulebook.json")


def test_deep_nesting_from_text():
    with pytest.raises(tuoyu.InputError) as caught:
        tuoyu.Dataset.from_json_text("[" * 200_000 + "]" * 200_000)
    assert caught.value.id == "tuoyu.input.112"
    assert (caught.value.line, caught.value.column) == (1, 65)
