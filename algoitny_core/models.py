"""Problems, their test cases, users' judged runs and generation jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from algoitny_core.choices import JobStatus, JobType, Platform
from algoitny_core.managers.histories import SearchHistoryQuerySet
from algoitny_core.managers.jobs import ScriptGenerationJobQuerySet
from algoitny_core.managers.problems import ProblemQuerySet

__all__ = [
    "JobStatus",
    "JobType",
    "Platform",
    "Problem",
    "ScriptGenerationJob",
    "SearchHistory",
    "TestCase",
]


class Problem(models.Model):
    """A judge's problem; a draft until its test cases are generated and it is completed."""

    platform = models.CharField(max_length=32, choices=Platform.choices)
    problem_id = models.CharField(max_length=64)
    title = models.CharField(max_length=255, blank=True)
    problem_url = models.URLField(max_length=500, blank=True)
    tags = models.JSONField(default=list, blank=True)
    solution_code = models.TextField(blank=True)
    language = models.CharField(max_length=32, blank=True)
    constraints = models.TextField(blank=True)
    is_completed = models.BooleanField(default=False)
    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_reason = models.TextField(blank=True)
    execution_count = models.PositiveIntegerField(default=0)
    metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "problem_id"], name="problem_platform_problem_uniq"
            ),
        ]
        indexes = [
            models.Index(fields=["platform", "problem_id"], name="problem_platform_id_idx"),
            models.Index(fields=["platform", "-created_at"], name="problem_platform_created_idx"),
            models.Index(
                fields=["is_completed", "-created_at"], name="problem_completed_created_idx"
            ),
            models.Index(fields=["language", "-created_at"], name="problem_language_created_idx"),
            models.Index(
                fields=["is_deleted", "is_completed", "-created_at"],
                name="problem_deleted_completed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.problem_id}: {self.title}"


class TestCase(models.Model):
    """One input and its expected output."""

    __test__ = False  # not a pytest test class, whatever its name

    # No index of its own: tc_problem_created_idx starts with problem_id.
    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="test_cases", db_index=False
    )
    input = models.TextField()
    output = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["problem", "created_at"], name="tc_problem_created_idx")]

    def __str__(self) -> str:
        return f"test case {self.pk} of problem {self.problem_id}"


class SearchHistory(models.Model):
    """One judged run of a user's code, with the problem's fields copied for cheap lists."""

    # No index of its own: sh_user_created_idx starts with user_id.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="search_histories",
        db_index=False,
    )
    user_identifier = models.CharField(max_length=255, blank=True)
    problem = models.ForeignKey(
        Problem, on_delete=models.SET_NULL, null=True, blank=True, related_name="histories"
    )
    platform = models.CharField(max_length=32)
    problem_number = models.CharField(max_length=64)
    problem_title = models.CharField(max_length=255, blank=True)
    language = models.CharField(max_length=32)
    code = models.TextField()
    result_summary = models.CharField(max_length=255, blank=True)
    passed_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    total_count = models.PositiveIntegerField(default=0)
    is_code_public = models.BooleanField(default=False)
    test_results = models.JSONField(default=list, blank=True)
    hints = models.JSONField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    # The Celery task that wrote the row: a task run twice writes one row.
    celery_task_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SearchHistoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "search histories"
        indexes = [
            models.Index(fields=["user", "-created_at"], name="sh_user_created_idx"),
            models.Index(fields=["is_code_public", "-created_at"], name="sh_public_created_idx"),
            models.Index(fields=["platform", "-created_at"], name="sh_platform_created_idx"),
            models.Index(fields=["language", "-created_at"], name="sh_language_created_idx"),
            # Staff see every run: newest first with no filter.
            models.Index(fields=["-created_at", "-id"], name="sh_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.problem_number} in {self.language} ({self.result_summary})"


# A problem's own fields that a staff user gives and that its jobs copy, so a worker reads
# one row.
JOB_FIELDS = (
    "platform",
    "problem_id",
    "title",
    "problem_url",
    "tags",
    "solution_code",
    "language",
    "constraints",
)


class ScriptGenerationJob(models.Model):
    """A background job in which a language model reads a problem and writes for it."""

    platform = models.CharField(max_length=32, choices=Platform.choices)
    problem_id = models.CharField(max_length=64)
    title = models.CharField(max_length=255, blank=True)
    problem_url = models.URLField(max_length=500, blank=True)
    tags = models.JSONField(default=list, blank=True)
    solution_code = models.TextField(blank=True)
    language = models.CharField(max_length=32, blank=True)
    constraints = models.TextField(blank=True)
    job_type = models.CharField(
        max_length=32, choices=JobType.choices, default=JobType.SCRIPT_GENERATION
    )
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    celery_task_id = models.CharField(max_length=255, blank=True)
    generator_code = models.TextField(blank=True)
    error_message = models.TextField(blank=True)
    # Times the job was claimed; requeue_stale_jobs counts a dead worker's claim here.
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScriptGenerationJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["job_type", "-created_at"], name="sgj_type_created_idx"),
            models.Index(fields=["status", "-created_at"], name="sgj_status_created_idx"),
            models.Index(fields=["platform", "problem_id"], name="sgj_platform_problem_idx"),
            models.Index(fields=["celery_task_id"], name="sgj_task_id_idx"),
            models.Index(fields=["-created_at", "-id"], name="sgj_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_job_type_display()} {self.platform} {self.problem_id} [{self.status}]"
