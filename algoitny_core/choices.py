"""Choices shared by the models, their querysets and the API."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    BAEKJOON = "baekjoon", "Baekjoon"
    CODEFORCES = "codeforces", "Codeforces"


class JobType(models.TextChoices):
    SCRIPT_GENERATION = "script_generation", _("Script generation")
    PROBLEM_EXTRACTION = "problem_extraction", _("Problem extraction")


class JobStatus(models.TextChoices):
    PENDING = "PENDING", _("Pending")
    PROCESSING = "PROCESSING", _("Processing")
    COMPLETED = "COMPLETED", _("Completed")
    FAILED = "FAILED", _("Failed")


def validate_platform(platform: str) -> str:
    """Return ``platform`` if known, else raise ``ValueError`` naming the known platforms."""
    if platform not in Platform.values:
        known = ", ".join(Platform.values)
        raise ValueError(f"Unknown platform {platform!r}; expected one of: {known}.")
    return platform
