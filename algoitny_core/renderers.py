"""A JSON renderer that writes the bytes DRF's ``JSONRenderer`` writes, faster, with orjson.

Enable it in ``REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"]`` (``pip install orjson``). Where
orjson would write something else — indented output, ASCII-only or spaced JSON by setting,
a value it cannot encode — DRF's own renderer writes the response instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import JSONRenderer

try:
    import orjson
except ImportError:  # without orjson this is DRF's renderer
    orjson = None  # type: ignore[assignment]

__all__ = ["ORJSONRenderer"]

# Dates and dataclasses go to DRF's encoder: it writes UTC as "Z", and refuses dataclasses.
_OPTIONS = (orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS) if orjson else 0
# DRF escapes these two so that the JSON is also valid JavaScript.
_LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))


class ORJSONRenderer(JSONRenderer):
    """DRF's compact UTF-8 JSON, encoded by orjson.

    One difference: NaN and infinities, which DRF's strict JSON refuses, become ``null``.
    """

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        indent = self.get_indent(accepted_media_type or "", renderer_context or {})
        if orjson is None or data is None or indent or self.ensure_ascii or not self.compact:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            ret = orjson.dumps(data, default=self.encoder_class().default, option=_OPTIONS)
        except (orjson.JSONEncodeError, ValueError):
            # Integers over 64 bits, keys that are not strings, ...: the standard library's.
            return super().render(data, accepted_media_type, renderer_context)
        for raw, escaped in _LINE_SEPARATORS:
            if raw in ret:
                ret = ret.replace(raw, escaped)
        return ret
