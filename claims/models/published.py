"""The public's index of the record: one row per public verdict and per public claim,
rebuilt from the latest revisions, and only by ``claims.services.revisions`` (in the
transaction that writes a revision). Every public list, filter, count and search reads
these rows and the documents they hold, never the newsroom's working rows, so no edit,
import, merge or command can change what readers see without a published revision.

What identifies a row for filtering (speaker, topics, outlets, rating) is what the
revision published, by id; the documents are stored ready to serve.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models

from factcheck.base.db import Timestamped

# Search in each language (docs/languages.md): a row's search document is built with the
# text search configuration of its language, by the primary subtag of its tag ("ar-EG" is
# Arabic), where PostgreSQL has one for a language of the interface; any other language
# is indexed word for word ("simple"). The database holds the same mapping in the
# IMMUTABLE function ``factcheck_search_config(language) RETURNS regconfig`` (claims
# migration 0027), which the generated column calls; tests/test_search_in_every_language.py
# holds the two equal. Adding a language: a line here, and a migration replacing the
# function and computing the column again (stored values keep the mapping they were
# computed with), as 0027 does.
SEARCH_CONFIGURATION_OF = {"en": "english", "ar": "arabic", "es": "spanish", "fr": "french"}
WORD_FOR_WORD = "simple"
# Every configuration a document may be built with: a search tries the query in each,
# each against the documents built with it.
SEARCH_CONFIGURATIONS = (*SEARCH_CONFIGURATION_OF.values(), WORD_FOR_WORD)


def search_configuration(tag: str) -> str:
    """The text search configuration of a language tag: "ar-EG" → "arabic", "de" →
    "simple" (as ``factcheck_search_config`` answers in the database)."""
    return SEARCH_CONFIGURATION_OF.get(tag.split("-", 1)[0].lower(), WORD_FOR_WORD)


def configuration_of(field: str) -> models.Func:
    """The search configuration of the language tag in ``field``, in SQL (a regconfig)."""
    return models.Func(
        models.F(field), function="factcheck_search_config", output_field=models.TextField()
    )


class PublishedClaim(Timestamped):
    """A claim as the public sees it: its words from our latest revision (or, when only
    other publishers reviewed it, theirs) and every public verdict on it."""

    claim = models.OneToOneField(
        "claims.Claim",
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="published",
        help_text="The newsroom's working copy of this claim.",
    )
    slug = models.SlugField(max_length=200, unique=True, help_text="Its public address.")
    document = models.JSONField(
        help_text="The API's claim document, as published (without its own API URL)."
    )
    speaker = models.ForeignKey(
        "claims.Speaker",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        help_text="The speaker it is attributed to, as published.",
    )
    article = models.ForeignKey(
        "sources.Article",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    outlets = ArrayField(
        models.BigIntegerField(),
        default=list,
        help_text="Outlets it appeared in or was reported by, as published.",
    )
    topics = ArrayField(models.BigIntegerField(), default=list)
    ratings = ArrayField(
        models.BigIntegerField(), default=list, help_text="Ratings of its public verdicts."
    )
    publishers = ArrayField(
        models.BigIntegerField(),
        default=list,
        help_text="Other publishers with a public review of it (ours is not listed).",
    )
    has_ours = models.BooleanField(default=False, help_text="One of the verdicts is ours.")
    language = models.CharField(max_length=35)
    claimed_on = models.DateField(null=True)
    published_at = models.DateTimeField(help_text="When its first verdict was published.")
    last_updated = models.DateTimeField(help_text="When its latest revision was published.")
    search_text = models.TextField(
        help_text="The claim's published words (weighted first) for the search index."
    )
    search_extra = models.TextField(
        help_text="Quote, speaker, headlines and summaries as published, for the search index."
    )
    # In the configuration of the claim's language (``configuration_of``): "اللقاحات"
    # is indexed as "لقاح", "vaccins" as "vaccin"; the weights rank its own words first.
    search = models.GeneratedField(
        expression=SearchVector("search_text", config=configuration_of("language"), weight="A")
        + SearchVector("search_extra", config=configuration_of("language"), weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-published_at", "-claim_id"]
        indexes = [
            # Carries the search document and the language that says which configuration
            # built it: a search for a common word walks it newest first, reading neither
            # the table nor the GIN index (claims.selectors.public_search).
            models.Index(
                fields=["-published_at", "-claim_id"],
                name="publishedclaim_newest_idx",
                include=["search", "language"],
            ),
            models.Index(fields=["speaker", "-published_at"], name="publishedclaim_speaker_idx"),
            # The sitemap's dates: the latest change of all claims, of a speaker's and of
            # an article's, each read from an index (claims.selectors.public).
            models.Index(fields=["-last_updated"], name="publishedclaim_updated_idx"),
            models.Index(
                fields=["speaker", "-last_updated"], name="publishedclaim_speaker_upd_idx"
            ),
            models.Index(fields=["article", "-last_updated"], name="publishedclaim_article_idx"),
            GinIndex(fields=["topics"], name="publishedclaim_topics_gin"),
            GinIndex(fields=["outlets"], name="publishedclaim_outlets_gin"),
            GinIndex(fields=["ratings"], name="publishedclaim_ratings_gin"),
            GinIndex(fields=["publishers"], name="publishedclaim_publishers_gin"),
            GinIndex(fields=["search"], name="publishedclaim_search_gin"),
        ]

    def __str__(self) -> str:
        return f"Published claim {self.slug}"


class PublishedVerdict(Timestamped):
    """A public verdict as readers see it: its latest revision, with what lists filter
    and count it by."""

    verdict = models.OneToOneField(
        "claims.Verdict",
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="published",
    )
    claim = models.ForeignKey(PublishedClaim, on_delete=models.CASCADE, related_name="verdicts")
    revision = models.ForeignKey(
        "claims.VerdictRevision", on_delete=models.PROTECT, related_name="+"
    )
    slug = models.SlugField(max_length=200, unique=True)
    status = models.CharField(
        max_length=20, help_text="published, or retracted (still public, with its notice)."
    )
    ours = models.BooleanField()
    publisher = models.ForeignKey(
        "sources.Outlet",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    speaker = models.ForeignKey(
        "claims.Speaker",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    rating = models.ForeignKey(
        "claims.Rating", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    first_published = models.DateTimeField()
    last_updated = models.DateTimeField()
    document = models.JSONField(help_text="The API's verdict document, as published.")

    class Meta:
        ordering = ["-first_published", "-verdict_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["published", "retracted"]),
                name="publishedverdict_status_public",
            ),
        ]
        indexes = [
            models.Index(
                fields=["-first_published", "-verdict_id"], name="publishedverdict_newest_idx"
            ),
            # Covers a speaker's record (claims.selectors.public.merged_records): counted
            # from the index alone, however many verdicts the speaker has.
            models.Index(
                fields=["speaker", "ours", "status", "publisher", "rating"],
                include=["first_published"],
                name="publishedverdict_record_idx",
            ),
            models.Index(
                fields=["publisher", "-first_published"], name="publishedverdict_pub_idx"
            ),
            models.Index(fields=["rating"], name="publishedverdict_rating_idx"),
        ]

    def __str__(self) -> str:
        return f"Published verdict {self.slug}"
