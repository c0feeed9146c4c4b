"""The pytest plugin, run in a host project that knows nothing of algoitny_core's app."""

from __future__ import annotations

import json

import pytest

pytest_plugins = ["pytester"]

SETTINGS = """
SECRET_KEY = "not-secret"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "shop"]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
    "other": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
"""

MODELS = """
from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=50)


class Book(models.Model):
    title = models.CharField(max_length=50)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
"""

TESTS = """
import sys

import pytest

from shop.models import Author, Book

pytestmark = pytest.mark.django_db


def make_books(n):
    for i in range(n):
        Book.objects.create(title=f"b{i}", author=Author.objects.create(name=f"a{i}"))


@pytest.fixture
def books():
    make_books(3)


def naive():
    return [book.author.name for book in Book.objects.all()]


def joined():
    return [book.author.name for book in Book.objects.select_related("author")]


@pytest.mark.query_budget(1)
def test_marker_within_budget(books):
    joined()


@pytest.mark.query_budget(1)
def test_marker_over_budget(books):
    naive()


def test_fixtures_within_budget(books, assert_num_queries, assert_max_queries):
    with assert_num_queries(1):
        joined()
    with assert_max_queries(1):
        joined()


def test_fixture_over_budget(books, assert_max_queries):
    with assert_max_queries(2):
        naive()


def test_constant_queries(assert_constant_queries):
    assert assert_constant_queries(make_books, joined, sizes=(1, 5)) == {1: 1, 5: 1}


def test_other_fixtures(
    books, capture_queries, forbid_queries, detect_n_plus_one, assert_uses_index
):
    with capture_queries() as log:
        joined()
    assert log.count == 1
    with forbid_queries():
        pass
    with pytest.raises(AssertionError, match="n[+]1 query detected on `Book.author`"):
        with detect_n_plus_one():
            naive()
    assert_uses_index(Book.objects.filter(author_id=1))


def test_the_app_is_not_loaded():
    import algoitny_core.testing as toolkit
    from algoitny_core.testing.budget import should_raise

    for name in toolkit.__all__:
        getattr(toolkit, name)
    assert should_raise()  # reads the ALGOITNY settings without the app
    assert "algoitny_core.models" not in sys.modules
"""


MULTIDB_TESTS = """
import pytest

from shop.models import Author
from algoitny_core.testing import assert_num_queries, capture_queries

pytestmark = pytest.mark.django_db(databases=["default", "other"])


def one_query_on_each():
    Author.objects.count()
    Author.objects.using("other").count()


def test_using_picks_the_databases_counted():
    with capture_queries("__all__") as every, capture_queries("other") as other:
        with capture_queries() as default:
            one_query_on_each()
    assert (every.count, other.count, default.count) == (2, 1, 1)
    assert [q.alias for q in every.queries] == ["default", "other"]
    with assert_num_queries(2, using=["default", "other"]):
        one_query_on_each()


@pytest.mark.query_budget(1, using="__all__")
def test_marker_counts_every_database():
    one_query_on_each()
"""


EARLY_MANAGER_TESTS = """
import pytest

from shop.models import Author, Book
from algoitny_core.testing import LazyLoadDetected, detect_n_plus_one

pytestmark = pytest.mark.django_db


def test_a_related_manager_used_before_nplusone_is_loaded_is_still_watched():
    import sys

    author = Author.objects.create(name="a")
    Book.objects.create(title="b", author=author)
    Author.objects.create(name="c")
    assert list(author.books.all())  # Django builds and caches the manager class now
    assert "nplusone" not in sys.modules
    with pytest.raises(LazyLoadDetected, match="n[+]1 query detected on `Author.books`"):
        with detect_n_plus_one():
            [list(a.books.all()) for a in Author.objects.all()]
"""


@pytest.fixture
def host(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    pytester.makeini("[pytest]\nDJANGO_SETTINGS_MODULE = hostsettings\npythonpath = .\n")
    pytester.makepyfile(hostsettings=SETTINGS, test_shop=TESTS)
    pytester.mkpydir("shop")
    (pytester.path / "shop" / "models.py").write_text(MODELS)
    return pytester


def test_fixtures_and_marker_in_a_project_without_the_app(host):
    result = host.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=5, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*_ test_marker_over_budget _*",
            "query_budget marker: expected at most 1 query on 'default', but 4 ran.",
            "",
            "4 queries in 2 groups, most repeated first:",
            '     3 x SELECT "shop_author"."id", "shop_author"."name" FROM "shop_author" WHERE *',
            "         at test_shop.py:* in * (3 x)",
            "*test_fixture_over_budget*",
            "E * expected at most 2 queries on 'default', but 4 ran.",
        ]
    )


def test_counting_across_databases(host):
    host.makepyfile(test_multidb=MULTIDB_TESTS)
    result = host.runpytest_subprocess("-p", "no:cacheprovider", "test_multidb.py")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["query_budget marker: expected at most 1 query on 'default', 'other', but 2 ran."]
    )


def test_related_managers_built_before_the_patch_are_rebuilt(host):
    # Its own process: nplusone must not have been imported before the test runs.
    host.makepyfile(test_early=EARLY_MANAGER_TESTS)
    result = host.runpytest_subprocess("-p", "no:cacheprovider", "test_early.py")
    result.assert_outcomes(passed=1)


def _report(host: pytest.Pytester, *args: str) -> dict:
    result = host.runpytest_subprocess("-p", "no:cacheprovider", "--query-report=out/r.json", *args)
    result.assert_outcomes(passed=5, failed=2)
    return json.loads((host.path / "out" / "r.json").read_text())


def test_query_report_lists_every_budgeted_call(host):
    records = _report(host)["records"]
    summary = [(r["test"], r["kind"], r["budget"], r["actual"]) for r in records]
    assert summary == [
        ("test_shop.py::test_constant_queries", "assert_constant_queries", 1, 1),
        ("test_shop.py::test_fixture_over_budget", "assert_max_queries", 2, 4),
        ("test_shop.py::test_fixtures_within_budget", "assert_num_queries", 1, 1),
        ("test_shop.py::test_fixtures_within_budget", "assert_max_queries", 1, 1),
        ("test_shop.py::test_marker_over_budget", "marker", 1, 4),
        ("test_shop.py::test_marker_within_budget", "marker", 1, 1),
    ]
    over = records[4]
    assert list(over["fingerprints"].values()) == [3, 1]
    assert records[0]["counts"] == {"1": 1, "5": 1}


def test_query_report_under_xdist_merges_the_workers_records(host):
    serial = _report(host)
    parallel = _report(host, "-n", "2")
    assert parallel == serial  # the same file, whichever way the suite ran


def test_the_plugin_loads_without_any_django_settings(pytester, monkeypatch):
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    pytester.makepyfile(test_plain="def test_plain(request):\n    assert request.config\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--query-report=r.json")
    result.assert_outcomes(passed=1)
    assert json.loads((pytester.path / "r.json").read_text()) == {"records": [], "version": 1}
