"""The language-model layer's contract: the backend protocol, its results and its errors.

Backends are services: they never touch the ORM. They receive plain objects that have a
problem's attributes (a model instance or a dataclass) and return plain values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from django.core.exceptions import ImproperlyConfigured


class LLMError(Exception):
    """A permanent failure: bad input, an unusable reply, unreadable constraints.

    Retrying cannot help, so a job that meets one fails once, with ``str(error)`` as its
    reason. Deliberately not a base class of :class:`TransientLLMError`, so that
    ``except LLMError`` never swallows an error that deserves a retry.
    """


class ConstraintParseError(LLMError):
    """A constraint line the offline parser cannot read; ``line`` holds it verbatim."""

    def __init__(self, line: str, reason: str = "") -> None:
        self.line = line
        detail = f" ({reason})" if reason else ""
        super().__init__(f"Cannot parse constraint line {line.strip()!r}{detail}.")


class LLMConfigurationError(LLMError, ImproperlyConfigured):
    """The configured backend cannot work: a missing extra or API key."""


class TransientLLMError(Exception):
    """A failure worth retrying later: network error, timeout, HTTP 429 or 5xx."""


@dataclasses.dataclass(frozen=True)
class Sample:
    """One example from a problem page."""

    input: str
    output: str


@dataclasses.dataclass(frozen=True)
class ProblemInfo:
    """What a backend read from a problem page."""

    url: str
    platform: str  # "baekjoon", "codeforces", or "" for a site it does not know
    problem_id: str
    title: str
    constraints: str
    input_format: str = ""
    output_format: str = ""
    tags: tuple[str, ...] = ()
    time_limit: float | None = None  # seconds
    memory_limit_mb: int | None = None
    samples: tuple[Sample, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (lists instead of tuples), e.g. for a cache or an API response."""
        data = dataclasses.asdict(self)
        data["tags"] = list(self.tags)
        data["samples"] = [dataclasses.asdict(s) for s in self.samples]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProblemInfo:
        """Inverse of :meth:`as_dict`; unknown keys are ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["tags"] = tuple(values.get("tags") or ())
        values["samples"] = tuple(Sample(**s) for s in values.get("samples") or ())
        return cls(**values)


class ProblemLike(Protocol):
    """What backends read from a problem; ``Problem`` and ``ScriptGenerationJob`` have it."""

    platform: str
    problem_id: str
    title: str
    problem_url: str
    tags: Any
    solution_code: str
    language: str
    constraints: str


@runtime_checkable
class LLMBackend(Protocol):
    """What ``ALGOITNY["LLM_BACKEND"]`` must name: a class built with no arguments."""

    def extract_problem_info(self, url: str, html: str | None = None) -> ProblemInfo:
        """Read a problem page (``html`` if given, else fetched when the backend can)."""
        ...

    def generate_generator_script(self, problem: ProblemLike) -> str:
        """Python source of a generator: ``python3 generator.py SEED INDEX COUNT`` prints
        one test input (index 0: every minimum, index 1: every maximum)."""
        ...

    def generate_hints(
        self, problem: ProblemLike, code: str, failures: Sequence[Mapping[str, Any]]
    ) -> list[str]:
        """Short hints for ``code``, which failed the tests described by ``failures``."""
        ...


def get_backend() -> LLMBackend:
    """A new instance of the backend named by ``ALGOITNY["LLM_BACKEND"]``."""
    from algoitny_core.conf import import_setting

    backend_class = import_setting("LLM_BACKEND")
    backend: LLMBackend = backend_class()
    return backend
