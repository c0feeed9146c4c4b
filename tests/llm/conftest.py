"""A stub of Gemini's ``generateContent`` REST endpoint on 127.0.0.1, in a thread."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    """One scripted answer: HTTP status, JSON body, optional raw body and content type."""

    status: int = 200
    body: Any = None
    raw: bytes | None = None
    content_type: str = "application/json"


@dataclass
class Stub:
    """Answers queued replies in order and records every request it received."""

    url: str = ""
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)

    def reply_text(self, text: str, status: int = 200) -> None:
        """Queue a successful ``generateContent`` answer whose text is ``text``."""
        self.replies.append(Reply(status, text_response(text)))

    def reply_error(self, status: int, message: str = "stub error") -> None:
        """Queue an error answer in Google's error shape."""
        body = {"error": {"code": status, "message": message, "status": "STUB"}}
        self.replies.append(Reply(status, body))


def text_response(text: str) -> dict[str, Any]:
    """A ``GenerateContentResponse`` body with one candidate holding ``text``."""
    return {
        "candidates": [
            {"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": "STOP"}
        ],
        "modelVersion": "stub",
    }


@pytest.fixture
def gemini_stub() -> Iterator[Stub]:
    """A running stub; ``stub.url`` is the base URL to give the client."""
    stub = Stub()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, body: bytes | None = None) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            data = self.rfile.read(length) if length else b""
            stub.requests.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": dict(self.headers),
                    "body": json.loads(data) if data else None,
                }
            )
            reply = stub.replies.pop(0) if stub.replies else Reply(500, {"error": {}})
            payload = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_POST = _answer
        do_GET = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep the test output clean

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    stub.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
