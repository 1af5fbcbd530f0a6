"""Shared fixtures: the sample dataset, in its JSON form and as json_normalize DataFrames."""
from __future__ import annotations

import copy
import json
import pathlib

import pandas as pd
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "data" / "zezhou-sample.json"


@pytest.fixture(scope="session")
def sample_path() -> pathlib.Path:
    return SAMPLE


@pytest.fixture()
def sample_obj() -> dict:
    return copy.deepcopy(json.loads(SAMPLE.read_text(encoding="utf-8")))


@pytest.fixture()
def frames(sample_obj):
    """The sample as DataFrames laid out by pandas.json_normalize, plus the jurisdiction dict."""
    return {
        "jurisdiction": sample_obj["jurisdiction"],
        "townships": pd.json_normalize(sample_obj["townships"]),
        "facilities": pd.json_normalize(sample_obj["facilities"]),
        "meetings": pd.json_normalize(sample_obj["meetings"]),
        "trainings": pd.json_normalize(sample_obj["trainings"]),
    }


def small_obj() -> dict:
    """A tiny dataset: two townships, four facilities, one of each registration situation."""
    reg = {"authority": "admin_approval", "date": "2021-06-01", "scope_includes_childcare": True}
    fil = {"authority": "health", "date": "2021-07-01"}
    return {
        "jurisdiction": {"id": "j", "name": "县", "population": 10000},
        "townships": [{"id": "T1", "name": "一镇", "population": 6000}, {"id": "T2", "name": "二镇", "population": 4000}],
        "facilities": [
            {"id": "A1", "name": "a1", "township": "T1", "kind": "nursery", "legal_form": "enterprise",
             "status": "operating", "opened": "2021-09-01", "capacity": 40, "enrolled": 30,
             "care_modes": ["full_day"], "registration": dict(reg), "filing": dict(fil)},
            {"id": "A2", "name": "a2", "township": "T1", "kind": "nursery", "legal_form": "enterprise",
             "status": "operating", "capacity": 20, "registration": None, "filing": None},
            {"id": "A3", "name": "a3", "township": "T2", "kind": "community", "legal_form": "social_org",
             "status": "operating", "capacity": 10, "registration": dict(reg), "filing": None},
            {"id": "A4", "name": "a4", "township": "T2", "kind": "kindergarten_class",
             "legal_form": "public_institution", "status": "operating", "capacity": 15,
             "enrolled_age_months": {"min": 20, "max": 36},
             "registration": {"authority": "staffing_office", "date": "2020-01-01", "scope_includes_childcare": True},
             "filing": dict(fil)},
        ],
        "meetings": [{"date": "2023-06-10", "kind": "plenary"}],
        "trainings": [{"date": "2023-04-12", "health_exam": True}],
    }


@pytest.fixture()
def small():
    return small_obj()
