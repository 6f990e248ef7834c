"""Small factories: each makes one valid row, with any field overridable."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from claims.models import Claim, Rating, Speaker, Verdict, VerdictSource
from claims.models.revision import RevisionKind
from claims.services import revisions
from claims.services.search import reindex_claims
from sources.models import Article, Outlet, Source

_n = itertools.count(1)


def make_user(**fields: Any) -> Any:
    fields.setdefault("username", f"user{next(_n)}")
    fields.setdefault("is_staff", True)
    return get_user_model().objects.create_user(
        password=None, **fields
    )  # unusable: tests force_login


def make_outlet(**fields: Any) -> Outlet:
    n = next(_n)
    fields.setdefault("name", f"Outlet {n}")
    fields.setdefault("slug", f"outlet-{n}")
    fields.setdefault("domain", f"outlet{n}.example.com")
    return Outlet.objects.create(**fields)


def make_article(**fields: Any) -> Article:
    n = next(_n)
    fields.setdefault("title", f"Article {n}")
    fields.setdefault("slug", f"article-{n}")
    return Article.objects.create(**fields)


def make_speaker(**fields: Any) -> Speaker:
    n = next(_n)
    fields.setdefault("name", f"Speaker {n}")
    fields.setdefault("slug", f"speaker-{n}")
    return Speaker.objects.create(**fields)


def make_source(**fields: Any) -> Source:
    n = next(_n)
    fields.setdefault("title", f"Source {n}")
    fields.setdefault("url", f"https://records.example.com/{n}")
    return Source.objects.create(**fields)


def make_claim(**fields: Any) -> Claim:
    n = next(_n)
    fields.setdefault("text", f"Claim number {n} says something checkable.")
    fields.setdefault("slug", f"claim-{n}")
    if "speaker" not in fields:
        fields["speaker"] = make_speaker()
    return Claim.objects.create(**fields)


def rating(slug: str = "false") -> Rating:
    return Rating.objects.get(scale__slug="truth", slug=slug)


def make_verdict(
    *, status: str = Verdict.Status.DRAFT, with_source: bool = True, **fields: Any
) -> Verdict:
    """A verdict in ``status``, written straight to the database (bypassing the workflow)."""
    n = next(_n)
    fields.setdefault("claim", make_claim())
    fields.setdefault("headline", f"Verdict {n}")
    fields.setdefault("slug", f"verdict-{n}")
    fields.setdefault("summary", f"Summary of verdict {n}.")
    fields.setdefault("rating", rating())
    if status in Verdict.RECORD_STATUSES:
        fields.setdefault("published_at", timezone.now())
    if status == Verdict.Status.RETRACTED:
        fields.setdefault("retracted_at", timezone.now())
        fields.setdefault("retraction_note", "Retracted for the test.")
    if status == Verdict.Status.WITHDRAWN:
        fields.setdefault("withdrawn_at", timezone.now())
        fields.setdefault("withdrawal_note", "Taken down for the test.")
    verdict = Verdict.objects.create(status=status, **fields)
    if with_source:
        VerdictSource.objects.create(verdict=verdict, source=make_source(), position=1)
    if status in Verdict.RECORD_STATUSES:
        # What readers see is the revision the publishing services would have written.
        revisions.revision_from_working_copy(
            verdict=verdict, kind=RevisionKind.PUBLISHED, at=verdict.published_at
        )
        if status != Verdict.Status.PUBLISHED:
            kind = RevisionKind.RETRACTION if status == "retracted" else RevisionKind.TAKEDOWN
            note = verdict.retraction_note or verdict.withdrawal_note
            at = verdict.retracted_at or verdict.withdrawn_at or timezone.now()
            revisions.revision_with_notice(verdict=verdict, kind=kind, note=note, user=None, at=at)
    else:
        reindex_claims([verdict.claim_id])  # as the services would (the revisions' did)
    return verdict


def publish_proposal(verdict: Verdict, editor: Any) -> Verdict:
    """Another editor approves and publishes the revision proposed on ``verdict``."""
    from claims import services

    return services.verdict_publish(
        verdict=verdict, user=editor, expected_version=version(verdict)
    )


def snapshot(obj: Any) -> str:
    """The signed snapshot an admin change page carries for ``obj``, as the browser posts it."""
    from claims.admin.articles import ArticleForm
    from claims.admin.claims import ClaimForm
    from claims.admin.outlets import OutletForm
    from claims.admin.sources import SourceForm
    from claims.admin.speakers import SpeakerForm, TopicForm
    from claims.admin.verdicts import VerdictForm

    forms = {
        "verdict": VerdictForm,
        "claim": ClaimForm,
        "article": ArticleForm,
        "source": SourceForm,
        "speaker": SpeakerForm,
        "topic": TopicForm,
        "outlet": OutletForm,
    }
    obj.refresh_from_db()
    return forms[obj._meta.model_name](instance=obj)["snapshot"].initial


def version(obj: Any) -> int:
    """The row's current version, as the page an editor is looking at would carry it."""
    return type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).get()


def snapshot_form(obj: Any) -> dict[str, Any]:
    """The change form of ``obj`` as a browser would post it back unchanged."""
    from django.forms.models import model_to_dict

    data = {k: ("" if v is None else v) for k, v in model_to_dict(obj).items()}
    if "same_as" in data:
        data["same_as"] = "\n".join(data["same_as"])
    data["snapshot"] = snapshot(obj)
    return data


def workflow_form(verdict: Verdict) -> dict[str, Any]:
    """What the admin's approve and publish buttons post: the version and the hash of the
    content the page showed."""
    from claims.selectors.newsroom import proposal_hash

    return {"version": version(verdict), "content_hash": proposal_hash(verdict)}
