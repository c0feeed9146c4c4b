"""An exception handler for DRF that answers a cancelled query with 503, not 500.

PostgreSQL cancels a statement that runs past ``statement_timeout`` (SQLSTATE 57014,
``query_canceled``); Django raises it as ``OperationalError``. That is the database being
slow, not a bug: the client should try again later, and a worker is never left hanging.
Enable it in the host's settings::

    REST_FRAMEWORK = {"EXCEPTION_HANDLER": "algoitny_core.exceptions.exception_handler"}
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import OperationalError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

QUERY_CANCELED = "57014"
RETRY_AFTER_SECONDS = 5


def is_query_timeout(exc: BaseException) -> bool:
    """Whether ``exc`` is a statement cancelled by the database's timeout."""
    cause = exc.__cause__
    return isinstance(exc, OperationalError) and (
        getattr(cause, "sqlstate", None) == QUERY_CANCELED
        or getattr(cause, "pgcode", None) == QUERY_CANCELED
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus 503 with ``Retry-After`` for a query over the timeout."""
    response = drf_exception_handler(exc, context)
    if response is None and is_query_timeout(exc):
        logger.warning("Query cancelled by statement_timeout in %s", context.get("view"))
        response = Response(
            {"detail": "The database did not answer in time; try again shortly."},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return response
