"""``query_budget(n)``: a declared budget for a view or function, enforced when it runs."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings

from algoitny_core.testing.assertions import check_budget, report
from algoitny_core.testing.capture import capture_queries, resolve_aliases
from algoitny_core.testing.exceptions import QueryBudgetExceeded
from algoitny_core.testing.log import QueryLog

__all__ = ["enforce", "query_budget", "should_raise"]

logger = logging.getLogger("algoitny_core.query_budget")
F = TypeVar("F", bound=Callable[..., Any])
# Marks a function that checks its own budget, so the middleware does not check it twice.
ENFORCED = "_query_budget_enforced"


def _in_tests() -> bool:
    # Both Django's runner and pytest-django call setup_test_environment(), which forces
    # DEBUG off; its saved state is the one stable sign that tests are running.
    from django.test.utils import _TestState

    return hasattr(_TestState, "saved_data")


def should_raise() -> bool:
    """``ALGOITNY["QUERY_BUDGET_RAISE"]`` if set, else raise under DEBUG and in tests."""
    from algoitny_core.conf import app_settings  # settings only: no models imported

    choice = app_settings.QUERY_BUDGET_RAISE
    if choice is not None:
        return bool(choice)
    return bool(settings.DEBUG) or _in_tests()


def enforce(log: QueryLog, budget: int, label: str) -> None:
    """Raise (DEBUG, tests) or log a warning when ``log`` ran more than ``budget`` queries."""
    __tracebackhide__ = True
    report("query_budget", log, budget, label=label)
    if log.count <= budget:
        return
    error = QueryBudgetExceeded.over_budget(log, budget, label=label)
    if should_raise():
        raise error
    logger.warning("%s", error, extra={"budget": budget, "actual": log.count})


def query_budget(n: int, using: str | Iterable[str] | None = "__all__") -> Callable[[F], F]:
    """Declare that a view or function runs at most ``n`` queries (on all databases by default).

    On a class (a DRF or class-based view) it sets ``query_budget = n`` for
    :class:`QueryBudgetMiddleware`; a function is checked on every call.
    """
    check_budget(n, "n")
    resolve_aliases(using)  # an unknown alias fails here, not at the first call

    def decorate(obj: F) -> F:
        if inspect.isclass(obj):
            obj.query_budget = n  # type: ignore[attr-defined]
            return obj
        label = f"{obj.__module__}.{obj.__qualname__}"
        if inspect.iscoroutinefunction(obj):

            @functools.wraps(obj)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with capture_queries(using) as log:
                    result = await obj(*args, **kwargs)
                enforce(log, n, label)
                return result

            wrapper: Any = async_wrapper
        else:

            @functools.wraps(obj)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                with capture_queries(using) as log:
                    result = obj(*args, **kwargs)
                enforce(log, n, label)
                return result

        wrapper.query_budget = n
        setattr(wrapper, ENFORCED, True)
        return wrapper

    return decorate
