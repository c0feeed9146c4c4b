"""Fill the database with demo problems, test cases, users and runs, in bulk."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework.authtoken.models import Token

from algoitny_core.models import Platform, Problem, SearchHistory, TestCase

BATCH = 2000
TAGS = ["dp", "greedy", "graphs", "math", "implementation", "strings", "sortings", "trees"]
LANGUAGES = ["python", "cpp"]
SOLUTION = "a, b = map(int, input().split())\nprint(a + b)\n"
DEMO_PASSWORD = "demo"


def batched(rows: Iterator[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def demo_users() -> Any:
    """The users this command makes: ``admin`` (staff) and ``user0``, ``user1``, ..."""
    return get_user_model().objects.filter(Q(username="admin") | Q(username__regex=r"^user[0-9]+$"))


class Progress:
    """A one-line progress bar on a terminal, silent elsewhere (a dependency would be overkill)."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.tty = sys.stderr.isatty()

    def advance(self, n: int) -> None:
        self.done += n
        if self.tty:
            width = 30
            filled = width * self.done // max(self.total, 1)
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r{self.label:<11} [{bar}] {self.done}/{self.total}")
            if self.done >= self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


class Command(BaseCommand):
    help = "Create demo users, problems with test cases, and code runs (bulk, deterministic)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--problems", type=int, default=200)
        parser.add_argument("--test-cases", type=int, default=10, help="per problem")
        parser.add_argument("--histories", type=int, default=2000)
        parser.add_argument("--users", type=int, default=20)
        parser.add_argument("--drafts", type=float, default=0.2, help="share of problems")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--reset", action="store_true", help="delete existing data first")

    def handle(self, *args: Any, **opts: Any) -> None:
        for name in ("problems", "test_cases", "histories", "users"):
            if opts[name] < 0:
                self.stderr.write(f"--{name.replace('_', '-')} must not be negative")
                sys.exit(2)
        if opts["reset"]:
            self.reset()
        elif Problem.objects.exists():
            self.stdout.write("Demo data already present; pass --reset to rebuild it.")
            return
        rng = random.Random(opts["seed"])
        with transaction.atomic():
            users = self.create_users(opts["users"])
            problems = self.create_problems(rng, opts["problems"], opts["drafts"])
            self.create_test_cases(rng, problems, opts["test_cases"])
            self.create_histories(rng, problems, users, opts["histories"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {len(users)} users, {len(problems)} problems, "
                f"{len(problems) * opts['test_cases']} test cases, {opts['histories']} runs. "
                f"Log in as 'admin' or 'user0' with password '{DEMO_PASSWORD}'."
            )
        )

    def reset(self) -> None:
        SearchHistory.objects.all().delete()
        Problem.objects.all().delete()  # test cases go with their problems
        demo_users().delete()

    def create_users(self, n: int) -> list[Any]:
        demo_users().delete()
        user_model = get_user_model()
        password = make_password(DEMO_PASSWORD)  # hashed once: hashing per user is slow
        users = [
            user_model(
                username=name,
                email=f"{name}@example.com",
                password=password,
                is_staff=name == "admin",
                is_superuser=name == "admin",
            )
            for name in ["admin", *(f"user{i}" for i in range(n))]
        ]
        users = user_model.objects.bulk_create(users)
        Token.objects.bulk_create([Token(user=u, key=Token.generate_key()) for u in users])
        return users

    def create_problems(self, rng: random.Random, n: int, drafts: float) -> list[Problem]:
        progress = Progress("problems", n)
        now = timezone.now()
        platforms = Platform.values
        created: list[Problem] = []
        rows = (
            Problem(
                platform=platforms[i % len(platforms)],
                problem_id=str(1000 + i // len(platforms)),
                title=f"Demo problem {i}",
                problem_url=f"https://example.com/problems/{i}",
                tags=rng.sample(TAGS, 2),
                solution_code=SOLUTION,
                language=rng.choice(LANGUAGES),
                constraints="1 ≤ A, B ≤ 10^9",
                is_completed=rng.random() >= drafts,
                created_at=now - timedelta(minutes=i),
            )
            for i in range(n)
        )
        for batch in batched(rows):
            created += Problem.objects.bulk_create(batch)
            progress.advance(len(batch))
        return created

    def create_test_cases(self, rng: random.Random, problems: list[Problem], per: int) -> None:
        progress = Progress("test cases", len(problems) * per)
        now = timezone.now()

        def rows() -> Iterator[TestCase]:
            for problem in problems:
                for j in range(per):
                    a, b = rng.randint(1, 10**9), rng.randint(1, 10**9)
                    yield TestCase(
                        problem_id=problem.pk,
                        input=f"{a} {b}\n",
                        output=f"{a + b}\n",
                        created_at=now + timedelta(microseconds=j),
                    )

        for batch in batched(rows()):
            TestCase.objects.bulk_create(batch)
            progress.advance(len(batch))

    def create_histories(
        self, rng: random.Random, problems: list[Problem], users: list[Any], n: int
    ) -> None:
        if not problems or not users:
            return
        progress = Progress("runs", n)
        now = timezone.now()

        def rows() -> Iterator[SearchHistory]:
            for i in range(n):
                problem, user = rng.choice(problems), rng.choice(users)
                total = 10
                passed = total if rng.random() < 0.6 else rng.randint(0, total - 1)
                yield SearchHistory(
                    user_id=user.pk,
                    user_identifier=user.email,
                    problem_id=problem.pk,
                    platform=problem.platform,
                    problem_number=problem.problem_id,
                    problem_title=problem.title,
                    language=rng.choice(LANGUAGES),
                    code=SOLUTION,
                    result_summary="AC" if passed == total else "WA",
                    passed_count=passed,
                    failed_count=total - passed,
                    total_count=total,
                    is_code_public=rng.random() < 0.5,
                    test_results=[{"verdict": "AC"}] * passed
                    + [{"verdict": "WA"}] * (total - passed),
                    created_at=now - timedelta(seconds=i),
                )

        for batch in batched(rows()):
            SearchHistory.objects.bulk_create(batch)
            progress.advance(len(batch))
