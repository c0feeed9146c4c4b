"""``manage.py bench``: the seed report's tables measured (see ``example_project.demo.bench``)."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from example_project.demo.bench import report
from example_project.demo.bench.database import throwaway_database
from example_project.demo.bench.measure import Plan
from example_project.demo.bench.runner import run

FULL = Plan((10, 100, 1000, 10000), task_max_n=1000, min_samples=10, max_samples=100, seconds=2)
QUICK = Plan((10, 100, 1000), task_max_n=100, min_samples=5, max_samples=30, seconds=0.3)


def sizes(text: str) -> tuple[int, ...]:
    values = tuple(int(v) for v in text.split(","))
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("sizes are positive integers, comma-separated")
    return values


class Command(BaseCommand):
    help = "Measure queries, bytes and latency of the API against the naive one and the floor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quick", action="store_true", help="N up to 1000, fewer samples")
        parser.add_argument("--out", type=Path, default=Path("bench-results"), metavar="DIR")
        parser.add_argument("--no-plot", action="store_true", help="skip the PNG")
        parser.add_argument(
            "--profile",
            metavar="ROUTE",
            nargs="+",
            help="instead of measuring, profile these optimized routes at the largest size",
        )
        # For the test suite: tiny sizes, one sample, in the test's own database.
        parser.add_argument("--sizes", type=sizes, help=argparse.SUPPRESS)
        parser.add_argument("--samples", type=int, help=argparse.SUPPRESS)
        parser.add_argument("--in-place", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **opts: Any) -> None:
        self.verbosity = opts["verbosity"]
        plan = QUICK if opts["quick"] else FULL
        if opts["sizes"]:
            plan = replace(plan, sizes=opts["sizes"], task_max_n=max(opts["sizes"]))
        if opts["samples"]:
            plan = replace(plan, min_samples=opts["samples"], max_samples=opts["samples"])
        database = nullcontext() if opts["in_place"] else throwaway_database()
        out: Path = opts["out"]
        out.mkdir(parents=True, exist_ok=True)
        if opts["profile"]:
            from example_project.demo.bench.profile import profile

            with database:
                for path in profile(opts["profile"], max(plan.sizes), out):
                    self.stdout.write(f"Wrote {path}.")
            return
        with database:
            results = run(plan, progress=self.progress)
        (out / "bench.json").write_text(json.dumps(results, indent=2) + "\n")
        markdown = report.markdown(results)
        (out / "bench.md").write_text(markdown + "\n")
        self.stdout.write(markdown)
        if not opts["no_plot"]:
            self.plot(results, out / "bench.png")
        self.stdout.write(f"\nWrote {out / 'bench.json'} and {out / 'bench.md'}.")

    def plot(self, results: dict[str, Any], path: Path) -> None:
        try:
            from example_project.demo.bench.plot import draw

            draw(results, path)
        except ImportError:
            self.stderr.write("matplotlib is not installed: no PNG (pip install '.[bench]').")
            return
        self.stdout.write(f"Drew {path}.")

    def progress(self, line: str) -> None:
        if self.verbosity < 1:
            return
        # One line rewritten in place on a terminal, a line per step in a log.
        sys.stderr.write(f"\r\033[K{line}" if sys.stderr.isatty() else f"{line}\n")
        sys.stderr.flush()
