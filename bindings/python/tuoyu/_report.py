"""tuoyu.check() and tuoyu.Report: findings as a DataFrame, metrics, JSON, by department, plots."""
from __future__ import annotations

import html
from typing import Any

import pandas as pd

from . import _core
from ._dates import DateLike, date_text

FINDING_COLUMNS = [
    "rule", "severity", "subject_kind", "subject_id", "clause", "responsible", "action", "message_zh",
    "message_en", "evidence", "year",
]
_SEVERITIES = ("error", "warning", "info")


def check(dataset: Any, as_of: DateLike | None = None, rulebook: Any = "zezhou-2022", threads: int = 1) -> "Report":
    """Checks `dataset` against `rulebook` (an id, a path or a Rulebook) as of a date (str, date or
    Timestamp; default today). The GIL is released while the rules run; `threads` splits subject loops
    (results are identical for any number; 0 means all cores)."""
    from ._dataset import Dataset
    from ._rulebook import _as_rulebook

    if not isinstance(dataset, Dataset):
        raise TypeError(f"dataset: expected a tuoyu.Dataset, got {type(dataset).__name__}")
    if not isinstance(threads, int) or isinstance(threads, bool) or threads < 0:
        raise ValueError(f"threads: expected an int >= 0, got {threads!r}")
    book = _as_rulebook(rulebook)
    core = _core.check(book._rb, dataset._prepared(), date_text(as_of), threads)
    return Report(core, dataset=dataset, rulebook=book)


class Report:
    """The result of a check: findings with clause, departments and evidence, plus capacity metrics."""

    __slots__ = ("_r", "_dataset", "_rulebook", "_findings")

    def __init__(self, core: _core.Report, dataset: Any, rulebook: Any) -> None:
        self._r = core
        self._dataset = dataset
        self._rulebook = rulebook
        self._findings: pd.DataFrame | None = None

    @property
    def as_of(self) -> str:
        return self._r.as_of

    @property
    def rulebook(self) -> dict[str, str]:
        return {"id": self._r.rulebook_id, "version": self._r.rulebook_version}

    @property
    def summary(self) -> dict[str, int]:
        return self._r.summary()

    @property
    def metrics(self) -> dict[str, Any]:
        """Contract section 3's metrics: population, counted_capacity, capacity_per_1000, townships, and
        capacity_target (value and the date it took effect) when the rulebook has one."""
        return self._r.metrics()

    @property
    def findings(self) -> pd.DataFrame:
        """One row per finding, sorted by rule, subject kind, subject id: rule, severity, subject_kind,
        subject_id, clause, responsible, action, message_zh, message_en, evidence, year."""
        if self._findings is None:
            self._findings = pd.DataFrame(self._r.finding_columns(), columns=FINDING_COLUMNS)
            self._findings["year"] = self._findings["year"].astype("Int64")
        return self._findings.copy()

    def to_json(self) -> str:
        """Exactly contract section 3 (the CLI's `check --format json`, compact)."""
        return self._r.to_json()

    def __len__(self) -> int:
        return len(self._r)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Report) and self._r == other._r

    __hash__ = None  # type: ignore[assignment]

    def by_department(self) -> pd.DataFrame:
        """One row per department responsible for at least one finding: id, name, error, warning, info,
        findings (total), rules and clauses; most errors first."""
        from ._departments import department_rows

        org = self._rulebook.organisation if self._rulebook is not None else None
        names = {d["id"]: d["name"] for d in department_rows(org)}
        rows: dict[str, dict[str, Any]] = {}
        for rule, severity, clause, responsible in zip(*(self._r.finding_columns()[c] for c in
                                                         ("rule", "severity", "clause", "responsible"))):
            for dep in responsible:
                row = rows.setdefault(dep, {"id": dep, "name": names.get(dep, dep), "error": 0, "warning": 0,
                                            "info": 0, "findings": 0, "rules": [], "clauses": []})
                row[severity] += 1
                row["findings"] += 1
                if rule not in row["rules"]:
                    row["rules"].append(rule)
                for part in clause.split(", "):
                    if part and part not in row["clauses"]:
                        row["clauses"].append(part)
        ordered = sorted(rows.values(), key=lambda r: (-r["error"], -r["warning"], -r["info"], r["id"]))
        columns = ["id", "name", "error", "warning", "info", "findings", "rules", "clauses"]
        return pd.DataFrame(ordered, columns=columns)

    def plot(self, ax: Any = None, names: bool = False) -> Any:
        """A matplotlib figure: counted places per 1,000 residents by township and for the county,
        against the target in force. `names=True` labels townships with their (Chinese) names too, which
        needs a CJK font. Needs the optional extra tuoyu[plot] (matplotlib)."""
        from ._plot import plot_capacity

        return plot_capacity(self, ax=ax, names=names)

    def __repr__(self) -> str:
        s = self.summary
        m = self.metrics
        return (f"<tuoyu.Report {self._r.rulebook_id} as of {self.as_of}: {s['error']} errors, "
                f"{s['warning']} warnings, {s['info']} info; {m['capacity_per_1000']:.3f} places per 1,000>")

    def _repr_html_(self) -> str:
        s = self.summary
        m = self.metrics
        target = m.get("capacity_target")
        target_text = f" (target {target['value']:g} from {target['from']})" if target else ""
        counts = pd.Series(self._r.finding_columns()["rule"], dtype=object).value_counts().sort_index()
        rows = "".join(f"<tr><td>{html.escape(str(rule))}</td><td>{n}</td></tr>" for rule, n in counts.items())
        esc = html.escape
        return (
            f"<div class='tuoyu-report'><b>tuoyu report</b> {esc(self._r.rulebook_id)} "
            f"{esc(self._r.rulebook_version)}, as of {esc(self.as_of)}<br>"
            f"<span style='color:#b00'>{s['error']} errors</span>, "
            f"<span style='color:#a60'>{s['warning']} warnings</span>, {s['info']} info<br>"
            f"counted places {m['counted_capacity']} for {m['population']} residents: "
            f"{m['capacity_per_1000']:.3f} per 1,000{esc(target_text)}"
            f"<table><thead><tr><th>rule</th><th>findings</th></tr></thead><tbody>{rows}</tbody></table></div>"
        )
