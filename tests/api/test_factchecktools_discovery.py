"""Google's Python client built from OUR discovery document (not the copy of Google's it
carries) searches our claims against a running server, as the README shows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def site_is_the_live_server(live_server, settings):
    """The discovery document sends clients to the site's address (FACTCHECK_SITE_URL)."""
    settings.FACTCHECK_SITE_URL = live_server.url + "/"


@pytest.fixture
def ours(live_server):
    service = build(
        "factchecktools",
        "v1alpha1",
        discoveryServiceUrl=live_server.url + "/$discovery/rest?version={apiVersion}",
        developerKey="any",
        cache_discovery=False,
    )
    yield service
    service._http.close()  # its kept-alive connections hold the server's threads


def test_the_client_built_from_our_discovery_document_searches_us(ours, api, live_server, seed):
    assert ours._baseUrl == live_server.url + "/"
    request = ours.claims().search(query="Hamas", languageCode="en-US", pageSize=2)
    texts = []
    while request is not None:
        response = request.execute()
        texts += [claim["text"] for claim in response.get("claims", [])]
        request = ours.claims().search_next(request, response)
    expected = api.get(reverse("api:claim-list"), {"q": "Hamas", "page_size": 100}).json()
    assert sorted(texts) == sorted(claim["text"] for claim in expected["results"])
    with pytest.raises(HttpError) as refused:
        ours.claims().search(query="Hamas", languageCode="en_US").execute()
    assert refused.value.resp.status == 400
    assert "languageCode" in str(refused.value)


def test_the_client_needs_no_key_or_credentials(live_server, seed):
    service = build(
        "factchecktools",
        "v1alpha1",
        discoveryServiceUrl=live_server.url + "/$discovery/rest?version=v1alpha1",
        cache_discovery=False,
    )
    try:
        response = service.claims().search(query="surrender").execute()
        assert [claim["text"] for claim in response["claims"]] == [
            "Hamas must surrender immediately."
        ]
    finally:
        service._http.close()


def test_the_readme_snippet_runs_against_us(live_server, seed, capsys):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    [snippet] = [block for block in blocks if "discoveryServiceUrl=" in block]
    code = snippet.replace("http://127.0.0.1:8000", live_server.url)
    scope: dict[str, Any] = {}
    try:
        exec(compile(code, "README.md", "exec"), scope)
    finally:
        scope["service"]._http.close()
    printed = capsys.readouterr().out
    assert "Hamas must surrender immediately. ['Not checkable']" in printed
