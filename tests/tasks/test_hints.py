from __future__ import annotations

from typing import Any

import pytest

from algoitny_core.llm import LLMError, TransientLLMError
from algoitny_core.models import Problem, SearchHistory
from algoitny_core.tasks import generate_hints_task
from algoitny_core.tasks.hints import failures
from algoitny_core.testing import assert_constant_queries, assert_num_queries
from tests.factories import make_history, make_problem
from tests.tasks.backends import InTurn

pytestmark = pytest.mark.django_db


def wrong_answer(i: int = 0) -> dict[str, Any]:
    return {"index": i, "verdict": "WA", "input": "1 2\n", "expected": "3\n", "output": "4\n"}


def accepted(i: int = 0) -> dict[str, Any]:
    return {"index": i, "verdict": "AC", "output": "3\n"}


def run(history_id: int) -> dict[str, Any]:
    return generate_hints_task.apply((history_id,), throw=True).get()


def reload(history: SearchHistory) -> SearchHistory:
    return SearchHistory.objects.get(pk=history.pk)


def test_hints_are_stored_on_the_run(backend):
    history = make_history(test_results=[accepted(0), wrong_answer(1)])
    backend.answers["hints"] = ["Check the sum.", "Try n = 1."]
    assert run(history.pk) == {
        "history_id": history.pk,
        "hints": ["Check the sum.", "Try n = 1."],
        "error": "",
    }
    assert reload(history).hints == ["Check the sum.", "Try n = 1."]
    assert backend.calls == [("hints", ("A+B", 1))]


def test_two_queries_whatever_the_number_of_tests_and_runs(backend):
    history_ids = []

    def setup(n: int) -> None:
        problem = make_problem(test_cases=n)
        for _ in range(n):
            make_history(problem=problem, test_results=[wrong_answer()])
        results = [accepted(i) for i in range(n)] + [wrong_answer(i) for i in range(n)]
        history_ids.append(make_history(problem=problem, test_results=results).pk)

    counts = assert_constant_queries(setup, lambda: run(history_ids[-1]), sizes=(1, 20))
    assert counts == {1: 2, 20: 2}
    history = make_history(test_results=[wrong_answer()])
    with assert_num_queries(2) as log:
        run(history.pk)
    select, update = log.queries
    assert "JOIN" in select.sql  # the problem comes with the run
    assert update.sql.startswith("UPDATE")


def test_the_backend_is_called_with_no_transaction_open(backend, transactional_db):
    run(make_history(test_results=[wrong_answer()]).pk)
    assert backend.atomic == [False]


@pytest.mark.parametrize("results", [[], [accepted(0), accepted(1)], {}, "garbage"])
def test_a_run_without_failures_costs_one_query_and_no_backend_call(backend, results):
    history = make_history(test_results=results)
    with assert_num_queries(1):
        assert run(history.pk)["hints"] is None
    assert backend.calls == []
    assert reload(history).hints is None


def test_hints_already_there_cost_one_query_and_no_backend_call(backend):
    history = make_history(test_results=[wrong_answer()], hints=["Old hint."])
    with assert_num_queries(1):
        assert run(history.pk)["hints"] == ["Old hint."]
    assert backend.calls == []


def test_running_twice_asks_the_backend_once(backend):
    history = make_history(test_results=[wrong_answer()])
    run(history.pk)
    run(history.pk)
    assert backend.count("hints") == 1
    assert reload(history).hints == ["Check n = 1."]


def test_hints_written_meanwhile_are_kept(backend):
    history = make_history(test_results=[wrong_answer()])

    def written_by_a_concurrent_run() -> list[str]:
        SearchHistory.objects.filter(pk=history.pk).update(hints=["First."])
        return ["Second."]

    backend.answers["hints"] = written_by_a_concurrent_run
    run(history.pk)
    assert reload(history).hints == ["First."]


def test_a_missing_run_costs_one_query(backend):
    with assert_num_queries(1):
        assert run(987654)["error"] == "No such run."
    assert backend.calls == []


def test_a_deleted_problem_leaves_the_title_for_the_backend(backend):
    history = make_history(test_results=[wrong_answer()], problem=make_problem(title="Sum"))
    Problem.objects.filter(pk=history.problem_id).delete()
    with assert_num_queries(2):
        run(history.pk)
    assert backend.calls == [("hints", ("Sum", 1))]


@pytest.mark.parametrize(
    ("answer", "message"),
    [(LLMError("The model returned no hints."), "no hints"), ([], "returned no hints")],
)
def test_a_permanent_error_is_kept_beside_the_run(backend, answer, message):
    backend.answers["hints"] = answer
    history = make_history(test_results=[wrong_answer()], metadata={"verdict": "WA"})
    with assert_num_queries(2):
        assert message in run(history.pk)["error"]
    history = reload(history)
    assert history.hints is None
    assert history.metadata["verdict"] == "WA"
    assert message in history.metadata["hints_error"]
    assert backend.count("hints") == 1


def test_a_transient_error_is_retried_then_kept_beside_the_run(backend, eager_retries):
    backend.answers["hints"] = TransientLLMError("HTTP 503")
    history = make_history(test_results=[wrong_answer()])
    generate_hints_task.apply((history.pk,))
    history = reload(history)
    assert (history.hints, history.metadata["hints_error"]) == (None, "HTTP 503")
    assert backend.count("hints") == generate_hints_task.max_retries + 1


def test_a_transient_error_then_hints(backend, eager_retries):
    backend.answers["hints"] = InTurn(TransientLLMError("HTTP 429"), ["Use 64-bit sums."])
    history = make_history(test_results=[wrong_answer()])
    generate_hints_task.apply((history.pk,))
    assert reload(history).hints == ["Use 64-bit sums."]
    assert backend.count("hints") == 2


def test_the_offline_backend_explains_the_first_difference():
    history = make_history(test_results=[accepted(0), wrong_answer(1)])
    hints = run(history.pk)["hints"]
    assert any("expected '3', got '4'" in hint for hint in hints)
    assert reload(history).hints == hints


def test_failures_are_the_tests_not_passed():
    results = [accepted(0), wrong_answer(1), {"passed": False}, {"verdict": "TLE"}, "x"]
    assert failures(results) == [wrong_answer(1), {"passed": False}, {"verdict": "TLE"}]
