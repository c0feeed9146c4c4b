"""The offline constraint parser: the spellings judges use, and lines it must refuse."""

from __future__ import annotations

import pytest

from algoitny_core.llm import ConstraintParseError, LLMError
from algoitny_core.llm.constraints import evaluate, parse_constraints, parse_line


def bounds(line: str) -> list[tuple[str, str, object, object]]:
    return [(v.name, v.shape, v.low, v.high) for v in parse_line(line)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1 ≤ N ≤ 100,000", [("N", "scalar", 1, 100_000)]),
        ("1 <= a_i <= 10^9", [("a", "array", 1, 10**9)]),
        (
            "-10^9 ≤ x, y ≤ 10^9",
            [("x", "scalar", -(10**9), 10**9), ("y", "scalar", -(10**9), 10**9)],
        ),
        ("1 ≤ |S| ≤ 1000", [("S", "string", 1, 1000)]),
        ("1 ≤ A_i ≤ 10⁹", [("A", "array", 1, 10**9)]),
        ("2 ≤ N ≤ 2·10^5", [("N", "scalar", 2, 200_000)]),
        ("2 ≤ N ≤ 2 \u00d7 10^5", [("N", "scalar", 2, 200_000)]),
        ("1 ≤ N ≤ 1e5", [("N", "scalar", 1, 100_000)]),
        ("1 ≤ N ≤ 100 000", [("N", "scalar", 1, 100_000)]),
        ("\u22122^31 ≤ x ≤ 2^31 \u2212 1", [("x", "scalar", -(2**31), 2**31 - 1)]),
        ("$$$1 \\le n \\le 2 \\cdot 10^5$$$", [("n", "scalar", 1, 200_000)]),
        ("$1 \\leq a_1, a_2, \\ldots, a_n \\leq 10^{9}$", [("a", "array", 1, 10**9)]),
        (
            "N(1 ≤ N ≤ 100)과 M(1 ≤ M ≤ 10)이 주어진다.",
            [("N", "scalar", 1, 100), ("M", "scalar", 1, 10)],
        ),
        ("0 < x < 10", [("x", "scalar", 1, 9)]),
        ("1 ≤ K ≤ N - 1", [("K", "scalar", 1, ("N", -1))]),
        ("1 ≤ k ≤ n ≤ 100", [("k", "scalar", 1, ("n", 0)), ("n", "scalar", 1, 100)]),
        ("1 ≤ a_{i,j} ≤ 9", [("a", "grid", 1, 9)]),
        ("1 ≤ |S_i| ≤ 20", [("S", "strings", 1, 20)]),
        ("10^5 ≥ N ≥ 1", [("N", "scalar", 1, 100_000)]),
        ("10 > x ≥ 0", [("x", "scalar", 0, 9)]),
    ],
)
def test_reads_constraint_spellings(
    line: str, expected: list[tuple[str, str, object, object]]
) -> None:
    assert bounds(line) == expected


def test_decimal_bounds_keep_their_places() -> None:
    [p] = parse_line("0.0 ≤ p ≤ 1.00")
    assert (p.low, p.high, p.decimals) == (0.0, 1.0, 2)


def test_ellipsis_names_the_array_length() -> None:
    [a] = parse_line("1 ≤ a_1, a_2, ..., a_M ≤ 5")
    assert a.last_index == "M"


def test_string_alphabet_follows_the_statement() -> None:
    [s] = parse_line("1 ≤ |S| ≤ 10, S consists of uppercase letters")
    assert s.alphabet == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@pytest.mark.parametrize(
    ("expr", "value"),
    [("10^9", 10**9), ("2*10^5", 200_000), ("2^31 - 1", 2**31 - 1), ("1e18", 10**18), ("-5", -5)],
)
def test_evaluates_bounds_exactly(expr: str, value: int) -> None:
    assert evaluate(expr) == (value, 0)


@pytest.mark.parametrize(
    "line",
    ["N ≤ 100", "a_1 ≤ a_2 ≤ ... ≤ a_N", "1 ≤ a_1 ≤ a_2 ≤ 10", "1 ≤ N ≤ 10 and K > 3"],
)
def test_unreadable_line_is_named_in_the_error(line: str) -> None:
    with pytest.raises(ConstraintParseError) as info:
        parse_constraints(f"1 ≤ T ≤ 10\n{line}")
    assert info.value.line == line
    assert repr(line) in str(info.value)


def test_prose_lines_are_skipped_and_first_reading_wins() -> None:
    variables = parse_constraints("The first line holds N.\n1 ≤ N ≤ 10\n(1 ≤ N ≤ 99)")
    assert [(v.name, v.high) for v in variables] == [("N", 10)]


def test_no_constraints_is_a_permanent_error() -> None:
    with pytest.raises(LLMError, match="No constraints found"):
        parse_constraints("Print the sum of two numbers.")


def test_parse_error_is_permanent_not_transient() -> None:
    assert issubclass(ConstraintParseError, LLMError)


def test_korean_prose_bounds() -> None:
    text = (
        "첫째 줄에 N이 주어진다. N은 1 이상 100,000 이하의 자연수이다.\n"
        "K는 2보다 크거나 같고 N보다 작거나 같다.\n"
        "두 번 이상 등장하는 수는 없다."  # "이상" in prose is not a bound
    )
    assert [(v.name, v.low, v.high) for v in parse_constraints(text)] == [
        ("N", 1, 100_000),
        ("K", 2, ("N", 0)),
    ]
