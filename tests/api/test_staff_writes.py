"""Staff write through the API with a token, through the same services as the admin:
the API refuses exactly what the services refuse, and never saves over a newer version."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims import services
from claims.models import Claim, Correction, Topic, Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_staff_exchange_their_password_for_a_token(api, db):
    user = factories.make_user(username="desk")
    user.set_password("a long newsroom passphrase")
    user.save()
    response = api.post(
        reverse("api:token"),
        {"username": "desk", "password": "a long newsroom passphrase"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=user).key
    outsider = factories.make_user(username="reader", is_staff=False)
    outsider.set_password("another long passphrase")
    outsider.save()
    refused = api.post(
        reverse("api:token"),
        {"username": "reader", "password": "another long passphrase"},
        format="json",
    )
    assert refused.status_code == 403
    wrong = api.post(
        reverse("api:token"), {"username": "desk", "password": "guess"}, format="json"
    )
    assert wrong.status_code == 400


def test_a_fact_checker_drafts_and_submits_a_verdict(factchecker, db):
    client = _client(factchecker)
    speaker = client.post(
        reverse("api:staff-speakers"), {"name": "Jane Politician"}, format="json"
    )
    assert speaker.status_code == 201, speaker.json()
    claim = client.post(
        reverse("api:staff-claims"),
        {"text": "Crime fell by half.", "speaker": speaker.json()["slug"]},
        format="json",
    )
    assert claim.status_code == 201, claim.json()
    source = client.post(
        reverse("api:staff-sources"),
        {"title": "Crime statistics 2024", "kind": "dataset"},
        format="json",
    ).json()
    verdict = client.post(
        reverse("api:staff-verdicts"),
        {
            "claim": claim.json()["slug"],
            "headline": "No, it fell by a tenth",
            "rating": "false",
            "summary": "It fell by 10%.",
            "sources": [{"source": source["id"], "note": "Table 3."}],
        },
        format="json",
    )
    assert verdict.status_code == 201, verdict.json()
    body = verdict.json()
    assert verdict["ETag"].startswith(
        f'"{body["version"]}-'
    )  # the version, and what it would publish
    assert body["status"] == "draft"
    assert body["sources"] == [{"source": source["id"], "note": "Table 3."}]
    assert Verdict.objects.get(pk=body["id"]).author == factchecker
    submitted = client.post(
        reverse("api:staff-verdict-step", args=[body["id"], "submit"]), {}, format="json"
    )
    assert submitted.json()["status"] == "in_review"
    # …and cannot publish it: the service's refusal, as the admin shows it.
    refused = client.post(
        reverse("api:staff-verdict-step", args=[body["id"], "publish"]),
        {},
        format="json",
        HTTP_IF_MATCH=submitted["ETag"],
    )
    assert refused.status_code == 403
    assert "permission to publish" in refused.json()["detail"]


def test_updates_need_the_version_they_edited(factchecker, editor, db):
    claim = factories.make_claim(text="Original wording.")
    url = reverse("api:staff-claim", args=[claim.pk])
    client = _client(factchecker)
    current = client.get(url)
    assert current["ETag"] == f'"{claim.version}"'
    missing = client.patch(url, {"context": "a speech"}, format="json")
    assert missing.status_code == 428
    Claim.objects.filter(pk=claim.pk).update(context="someone else's edit")
    stale = client.patch(
        url, {"context": "a speech"}, format="json", HTTP_IF_MATCH=current["ETag"]
    )
    assert stale.status_code == 412
    assert "version 2" in stale.json()["detail"]
    weak = client.patch(url, {"context": "a speech"}, format="json", HTTP_IF_MATCH='W/"2"')
    assert weak.status_code == 412
    fresh = client.get(url)
    saved = client.patch(url, {"context": "a speech"}, format="json", HTTP_IF_MATCH=fresh["ETag"])
    assert saved.status_code == 200
    assert saved.json()["context"] == "a speech"
    assert saved["ETag"] == f'"{Claim.objects.get(pk=claim.pk).version}"'


def test_the_api_refuses_what_the_services_refuse(factchecker, editor, editor2, db):
    published = factories.make_verdict(status="published")
    claim = published.claim
    url = reverse("api:staff-claim", args=[claim.pk])
    fact = _client(factchecker)
    etag = fact.get(url)["ETag"]
    refused = fact.patch(url, {"text": "Softer wording."}, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 403
    assert "only an editor can change its wording" in refused.json()["detail"]
    ed = _client(editor)
    no_note = ed.patch(url, {"text": "Precise wording."}, format="json", HTTP_IF_MATCH=etag)
    assert no_note.status_code == 400
    assert "needs a public correction note" in str(no_note.json())
    done = ed.patch(
        url,
        {"text": "Precise wording.", "correction_note": "We quoted it loosely."},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert done.status_code == 200
    assert not Correction.objects.exists()  # proposed on the verdict: another editor publishes
    step = reverse("api:staff-verdict-step", args=[published.pk, "publish"])
    version = ed.get(reverse("api:staff-verdict", args=[published.pk]))["ETag"]
    mine = ed.post(step, {}, format="json", HTTP_IF_MATCH=version)
    assert mine.status_code == 400  # the editor who reworded it is no second pair of eyes
    other = _client(editor2).post(step, {}, format="json", HTTP_IF_MATCH=version)
    assert other.status_code == 200, other.json()
    assert Correction.objects.get(verdict=published).note == "We quoted it loosely."


def test_an_etag_covers_the_claim_and_sources_a_verdict_would_publish(factchecker, editor, db):
    """Finding 3: after the editor read the verdict, the fact-checker changed the claim's
    words and the cited source; the editor's publish with the ETag read is refused."""
    verdict = factories.make_verdict(author=factchecker, status="in_review")
    client = _client(editor)
    url = reverse("api:staff-verdict", args=[verdict.pk])
    read = client.get(url)["ETag"]
    claim = verdict.claim
    services.claim_update(
        claim=claim,
        user=factchecker,
        expected_version=factories.version(claim),
        changes={"text": "Words no editor saw."},
    )
    step = reverse("api:staff-verdict-step", args=[verdict.pk, "publish"])
    refused = client.post(step, {}, format="json", HTTP_IF_MATCH=read)
    assert refused.status_code == 412
    assert "what it would publish" in refused.json()["detail"]
    assert client.get(url)["ETag"] != read
    assert not verdict.revisions.exists()


def test_publishing_carries_the_version_read(factchecker, editor, editor2, db):
    verdict = factories.make_verdict(author=factchecker, status="in_review")
    client = _client(editor)
    step = reverse("api:staff-verdict-step", args=[verdict.pk, "publish"])
    assert client.post(step, {}, format="json").status_code == 428
    etag = client.get(reverse("api:staff-verdict", args=[verdict.pk]))["ETag"]
    _client(editor2).patch(
        reverse("api:staff-verdict", args=[verdict.pk]),
        {"summary": "Edited meanwhile."},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert client.post(step, {}, format="json", HTTP_IF_MATCH=etag).status_code == 412
    fresh = client.get(reverse("api:staff-verdict", args=[verdict.pk]))["ETag"]
    published = client.post(step, {"comment": "Good."}, format="json", HTTP_IF_MATCH=fresh)
    assert published.status_code == 200, published.json()
    assert published.json()["status"] == "published"
    own = _client(editor2).post(
        reverse("api:staff-verdict-step", args=[verdict.pk, "retract"]),
        {"note": ""},
        format="json",
    )
    assert own.status_code == 400
    assert "public note" in str(own.json())


def test_nobody_else_writes(api, db):
    reader = factories.make_user(username="reader", is_staff=False)
    for client, code in ((api, 401), (_client(reader), 403)):
        response = client.post(reverse("api:staff-claims"), {"text": "x"}, format="json")
        assert response.status_code == code
    assert not Claim.objects.exists()


def test_unknown_fields_and_bad_values_are_named(factchecker, db):
    client = _client(factchecker)
    response = client.post(
        reverse("api:staff-claims"), {"text": "A claim.", "colour": "red"}, format="json"
    )
    assert response.status_code == 400
    assert "colour" in response.json()
    response = client.post(
        reverse("api:staff-claims"), {"text": "A claim.", "speaker": "nobody"}, format="json"
    )
    assert "speaker" in response.json()
    assert (
        client.post(
            reverse("api:staff-verdict-step", args=[1, "explode"]), {}, format="json"
        ).status_code
        == 404
    )
    assert not Claim.objects.exists()


def test_a_topic_change_makes_an_older_etag_stale(factchecker, editor, db):
    claim = factories.make_claim()
    for name in ("Health", "Economy"):
        Topic.objects.create(name=name, slug=name.lower())
    url = reverse("api:staff-claim", args=[claim.pk])
    opened = _client(editor).get(url)["ETag"]
    first = _client(factchecker).patch(
        url, {"topics": ["health"]}, format="json", HTTP_IF_MATCH=opened
    )
    assert first.status_code == 200, first.json()
    second = _client(editor).patch(
        url, {"topics": ["economy"]}, format="json", HTTP_IF_MATCH=opened
    )
    assert second.status_code == 412
    assert [t.slug for t in Claim.objects.get(pk=claim.pk).topics.all()] == ["health"]
