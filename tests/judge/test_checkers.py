"""Checkers: tokens (default), exact, float tolerance, and a checker program."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from algoitny_core.judge import InvalidSubmission, get_checker, run_tests

pytestmark = pytest.mark.sqlite_only

ECHO = "import sys\nsys.stdout.write(sys.stdin.read())"


@pytest.mark.parametrize(
    ("output", "expected", "accepted"),
    [
        ("1 2\n3\n", "1\n2 3", True),
        ("  1\t2  3  \n\n", "1 2 3\n", True),
        ("1 2", "1 2 3", False),
        ("1.0", "1", False),
        ("", "", True),
    ],
)
def test_tokens_ignore_whitespace_only(output: str, expected: str, accepted: bool) -> None:
    assert get_checker("tokens")("", output, expected) is accepted


@pytest.mark.parametrize(
    ("output", "expected", "accepted"),
    [
        ("a b\n", "a b\n", True),
        ("a b", "a b\n", True),  # a missing final newline is forgiven
        ("a  b\n", "a b\n", False),
        ("a b\n\n", "a b\n", False),
        ("a\nb\n", "a b\n", False),
    ],
)
def test_exact_compares_the_text(output: str, expected: str, accepted: bool) -> None:
    assert get_checker("exact")("", output, expected) is accepted


@pytest.mark.parametrize(
    ("output", "expected", "accepted"),
    [
        ("0.3333338", "0.333333", True),  # absolute difference under 1e-6
        ("0.333335", "0.333333", False),
        ("1000000.5", "1000000", True),  # relative difference under 1e-6
        ("1000002", "1000000", False),
        ("1e-7", "0", True),
        ("yes 0.5", "yes 0.5000001", True),
        ("no 0.5", "yes 0.5", False),
        ("0.5", "0.5 0.5", False),
        ("nan", "nan", True),
        ("nan", "0", False),
        ("inf", "1e308", False),
    ],
)
def test_float_tolerance_is_absolute_or_relative(
    output: str, expected: str, accepted: bool
) -> None:
    assert get_checker("float:1e-6")("", output, expected) is accepted


def test_float_without_a_tolerance_uses_one_in_a_million() -> None:
    assert get_checker("float")("", "2.0000009", "2")
    assert not get_checker("float")("", "2.000003", "2")
    assert get_checker("float:0.1")("", "2.05", "2")


def test_run_tests_uses_the_checker() -> None:
    tests = [("0.1000004\n", "0.1\n")]
    assert run_tests("python", ECHO, tests).verdict == "WA"
    assert run_tests("python", ECHO, tests, checker="float:1e-6").verdict == "AC"
    assert run_tests("python", ECHO, [("a  b", "a b")], checker="exact").verdict == "WA"
    assert run_tests("python", ECHO, [("a  b", "a b")]).verdict == "AC"


@pytest.fixture
def parity_checker(tmp_path: Path) -> Path:
    """Accepts any number with the parity the answer file names (several right answers)."""
    path = tmp_path / "checker.py"
    path.write_text(
        "#!/usr/bin/env python3\nimport sys\n"
        "inp, out, ans = (open(name).read().split() for name in sys.argv[1:4])\n"
        "ok = len(out) == 1 and out[0].lstrip('-').isdigit()\n"
        "sys.exit(0 if ok and int(out[0]) % 2 == int(ans[0]) % 2 else 1)\n"
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def test_checker_program_accepts_any_right_answer(parity_checker: Path) -> None:
    source = "print(int(input()) + 2)"
    tests = [("4\n", "0\n"), ("7\n", "1\n"), ("1\n", "0\n")]
    result = run_tests("python", source, tests, checker=parity_checker)
    assert [r.verdict for r in result.results] == ["AC", "AC", "WA"]
    assert run_tests("python", source, tests[:1], checker=str(parity_checker)).verdict == "AC"


def test_broken_checker_program_is_an_internal_error(tmp_path: Path) -> None:
    path = tmp_path / "checker.sh"
    path.write_text("#!/bin/sh\nexit 5\n")
    path.chmod(0o755)
    [result] = run_tests("python", ECHO, [("1", "1")], checker=path).results
    assert result.verdict == "IE"
    assert "checker checker.sh failed (5)" in result.message


@pytest.mark.parametrize(
    "spec", ["float:abc", "float:-1", "float:nan", "lines", "checker.py", "/no/such/checker"]
)
def test_bad_checker_is_invalid_input(spec: str) -> None:
    with pytest.raises(InvalidSubmission) as caught:
        run_tests("python", ECHO, [("1", "1")], checker=spec)
    assert caught.value.field == "checker"
    assert isinstance(caught.value, ValueError)


def test_a_callable_is_its_own_checker() -> None:
    def reversed_answer(input: str, output: str, expected: str) -> bool:
        return output.strip() == expected.strip()[::-1]

    assert run_tests("python", ECHO, [("abc", "cba")], checker=reversed_answer).verdict == "AC"
