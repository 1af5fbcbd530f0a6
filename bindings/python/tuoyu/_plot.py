"""Report.plot(): counted places per 1,000 residents against the target in force (matplotlib)."""
from __future__ import annotations

from typing import Any


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - exercised by monkeypatching in the tests
        raise ImportError(
            "Report.plot() needs matplotlib: pip install 'tuoyu[plot]' (or pip install matplotlib)"
        ) from e
    return plt


def plot_capacity(report: Any, ax: Any = None, names: bool = False) -> Any:
    plt = _pyplot()
    if report._dataset is None:
        raise ValueError("this report has no dataset to plot (it came from lint)")
    metrics = report.metrics
    townships = {t["id"]: t for t in report._dataset._summary().townships()}
    labels, values = [], []
    for t in metrics["townships"]:
        info = townships.get(t["id"], {"name": t["id"], "population": 0})
        # Township ids by default: Chinese names need a CJK font, which many matplotlib setups lack.
        labels.append(f"{info['name']} {t['id']}" if names else t["id"])
        values.append(t["counted_capacity"] * 1000 / info["population"] if info["population"] else 0.0)
    labels.append("county")
    values.append(metrics["capacity_per_1000"])

    if ax is None:
        fig, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(labels)), 4.0))
    else:
        fig = ax.figure
    colors = ["#7aa6c2"] * (len(values) - 1) + ["#1f4e79"]
    target = metrics.get("capacity_target")
    if target:
        colors = [c if v >= target["value"] else ("#d9822b" if c == "#7aa6c2" else "#a33") for c, v in zip(colors, values)]
    ax.bar(range(len(values)), values, color=colors)
    ax.set_xticks(range(len(values)))
    ax.set_xticklabels(labels, rotation=60, ha="right", fontsize=8)
    ax.set_ylabel("counted places per 1,000 residents")
    ax.set_title(f"Childcare places per 1,000, as of {report.as_of}")
    if target:
        ax.axhline(target["value"], color="#a33", linestyle="--", linewidth=1.2,
                   label=f"target {target['value']:g} (from {target['from']})")
        ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    return fig
