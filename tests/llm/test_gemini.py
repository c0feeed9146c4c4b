"""GeminiBackend against a local stub of the generateContent REST endpoint: no network."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from django.test import override_settings

from algoitny_core.llm import LLMConfigurationError, LLMError, TransientLLMError
from algoitny_core.llm.gemini import GeminiBackend, prompt
from tests.llm.conftest import Reply, Stub

SCRIPT = "import random, sys\nrng = random.Random(int(sys.argv[1]))\nprint(rng.randint(1, 9))\n"


@dataclass
class Problem:
    title: str = "A+B"
    platform: str = "baekjoon"
    problem_id: str = "1000"
    problem_url: str = "https://www.acmicpc.net/problem/1000"
    tags: list[str] = field(default_factory=lambda: ["math"])
    solution_code: str = "print(sum(map(int, input().split())))"
    language: str = "python"
    constraints: str = "0 < A, B < 10"


def backend(stub: Stub, **kwargs: object) -> GeminiBackend:
    options: dict = {"api_key": "test-key", "base_url": stub.url, "retry_delay": 0.0}
    return GeminiBackend(**(options | kwargs))  # type: ignore[arg-type]


def test_request_body_path_and_key(gemini_stub: Stub) -> None:
    gemini_stub.reply_text(f"Here it is:\n```python\n{SCRIPT}```\n")
    code = backend(gemini_stub, model="gemini-test").generate_generator_script(Problem())
    assert code == SCRIPT
    [request] = gemini_stub.requests
    assert request["method"] == "POST"
    assert request["path"] == "/v1beta/models/gemini-test:generateContent"
    assert request["headers"]["x-goog-api-key"] == "test-key"
    body = request["body"]
    text = body["contents"][0]["parts"][0]["text"]
    assert "python3 generator.py SEED INDEX COUNT" in text
    assert "0 < A, B < 10" in text
    assert "print(sum(map(int, input().split())))" in text
    assert body["contents"][0]["role"] == "user"
    assert body["generationConfig"]["temperature"] == 0.2


def test_model_and_key_come_from_settings(gemini_stub: Stub) -> None:
    gemini_stub.reply_text(SCRIPT)
    settings = {"GEMINI_API_KEY": "from-settings", "GEMINI_MODEL": "gemini-x"}
    with override_settings(ALGOITNY={**settings, "GEMINI_BASE_URL": gemini_stub.url}):
        GeminiBackend(retry_delay=0.0).generate_generator_script(Problem())
    [request] = gemini_stub.requests
    assert request["path"] == "/v1beta/models/gemini-x:generateContent"
    assert request["headers"]["x-goog-api-key"] == "from-settings"


def test_timeout_is_sent_to_the_client(gemini_stub: Stub) -> None:
    gemini_stub.reply_text(SCRIPT)
    backend(gemini_stub, timeout=7.5).generate_generator_script(Problem())
    # google-genai passes HttpOptions.timeout on as the server-side deadline header too.
    assert gemini_stub.requests[0]["headers"]["X-Server-Timeout"] == "8"


def test_unfenced_code_is_accepted(gemini_stub: Stub) -> None:
    gemini_stub.reply_text(SCRIPT)
    assert backend(gemini_stub).generate_generator_script(Problem()) == SCRIPT


def test_reply_that_is_not_code_is_permanent(gemini_stub: Stub) -> None:
    gemini_stub.reply_text("I am sorry, I cannot write that generator for you.")
    with pytest.raises(LLMError, match="not Python code"):
        backend(gemini_stub).generate_generator_script(Problem())
    assert len(gemini_stub.requests) == 1


def test_429_is_retried_then_succeeds(gemini_stub: Stub) -> None:
    gemini_stub.reply_error(429, "slow down")
    gemini_stub.reply_text(SCRIPT)
    assert backend(gemini_stub).generate_generator_script(Problem()) == SCRIPT
    assert len(gemini_stub.requests) == 2


def test_400_is_not_retried_and_is_permanent(gemini_stub: Stub) -> None:
    gemini_stub.reply_error(400, "API key not valid")
    with pytest.raises(LLMError, match=r"400.*API key not valid") as info:
        backend(gemini_stub).generate_generator_script(Problem())
    assert not isinstance(info.value, TransientLLMError)
    assert len(gemini_stub.requests) == 1


def test_500_is_retried_then_transient(gemini_stub: Stub) -> None:
    for _ in range(3):
        gemini_stub.reply_error(500, "backend down")
    with pytest.raises(TransientLLMError, match="500"):
        backend(gemini_stub, attempts=3).generate_generator_script(Problem())
    assert len(gemini_stub.requests) == 3


def test_unreachable_server_is_transient(gemini_stub: Stub) -> None:
    closed = backend(gemini_stub, base_url="http://127.0.0.1:9", attempts=1)
    with pytest.raises(TransientLLMError, match="could not be reached"):
        closed.generate_generator_script(Problem())


def test_empty_reply_is_permanent(gemini_stub: Stub) -> None:
    gemini_stub.replies.append(Reply(200, {"candidates": [{"finishReason": "SAFETY"}]}))
    with pytest.raises(LLMError, match=r"no text.*SAFETY"):
        backend(gemini_stub).generate_generator_script(Problem())


def test_extraction_sends_page_text_and_asks_for_json(gemini_stub: Stub) -> None:
    answer = {
        "title": "A+B",
        "constraints": "0 < A, B < 10",
        "tags": ["math"],
        "time_limit": 2,
        "memory_limit_mb": 128,
        "samples": [{"input": "1 2\n", "output": "3\n"}],
    }
    gemini_stub.reply_text(json.dumps(answer))
    html = "<html><body><h1>A+B</h1><script>ignored()</script><p>0 &lt; A, B &lt; 10</p></body>"
    info = backend(gemini_stub).extract_problem_info("https://www.acmicpc.net/problem/1000", html)
    assert (info.platform, info.problem_id, info.title) == ("baekjoon", "1000", "A+B")
    assert info.constraints == "0 < A, B < 10"
    assert info.samples[0].output == "3\n"
    assert (info.time_limit, info.memory_limit_mb, info.tags) == (2.0, 128, ("math",))
    body = gemini_stub.requests[0]["body"]
    assert body["generationConfig"]["responseMimeType"] == "application/json"
    text = body["contents"][0]["parts"][0]["text"]
    assert "0 < A, B < 10" in text
    assert "ignored()" not in text


def test_extraction_fetches_the_page_when_no_html(gemini_stub: Stub) -> None:
    page = b"<html><body><h1>Sum</h1><p>1 &le; N &le; 10</p></body></html>"
    gemini_stub.replies.append(Reply(200, raw=page, content_type="text/html; charset=utf-8"))
    gemini_stub.reply_text(json.dumps({"title": "Sum", "constraints": "1 ≤ N ≤ 10"}))
    info = backend(gemini_stub).extract_problem_info(f"{gemini_stub.url}/problem/7")
    assert info.title == "Sum"
    assert [r["method"] for r in gemini_stub.requests] == ["GET", "POST"]
    assert "1 ≤ N ≤ 10" in gemini_stub.requests[1]["body"]["contents"][0]["parts"][0]["text"]


@pytest.mark.parametrize(
    ("status", "error"), [(404, LLMError), (429, TransientLLMError), (503, TransientLLMError)]
)
def test_fetch_failures_are_mapped(gemini_stub: Stub, status: int, error: type) -> None:
    gemini_stub.replies.append(Reply(status, raw=b"nope", content_type="text/plain"))
    with pytest.raises(error, match=f"HTTP {status}") as info:
        backend(gemini_stub).extract_problem_info(f"{gemini_stub.url}/problem/7")
    assert isinstance(info.value, LLMError) is (error is LLMError)
    assert len(gemini_stub.requests) == 1  # the model is not asked


def test_extraction_without_constraints_is_permanent(gemini_stub: Stub) -> None:
    gemini_stub.reply_text(json.dumps({"title": "About", "constraints": ""}))
    with pytest.raises(LLMError, match="No constraints"):
        backend(gemini_stub).extract_problem_info("https://example.com/about", "<p>hi</p>")


def test_extraction_reply_with_wrong_types_is_permanent(gemini_stub: Stub) -> None:
    gemini_stub.reply_text(json.dumps({"constraints": "1 ≤ N ≤ 2", "time_limit": "two seconds"}))
    with pytest.raises(LLMError, match="malformed"):
        backend(gemini_stub).extract_problem_info("https://example.com/p", "<p>1 ≤ N ≤ 2</p>")


def test_extraction_reply_not_json_is_permanent(gemini_stub: Stub) -> None:
    gemini_stub.reply_text("The title is A+B.")
    with pytest.raises(LLMError, match="not JSON"):
        backend(gemini_stub).extract_problem_info("https://example.com/p", "<p>1 ≤ N ≤ 2</p>")


def test_extraction_rejects_non_http_url(gemini_stub: Stub) -> None:
    with pytest.raises(LLMError, match="http"):
        backend(gemini_stub).extract_problem_info("file:///etc/passwd")
    assert gemini_stub.requests == []


def test_hints_are_parsed_from_a_json_list(gemini_stub: Stub) -> None:
    gemini_stub.reply_text(json.dumps(["Check N = 1.", "Use 64-bit sums."]))
    failures = [{"verdict": "WA", "input": "1\n", "expected": "1\n", "output": "0\n"}]
    hints = backend(gemini_stub).generate_hints(Problem(), "print(0)", failures)
    assert hints == ["Check N = 1.", "Use 64-bit sums."]
    text = gemini_stub.requests[0]["body"]["contents"][0]["parts"][0]["text"]
    assert '"verdict": "WA"' in text
    assert "print(0)" in text


def test_no_failures_means_no_request(gemini_stub: Stub) -> None:
    assert backend(gemini_stub).generate_hints(Problem(), "print(1)", []) == []
    assert gemini_stub.requests == []


def test_missing_api_key_is_a_configuration_error() -> None:
    with override_settings(ALGOITNY={}), pytest.raises(LLMConfigurationError, match="API key"):
        GeminiBackend()


def test_prompts_are_package_files() -> None:
    text = prompt("generator", title="T", constraints="1 ≤ N ≤ 5")
    assert "Problem: T" in text
    assert "1 ≤ N ≤ 5" in text
    assert "$constraints" not in text
