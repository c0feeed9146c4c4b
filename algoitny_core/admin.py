"""Admin changelists at a fixed query count: rows joined, counts annotated, big text deferred."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from algoitny_core.managers.problems import LIST_FIELDS as PROBLEM_LIST_FIELDS
from algoitny_core.models import Problem, ScriptGenerationJob, SearchHistory, TestCase


def _is_changelist(request: HttpRequest) -> bool:
    # get_queryset serves the change form too, which needs every column.
    name = getattr(request.resolver_match, "url_name", None) or ""
    return name.endswith("_changelist")


# Django 6 makes "https" the default scheme; saying so silences 5.2's deprecation warning.
URL_FIELD: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


class TestCaseInline(admin.TabularInline):
    model = TestCase
    extra = 0
    fields = ("input", "output", "created_at")


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = (
        "platform",
        "problem_id",
        "title",
        "language",
        "is_completed",
        "is_deleted",
        "test_case_count",
        "created_at",
    )
    list_filter = ("platform", "is_completed", "is_deleted", "language")
    search_fields = ("problem_id", "title")
    date_hierarchy = "created_at"
    inlines = [TestCaseInline]
    formfield_overrides = URL_FIELD

    def get_queryset(self, request: HttpRequest) -> QuerySet[Problem]:
        qs = super().get_queryset(request)
        if _is_changelist(request):
            qs = qs.only(*PROBLEM_LIST_FIELDS, "is_deleted").with_test_case_count()  # type: ignore[attr-defined]
        return qs

    @admin.display(description="test cases", ordering="test_case_count")
    def test_case_count(self, obj: Any) -> int:
        return obj.test_case_count


@admin.register(SearchHistory)
class SearchHistoryAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "user",
        "platform",
        "problem_number",
        "language",
        "result_summary",
        "passed_count",
        "total_count",
        "is_code_public",
        "created_at",
    )
    list_filter = ("platform", "language", "is_code_public")
    list_select_related = ("user",)
    search_fields = ("problem_number", "problem_title", "user_identifier")
    raw_id_fields = ("user", "problem")
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[SearchHistory]:
        qs = super().get_queryset(request)
        if _is_changelist(request):
            qs = qs.defer("code", "test_results", "hints", "metadata")
        return qs


@admin.register(ScriptGenerationJob)
class ScriptGenerationJobAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "job_type",
        "platform",
        "problem_id",
        "title",
        "status",
        "attempts",
        "created_at",
        "updated_at",
    )
    list_filter = ("job_type", "status", "platform")
    formfield_overrides = URL_FIELD
    search_fields = ("problem_id", "title", "celery_task_id")
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ScriptGenerationJob]:
        qs = super().get_queryset(request)
        if _is_changelist(request):
            qs = qs.list_fields()  # type: ignore[attr-defined]
        return qs
