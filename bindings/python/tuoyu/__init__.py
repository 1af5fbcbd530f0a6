"""tuoyu: Chinese childcare policy (泽政办发〔2022〕39号) as checkable, explainable rules.

    import tuoyu
    ds = tuoyu.Dataset.from_json("dataset.json")
    report = tuoyu.check(ds, as_of="2025-12-31")
    report.findings        # pandas.DataFrame
"""
from __future__ import annotations

from ._core import (
    Error,
    EvaluationError,
    ExpressionError,
    FileError,
    InputError,
    RulebookError,
    __version__,
)
from ._dataset import Dataset
from ._departments import departments
from ._expression import evaluate
from ._report import Report, check
from ._rulebook import Explanation, Rulebook, load_rulebook, rulebook, rulebook_ids

__all__ = [
    "Dataset",
    "Error",
    "EvaluationError",
    "Explanation",
    "ExpressionError",
    "FileError",
    "InputError",
    "Report",
    "Rulebook",
    "RulebookError",
    "__version__",
    "check",
    "departments",
    "evaluate",
    "load_rulebook",
    "rulebook",
    "rulebook_ids",
]
