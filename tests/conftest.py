from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from claims.models import Rating
from tests import factories


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    # Ratings are reference data every verdict needs; load them once per run.
    with django_db_blocker.unblock():
        if not Rating.objects.exists():
            call_command("loaddata", "fixtures/rating_scale.json", verbosity=0)


@pytest.fixture
def seed(db: None) -> None:
    call_command("loaddata", "fixtures/seed.json", verbosity=0)


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
