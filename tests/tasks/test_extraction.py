"""``extract_problem_info_task``: a problem page read into a job, cached by URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from algoitny_core.llm import ProblemInfo, TransientLLMError
from algoitny_core.models import JobType, ScriptGenerationJob
from algoitny_core.tasks import extract_problem_info_task
from algoitny_core.tasks import generation as generation_module
from algoitny_core.tasks.generation import extraction_cache_key
from algoitny_core.testing import assert_constant_queries, assert_num_queries
from tests.factories import make_job

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).parents[1] / "llm" / "pages"
URL = "https://codeforces.com/problemset/problem/4/A"


def run(job_id: int, html: str | None = None, task_id: str = "task-1") -> dict:
    return extract_problem_info_task.apply((job_id, html), task_id=task_id, throw=True).get()


def make_extraction(url: str = URL, **kwargs: Any) -> ScriptGenerationJob:
    return make_job(job_type=JobType.PROBLEM_EXTRACTION, problem_url=url, **kwargs)


def reload(job: ScriptGenerationJob) -> ScriptGenerationJob:
    return ScriptGenerationJob.objects.get(pk=job.pk)


class CacheSpy:
    """Django's cache, with each ``set`` recorded."""

    def __init__(self) -> None:
        self.sets: list[tuple[str, Any, Any]] = []

    def get(self, key: str) -> Any:
        return cache.get(key)

    def set(self, key: str, value: Any, timeout: Any) -> None:
        self.sets.append((key, value, timeout))
        cache.set(key, value, timeout)


class BrokenCache:
    def get(self, key: str) -> Any:
        raise ConnectionError("cache down")

    set = get


def test_the_page_is_read_into_the_job(backend):
    job = make_extraction(platform="baekjoon", problem_id="0")
    assert run(job.pk)["status"] == "COMPLETED"
    job = reload(job)
    assert (job.status, job.attempts, job.error_message) == ("COMPLETED", 1, "")
    assert (job.platform, job.problem_id, job.title) == ("codeforces", "4A", "Watermelon")
    assert (job.constraints, job.tags) == ("1 ≤ w ≤ 100", ["math", "brute force"])
    assert backend.calls == [("info", URL)]


def test_the_backend_is_called_with_no_transaction_open(backend, transactional_db):
    run(make_extraction().pk)
    assert backend.atomic == [False]


def test_three_queries_whatever_the_size_of_the_tables(backend):
    job_ids = []

    def setup(n: int) -> None:
        cache.clear()
        for _ in range(n):
            make_extraction(constraints="1 <= N <= 10\n" * 50)
        job_ids.append(make_extraction().pk)

    counts = assert_constant_queries(setup, lambda: run(job_ids[-1]), sizes=(1, 20))
    assert counts == {1: 3, 20: 3}
    assert backend.count("info") == 2


def test_a_cache_hit_calls_no_backend(backend, monkeypatch):
    spy = CacheSpy()
    monkeypatch.setattr(generation_module, "cache", spy)
    first, second = make_extraction(), make_extraction()
    run(first.pk)
    with assert_num_queries(3):
        run(second.pk, task_id="task-2")
    assert backend.count("info") == 1
    assert [(key, timeout) for key, _, timeout in spy.sets] == [(extraction_cache_key(URL), 3600)]
    second = reload(second)
    assert (second.status, second.title, second.constraints) == (
        "COMPLETED",
        "Watermelon",
        "1 ≤ w ≤ 100",
    )


def test_the_cache_timeout_is_a_setting(backend, settings, monkeypatch):
    spy = CacheSpy()
    monkeypatch.setattr(generation_module, "cache", spy)
    settings.ALGOITNY = {**settings.ALGOITNY, "EXTRACTION_CACHE_TIMEOUT": 60}
    run(make_extraction().pk)
    assert [timeout for _, _, timeout in spy.sets] == [60]


def test_a_zero_timeout_turns_the_cache_off(backend, settings):
    settings.ALGOITNY = {**settings.ALGOITNY, "EXTRACTION_CACHE_TIMEOUT": 0}
    run(make_extraction().pk)
    run(make_extraction().pk, task_id="task-2")
    assert backend.count("info") == 2
    assert cache.get(extraction_cache_key(URL)) is None


def test_other_urls_are_other_cache_entries(backend):
    run(make_extraction().pk)
    run(make_extraction("https://codeforces.com/problemset/problem/4/B").pk, task_id="task-2")
    assert backend.count("info") == 2


def test_an_unavailable_cache_only_costs_a_backend_call(backend, monkeypatch):
    monkeypatch.setattr(generation_module, "cache", BrokenCache())
    job = make_extraction()
    run(job.pk)
    assert reload(job).status == "COMPLETED"
    assert backend.count("info") == 1


@pytest.mark.parametrize(
    "url", ["ftp://codeforces.com/problem/4/A", "javascript:alert(1)", "codeforces.com/4A", ""]
)
def test_a_url_that_is_not_http_fails_the_job_without_a_backend_call(backend, url):
    job = make_extraction(url)
    with assert_num_queries(3):
        assert run(job.pk)["status"] == "FAILED"
    job = reload(job)
    assert (job.status, job.attempts) == ("FAILED", 1)
    assert job.error_message == f"Not an http(s) URL: {url!r}."
    assert backend.calls == []


def test_a_reading_without_constraints_fails_the_job(backend):
    backend.answers["info"] = ProblemInfo(URL, "codeforces", "4A", "Watermelon", constraints=" ")
    job = make_extraction()
    run(job.pk)
    job = reload(job)
    assert (job.status, job.error_message) == ("FAILED", f"No constraints found on the page {URL}.")
    assert cache.get(extraction_cache_key(URL)) is None


def test_the_offline_backend_reads_the_html_it_is_given():
    job = make_extraction()
    run(job.pk, html=(PAGES / "codeforces_4a.html").read_text())
    job = reload(job)
    assert (job.status, job.platform, job.problem_id) == ("COMPLETED", "codeforces", "4A")
    assert "100" in job.constraints


def test_a_page_with_no_constraints_fails_the_job():
    job = make_extraction("https://example.com/problem")
    run(job.pk, html=(PAGES / "no_constraints.html").read_text())
    job = reload(job)
    assert job.status == "FAILED"
    assert "No constraints found on the page https://example.com/problem" in job.error_message


def test_without_html_the_offline_backend_fails_the_job_saying_why():
    job = make_extraction()
    run(job.pk)
    job = reload(job)
    assert job.status == "FAILED"
    assert "does not fetch pages" in job.error_message


def test_a_script_job_is_not_claimed_by_the_extraction_task(backend):
    job = make_job(problem_url=URL)
    assert run(job.pk)["claimed"] is False
    assert backend.calls == []


def test_a_transient_error_is_retried(backend, eager_retries):
    backend.answers["info"] = TransientLLMError("Fetching failed with HTTP 502.")
    job = make_extraction()
    extract_problem_info_task.apply((job.pk,), task_id="task-1")
    job = reload(job)
    assert (job.status, job.attempts) == ("FAILED", 4)
    assert job.error_message.endswith("Fetching failed with HTTP 502.")
    assert backend.count("info") == 4
