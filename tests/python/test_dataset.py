"""Datasets from JSON files and plain Python objects; errors carry the id and the JSON pointer."""
import datetime as dt
import json

import pytest

import tuoyu
from conftest import small_obj


def test_from_json_reads_the_sample(sample_path):
    ds = tuoyu.Dataset.from_json(sample_path)
    assert "17 townships, 42 facilities, 5 meetings, 4 trainings" in repr(ds)
    assert ds.jurisdiction == {"id": "zezhou", "name": "泽州县", "population": 480000}
    assert list(ds.townships.columns) == ["id", "name", "population"]
    assert len(ds.townships) == 17


def test_from_dict_round_trips(sample_obj):
    ds = tuoyu.Dataset.from_dict(sample_obj)
    assert ds.to_dict() == sample_obj  # unknown fields (_note) and authority spellings are kept
    assert json.loads(ds.to_json()) == sample_obj


def test_facilities_frame_reads_back(sample_obj):
    ds = tuoyu.Dataset.from_dict(sample_obj)
    frame = ds.facilities
    assert "registration.authority" in frame.columns
    again = tuoyu.Dataset(jurisdiction=ds.jurisdiction, townships=ds.townships, facilities=frame,
                          meetings=sample_obj["meetings"], trainings=sample_obj["trainings"])
    for as_of in ("2024-06-30", "2025-12-31"):
        assert tuoyu.check(again, as_of=as_of).to_json() == tuoyu.check(ds, as_of=as_of).to_json()


def test_from_dict_accepts_dates_and_nan():
    obj = small_obj()
    obj["facilities"][0]["opened"] = dt.date(2021, 9, 1)
    obj["facilities"][0]["enrolled"] = float("nan")  # missing
    ds = tuoyu.Dataset.from_dict(obj)
    f = ds.to_dict()["facilities"][0]
    assert f["opened"] == "2021-09-01"
    assert "enrolled" not in f or f["enrolled"] is None


def test_unknown_enum_names_the_pointer():
    obj = small_obj()
    obj["facilities"][3]["legal_form"] = "llc"
    with pytest.raises(tuoyu.InputError) as info:
        tuoyu.Dataset.from_dict(obj)
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, tuoyu.Error)
    assert e.id == "tuoyu.input.104"
    assert e.pointer == "/facilities/3/legal_form"
    assert str(e) == ('[tuoyu.input.104] /facilities/3/legal_form: unknown value "llc" '
                      "(expected enterprise, social_org, public_institution)")


def test_wrong_type_and_missing_field():
    obj = small_obj()
    obj["facilities"][1]["capacity"] = "twenty"
    with pytest.raises(tuoyu.InputError, match=r"^\[tuoyu\.input\.103\] /facilities/1/capacity: ") as info:
        tuoyu.Dataset.from_dict(obj)
    assert info.value.id == "tuoyu.input.103"
    obj = small_obj()
    del obj["townships"][1]["population"]
    with pytest.raises(tuoyu.InputError) as info:
        tuoyu.Dataset.from_dict(obj)
    assert info.value.id == "tuoyu.input.111" and info.value.pointer == "/townships/1/population"


def test_unconvertible_python_value_is_an_input_error():
    obj = small_obj()
    obj["facilities"][0]["name"] = object()
    with pytest.raises(tuoyu.InputError, match="cannot convert object"):
        tuoyu.Dataset.from_dict(obj)


def test_missing_file_is_a_file_error(tmp_path):
    with pytest.raises(tuoyu.FileError) as info:
        tuoyu.Dataset.from_json(tmp_path / "nope.json")
    assert isinstance(info.value, OSError) and isinstance(info.value, tuoyu.Error)
    assert info.value.id == "tuoyu.io.001"
    assert "nope.json" in str(info.value)


def test_malformed_json_names_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "jurisdiction": {,\n}', encoding="utf-8")
    with pytest.raises(tuoyu.InputError) as info:
        tuoyu.Dataset.from_json(path)
    e = info.value
    assert e.id == "tuoyu.input.101"
    assert (e.line, e.column) == (2, 20)
    assert e.file == str(path)
    assert str(e).startswith(f"[tuoyu.input.101] {path}:2:20: ")


def test_bad_date_in_dict():
    obj = small_obj()
    obj["meetings"][0]["date"] = "2023-02-30"
    with pytest.raises(tuoyu.InputError) as info:
        tuoyu.Dataset.from_dict(obj)
    assert info.value.id == "tuoyu.input.110" and info.value.pointer == "/meetings/0/date"
