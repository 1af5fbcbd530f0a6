#!/usr/bin/env bash
# `pip install .` as a user runs it, into a fresh venv that sees the system's site-packages (numpy,
# pandas, scikit-build-core and pybind11 come from there: no network). Then a smoke script, run from
# outside the checkout, imports the installed package.
set -euo pipefail
python=$1 source=$2 work=$3
mkdir -p "$work"
rm -rf "$work/venv"
"$python" -m venv --system-site-packages "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --no-build-isolation --no-deps \
  --config-settings=build-dir="$work/build" "$source"
cd "$work"
"$work/venv/bin/python" "$source/tests/python/packaging_smoke.py" "$source/examples/data/zezhou-sample.json" "$work/venv"
# The installed entry point makes plain pytest collect case files, one item per case.
"$work/venv/bin/python" -m pytest -q -p no:cacheprovider "$source/tests/data/cases/pass" | tee "$work/pytest.out"
grep -q "2 passed" "$work/pytest.out"
