"""List filters; each one narrows a query that an index named in the models already serves."""

from __future__ import annotations

import json
from typing import Any

import django_filters
from django.db.models import QuerySet

from algoitny_core.choices import JobStatus, JobType, Platform
from algoitny_core.models import Problem, ScriptGenerationJob, SearchHistory


class ProblemFilter(django_filters.FilterSet):
    platform = django_filters.ChoiceFilter(choices=Platform.choices)
    language = django_filters.CharFilter(max_length=32)
    tag = django_filters.CharFilter(method="filter_tag", max_length=64)
    search = django_filters.CharFilter(field_name="title", lookup_expr="icontains", max_length=100)

    class Meta:
        model = Problem
        fields = ["platform", "language", "tag", "search"]

    def filter_tag(self, queryset: QuerySet[Problem], name: str, value: str) -> QuerySet[Problem]:
        # The JSON text holds the tag as a quoted string; this matches whole tags on SQLite
        # and PostgreSQL alike (JSON ``contains`` is not available on SQLite).
        return queryset.filter(tags__icontains=json.dumps(value))


class HistoryFilter(django_filters.FilterSet):
    platform = django_filters.ChoiceFilter(choices=Platform.choices)
    language = django_filters.CharFilter(max_length=32)
    # A choice, not a BooleanFilter: that one reads "perhaps" as "no filter" instead of a 400.
    mine = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")], method="filter_mine"
    )

    class Meta:
        model = SearchHistory
        fields = ["platform", "language", "mine"]

    def filter_mine(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.for_user(self.request.user) if value == "true" else queryset


class JobFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=JobStatus.choices)
    job_type = django_filters.ChoiceFilter(choices=JobType.choices)
    platform = django_filters.ChoiceFilter(choices=Platform.choices)

    class Meta:
        model = ScriptGenerationJob
        fields = ["status", "job_type", "platform"]
