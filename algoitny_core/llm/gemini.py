"""A backend on Google's Gemini models through the ``google-genai`` package (extra ``gemini``).

Retries are google-genai's own (``HttpRetryOptions``, tenacity underneath), limited to 429 and
5xx; whatever still fails is mapped to :class:`TransientLLMError` (worth a task retry) or
:class:`LLMError` (the job fails once).
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from algoitny_core.conf import app_settings
from algoitny_core.llm.base import (
    LLMConfigurationError,
    LLMError,
    ProblemInfo,
    ProblemLike,
    TransientLLMError,
)
from algoitny_core.llm.pages import fetch, identify, parse_html, validate_url
from algoitny_core.llm.replies import extract_code, parse_hints, parse_object

RETRY_STATUS_CODES = (429, 500, 502, 503, 504)
# Pinned so the request path does not move with google-genai's default between releases.
API_VERSION = "v1beta"
MAX_PAGE_CHARS = 30_000  # a problem statement fits; a page of comments does not need to
MAX_FIELD_CHARS = 2_000  # per input / expected / output shown to the model in hints
MAX_FAILURES = 5
_TEXT_FIELDS = ("title", "constraints", "input_format", "output_format")


def prompt(name: str, **values: Any) -> str:
    """The prompt file ``prompts/{name}.txt`` with its ``$placeholders`` filled in."""
    text = (
        resources.files("algoitny_core.llm").joinpath("prompts", f"{name}.txt").read_text("utf-8")
    )
    return string.Template(text).safe_substitute({k: str(v) for k, v in values.items()})


def _network_errors() -> tuple[type[BaseException], ...]:
    """httpx's transport errors (google-genai runs on httpx or its fork httpx2) and OSError."""
    found: list[type[BaseException]] = [OSError]
    for module in ("httpx", "httpx2"):
        try:
            found.append(__import__(module).TransportError)
        except (ImportError, AttributeError):
            continue
    return tuple(found)


class GeminiBackend:
    """Asks a Gemini model; settings ``GEMINI_API_KEY``, ``GEMINI_MODEL``, ``GEMINI_BASE_URL``,
    ``LLM_TIMEOUT``. Keyword arguments override them (tests point ``base_url`` at a stub)."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        model: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        attempts: int = 4,
        retry_delay: float = 1.0,
    ) -> None:
        try:
            from google import genai
            from google.genai import errors, types
        except ImportError as exc:
            raise LLMConfigurationError(
                "GeminiBackend needs the google-genai package: pip install 'algoitny-core[gemini]'."
            ) from exc
        api_key = api_key or app_settings.GEMINI_API_KEY
        if not api_key:
            raise LLMConfigurationError(
                'GeminiBackend needs an API key: set ALGOITNY["GEMINI_API_KEY"].'
            )
        self.model = model or app_settings.GEMINI_MODEL
        self.timeout = app_settings.LLM_TIMEOUT if timeout is None else timeout
        self._errors = errors
        self._types = types
        self._client = genai.Client(
            api_key=api_key,
            http_options=types.HttpOptions(
                base_url=base_url or app_settings.GEMINI_BASE_URL,
                api_version=API_VERSION,
                timeout=int(self.timeout * 1000),  # milliseconds
                retry_options=types.HttpRetryOptions(
                    attempts=attempts,
                    initial_delay=retry_delay,
                    max_delay=max(retry_delay * 30, retry_delay),
                    jitter=retry_delay,
                    http_status_codes=list(RETRY_STATUS_CODES),
                ),
            ),
        )

    def ask(self, text: str, *, json_reply: bool = False) -> str:
        """The model's text reply to ``text``, errors mapped to transient or permanent."""
        config = self._types.GenerateContentConfig(
            temperature=0.2, response_mime_type="application/json" if json_reply else None
        )
        errors = self._errors
        try:
            response = self._client.models.generate_content(
                model=self.model, contents=text, config=config
            )
        except errors.APIError as exc:
            detail = f"Gemini answered HTTP {exc.code} {exc.status or ''}: {exc.message or ''}"
            code = exc.code or 0
            if code in (408, 429) or code >= 500:
                raise TransientLLMError(detail.strip()) from exc
            raise LLMError(detail.strip()) from exc
        except _network_errors() as exc:
            raise TransientLLMError(f"Gemini could not be reached: {exc!r}") from exc
        reply = response.text
        if not reply:
            reasons = [str(c.finish_reason) for c in response.candidates or []]
            raise LLMError(f"Gemini returned no text (finish reason: {', '.join(reasons) or '-'}).")
        return reply

    def extract_problem_info(self, url: str, html: str | None = None) -> ProblemInfo:
        """Fetch the page unless ``html`` is given, and ask the model to read it as JSON."""
        url = validate_url(url)
        page = parse_html(html if html is not None else fetch(url, self.timeout)).text()
        data = parse_object(
            self.ask(prompt("extract", url=url, page=page[:MAX_PAGE_CHARS]), json_reply=True)
        )
        if not str(data.get("constraints") or "").strip():
            raise LLMError(f"No constraints found on the page {url}.")
        platform, problem_id = identify(url)
        try:
            # The model's JSON is checked, not trusted: every field gets the type it must have.
            return ProblemInfo.from_dict(
                {
                    "url": url,
                    "platform": platform,
                    "problem_id": problem_id,
                    **{k: str(data.get(k) or "") for k in _TEXT_FIELDS},
                    "tags": [str(t) for t in data.get("tags") or []],
                    "time_limit": float(data["time_limit"]) if data.get("time_limit") else None,
                    "memory_limit_mb": int(data["memory_limit_mb"])
                    if data.get("memory_limit_mb")
                    else None,
                    "samples": [
                        {"input": str(s["input"]), "output": str(s["output"])}
                        for s in data.get("samples") or []
                    ],
                }
            )
        except (TypeError, ValueError, KeyError) as exc:
            raise LLMError(f"Gemini's description of {url} is malformed: {exc}.") from exc

    def generate_generator_script(self, problem: ProblemLike) -> str:
        """A generator following the contract in ``prompts/generator.txt``."""
        if not (problem.constraints or "").strip():
            raise LLMError("The problem has no constraints to write a generator for.")
        text = prompt(
            "generator",
            title=problem.title,
            platform=problem.platform,
            problem_id=problem.problem_id,
            url=problem.problem_url,
            tags=", ".join(str(tag) for tag in problem.tags or []),
            constraints=problem.constraints,
            language=problem.language or "unknown language",
            solution_code=problem.solution_code or "(none given)",
        )
        return extract_code(self.ask(text))

    def generate_hints(
        self, problem: ProblemLike, code: str, failures: Sequence[Mapping[str, Any]]
    ) -> list[str]:
        """Hints from the model; no failures means no hints and no request."""
        if not failures:
            return []
        shown = [
            {k: str(v)[:MAX_FIELD_CHARS] for k, v in failure.items()}
            for failure in failures[:MAX_FAILURES]
        ]
        text = prompt(
            "hints",
            title=problem.title,
            constraints=problem.constraints,
            code=code,
            failures=json.dumps(shown, ensure_ascii=False, indent=1),
        )
        return parse_hints(self.ask(text, json_reply=True))
