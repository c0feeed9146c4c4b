from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user


@pytest.fixture
def owner(db: Any) -> Any:
    return make_user()


@pytest.fixture
def other(db: Any) -> Any:
    return make_user()


@pytest.fixture
def staff(db: Any) -> Any:
    return make_user(is_staff=True)


def token_client(user: Any | None) -> APIClient:
    """A client that authenticates with a token, as the API's clients do (``None``: anonymous)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def client_for(owner: Any, other: Any, staff: Any) -> Callable[[str], APIClient]:
    """``client_for("anonymous" | "owner" | "other" | "staff")``."""
    users = {"anonymous": None, "owner": owner, "other": other, "staff": staff}
    return lambda who: token_client(users[who])


@pytest.fixture(autouse=True, params=[0, 300], ids=["cache-off", "cache-on"])
def caching(request: pytest.FixtureRequest, settings: Any) -> int:
    """Every view test, budgets included, runs with response caching off and on."""
    settings.ALGOITNY = {**settings.ALGOITNY, "CACHE_TIMEOUT": request.param}
    return request.param
