"""Closed-loop users, one class per endpoint: each asks again as soon as it has its answer.

``LOADTEST_PREFIX`` picks the API (``/api`` or ``/naive``); lists ask for pages of
``LOADTEST_PAGE_SIZE`` rows (100, the seed report's "100 problems" and "100 records").
"""

from __future__ import annotations

import json
import os
import random
import urllib.request

from locust import FastHttpUser, constant, task

PREFIX = os.environ.get("LOADTEST_PREFIX", "/api")
PAGE = {"page_size": os.environ.get("LOADTEST_PAGE_SIZE", "100")}


class ProblemListUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def problem_list(self) -> None:
        self.client.get(f"{PREFIX}/problems/", params=PAGE, name="problem list")


class HistoryListUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def history_list(self) -> None:
        self.client.get(f"{PREFIX}/history/", params=PAGE, name="history list")


class ProblemDetailUser(FastHttpUser):
    wait_time = constant(0)
    ids: list[int] = []

    def on_start(self) -> None:
        # Which problems exist: read once, outside the measured requests.
        if not ProblemDetailUser.ids:
            with urllib.request.urlopen(f"{self.host}/api/problems/?page_size=100") as reply:
                ProblemDetailUser.ids = [p["id"] for p in json.load(reply)["results"]]

    @task
    def problem_detail(self) -> None:
        problem_id = random.choice(self.ids)
        self.client.get(f"{PREFIX}/problems/{problem_id}/", name="problem detail")
