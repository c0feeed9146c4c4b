from __future__ import annotations

from django.apps import AppConfig


class AlgoitnyCoreConfig(AppConfig):
    name = "algoitny_core"
    verbose_name = "Algoitny"
    # Pinned so a host's DEFAULT_AUTO_FIELD never creates a migration in this app.
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Importing the modules registers their system checks and signal receivers.
        from algoitny_core import checks, signals  # noqa: F401
        from algoitny_core.judge import checks as judge_checks  # noqa: F401
