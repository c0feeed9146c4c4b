from __future__ import annotations

import pytest
from django.urls import reverse

from algoitny_core.testing import capture_queries
from algoitny_core.views.history import HistoryDetailView, HistoryListView
from tests.factories import make_history, make_problem, make_user
from tests.views.budgets import prove_budget, sql_of

pytestmark = pytest.mark.django_db

LARGE_COLUMNS = ("code", "test_results", "hints", "metadata")


@pytest.fixture
def runs(owner, other):
    """A public and a private run of each of two users."""
    problem = make_problem()
    return {
        (who, public): make_history(
            user=user,
            problem=problem,
            is_code_public=public,
            code=f"{who} {public}",
            test_results=[{"verdict": "WA"}],
            hints=["read the statement"],
        )
        for who, user in (("owner", owner), ("other", other))
        for public in (True, False)
    }


@pytest.mark.parametrize("who", ["anonymous", "owner", "staff"])
def test_history_list_runs_one_query_for_100_runs(client_for, who):
    problem = make_problem()

    def setup(n: int) -> None:
        for _ in range(n):
            make_history(user=make_user(), problem=problem, is_code_public=True)

    response = prove_budget(
        client_for(who),
        reverse("algoitny:history-list"),
        HistoryListView,
        setup,
        authenticated=who != "anonymous",
        sizes=(1, 100),
    )
    assert len(response.data["results"]) == 20
    assert response.data["results"][0]["username"].startswith("user")


def test_history_list_sql_reads_no_large_column(client_for, runs):
    client = client_for("owner")
    with capture_queries() as log:
        response = client.get(reverse("algoitny:history-list"))
    sql = sql_of(log, "algoitny_core_searchhistory")
    assert not [c for c in LARGE_COLUMNS if f'"algoitny_core_searchhistory"."{c}"' in sql]
    assert not set(LARGE_COLUMNS) & set(response.data["results"][0])


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("anonymous", {("owner", True), ("other", True)}),
        ("owner", {("owner", True), ("owner", False), ("other", True)}),
        ("staff", {("owner", True), ("owner", False), ("other", True), ("other", False)}),
    ],
)
def test_history_list_shows_public_runs_own_runs_and_all_to_staff(client_for, runs, who, visible):
    response = client_for(who).get(reverse("algoitny:history-list"))
    ids = {r["id"] for r in response.data["results"]}
    assert ids == {runs[key].pk for key in visible}


def test_history_list_mine_shows_only_own_runs(client_for, runs):
    response = client_for("owner").get(reverse("algoitny:history-list"), {"mine": "true"})
    assert {r["id"] for r in response.data["results"]} == {
        runs["owner", True].pk,
        runs["owner", False].pk,
    }
    anonymous = client_for("anonymous").get(reverse("algoitny:history-list"), {"mine": "true"})
    assert anonymous.data["results"] == []


def test_history_list_filters_by_platform_and_language(client_for):
    make_history(is_code_public=True, language="cpp")
    cf = make_history(problem=make_problem(platform="codeforces"), is_code_public=True)
    client = client_for("anonymous")
    url = reverse("algoitny:history-list")
    assert [r["id"] for r in client.get(url, {"platform": "codeforces"}).data["results"]] == [cf.pk]
    assert [r["language"] for r in client.get(url, {"language": "cpp"}).data["results"]] == ["cpp"]
    assert client.get(url, {"platform": "nowhere"}).status_code == 400
    assert client.get(url, {"mine": "perhaps"}).status_code == 400


@pytest.mark.parametrize(
    ("who", "key", "status", "code", "private"),
    [
        ("anonymous", ("owner", True), 200, True, False),
        ("anonymous", ("owner", False), 404, None, None),
        ("other", ("owner", True), 200, True, False),
        ("other", ("owner", False), 404, None, None),
        ("owner", ("owner", False), 200, True, True),
        ("owner", ("owner", True), 200, True, True),
        ("staff", ("owner", False), 200, True, True),
    ],
)
def test_history_detail_visibility(client_for, runs, who, key, status, code, private):
    history = runs[key]
    response = client_for(who).get(reverse("algoitny:history-detail", args=[history.pk]))
    assert response.status_code == status
    if status == 200:
        assert (response.data["code"] == history.code) is code
        assert (response.data["test_results"] == history.test_results) is private
        assert (response.data["hints"] == history.hints) is private


def test_history_detail_runs_one_query(client_for, runs):
    history = runs["owner", False]
    prove_budget(
        client_for("owner"),
        reverse("algoitny:history-detail", args=[history.pk]),
        HistoryDetailView,
        lambda n: [make_history(user=history.user) for _ in range(n)],
        authenticated=True,
        sizes=(1, 20),
    )


@pytest.mark.parametrize(
    ("who", "key", "status"),
    [
        ("anonymous", ("owner", True), 401),
        ("other", ("owner", True), 403),
        ("other", ("owner", False), 404),
        ("owner", ("owner", False), 200),
        ("staff", ("owner", False), 200),
    ],
)
def test_hints_are_for_owner_and_staff(client_for, runs, who, key, status):
    response = client_for(who).get(reverse("algoitny:get-hints", args=[runs[key].pk]))
    assert response.status_code == status
    if status == 200:
        assert response.data == {"id": runs[key].pk, "hints": ["read the statement"]}


def test_missing_history_is_404(client_for):
    assert (
        client_for("staff").get(reverse("algoitny:history-detail", args=[999])).status_code == 404
    )
