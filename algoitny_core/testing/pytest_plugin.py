"""pytest plugin: the toolkit's fixtures, ``@pytest.mark.query_budget(n)``, ``--query-report``.

Loads in any project: Django is imported only when a fixture or the marker is used.
Under pytest-xdist, workers attach their records to test reports and the controller
writes the one report file.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from pathlib import Path
from typing import Any, cast

import pytest

from algoitny_core.testing.fixtures import (  # noqa: F401  (fixtures registered by name)
    assert_constant_queries,
    assert_max_queries,
    assert_num_queries,
    assert_uses_index,
    capture_queries,
    detect_n_plus_one,
    forbid_queries,
)

PROPERTY = "algoitny_query_budget"
_REPORT = pytest.StashKey["QueryReport"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("query budgets")
    group.addoption(
        "--query-report",
        metavar="PATH",
        default=None,
        help="write every budgeted call (test, budget, actual, fingerprints) to PATH as JSON",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "query_budget(n, using=None): fail the test if its body runs more than n queries",
    )
    path = config.getoption("query_report", None)
    if path:
        report = QueryReport(Path(path), is_worker=hasattr(config, "workerinput"))
        config.stash[_REPORT] = report
        config.pluginmanager.register(report, "algoitny-query-report")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    marker = item.get_closest_marker("query_budget")
    if marker is None:
        return (yield)
    from algoitny_core.testing import assertions
    from algoitny_core.testing.exceptions import QueryBudgetExceeded

    check = assertions.assert_max_queries(*marker.args, **marker.kwargs)
    # Only the test body is counted: fixtures that build data are not.
    log = check.capture.start()
    try:
        result = yield
    finally:
        check.capture.stop()
    assertions.report("marker", log, check.budget)
    if log.count > check.budget:
        error = QueryBudgetExceeded.over_budget(log, check.budget, label="query_budget marker")
        pytest.fail(str(error), pytrace=False)  # the message says it all; no plugin frames
    return result


class QueryReport:
    """Collects records from test reports (local or from xdist workers) and writes JSON."""

    def __init__(self, path: Path, *, is_worker: bool) -> None:
        self.path = path
        self.is_worker = is_worker
        self.records: list[dict[str, Any]] = []
        self.item: pytest.Item | None = None

    def _record(self, record: dict[str, Any]) -> None:
        if self.item is not None:
            seq = sum(1 for name, _ in self.item.user_properties if name == PROPERTY)
            self.item.user_properties.append(
                (PROPERTY, {"test": self.item.nodeid, "seq": seq, **record})
            )

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Generator[None, Any, Any]:
        from algoitny_core.testing.exceptions import report_hooks

        self.item = item
        report_hooks.append(self._record)
        try:
            return (yield)
        finally:
            report_hooks.remove(self._record)
            self.item = None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # The teardown report carries every record the test made, in all its phases.
        if report.when == "teardown" and not self.is_worker:
            records = [value for name, value in report.user_properties if name == PROPERTY]
            self.records += cast(list[dict[str, Any]], records)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.is_worker:
            return
        records = sorted(self.records, key=lambda r: (r["test"], r["seq"]))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        document = {"version": 1, "records": records}
        self.path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
