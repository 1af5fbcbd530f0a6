"""Run by pip_install_smoke.sh with the venv's python: the installed tuoyu works on its own."""
import json
import pathlib
import sys

import tuoyu
import tuoyu._core

sample, venv = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).resolve()
installed = pathlib.Path(tuoyu.__file__).resolve()
assert venv in installed.parents, f"imported {installed}, not the package installed in {venv}"
assert pathlib.Path(tuoyu._core.__file__).resolve().parent == installed.parent
assert (installed.parent / "py.typed").exists() and (installed.parent / "_core.pyi").exists()
report = tuoyu.check(tuoyu.Dataset.from_json(sample), as_of="2025-12-31")
doc = json.loads(report.to_json())
assert doc["rulebook"]["id"] == "zezhou-2022" and doc["summary"]["error"] > 0
assert doc["tuoyu_version"] == tuoyu.__version__
try:
    tuoyu.Dataset.from_dict({"jurisdiction": {}})
except tuoyu.InputError as e:
    assert e.id == "tuoyu.input.111"
else:
    raise AssertionError("expected an InputError")
print(f"tuoyu {tuoyu.__version__} installed at {installed.parent}: {len(report)} findings")
# The pytest plugin for *.cases.json files is registered as a pytest11 entry point.
from importlib.metadata import entry_points

eps = entry_points()
group = eps.select(group="pytest11") if hasattr(eps, "select") else eps.get("pytest11", [])  # Python 3.9
plugins = [e for e in group if e.name == "tuoyu"]
assert plugins and plugins[0].value == "tuoyu.pytest_plugin", plugins
assert hasattr(plugins[0].load(), "pytest_collect_file")
