"""Claims with their verdicts as CSV: from the API (public data, same filters) and the
admin (the newsroom's own, drafts included); formula-like cells are defused."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from claims.exports import HEADER, safe
from tests import factories

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_api_exports_the_filtered_public_claims_with_their_verdicts(client, seed):
    response = client.get(reverse("api:claim-list"), {"format": "csv", "speaker": "donald-trump"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    [row] = _rows(response)
    assert row["claim"] == "trump-hamas-must-surrender-immediately"
    assert row["speaker"] == "Donald Trump"
    assert row["rating"] == "Not checkable"
    assert row["page_url"].endswith("/claims/trump-hamas-must-surrender-immediately/")
    everything = _rows(client.get(reverse("api:claim-list"), {"format": "csv"}))
    assert len(everything) == 8
    assert list(everything[0]) == HEADER


def test_drafts_never_reach_the_public_csv(client, seed):
    factories.make_verdict(
        headline="DRAFT-CSV-MARKER", claim=factories.make_claim(text="DRAFT-CSV-CLAIM")
    )
    body = b"".join(
        client.get(reverse("api:claim-list"), {"format": "csv"}).streaming_content
    ).decode()
    assert "DRAFT-CSV" not in body


def test_cells_a_spreadsheet_would_run_are_defused(client, db):
    factories.make_verdict(
        status="published",
        claim=factories.make_claim(text='=HYPERLINK("http://evil.example","click")'),
        headline="+1 for the headline",
        summary="@SUM(A1:A9)",
    )
    [row] = _rows(client.get(reverse("api:claim-list"), {"format": "csv"}))
    assert row["text"].startswith("'=HYPERLINK")
    assert row["headline"] == "'+1 for the headline"
    assert row["summary"] == "'@SUM(A1:A9)"
    assert safe("-2") == "'-2"
    assert safe("plain") == "plain"


def test_bad_filters_are_still_a_400(client, seed):
    response = client.get(reverse("api:claim-list"), {"format": "csv", "speaker": "nobody"})
    assert response.status_code == 400
    assert response.json() == {"speaker": ["No public speaker has the slug “nobody”."]}
    malformed = client.get(reverse("api:claim-list"), {"format": "csv", "claimed_after": "soon"})
    assert malformed.status_code == 400
    assert "claimed_after" in malformed.json()


def test_the_admin_exports_selected_claims_with_every_verdict(editor, login):
    draft = factories.make_verdict(headline="A draft verdict")
    bare = factories.make_claim(text="A claim with no verdict yet.")
    response = login(editor).post(
        reverse("admin:claims_claim_changelist"),
        {"action": "export_csv", "_selected_action": [draft.claim_id, bare.pk]},
    )
    rows = {row["claim"]: row for row in _rows(response)}
    assert rows[draft.claim.slug]["status"] == "draft"
    assert rows[draft.claim.slug]["headline"] == "A draft verdict"
    assert rows[bare.slug]["verdict"] == ""


def test_the_public_csv_says_what_the_api_says(client, seed):
    """Both read the documents the public index stores, so they cannot disagree."""
    rows = _rows(client.get(reverse("api:claim-list"), {"format": "csv"}))
    claims = client.get(reverse("api:claim-list"), {"page_size": 100}).json()["results"]
    listed = [(claim, verdict) for claim in claims for verdict in claim["verdicts"]]
    assert len(rows) == len(listed)
    for row, (claim, verdict) in zip(rows, listed, strict=True):
        assert row["claim"] == claim["slug"]
        assert row["text"] == safe(claim["text"])
        assert row["speaker"] == (claim["speaker"] or {}).get("name", "")
        assert row["topics"] == "; ".join(t["name"] for t in claim["topics"])
        assert row["verdict"] == verdict["slug"]
        assert row["rating"] == verdict["rating"]["label"]
        assert row["publisher"] == verdict["publisher"]["name"]
        assert row["headline"] == safe(verdict["headline"])
        assert row["published"] == verdict["first_published"]
        assert row["page_url"] == verdict["page_url"]
