"""Report views for notebooks: by_department(), _repr_html_(), plot()."""
import sys

import pytest

import tuoyu
from conftest import ROOT, small_obj


@pytest.fixture(scope="module")
def report():
    return tuoyu.check(tuoyu.Dataset.from_json(ROOT / "examples" / "data" / "zezhou-sample.json"), as_of="2025-12-31")


def test_by_department_counts(report):
    table = report.by_department()
    assert list(table.columns) == ["id", "name", "error", "warning", "info", "findings", "rules", "clauses"]
    f = report.findings
    assert table["findings"].sum() == sum(len(r) for r in f["responsible"])
    assert (table["findings"] == table["error"] + table["warning"] + table["info"]).all()
    assert set(table["id"]) == {d for r in f["responsible"] for d in r}
    health = table.set_index("id").loc["health"]
    assert health["name"] == "县卫生健康和体育局"
    mine = f[[("health" in r) for r in f["responsible"]]]
    assert health["error"] == (mine["severity"] == "error").sum()
    assert set(health["rules"]) == set(mine["rule"])
    assert all(", " not in c for c in health["clauses"])
    errors = list(table["error"])
    assert errors == sorted(errors, reverse=True)


def test_by_department_of_an_empty_report():
    r = tuoyu.check(tuoyu.Dataset.from_dict(small_obj()), as_of="2020-01-01")
    assert r.by_department().empty


def test_repr_html(report):
    html = report._repr_html_()
    s = report.summary
    assert f"{s['error']} errors" in html and f"{s['warning']} warnings" in html
    assert "ZZ-CAPACITY" in html and "4.156" in html and "target 4.5 from 2025-12-31" in html
    assert html.count("<tr>") == len(set(report.findings["rule"])) + 1
    assert repr(report).startswith("<tuoyu.Report zezhou-2022 as of 2025-12-31: ")


def test_plot(report):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = report.plot()
    try:
        ax = fig.axes[0]
        bars = ax.patches
        m = report.metrics
        assert len(bars) == len(m["townships"]) + 1
        assert bars[-1].get_height() == pytest.approx(m["capacity_per_1000"])
        target_lines = [l for l in ax.get_lines() if list(l.get_ydata()) == [4.5, 4.5]]
        assert len(target_lines) == 1
        assert [t.get_text() for t in ax.get_xticklabels()][-1] == "county"
        fig.canvas.draw()
    finally:
        plt.close(fig)


def test_plot_township_rates(report):
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    ds = tuoyu.Dataset.from_json(ROOT / "examples" / "data" / "zezhou-sample.json")
    population = {t["id"]: t["population"] for t in ds.townships.to_dict("records")}
    fig = report.plot()
    try:
        heights = [b.get_height() for b in fig.axes[0].patches][:-1]
        expected = [t["counted_capacity"] * 1000 / population[t["id"]] for t in report.metrics["townships"]]
        assert heights == pytest.approx(expected)
    finally:
        plt.close(fig)


def test_plot_without_matplotlib(report, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"tuoyu\[plot\]"):
        report.plot()


def test_plot_of_lint_report_is_refused():
    pytest.importorskip("matplotlib")
    with pytest.raises(ValueError, match="no dataset"):
        tuoyu.rulebook().lint(as_of="2025-12-31").plot()
