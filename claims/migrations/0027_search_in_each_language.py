"""Search in each language (issue 21, item 5): the public index's search document is
built with the text search configuration of its claim's language (``arabic``,
``spanish``, ``french``, ``english``; ``simple`` for any other), no longer ``english``
for every row.

A generated column cannot take a configuration per row from a name (``text::regconfig``
is not immutable), so the configuration comes from an IMMUTABLE function of the row's
language tag, ``factcheck_search_config`` (the same mapping as
``claims.models.published.SEARCH_CONFIGURATION_OF``). PostgreSQL 15 cannot change a
generated column's expression (``SET EXPRESSION`` is 17's), so the column is dropped and
added again: the table is rewritten and its search document computed once for every
public claim, and the two indexes that hold it are built again (the newest-first one now
carries the language too). docs/operations.md gives the cost at a million claims.

The configuration is never stored (a ``regconfig`` column would stop ``pg_upgrade``).
"""

from django.contrib.postgres.search import (
    CombinedSearchVector,
    SearchConfig,
    SearchVector,
    SearchVectorField,
)
from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION factcheck_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE lower(split_part(language, '-', 1))
    WHEN 'en' THEN 'pg_catalog.english'::pg_catalog.regconfig
    WHEN 'ar' THEN 'pg_catalog.arabic'::pg_catalog.regconfig
    WHEN 'es' THEN 'pg_catalog.spanish'::pg_catalog.regconfig
    WHEN 'fr' THEN 'pg_catalog.french'::pg_catalog.regconfig
    ELSE 'pg_catalog.simple'::pg_catalog.regconfig
  END
$$
"""
DROP_FUNCTION = "DROP FUNCTION IF EXISTS factcheck_search_config(text)"


def _column(config: str) -> str:
    return (
        "ALTER TABLE claims_publishedclaim DROP COLUMN search, ADD COLUMN search tsvector"
        f" GENERATED ALWAYS AS ((setweight(to_tsvector({config}, COALESCE(search_text, '')), 'A')"
        f" || setweight(to_tsvector({config}, COALESCE(search_extra, '')), 'B'))) STORED"
    )


def _indexes(include: str) -> list[str]:
    # As 0017 (and the squashed migration) made them, and 0023's finer statistics sample.
    return [
        "CREATE INDEX publishedclaim_newest_idx ON claims_publishedclaim"
        f" (published_at DESC, claim_id DESC) INCLUDE ({include})",
        "CREATE INDEX publishedclaim_search_gin ON claims_publishedclaim USING gin (search)",
        "ALTER TABLE claims_publishedclaim ALTER COLUMN search SET STATISTICS 1000",
        "ANALYZE claims_publishedclaim",
    ]


FORWARD = (
    FUNCTION,
    _column("factcheck_search_config(language)::regconfig"),
    *_indexes("search, language"),
)
BACKWARD = (
    _column("'english'::regconfig"),
    *_indexes("search"),
    DROP_FUNCTION,
)


def _language_config() -> models.Func:
    return models.Func(
        models.F("language"), function="factcheck_search_config", output_field=models.TextField()
    )


class Migration(migrations.Migration):
    dependencies = [("claims", "0026_rating_translations_of_the_default_scale")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(FORWARD, reverse_sql=BACKWARD)],
            state_operations=[
                migrations.RemoveIndex(
                    model_name="publishedclaim", name="publishedclaim_newest_idx"
                ),
                migrations.AlterField(
                    model_name="publishedclaim",
                    name="search",
                    field=models.GeneratedField(
                        db_persist=True,
                        expression=CombinedSearchVector(
                            SearchVector("search_text", config=_language_config(), weight="A"),
                            "||",
                            SearchVector("search_extra", config=_language_config(), weight="B"),
                            SearchConfig(_language_config()),
                        ),
                        output_field=SearchVectorField(),
                    ),
                ),
                migrations.AddIndex(
                    model_name="publishedclaim",
                    index=models.Index(
                        fields=["-published_at", "-claim_id"],
                        include=("search", "language"),
                        name="publishedclaim_newest_idx",
                    ),
                ),
            ],
        )
    ]
