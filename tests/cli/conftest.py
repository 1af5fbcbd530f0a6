"""Shared helpers for the command-line tests: ctest sets TUOYU_CLI to the built tuoyu binary."""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BAD_INPUT = ROOT / "tests" / "bad-input"


@pytest.fixture(scope="session")
def tuoyu_cli():
    path = os.environ.get("TUOYU_CLI")
    if not path:
        pytest.skip("TUOYU_CLI is not set (run these tests through ctest)")
    return path


class Run:
    def __init__(self, completed):
        self.code = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.stderr_lines = completed.stderr.decode("utf-8", "replace").splitlines()

    def __repr__(self):
        return f"exit {self.code}\nstdout: {self.stdout[:500]!r}\nstderr: {self.stderr[:2000]!r}"


@pytest.fixture
def run(tuoyu_cli):
    def go(*args, stdin=None, timeout=120):
        completed = subprocess.run([tuoyu_cli, *map(str, args)], input=stdin, capture_output=True, timeout=timeout)
        return Run(completed)

    return go


def assert_input_error(result, file, where=None, error_id=None):
    """Contract section 1: exit 2, nothing on stdout, one line on stderr naming the file and the place."""
    assert result.code == 2, result
    assert result.stdout == b"", result
    assert len(result.stderr_lines) == 1, result
    line = result.stderr_lines[0]
    assert str(file) in line, result
    if where is not None:
        assert where in line, result
    if error_id is not None:
        assert f"[{error_id}]" in line, result
    return line
