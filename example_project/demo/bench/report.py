"""The results as Markdown tables in the seed report's format."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

DASH = "\N{EN DASH}"  # a cell with nothing measured or quoted


def table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def size(n: float) -> str:
    for unit in ("B", "kB", "MB"):
        if n < 1000 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")


def ms(value: float | None) -> str:
    if value is None:
        return DASH
    return f"{value:.3g} ms" if value < 100 else f"{value:.0f} ms"


def times(value: float | None) -> str:
    return DASH if value is None else f"{value:.3g}x"


def saving(before: int, after: int) -> str:
    return f"{100 * (before - after) / before:.0f}%" if before else DASH


def _by_size(item: dict[str, Any], sizes: Sequence[str], pick: Any) -> str:
    return " / ".join(pick(item["sizes"][n]) if n in item["sizes"] else DASH for n in sizes)


def queries(results: dict[str, Any]) -> str:
    sizes = [str(n) for n in results["meta"]["sizes"]]
    ns = " / ".join(sizes)
    rows = [
        (
            e["label"],
            e["seed"]["before"] or DASH,
            e["seed"]["after"] or DASH,
            _by_size(e, sizes, lambda m: str(m["naive"]["queries"])),
            _by_size(e, sizes, lambda m: str(m["optimized"]["queries"])),
        )
        for e in results["endpoints"].values()
    ]
    header = ["Endpoint", "Seed before", "Seed after", f"Naive, N = {ns}", f"Optimized, N = {ns}"]
    return table(header, rows)


def tasks(results: dict[str, Any]) -> str:
    sizes = [str(n) for n in results["meta"]["sizes"]]
    ns = " / ".join(sizes)
    rows = [
        (
            f"`{name}`",
            t["label"],
            t["seed"]["before"] or DASH,
            t["seed"]["after"] or DASH,
            _by_size(t, sizes, lambda m: str(m["queries"])),
            _by_size(t, sizes, lambda m: ms(m["seconds"] * 1000)),
        )
        for name, t in results["tasks"].items()
    ]
    header = ["Task", "N is", "Seed before", "Seed after", f"Queries, N = {ns}", f"Time, N = {ns}"]
    return table(header, rows)


def _per_size(results: dict[str, Any]) -> Iterable[tuple[dict[str, Any], str, dict[str, Any]]]:
    for endpoint in results["endpoints"].values():
        for n, m in endpoint["sizes"].items():
            yield endpoint, n, m


def transfer(results: dict[str, Any]) -> str:
    rows = [
        (
            e["label"],
            n,
            size(m["naive"]["db_bytes"]),
            size(m["optimized"]["db_bytes"]),
            saving(m["naive"]["db_bytes"], m["optimized"]["db_bytes"]),
            e["seed"]["saving"] or DASH,
            size(m["naive"]["response_bytes"]),
            size(m["optimized"]["response_bytes"]),
        )
        for e, n, m in _per_size(results)
    ]
    header = "Endpoint|N|DB bytes, naive|DB bytes, optimized|Saving|Seed's saving"
    header += "|Response, naive|Response, optimized"
    return table(header.split("|"), rows)


def latency(results: dict[str, Any]) -> str:
    rows = [
        (
            e["label"],
            n,
            f"{ms(m['naive']['median_ms'])} / {ms(m['naive']['p95_ms'])}",
            f"{ms(m['optimized']['median_ms'])} / {ms(m['optimized']['p95_ms'])}",
            times(m["naive_over_optimized"]),
            ms(m["floor"]["median_ms"]),
            times(m["optimized_over_floor"]),
        )
        for e, n, m in _per_size(results)
    ]
    header = "Endpoint|N|Naive, median / p95|Optimized, median / p95|Naive ÷ optimized"
    header += "|Floor, median|Optimized ÷ floor"
    return table(header.split("|"), rows)


def markdown(results: dict[str, Any]) -> str:
    meta = results["meta"]
    return "\n\n".join(
        [
            f"Database: {meta['database']}; Python {meta['python']}, Django {meta['django']}; "
            f"floor encoded with {meta['floor_encoder']}; {meta['seconds']} s.",
            "### Queries per request (the token lookup of a signed-in request not counted)",
            queries(results),
            f"### Tasks (one run each; tasks that run programs stop at N = {meta['task_max_n']})",
            tasks(results),
            "### Data transfer: bytes fetched from the database and bytes of the response",
            transfer(results),
            "### Latency through Django's test client, and the floor "
            "(one raw SQL query, encoded to JSON)",
            latency(results),
        ]
    )
