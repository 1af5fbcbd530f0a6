"""tuoyu.Dataset: from a JSON file, from plain Python objects, or from pandas DataFrames."""
from __future__ import annotations

import os
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from . import _core

_TABLES = ("townships", "facilities", "meetings", "trainings")


def _column(series: pd.Series) -> tuple[str, np.ndarray]:
    """A column as (kind, 1-d array) in one of the layouts the core reads in C++ loops through the
    buffer protocol: 'f' float64, 'i' int64, 'u' uint64, 'b' bool, 'M' datetime64[ns] (as an int64
    view) or 'O' objects. No Python object is created per row for numeric and datetime columns. The
    array may be a strided view (a column of a DataFrame's 2-d block): the core follows the strides,
    and copying it would cost as much as reading it (a million references taken and dropped)."""
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
        dtype = series.dtype
    if isinstance(dtype, np.dtype):
        kind = dtype.kind
        if kind == "f":
            return "f", series.to_numpy(dtype=np.float64)
        if kind == "i":
            return "i", series.to_numpy(dtype=np.int64)
        if kind == "u":
            return "u", series.to_numpy(dtype=np.uint64)
        if kind == "b":
            return "b", series.to_numpy(dtype=np.bool_)
        if kind == "M":
            return "M", series.to_numpy(dtype="datetime64[ns]").view(np.int64)
        return "O", series.to_numpy(dtype=object)
    # pandas extension dtypes (nullable Int64/Float64/boolean, str, category): integers and floats as
    # float64 with NaN for missing values; everything else as objects, missing cells left as pandas
    # gives them (NaN, pandas.NA, None), all of which the core reads as missing. Asking for
    # na_value=None instead would copy the column cell by cell (pandas' str columns: 0.2 us a cell).
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        return "f", series.to_numpy(dtype=np.float64, na_value=np.nan)
    return "O", series.to_numpy(dtype=object)


def _table(name: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, pd.DataFrame):
        if not value.columns.is_unique:
            raise ValueError(f"{name}: duplicate column names")
        columns = []
        for column in value.columns:
            if not isinstance(column, str):
                raise TypeError(f"{name}: column names must be strings, got {column!r}")
            columns.append((column, *_column(value[column])))
        return (len(value), columns)
    if isinstance(value, (list, tuple)):
        return list(value)
    raise TypeError(f"{name}: expected a pandas.DataFrame or a list of dicts, got {type(value).__name__}")


class Dataset:
    """A validated, immutable dataset (contract section 2).

    ``Dataset(jurisdiction={...}, townships=df_t, facilities=df_f, meetings=[...], trainings=[...])``
    takes each table as a DataFrame laid out as ``pandas.json_normalize`` lays out the JSON form
    (``registration.authority``, ``filing.date``, ...) or as a list of dicts.
    """

    __slots__ = ("_records", "_prep")

    def __init__(
        self,
        jurisdiction: Mapping[str, Any] | None = None,
        townships: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
        facilities: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
        meetings: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
        trainings: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
        **extra: Any,
    ) -> None:
        self._prep = None
        self._records = None
        if isinstance(jurisdiction, _core.Dataset):  # internal: wrap a core dataset
            self._records = jurisdiction
            return
        if jurisdiction is None or townships is None or facilities is None:
            raise TypeError("Dataset() needs jurisdiction, townships and facilities")
        tables = {
            "townships": _table("townships", townships),
            "facilities": _table("facilities", facilities),
            "meetings": _table("meetings", meetings),
            "trainings": _table("trainings", trainings),
        }
        # A facilities DataFrame is read into columns only: a check needs nothing else, and the
        # records are made the first time something asks for them (docs/decisions/0072).
        self._prep = _core.PreparedDataset.from_tables(dict(jurisdiction), tables, extra)

    @classmethod
    def from_json(cls, path: str | os.PathLike[str]) -> "Dataset":
        """Reads a dataset JSON file; errors name the file and the JSON pointer or line:column."""
        return cls(_core.Dataset.from_json_file(os.fspath(path)))

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> "Dataset":
        """Reads a dataset from the parsed JSON form (dicts and lists); errors name the JSON pointer."""
        return cls(_core.Dataset.from_object(obj))

    @classmethod
    def from_json_text(cls, text: str) -> "Dataset":
        return cls(_core.Dataset.from_json_text(text))

    @property
    def _ds(self) -> _core.Dataset:
        """The core dataset, records and all (made here from the columns on first use)."""
        if self._records is None:
            self._records = self._prep.dataset()
        return self._records

    def _summary(self) -> Any:
        """Counts, names and townships, read without making facility records."""
        return self._prep if self._prep is not None else self._ds

    def _prepared(self) -> _core.PreparedDataset:
        """The facilities as columns, built on the first check and kept for the next ones."""
        if self._prep is None:
            self._prep = _core.PreparedDataset(self._ds)
        return self._prep

    def to_dict(self) -> dict[str, Any]:
        """The dataset's JSON form, every field it was read with."""
        return self._ds.to_object()

    def to_json(self) -> str:
        return self._ds.to_json()

    @property
    def facilities(self) -> pd.DataFrame:
        """The facilities as ``pandas.json_normalize`` lays them out (the form Dataset() reads back)."""
        return pd.json_normalize(self.to_dict()["facilities"])

    @property
    def townships(self) -> pd.DataFrame:
        return pd.DataFrame(self._summary().townships(), columns=["id", "name", "population"])

    @property
    def jurisdiction(self) -> dict[str, Any]:
        return self.to_dict()["jurisdiction"]

    def __repr__(self) -> str:
        d = self._summary()
        return (
            f"<tuoyu.Dataset {d.jurisdiction_id} {d.jurisdiction_name} population={d.population}: "
            f"{d.township_count} townships, {d.facility_count} facilities, {d.meeting_count} meetings, "
            f"{d.training_count} trainings>"
        )

