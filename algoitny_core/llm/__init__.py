"""Language-model backends: read problem pages, write generator scripts, give hints.

The backend is chosen by ``ALGOITNY["LLM_BACKEND"]``; :func:`get_backend` builds it.
"""

from __future__ import annotations

from algoitny_core.llm.base import (
    ConstraintParseError,
    LLMBackend,
    LLMConfigurationError,
    LLMError,
    ProblemInfo,
    ProblemLike,
    Sample,
    TransientLLMError,
    get_backend,
)

__all__ = [
    "ConstraintParseError",
    "LLMBackend",
    "LLMConfigurationError",
    "LLMError",
    "ProblemInfo",
    "ProblemLike",
    "Sample",
    "TransientLLMError",
    "get_backend",
]
