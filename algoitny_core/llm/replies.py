"""Read a model's replies: code from fenced blocks, JSON objects, lists of hints."""

from __future__ import annotations

import json
import re
from typing import Any

from algoitny_core.llm.base import LLMError

_FENCE = re.compile(r"```[ \t]*([\w+-]*)[^\n]*\n(.*?)```", re.DOTALL)


def _excerpt(text: str, size: int = 80) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= size else text[: size - 3] + "...")


def extract_code(reply: str) -> str:
    """The Python program in ``reply``: its python-tagged fenced block, else its first block,
    else the whole reply; ``LLMError`` if that is not a Python program that prints."""
    blocks = _FENCE.findall(reply)
    tagged = [body for tag, body in blocks if tag.lower() in ("python", "py", "python3")]
    code = (tagged or [body for _, body in blocks] or [reply])[0].strip()
    if not code:
        raise LLMError("The model's reply is empty; expected a Python generator script.")
    try:
        compile(code, "gen.py", "exec")
    except (SyntaxError, ValueError) as exc:
        raise LLMError(
            f"The model's reply is not Python code ({exc.__class__.__name__}: {exc}); "
            f"it begins {_excerpt(reply)}."
        ) from exc
    if "print" not in code and "stdout" not in code:
        raise LLMError("The model's script never prints, so it cannot emit a test input.")
    return code + "\n"


def _json(reply: str) -> Any:
    blocks = _FENCE.findall(reply)
    text = blocks[0][1] if blocks else reply
    try:
        return json.loads(text)
    except ValueError as exc:
        raise LLMError(f"The model's reply is not JSON: it begins {_excerpt(reply)}.") from exc


def parse_object(reply: str) -> dict[str, Any]:
    """The JSON object in ``reply``."""
    data = _json(reply)
    if not isinstance(data, dict):
        raise LLMError(f"Expected a JSON object from the model, got {type(data).__name__}.")
    return data


def parse_hints(reply: str) -> list[str]:
    """Hints from a JSON list of strings (or ``{"hints": [...]}``); at least one."""
    data = _json(reply)
    if isinstance(data, dict):
        data = data.get("hints")
    if not isinstance(data, list) or not all(isinstance(h, str) for h in data):
        raise LLMError("Expected a JSON list of hint strings from the model.")
    hints = [h.strip() for h in data if h.strip()]
    if not hints:
        raise LLMError("The model returned no hints.")
    return hints
