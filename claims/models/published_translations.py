"""The public index of translations of our verdicts: one row per published translation
of a verdict of ours that is itself public and not retracted, from the translation's
latest revision. Written only beside the rest of the public index
(``claims.services.published_translations``, in the transaction that writes a revision or
rebuilds the index), so what readers find by a translation's words is what it published.

A translation is never a verdict of the index (``PublishedVerdict``): these rows make its
words findable (search, the API's ``q``, Fact Check Tools), each hit resolving to its
claim, and list it on its original in the API. Only a translation of the original's
latest revision (``current``) is searched: one the original was corrected after leaves
the search until its own correction catches up (docs/languages.md).
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.models.published import configuration_of
from factcheck.base.db import Timestamped


class PublishedTranslation(Timestamped):
    """A published translation of one of our public verdicts, as readers of its language
    find it."""

    translation = models.OneToOneField(
        "claims.Verdict",
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="published_translation",
        help_text="The translation (a verdict of its own, reviewed and published).",
    )
    original = models.ForeignKey(
        "claims.PublishedVerdict",
        on_delete=models.CASCADE,
        related_name="translations",
        help_text="The public verdict of ours it translates.",
    )
    claim = models.ForeignKey(
        "claims.PublishedClaim",
        on_delete=models.CASCADE,
        related_name="translations",
        help_text="The public claim both verdicts are on.",
    )
    revision = models.ForeignKey(
        "claims.VerdictRevision",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The translation's latest revision, which this row is read from.",
    )
    language = models.CharField(max_length=35, help_text="The translation's language tag.")
    url = models.CharField(
        max_length=2000,
        help_text="Its page: the claim's page in its language, at FACTCHECK_SITE_URL.",
    )
    headline = models.TextField(help_text="Its headline, as published.")
    claim_text = models.TextField(
        help_text="The claim in its words, as published (the claim's own when it has none)."
    )
    rating_label = models.CharField(
        max_length=100, help_text="The rating's label in its language, as published."
    )
    search_extra = models.TextField(
        help_text="Headline, summary and the speaker's name, as published, for the search."
    )
    first_published = models.DateTimeField(help_text="When it was first published.")
    last_updated = models.DateTimeField(help_text="When its latest revision was published.")
    current = models.BooleanField(
        help_text="It translates the original's latest revision: only then is it searched."
    )
    # In its language's configuration, as the claims' documents are (claims.models.published).
    search = models.GeneratedField(
        expression=SearchVector("claim_text", config=configuration_of("language"), weight="A")
        + SearchVector("search_extra", config=configuration_of("language"), weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["claim_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["original", "language"],
                name="publishedtranslation_one_per_language",
                violation_error_message=_("A verdict has one translation in each language."),
            ),
        ]
        indexes = [
            GinIndex(fields=["search"], name="pubtranslation_search_gin"),
        ]

    def __str__(self) -> str:
        return f"Published translation {self.language} of verdict {self.original_id}"
