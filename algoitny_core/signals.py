"""Cache invalidation for saves and deletes made through the ORM's model methods.

Test cases get no delete receiver on purpose: any ``pre_delete``/``post_delete`` receiver
stops Django from deleting a queryset in one statement (it must load every row to send
the signals), which would make ``generate_outputs_task`` cost a query per batch of rows.
The code that bulk-deletes test cases invalidates the problem itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from algoitny_core.caching import invalidate_history, invalidate_problems
from algoitny_core.models import Problem, SearchHistory, TestCase


@receiver(post_save, sender=Problem, dispatch_uid="algoitny_problem_saved")
@receiver(post_delete, sender=Problem, dispatch_uid="algoitny_problem_deleted")
def problem_changed(sender: type, instance: Problem, **kwargs: Any) -> None:
    invalidate_problems(instance.pk)


@receiver(post_save, sender=TestCase, dispatch_uid="algoitny_test_case_saved")
def test_case_saved(sender: type, instance: TestCase, **kwargs: Any) -> None:
    invalidate_problems(instance.problem_id)


@receiver(post_save, sender=SearchHistory, dispatch_uid="algoitny_history_saved")
@receiver(post_delete, sender=SearchHistory, dispatch_uid="algoitny_history_deleted")
def history_changed(sender: type, instance: SearchHistory, **kwargs: Any) -> None:
    invalidate_history(instance.user_id)


def connect_replica_routing() -> None:
    """Requests start with their reads on the replicas, Celery tasks on the primary."""
    from celery.signals import task_prerun
    from django.core.signals import request_started

    from algoitny_core.routers import use_primary, use_replicas

    request_started.connect(use_replicas, dispatch_uid="algoitny_request_reads_replicas")
    task_prerun.connect(use_primary, dispatch_uid="algoitny_task_reads_primary")


connect_replica_routing()
