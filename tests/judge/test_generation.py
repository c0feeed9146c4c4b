"""``generate_test_cases``: a generator script and a reference solution make test cases."""

from __future__ import annotations

import pytest

from algoitny_core.judge import InvalidSubmission, generate_test_cases
from algoitny_core.judge.generation import script_hash
from algoitny_core.llm.constraints import parse_constraints
from algoitny_core.llm.script import render_script

pytestmark = pytest.mark.sqlite_only

GENERATOR = (
    "import random, sys\nseed, index, count = map(int, sys.argv[1:4])\n"
    "rng = random.Random(f'{seed}:{index}')\n"
    "print(rng.randint(1, 1000), rng.randint(1, 1000))\n"
)
SUM = "a, b = map(int, input().split())\nprint(a + b)"


def test_cases_are_made_from_the_generator_and_the_solution() -> None:
    result = generate_test_cases(GENERATOR, SUM, "python", count=4, seed=11)
    assert (result.ok, result.error, result.stage) == (True, "", None)
    assert (result.seed, result.script_hash) == (11, script_hash(GENERATOR))
    assert len(result.cases) == 4
    for case in result.cases:
        a, b = map(int, case.input.split())
        assert case.output == f"{a + b}\n"


def test_same_seed_same_cases_and_a_random_seed_is_reported() -> None:
    first = generate_test_cases(GENERATOR, SUM, "python", count=3, seed=5)
    again = generate_test_cases(GENERATOR, SUM, "python", count=3, seed=5)
    other = generate_test_cases(GENERATOR, SUM, "python", count=3, seed=6)
    assert first.cases == again.cases
    assert first.cases != other.cases
    assert len({case.input for case in first.cases}) == 3  # the index varies the test
    unseeded = generate_test_cases(GENERATOR, SUM, "python", count=1)
    assert generate_test_cases(GENERATOR, SUM, "python", count=1, seed=unseeded.seed).cases == (
        unseeded.cases
    )


def test_solution_in_cpp() -> None:
    solution = (
        '#include <cstdio>\nint main() { int a, b; scanf("%d %d", &a, &b);'
        ' printf("%d\\n", a + b); }'
    )
    result = generate_test_cases(GENERATOR, solution, "cpp", count=2, seed=1)
    assert result.ok
    assert [c.output for c in result.cases] == [
        f"{sum(map(int, c.input.split()))}\n" for c in result.cases
    ]


@pytest.mark.parametrize(
    ("generator", "solution", "stage", "index", "error"),
    [
        (GENERATOR + "if index == 2:\n    raise SystemExit(4)\n", SUM, "generator", 2,
         "generator: RE (Exit code 4."),
        ("import sys\nif sys.argv[2] == '1':\n    print('   ')\nelse:\n    print(1, 2)\n", SUM,
         "generator", 1, "generator printed nothing"),
        ("def broken(:\n", SUM, "generator", None, "generator does not compile"),
        ("while True:\n    pass\n", SUM, "generator", 0, "generator: TLE"),
        (GENERATOR, "print(1 // 0)", "solution", 0, "ZeroDivisionError"),
        (GENERATOR, "int main( {}", "solution", None, "solution does not compile"),
    ],
)  # fmt: skip
def test_failures_name_their_stage(
    generator: str, solution: str, stage: str, index: int | None, error: str
) -> None:
    language = "cpp" if "main(" in solution else "python"
    result = generate_test_cases(generator, solution, language, count=3, seed=1, time_limit=0.5)
    assert (result.ok, result.stage, result.index, result.cases) == (False, stage, index, [])
    assert error in result.error


def test_validator_rejection_fails_the_generation() -> None:
    def small_sums(text: str) -> bool:
        return sum(map(int, text.split())) < 1000

    result = generate_test_cases(GENERATOR, SUM, "python", count=5, seed=3, validate=small_sums)
    assert (result.ok, result.stage) == (False, "validation")
    assert result.error == f"input {result.index}: the validator rejected it"


def test_validator_says_why_by_raising() -> None:
    def no_equal_numbers(text: str) -> None:
        a, b = text.split()
        if a != b:
            raise ValueError(f"{a} and {b} differ")

    result = generate_test_cases(
        GENERATOR, SUM, "python", count=1, seed=3, validate=no_equal_numbers
    )
    assert (result.ok, result.stage, result.index) == (False, "validation", 0)
    assert result.error.startswith("input 0: ") and result.error.endswith(" differ")


@pytest.mark.parametrize("count", [0, 1001])
def test_count_out_of_range_is_invalid(count: int) -> None:
    with pytest.raises(InvalidSubmission) as caught:
        generate_test_cases(GENERATOR, SUM, "python", count=count)
    assert caught.value.field == "count"


def test_an_offline_generated_script_runs_through_the_judge() -> None:
    constraints = "1 ≤ N ≤ 50\n-1000 ≤ a_i ≤ 1000"
    script = render_script(parse_constraints(constraints))
    solution = "input()\nprint(sum(map(int, input().split())))"

    def within_constraints(text: str) -> bool:
        first, second = text.splitlines()
        numbers = list(map(int, second.split()))
        return (
            1 <= int(first) <= 50
            and len(numbers) == int(first)
            and all(-1000 <= a <= 1000 for a in numbers)
        )

    result = generate_test_cases(
        script, solution, "python", count=6, seed=42, validate=within_constraints
    )
    assert result.ok, result.error
    assert result.cases[0].input == "1\n-1000\n"  # index 0: every minimum
    assert result.cases[1].input == "50\n" + " ".join(["1000"] * 50) + "\n"  # index 1: maxima
    assert result.cases[1].output == "50000\n"
    for case in result.cases:
        assert case.output == f"{sum(map(int, case.input.splitlines()[1].split()))}\n"
