"""tuoyu.Rulebook: the built-in and loaded rulebooks, their catalogue, and explain()."""
from __future__ import annotations

import datetime as _dt
import os
from typing import Any

import pandas as pd

from . import _core
from ._dates import DateLike, date_text

_RULE_COLUMNS = [
    "id", "subject_kind", "severity", "clause", "responsible", "action", "clause_text", "when", "require",
    "parameters", "in_force_from", "in_force_until", "message_zh", "message_en",
]


class Rulebook:
    """A compiled, immutable rulebook. Share one between threads freely."""

    __slots__ = ("_rb",)

    def __init__(self, core: _core.Rulebook) -> None:
        if not isinstance(core, _core.Rulebook):
            raise TypeError("use tuoyu.rulebook(id) or tuoyu.load_rulebook(path)")
        self._rb = core

    @property
    def id(self) -> str:
        return self._rb.id

    @property
    def version(self) -> str:
        return self._rb.version

    @property
    def title(self) -> str:
        return self._rb.title_zh

    @property
    def title_en(self) -> str:
        return self._rb.title_en

    @property
    def source(self) -> dict[str, Any]:
        return self._rb.source

    @property
    def rules(self) -> pd.DataFrame:
        """The catalogue, one row per rule: id, subject_kind, severity, clause, responsible, action, ..."""
        return pd.DataFrame(self._rb.rules(), columns=_RULE_COLUMNS)

    @property
    def parameters(self) -> list[dict[str, Any]]:
        """Dated parameters: name, descriptions, and values as [{"from": date, "value": ...}]."""
        return self._rb.parameters()

    @property
    def clauses(self) -> pd.DataFrame:
        return pd.DataFrame(self._rb.clauses(), columns=["ref", "text", "rules", "organisation", "unchecked"])

    @property
    def organisation(self) -> dict[str, Any] | None:
        """The organisation data (departments, duties, joint meeting, roster) the rulebook names."""
        return self._rb.organisation()

    def explain(self, rule: str, dataset: Any, subject: str | int | None = None, as_of: DateLike | None = None) -> "Explanation":
        """How `rule` decided for `subject` (a facility or township id, or a year for yearly rules)."""
        from ._dataset import Dataset

        if not isinstance(dataset, Dataset):
            raise TypeError(f"dataset: expected a tuoyu.Dataset, got {type(dataset).__name__}")
        subject_text = "" if subject is None else str(subject)
        return Explanation(self._rb.explain(dataset._ds, date_text(as_of), rule, subject_text))

    def lint(self, as_of: DateLike | None = None) -> "Any":
        """Static checks of the rulebook's own organisation data (tuoyu lint), as a Report."""
        from ._report import Report

        return Report(_core.lint(self._rb, date_text(as_of)), dataset=None, rulebook=self)

    def __repr__(self) -> str:
        return f"<tuoyu.Rulebook {self.id} {self.version}: {len(self._rb.rules())} rules, {self.title}>"


def rulebook(id: str = "zezhou-2022") -> Rulebook:
    """A built-in rulebook by id (tuoyu.rulebook_ids() lists them)."""
    return Rulebook(_core.builtin_rulebook(id))


def load_rulebook(path: str | os.PathLike[str]) -> Rulebook:
    """Loads and checks a rulebook JSON file; errors name the file, rule and JSON pointer."""
    return Rulebook(_core.load_rulebook(os.fspath(path)))


def rulebook_ids() -> list[str]:
    return list(_core.builtin_rulebook_ids())


def _as_rulebook(value: Any) -> Rulebook:
    if isinstance(value, Rulebook):
        return value
    if isinstance(value, (str, os.PathLike)):
        text = os.fspath(value)
        if text in _core.builtin_rulebook_ids():
            return rulebook(text)
        return load_rulebook(text)
    raise TypeError(f"rulebook: expected an id, a path or a tuoyu.Rulebook, got {type(value).__name__}")


def _step_line(step: dict[str, Any]) -> str:
    return f"{'  ' * (step['depth'] + 2)}{step['expression']}  →  {_short(step['value'])}"


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Explanation:
    """How one rule decided for one subject: each sub-condition's value, and the parameters with dates."""

    __slots__ = ("_d",)

    def __init__(self, data: dict[str, Any]) -> None:
        for p in data.get("parameters", []):
            if p.get("from") is not None:
                p["from"] = _dt.date.fromisoformat(p["from"])
        self._d = data

    rule = property(lambda self: self._d["rule"])
    subject = property(lambda self: self._d["subject"])
    as_of = property(lambda self: _dt.date.fromisoformat(self._d["as_of"]))
    in_force = property(lambda self: self._d["in_force"])
    applies = property(lambda self: self._d["applies"])
    outcome = property(lambda self: self._d["outcome"])
    finding = property(lambda self: self._d["finding"])
    when = property(lambda self: self._d["when"])
    require = property(lambda self: self._d["require"])
    parameters = property(lambda self: self._d["parameters"])
    evidence = property(lambda self: self._d["evidence"])

    def to_dict(self) -> dict[str, Any]:
        return self._d

    def __getitem__(self, key: str) -> Any:
        return self._d[key]

    def __repr__(self) -> str:
        d = self._d
        subject = d["subject"]
        who = f"{subject['kind']} {subject['id']}" + (f" year {subject['year']}" if "year" in subject else "")
        verdict = "FINDING" if d["finding"] else ("no finding" if d["applies"] and d["in_force"] else "not applicable")
        lines = [f"<tuoyu.Explanation {d['rule']} for {who} as of {d['as_of']}: {verdict}>"]
        lines.append(f"  in force: {d['in_force']}   applies: {d['applies']}   outcome: {_short(d['outcome'])}")
        if d["when"]:
            lines.append("  when:")
            lines += [_step_line(s) for s in d["when"]]
        if d["require"]:
            lines.append("  require:")
            lines += [_step_line(s) for s in d["require"]]
        if d["parameters"]:
            lines.append("  parameters:")
            for p in d["parameters"]:
                since = f" (from {p['from'].isoformat()})" if p.get("from") else " (overridden)"
                lines.append(f"    {p['name']} = {_short(p['value'])}{since}")
        if d["evidence"]:
            lines.append("  evidence:")
            lines += [f"    {k} = {_short(v)}" for k, v in d["evidence"].items()]
        return "\n".join(lines)
