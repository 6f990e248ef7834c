"""Public reads for the API and the public pages, each starting from a public gate
(Claim.objects.public(), Verdict.objects.public() or a selector built on them), with what
a page needs fetched in a fixed number of queries, whatever its length."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from claims.models import (
    AboutSection,
    PublishedClaim,
    PublishedRepeat,
    PublishedVerdict,
    Rating,
    RatingScale,
    Speaker,
    Topic,
    Verdict,
    VerdictRevision,
)
from claims.selectors import public_outlets, public_topics
from claims.selectors.diffs import WITHHELD, Changes, changes, withholding

# The rest of the public reads, in modules of their own, served from here (every public
# read goes through this module).
from claims.selectors.public_events import (
    event_still_public as event_still_public,
)
from claims.selectors.public_events import (
    revision_event_document as revision_event_document,
)
from claims.selectors.public_feed import FeedState as FeedState
from claims.selectors.public_feed import feed_state as feed_state
from claims.selectors.public_filters import (
    claims_from_outlet as claims_from_outlet,
)
from claims.selectors.public_filters import (
    claims_published_since as claims_published_since,
)
from claims.selectors.public_filters import (
    claims_reviewed_by as claims_reviewed_by,
)
from claims.selectors.public_filters import (
    rating_exists as rating_exists,
)
from claims.selectors.public_filters import (
    speaker_published as speaker_published,
)
from claims.selectors.public_filters import (
    verdicts_from_outlet as verdicts_from_outlet,
)
from claims.selectors.public_filters import (
    verdicts_of_site as verdicts_of_site,
)
from claims.selectors.public_filters import (
    verdicts_on_topic as verdicts_on_topic,
)
from claims.selectors.public_filters import (
    verdicts_published_by as verdicts_published_by,
)
from claims.selectors.public_filters import (
    verdicts_rated as verdicts_rated,
)
from claims.selectors.public_records import (
    RECORD_NOTE as RECORD_NOTE,
)
from claims.selectors.public_records import (
    listed_speakers as listed_speakers,
)
from claims.selectors.public_records import (
    merged_records as merged_records,
)
from claims.selectors.public_records import (
    named_publicly,
    named_publicly_through_merged,
)
from claims.selectors.public_records import (
    records as records,
)
from claims.selectors.public_records import (
    speaker_ids as speaker_ids,
)
from claims.selectors.public_search import (
    NEWEST as NEWEST,
)
from claims.selectors.public_search import (
    RELEVANCE as RELEVANCE,
)
from claims.selectors.public_search import (
    Position as Position,
)
from claims.selectors.public_search import (
    SearchPage as SearchPage,
)
from claims.selectors.public_search import (
    in_search_order as in_search_order,
)
from claims.selectors.public_search import (
    language_tagged,
)
from claims.selectors.public_search import (
    matching as matching,
)
from claims.selectors.public_search import (
    position_from_token as position_from_token,
)
from claims.selectors.public_search import (
    position_token as position_token,
)
from claims.selectors.public_search import (
    search_page as search_page,
)
from claims.selectors.public_search import (
    window_size as window_size,
)
from claims.selectors.public_similar import (
    QUERY_MAX as QUERY_MAX,
)
from claims.selectors.public_similar import (
    QUERY_MIN as QUERY_MIN,
)
from claims.selectors.public_similar import (
    PublicCandidate as PublicCandidate,
)
from claims.selectors.public_similar import (
    query_text as query_text,
)
from claims.selectors.public_similar import (
    similar_public_verdicts as similar_public_verdicts,
)
from claims.selectors.public_sitemap import (
    article_page_ranges as article_page_ranges,
)
from claims.selectors.public_sitemap import (
    article_pages as article_pages,
)
from claims.selectors.public_sitemap import (
    article_pages_changed as article_pages_changed,
)
from claims.selectors.public_sitemap import (
    claim_page_ranges as claim_page_ranges,
)
from claims.selectors.public_sitemap import (
    claim_pages as claim_pages,
)
from claims.selectors.public_sitemap import (
    claim_pages_changed as claim_pages_changed,
)
from claims.selectors.public_sitemap import (
    speaker_page_ranges as speaker_page_ranges,
)
from claims.selectors.public_sitemap import (
    speaker_pages as speaker_pages,
)
from claims.selectors.public_sitemap import (
    speaker_pages_changed as speaker_pages_changed,
)
from claims.selectors.public_translations import (
    TranslationHit as TranslationHit,
)
from claims.selectors.public_translations import (
    claims_in_language as claims_in_language,
)
from claims.selectors.public_translations import (
    current_translations_in as current_translations_in,
)
from claims.selectors.public_translations import (
    search_hits as search_hits,
)
from claims.selectors.public_translations import (
    translation_into as translation_into,
)
from claims.selectors.public_translations import (
    verdicts_in_language as verdicts_in_language,
)
from sources.models import Outlet


def outlets() -> QuerySet[Outlet]:
    return public_outlets()


def topics() -> QuerySet[Topic]:
    return public_topics()


def rating_scales() -> QuerySet[RatingScale]:
    """The rating scales as they are today, each with its ratings and their translations
    (``rating_label`` and ``rating_definition`` read them without a query of their own)."""
    ratings: Any = Prefetch(
        "ratings",
        queryset=Rating.objects.order_by("sort_order", "pk").prefetch_related("translations"),
    )
    return RatingScale.objects.prefetch_related(ratings)


# A rating in the reader's language. ----------------------------------------------------
# The scale is written in English (``settings.LANGUAGE_CODE``); a rating may have its label
# and definition in the interface's other languages (``RatingTranslation``). A revision
# keeps them as they were when it was published (``labels``, ``definitions``): a verdict is
# always shown with the words it was published with, in every language.


def _primary(language: str | None) -> str:
    """A language tag's primary subtag ("ar" of "ar-EG"), as ratings are translated."""
    return (language or "").split("-", 1)[0].lower()


def _translated(rating: Any, language: str | None, field: str) -> str:
    """``rating``'s ``field`` ("label", "definition") in ``language``, or "" when it has none:
    a rating as published (a revision's dict: ``labels``, ``definitions``) or as it is
    today (a ``Rating`` of ``rating_scales()``, its translations prefetched)."""
    code = _primary(language)
    if not code or code == _primary(settings.LANGUAGE_CODE) or rating is None:
        return ""
    if isinstance(rating, dict):
        return str((rating.get(f"{field}s") or {}).get(code) or "")
    for translation in rating.translations.all():
        if translation.language == code:
            return str(getattr(translation, field) or "")
    return ""


def rating_label(rating: Any, language: str | None) -> str:
    """The label readers of ``language`` see of ``rating`` (as published, or as it is today),
    the English one where it has none in that language."""
    if rating is None:
        return ""
    own = rating.get("label") if isinstance(rating, dict) else rating.label
    return _translated(rating, language, "label") or str(own or "")


def rating_label_language(rating: Any, language: str | None) -> str:
    """The language ``rating_label`` is written in for readers of ``language``: theirs when
    the rating has a label in it, else the scale's own."""
    return _primary(language) if _translated(rating, language, "label") else settings.LANGUAGE_CODE


def rating_definition(rating: Any, language: str | None) -> str:
    """What ``rating`` means, for readers of ``language``: the English definition where it
    has none in that language."""
    if rating is None:
        return ""
    own = rating.get("definition") if isinstance(rating, dict) else rating.definition
    return _translated(rating, language, "definition") or str(own or "")


def rating_definition_language(rating: Any, language: str | None) -> str:
    translated = _translated(rating, language, "definition")
    return _primary(language) if translated else settings.LANGUAGE_CODE


# Reading the public record: revisions. ------------------------------------------------


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


_UNNAMED = {str(kind) for kind in Speaker.UNNAMED_KINDS}


@dataclass(frozen=True)
class ServedVerdict:
    """A verdict as readers see it: the document of its latest public revision, with the
    dates of its first publication and of its latest revision."""

    verdict_id: int
    slug: str
    status: str
    document: dict[str, Any]
    first_published: datetime
    last_updated: datetime
    revisions: int = 1

    @property
    def is_ours(self) -> bool:
        return self.document["verdict"]["publisher"] is None

    @property
    def claim(self) -> dict[str, Any]:
        claim = dict(self.document["claim"])
        claim["claimed_on"] = _day(claim["claimed_on"])
        if claim["speaker"]:
            named = claim["speaker"]["kind"] not in Speaker.UNNAMED_KINDS
            claim["speaker"] = {**claim["speaker"], "is_named": named}
        if claim["article"]:
            claim["article"] = {
                **claim["article"],
                "published_on": _day(claim["article"]["published_on"]),
            }
        return claim

    @property
    def verdict(self) -> dict[str, Any]:
        return self.document["verdict"]

    @property
    def headline(self) -> str:
        return str(self.verdict["headline"])

    @property
    def summary(self) -> str:
        return str(self.verdict["summary"])

    @property
    def body(self) -> str:
        return str(self.verdict["body"])

    @property
    def rating(self) -> dict[str, Any] | None:
        return self.verdict["rating"]

    @property
    def publisher(self) -> dict[str, Any] | None:
        return self.verdict["publisher"]

    @property
    def external_url(self) -> str:
        return str(self.verdict["external_url"])

    @property
    def author(self) -> str:
        return str(self.verdict["author"])

    @property
    def reviewers(self) -> list[str]:
        return list(self.document.get("reviewers", []))

    @property
    def not_independently_reviewed(self) -> bool:
        """Published while the newsroom ran with FACTCHECK_REVIEWERS_REQUIRED=0."""
        return self.document.get("independently_reviewed") is False

    @property
    def speaker_contacted_at(self) -> datetime | None:
        return _moment(self.verdict["speaker_contacted_at"])

    @property
    def speaker_response(self) -> str:
        return str(self.verdict["speaker_response"])

    @property
    def sources(self) -> list[dict[str, Any]]:
        return [
            {**line, "published_on": _day(line["published_on"])}
            for line in self.document["sources"]
        ]

    @property
    def retraction(self) -> dict[str, Any] | None:
        notice = self.document.get("retraction")
        return None if notice is None else {"at": _moment(notice["at"]), "note": notice["note"]}

    @property
    def published_at(self) -> datetime:
        return self.first_published

    @property
    def language(self) -> str:
        """The review's own language tag: another publisher's as imported (or detected;
        "und" when it could not be told), ours in its claim's language."""
        return str(self.verdict.get("language") or self.document["claim"]["language"])

    @property
    def their_review(self) -> dict[str, Any]:
        """What another publisher's ClaimReview said that has no column of ours (empty for
        ours and for reviews imported before it was kept)."""
        return dict(self.verdict.get("their_review") or {})

    @property
    def date_known(self) -> bool:
        """False for another publisher's review that gave no date: its date is the one
        we first saw it, and pages and the API say so."""
        theirs = self.verdict.get("their_review")
        return theirs is None or bool(theirs.get("datePublished"))

    @property
    def last_correction(self) -> datetime | None:
        return self.last_updated if self.last_updated > self.first_published else None

    @property
    def appearances(self) -> list[dict[str, Any]]:
        """Where else the claim was said, as this revision published it (claim families):
        who, where, when, at which address; empty when it says nothing more."""
        return [
            {
                **entry,
                "date": _day(entry["date"]),
                "speaker": None
                if entry["speaker"] is None
                else {**entry["speaker"], "is_named": entry["speaker"]["kind"] not in _UNNAMED},
            }
            for entry in self.document.get("appearances", [])
        ]

    @property
    def family_reviews(self) -> list[str]:
        """Slugs of other publishers' reviews of the same claim said by others, as this
        revision listed them (read from the public index: only those still public)."""
        return list(self.document.get("family_reviews", []))


def _latest(field: str = "pk") -> Subquery:
    rows = VerdictRevision.objects.filter(verdict=OuterRef("pk")).order_by("-number")
    return Subquery(rows.values(field)[:1])


def _first_published() -> Subquery:
    rows = VerdictRevision.objects.filter(verdict=OuterRef("pk"), number=1)
    return Subquery(rows.values("published_at")[:1])


def with_revision(rows: QuerySet[Verdict]) -> QuerySet[Verdict]:
    """Public verdicts annotated with what readers are served of them: the latest
    revision's document and date, the first publication's date and the revision count."""
    return rows.annotate(
        served_document=_latest("document"),
        served_at=_latest("published_at"),
        served_number=_latest("number"),
        first_published=_first_published(),
    ).filter(served_document__isnull=False)


def as_published(verdict: Verdict) -> ServedVerdict:
    row: Any = verdict
    return ServedVerdict(
        verdict_id=verdict.pk,
        slug=verdict.slug,
        # What the revision says, not the working row's status.
        status="retracted" if "retraction" in row.served_document else "published",
        document=row.served_document,
        first_published=row.first_published,
        last_updated=row.served_at,
        revisions=row.served_number,
    )


def published_verdicts(rows: QuerySet[Verdict]) -> list[ServedVerdict]:
    """``rows`` (a public queryset) as readers see them, ours first."""
    found = with_revision(rows).order_by(F("publisher_id").asc(nulls_first=True), "pk")
    return [as_published(v) for v in found]


def published_verdict(slug: str) -> ServedVerdict | None:
    found = published_verdicts(Verdict.objects.public().filter(slug=slug))
    return found[0] if found else None


def claim_verdicts(claim_slug: str) -> list[ServedVerdict]:
    """The public verdicts of the claim published at this address (the address as
    published: renaming the working copy's slug moves no public page)."""
    return published_verdicts(Verdict.objects.public().filter(claim__published__slug=claim_slug))


def takedown_notice(**lookup: Any) -> dict[str, Any] | None:
    """The public notice of one of our verdicts taken down (``slug=`` or ``claim__slug=``):
    its date and note, from the takedown revision, and nothing else."""
    verdict = Verdict.objects.takedown_notices().filter(**lookup).first()
    if verdict is None:
        return None
    revision = verdict.revisions.filter(kind=VerdictRevision.Kind.TAKEDOWN).first()
    if revision is None:
        return None
    return {
        "slug": verdict.slug,
        "at": revision.published_at,
        "note": revision.note,
    }


def publisher_verdicts(publisher_slug: str) -> QuerySet[Verdict]:
    """Another publisher's reviews as we serve them, to give back as theirs: in the
    public index, not retracted, with their served revision (``as_published``), oldest
    first. Never a draft, a review held in the newsroom or an archive reference: none of
    them is in the index."""
    rows = Verdict.objects.filter(
        published__ours=False,
        published__status="published",
        publisher__slug=publisher_slug,
    )
    return with_revision(rows).order_by("published__first_published", "pk")


def feed_verdicts(since: datetime | None = None) -> QuerySet[Verdict]:
    """Our verdicts the ClaimReview feed carries: published, not retracted or taken down,
    with their served revision (``as_published``), oldest first; with ``since``, only
    those whose served revision was published after it (the incremental feed)."""
    rows = Verdict.objects.filter(published__ours=True, published__status="published")
    if since is not None:
        rows = rows.filter(published__last_updated__gt=since)
    return with_revision(rows).order_by("published__first_published", "pk")


@dataclass(frozen=True)
class RevisionEntry:
    """One entry of a verdict's public revision history, with what it changed."""

    number: int
    kind: str
    kind_label: str
    note: str
    at: datetime
    text_recorded: bool
    changes: Changes | None


def revision_history(verdict_id: int) -> list[RevisionEntry]:
    """Our published verdict's revisions, newest first, each with what changed since the
    one before. A takedown stops the history there: earlier content is no longer served."""
    return _history(
        VerdictRevision.objects.filter(verdict_id=verdict_id)
        .filter(verdict__in=Verdict.objects.public().ours())
        .order_by("number")
    )


def _history(rows: QuerySet[VerdictRevision]) -> list[RevisionEntry]:
    revisions = list(rows)
    # Appearances a takedown of the claim they were said as withheld from a later revision
    # are left out of every comparison, earlier revisions' included.
    withheld = {
        digest
        for revision in revisions
        for digest in (revision.document.get("refs") or {}).get(WITHHELD, [])
    }
    entries = []
    previous: VerdictRevision | None = None
    for revision in revisions:
        compared = (
            changes(
                withholding(previous.document, withheld),
                withholding(revision.document, withheld),
            )
            if previous is not None and revision.kind not in ("retraction", "takedown")
            else None
        )
        entries.append(
            RevisionEntry(
                number=revision.number,
                kind=revision.kind,
                kind_label=revision.get_kind_display(),
                note=revision.note,
                at=revision.published_at,
                # A rebuilt earlier revision's text was never recorded: say so rather
                # than show an empty diff.
                text_recorded=revision.text_recorded
                and (previous is None or previous.text_recorded),
                changes=compared,
            )
        )
        previous = revision
    return entries[::-1]


# The public pages: lists read from the public index, each row served from its revision. --
# The index's own documents are the API's; a page also shows what they leave out (a
# rating's colour, the speaker as published), so each row brings its served revision.

# Revisions a reader sees as changes to a published verdict in the corrections log (not
# its first publication, nor a retraction, which shows on its page and in every list).
_CORRECTING = (
    VerdictRevision.Kind.CORRECTION,
    VerdictRevision.Kind.UPDATE,
    VerdictRevision.Kind.CLARIFICATION,
)


@dataclass(frozen=True)
class ListedVerdict(ServedVerdict):
    """A served verdict in a list, with the address of its claim's page."""

    claim_slug: str = ""


def _listed_verdict(row: PublishedVerdict, claim_slug: str) -> ListedVerdict:
    return ListedVerdict(
        verdict_id=row.verdict_id,
        slug=row.slug,
        status=row.status,
        document=row.revision.document,
        first_published=row.first_published,
        last_updated=row.last_updated,
        revisions=row.revision.number,
        claim_slug=claim_slug,
    )


@dataclass(frozen=True)
class ListedClaim:
    """A public claim in a list: its address and its verdicts as served, ours first. Its
    words are those of the verdict its page leads with (ours, else the first other
    publisher's), so that a list says what the claim page says."""

    slug: str
    published_at: datetime
    last_updated: datetime
    verdicts: tuple[ListedVerdict, ...]
    # In a search's results: the translation the result leads to (``search_hits``).
    translation: TranslationHit | None = None

    @property
    def claim(self) -> dict[str, Any]:
        return self.verdicts[0].claim

    @property
    def text(self) -> str:
        return str(self.claim["text"])

    @property
    def quote(self) -> str:
        return str(self.claim["quote"] or "")

    @property
    def language(self) -> str:
        return str(self.claim["language"])

    @property
    def speaker(self) -> dict[str, Any] | None:
        return self.claim["speaker"]

    @property
    def ours(self) -> ListedVerdict | None:
        return self.verdicts[0] if self.verdicts[0].is_ours else None


def _served_rows() -> QuerySet[PublishedVerdict]:
    return PublishedVerdict.objects.select_related("revision").defer("document")


def claim_index() -> QuerySet[PublishedClaim]:
    """Public claims, newest first, each with its verdicts as served: a page of them in
    two queries, however long. Turn a page into ``ListedClaim`` with ``listed_claims``."""
    verdicts = _served_rows().order_by("-ours", "publisher_id", "verdict_id")
    return (
        PublishedClaim.objects.defer("document", "search_text", "search_extra", "search")
        .prefetch_related(Prefetch("verdicts", queryset=verdicts))
        .order_by("-published_at", "-claim_id")
    )


def listed_claims(
    rows: Iterable[PublishedClaim], hits: dict[int, TranslationHit] | None = None
) -> list[ListedClaim]:
    """``rows`` as listed, each with the translation ``hits`` (``search_hits``) leads to."""
    listed = []
    for row in rows:
        verdicts = tuple(_listed_verdict(v, row.slug) for v in row.verdicts.all())
        if verdicts:  # the index holds a claim only with a verdict; never serve it bare
            hit = (hits or {}).get(row.pk)
            listed.append(ListedClaim(row.slug, row.published_at, row.last_updated, verdicts, hit))
    return listed


def verdict_index() -> QuerySet[PublishedVerdict]:
    """Public verdicts, newest first, with their served revision and their claim's address.
    Turn a page into ``ListedVerdict`` with ``listed_verdicts``."""
    return (
        _served_rows()
        .annotate(claim_slug=F("claim__slug"))
        .order_by("-first_published", "-verdict_id")
    )


def listed_verdicts(rows: Iterable[PublishedVerdict]) -> list[ListedVerdict]:
    return [_listed_verdict(row, getattr(row, "claim_slug", "")) for row in rows]


def claims_rated(rows: QuerySet[PublishedClaim], slug: str) -> QuerySet[PublishedClaim]:
    """Claims with a public verdict rated ``slug`` (in any scale), as published."""
    return rows.filter(
        ratings__overlap=ArraySubquery(Rating.objects.filter(slug=slug).values("pk"))
    )


def claims_on_topic(rows: QuerySet[PublishedClaim], slug: str) -> QuerySet[PublishedClaim]:
    return rows.filter(topics__overlap=ArraySubquery(Topic.objects.filter(slug=slug).values("pk")))


def claims_by_speaker(rows: QuerySet[PublishedClaim], slug: str) -> QuerySet[PublishedClaim]:
    """Claims published under the speaker at ``slug`` or under one merged into them."""
    speakers = Speaker.objects.filter(Q(slug=slug) | Q(merged_into__slug=slug)).values("pk")
    return rows.filter(speaker_id__in=speakers)


@dataclass(frozen=True)
class SpeakerAddress:
    """What a speaker's public address serves: the speaker (their current details) and
    whose published claims the page lists; or, for a speaker merged into another, where
    it now leads."""

    speaker: Speaker
    ids: list[int]
    moved_to: Speaker | None = None


def speaker_at(slug: str) -> SpeakerAddress | None:
    """The speaker at ``slug`` if their page is public: a claim was published under them or
    under a speaker merged into them (published claims keep the attribution they were
    published with). A merged speaker's address is public only if it was before."""
    # A claim published under them, or one of our public verdicts naming them among those
    # who also said the claim (claim families): as published, in the public index.
    merged = Speaker.objects.filter(merged_into=OuterRef("pk")).order_by("pk").values("pk")
    row: Any = (
        Speaker.objects.filter(slug=slug)
        .select_related("merged_into")
        .annotate(
            own=ExpressionWrapper(named_publicly(), output_field=BooleanField()),
            through=ExpressionWrapper(
                named_publicly_through_merged(), output_field=BooleanField()
            ),
            merged_ids=ArraySubquery(merged),
        )
        .first()
    )
    if row is None:
        return None
    if row.merged_into is not None:
        return SpeakerAddress(row, [], row.merged_into) if row.own else None
    if not (row.own or row.through):
        return None
    return SpeakerAddress(row, [row.pk, *row.merged_ids])


def correction_log() -> QuerySet[VerdictRevision]:
    """Every correction, update and clarification of our public verdicts, newest first,
    with the claim and headline it published and the rating before and after (``rating``,
    ``previous_rating``, with their labels in other languages as published,
    ``rating_labels`` and ``previous_rating_labels``): a verdict taken down is out of the
    index, so out of the log."""
    before = VerdictRevision.objects.filter(
        verdict=OuterRef("verdict"), number=OuterRef("number") - 1
    )
    return (
        VerdictRevision.objects.filter(kind__in=_CORRECTING, verdict__published__ours=True)
        .defer("document")
        .annotate(
            claim_slug=F("verdict__published__claim__slug"),
            headline=KT("document__verdict__headline"),
            claim_text=KT("document__claim__text"),
            language=KT("document__claim__language"),
            rating=KT("document__verdict__rating__label"),
            previous_rating=Subquery(
                before.values(label=KT("document__verdict__rating__label"))[:1]
            ),
            # The same labels in the other languages, as each revision published them.
            rating_labels=F("document__verdict__rating__labels"),
            previous_rating_labels=Subquery(
                before.values(labels=F("document__verdict__rating__labels"))[:1],
                output_field=JSONField(),
            ),
        )
        .order_by("-published_at", "-pk")
    )


# The API's reads of the public index (and the records, from it). ----------------------


def published_claims() -> QuerySet[PublishedClaim]:
    """Public claims, newest first, each with its stored API document (``document``)."""
    return PublishedClaim.objects.order_by("-published_at", "-claim_id")


def published_verdicts_index() -> QuerySet[PublishedVerdict]:
    """Public verdicts, newest first, each with its stored API document (``document``)."""
    return PublishedVerdict.objects.order_by("-first_published", "-verdict_id")


def search_published(
    rows: QuerySet[PublishedClaim], text: str, *, language: str | None = None
) -> QuerySet[PublishedClaim]:
    """Public claims matching ``text`` (web-search syntax; any text is searched as text),
    from the index's stored search document, each in its own language (or in
    ``language``'s only, for rows kept to it), unordered. By relevance, a search pages
    with ``search_page``."""
    return matching(rows, text, language=language)


def verdicts_matching(
    rows: QuerySet[PublishedVerdict], text: str, *, language: str | None = None
) -> QuerySet[PublishedVerdict]:
    """Public verdicts whose claim matches ``text``: the claim's search document holds its
    words, its speaker's and every public verdict's headline and summary, in the claim's
    language (or ``language``'s only), and a current translation of ours holds its own."""
    claims = matching(PublishedClaim.objects.all(), text, language=language)
    return rows.filter(claim__in=claims.values("pk"))


def article_claims(article_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each article's public claims (their stored API documents), in the order they were
    entered: the article a claim was published with, not the working copy's."""
    found: dict[int, list[dict[str, Any]]] = {pk: [] for pk in article_ids}
    rows = (
        PublishedClaim.objects.filter(article_id__in=article_ids)
        .order_by("claim_id")
        .values_list("article_id", "document")
    )
    for article_id, document in rows:
        found[article_id].append(document)
    return found


# Read live by design: the methodology and about pages are the newsroom's own texts.
ABOUT_ORDER = [kind for kind, _ in AboutSection.Kind.choices]


def about_sections() -> QuerySet[AboutSection]:
    return AboutSection.objects.all()


def in_language(rows: QuerySet[Any], tag: str, *, field: str = "language") -> QuerySet[Any]:
    """Public rows whose language tag (at ``field``) has the primary subtag of ``tag``, both
    ways round and in any case, as BCP 47 tags compare: "en-US" finds "en" and "en-GB",
    "en" finds "en-US". ``tag`` is a well-formed tag (the API checks it)."""
    return rows.filter(language_tagged(tag, field))


# Claim families: what our revisions published of them. ---------------------------------


def family_reviews(slugs: list[str]) -> list[ListedVerdict]:
    """Other publishers' reviews of the same claim said by others, as our verdict's
    revision named them (``ServedVerdict.family_reviews``), each as it is served now:
    only those still in the public index."""
    if not slugs:
        return []
    rows = (
        _served_rows()
        .filter(slug__in=slugs, ours=False)
        .annotate(claim_slug=F("claim__slug"))
        .order_by("first_published", "verdict_id")
    )
    return listed_verdicts(rows)


@dataclass(frozen=True)
class Repeat:
    """A claim a speaker said again after our verdict rated it, as the verdict's latest
    revision published it: the claim and its rating, and this appearance (who, where,
    when, in their words)."""

    claim_slug: str
    verdict: ServedVerdict
    appearance: dict[str, Any]

    @property
    def rating(self) -> dict[str, Any] | None:
        return self.verdict.rating


def repeats_after_rating(speaker_ids: list[int]) -> QuerySet[PublishedRepeat]:
    """The public index of what the speakers at ``speaker_ids`` (one and those merged
    into them) said again after one of our published verdicts rated it, newest first.
    Turn a page into ``Repeat`` with ``listed_repeats``."""
    return (
        PublishedRepeat.objects.filter(
            speaker_id__in=speaker_ids, after_rating=True, verdict__status="published"
        )
        .select_related("verdict__revision")
        .annotate(claim_slug=F("verdict__claim__slug"))
        .order_by("-said_on", "-verdict_id", "position")
    )


def listed_repeats(rows: Iterable[PublishedRepeat]) -> list[Repeat]:
    listed = []
    for row in rows:
        served = _listed_verdict(row.verdict, getattr(row, "claim_slug", ""))
        entries = served.appearances
        if 0 < row.position <= len(entries):
            listed.append(Repeat(served.claim_slug, served, entries[row.position - 1]))
    return listed


# Translations of our verdicts. ---------------------------------------------------------
# A translation is never a verdict of the public index: it is served beside its original,
# on the original's page in its language, from its own latest published revision, and only
# while the original is public (docs/languages.md, "Translations of verdicts"). Its words
# are searched from the index of translations (claims.selectors.public_translations).


@dataclass(frozen=True)
class ServedTranslation:
    """A published translation of ``original`` as readers of its language see it."""

    served: ServedVerdict
    original: ServedVerdict

    @property
    def language(self) -> str:
        return self.served.language

    @property
    def translated_revision(self) -> int:
        return int(self.served.document["translation"]["revision"])

    @property
    def out_of_date(self) -> bool:
        """The original was revised (corrected, updated) after the revision translated:
        until the translation's own revision catches up, readers are told so and the
        ClaimReview feed leaves it out."""
        return self.original.revisions > self.translated_revision

    @property
    def claim_wording(self) -> str:
        return str(self.served.document["translation"].get("claim_wording") or "")


def _translation_rows(originals: QuerySet[Verdict]) -> QuerySet[Verdict]:
    """Translations of ``originals`` (public, ours) whose latest revision is a published
    one: neither retracted nor taken down."""
    served: Any = with_revision(Verdict.objects.filter(translation_of__in=originals))
    return (
        served.annotate(served_kind=_latest("kind"))
        .exclude(served_kind=VerdictRevision.Kind.TAKEDOWN)
        .exclude(served_document__has_key="retraction")
    )


def translations_of(original: ServedVerdict) -> dict[str, ServedTranslation]:
    """The published translations of ``original`` (a public verdict of ours, as served),
    by language; none while the original is retracted. One query."""
    if not original.is_ours or original.status != "published":
        return {}
    rows = _translation_rows(Verdict.objects.public().ours().filter(pk=original.verdict_id))
    found = {}
    for row in rows.order_by("pk"):
        served = as_published(row)
        found[served.language] = ServedTranslation(served=served, original=original)
    return found


def translation_history(translation: ServedTranslation) -> list[RevisionEntry]:
    """A published translation's own revisions (its publication, its corrections), newest
    first, as ``revision_history`` gives an original's: its page shows them, and the
    original's page the original's. One query; read only while the original is public."""
    return _history(
        VerdictRevision.objects.filter(verdict_id=translation.served.verdict_id)
        .filter(
            verdict__in=_translation_rows(
                Verdict.objects.public().ours().filter(pk=translation.original.verdict_id)
            )
        )
        .order_by("number")
    )


def feed_translations(since: datetime | None = None) -> Iterator[ServedVerdict]:
    """The translations the ClaimReview feed carries beside ``feed_verdicts``: published
    translations of our published verdicts that translate the original's latest revision
    (one corrected since leaves the feed until the translation's own revision catches
    up), oldest first; with ``since``, only those whose served revision is newer."""
    rows: Any = _current_translations()
    if since is not None:
        rows = rows.filter(served_at__gt=since)
    for row in rows.order_by("first_published", "pk").iterator(chunk_size=1000):
        yield as_published(row)


def _current_translations(language: str | None = None) -> QuerySet[Verdict]:
    """Published translations (in ``language``, or any) of our published verdicts that
    translate the original's latest revision: the pages whose content is in that
    language, and the translations the feed carries."""
    originals = Verdict.objects.filter(published__ours=True, published__status="published")
    rows: Any = _translation_rows(originals)
    if language is not None:
        rows = rows.filter(language=language)
    return rows.annotate(
        original_number=Subquery(
            VerdictRevision.objects.filter(verdict=OuterRef("translation_of"))
            .order_by("-number")
            .values("number")[:1]
        ),
        translated=Cast(KT("served_document__translation__revision"), IntegerField()),
    ).filter(translated__gte=F("original_number"))


def translated_claim_pages(language: str) -> QuerySet[PublishedClaim]:
    """The claim pages in ``language`` that show a translation (for the sitemap), with the
    date the translation was last published (``translated_at``)."""
    current: Any = _current_translations(language)
    return (
        PublishedClaim.objects.filter(claim_id__in=current.values("claim_id"))
        .annotate(
            translated_at=Subquery(
                current.filter(claim_id=OuterRef("claim_id")).values("served_at")[:1]
            )
        )
        .only("slug")
        .order_by("pk")
    )


def translated_claim_page_ranges(language: str, size: int) -> list[int]:
    """The ranges of ``size`` ids holding a claim page in ``language`` (few: a
    newsroom translates some of its verdicts)."""
    ids = translated_claim_pages(language).values_list("pk", flat=True)
    return sorted({pk // size for pk in ids})


def translated_claim_pages_changed(language: str) -> datetime | None:
    rows: Any = _current_translations(language)
    return rows.order_by("-served_at").values_list("served_at", flat=True).first()
