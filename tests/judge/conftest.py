"""Judge test wiring: fast limits, a choice of runner, and toolchains that may be missing.

A test marked ``@pytest.mark.toolchain("java")`` is deselected where that language's
toolchain is not installed (so nothing is skipped under ``REQUIRE_SERVICES=1``);
``test_checks.py`` proves the system check reports every such language instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings

from algoitny_core.judge.languages import BUILTIN

# Python's judge-wide 3x + 2 s would make every TLE test wait seconds: 1x here, and the
# multiplier has its own test.
FAST = {"python": {"time_multiplier": 1, "time_offset": 0}}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "toolchain(name): needs that language's toolchain (deselected without it)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("toolchain")
        (drop if marker and not BUILTIN[marker.args[0]].available else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def judge_settings(**overrides: Any) -> override_settings:
    """``ALGOITNY`` for the judge tests, with ``overrides`` on top."""
    return override_settings(ALGOITNY={"LANGUAGES": FAST, "JUDGE_WORKERS": 2, **overrides})


@pytest.fixture(autouse=True)
def _fast_judge() -> Iterator[None]:
    with judge_settings(SANDBOX="bwrap"):
        yield


@pytest.fixture(params=["bwrap", "rlimits"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each runner in turn, for behaviour that is the same under both."""
    with judge_settings(SANDBOX=request.param):
        yield request.param
