"""Dates as the engine wants them: "YYYY-MM-DD" strings, from str, datetime.date or pandas.Timestamp."""
from __future__ import annotations

import datetime as _dt
from typing import Union

DateLike = Union[str, _dt.date]


def date_text(value: DateLike | None, what: str = "as_of") -> str:
    """The ISO text of a date; None means today. Time stamps must be at midnight (a date was meant)."""
    if value is None:
        return _dt.date.today().isoformat()
    if isinstance(value, str):
        return value  # the core parses it and reports tuoyu.input.110 if it is not a real day
    if isinstance(value, _dt.date):
        if value != value:  # pandas.NaT
            raise ValueError(f"{what}: a date is required, got NaT")
        if isinstance(value, _dt.datetime):
            parts = (value.hour, value.minute, value.second, value.microsecond, getattr(value, "nanosecond", 0))
            if any(parts):
                raise ValueError(f"{what}: expected a date, got the time stamp {value} (a time of day is not a date)")
        return _dt.date(value.year, value.month, value.day).isoformat()
    raise TypeError(f"{what}: expected a str 'YYYY-MM-DD', datetime.date or pandas.Timestamp, got {type(value).__name__}")
