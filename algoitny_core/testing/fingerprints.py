"""Normalise SQL so that queries differing only in literal values group together."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["fingerprint"]

# Order matters: literals become "?" first, then lists of "?" collapse, so that
# ``IN (1, 2)`` and ``IN (%s, %s, %s)`` end up as the same ``IN (...)``.
_STRING = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"(?<![\w\"$.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\b")
_PLACEHOLDER = re.compile(r"%s|%\(\w+\)s|\$\d+|\?")
_LIST = re.compile(r"\(\s*\?(?:\s*,\s*\?)*\s*\)")
_ROWS = re.compile(r"\(\.\.\.\)(?:\s*,\s*\(\.\.\.\))+")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def fingerprint(sql: str) -> str:
    """``sql`` with literals and placeholders as ``?`` and value lists as ``(...)``.

    Cached: an N+1 runs the same SQL string many times, so normalising once is enough.
    """
    text = _STRING.sub("?", sql)
    text = _NUMBER.sub("?", text)
    text = _PLACEHOLDER.sub("?", text)
    text = _LIST.sub("(...)", text)
    text = _ROWS.sub("(...)", text)
    return _SPACE.sub(" ", text).strip()
