"""The batch (columnar) path against the per-record path from Python: random facilities as
json_normalize DataFrames (absent fields as NaN, whole-number floats), dates across the rulebook's
boundaries, 1 and 3 threads; the reports must be identical."""
from __future__ import annotations

import random

import pandas as pd
import pytest

import tuoyu
from tuoyu import _core

DAYS = ["2020-05-01", "2022-12-30", "2022-12-31", "2024-06-15", "2025-12-30", "2025-12-31", "2026-01-01"]
AUTHORITIES = ["admin_approval", "civil_affairs", "staffing_office", "health", "县卫健体局", "education"]


def random_facility(rng: random.Random, i: int) -> dict:
    f = {"id": f"F{i:05d}", "name": f"机构{i}", "township": rng.choice(["T1", "T2", "T3"]),
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
    ds = tuoyu.Dataset(
        jurisdiction={"id": "J", "name": "县", "population": 20000},
        townships=pd.DataFrame([{"id": t, "name": t, "population": 5000} for t in ("T1", "T2", "T3")]),
        facilities=pd.json_normalize(facilities),
    )
    book = tuoyu.rulebook("zezhou-2022")
    for as_of in ("2022-12-30", "2024-06-15", "2025-12-31"):
        expected = _core.check(book._rb, ds._ds, as_of, 1, batch=False).to_json()
        assert '"findings"' in expected
        for threads in (1, 3):
            assert tuoyu.check(ds, as_of=as_of, threads=threads).to_json() == expected
