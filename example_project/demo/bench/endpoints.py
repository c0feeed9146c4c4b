"""The endpoints of the seed report's tables: how to call each, and what the seed quotes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from example_project.demo.bench import floor
from example_project.demo.bench.data import Dataset


@dataclass(frozen=True)
class Seed:
    """The seed report's figures: queries before and after, and the data saving it claims."""

    before: str
    after: str
    saving: str = ""  # "" where the seed quotes none


@dataclass(frozen=True)
class Endpoint:
    route: str  # the same route name under both namespaces, "algoitny" and "naive"
    label: str  # what the rows of N are, as the seed's table says
    seed: Seed
    who: str  # "anonymous", "staff", or "runner" (the user who owns the N runs)
    paged: bool  # a list: asked for a page of N rows
    floor: Callable[[Dataset], bytes]
    args: Callable[[Dataset], list[Any]] = lambda data: []


ENDPOINTS = (
    Endpoint(
        "problem-list",
        "problem list (N problems)",
        Seed("101", "1", "~60%"),
        "anonymous",
        True,
        floor.problem_list,
    ),
    Endpoint(
        "problem-detail",
        "problem detail (N test cases)",
        Seed("51", "2"),
        "anonymous",
        False,
        floor.problem_detail,
        lambda data: [data.detail_problem.pk],
    ),
    Endpoint(
        "history-list",
        "history list (N runs)",
        Seed("101", "1", "~70%"),
        "anonymous",
        True,
        floor.history_list,
    ),
    Endpoint(
        "account-stats",
        "account stats (N runs)",
        Seed("5", "4", "~80%"),
        "runner",
        False,
        floor.account_stats,
    ),
    Endpoint(
        "job-list", "job list (N jobs)", Seed("1", "1", "~70%"), "staff", True, floor.job_list
    ),
    Endpoint(
        "draft-problems",
        "draft problems (N drafts)",
        Seed("1", "1", "~50%"),
        "staff",
        True,
        floor.draft_list,
    ),
)
