from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from algoitny_core.models import Problem, SearchHistory, TestCase

pytestmark = pytest.mark.django_db


def seed(*args: str) -> None:
    call_command(
        "seed_demo",
        "--problems",
        "12",
        "--test-cases",
        "3",
        "--histories",
        "30",
        "--users",
        "4",
        *args,
        verbosity=0,
    )


def counts() -> tuple[int, ...]:
    return (
        Problem.objects.count(),
        TestCase.objects.count(),
        SearchHistory.objects.count(),
        get_user_model().objects.count(),
        Token.objects.count(),
    )


def test_seed_demo_creates_the_requested_rows():
    seed()
    assert counts() == (12, 36, 30, 5, 5)
    assert get_user_model().objects.get(username="admin").is_staff
    assert Problem.objects.drafts().exists() and Problem.objects.completed().exists()


def test_seed_demo_keeps_existing_data_without_reset_and_rebuilds_with_it():
    seed()
    first = list(Problem.objects.values_list("platform", "problem_id", "is_completed"))
    seed()
    assert counts() == (12, 36, 30, 5, 5)
    seed("--reset")
    assert counts() == (12, 36, 30, 5, 5)
    assert list(Problem.objects.values_list("platform", "problem_id", "is_completed")) == first


def test_seed_demo_refuses_negative_sizes():
    with pytest.raises(SystemExit):
        call_command("seed_demo", "--problems", "-1", verbosity=0)
    assert counts() == (0, 0, 0, 0, 0)
