"""Checkers: does a program's output answer the test?

``"tokens"`` (default) compares whitespace-separated tokens; ``"exact"`` compares the
text, ignoring only a missing final newline; ``"float"`` / ``"float:1e-6"`` compares
tokens, numbers within an absolute or relative tolerance; a path names a checker
program for problems with several right answers, run in the sandbox as
``checker INPUT OUTPUT ANSWER`` (testlib's order): exit 0 accepts, 1 or 2 rejects,
anything else is a broken checker (IE). A callable ``(input, output, expected) -> bool``
is used as is.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

from algoitny_core.judge.errors import InvalidSubmission, SandboxError
from algoitny_core.judge.limits import Limits
from algoitny_core.judge.sandbox import RunRequest, get_runner
from algoitny_core.judge.workdir import fresh_workdir, write_file

Checker = Callable[[str, str, str], bool]
CheckerSpec = str | os.PathLike[str] | Checker
DEFAULT_EPSILON = 1e-6
_CHECKER_LIMITS = Limits(10.0, 20.0, 1024, None, 64 * 1024, 1024 * 1024, 16, 64)


class CheckerError(SandboxError):
    """The checker program itself failed: the verdict is IE, not WA."""


def tokens(input: str, output: str, expected: str) -> bool:
    """Same whitespace-separated tokens."""
    return output.split() == expected.split()


def exact(input: str, output: str, expected: str) -> bool:
    """Same text, except that a missing final newline on either side is forgiven."""
    return output.removesuffix("\n") == expected.removesuffix("\n")


def floats(epsilon: float = DEFAULT_EPSILON) -> Checker:
    """Tokens equal, or both numbers within ``epsilon`` absolute or relative difference."""

    def check(input: str, output: str, expected: str) -> bool:
        got, want = output.split(), expected.split()
        return len(got) == len(want) and all(
            _close(g, w, epsilon) for g, w in zip(got, want, strict=True)
        )

    return check


def _close(got: str, want: str, epsilon: float) -> bool:
    if got == want:
        return True
    try:
        a, b = float(got), float(want)
    except ValueError:
        return False
    if not (math.isfinite(a) and math.isfinite(b)):
        return False  # "nan" or "inf" must match literally
    return abs(a - b) <= epsilon or abs(a - b) <= epsilon * abs(b)


class ProgramChecker:
    """A checker program, run in the sandbox like any other untrusted code."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def __call__(self, input: str, output: str, expected: str) -> bool:
        with fresh_workdir() as workdir:
            write_file(workdir, "checker", self.path.read_bytes(), mode=0o755)
            for name, text in (("input", input), ("output", output), ("answer", expected)):
                write_file(workdir, name, text.encode())
            argv = ["./checker", "input", "output", "answer"]
            done = get_runner().run(RunRequest(argv, workdir, _CHECKER_LIMITS))
        if done.exit_code in (0, 1, 2):
            return done.exit_code == 0
        detail = done.stderr.decode(errors="replace").strip()[:300]
        raise CheckerError(f"checker {self.path.name} failed ({done.exit_code}): {detail}")


def get_checker(spec: CheckerSpec) -> Checker:
    """The checker for ``spec``; ``InvalidSubmission`` (field "checker") when it is bad."""
    if callable(spec):
        return spec
    if isinstance(spec, str) and spec in ("tokens", "exact"):
        return tokens if spec == "tokens" else exact
    if isinstance(spec, str) and (spec == "float" or spec.startswith("float:")):
        try:
            epsilon = float(spec.partition(":")[2] or DEFAULT_EPSILON)
        except ValueError:
            epsilon = -1.0
        if not epsilon >= 0:
            raise InvalidSubmission("checker", f"Bad tolerance in checker {spec!r}.")
        return floats(epsilon)
    path = Path(spec)
    if isinstance(spec, os.PathLike) or os.sep in str(spec):
        if not path.is_file():
            raise InvalidSubmission("checker", f"Checker program {str(spec)!r} does not exist.")
        return ProgramChecker(path)
    raise InvalidSubmission(
        "checker", f"Unknown checker {spec!r}: use tokens, exact, float[:EPS] or a program path."
    )
