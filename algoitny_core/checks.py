"""System checks: a bad ``ALGOITNY`` setting fails at startup with a hint, not later at runtime."""

from __future__ import annotations

import importlib.util
import types
import typing
from typing import Any

from django.core.checks import CheckMessage, Error, register

from algoitny_core import conf

TAG = "algoitny_core"


def _matches(value: Any, hint: Any) -> bool:
    if hint is Any:
        return True
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return any(_matches(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    origin = typing.get_origin(hint) or hint
    if origin is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if origin is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, origin)


def _type_name(hint: Any) -> str:
    return str(hint).replace("typing.", "").replace("NoneType", "None")


@register(TAG)
def check_settings(**kwargs: Any) -> list[CheckMessage]:
    """Unknown keys and wrongly typed values in ``settings.ALGOITNY``."""
    from django.conf import settings

    raw = getattr(settings, conf.SETTING_NAME, {})
    if not isinstance(raw, dict):
        return [
            Error(
                f"settings.{conf.SETTING_NAME} must be a dict, not {type(raw).__name__}.",
                hint=f"Set {conf.SETTING_NAME} = {{...}} with keys from the README.",
                id="algoitny_core.E001",
            )
        ]
    errors: list[CheckMessage] = []
    hints = typing.get_type_hints(conf.AlgoitnySettings)
    for key, value in raw.items():
        if key not in conf.FIELD_NAMES:
            errors.append(
                Error(
                    f"Unknown setting {conf.SETTING_NAME}[{key!r}].",
                    hint=f"Known settings: {', '.join(sorted(conf.FIELD_NAMES))}.",
                    id="algoitny_core.E001",
                )
            )
        elif not _matches(value, hints[key]):
            expected = _type_name(hints[key])
            errors.append(
                Error(
                    f"{conf.SETTING_NAME}[{key!r}] is {value!r}; expected {expected}.",
                    hint="Fix the value's type in settings.",
                    id="algoitny_core.E002",
                )
            )
    if errors:
        return errors
    return _check_values(conf.get_settings())


def _check_values(s: conf.AlgoitnySettings) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    positive = ("PAGE_SIZE", "MAX_PAGE_SIZE", "MAX_CODE_BYTES", "OUTPUT_LIMIT_BYTES")
    for name in (*positive, "MEMORY_LIMIT_MB", "TIME_LIMIT"):
        if getattr(s, name) <= 0:
            errors.append(
                Error(
                    f"{conf.SETTING_NAME}[{name!r}] must be positive, not {getattr(s, name)!r}.",
                    id="algoitny_core.E003",
                )
            )
    if s.PAGE_SIZE > s.MAX_PAGE_SIZE:
        errors.append(
            Error(
                f"PAGE_SIZE ({s.PAGE_SIZE}) is larger than MAX_PAGE_SIZE ({s.MAX_PAGE_SIZE}).",
                hint="Lower PAGE_SIZE or raise MAX_PAGE_SIZE.",
                id="algoitny_core.E003",
            )
        )
    if s.CACHE_TIMEOUT < 0 or s.EXTRACTION_CACHE_TIMEOUT < 0:
        errors.append(
            Error("Cache timeouts must be 0 (off) or a number of seconds.", id="algoitny_core.E003")
        )
    import_errors = _check_import(s, "LLM_BACKEND", "algoitny_core.E004")
    return errors + _check_aliases(s) + (import_errors or _check_gemini(s))


def _check_aliases(s: conf.AlgoitnySettings) -> list[CheckMessage]:
    """Replica and cache aliases must name a configured database and cache."""
    from django.conf import settings

    errors: list[CheckMessage] = []
    unknown = [alias for alias in s.READ_REPLICAS if alias not in settings.DATABASES]
    if unknown or "default" in s.READ_REPLICAS:
        errors.append(
            Error(
                f"{conf.SETTING_NAME}['READ_REPLICAS'] = {list(s.READ_REPLICAS)!r} must name "
                "aliases of DATABASES other than 'default', the primary.",
                hint=f"Configured databases: {', '.join(settings.DATABASES)}.",
                id="algoitny_core.E006",
            )
        )
    if s.CACHE_ALIAS not in settings.CACHES:
        errors.append(
            Error(
                f"{conf.SETTING_NAME}['CACHE_ALIAS'] = {s.CACHE_ALIAS!r} is not in CACHES.",
                hint=f"Configured caches: {', '.join(settings.CACHES)}.",
                id="algoitny_core.E006",
            )
        )
    return errors


def _check_import(s: conf.AlgoitnySettings, name: str, check_id: str) -> list[CheckMessage]:
    try:
        conf.import_setting(name)
    except ImportError as exc:
        return [
            Error(
                f"{conf.SETTING_NAME}[{name!r}] = {getattr(s, name)!r} cannot be imported: {exc}",
                hint="Give the dotted path of a class, e.g. the default "
                f"{getattr(conf.AlgoitnySettings, name)!r}.",
                id=check_id,
            )
        ]
    return []


def _has_genai() -> bool:
    try:
        return importlib.util.find_spec("google.genai") is not None
    except ImportError:  # not even the ``google`` namespace
        return False


def _check_gemini(s: conf.AlgoitnySettings) -> list[CheckMessage]:
    """The Gemini backend needs its package and a key; without them every job would fail."""
    from algoitny_core.llm.gemini import GeminiBackend

    backend = conf.import_setting("LLM_BACKEND")
    if not (isinstance(backend, type) and issubclass(backend, GeminiBackend)):
        return []
    errors: list[CheckMessage] = []
    if not _has_genai():
        errors.append(
            Error(
                f"{s.LLM_BACKEND} needs the google-genai package, which is not installed.",
                hint="pip install 'algoitny-core[gemini]'.",
                id="algoitny_core.E005",
            )
        )
    if not s.GEMINI_API_KEY:
        errors.append(
            Error(
                f"{s.LLM_BACKEND} needs an API key.",
                hint=f'Set {conf.SETTING_NAME}["GEMINI_API_KEY"] (e.g. from an environment '
                "variable), or choose another LLM_BACKEND.",
                id="algoitny_core.E005",
            )
        )
    return errors
