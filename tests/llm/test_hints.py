"""Hints the offline backend reads from the failures themselves."""

from __future__ import annotations

from dataclasses import dataclass

from algoitny_core.llm.hints import MAX_HINTS, first_difference
from algoitny_core.llm.offline import OfflineBackend


@dataclass
class Problem:
    title: str = "Sum"
    constraints: str = "1 ≤ N ≤ 100,000\n1 ≤ a_i ≤ 10^9"


def hints(*failures: dict, problem: Problem | None = None) -> list[str]:
    return OfflineBackend().generate_hints(problem or Problem(), "code", list(failures))


def test_no_failures_no_hints() -> None:
    assert hints() == []


def test_wrong_answer_names_the_first_differing_line() -> None:
    failure = {"verdict": "WA", "input": "3\n1 2 3\n", "expected": "6\n7\n", "output": "6\n8\n"}
    assert hints(failure)[0] == "Wrong answer on test 1: line 2 differs: expected '7', got '8'."


def test_got_is_read_like_output() -> None:
    failure = {"verdict": "WA", "input": "3\n", "expected": "1\n2\n", "got": "1\n"}
    assert "stops after 1 line(s); 2 were expected" in hints(failure)[0]


def test_first_difference_ignores_spacing() -> None:
    assert first_difference("1 2\n", "1  2 \n") is None
    assert first_difference("1\n", "1\n2\n") == "the output has 2 lines; only 1 were expected"


def test_overflow_is_suspected() -> None:
    failure = {
        "verdict": "WA",
        "input": "2\n",
        "expected": "3000000000\n",
        "output": "-1294967296\n",
    }
    assert any("64-bit" in hint for hint in hints(failure))


def test_time_limit_mentions_the_largest_bound() -> None:
    [tle, *_] = hints({"verdict": "TLE", "input": "100000\n", "time": 2.5})
    assert tle.startswith("Time limit exceeded on test 1")
    assert tle.endswith("N can be 100000: aim for O(N log N) or better.")


def test_other_verdicts_are_explained() -> None:
    found = hints(
        {"verdict": "MLE", "input": "5\n"},
        {"verdict": "RE", "input": "5\n"},
        {"verdict": "OLE", "input": "5\n"},
        {"verdict": "CE", "error": "main.cpp:1: error: expected ';'\nmore"},
    )
    assert found[0].startswith("Memory limit exceeded on test 1")
    assert found[1].startswith("Runtime error on test 2: look for an index out of range")
    assert found[2].startswith("Output limit exceeded on test 3")
    assert found[3] == (
        "Compilation error: the code did not compile, so no test ran. "
        "The compiler said: \"main.cpp:1: error: expected ';'\"."
    )


def test_edge_sizes_are_named() -> None:
    found = hints(
        {"verdict": "WA", "input": "1\n7\n", "expected": "7\n", "output": "0\n"},
        {"verdict": "TLE", "input": "100000\n1 1 1\n"},
    )
    assert found[-1] == (
        "Failing inputs include edge cases: N = 1 (its minimum), N = 100000 (its maximum)."
    )


def test_without_edges_sizes_are_reported() -> None:
    found = hints({"verdict": "WA", "input": "5\n1 2 3 4 5\n", "expected": "1\n", "output": "2\n"})
    assert found[-1].startswith("The failing inputs are 12 to 12 characters long")


def test_unreadable_constraints_do_not_stop_hints() -> None:
    failure = {"verdict": "RE", "input": "1\n"}
    assert hints(failure, problem=Problem(constraints="N ≤ 5"))[0].startswith("Runtime error")


def test_hints_are_capped_and_unique() -> None:
    same = {"verdict": "RE", "input": "5\n", "index": 1}
    many = [{"verdict": "MLE", "input": "5\n", "index": i} for i in range(10)]
    found = hints(same, same, *many)
    assert len(found) == MAX_HINTS
    assert len(set(found)) == len(found)
