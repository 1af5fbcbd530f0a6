"""Rule tests: run *.cases.json files (docs/testing.md) and read the results as Python objects.

    import tuoyu.testing
    run = tuoyu.testing.run_cases("tests/rules")
    run.failed            # [] when every case passed
    run.coverage[0].percent

The pytest plugin (tuoyu.pytest_plugin, registered as a pytest11 entry point) collects the same files as
test items, one per case.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Union

from . import _core
from ._rulebook import Rulebook, _as_rulebook

PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["CaseResult", "RuleCoverage", "Coverage", "TestRun", "run_cases"]


@dataclass(frozen=True)
class CaseResult:
    """One case: whether it passed, what was missing and what was unexpected, and the full report."""

    file: str
    name: str
    pointer: str
    as_of: str
    passed: bool
    missing: list[dict[str, Any]]       # {rule, subject, year?, reason}
    unexpected: list[dict[str, Any]]    # findings (contract section 3) plus listed_absent
    report: dict[str, Any]              # the report of contract section 3
    difference: str                     # "  - missing: …" / "  + unexpected: …" lines
    expect: list[dict[str, Any]] = field(default_factory=list)   # {rule, subject, year?}
    absent: list[dict[str, Any]] = field(default_factory=list)
    exact: bool = False
    review: bool = False

    @classmethod
    def _from_core(cls, d: dict[str, Any]) -> "CaseResult":
        return cls(file=d["file"], name=d["name"], pointer=d["pointer"], as_of=d["as_of"], passed=d["passed"],
                   missing=d["missing"], unexpected=d["unexpected"], report=d["report"],
                   difference=d["difference"], expect=d["expect"], absent=d["absent"], exact=d["exact"],
                   review=d["review"])


@dataclass(frozen=True)
class RuleCoverage:
    rule: str
    subject: str
    fired: int       # cases in which the rule reported a finding
    held: int        # cases in which it applied to some subject and held
    covered: bool


@dataclass(frozen=True)
class Coverage:
    rulebook: str
    rules: list[RuleCoverage]
    covered: int
    percent: float


@dataclass(frozen=True)
class TestRun:
    results: list[CaseResult]
    coverage: list[Coverage] = field(default_factory=list)

    __test__ = False  # not a pytest test class

    @property
    def passed(self) -> list[CaseResult]:
        return [r for r in self.results if r.passed]

    @property
    def failed(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]

    def __repr__(self) -> str:
        return f"<tuoyu.testing.TestRun {len(self.passed)} passed, {len(self.failed)} failed>"


def _paths(path: PathLike | Iterable[PathLike]) -> list[str]:
    if isinstance(path, (str, os.PathLike)):
        return [os.fspath(path)]
    return [os.fspath(p) for p in path]


def run_cases(path: PathLike | Iterable[PathLike], rulebook: str | Rulebook | None = None,
              lang: str = "en") -> TestRun:
    """Runs the case files at `path` (a file, a folder searched for *.cases.json, or a list of them).

    `rulebook` (an id, a path or a Rulebook) replaces the rulebook the files name. Messages are in `lang`
    ("en" or "zh"). A malformed case file raises tuoyu.InputError (or tuoyu.FileError) naming the file and
    the JSON pointer or line:column.
    """
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")
    core_rulebook = None if rulebook is None else _as_rulebook(rulebook)._rb
    out = _core.run_case_files(_paths(path), core_rulebook, lang)
    results = [CaseResult._from_core(d) for d in out["results"]]
    coverage = [Coverage(rulebook=c["rulebook"], covered=c["covered"], percent=c["percent"],
                         rules=[RuleCoverage(**r) for r in c["rules"]]) for c in out["coverage"]]
    return TestRun(results=results, coverage=coverage)
