"""pytest plugin: collects *.cases.json files (docs/testing.md), one test item per case.

Registered as the pytest11 entry point "tuoyu", so an installed tuoyu makes `pytest tests/rules` run the
cases; without installing, load it with `pytest -p tuoyu.pytest_plugin`. A failing case reports what was
expected, what was reported and the difference; a malformed case file is a collection error naming the
file and the JSON pointer or line:column.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from . import _core

_SUFFIX = ".cases.json"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tuoyu")
    group.addoption("--tuoyu-rulebook", default=None,
                    help="run every *.cases.json against this rulebook (id or path) instead of the one it names")
    group.addoption("--tuoyu-lang", default="en", choices=("en", "zh"), help="language of finding messages")


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> "CasesFile | None":
    if file_path.name.endswith(_SUFFIX) and len(file_path.name) > len(_SUFFIX):
        return CasesFile.from_parent(parent, path=file_path)
    return None


class CaseFailed(Exception):
    """Raised by a case item whose findings differ from its expectations."""

    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__(result["name"])
        self.result = result


class CasesFile(pytest.File):
    def collect(self) -> Iterator["CaseItem"]:
        option = self.config.getoption("--tuoyu-rulebook", default=None)
        rulebook = None
        if option:
            ids = _core.builtin_rulebook_ids()
            rulebook = _core.builtin_rulebook(option) if option in ids else _core.load_rulebook(option)
        case_file = _core.load_case_file(str(self.path), rulebook)
        for index, name in enumerate(case_file.names):
            yield CaseItem.from_parent(self, name=name, case_file=case_file, index=index)


class CaseItem(pytest.Item):
    def __init__(self, *, case_file: Any, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case_file = case_file
        self.index = index

    def runtest(self) -> None:
        lang = self.config.getoption("--tuoyu-lang", default="en")
        result = self.case_file.run(self.index, lang)
        if not result["passed"]:
            raise CaseFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, CaseFailed):
            return describe_failure(excinfo.value.result)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"case {self.name!r}"


def _expectation(e: dict[str, Any]) -> str:
    return f"{e['rule']} {e['subject']}" + (f" {e['year']}" if e.get("year") is not None else "")


def describe_failure(result: dict[str, Any]) -> str:
    """What a failing case expected, what was reported, and the difference."""
    report = result["report"]
    lines = [f"{result['file']}: {result['name']} (as of {result['as_of']})"]
    lines.append("  expected" + (" (exactly these)" if result["exact"] else "") + ":"
                 + ("" if result["expect"] else " nothing"))
    lines.extend(f"    {_expectation(e)}" for e in result["expect"])
    if result["absent"]:
        lines.append("  must be absent:")
        lines.extend(f"    {_expectation(e)}" for e in result["absent"])
    reported = [
        f"    {f['rule']} {f['subject']['id']}" + (f" {f['subject']['year']}" if "year" in f["subject"] else "")
        + f" ({f['severity']})"
        for f in report["findings"]
    ]
    lines.append("  reported:" + ("" if reported else " nothing"))
    lines.extend(reported)
    lines.append(result["difference"].rstrip("\n"))
    return "\n".join(lines)
