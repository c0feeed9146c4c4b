"""All of algoitny_core's settings: one ``ALGOITNY`` dict in the host's settings.

Defaults live in one place, the fields of :class:`AlgoitnySettings`. The merged
object is built lazily and dropped on ``setting_changed`` so ``override_settings``
works, as in DRF's ``api_settings``.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

SETTING_NAME = "ALGOITNY"


@dataclasses.dataclass(frozen=True)
class AlgoitnySettings:
    """Typed view of ``settings.ALGOITNY``; each field's default is the library's default."""

    # Language-model backend (dotted path to an ``LLMBackend`` class).
    LLM_BACKEND: str = "algoitny_core.llm.offline.OfflineBackend"
    GEMINI_API_KEY: str | None = None
    GEMINI_MODEL: str = "gemini-2.5-flash"
    GEMINI_BASE_URL: str | None = None
    LLM_TIMEOUT: float = 60.0
    # Seconds a problem page's extraction stays cached, keyed by URL.
    EXTRACTION_CACHE_TIMEOUT: int = 3600

    # Judge: "bwrap", "rlimits", a dotted path to a runner, or None for bwrap where available.
    SANDBOX: str | None = None
    REQUIRE_SANDBOX: bool = False
    # Extra languages, ``{"name": {...}}``, merged over the built-in registry.
    LANGUAGES: dict[str, Any] = dataclasses.field(default_factory=dict)
    JUDGE_WORKERS: int | None = None
    MAX_CODE_BYTES: int = 64 * 1024
    OUTPUT_LIMIT_BYTES: int = 64 * 1024
    TIME_LIMIT: float = 2.0
    MEMORY_LIMIT_MB: int = 256

    # API
    PAGE_SIZE: int = 20
    MAX_PAGE_SIZE: int = 100
    # Seconds cached API responses live; 0 turns response caching off. Invalidation reaches
    # every process only through a shared cache (Redis), not the per-process locmem.
    CACHE_TIMEOUT: int = 0
    CACHE_ALIAS: str = "default"

    # Database aliases that serve reads under ``algoitny_core.routers.ReadReplicaRouter``.
    READ_REPLICAS: tuple[str, ...] | list[str] = ()

    # Query budgets: raise when over budget (None: raise when DEBUG), and the response header.
    QUERY_BUDGET_RAISE: bool | None = None
    QUERY_COUNT_HEADER: bool = False


FIELD_NAMES = frozenset(f.name for f in dataclasses.fields(AlgoitnySettings))


def user_settings() -> dict[str, Any]:
    """The host's raw ``ALGOITNY`` dict (empty when unset)."""
    value = getattr(settings, SETTING_NAME, {})
    return value if isinstance(value, dict) else {}


@cache
def get_settings() -> AlgoitnySettings:
    """The merged settings; unknown keys are left to the system check ``algoitny_core.E001``."""
    known = {k: v for k, v in user_settings().items() if k in FIELD_NAMES}
    return AlgoitnySettings(**known)


@cache
def import_setting(name: str) -> Any:
    """Import the dotted path held by setting ``name`` (cached until settings change)."""
    return import_string(getattr(get_settings(), name))


class _LazySettings:
    """``app_settings.PAGE_SIZE`` reads through to the current merged settings."""

    def __getattr__(self, name: str) -> Any:
        return getattr(get_settings(), name)


app_settings: AlgoitnySettings = _LazySettings()  # type: ignore[assignment]


@receiver(setting_changed)
def _reset(*, setting: str, **kwargs: Any) -> None:
    if setting == SETTING_NAME:
        get_settings.cache_clear()
        import_setting.cache_clear()
