"""Datasets from pandas DataFrames laid out as json_normalize lays out the JSON form (contract 7)."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

import tuoyu
from conftest import small_obj


def frames_of(obj):
    return dict(
        jurisdiction=obj["jurisdiction"],
        townships=pd.json_normalize(obj["townships"]),
        facilities=pd.json_normalize(obj["facilities"]),
        meetings=pd.json_normalize(obj["meetings"]),
        trainings=pd.json_normalize(obj["trainings"]),
    )


def rows(report):
    f = report.findings
    return sorted(zip(f["rule"], f["subject_id"]))


def test_sample_frames_give_the_same_report_as_the_json(frames, sample_path):
    from_frames = tuoyu.Dataset(**frames)
    from_json = tuoyu.Dataset.from_json(sample_path)
    for as_of in ("2023-06-30", "2025-12-31", "2026-12-31"):
        assert tuoyu.check(from_frames, as_of=as_of).to_json() == tuoyu.check(from_json, as_of=as_of).to_json()


def test_json_normalize_layout_is_what_we_read(frames):
    f = frames["facilities"]
    # What json_normalize really produces for the sample: dotted columns, floats with NaN, lists.
    assert {"registration.authority", "registration.date", "filing.authority", "enrolled_age_months.min"} <= set(f.columns)
    assert f["enrolled"].dtype == np.float64 and f["enrolled"].isna().any()
    assert isinstance(f["care_modes"].dropna().iloc[0], list)


def test_null_registration_gives_a_bare_null_column():
    obj = small_obj()
    frame = pd.json_normalize(obj["facilities"])
    # json_normalize leaves a bare 'registration'/'filing' column for the null objects: accepted.
    assert "registration" in frame.columns and "filing" in frame.columns
    ds = tuoyu.Dataset(**{**frames_of(obj), "facilities": frame})
    found = rows(tuoyu.check(ds, as_of="2025-12-31"))
    assert ("ZZ-REG-UNREGISTERED", "A2") in found
    assert ("ZZ-REG-NOT-FILED", "A3") in found
    assert ("ZZ-KG-AGE", "A4") in found
    assert ("ZZ-REG-UNREGISTERED", "A1") not in found


def test_no_registration_columns_at_all_means_unregistered():
    obj = small_obj()
    frame = pd.json_normalize(obj["facilities"]).drop(columns=[c for c in pd.json_normalize(obj["facilities"]).columns
                                                                if c.startswith(("registration", "filing"))])
    ds = tuoyu.Dataset(**{**frames_of(obj), "facilities": frame})
    found = rows(tuoyu.check(ds, as_of="2025-12-31"))
    assert [r for r in found if r[0] == "ZZ-REG-UNREGISTERED"] == [("ZZ-REG-UNREGISTERED", f"A{i}") for i in range(1, 5)]


def test_dates_as_strings_dates_timestamps_and_datetime64():
    obj = small_obj()
    base = frames_of(obj)
    expected = tuoyu.check(tuoyu.Dataset(**base), as_of="2025-12-31").to_json()
    f = base["facilities"].copy()
    as_dates = f.copy()
    as_dates["registration.date"] = [None if pd.isna(x) else dt.date.fromisoformat(x) for x in f["registration.date"]]
    as_dates["opened"] = [None if pd.isna(x) else pd.Timestamp(x) for x in f["opened"]]
    as_datetime64 = f.copy()
    as_datetime64["filing.date"] = pd.to_datetime(f["filing.date"])  # datetime64 with NaT
    assert as_datetime64["filing.date"].dtype.kind == "M" and as_datetime64["filing.date"].isna().any()
    meetings = base["meetings"].copy()
    meetings["date"] = pd.to_datetime(meetings["date"])
    for facilities in (as_dates, as_datetime64):
        ds = tuoyu.Dataset(**{**base, "facilities": facilities, "meetings": meetings})
        assert tuoyu.check(ds, as_of="2025-12-31").to_json() == expected


def test_integer_fields_from_float_int_and_nullable_columns():
    obj = small_obj()
    base = frames_of(obj)
    expected = tuoyu.check(tuoyu.Dataset(**base), as_of="2025-12-31").to_json()
    f = base["facilities"].copy()
    assert f["enrolled"].dtype == np.float64  # NaN for the facilities that give none
    f["capacity"] = f["capacity"].astype("Int64")
    f["enrolled"] = f["enrolled"].astype("Int64")
    t = base["townships"].copy()
    t["population"] = t["population"].astype(np.float64)
    ds = tuoyu.Dataset(**{**base, "facilities": f, "townships": t})
    assert tuoyu.check(ds, as_of="2025-12-31").to_json() == expected
    assert ds.to_dict()["facilities"][0]["capacity"] == 40
    assert "enrolled" not in ds.to_dict()["facilities"][1]


def test_pandas_string_and_category_columns():
    obj = small_obj()
    base = frames_of(obj)
    expected = tuoyu.check(tuoyu.Dataset(**base), as_of="2025-12-31").to_json()
    f = base["facilities"].copy()
    f["id"] = f["id"].astype("string")
    f["kind"] = f["kind"].astype("category")
    ds = tuoyu.Dataset(**{**base, "facilities": f})
    assert tuoyu.check(ds, as_of="2025-12-31").to_json() == expected
    # Missing cells as each dtype gives them (pandas.NA, NaN) are missing fields, not strings.
    gaps = [c for c in base["facilities"].columns
            if base["facilities"][c].isna().any() and base["facilities"][c].dropna().map(lambda v: isinstance(v, str)).all()]
    assert gaps
    for dtype in ("string", "category", object):  # and as read: pandas 3 infers its "str" dtype
        g = base["facilities"].copy()
        for c in gaps:
            g[c] = g[c].astype(dtype)
        ds = tuoyu.Dataset(**{**base, "facilities": g})
        assert tuoyu.check(ds, as_of="2025-12-31").to_json() == expected, dtype
        assert ds.to_dict() == tuoyu.Dataset(**base).to_dict(), dtype


def test_lists_of_dicts_and_frames_mix():
    obj = small_obj()
    ds = tuoyu.Dataset(jurisdiction=obj["jurisdiction"], townships=obj["townships"],
                       facilities=pd.json_normalize(obj["facilities"]), meetings=obj["meetings"])
    assert "4 facilities, 1 meetings, 0 trainings" in repr(ds)


def expect_input_error(frame_changes, id, message, column=None, row=None, table="facilities"):
    obj = small_obj()
    base = frames_of(obj)
    frame = base[table].copy()
    frame = frame_changes(frame)
    with pytest.raises(tuoyu.InputError) as info:
        tuoyu.Dataset(**{**base, table: frame})
    e = info.value
    assert isinstance(e, ValueError)
    assert e.id == id
    assert str(e) == message
    assert (e.table, e.column_name, e.row) == (table, column, row)
    assert e.pointer is None
    return e


def test_unknown_enum_names_column_and_row():
    def change(f):
        f.loc[3, "legal_form"] = "llc"
        return f
    expect_input_error(change, "tuoyu.input.104",
                       "[tuoyu.input.104] facilities column 'legal_form' row 3: unknown value \"llc\" "
                       "(expected enterprise, social_org, public_institution)", "legal_form", 3)


def test_wrong_dtype_names_column_and_row():
    def strings(f):
        f["capacity"] = f["capacity"].astype(str)
        return f
    e = expect_input_error(strings, "tuoyu.input.103",
                           "[tuoyu.input.103] facilities column 'capacity' row 0: expected an integer, got a string",
                           "capacity", 0)
    assert e.detail.startswith("facilities column 'capacity' row 0")

    def fractional(f):
        f["capacity"] = f["capacity"].astype(float)
        f.loc[2, "capacity"] = 2.5
        return f
    with pytest.raises(tuoyu.InputError, match=r"facilities column 'capacity' row 2: ") as info:
        tuoyu.Dataset(**{**frames_of(small_obj()), "facilities": fractional(pd.json_normalize(small_obj()["facilities"]))})
    assert info.value.row == 2


def test_missing_required_column():
    expect_input_error(lambda f: f.drop(columns=["status"]), "tuoyu.input.111",
                       "[tuoyu.input.111] facilities column 'status': missing required column (columns present: "
                       + ", ".join(sorted(c for c in pd.json_normalize(small_obj()["facilities"]).columns if c != "status"))
                       + ")", "status", None)
    expect_input_error(lambda t: t.drop(columns=["population"]), "tuoyu.input.111",
                       "[tuoyu.input.111] townships column 'population': missing required column "
                       "(columns present: id, name)", "population", None, table="townships")


def test_missing_required_cell():
    def change(f):
        f.loc[1, "name"] = None
        return f
    expect_input_error(change, "tuoyu.input.111",
                       "[tuoyu.input.111] facilities column 'name' row 1: missing required field \"name\"", "name", 1)


def test_nested_column_errors():
    def authority(f):
        f.loc[0, "registration.authority"] = "县不存在局"
        return f
    e = expect_input_error(authority, "tuoyu.input.109", _message_of(authority), "registration.authority", 0)
    assert "县不存在局" in str(e)

    def care_mode(f):
        f.at[0, "care_modes"] = ["full_day", "overnight"]
        return f
    e = expect_input_error(care_mode, "tuoyu.input.104", _message_of(care_mode), "care_modes", 0)
    assert "item 1" in str(e) and '"overnight"' in str(e)


def _message_of(change):
    obj = small_obj()
    base = frames_of(obj)
    try:
        tuoyu.Dataset(**{**base, "facilities": change(base["facilities"].copy())})
    except tuoyu.InputError as e:
        return str(e)
    raise AssertionError("expected an InputError")


def test_cross_record_errors_name_rows():
    def duplicate(f):
        f.loc[2, "id"] = "A1"
        return f
    e = expect_input_error(duplicate, "tuoyu.input.107", _message_of(duplicate), "id", 2)
    assert "(first at row 0)" in str(e)

    def township(f):
        f.loc[1, "township"] = "T9"
        return f
    expect_input_error(township, "tuoyu.input.108", _message_of(township), "township", 1)


def test_an_infinite_number_in_an_unknown_column_is_refused():
    # Unknown columns are kept and written back, and JSON has no spelling for infinity.
    def infinite(f):
        f["score"] = 1.0
        f.loc[1, "score"] = np.inf
        return f
    e = expect_input_error(infinite, "tuoyu.input.105", _message_of(infinite), "score", 1)
    assert "not a finite double" in str(e)


def test_time_of_day_is_not_a_date():
    def stamp(f):
        f["opened"] = pd.to_datetime(f["opened"])
        f.loc[0, "opened"] = pd.Timestamp("2021-09-01 08:30")
        return f
    e = expect_input_error(stamp, "tuoyu.input.110", _message_of(stamp), "opened", 0)
    assert "time of day" in str(e)

    def bad_string(f):
        f.loc[0, "opened"] = "2021-02-30"
        return f
    expect_input_error(bad_string, "tuoyu.input.110", _message_of(bad_string), "opened", 0)


def test_non_string_column_names_and_wrong_table_types():
    obj = small_obj()
    base = frames_of(obj)
    f = base["facilities"].copy()
    f[7] = 1
    with pytest.raises(TypeError, match="column names must be strings"):
        tuoyu.Dataset(**{**base, "facilities": f})
    with pytest.raises(TypeError, match="expected a pandas.DataFrame or a list of dicts"):
        tuoyu.Dataset(**{**base, "facilities": "facilities.csv"})
    with pytest.raises(TypeError, match="needs jurisdiction, townships and facilities"):
        tuoyu.Dataset(jurisdiction=obj["jurisdiction"], townships=base["townships"])


def test_empty_facilities_frame_is_allowed():
    obj = small_obj()
    ds = tuoyu.Dataset(jurisdiction=obj["jurisdiction"], townships=pd.json_normalize(obj["townships"]),
                       facilities=pd.DataFrame())
    report = tuoyu.check(ds, as_of="2025-12-31")
    assert report.metrics["counted_capacity"] == 0
    assert ("ZZ-COVERAGE", "T1") in rows(report)


def test_jurisdiction_errors_keep_their_pointer():
    obj = small_obj()
    base = frames_of(obj)
    with pytest.raises(tuoyu.InputError) as info:
        tuoyu.Dataset(**{**base, "jurisdiction": {"id": "j", "name": "x", "population": 0}})
    assert info.value.id == "tuoyu.input.106" and info.value.pointer == "/jurisdiction/population"


def test_extra_top_level_keys_and_unknown_columns_are_kept():
    obj = small_obj()
    base = frames_of(obj)
    f = base["facilities"].copy()
    f["inspection.score"] = [4.5, None, 3.0, None]  # an unknown nested field
    ds = tuoyu.Dataset(**{**base, "facilities": f}, source="survey 2025")
    out = ds.to_dict()
    assert out["source"] == "survey 2025"
    assert out["facilities"][0]["inspection"] == {"score": 4.5}
    assert "inspection" not in out["facilities"][1]


def test_columns_from_a_filtered_frame_use_positions():
    obj = small_obj()
    base = frames_of(obj)
    f = base["facilities"].iloc[[3, 2, 1, 0]]  # index labels 3, 2, 1, 0; not contiguous in memory order
    f = f.copy()
    f.loc[0, "kind"] = "crèche"  # label 0 is position 3
    with pytest.raises(tuoyu.InputError) as info:
        tuoyu.Dataset(**{**base, "facilities": f})
    assert info.value.row == 3 and info.value.column_name == "kind"
    strided = pd.DataFrame({c: base["facilities"][c] for c in base["facilities"].columns}).iloc[::-1]
    ds = tuoyu.Dataset(**{**base, "facilities": strided})
    assert [x["id"] for x in ds.to_dict()["facilities"]] == ["A4", "A3", "A2", "A1"]


def test_strided_columns_are_read_in_place():
    obj = small_obj()
    frames = frames_of(obj)
    base = frames["facilities"]
    # Columns that are strided views of one 2-d row-major array, as json_normalize leaves its string
    # columns: the core follows the strides instead of being handed a copy.
    block = np.ascontiguousarray(base.to_numpy(dtype=object))  # rows × columns, row-major
    columns = [(name, "O", block[:, j]) for j, name in enumerate(base.columns)]
    assert all(not a.flags.c_contiguous and a.strides[0] == 8 * len(base.columns) for _, _, a in columns)
    tables = {name: tuoyu._dataset._table(name, frames[name]) for name in ("townships", "meetings", "trainings")}
    tables["facilities"] = (len(base), columns)
    ds = tuoyu._core.Dataset.from_tables(dict(obj["jurisdiction"]), tables, {})
    assert tuoyu.Dataset(ds).to_dict() == tuoyu.Dataset(**frames).to_dict()


def test_conflicting_nested_columns_are_an_input_error():
    obj = small_obj()
    base = frames_of(obj)
    f = base["facilities"].copy()
    f["registration"] = ["yes", None, None, None]  # a bare column with a value next to registration.*
    with pytest.raises(tuoyu.InputError) as info:
        tuoyu.Dataset(**{**base, "facilities": f})
    assert info.value.id == "tuoyu.input.103" and info.value.row == 0
