"""``QueryBudgetMiddleware``: enforce the budgets views declare, per request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponseBase

from algoitny_core.testing.assertions import check_budget
from algoitny_core.testing.budget import ENFORCED, enforce
from algoitny_core.testing.capture import capture_queries

__all__ = ["QueryBudgetMiddleware", "budget_of"]

_STATE = "_algoitny_query_capture"
_UNKNOWN = object()


def budget_of(view: Callable[..., Any]) -> int | None:
    """The budget a view declares: ``@query_budget(n)`` or a ``query_budget`` class attribute."""
    for owner in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        budget = getattr(owner, "query_budget", None)
        if budget is not None:
            return check_budget(budget, f"query_budget of {owner!r}")
    return None


def _header_enabled() -> bool:
    from algoitny_core.conf import app_settings  # settings only: no models imported

    return bool(app_settings.QUERY_COUNT_HEADER)


class QueryBudgetMiddleware:
    """Count each budgeted request's queries on all databases; raise or log when over.

    Raises under DEBUG and in tests, logs a warning otherwise (``ALGOITNY["QUERY_BUDGET_RAISE"]``
    decides when set); ``ALGOITNY["QUERY_COUNT_HEADER"]`` adds ``X-Query-Count`` to responses.
    Place it first, so that it sees the response after every other middleware.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)
        # view function -> (budget to enforce here, or None)
        self.budgets: dict[Callable[..., Any], int | None] = {}

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        return self.finish(request, self.get_response(request))

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        get_response: Callable[[HttpRequest], Awaitable[HttpResponseBase]] = self.get_response
        return self.finish(request, await get_response(request))

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        budget = self.budgets.get(view, _UNKNOWN)
        if budget is _UNKNOWN:
            # A view that checks its own budget (a decorated function) is not checked twice.
            budget = None if getattr(view, ENFORCED, False) else budget_of(view)
            self.budgets[view] = budget
        if budget is None and not _header_enabled():
            return
        label = f"{request.method} {request.path}"
        capture = capture_queries("__all__")
        capture.start()
        setattr(request, _STATE, (capture, budget, label))

    def finish(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        state = request.__dict__.pop(_STATE, None)
        if state is None:
            return response
        capture, budget, label = state
        log = capture.stop()
        if _header_enabled():
            response["X-Query-Count"] = str(log.count)
        if budget is not None:
            enforce(log, budget, label)
        return response
