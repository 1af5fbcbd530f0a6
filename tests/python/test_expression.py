"""tuoyu.evaluate(): plain Python values out; ExpressionError and EvaluationError."""
import datetime as dt

import pytest

import tuoyu


@pytest.mark.parametrize("source, expected", [
    ("1 + 2", 3),
    ("7 / 2", 3),
    ("1.5 * 2.0", 3.0),
    ("'托' + '育'", "托育"),
    ("1 < 2 && true", True),
    ("null", None),
    ("[1, 'a', [true]]", [1, "a", [True]]),
    ("{'a': 1, 'b': [2.5]}", {"a": 1, "b": [2.5]}),
    ("date('2025-12-31')", dt.date(2025, 12, 31)),
    ("year(date('2024-02-29'))", 2024),
])
def test_values(source, expected):
    got = tuoyu.evaluate(source)
    assert got == expected and type(got) is type(expected)


def test_variables():
    assert tuoyu.evaluate("x + y", {"x": 2, "y": 40}) == 42
    assert tuoyu.evaluate("d < date('2026-01-01')", {"d": dt.date(2025, 12, 31)}) is True
    assert tuoyu.evaluate("days_between(a, b)", {"a": dt.date(2025, 1, 1), "b": dt.date(2025, 12, 31)}) == 364
    assert tuoyu.evaluate("f.capacity * 2", {"f": {"capacity": 30, "name": None}}) == 60
    assert tuoyu.evaluate("size(xs)", {"xs": (1, 2, 3)}) == 3


def test_parse_and_check_errors():
    with pytest.raises(tuoyu.ExpressionError) as info:
        tuoyu.evaluate("1 +")
    e = info.value
    assert isinstance(e, tuoyu.Error) and not isinstance(e, tuoyu.EvaluationError)
    assert e.id.startswith("tuoyu.expr.3")
    with pytest.raises(tuoyu.ExpressionError):
        tuoyu.evaluate("nope + 1")


def test_evaluation_errors():
    with pytest.raises(tuoyu.EvaluationError) as info:
        tuoyu.evaluate("1 / 0")
    assert info.value.id.startswith("tuoyu.eval.4") and isinstance(info.value, tuoyu.Error)
    with pytest.raises(tuoyu.EvaluationError):
        tuoyu.evaluate("x / y", {"x": 1, "y": 0})


def test_bad_arguments():
    with pytest.raises(TypeError):
        tuoyu.evaluate(42)
    with pytest.raises(TypeError):
        tuoyu.evaluate("x", {"x": object()})
