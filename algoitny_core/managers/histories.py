from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import models

from algoitny_core.choices import validate_platform
from algoitny_core.managers import flag

if TYPE_CHECKING:
    from algoitny_core.models import SearchHistory  # noqa: F401  (the generic argument)

# What a history list shows: no code, test_results, hints or metadata.
LIST_FIELDS = (
    "id",
    "user",
    "user_identifier",
    "problem",
    "platform",
    "problem_number",
    "problem_title",
    "language",
    "result_summary",
    "passed_count",
    "failed_count",
    "total_count",
    "is_code_public",
    "created_at",
)


def _is_anonymous(user: Any) -> bool:
    return user is None or not getattr(user, "is_authenticated", True)


class SearchHistoryQuerySet(models.QuerySet["SearchHistory"]):
    def with_user(self) -> SearchHistoryQuerySet:
        """Join the user in the same query."""
        return self.select_related("user")

    def with_problem(self) -> SearchHistoryQuerySet:
        """Join the problem in the same query."""
        return self.select_related("problem")

    def public(self) -> SearchHistoryQuerySet:
        """Runs whose owner made the code public."""
        return self.filter(is_code_public=flag(True))

    def for_user(self, user: Any) -> SearchHistoryQuerySet:
        """Runs of one user (a user or a primary key); none for an anonymous user."""
        if _is_anonymous(user):
            return self.none()
        return self.filter(user=user)

    def visible_to(self, user: Any) -> SearchHistoryQuerySet:
        """Runs ``user`` may list: all for staff, public and own for users, public for anonymous."""
        if _is_anonymous(user):
            return self.public()
        if user.is_staff:
            return self.all()
        return self.filter(models.Q(is_code_public=flag(True)) | models.Q(user=user))

    def by_platform(self, platform: str) -> SearchHistoryQuerySet:
        """Runs on one platform; ``ValueError`` for an unknown one."""
        return self.filter(platform=validate_platform(platform))

    def by_language(self, language: str) -> SearchHistoryQuerySet:
        """Runs in one language."""
        return self.filter(language=language)

    def stats(self) -> dict[str, Any]:
        """Totals, pass/fail and counts per platform and language, from one grouped query."""
        rows = (
            self.order_by()
            .values_list("platform", "language")
            .annotate(
                runs=models.Count("pk"), passed=models.Count("pk", filter=models.Q(failed_count=0))
            )
        )
        stats: dict[str, Any] = {
            "total_executions": 0,
            "passed_executions": 0,
            "failed_executions": 0,
            "by_platform": {},
            "by_language": {},
        }
        for platform, language, runs, passed in rows:
            stats["total_executions"] += runs
            stats["passed_executions"] += passed
            stats["failed_executions"] += runs - passed
            stats["by_platform"][platform] = stats["by_platform"].get(platform, 0) + runs
            stats["by_language"][language] = stats["by_language"].get(language, 0) + runs
        return stats

    def list_rows(self) -> models.QuerySet[Any, dict[str, Any]]:
        """The list's columns as dicts, with the owner's username joined in as ``username``.

        For large pages: building a model instance per row (two, with the user) costs about a
        third of a page's time, and a list never needs the instances.
        """
        username = models.F(f"user__{get_user_model().USERNAME_FIELD}")
        return self.values(*LIST_FIELDS, username=username)

    def minimal_fields(self) -> SearchHistoryQuerySet:
        """Only the columns a list shows; after ``with_user()``, the user's name and email too."""
        fields = list(LIST_FIELDS)
        related = self.query.select_related
        if isinstance(related, dict) and "user" in related:
            user_model = get_user_model()
            names = {user_model.USERNAME_FIELD, user_model.get_email_field_name()}
            fields += [f"user__{name}" for name in sorted(names)]
        return self.only(*fields)
