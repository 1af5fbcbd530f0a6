"""check() releases the GIL: eight threads at once share one rulebook and one dataset and agree."""
import concurrent.futures
import threading
import time

import tuoyu
from conftest import ROOT


def test_eight_threads_get_identical_results():
    ds = tuoyu.Dataset.from_json(ROOT / "examples" / "data" / "zezhou-sample.json")
    book = tuoyu.rulebook("zezhou-2022")
    dates = ["2023-06-30", "2024-12-31", "2025-12-31", "2026-12-31"]
    expected = {d: tuoyu.check(ds, as_of=d, rulebook=book).to_json() for d in dates}
    start = threading.Barrier(8)

    def work(i):
        start.wait()
        out = []
        for k in range(40):
            d = dates[(i + k) % len(dates)]
            out.append((d, tuoyu.check(ds, as_of=d, rulebook=book).to_json()))
        return out

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    assert sum(len(r) for r in results) == 320
    for r in results:
        for d, text in r:
            assert text == expected[d]


def test_the_gil_is_released_while_checking():
    # A big dataset: while one thread checks it, another Python thread keeps running.
    obj = {"jurisdiction": {"id": "j", "name": "j", "population": 10_000_000},
           "townships": [{"id": f"T{i}", "name": f"t{i}", "population": 1000} for i in range(200)],
           "facilities": [{"id": f"F{i}", "name": "f", "township": f"T{i % 200}", "kind": "nursery",
                           "legal_form": "enterprise", "status": "operating", "capacity": 10,
                           "registration": {"authority": "admin_approval", "scope_includes_childcare": True},
                           "filing": None} for i in range(10_000)]}
    ds = tuoyu.Dataset.from_dict(obj)
    ticks = 0
    done = threading.Event()

    def ticker():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.0005)

    t = threading.Thread(target=ticker)
    t.start()
    time.sleep(0.01)
    before = ticks
    began = time.perf_counter()
    report = tuoyu.check(ds, as_of="2025-12-31")
    elapsed = time.perf_counter() - began
    during = ticks - before
    done.set()
    t.join()
    assert len(report) >= 10_000
    # With the GIL held for the whole check the ticker could not run at all.
    assert during >= min(5, elapsed / 0.01), (during, elapsed)
