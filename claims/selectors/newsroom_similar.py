"""Staff matching, "already checked?": claims on file (the working copy, drafts and
archive references such as LIAR's included) that say what a text says, each with the
state of its verdicts. Used by the admin while a claim is typed, by an article's claim
suggestions, by the staff API and by ``manage.py similar_claims``.

By meaning where vectors are on (``claims.selectors.vectors``), else by words (today's
trigram and full-text ``claims.selectors.similar_claims``), which the answer says.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import F, Prefetch

from claims.matching import embedding
from claims.matching.match import LIKELY_SAME, RELATED_LABEL, flags_for
from claims.models import Claim, ClaimVector, Verdict, Wording
from claims.selectors import similar_claims
from claims.selectors.similar import (
    BY_WORDS,
    Neighbour,
    Similar,
    best_per_claim,
    nearest,
    query_text,
)
from claims.selectors.vectors import vector_state

# A check readers or staff can cite: what "already checked" means on an article's
# suggestions (a draft or a verdict in review is work in progress, not a check).
CHECKED = (Verdict.Status.PUBLISHED, Verdict.Status.RETRACTED, Verdict.Status.REFERENCE)


@dataclass(frozen=True)
class VerdictBrief:
    status: str
    status_label: str
    rating: str
    publisher: str  # ours: FACTCHECK_PUBLISHER_NAME
    ours: bool
    date: datetime.date | None  # when it was published; None for drafts and LIAR records
    headline: str


@dataclass(frozen=True)
class StaffCandidate:
    """A claim on file like the query: ``text`` is its wording now, ``matched`` the wording
    that matched (its text, its quote or another publisher's wording of it)."""

    claim_id: int
    slug: str
    text: str
    matched: str
    matched_kind: str
    score: float
    label: str
    flags: tuple[str, ...]
    speaker: str
    verdicts: tuple[VerdictBrief, ...]

    @property
    def verdict(self) -> VerdictBrief | None:
        """The verdict that speaks for the claim: the most recently published first."""
        return self.verdicts[0] if self.verdicts else None

    @property
    def status_label(self) -> str:
        return self.verdict.status_label if self.verdict else "no verdict yet"

    @property
    def check(self) -> VerdictBrief | None:
        """A verdict that is a check (published, retracted or an archive reference)."""
        return next((v for v in self.verdicts if v.status in CHECKED), None)


def _verdicts(claim: Claim) -> tuple[VerdictBrief, ...]:
    labels = dict(Verdict.Status.choices)
    return tuple(
        VerdictBrief(
            status=v.status,
            status_label=labels.get(v.status, v.status),
            rating=v.rating.label if v.rating else "",
            publisher=v.publisher.name if v.publisher else settings.FACTCHECK_PUBLISHER_NAME,
            ours=v.publisher_id is None,
            date=v.published_at.date() if v.published_at else None,
            headline=v.headline,
        )
        for v in claim.verdicts.all()
    )


def _claims(ids: Sequence[int]) -> dict[int, Claim]:
    verdicts = Verdict.objects.select_related("rating", "publisher").order_by(
        F("published_at").desc(nulls_last=True), "-updated_at", "pk"
    )
    rows = (
        Claim.objects.filter(pk__in=ids)
        .select_related("speaker")
        .prefetch_related(Prefetch("verdicts", queryset=verdicts))
    )
    return {claim.pk: claim for claim in rows}


def _current(claim: Claim, neighbour: Neighbour) -> bool:
    """A vector of words the claim still has (one left by an edit that was not embedded
    yet is not trusted; embed_claims replaces it)."""
    if neighbour.kind == "text":
        return neighbour.wording == claim.text
    if neighbour.kind == "quote":
        return neighbour.wording == claim.quote
    return True


def _by_meaning(
    queries: Sequence[str], *, version: str, exclude_pk: int | None, limit: int
) -> list[list[StaffCandidate]]:
    vectors = embedding.embed_many(list(queries))
    exclude = [exclude_pk] if exclude_pk is not None else []
    found = nearest(ClaimVector, list(vectors), version=version, exclude=exclude)
    return _candidates(queries, found, limit=limit)


def _candidates(
    queries: Sequence[str], found: Sequence[list[Neighbour]], *, limit: int
) -> list[list[StaffCandidate]]:
    """Each query's neighbours labelled by the matcher, as candidates with their claims."""
    ranked = [best_per_claim(query, near) for query, near in zip(queries, found, strict=True)]
    claims = _claims([n.claim_id for best in ranked for _, n in best])
    answers = []
    for best in ranked:
        candidates = []
        for match, neighbour in best:
            claim = claims.get(neighbour.claim_id)
            if claim is None or not _current(claim, neighbour):
                continue
            candidates.append(
                StaffCandidate(
                    claim_id=claim.pk,
                    slug=claim.slug,
                    text=claim.text,
                    matched=neighbour.wording,
                    matched_kind=neighbour.kind,
                    score=round(match.score, 4),
                    label=match.label,
                    flags=match.flags,
                    speaker=claim.speaker.name if claim.speaker else "",
                    verdicts=_verdicts(claim),
                )
            )
        answers.append(candidates[:limit])
    return answers


def _by_words(query: str, *, exclude_pk: int | None, limit: int) -> list[StaffCandidate]:
    """Today's lexical matching: never "likely the same claim" (shared words are not the
    same claim), but figures and wording are still compared."""
    rows = list(similar_claims(text=query, exclude_pk=exclude_pk, limit=limit))
    claims = _claims([row.pk for row in rows])
    return [
        StaffCandidate(
            claim_id=row.pk,
            slug=row.slug,
            text=row.text,
            matched=row.text,
            matched_kind="text",
            score=round(float(row.score), 4),  # type: ignore[attr-defined]  # annotated
            label=RELATED_LABEL,
            flags=flags_for(query, row.text),
            speaker=row.speaker.name if row.speaker else "",
            verdicts=_verdicts(claims[row.pk]),
        )
        for row in rows
        if row.pk in claims
    ]


def similar_claims_for_staff(
    *, text: str, exclude_pk: int | None = None, limit: int = 8
) -> Similar[StaffCandidate]:
    """Claims on file like ``text``, best first: "likely the same claim", then "related";
    nothing when none passes the related threshold (not found)."""
    query = query_text(text)
    state = vector_state()
    if state.on:
        if not query:
            return Similar()
        try:
            (found,) = _by_meaning(
                [query], version=state.model_version, exclude_pk=exclude_pk, limit=limit
            )
        except embedding.EmbeddingUnavailable as error:
            state = type(state)(False, str(error))
        else:
            return Similar(found)
    if not query:
        return Similar(by=BY_WORDS, reason=state.reason)
    return Similar(
        _by_words(query, exclude_pk=exclude_pk, limit=limit), by=BY_WORDS, reason=state.reason
    )


def similar_to_claims_on_file(
    claim_ids: Sequence[int], *, limit: int = 8
) -> dict[int, list[StaffCandidate]]:
    """For claims on file, the candidates like each one's text, as
    ``similar_claims_for_staff`` finds them, but from the vector already stored for that
    text (nothing is embedded; the claims' neighbours in one statement): what
    ``manage.py suggest_families`` asks of a whole archive after ``embed_claims``. Only
    claims whose text has a vector of the current model are answered; the others, and
    every claim where vectors are off, are left to ``similar_claims_for_staff``."""
    state = vector_state()
    if not state.on or not claim_ids:
        return {}
    texts = dict(Claim.objects.filter(pk__in=list(claim_ids)).values_list("pk", "text"))
    rows = ClaimVector.objects.filter(
        claim_id__in=list(texts), kind=Wording.TEXT, model_version=state.model_version
    ).values_list("claim_id", "wording", "embedding")
    stored = {
        claim_id: np.asarray(vector, dtype=np.float32)
        for claim_id, wording, vector in rows
        if wording == texts[claim_id] and query_text(wording)
    }
    ids = sorted(stored)
    found = nearest(ClaimVector, [stored[pk] for pk in ids], version=state.model_version)
    # A claim is its own nearest neighbour: left out, as exclude_pk leaves it out.
    others = [[n for n in near if n.claim_id != pk] for pk, near in zip(ids, found, strict=True)]
    answers = _candidates([query_text(texts[pk]) for pk in ids], others, limit=limit)
    return dict(zip(ids, answers, strict=True))


def already_checked(texts: Sequence[str]) -> Similar[StaffCandidate | None]:
    """For each text (an article's claim suggestions), the claim on file that is likely
    the same claim and has a check (published, retracted or an archive reference), or
    None. By meaning only: shared words do not make the same claim, so with vectors off
    every answer is None and the result says why."""
    state = vector_state()
    if not state.on:
        return Similar([None] * len(texts), by=BY_WORDS, reason=state.reason)
    queries = [query_text(text) for text in texts]
    asked = [i for i, query in enumerate(queries) if query]
    answers: list[StaffCandidate | None] = [None] * len(texts)
    try:
        found = _by_meaning(
            [queries[i] for i in asked], version=state.model_version, exclude_pk=None, limit=8
        )
    except embedding.EmbeddingUnavailable as error:
        return Similar(answers, by=BY_WORDS, reason=str(error))
    for i, candidates in zip(asked, found, strict=True):
        answers[i] = next(
            (c for c in candidates if c.label == LIKELY_SAME and c.check is not None), None
        )
    return Similar(answers)
