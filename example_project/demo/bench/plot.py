"""One PNG: queries and median latency against N, optimized vs naive, log scales."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def draw(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5), constrained_layout=True)
    colors = plt.get_cmap("tab10")
    for i, endpoint in enumerate(results["endpoints"].values()):
        sizes = [int(n) for n in endpoint["sizes"]]
        measured = list(endpoint["sizes"].values())
        for variant, style in (("naive", "--"), ("optimized", "-")):
            kwargs = {"color": colors(i), "linestyle": style, "marker": "o", "markersize": 3}
            label = endpoint["label"] if variant == "optimized" else None
            left.plot(sizes, [m[variant]["queries"] for m in measured], label=label, **kwargs)
            right.plot(sizes, [m[variant]["median_ms"] for m in measured], **kwargs)
    for axis, title, unit in (
        (left, "Queries per request", "queries"),
        (right, "Median latency (test client)", "ms"),
    ):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("N (rows per page, test cases, runs)")
        axis.set_ylabel(unit)
        axis.set_title(title)
        axis.grid(True, which="major", alpha=0.3)
    left.legend(fontsize=7, loc="upper left")
    fig.suptitle(f"Optimized (solid) vs naive (dashed), {results['meta']['database']}")
    fig.savefig(path, dpi=110)
    plt.close(fig)
