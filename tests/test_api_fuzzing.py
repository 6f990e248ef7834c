"""Schemathesis against the published OpenAPI schema: every public operation, fed what
the schema allows (and values it does not), answers without a 5xx and as documented.

Derandomized with bounded examples, so a run is repeatable and short."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = [pytest.mark.heavy, pytest.mark.django_db]
EXAMPLES = 25


@pytest.fixture
def schema() -> Iterator[Any]:
    """The schema, loaded from the app, whose requests run inside the test's transaction
    (as Django's test client arranges: the connection is not closed after each one)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.mark.usefixtures("planted", "unthrottled")
def test_every_public_operation_answers_as_documented(schema: Any) -> None:
    public = schema.include(method="GET").exclude(path_regex=r"/(staff|token)/")
    operations = [result.ok() for result in public.get_all_operations()]
    assert len(operations) >= 12
    _fuzz(operations, headers={})


@pytest.mark.usefixtures("planted")
def test_every_staff_operation_answers_as_documented(schema: Any, editor: Any) -> None:
    token = Token.objects.create(user=editor)
    staff = schema.include(path_regex=r"/staff/")
    operations = [result.ok() for result in staff.get_all_operations()]
    assert len(operations) >= 10
    _fuzz(operations, headers={"Authorization": f"Token {token.key}"})


def _fuzz(operations: list[Any], headers: dict[str, str]) -> None:
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def answers_as_documented(case: Any) -> None:
            # A cursor or a slug that fits the schema's "string" may still name nothing:
            # that is a documented 400, not a schema-valid request wrongly refused.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        answers_as_documented()
