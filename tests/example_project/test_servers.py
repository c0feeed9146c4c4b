"""The example project serves the same API under WSGI (gunicorn) and ASGI (uvicorn)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVERS = {
    "gunicorn": ["-m", "gunicorn", "--workers", "1", "example_project.wsgi:application"],
    "uvicorn": ["-m", "uvicorn", "--workers", "1", "example_project.asgi:application"],
}
# Lines printed once the socket accepts connections.
READY = {"gunicorn": "Listening at", "uvicorn": "Uvicorn running on"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A migrated, seeded SQLite file of its own: a server process cannot see a test transaction."""
    db = tmp_path_factory.mktemp("served") / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_DEBUG": "0"}
    manage = [sys.executable, str(ROOT / "example_project" / "manage.py")]
    for command in (["migrate", "-v0"], ["seed_demo", "--problems", "30", "--histories", "40"]):
        subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True, capture_output=True)
    return env


def serve(name: str, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    bind = ["--bind", f"127.0.0.1:{port}"] if name == "gunicorn" else ["--port", str(port)]
    process = subprocess.Popen(
        [sys.executable, *SERVERS[name], *bind],
        env=env,
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:  # the server says when it is ready
            if READY[name] in line:
                break
        else:
            pytest.fail(f"{name} exited with {process.wait()} before it was ready")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(base: str, path: str) -> tuple[int, dict]:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        # Pagination links name the server's port: compare them without it.
        return response.status, json.loads(response.read().decode().replace(base, ""))


@pytest.fixture(scope="module")
def responses(environment: dict[str, str]) -> dict[str, dict[str, tuple[int, dict]]]:
    paths = ["/api/problems/", "/api/history/", "/api/health/", "/api/problems/1/"]
    found = {}
    for name in SERVERS:
        for base in serve(name, environment):
            found[name] = {path: get(base, path) for path in paths}
    return found


def test_gunicorn_and_uvicorn_serve_the_same_responses(responses):
    assert responses["gunicorn"] == responses["uvicorn"]
    status, problems = responses["uvicorn"]["/api/problems/"]
    assert status == 200
    assert len(problems["results"]) == 20
