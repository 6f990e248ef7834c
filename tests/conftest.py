from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from claims.models import Claim, Rating
from claims.services.search import reindex_claims
from tests import factories


@pytest.fixture(autouse=True)
def rating_scale(request: pytest.FixtureRequest) -> None:
    """Ratings are reference data every verdict needs, as in every installation."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction", False)
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    if not Rating.objects.exists():
        call_command("loaddata", "fixtures/rating_scale.json", verbosity=0)


@pytest.fixture
def seed(db: None) -> None:
    call_command("loaddata", "fixtures/seed.json", verbosity=0)
    reindex_claims(Claim.objects.values_list("pk", flat=True))


def _user(username: str, role: str | None) -> Any:
    user = factories.make_user(username=username)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(db: None) -> Any:
    return _user("editor", "Editor")


@pytest.fixture
def editor2(db: None) -> Any:
    return _user("editor2", "Editor")


@pytest.fixture
def factchecker(db: None) -> Any:
    return _user("factchecker", "Fact-checker")


@pytest.fixture
def login() -> Callable[[Any], Client]:
    def _login(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Each test starts with an empty cache: no throttle history from the tests before."""
    cache.clear()
