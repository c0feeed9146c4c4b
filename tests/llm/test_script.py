"""Generator scripts from the offline backend, run for real with this Python."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from algoitny_core.llm import LLMError
from algoitny_core.llm.constraints import parse_constraints
from algoitny_core.llm.script import render_script

CONSTRAINTS = """첫째 줄에 N과 K가 주어진다. (1 ≤ N ≤ 1,000, 1 ≤ K ≤ N)
-10^9 ≤ a_i ≤ 10^9
1 ≤ x_i, y_i ≤ 100
1 ≤ |S| ≤ 50
"""


@pytest.fixture
def generator(tmp_path: Path) -> Path:
    path = tmp_path / "generator.py"
    path.write_text(render_script(parse_constraints(CONSTRAINTS)), encoding="utf-8")
    return path


def run(path: Path, index: int, seed: int = 7, count: int = 20) -> str:
    """Test ``index`` as the judge asks for it: ``generator.py SEED INDEX COUNT``."""
    argv = [sys.executable, str(path), str(seed), str(index), str(count)]
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout


def read(output: str) -> tuple[int, int, list[int], list[tuple[int, int]], str]:
    """Split an input in the layout the script promises: scalars, array, pairs, string."""
    lines = output.splitlines()
    n, k = map(int, lines[0].split())
    a = list(map(int, lines[1].split()))
    pairs = [tuple(map(int, line.split())) for line in lines[2 : 2 + n]]
    assert len(lines) == 3 + n, "one line of scalars, the array, n pairs, the string"
    return n, k, a, pairs, lines[2 + n]  # type: ignore[return-value]


def test_same_arguments_same_input(generator: Path) -> None:
    assert run(generator, 7) == run(generator, 7)
    assert run(generator, 7) != run(generator, 8)
    assert run(generator, 7, seed=1) != run(generator, 7, seed=2)


@pytest.mark.parametrize("index", range(2, 12))
def test_random_indexes_stay_within_bounds(generator: Path, index: int) -> None:
    n, k, a, pairs, s = read(run(generator, index))
    assert 1 <= n <= 1000
    assert 1 <= k <= n
    assert len(a) == n
    assert all(-(10**9) <= v <= 10**9 for v in a)
    assert all(1 <= x <= 100 and 1 <= y <= 100 for x, y in pairs)
    assert 1 <= len(s) <= 50
    assert s.isalpha() and s.islower()


def test_index_zero_is_every_minimum(generator: Path) -> None:
    n, k, a, pairs, s = read(run(generator, 0))
    assert (n, k, a, pairs, len(s)) == (1, 1, [-(10**9)], [(1, 1)], 1)


def test_index_one_is_every_maximum(generator: Path) -> None:
    n, k, a, pairs, s = read(run(generator, 1))
    assert (n, k, len(s)) == (1000, 1000, 50)
    assert set(a) == {10**9}
    assert set(pairs) == {(100, 100)}


def test_random_indexes_mix_sizes(generator: Path) -> None:
    sizes = {read(run(generator, index))[0] for index in range(2, 14)}
    assert len(sizes) > 3
    assert min(sizes) <= 11  # some indexes keep the input small enough to read


def test_first_line_follows_the_statement_order(tmp_path: Path) -> None:
    path = tmp_path / "generator.py"
    text = "The first line contains n and k ($$$1 \\le k \\le n \\le 5$$$)."
    path.write_text(render_script(parse_constraints(text)), encoding="utf-8")
    n, k = map(int, run(path, 1).split())
    assert (n, k) == (5, 5)
    for index in range(2, 8):
        n, k = map(int, run(path, index).split())
        assert 1 <= k <= n <= 5


def test_grids_strings_and_decimals(tmp_path: Path) -> None:
    path = tmp_path / "generator.py"
    text = "1 ≤ N, M ≤ 4\n0 ≤ g_{i,j} ≤ 9\n1 ≤ |W_i| ≤ 3\n0.0 ≤ p ≤ 1.00"
    path.write_text(render_script(parse_constraints(text)), encoding="utf-8")
    lines = run(path, 1).splitlines()
    assert lines[0] == "4 4 1.00"
    assert lines[1:5] == ["9 9 9 9"] * 4
    assert [len(w) for w in lines[5:]] == [3, 3, 3, 3]
    lines = run(path, 0).splitlines()
    assert lines == ["1 1 0.00", "0", lines[2]]
    assert len(lines[2]) == 1


def test_a_bound_by_another_scalar_tightens_it(tmp_path: Path) -> None:
    path = tmp_path / "generator.py"
    path.write_text(render_script(parse_constraints("1 ≤ N ≤ 10\n2 ≤ K ≤ N")), "utf-8")
    assert run(path, 0) == "2 2\n"  # N = 1 would leave K no valid value
    assert run(path, 1) == "10 10\n"


@pytest.mark.parametrize("args", [[], ["7"], ["7", "0"]])
def test_script_without_its_three_arguments_exits_with_usage(
    generator: Path, args: list[str]
) -> None:
    argv = [sys.executable, str(generator), *args]
    done = subprocess.run(argv, capture_output=True, text=True)
    assert done.returncode != 0
    assert "usage: python3 generator.py SEED INDEX COUNT" in done.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1 ≤ a_i ≤ 10", "length of a"),
        ("1 ≤ N ≤ 5\n1 ≤ a_i ≤ 9\n1 ≤ b_i ≤ a", "refers to a"),
        ("1 ≤ A ≤ B\n1 ≤ B ≤ A", "cycle"),
    ],
)
def test_specs_that_cannot_be_generated_are_permanent_errors(text: str, message: str) -> None:
    with pytest.raises(LLMError, match=message):
        render_script(parse_constraints(text))
