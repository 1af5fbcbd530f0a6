"""tuoyu.evaluate(): one-off expressions of the rule language, with plain Python values."""
from __future__ import annotations

from typing import Any, Mapping

from . import _core


def evaluate(expression: str, variables: Mapping[str, Any] | None = None) -> Any:
    """Evaluates a CEL-subset expression. Values come back as int, float, str, bool, None, list, dict
    or datetime.date. Parse and type errors raise tuoyu.ExpressionError, evaluation errors (division by
    zero, overflow, ...) tuoyu.EvaluationError."""
    if not isinstance(expression, str):
        raise TypeError(f"expression: expected a str, got {type(expression).__name__}")
    return _core.evaluate(expression, dict(variables or {}))
