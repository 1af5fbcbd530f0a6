"""The batch (columnar) path against the per-record path from Python: random facilities as
json_normalize DataFrames (absent fields as NaN, whole-number floats), dates across the rulebook's
boundaries, 1 and 3 threads; the reports must be identical."""
from __future__ import annotations

import os
import random
import signal

import pandas as pd
import pytest

import tuoyu
from tuoyu import _core

DAYS = ["2020-05-01", "2022-12-30", "2022-12-31", "2024-06-15", "2025-12-30", "2025-12-31", "2026-01-01"]
AUTHORITIES = ["admin_approval", "civil_affairs", "staffing_office", "health", "县卫健体局", "education"]
JURISDICTION = {"id": "J", "name": "县", "population": 20000}
TOWNSHIP_IDS = ["T1", "T2", "T3"]


def townships() -> pd.DataFrame:
    return pd.DataFrame([{"id": t, "name": t, "population": 5000} for t in TOWNSHIP_IDS])


def dataset_of(facilities: pd.DataFrame) -> tuoyu.Dataset:
    """The random facilities in a county of three townships."""
    return tuoyu.Dataset(jurisdiction=JURISDICTION, townships=townships(), facilities=facilities)


def random_facility(rng: random.Random, i: int) -> dict:
    f = {"id": f"F{i:05d}", "name": f"机构{i}", "township": rng.choice(TOWNSHIP_IDS),
         "kind": rng.choice(["nursery", "kindergarten_class", "employer", "community", "family"]),
         "legal_form": rng.choice(["enterprise", "social_org", "public_institution"]),
         "status": rng.choice(["operating", "operating", "suspended", "closed", "banned"]),
         "capacity": rng.randrange(200)}
    if rng.random() < 0.7:
        f["opened"] = rng.choice(DAYS)
    if rng.random() < 0.5:
        f["enrolled"] = rng.randrange(150)
    for flag in ("demonstration", "employees_only", "free_of_charge"):
        if rng.random() < 0.6:
            f[flag] = rng.random() < 0.4
    if rng.random() < 0.5:
        f["utility_pricing"] = rng.choice(["residential", "commercial"])
    if rng.random() < 0.5:
        f["enrolled_age_months"] = {k: rng.randrange(48) for k in ("min", "max") if rng.random() < 0.7} or {"min": 20}
    if rng.random() < 0.8:
        reg = {"authority": rng.choice(AUTHORITIES), "scope_includes_childcare": rng.random() < 0.85}
        if rng.random() < 0.7:
            reg["date"] = rng.choice(DAYS)
        f["registration"] = reg
    if rng.random() < 0.7:
        fil = {"authority": rng.choice(AUTHORITIES)}
        if rng.random() < 0.7:
            fil["date"] = rng.choice(DAYS)
        f["filing"] = fil
    return f


@pytest.mark.parametrize("seed", range(12))
def test_batch_equals_per_record_on_random_dataframes(seed):
    rng = random.Random(seed)
    facilities = [random_facility(rng, i) for i in range(rng.randrange(1, 400))]
    ds = dataset_of(pd.json_normalize(facilities))
    book = tuoyu.rulebook("zezhou-2022")
    for as_of in ("2022-12-30", "2024-06-15", "2025-12-31"):
        expected = _core.check(book._rb, ds._ds, as_of, 1, batch=False).to_json()
        assert '"findings"' in expected
        for threads in (1, 3):
            assert tuoyu.check(ds, as_of=as_of, threads=threads).to_json() == expected


def core_from_frames(reader, facilities: pd.DataFrame):
    from tuoyu._dataset import _table
    tables = {"townships": _table("townships", townships()), "facilities": _table("facilities", facilities),
              "meetings": None, "trainings": None}
    return reader(JURISDICTION, tables, {})


def outcome(reader, facilities: pd.DataFrame):
    """The dataset's JSON, or the error as the user sees it."""
    try:
        return core_from_frames(reader, facilities).to_json()
    except tuoyu.Error as e:
        return (type(e).__name__, str(e), getattr(e, "column_name", None), getattr(e, "row", None))


@pytest.mark.parametrize("seed", range(10))
def test_frames_read_row_by_row_equal_the_document_path(seed):
    """A facilities DataFrame is read row by row into records (no document of every row); the
    document path is the reference: the same dataset, or the same error, for random frames with
    unknown fields, nested extras and broken cells."""
    rng = random.Random(1000 + seed)
    facilities = [random_facility(rng, i) for i in range(rng.randrange(1, 300))]
    for f in facilities:
        if rng.random() < 0.1:
            f["contact"] = {"phone": "0356-1", "tags": ["a", {"b": [1, 2]}]}
        if rng.random() < 0.05 and "registration" in f:
            f["registration"]["number"] = "91140525"
    frame = pd.json_normalize(facilities, max_level=1)
    if seed % 2:  # the dtypes a notebook ends up with
        for c in ("opened", "registration.date", "filing.date"):
            if c in frame:
                frame[c] = pd.to_datetime(frame[c])
        frame["capacity"] = frame["capacity"].astype(float)
        for c in ("township", "kind", "registration.authority"):
            if c in frame:
                frame[c] = frame[c].astype("string" if seed % 4 == 1 else "category")
        frame["employees_only"] = frame.get("employees_only", pd.Series(dtype=object)).fillna(False).astype(bool)
    fast, document = _core.Dataset.from_tables, _core.Dataset.from_tables_as_document
    assert core_from_frames(fast, frame) == core_from_frames(document, frame)
    assert outcome(fast, frame) == outcome(document, frame)
    broken = [("kind", "castle"), ("capacity", -1), ("id", "F00000"), ("township", "T9"),
              ("opened", "2025-02-30"), ("registration.authority", "nobody"), ("name", 7)]
    for column, cell in rng.sample(broken, 3):
        if column == "id" and len(frame) == 1:
            continue  # no other row to repeat
        bad = frame.copy()
        if column not in bad.columns:
            bad[column] = None
        bad[column] = bad[column].astype(object)
        bad.at[rng.randrange(1, len(bad)) if len(bad) > 1 else 0, column] = cell
        assert isinstance(outcome(document, bad), tuple)
        assert outcome(fast, bad) == outcome(document, bad)


@pytest.mark.parametrize("seed", range(8))
def test_frames_read_into_columns_only_make_the_document_paths_records(seed):
    """A facilities DataFrame without unknown fields becomes columns only (decision 0072). Checks of
    it equal per-record checks of the document path's dataset, and the records made from the
    columns on demand equal that dataset's: authorities written by name and flags written as false
    come back as written. A frame with an unknown column is read into records instead; a broken
    cell gives the document path's error."""
    rng = random.Random(2000 + seed)
    facilities = [random_facility(rng, i) for i in range(rng.randrange(1, 300))]
    for f in facilities:
        if rng.random() < 0.3:
            f["inclusive"] = False
    frame = pd.json_normalize(facilities)
    if seed % 2:
        for c in ("opened", "registration.date", "filing.date"):
            if c in frame:
                frame[c] = pd.to_datetime(frame[c])
        frame["capacity"] = frame["capacity"].astype(float)
        frame["township"] = frame["township"].astype("category")
    columns = lambda *a: _core.PreparedDataset.from_tables(*a).dataset()  # noqa: E731
    prepared = core_from_frames(_core.PreparedDataset.from_tables, frame)
    document = core_from_frames(_core.Dataset.from_tables_as_document, frame)
    assert prepared.facilities_only_as_columns
    assert prepared.facility_count == document.facility_count == len(frame)
    book = tuoyu.rulebook("zezhou-2022")
    for as_of in ("2022-12-30", "2025-12-31"):
        for threads in (1, 3):
            assert _core.check(book._rb, prepared, as_of, threads).to_json() == \
                _core.check(book._rb, document, as_of, 1, batch=False).to_json()
    assert prepared.dataset() == document
    assert prepared.dataset().to_json() == document.to_json()
    # The Python Dataset makes records only when asked for them.
    ds = dataset_of(frame)
    tuoyu.check(ds, as_of="2025-12-31")
    repr(ds), ds.townships
    assert ds._records is None
    assert ds.to_dict() == document.to_object()
    assert ds._records is not None

    extra = frame.assign(staff_count=3)
    assert not core_from_frames(_core.PreparedDataset.from_tables, extra).facilities_only_as_columns
    assert outcome(columns, extra) == outcome(_core.Dataset.from_tables_as_document, extra)
    if len(frame) < 2:
        return
    # A broken cell, a repeated id, an unknown township: the document path's error, row and all.
    for column, cell in [("kind", "castle"), ("capacity", -1), ("id", "F00000"), ("township", "T9"),
                         ("opened", "2025-02-30"), ("registration.authority", "nobody"), ("name", 7)]:
        broken = frame.copy()
        if column not in broken.columns:
            broken[column] = None
        broken[column] = broken[column].astype(object)
        broken.at[len(broken) - 1, column] = cell
        assert isinstance(outcome(columns, broken), tuple)
        assert outcome(columns, broken) == outcome(_core.Dataset.from_tables_as_document, broken)


def test_care_modes_and_empty_frames_take_the_columns_path():
    """Care modes (lists, read through each row's JSON record) and a frame of no rows become
    columns only too, and make the document path's records: [] written out stays written out."""
    rng = random.Random(3)
    facilities = [random_facility(rng, i) for i in range(60)]
    for i, f in enumerate(facilities):
        f["care_modes"] = [[], ["full_day"], ["half_day", "hourly"]][i % 3]
    for frame in (pd.json_normalize(facilities), pd.json_normalize(facilities).iloc[0:0]):
        prepared = core_from_frames(_core.PreparedDataset.from_tables, frame)
        document = core_from_frames(_core.Dataset.from_tables_as_document, frame)
        assert prepared.facilities_only_as_columns
        assert prepared.dataset() == document
        book = tuoyu.rulebook("zezhou-2022")
        assert _core.check(book._rb, prepared, "2025-12-31", 2).to_json() == \
            _core.check(book._rb, document, "2025-12-31", 1, batch=False).to_json()


def test_nesting_limit_is_the_same_row_by_row():
    """A cell nested right at the document's depth limit is accepted, one level more is refused, on
    both paths (the row-by-row reader counts the document's two outer levels)."""
    def nested(levels):
        v = 1
        for _ in range(levels):
            v = [v]
        return v
    fast, document = _core.Dataset.from_tables, _core.Dataset.from_tables_as_document
    results = []
    for levels in (60, 61, 62, 63):
        frame = pd.json_normalize([random_facility(random.Random(1), 0)])
        frame["deep"] = [nested(levels)]
        results.append(outcome(document, frame))
        assert outcome(fast, frame) == results[-1]
    assert isinstance(results[0], str) and isinstance(results[-1], tuple)


def test_one_dataset_checked_at_several_dates_reuses_its_columns():
    """tuoyu.check prepares a Dataset's columns on its first check and reuses them: every later
    check (other dates, 1 or 3 threads) equals a check of the plain dataset."""
    rng = random.Random(7)
    ds = dataset_of(pd.json_normalize([random_facility(rng, i) for i in range(300)]))
    book = tuoyu.rulebook("zezhou-2022")
    prepared = None
    for as_of in ("2025-12-31", "2022-12-30", "2024-06-15", "2025-12-31"):
        for threads in (1, 3):
            assert tuoyu.check(ds, as_of=as_of, threads=threads).to_json() == \
                _core.check(book._rb, ds._ds, as_of, threads).to_json()
            prepared = prepared or ds._prep
            assert ds._prep is prepared  # built once


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
# Python 3.12 and later warn on fork() in a process with threads, which the pool's threads are.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_forked_child_checks_on_several_threads_too():
    """multiprocessing forks on Linux. A child of a process that has checked on several threads has
    none of the engine's worker threads; it must start its own, not wait for the parent's
    (docs/decisions/0068). 10,000 facilities, so that the check runs in two parts."""
    rng = random.Random(5)
    ds = dataset_of(pd.json_normalize([random_facility(rng, i) for i in range(10_000)]))
    expected = tuoyu.check(ds, as_of="2025-12-31", threads=2).to_json()
    pid = os.fork()
    if pid == 0:  # the child: exit code 0 only for the same report; killed by the alarm if it hangs
        code = 2
        try:
            signal.alarm(60)
            code = 0 if tuoyu.check(ds, as_of="2025-12-31", threads=2).to_json() == expected else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
