"""Cursor pagination: no COUNT query, stable under inserts, and a page size with a hard cap."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request

from algoitny_core.conf import app_settings


class CreatedCursorPagination(CursorPagination):
    """Newest first on ``(-created_at, -id)``, which the list indexes serve."""

    ordering = ("-created_at", "-id")
    page_size_query_param = "page_size"

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return app_settings.PAGE_SIZE
        limit = app_settings.MAX_PAGE_SIZE
        if not raw.isdigit() or not 1 <= int(raw) <= limit:
            raise ValidationError({self.page_size_query_param: [f"Must be 1 to {limit}."]})
        return int(raw)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_size_query_param:
                param["schema"].update(minimum=1, maximum=app_settings.MAX_PAGE_SIZE)
        return params
