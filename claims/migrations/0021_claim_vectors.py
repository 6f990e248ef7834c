"""Claim vectors (issue 19): the tables of claims.models.vectors, created only where
pgvector can be had (its extension created here when the server has it and this user may).
Elsewhere the migration succeeds without them, `manage.py check` warns, and matching uses
words; `manage.py embed_claims` creates them once the extension is there (docs/operations.md)."""

import pgvector.django.halfvec
from django.db import migrations, models

from claims.models.vectors import drop_vector_storage, install_vector_storage


def install(apps, schema_editor):
    from claims.selectors.vectors import forget_vector_state

    install_vector_storage(schema_editor.connection)
    forget_vector_state()  # this process asks again whether the tables are there


def drop(apps, schema_editor):
    from claims.selectors.vectors import forget_vector_state

    drop_vector_storage(schema_editor.connection)
    forget_vector_state()


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0020_review_language_and_http_urls'),
    ]

    operations = [
        migrations.CreateModel(
            name='ClaimVector',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='When this record was created.')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='When this record was last saved.')),
                ('kind', models.CharField(choices=[('text', 'Claim as checked'), ('quote', 'Verbatim quote'), ('reviewed', "Another publisher's wording (claimReviewed)")], help_text='Which wording of the claim.', max_length=10)),
                ('wording', models.TextField(help_text='The words the vector was computed from.')),
                ('digest', models.CharField(help_text='md5 of the wording: a changed wording needs a new vector.', max_length=32)),
                ('model_version', models.CharField(help_text='The sentence model that computed it; vectors of another are recomputed.', max_length=100)),
                ('embedding', pgvector.django.halfvec.HalfVectorField(dimensions=384, help_text='Unit vector (cosine).')),
            ],
            options={
                'db_table': 'claims_claimvector',
                'ordering': ['claim_id', 'kind'],
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='PublishedClaimVector',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='When this record was created.')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='When this record was last saved.')),
                ('kind', models.CharField(choices=[('text', 'Claim as checked'), ('quote', 'Verbatim quote'), ('reviewed', "Another publisher's wording (claimReviewed)")], help_text='Which wording of the claim.', max_length=10)),
                ('wording', models.TextField(help_text='The words the vector was computed from.')),
                ('digest', models.CharField(help_text='md5 of the wording: a changed wording needs a new vector.', max_length=32)),
                ('model_version', models.CharField(help_text='The sentence model that computed it; vectors of another are recomputed.', max_length=100)),
                ('embedding', pgvector.django.halfvec.HalfVectorField(dimensions=384, help_text='Unit vector (cosine).')),
            ],
            options={
                'db_table': 'claims_publishedclaimvector',
                'ordering': ['claim_id', 'kind'],
                'managed': False,
            },
        ),
        migrations.RunPython(install, drop),
    ]
