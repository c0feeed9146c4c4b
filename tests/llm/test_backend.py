"""get_backend() and the protocol every backend meets."""

from __future__ import annotations

import pytest
from django.test import override_settings

from algoitny_core import llm
from algoitny_core.llm import (
    LLMBackend,
    LLMConfigurationError,
    LLMError,
    TransientLLMError,
    get_backend,
)
from algoitny_core.llm.gemini import GeminiBackend
from algoitny_core.llm.offline import OfflineBackend


class EchoBackend:
    """A host project's own backend: any class with the three methods."""

    def extract_problem_info(self, url, html=None):  # type: ignore[no-untyped-def]
        raise LLMError(url)

    def generate_generator_script(self, problem):  # type: ignore[no-untyped-def]
        return "print(1)\n"

    def generate_hints(self, problem, code, failures):  # type: ignore[no-untyped-def]
        return ["echo"]


def test_default_is_offline() -> None:
    with override_settings(ALGOITNY={}):
        assert isinstance(get_backend(), OfflineBackend)


def test_backend_is_chosen_by_setting() -> None:
    with override_settings(ALGOITNY={"LLM_BACKEND": "tests.llm.test_backend.EchoBackend"}):
        backend = get_backend()
    assert isinstance(backend, EchoBackend)
    assert isinstance(backend, LLMBackend)


def test_gemini_from_settings() -> None:
    settings = {
        "LLM_BACKEND": "algoitny_core.llm.gemini.GeminiBackend",
        "GEMINI_API_KEY": "k",
        "GEMINI_MODEL": "gemini-test",
        "LLM_TIMEOUT": 5.0,
    }
    with override_settings(ALGOITNY=settings):
        backend = get_backend()
    assert isinstance(backend, GeminiBackend)
    assert (backend.model, backend.timeout) == ("gemini-test", 5.0)


def test_gemini_without_key_fails_as_a_permanent_error() -> None:
    with (
        override_settings(ALGOITNY={"LLM_BACKEND": "algoitny_core.llm.gemini.GeminiBackend"}),
        pytest.raises(LLMError, match="GEMINI_API_KEY"),
    ):
        get_backend()


def test_missing_google_genai_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "google.genai", None)
    with pytest.raises(LLMConfigurationError, match=r"algoitny-core\[gemini\]"):
        GeminiBackend(api_key="k")


def test_offline_meets_the_protocol() -> None:
    assert isinstance(OfflineBackend(), LLMBackend)


def test_transient_errors_are_not_permanent_ones() -> None:
    # Tasks fail the job on LLMError and retry on TransientLLMError: neither may catch the other.
    assert not issubclass(TransientLLMError, LLMError)
    assert not issubclass(LLMError, TransientLLMError)


def test_public_api() -> None:
    assert set(llm.__all__) >= {
        "get_backend",
        "LLMBackend",
        "ProblemInfo",
        "LLMError",
        "TransientLLMError",
    }
    for name in llm.__all__:
        assert getattr(llm, name).__doc__
