"""Hints computed from the failures themselves, for the offline backend.

A failure is a mapping with ``verdict``, ``input``, ``expected``, ``output`` (or ``got``),
and optionally ``time``, ``memory`` and ``error``; missing keys are read as empty.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from algoitny_core.llm.base import LLMError, ProblemLike
from algoitny_core.llm.constraints import Variable, parse_constraints

MAX_HINTS = 6
_EXCERPT = 60
_INT32_MAX = 2**31 - 1

_VERDICTS = {
    "TLE": "Time limit exceeded{where}: the algorithm is too slow for the input size.{bound}",
    "MLE": "Memory limit exceeded{where}: avoid storing every intermediate value "
    "(large 2-D tables, deep recursion, lists of lists); keep only what the next step needs.",
    "RE": "Runtime error{where}: look for an index out of range, a division by zero, "
    "recursion deeper than the default limit, or reading more input than there is.",
    "OLE": "Output limit exceeded{where}: the program printed far more than expected; "
    "check for a print inside a loop or a loop that never ends.",
    "CE": "Compilation error: the code did not compile, so no test ran.{detail}",
    "IE": "The judge could not run this test{where}; it is not a fault in the code.",
}


def _excerpt(text: str) -> str:
    text = text if len(text) <= _EXCERPT else text[: _EXCERPT - 3] + "..."
    return repr(text)


def _output(failure: Mapping[str, Any]) -> str:
    return str(failure.get("output", failure.get("got", "")) or "")


def first_difference(expected: str, got: str) -> str | None:
    """A sentence naming the first line where ``got`` differs from ``expected``."""
    want, have = expected.rstrip().splitlines(), got.rstrip().splitlines()
    for number, (line_want, line_have) in enumerate(zip(want, have, strict=False), start=1):
        if line_want.split() != line_have.split():
            return (
                f"line {number} differs: expected {_excerpt(line_want.strip())}, "
                f"got {_excerpt(line_have.strip())}"
            )
    if len(have) < len(want):
        return f"the output stops after {len(have)} line(s); {len(want)} were expected"
    if len(have) > len(want):
        return f"the output has {len(have)} lines; only {len(want)} were expected"
    return None


def _overflow(expected: str, got: str) -> bool:
    """A huge expected number printed as a negative or wrapped one suggests 32-bit overflow."""
    want = [int(t) for t in re.findall(r"-?\d+", expected)]
    have = [int(t) for t in re.findall(r"-?\d+", got)]
    return any(abs(w) > _INT32_MAX and w != h for w, h in zip(want, have, strict=False))


def _sizes(problem: ProblemLike) -> list[Variable]:
    try:
        return [v for v in parse_constraints(problem.constraints or "") if v.shape == "scalar"]
    except LLMError:
        return []  # hints are still useful without the constraints


def _edges(failures: Sequence[Mapping[str, Any]], scalars: list[Variable]) -> list[str]:
    """Which failing inputs sit at a constraint's minimum or maximum."""
    found: list[str] = []
    for failure in failures:
        first_line = str(failure.get("input", "")).strip().splitlines()[:1]
        tokens = first_line[0].split() if first_line else []
        for variable, token in zip(scalars, tokens, strict=False):
            for edge, label in ((variable.low, "minimum"), (variable.high, "maximum")):
                if isinstance(edge, int | float) and token == str(edge):
                    note = f"{variable.name} = {token} (its {label})"
                    if note not in found:
                        found.append(note)
    return found


def offline_hints(
    problem: ProblemLike, code: str, failures: Sequence[Mapping[str, Any]]
) -> list[str]:
    """Up to ``MAX_HINTS`` hints, most telling first; none when nothing failed."""
    hints: list[str] = []
    scalars = _sizes(problem)
    numeric = [v for v in scalars if isinstance(v.high, int)]
    largest = max(numeric, key=lambda v: v.high, default=None)
    for index, failure in enumerate(failures, start=1):
        verdict = str(failure.get("verdict", "")).upper()
        where = f" on test {failure.get('index', index)}"
        if verdict == "WA":
            expected, got = str(failure.get("expected", "")), _output(failure)
            difference = first_difference(expected, got)
            if difference:
                hints.append(f"Wrong answer{where}: {difference}.")
            if _overflow(expected, got):
                hints.append(
                    "An expected value exceeds 2^31 - 1 and your output differs there: "
                    "use a 64-bit type (long long in C++, long in Java)."
                )
        elif verdict in _VERDICTS:
            bound = (
                f" {largest.name} can be {largest.high}: aim for O(N log N) or better."
                if largest is not None and largest.high >= 10**4  # type: ignore[operator]
                else ""
            )
            error = str(failure.get("error", "")).strip().splitlines()[:1]
            detail = f" The compiler said: {_excerpt(error[0])}." if error else ""
            hints.append(_VERDICTS[verdict].format(where=where, bound=bound, detail=detail))
    edges = _edges(failures, scalars)
    if edges:
        hints.append("Failing inputs include edge cases: " + ", ".join(edges) + ".")
    elif failures:
        sizes = [len(str(f.get("input", ""))) for f in failures]
        hints.append(
            f"The failing inputs are {min(sizes)} to {max(sizes)} characters long; "
            "try the smallest case by hand (N = 1, empty or single-element input)."
        )
    unique = list(dict.fromkeys(hints))
    return unique[:MAX_HINTS]
