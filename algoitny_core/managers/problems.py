from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from algoitny_core.choices import validate_platform
from algoitny_core.managers import flag

if TYPE_CHECKING:
    from algoitny_core.models import Problem  # noqa: F401  (the generic argument)

# What a problem list shows: no solution_code, constraints or metadata.
LIST_FIELDS = (
    "id",
    "platform",
    "problem_id",
    "title",
    "problem_url",
    "tags",
    "language",
    "is_completed",
    "created_at",
)


class ProblemQuerySet(models.QuerySet["Problem"]):
    def active(self) -> ProblemQuerySet:
        """Problems not soft-deleted."""
        return self.filter(is_deleted=flag(False))

    def completed(self) -> ProblemQuerySet:
        """Published problems: completed and not deleted."""
        return self.filter(is_deleted=flag(False), is_completed=flag(True))

    def drafts(self) -> ProblemQuerySet:
        """Problems still being prepared: not completed and not deleted."""
        return self.filter(is_deleted=flag(False), is_completed=flag(False))

    def soft_delete(self, reason: str = "") -> int:
        """Mark these problems deleted (kept for their runs' history); returns how many.

        One read of their ids, for the cache, and one UPDATE: ``update()`` sends no signal.
        """
        from algoitny_core.caching import invalidate_problems

        pks = list(self.values_list("pk", flat=True))
        invalidate_problems(*pks)
        return self.model._default_manager.filter(pk__in=pks).update(
            is_deleted=True, deleted_at=timezone.now(), deleted_reason=reason
        )

    def by_platform(self, platform: str) -> ProblemQuerySet:
        """Problems of one platform; ``ValueError`` for an unknown one."""
        return self.filter(platform=validate_platform(platform))

    def with_test_cases(self) -> ProblemQuerySet:
        """Prefetch the test cases in their order: one more query for any number of problems."""
        return self.prefetch_related("test_cases")

    def with_test_case_count(self) -> ProblemQuerySet:
        """Annotate ``test_case_count``, the one name serializers read.

        A correlated subquery rather than ``Count()`` over a JOIN: the outer query keeps
        no GROUP BY, so it still walks an index in order and stops at the page's LIMIT.
        """
        from algoitny_core.models import TestCase

        count = (
            TestCase.objects.filter(problem=models.OuterRef("pk"))
            .order_by()
            .values("problem")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            test_case_count=Coalesce(models.Subquery(count), 0, output_field=models.IntegerField())
        )

    def with_has_test_cases(self) -> ProblemQuerySet:
        """Annotate ``has_test_cases``: an EXISTS on the test-case index, no count."""
        from algoitny_core.models import TestCase

        tests = TestCase.objects.filter(problem=models.OuterRef("pk"))
        return self.annotate(has_test_cases=models.Exists(tests))

    def list_rows(self) -> models.QuerySet[Any, dict[str, Any]]:
        """A list's columns and ``test_case_count`` as dicts: no model instance per row."""
        return self.with_test_case_count().values(*LIST_FIELDS, "test_case_count")

    def minimal_fields(self) -> ProblemQuerySet:
        """Only the columns a list shows."""
        return self.only(*LIST_FIELDS)
