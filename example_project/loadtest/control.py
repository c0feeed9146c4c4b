"""The load test's helpers: make, analyze and drop its database, wait for the server.

``python -m example_project.loadtest.control createdb|dropdb|analyze|wait URL``; the database is
the one ``DATABASE_URL`` names, created through the server's ``postgres`` database.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.request
from urllib.parse import urlparse, urlunparse

import psycopg
from psycopg import sql


def _server_and_name() -> tuple[str, str]:
    url = urlparse(os.environ["DATABASE_URL"])
    return urlunparse(url._replace(path="/postgres")), url.path.lstrip("/")


def createdb() -> None:
    server, name = _server_and_name()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def dropdb() -> None:
    server, name = _server_and_name()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def analyze() -> None:
    """Planner statistics for the rows just seeded, as a database in service has them."""
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("ANALYZE")


def wait(url: str, seconds: float = 30) -> None:
    """Until ``url`` answers 200, then a few requests more so every worker has loaded."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"{url} did not answer within {seconds:.0f} s")
            time.sleep(0.2)
    for _ in range(20):
        urllib.request.urlopen(url, timeout=5).close()


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"createdb": createdb, "dropdb": dropdb, "analyze": analyze, "wait": wait}[command](*args)
