from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from algoitny_core.choices import JobStatus, JobType

if TYPE_CHECKING:
    from algoitny_core.models import ScriptGenerationJob  # noqa: F401  (the generic argument)

# What a job list shows: no generator_code, solution_code or constraints.
LIST_FIELDS = (
    "id",
    "platform",
    "problem_id",
    "title",
    "problem_url",
    "tags",
    "language",
    "job_type",
    "status",
    "celery_task_id",
    "error_message",
    "attempts",
    "created_at",
    "updated_at",
)


class ScriptGenerationJobQuerySet(models.QuerySet["ScriptGenerationJob"]):
    def list_fields(self) -> ScriptGenerationJobQuerySet:
        """Only the columns a list shows, none of the large text ones."""
        return self.only(*LIST_FIELDS)

    def list_rows(self) -> models.QuerySet[Any, dict[str, Any]]:
        """The list's columns as dicts: no model instance per row."""
        return self.values(*LIST_FIELDS)

    def generators_of_outer_problem(self) -> ScriptGenerationJobQuerySet:
        """Completed generator scripts of the problem in the enclosing query (matched by
        platform and identifier), newest first: for ``Exists`` or ``Subquery``."""
        return self.filter(
            platform=models.OuterRef("platform"),
            problem_id=models.OuterRef("problem_id"),
            job_type=JobType.SCRIPT_GENERATION,
            status=JobStatus.COMPLETED,
        ).order_by("-created_at", "-id")

    def script_generation(self) -> ScriptGenerationJobQuerySet:
        """Jobs that write a test-case generator script."""
        return self.filter(job_type=JobType.SCRIPT_GENERATION)

    def pending(self) -> ScriptGenerationJobQuerySet:
        """Jobs no worker has claimed yet."""
        return self.filter(status=JobStatus.PENDING)
