"""What an event about one of our revisions tells the outside (webhooks): the revision's
public documents, read from the public index the revision services have just rebuilt
from it in the same transaction, never from the newsroom's working rows. Served through
``claims.selectors.public``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from claims.models import PublishedVerdict, VerdictRevision
from claims.selectors.diffs import WITHHELD, appearance_digest


def _instant(moment: datetime) -> str:
    """As the API writes date-times: in TIME_ZONE, ISO 8601, UTC as ``Z``."""
    text = timezone.localtime(moment).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def revision_event_document(revision_id: int) -> dict[str, Any]:
    """The revision (number, kind, public note, date) with what readers are served of its
    verdict and claim at that revision: the API's verdict document, and its claim's
    document without the list of verdicts. A takedown carries its notice and nothing
    else of the verdict, as its public page does."""
    revision = VerdictRevision.objects.select_related("verdict").get(pk=revision_id)
    told: dict[str, Any] = {
        "revision": {
            "number": revision.number,
            "kind": revision.kind,
            "note": revision.note,
            "published_at": _instant(revision.published_at),
        },
        "verdict": {"slug": revision.verdict.slug},
    }
    if revision.kind == VerdictRevision.Kind.TAKEDOWN:
        told["takedown"] = {"at": _instant(revision.published_at), "note": revision.note}
        return told
    served = (
        PublishedVerdict.objects.filter(verdict_id=revision.verdict_id, revision_id=revision.pk)
        .select_related("claim")
        .first()
    )
    if served is None:  # no longer what the public index serves: nothing more to say
        return told
    claim = {key: value for key, value in served.claim.document.items() if key != "verdicts"}
    told["verdict"] = served.document
    told["claim"] = claim
    return told


def event_still_public(data: dict[str, Any]) -> bool:
    """Whether an event's payload (``revision_event_document``) may still leave the site:
    not once its verdict was taken down, since a takedown leaves only its notice public
    (a delivery waiting for a retry, or sent again from the log, would carry the removed
    verdict), nor once a takedown of another claim withheld an appearance the payload
    lists (``claims.services.revisions.revisions_withholding``). The takedown's own
    notice, and events about no verdict, always may."""
    verdict = data.get("verdict")
    if "takedown" in data or not isinstance(verdict, dict) or not verdict.get("slug"):
        return True
    if not PublishedVerdict.objects.filter(slug=verdict["slug"]).exists():
        return False
    claim = data.get("claim")
    told = claim.get("appearances") if isinstance(claim, dict) else None
    if not told:
        return True
    withheld = {
        digest
        for digests in VerdictRevision.objects.filter(verdict__slug=verdict["slug"])
        .filter(document__refs__has_key=WITHHELD)
        .values_list(f"document__refs__{WITHHELD}", flat=True)
        for digest in digests or []
    }
    return not any(appearance_digest(entry) in withheld for entry in told)
