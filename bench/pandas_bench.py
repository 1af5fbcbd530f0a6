"""Benchmark 4: tuoyu.check on DataFrames against hand-written pandas boolean masks computing the
same facility findings (count per rule), on the same generated data. Prints one row per size, each a
median of several runs, and the memory of the DataFrame path beside the size of the frame.
Usage: PYTHONPATH=build/bench/bindings/python/stage python3 bench/pandas_bench.py FILE... (from bench_facility --write)
"""
import ctypes
import gc
import json
import resource
import statistics
import sys
import time

import pandas as pd

import tuoyu

AS_OF = pd.Timestamp("2025-12-31")


def masks(f: pd.DataFrame) -> int:
    opened = pd.to_datetime(f.get("opened"), errors="coerce")
    active = (opened.isna() | (opened <= AS_OF)) & f["status"].isin(["operating", "suspended"])
    reg = f["registration.authority"].notna()
    fil = f["filing.authority"].notna()
    ra, lf = f["registration.authority"], f["legal_form"]
    ok = ((lf == "enterprise") & (ra == "admin_approval")) | \
         ((lf == "social_org") & ra.isin(["admin_approval", "civil_affairs"])) | \
         ((lf == "public_institution") & (ra == "staffing_office"))
    rd = pd.to_datetime(f["registration.date"], errors="coerce")
    fd = pd.to_datetime(f["filing.date"], errors="coerce")
    amin, amax = f.get("enrolled_age_months.min"), f.get("enrolled_age_months.max")
    ages = amin.notna() | amax.notna() if amin is not None else pd.Series(False, index=f.index)
    rules = [
        ~reg, reg & ~fil, reg & ~f["registration.scope_includes_childcare"].fillna(False).astype(bool),  # absent: false (the default)
        reg & ~ok, fil & (f["filing.authority"] != "health"), reg & fil & (fd < rd),
        (f["kind"] == "employer") & f["employees_only"].fillna(False).astype(bool) &
        f["free_of_charge"].fillna(False).astype(bool) & (lf == "enterprise"),
        (f["kind"] == "kindergarten_class") & ages & ((amin < 24) | (amax > 36)),
        f.get("utility_pricing") == "commercial",
    ]
    return int(sum((active & r.fillna(False).astype(bool)).sum() for r in rules))


def status_kib(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def added_peak_mib(call):
    """The memory call() adds at its peak, its result included: the process's resident high-water mark,
    reset just before the call (Linux: /proc/self/clear_refs), less its resident size then. Memory
    freed earlier is first handed back to the system (glibc's malloc_trim), or the call would reuse it
    unseen. None where the mark cannot be reset."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        before = status_kib("VmRSS")
    except (OSError, KeyError, AttributeError):
        return None
    call()
    return (status_kib("VmHWM") - before) / 1024


def mib(x) -> str:
    return "n/a" if x is None else f"{x:.0f}"


def main():
    print(f"{'records':>9} {'pandas ms':>10} {'tuoyu ms':>10} {'pandas/tuoyu':>13} {'all-cores ms':>13} "
          f"{'pandas/all':>11} {'findings':>9} {'frame MiB':>10} {'pandas +MiB':>12} {'tuoyu +MiB':>11} {'peak MiB':>9}")
    for path in sys.argv[1:]:
        with open(path) as fh:
            obj = json.load(fh)
        frame = pd.json_normalize(obj["facilities"])
        townships = pd.DataFrame(obj["townships"])
        # Untimed: the first read of each non-ASCII string has Python cache its UTF-8 form.
        ds = tuoyu.Dataset(jurisdiction=obj["jurisdiction"], townships=townships, facilities=frame)

        def check(threads):
            return tuoyu.check(tuoyu.Dataset(jurisdiction=obj["jurisdiction"], townships=townships, facilities=frame),
                               as_of="2025-12-31", threads=threads)

        def facility_findings(report):
            return int((report.findings["subject_kind"] == "facility").sum())

        p, t, ta = [], [], []
        got = set()
        for _ in range(3):
            # As timeit does: no cyclic garbage collection inside a timed call (a collection walks the
            # millions of objects json.load made, and lands on whichever side is unlucky), and each
            # call starts with the previous result freed.
            gc.collect()
            gc.disable()
            t0 = time.perf_counter()
            expected = masks(frame)
            p.append(time.perf_counter() - t0)
            # tuoyu on one thread, then the same call on every core (threads=0): the check's rules
            # split between threads; building the Dataset from the frame stays on one.
            for threads, times in ((1, t), (0, ta)):
                gc.collect()
                t0 = time.perf_counter()
                report = check(threads)
                times.append(time.perf_counter() - t0)
                got.add(facility_findings(report))
                report = None
            gc.enable()
        flag = "" if got == {expected} else f" (MISMATCH: pandas {expected}, tuoyu {sorted(got)})"
        gc.collect()
        # The memory each side needs beside the frame, measured once, outside the timed runs.
        pandas_mib = added_peak_mib(lambda: masks(frame))
        tuoyu_mib = added_peak_mib(lambda: check(1))
        frame_mib = frame.memory_usage(deep=True).sum() / 2**20
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        pm, tm, am = statistics.median(p), statistics.median(t), statistics.median(ta)
        print(f"{len(frame):9d} {pm * 1e3:10.1f} {tm * 1e3:10.1f} {pm / tm:12.2f}x {am * 1e3:13.1f} {pm / am:10.2f}x "
              f"{expected:9d} {frame_mib:10.0f} {mib(pandas_mib):>12} {mib(tuoyu_mib):>11} {peak:9.0f}{flag}")
        del ds


if __name__ == "__main__":
    main()
