"""Turn parsed constraints into a self-contained Python generator script.

The script follows the judge's generator contract (``algoitny_core.judge.generation``):
``python3 generator.py SEED INDEX COUNT`` prints test INDEX of COUNT, the same one for the
same arguments; index 0 sets every value to its minimum, index 1 to its maximum, other
indexes draw random values seeded from (SEED, INDEX), sizes kept small for some of them so
failures are readable. The layout is a best guess without the statement's prose: scalars on the
first line in the order the constraints name them, then each array on a line (arrays
named in one constraint side by side, one row per index), grids row by row, strings on
their own lines.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from algoitny_core.llm.base import LLMError
from algoitny_core.llm.constraints import Bound, Variable

_LENGTH_NAMES = ("N", "n")
_COLUMN_NAMES = ("M", "m")

_TEMPLATE = '''"""Test-input generator (algoitny-core offline backend).

Usage: python3 generator.py SEED INDEX COUNT -- prints test INDEX (0 to COUNT - 1).
Index 0: every value at its minimum; index 1: every value at its maximum; any other
index: random values within the constraints, seeded from SEED and INDEX.
"""

import random
import sys

SPEC = {spec!r}
# A misread constraint must not write gigabytes: no array, grid or string exceeds this.
MAX_ITEMS = 10**6
CAPS = (10, 1000, None)  # size caps for random indexes, chosen by index % 3


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: python3 generator.py SEED INDEX COUNT")
    seed, index = int(argv[1]), int(argv[2])
    rng = random.Random(f"{{seed}}:{{index}}")
    mode = {{0: "min", 1: "max"}}.get(index, "random")
    cap = CAPS[index % 3] if mode == "random" else None
    values = {{}}

    def pick(field, size=False):
        low, high = (
            values[b[0]] + b[1] if isinstance(b, list) else b
            for b in (field["low"], field["high"])
        )
        high = max(high, low)
        if mode == "min":
            return low
        if mode == "max":
            return high
        if size and cap is not None:
            high = min(high, low + cap)
        roll = rng.random()
        if roll < 0.1:
            return low
        if roll < 0.2:
            return high
        if field["decimals"]:
            return round(rng.uniform(low, high), field["decimals"])
        return rng.randint(low, high)

    def text(field, value):
        return f"{{value:.{{field['decimals']}}f}}" if field["decimals"] else str(value)

    def count(name):
        return max(0, min(int(values[name]), MAX_ITEMS))

    def word(field, alphabet):
        size = min(pick(field, size=True), MAX_ITEMS)
        return "".join(rng.choice(alphabet) for _ in range(size))

    for field in SPEC["scalars"]:
        values[field["name"]] = pick(field, field["name"] in SPEC["sizes"])
    lines = []
    if SPEC["first_line"]:
        by_name = {{f["name"]: f for f in SPEC["scalars"]}}
        lines.append(" ".join(text(by_name[n], values[n]) for n in SPEC["first_line"]))
    for block in SPEC["blocks"]:
        kind = block["kind"]
        if kind == "arrays":
            columns = [[text(f, pick(f)) for _ in range(count(block["length"]))]
                       for f in block["columns"]]
            if len(columns) == 1:
                lines.append(" ".join(columns[0]))
            else:
                lines.extend(" ".join(row) for row in zip(*columns))
        elif kind == "grid":
            cols = count(block["cols"])
            rows = min(count(block["rows"]), MAX_ITEMS // max(cols, 1))
            cell = block["cell"]
            for _ in range(rows):
                lines.append(" ".join(text(cell, pick(cell)) for _ in range(cols)))
        elif kind == "string":
            lines.append(word(block["size"], block["alphabet"]))
        else:
            for _ in range(count(block["count"])):
                lines.append(word(block["size"], block["alphabet"]))
    sys.stdout.write("\\n".join(lines) + "\\n")


if __name__ == "__main__":
    main(sys.argv)
'''


def _bound(bound: Bound) -> Any:
    return list(bound) if isinstance(bound, tuple) else bound


def _field(variable: Variable) -> dict[str, Any]:
    return {
        "name": variable.name,
        "low": _bound(variable.low),
        "high": _bound(variable.high),
        "decimals": variable.decimals,
    }


def _scalar_order(scalars: list[Variable]) -> list[Variable]:
    """Scalars ordered so that each comes after the scalars its bounds refer to."""
    by_name = {v.name: v for v in scalars}
    ordered: list[Variable] = []
    visiting: set[str] = set()

    def visit(variable: Variable) -> None:
        if variable in ordered:
            return
        if variable.name in visiting:
            raise LLMError(f"The constraints on {variable.name} refer to each other in a cycle.")
        visiting.add(variable.name)
        for bound in (variable.low, variable.high):
            if isinstance(bound, tuple):
                visit(by_name[bound[0]])
        ordered.append(variable)

    for variable in scalars:
        visit(variable)
    return ordered


def _propagate(variables: list[Variable]) -> list[Variable]:
    """Tighten scalars that bound others: ``2 ≤ K ≤ N`` means N is at least 2 as well.

    Without this, index 0 would print N = 1 and K = 2 for ``1 ≤ N ≤ 10, 2 ≤ K ≤ N``.
    """
    copies = [dataclasses.replace(v) for v in variables]
    scalars = {v.name: v for v in copies if v.shape == "scalar"}
    for variable in copies:
        low, high = variable.low, variable.high
        if isinstance(high, tuple) and not isinstance(low, tuple) and high[0] in scalars:
            target = scalars[high[0]]
            if not isinstance(target.low, tuple) and target.low < low - high[1]:
                target.low = low - high[1]
        if isinstance(low, tuple) and not isinstance(high, tuple) and low[0] in scalars:
            target = scalars[low[0]]
            if not isinstance(target.high, tuple) and target.high > high - low[1]:
                target.high = high - low[1]
    return copies


def build_spec(variables: list[Variable]) -> dict[str, Any]:
    """The generator's data: scalars in evaluation order, what they size, and the blocks."""
    variables = _propagate(variables)
    scalars = [v for v in variables if v.shape == "scalar"]
    scalar_names = [v.name for v in scalars]
    for variable in variables:
        for bound in (variable.low, variable.high):
            if isinstance(bound, tuple) and bound[0] not in scalar_names:
                raise LLMError(
                    f"The bound of {variable.name} refers to {bound[0]}, "
                    "which is not a single number in the constraints."
                )

    def length_of(variable: Variable, preferred: tuple[str, ...] = _LENGTH_NAMES) -> str:
        for name in (variable.last_index, *preferred):
            if name in scalar_names:
                return name
        if not scalar_names:
            raise LLMError(f"No constraint gives the length of {variable.name}.")
        return scalar_names[0]

    sizes: set[str] = set()
    blocks: list[dict[str, Any]] = []
    arrays: dict[int, dict[str, Any]] = {}
    for variable in variables:
        if variable.shape == "array":
            length = length_of(variable)
            block = arrays.get(variable.group)
            if block is None or block["length"] != length:
                block = {"kind": "arrays", "length": length, "columns": []}
                arrays[variable.group] = block
                blocks.append(block)
            block["columns"].append(_field(variable))
            sizes.add(length)
        elif variable.shape == "grid":
            rows = length_of(variable)
            cols = length_of(variable, _COLUMN_NAMES + _LENGTH_NAMES)
            blocks.append({"kind": "grid", "rows": rows, "cols": cols, "cell": _field(variable)})
            sizes.update((rows, cols))
        elif variable.shape in ("string", "strings"):
            block = {
                "kind": variable.shape,
                "size": _field(variable),
                "alphabet": variable.alphabet,
            }
            if variable.shape == "strings":
                block["count"] = length_of(variable)
                sizes.add(block["count"])
            blocks.append(block)
    return {
        "scalars": [_field(v) for v in _scalar_order(scalars)],
        "first_line": [v.name for v in sorted(scalars, key=lambda v: v.mention)],
        "sizes": sorted(sizes),
        "blocks": blocks,
    }


def render_script(variables: list[Variable]) -> str:
    """Python source of the generator for ``variables``."""
    return _TEMPLATE.format(spec=build_spec(variables))
