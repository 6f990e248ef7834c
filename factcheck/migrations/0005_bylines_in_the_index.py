"""The API's verdicts carry their bylines (``author``, ``reviewers``) from the revision
they serve: added to the public index's stored documents, the verdicts' own and the
copies inside their claims' documents (same order, matched by slug), from each row's
revision, so nothing is read from the working rows. New revisions write them anyway
(claims/services/published.py, bulk_revisions.py)."""

from django.db import migrations

VERDICTS = """
UPDATE claims_publishedverdict pv
SET document = pv.document || jsonb_build_object(
    'author', coalesce(r.document->'verdict'->'author', '""'::jsonb),
    'reviewers', coalesce(r.document->'reviewers', '[]'::jsonb))
FROM claims_verdictrevision r
WHERE r.id = pv.revision_id
"""
CLAIMS = """
UPDATE claims_publishedclaim pc
SET document = jsonb_set(pc.document, '{verdicts}', (
    SELECT coalesce(jsonb_agg(coalesce(pv.document, e.value) ORDER BY e.place), '[]'::jsonb)
    FROM jsonb_array_elements(pc.document->'verdicts') WITH ORDINALITY AS e(value, place)
    LEFT JOIN claims_publishedverdict pv
        ON pv.claim_id = pc.claim_id AND pv.slug = e.value->>'slug'))
WHERE jsonb_typeof(pc.document->'verdicts') = 'array'
"""


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0004_about_page_skeleton")]

    operations = [
        migrations.RunSQL(VERDICTS, migrations.RunSQL.noop, elidable=True),
        migrations.RunSQL(CLAIMS, migrations.RunSQL.noop, elidable=True),
    ]
