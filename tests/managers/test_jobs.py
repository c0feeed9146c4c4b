from __future__ import annotations

import pytest
from django.db import connection

from algoitny_core.managers.jobs import LIST_FIELDS
from algoitny_core.models import JobStatus, JobType, ScriptGenerationJob
from tests.factories import make_job
from tests.sql import columns, where

pytestmark = pytest.mark.django_db


def test_list_fields_leaves_out_the_large_text_columns():
    make_job(generator_code="print(1)\n" * 1000)
    qs = ScriptGenerationJob.objects.list_fields()
    assert columns(qs) == set(LIST_FIELDS)
    assert not columns(qs) & {"generator_code", "solution_code", "constraints"}


def test_script_generation_filters_on_job_type():
    script = make_job(job_type=JobType.SCRIPT_GENERATION)
    make_job(job_type=JobType.PROBLEM_EXTRACTION)
    qs = ScriptGenerationJob.objects.script_generation()
    assert where(qs) == {("job_type", "exact", "script_generation")}
    assert list(qs) == [script]


def test_pending_filters_on_status():
    waiting = make_job()
    make_job(status=JobStatus.COMPLETED)
    qs = ScriptGenerationJob.objects.pending()
    assert where(qs) == {("status", "exact", "PENDING")}
    assert list(qs) == [waiting]


def test_job_indexes_have_the_seed_names():
    with connection.cursor() as cursor:
        names = set(
            connection.introspection.get_constraints(cursor, ScriptGenerationJob._meta.db_table)
        )
    assert {
        "sgj_type_created_idx",
        "sgj_status_created_idx",
        "sgj_platform_problem_idx",
        "sgj_task_id_idx",
    } <= names
