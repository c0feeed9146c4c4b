from __future__ import annotations

import sys

import pytest
from django.test import override_settings

from algoitny_core.checks import check_settings
from algoitny_core.llm.gemini import GeminiBackend

VALID_BACKEND = "collections.OrderedDict"


def ids(settings_dict) -> list[str]:
    with override_settings(ALGOITNY=settings_dict):
        return [message.id for message in check_settings()]


def test_no_errors_for_valid_settings():
    assert ids({"LLM_BACKEND": VALID_BACKEND, "PAGE_SIZE": 10, "TIME_LIMIT": 1}) == []


def test_settings_must_be_a_dict():
    assert ids(["PAGE_SIZE"]) == ["algoitny_core.E001"]


def test_unknown_key_is_an_error_naming_the_known_keys():
    with override_settings(ALGOITNY={"PAGE_SIZ": 10}):
        [error] = check_settings()
    assert error.id == "algoitny_core.E001"
    assert "'PAGE_SIZ'" in error.msg and "PAGE_SIZE" in error.hint


@pytest.mark.parametrize(
    ("key", "value"),
    [("PAGE_SIZE", "10"), ("PAGE_SIZE", True), ("REQUIRE_SANDBOX", "yes"), ("LANGUAGES", [])],
)
def test_wrongly_typed_values_are_errors(key, value):
    with override_settings(ALGOITNY={key: value}):
        [error] = check_settings()
    assert error.id == "algoitny_core.E002"
    assert repr(value) in error.msg


@pytest.mark.parametrize(
    "values",
    [{"PAGE_SIZE": 0}, {"PAGE_SIZE": 500}, {"MEMORY_LIMIT_MB": -1}, {"CACHE_TIMEOUT": -5}],
)
def test_out_of_range_values_are_errors(values):
    assert ids({"LLM_BACKEND": VALID_BACKEND, **values}) == ["algoitny_core.E003"]


def test_backend_that_cannot_be_imported_is_an_error():
    with override_settings(ALGOITNY={"LLM_BACKEND": "nowhere.Backend"}):
        [error] = check_settings()
    assert error.id == "algoitny_core.E004"
    assert "nowhere.Backend" in error.msg
    assert "algoitny_core.llm.offline.OfflineBackend" in error.hint


GEMINI = "algoitny_core.llm.gemini.GeminiBackend"


class CustomGemini:
    """Not a GeminiBackend subclass: the check leaves other backends alone."""


class SubclassedGemini(GeminiBackend):
    """A host's own prompts on Gemini: still needs the key."""


def test_gemini_with_a_key_and_its_package_is_valid():
    assert ids({"LLM_BACKEND": GEMINI, "GEMINI_API_KEY": "k"}) == []


@pytest.mark.parametrize("key", [None, ""])
def test_gemini_without_an_api_key_is_an_error(key):
    with override_settings(ALGOITNY={"LLM_BACKEND": GEMINI, "GEMINI_API_KEY": key}):
        [error] = check_settings()
    assert error.id == "algoitny_core.E005"
    assert "needs an API key" in error.msg
    assert 'ALGOITNY["GEMINI_API_KEY"]' in error.hint


def test_gemini_without_its_package_is_an_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "google.genai", None)  # as if not installed
    with override_settings(ALGOITNY={"LLM_BACKEND": GEMINI, "GEMINI_API_KEY": "k"}):
        [error] = check_settings()
    assert error.id == "algoitny_core.E005"
    assert "google-genai" in error.msg
    assert "algoitny-core[gemini]" in error.hint


def test_a_subclass_of_the_gemini_backend_is_checked_too():
    path = "tests.test_checks.SubclassedGemini"
    with override_settings(ALGOITNY={"LLM_BACKEND": path}):
        assert [error.id for error in check_settings()] == ["algoitny_core.E005"]


def test_other_backends_need_no_api_key():
    assert ids({"LLM_BACKEND": "tests.test_checks.CustomGemini"}) == []
    assert ids({}) == []


@pytest.mark.parametrize(
    "settings_dict",
    [
        {"READ_REPLICAS": ["nowhere"]},
        {"READ_REPLICAS": ("default",)},
        {"CACHE_ALIAS": "nowhere"},
    ],
)
def test_replica_and_cache_aliases_must_be_configured(settings_dict):
    assert ids(settings_dict) == ["algoitny_core.E006"]


def test_configured_replica_and_cache_aliases_are_valid():
    assert ids({"READ_REPLICAS": ["replica"], "CACHE_ALIAS": "default"}) == []
    assert ids({"READ_REPLICAS": ("replica",)}) == []
