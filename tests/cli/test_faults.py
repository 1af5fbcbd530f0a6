"""File faults through the command line: unreadable, missing and directory inputs, and outputs that
cannot be written. Each gives exit 2, one stderr line naming the file, and leaves nothing behind.
The tests run as root in CI, where permission bits do not stop reads or writes: those cases use paths
that fail for everyone (a path through a regular file, a parent that does not exist, /proc, /dev/full),
and the permission-bit cases skip with a reason under root."""
import json
import os
import pathlib
import shutil
import stat

import pytest

from conftest import BAD_INPUT, assert_input_error

VALID = BAD_INPUT / "valid-dataset.json"
BAD = BAD_INPUT / "datasets" / "unknown-township.json"
AS_OF = "2025-12-31"
ROOT = os.geteuid() == 0


def check(run, *args):
    return run("check", "--as-of", AS_OF, "--format", "json", "--fail-on", "never", *args)


def temp_files(folder):
    return [p.name for p in pathlib.Path(folder).iterdir() if ".tmp-" in p.name]


def test_missing_file(run, tmp_path):
    path = tmp_path / "nope.json"
    assert_input_error(check(run, path), path, None, "tuoyu.io.001")


def test_directory_as_dataset(run, tmp_path):
    assert_input_error(check(run, tmp_path), tmp_path, None, "tuoyu.io.002")


def test_directory_as_rulebook(run, tmp_path):
    assert_input_error(check(run, "--rulebook", tmp_path, VALID), tmp_path, None, "tuoyu.io.002")


def test_path_through_a_regular_file(run):
    # ENOTDIR: unreadable for every user, root included.
    path = VALID / "dataset.json"
    line = assert_input_error(check(run, path), path, None, "tuoyu.io.001")
    assert "directory" in line.lower()


@pytest.mark.skipif(ROOT, reason="root reads files whatever their permission bits (chmod 000 has no effect)")
def test_unreadable_file(run, tmp_path):
    path = tmp_path / "secret.json"
    shutil.copy(VALID, path)
    path.chmod(0)
    assert_input_error(check(run, path), path, None, "tuoyu.io.001")


def test_output_to_dev_full(run):
    assert_input_error(check(run, "--output", "/dev/full", VALID), "/dev/full", None, "tuoyu.io.003")


def test_output_with_missing_parent(run, tmp_path):
    out = tmp_path / "no" / "such" / "report.json"
    assert_input_error(check(run, "--output", out, VALID), out, None, "tuoyu.io.003")
    assert not out.parent.exists()


def test_output_under_proc(run):
    # procfs refuses new files, even to root.
    out = "/proc/tuoyu-report.json"
    assert_input_error(check(run, "--output", out, VALID), out, None, "tuoyu.io.003")


def test_output_is_a_directory(run, tmp_path):
    assert_input_error(check(run, "--output", tmp_path, VALID), tmp_path, None, "tuoyu.io.002")
    assert temp_files(tmp_path) == []


def test_output_through_a_regular_file(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = blocker / "report.json"
    assert_input_error(check(run, "--output", out, VALID), out, None, "tuoyu.io.003")
    assert blocker.read_text() == "x"


@pytest.mark.skipif(ROOT, reason="root writes into read-only directories (permission bits do not apply)")
def test_output_in_read_only_directory(run, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        out = folder / "report.json"
        assert_input_error(check(run, "--output", out, VALID), out, None, "tuoyu.io.003")
    finally:
        folder.chmod(stat.S_IRWXU)


def test_failed_run_leaves_existing_output_untouched(run, tmp_path):
    out = tmp_path / "report.json"
    out.write_text("previous report\n")
    before = out.stat()
    assert_input_error(check(run, "--output", out, BAD), BAD, "/facilities/1/township", "tuoyu.input.108")
    assert out.read_text() == "previous report\n"
    assert out.stat().st_ino == before.st_ino
    assert temp_files(tmp_path) == []


def test_usage_error_leaves_existing_output_untouched(run, tmp_path):
    out = tmp_path / "report.json"
    out.write_text("previous report\n")
    result = check(run, "--output", out, "--max-depth", "zero", VALID)
    assert result.code == 2 and result.stdout == b""
    assert out.read_text() == "previous report\n"


def test_output_replaced_atomically(run, tmp_path):
    out = tmp_path / "report.json"
    out.write_text("previous report\n")
    keep = tmp_path / "old-link.json"
    os.link(out, keep)  # a rename gives `out` a new inode; the old one, still linked here, is never rewritten
    result = check(run, "--output", out, VALID)
    assert result.code == 0 and result.stdout == b"" and result.stderr == b"", result
    report = json.loads(out.read_text())
    assert report["as_of"] == AS_OF
    assert keep.read_text() == "previous report\n"
    assert out.stat().st_ino != keep.stat().st_ino
    assert temp_files(tmp_path) == []


def test_output_relative_to_working_directory(tuoyu_cli, tmp_path):
    import subprocess

    done = subprocess.run([tuoyu_cli, "check", "--as-of", AS_OF, "--fail-on", "never", "--output", "r.txt", str(VALID)],
                          cwd=tmp_path, capture_output=True)
    assert done.returncode == 0, done
    assert (tmp_path / "r.txt").stat().st_size > 0
    assert temp_files(tmp_path) == []
