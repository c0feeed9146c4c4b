"""Rows and ORM code for the toolkit's tests: an N+1 and its fix over each kind of relation."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.db.models import Count

from algoitny_core.models import Problem, SearchHistory
from tests.factories import make_history, make_problem, make_user


def make_problems(n: int) -> None:
    for _ in range(n):
        make_problem(test_cases=2)


def make_histories(n: int) -> None:
    for _ in range(n):
        make_history(user=make_user())


def make_members(n: int) -> None:
    group = Group.objects.create(name=f"group-{Group.objects.count()}")
    for _ in range(n):
        make_user().groups.add(group)


# Reverse foreign key: Problem.test_cases
def case_counts_naive() -> list[int]:
    return [len(problem.test_cases.all()) for problem in Problem.objects.all()]


def case_counts_prefetched() -> list[int]:
    problems = Problem.objects.prefetch_related("test_cases")
    return [len(problem.test_cases.all()) for problem in problems]


def case_counts_annotated() -> list[int]:
    problems = Problem.objects.annotate(n=Count("test_cases"))
    return [problem.n for problem in problems]


# Foreign key: SearchHistory.user
def history_owners_naive() -> list[str]:
    return [history.user.username for history in SearchHistory.objects.all()]


def history_owners_joined() -> list[str]:
    return [history.user.username for history in SearchHistory.objects.select_related("user")]


# Many-to-many: User.groups
def group_names_naive() -> list[list[str]]:
    return [[g.name for g in user.groups.all()] for user in User.objects.all()]


def group_names_prefetched() -> list[list[str]]:
    users = User.objects.prefetch_related("groups")
    return [[g.name for g in user.groups.all()] for user in users]
