"""The load test's table: locust's CSV summaries, optimized beside naive, as Markdown and JSON.

``python -m example_project.loadtest.report DIR`` reads ``DIR/{api,naive}-<User>_stats.csv``.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

USERS = {
    "ProblemListUser": "problem list (100 per page)",
    "ProblemDetailUser": "problem detail (50 test cases)",
    "HistoryListUser": "history list (100 per page)",
}
APIS = {"api": "optimized", "naive": "naive"}


def summary(path: Path) -> dict[str, float]:
    with path.open(newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    return {
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p99_ms": float(row["99%"]),
    }


def main(out: Path) -> None:
    results = {
        label: {APIS[api]: summary(out / f"{api}-{user}_stats.csv") for api in APIS}
        for user, label in USERS.items()
    }
    (out / "loadtest.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        "| Endpoint | API | Requests/s | p50 | p99 | Errors / requests |",
        "|---|---|---|---|---|---|",
    ]
    for label, by_api in results.items():
        for api, m in by_api.items():
            lines.append(
                f"| {label} | {api} | {m['rps']:.1f} | {m['p50_ms']:.0f} ms "
                f"| {m['p99_ms']:.0f} ms | {m['errors']} / {m['requests']} |"
            )
    table = "\n".join(lines)
    (out / "loadtest.md").write_text(table + "\n")
    print(table)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
