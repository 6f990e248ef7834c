"""Migrations 0001 to 0024 of claims in one: a new database runs this instead of the 24.

Generated from the models (``makemigrations`` on an empty history), then given what the
models cannot say: the trigram extension, the roles and their permissions (0004, 0006,
0009, 0022), the claim vectors' tables where pgvector can be had (0021) and the finer
statistics of the search columns (0012, 0023). The data steps of the 24 (backfills,
rebuilt revisions, moved appearances, blanked addresses) are left out: Django runs this
migration only on a database where none of them ran, whose tables are therefore new and
empty. A database that ran some of them runs the rest of the 24 instead, which stay here
until every installation has passed 0024 (docs/operations.md, "Upgrades").

tests/test_squashed_migrations.py checks that both roads lead to the same schema, roles
and permissions.
"""

import importlib

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.operations
import django.contrib.postgres.search
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import django.utils.timezone
import pgtrigger.compiler
import pgtrigger.migrations
import pgvector.django.halfvec
from django.conf import settings
from django.db import migrations, models

import factcheck.base.db

# The steps kept from the 24, by their own code (module names start with a digit).
_roles = importlib.import_module("claims.migrations.0004_roles")
_editor_in_chief = importlib.import_module("claims.migrations.0006_editor_in_chief")
_roles_pages = importlib.import_module("claims.migrations.0009_roles_pages")
_search_statistics = importlib.import_module("claims.migrations.0012_search_statistics")
_claim_vectors = importlib.import_module("claims.migrations.0021_claim_vectors")
_claim_families = importlib.import_module("claims.migrations.0022_claim_families")
_public_search_statistics = importlib.import_module(
    "claims.migrations.0023_public_search_statistics"
)


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("claims", "0001_initial"),
        ("claims", "0002_initial"),
        ("claims", "0003_auditevent"),
        ("claims", "0004_roles"),
        ("claims", "0005_public_record"),
        ("claims", "0006_editor_in_chief"),
        ("claims", "0007_search_document"),
        ("claims", "0008_about_and_suggestions"),
        ("claims", "0009_roles_pages"),
        ("claims", "0010_archive_reference"),
        ("claims", "0011_queue_index"),
        ("claims", "0012_search_statistics"),
        ("claims", "0013_verdict_list_index"),
        ("claims", "0014_published_index_carries_search"),
        ("claims", "0015_revisions"),
        ("claims", "0016_versions_ratings_topics"),
        ("claims", "0017_public_index"),
        ("claims", "0018_proposed_revisions"),
        ("claims", "0019_indexes_for_the_biggest_pages"),
        ("claims", "0020_review_language_and_http_urls"),
        ("claims", "0021_claim_vectors"),
        ("claims", "0022_claim_families"),
        ("claims", "0023_public_search_statistics"),
        ("claims", "0024_unnamed_speakers_in_any_script"),
    ]

    dependencies = [
        ("pghistory", "0007_auto_20250421_0444"),
        ("sources", "0005_http_urls"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        django.contrib.postgres.operations.TrigramExtension(),
        migrations.CreateModel(
            name="ClaimVector",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("text", "Claim as checked"),
                            ("quote", "Verbatim quote"),
                            ("reviewed", "Another publisher's wording (claimReviewed)"),
                        ],
                        help_text="Which wording of the claim.",
                        max_length=10,
                    ),
                ),
                ("wording", models.TextField(help_text="The words the vector was computed from.")),
                (
                    "digest",
                    models.CharField(
                        help_text="md5 of the wording: a changed wording needs a new vector.",
                        max_length=32,
                    ),
                ),
                (
                    "model_version",
                    models.CharField(
                        help_text="The sentence model that computed it; vectors of another are recomputed.",
                        max_length=100,
                    ),
                ),
                (
                    "embedding",
                    pgvector.django.halfvec.HalfVectorField(
                        dimensions=384, help_text="Unit vector (cosine)."
                    ),
                ),
            ],
            options={
                "db_table": "claims_claimvector",
                "ordering": ["claim_id", "kind"],
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="PublishedClaimVector",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("text", "Claim as checked"),
                            ("quote", "Verbatim quote"),
                            ("reviewed", "Another publisher's wording (claimReviewed)"),
                        ],
                        help_text="Which wording of the claim.",
                        max_length=10,
                    ),
                ),
                ("wording", models.TextField(help_text="The words the vector was computed from.")),
                (
                    "digest",
                    models.CharField(
                        help_text="md5 of the wording: a changed wording needs a new vector.",
                        max_length=32,
                    ),
                ),
                (
                    "model_version",
                    models.CharField(
                        help_text="The sentence model that computed it; vectors of another are recomputed.",
                        max_length=100,
                    ),
                ),
                (
                    "embedding",
                    pgvector.django.halfvec.HalfVectorField(
                        dimensions=384, help_text="Unit vector (cosine)."
                    ),
                ),
            ],
            options={
                "db_table": "claims_publishedclaimvector",
                "ordering": ["claim_id", "kind"],
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="ClaimFamily",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        help_text="Who first linked two of its claims.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "claim families",
                "ordering": ["-created_at", "-id"],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_claimfamilyevent" ("created_at", "created_by_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."created_at", NEW."created_by_id", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;',
                            hash="f969825043b727ed2e4fe458d3ed5e5003b4945a",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_2d1ca",
                            table="claims_claimfamily",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_claimfamilyevent" ("created_at", "created_by_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."created_at", OLD."created_by_id", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id"); RETURN NULL;',
                            hash="fd76179dcb2d825839dd0f5dcdd33dfe892e5c68",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_99f4f",
                            table="claims_claimfamily",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ClaimFamilyEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        help_text="Who first linked two of its claims.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.claimfamily",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="RatingScale",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="e.g. “Truth-O-Meter”.", max_length=100, unique=True
                    ),
                ),
                ("slug", models.SlugField(max_length=100, unique=True)),
                (
                    "description",
                    models.TextField(
                        blank=True, help_text="Shown on the public methodology page."
                    ),
                ),
                (
                    "is_default",
                    models.BooleanField(
                        default=False,
                        help_text="Our own verdicts use the default scale. Only one scale can be the default.",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
            ],
            options={
                "ordering": ["-is_default", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("is_default", True)),
                        fields=("is_default",),
                        name="ratingscale_one_default",
                        violation_error_message="Another scale is already the default. Untick it there first.",
                    )
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="ratingscale_version_bump",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func="NEW.version := OLD.version + 1; RETURN NEW;",
                            hash="4ad8a24adebf740e065745c0c2ce8f4307327fe9",
                            operation="UPDATE",
                            pgid="pgtrigger_ratingscale_version_bump_24c3f",
                            table="claims_ratingscale",
                            when="BEFORE",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_ratingscaleevent" ("created_at", "description", "id", "is_default", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "slug") VALUES (NEW."created_at", NEW."description", NEW."id", NEW."is_default", NEW."name", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."slug"); RETURN NULL;',
                            hash="2d9b5cf61ffae5724950db50cc78cec32d72ce64",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_cee2b",
                            table="claims_ratingscale",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."description" IS DISTINCT FROM (NEW."description") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."is_default" IS DISTINCT FROM (NEW."is_default") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."slug" IS DISTINCT FROM (NEW."slug"))',
                            func='INSERT INTO "claims_ratingscaleevent" ("created_at", "description", "id", "is_default", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "slug") VALUES (NEW."created_at", NEW."description", NEW."id", NEW."is_default", NEW."name", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."slug"); RETURN NULL;',
                            hash="b1d00faa62504cc65efe8b1aa2b5df6c3946201c",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_0bfc9",
                            table="claims_ratingscale",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_ratingscaleevent" ("created_at", "description", "id", "is_default", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "slug") VALUES (OLD."created_at", OLD."description", OLD."id", OLD."is_default", OLD."name", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."slug"); RETURN NULL;',
                            hash="d446e9d5dae780d57156fa39813015a814a77e29",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_fef73",
                            table="claims_ratingscale",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Rating",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        help_text="As readers see it, e.g. “Mostly False”.", max_length=100
                    ),
                ),
                ("slug", models.SlugField(max_length=100)),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Place on the scale, 1 = least accurate. Published as ClaimReview ratingValue. Leave empty for labels that are not a degree of truth (e.g. “Unproven”).",
                        null=True,
                    ),
                ),
                (
                    "definition",
                    models.TextField(help_text="What this rating means, shown to readers."),
                ),
                (
                    "colour",
                    models.CharField(
                        help_text="Hex colour for badges, e.g. “#1a7f37”.", max_length=7
                    ),
                ),
                (
                    "sort_order",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Order in pickers and legends."
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "scale",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ratings",
                        to="claims.ratingscale",
                    ),
                ),
            ],
            options={
                "ordering": ["scale", "sort_order", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("scale", "slug"), name="rating_slug_unique_in_scale"
                    ),
                    models.UniqueConstraint(
                        fields=("scale", "label"), name="rating_label_unique_in_scale"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("position__isnull", False)),
                        fields=("scale", "position"),
                        name="rating_position_unique_in_scale",
                        violation_error_message="Another rating on this scale already has this position.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("position__gte", 1)), name="rating_position_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("colour__regex", "^#[0-9a-fA-F]{6}$")),
                        name="rating_colour_hex",
                        violation_error_message="Use a hex colour such as “#1a7f37”.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="rating_version_bump",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func="NEW.version := OLD.version + 1; RETURN NEW;",
                            hash="67d1f5850e52fb039c7adab3d683003a5eb77d4e",
                            operation="UPDATE",
                            pgid="pgtrigger_rating_version_bump_79c15",
                            table="claims_rating",
                            when="BEFORE",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="rating_in_use_fixed",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."label" IS DISTINCT FROM (NEW."label") OR OLD."position" IS DISTINCT FROM (NEW."position") OR OLD."scale_id" IS DISTINCT FROM (NEW."scale_id"))',
                            func="IF EXISTS (SELECT 1 FROM claims_verdict WHERE rating_id = OLD.id) THEN RAISE EXCEPTION 'rating_in_use_fixed: rating % is used by verdicts; its label, position and scale cannot change.', OLD.id USING ERRCODE = 'integrity_constraint_violation'; END IF; RETURN NEW;",
                            hash="292828cbbb2d08765b80398e9a05434dc1713e9d",
                            operation="UPDATE",
                            pgid="pgtrigger_rating_in_use_fixed_aa373",
                            table="claims_rating",
                            when="BEFORE",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_ratingevent" ("colour", "created_at", "definition", "id", "label", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "scale_id", "slug", "sort_order") VALUES (NEW."colour", NEW."created_at", NEW."definition", NEW."id", NEW."label", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."position", NEW."scale_id", NEW."slug", NEW."sort_order"); RETURN NULL;',
                            hash="5e68a033f2a7b24b762abdbf6a77002ff9bf00d8",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_49e43",
                            table="claims_rating",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."colour" IS DISTINCT FROM (NEW."colour") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."definition" IS DISTINCT FROM (NEW."definition") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."label" IS DISTINCT FROM (NEW."label") OR OLD."position" IS DISTINCT FROM (NEW."position") OR OLD."scale_id" IS DISTINCT FROM (NEW."scale_id") OR OLD."slug" IS DISTINCT FROM (NEW."slug") OR OLD."sort_order" IS DISTINCT FROM (NEW."sort_order"))',
                            func='INSERT INTO "claims_ratingevent" ("colour", "created_at", "definition", "id", "label", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "scale_id", "slug", "sort_order") VALUES (NEW."colour", NEW."created_at", NEW."definition", NEW."id", NEW."label", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."position", NEW."scale_id", NEW."slug", NEW."sort_order"); RETURN NULL;',
                            hash="d025a53d34f73d684318e16aa8a027b5da26160f",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_40dc3",
                            table="claims_rating",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_ratingevent" ("colour", "created_at", "definition", "id", "label", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "scale_id", "slug", "sort_order") VALUES (OLD."colour", OLD."created_at", OLD."definition", OLD."id", OLD."label", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."position", OLD."scale_id", OLD."slug", OLD."sort_order"); RETURN NULL;',
                            hash="d5d4f37a5ee594c60a169de62828d6de7e3f9ec2",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_eea28",
                            table="claims_rating",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="RatingEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        help_text="As readers see it, e.g. “Mostly False”.", max_length=100
                    ),
                ),
                ("slug", models.SlugField(db_index=False, max_length=100)),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Place on the scale, 1 = least accurate. Published as ClaimReview ratingValue. Leave empty for labels that are not a degree of truth (e.g. “Unproven”).",
                        null=True,
                    ),
                ),
                (
                    "definition",
                    models.TextField(help_text="What this rating means, shown to readers."),
                ),
                (
                    "colour",
                    models.CharField(
                        help_text="Hex colour for badges, e.g. “#1a7f37”.", max_length=7
                    ),
                ),
                (
                    "sort_order",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Order in pickers and legends."
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.rating",
                    ),
                ),
                (
                    "scale",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.ratingscale",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="RatingScaleEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                ("name", models.CharField(help_text="e.g. “Truth-O-Meter”.", max_length=100)),
                ("slug", models.SlugField(db_index=False, max_length=100)),
                (
                    "description",
                    models.TextField(
                        blank=True, help_text="Shown on the public methodology page."
                    ),
                ),
                (
                    "is_default",
                    models.BooleanField(
                        default=False,
                        help_text="Our own verdicts use the default scale. Only one scale can be the default.",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.ratingscale",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Speaker",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="A person's or organisation's name. For unnamed speakers, a lower-case description exactly as reported, e.g. “an anonymous Egyptian official”: never invent a name.",
                        max_length=200,
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="Used in public URLs.", max_length=200, unique=True
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("person", "Named person"),
                            ("organisation", "Organisation"),
                            ("official", "Unnamed official (speaks for an institution)"),
                            ("anonymous", "Anonymous source"),
                        ],
                        default="person",
                        max_length=20,
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        blank=True,
                        help_text="Title or role when the claim was made, e.g. “Political scientist”.",
                        max_length=200,
                    ),
                ),
                (
                    "affiliation",
                    models.CharField(
                        blank=True,
                        help_text="Party, employer or institution, e.g. “Cairo University”.",
                        max_length=200,
                    ),
                ),
                (
                    "country",
                    models.CharField(
                        blank=True, help_text="ISO 3166-1 alpha-2 code, e.g. “EG”.", max_length=2
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True, help_text="A neutral sentence or two for readers."
                    ),
                ),
                (
                    "same_as",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.URLField(max_length=500),
                        blank=True,
                        default=list,
                        help_text="Pages that identify this speaker (Wikipedia, Wikidata, official site), one per line.",
                        size=None,
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "merged_into",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        help_text="Set when this record was merged into another: its claims moved there, and its page redirects.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="merged_from",
                        to="claims.speaker",
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
                "indexes": [
                    models.Index(
                        django.db.models.functions.text.Lower("name"),
                        name="speaker_name_lower_idx",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("same_as", []),
                            django.db.models.lookups.IRegex(
                                models.Func(
                                    models.F("same_as"),
                                    models.Value(" "),
                                    function="array_to_string",
                                    output_field=models.TextField(),
                                ),
                                models.Value(
                                    "^https?://[^/?#[:space:]]+[^[:space:]]*( https?://[^/?#[:space:]]+[^[:space:]]*)*$"
                                ),
                            ),
                            _connector="OR",
                        ),
                        name="speaker_same_as_http",
                        violation_error_message="Only http:// or https:// addresses can be stored here.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("kind__in", ["person", "organisation", "official", "anonymous"])
                        ),
                        name="speaker_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind__in", ["official", "anonymous"]), _negated=True),
                            ("name__regex", "^[^[:upper:][:digit:][:space:][:punct:][:cntrl:]]"),
                            _connector="OR",
                        ),
                        name="speaker_unnamed_described",
                        violation_error_message="Describe an unnamed speaker in lower case, e.g. “an anonymous Egyptian official”: never give them a name.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("country", ""), ("country__regex", "^[A-Z]{2}$"), _connector="OR"
                        ),
                        name="speaker_country_iso",
                        violation_error_message="Use a two-letter ISO country code in capitals, e.g. “EG”.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("merged_into", models.F("id")), _negated=True),
                        name="speaker_not_merged_into_itself",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="speaker_version_bump",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func="NEW.version := OLD.version + 1; RETURN NEW;",
                            hash="e11c85b968faf538ba506a714c02dae8aa6275f6",
                            operation="UPDATE",
                            pgid="pgtrigger_speaker_version_bump_f1579",
                            table="claims_speaker",
                            when="BEFORE",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_speakerevent" ("affiliation", "country", "created_at", "description", "id", "kind", "merged_into_id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "same_as", "slug", "title") VALUES (NEW."affiliation", NEW."country", NEW."created_at", NEW."description", NEW."id", NEW."kind", NEW."merged_into_id", NEW."name", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."same_as", NEW."slug", NEW."title"); RETURN NULL;',
                            hash="5be42f49343dc8eff1c3df1262959d59bc2d7502",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_7cf94",
                            table="claims_speaker",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."affiliation" IS DISTINCT FROM (NEW."affiliation") OR OLD."country" IS DISTINCT FROM (NEW."country") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."description" IS DISTINCT FROM (NEW."description") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."merged_into_id" IS DISTINCT FROM (NEW."merged_into_id") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."same_as" IS DISTINCT FROM (NEW."same_as") OR OLD."slug" IS DISTINCT FROM (NEW."slug") OR OLD."title" IS DISTINCT FROM (NEW."title"))',
                            func='INSERT INTO "claims_speakerevent" ("affiliation", "country", "created_at", "description", "id", "kind", "merged_into_id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "same_as", "slug", "title") VALUES (NEW."affiliation", NEW."country", NEW."created_at", NEW."description", NEW."id", NEW."kind", NEW."merged_into_id", NEW."name", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."same_as", NEW."slug", NEW."title"); RETURN NULL;',
                            hash="26ca74c0fd946a1c17234027311737d7476f6422",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_d9d7a",
                            table="claims_speaker",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_speakerevent" ("affiliation", "country", "created_at", "description", "id", "kind", "merged_into_id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "same_as", "slug", "title") VALUES (OLD."affiliation", OLD."country", OLD."created_at", OLD."description", OLD."id", OLD."kind", OLD."merged_into_id", OLD."name", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."same_as", OLD."slug", OLD."title"); RETURN NULL;',
                            hash="227bca60874646ab91208dd221c82094976c6bb5",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_b8590",
                            table="claims_speaker",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SpeakerEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="A person's or organisation's name. For unnamed speakers, a lower-case description exactly as reported, e.g. “an anonymous Egyptian official”: never invent a name.",
                        max_length=200,
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        db_index=False, help_text="Used in public URLs.", max_length=200
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("person", "Named person"),
                            ("organisation", "Organisation"),
                            ("official", "Unnamed official (speaks for an institution)"),
                            ("anonymous", "Anonymous source"),
                        ],
                        default="person",
                        max_length=20,
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        blank=True,
                        help_text="Title or role when the claim was made, e.g. “Political scientist”.",
                        max_length=200,
                    ),
                ),
                (
                    "affiliation",
                    models.CharField(
                        blank=True,
                        help_text="Party, employer or institution, e.g. “Cairo University”.",
                        max_length=200,
                    ),
                ),
                (
                    "country",
                    models.CharField(
                        blank=True, help_text="ISO 3166-1 alpha-2 code, e.g. “EG”.", max_length=2
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True, help_text="A neutral sentence or two for readers."
                    ),
                ),
                (
                    "same_as",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.URLField(max_length=500),
                        blank=True,
                        default=list,
                        help_text="Pages that identify this speaker (Wikipedia, Wikidata, official site), one per line.",
                        size=None,
                    ),
                ),
                (
                    "merged_into",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        help_text="Set when this record was merged into another: its claims moved there, and its page redirects.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.speaker",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.speaker",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Topic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="e.g. “Foreign policy”.", max_length=100, unique=True
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="Used in public URLs.", max_length=100, unique=True
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True, help_text="A sentence for readers of the topic page."
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
            ],
            options={
                "ordering": ["name"],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="topic_version_bump",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func="NEW.version := OLD.version + 1; RETURN NEW;",
                            hash="4baec314d476c083726359d5c8aa537caaa2fbb0",
                            operation="UPDATE",
                            pgid="pgtrigger_topic_version_bump_59543",
                            table="claims_topic",
                            when="BEFORE",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_topicevent" ("created_at", "description", "id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "slug") VALUES (NEW."created_at", NEW."description", NEW."id", NEW."name", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."slug"); RETURN NULL;',
                            hash="43ce2bf7e3df1c6b6a280245cb8d1d25a18668ab",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_5f998",
                            table="claims_topic",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."description" IS DISTINCT FROM (NEW."description") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."slug" IS DISTINCT FROM (NEW."slug"))',
                            func='INSERT INTO "claims_topicevent" ("created_at", "description", "id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "slug") VALUES (NEW."created_at", NEW."description", NEW."id", NEW."name", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."slug"); RETURN NULL;',
                            hash="b9c1375c897f3ca4711e52bdafafa9defc5b7054",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_010ac",
                            table="claims_topic",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_topicevent" ("created_at", "description", "id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "slug") VALUES (OLD."created_at", OLD."description", OLD."id", OLD."name", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."slug"); RETURN NULL;',
                            hash="49eb8fdcc7e405d2c2af58c65026cce732075771",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_a32b8",
                            table="claims_topic",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Claim",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="Used in public URLs.", max_length=200, unique=True
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text="The claim as we check it, in neutral wording: one checkable statement.",
                        validators=[django.core.validators.MaxLengthValidator(2000)],
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The speaker's exact words, when there are any.",
                        validators=[django.core.validators.MaxLengthValidator(10000)],
                    ),
                ),
                (
                    "url",
                    models.URLField(
                        blank=True,
                        help_text="Where the claim can be seen or heard.",
                        max_length=2000,
                        verbose_name="URL",
                    ),
                ),
                (
                    "archived_url",
                    models.URLField(
                        blank=True,
                        help_text="A permanent copy of where it appeared (e.g. the Wayback Machine), in case the page changes or disappears.",
                        max_length=2000,
                        verbose_name="archived copy URL",
                    ),
                ),
                (
                    "claimed_on",
                    models.DateField(
                        blank=True,
                        help_text="When the claim was made, if known.",
                        null=True,
                        validators=[factcheck.base.db.not_in_future],
                    ),
                ),
                (
                    "context",
                    models.CharField(
                        blank=True,
                        help_text="The occasion, e.g. “an interview with Fox News”.",
                        max_length=500,
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        default="en", help_text="Language tag, e.g. “en”, “ar”.", max_length=35
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "public_text",
                    models.TextField(
                        blank=True,
                        editable=False,
                        help_text="The public words searched with the claim: speaker, verdict headlines and summaries.",
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True,
                        editable=False,
                        help_text="When its first public verdict was published; empty while none is public.",
                        null=True,
                    ),
                ),
                (
                    "search",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.CombinedSearchVector(
                                django.contrib.postgres.search.SearchVector(
                                    "text", config="english", weight="A"
                                ),
                                "||",
                                django.contrib.postgres.search.SearchVector(
                                    "quote", config="english", weight="B"
                                ),
                                django.contrib.postgres.search.SearchConfig("english"),
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "public_text", config="english", weight="B"
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    ),
                ),
                (
                    "appeared_in",
                    models.ForeignKey(
                        blank=True,
                        help_text="The outlet the claim was made to or reported by, e.g. Fox News for a Fox interview.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claims_appeared",
                        to="sources.outlet",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        help_text="The article in which we found the claim.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claims",
                        to="sources.article",
                    ),
                ),
                (
                    "assigned_to",
                    models.ForeignKey(
                        blank=True,
                        help_text="The fact-checker researching this claim.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="assigned_claims",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who made the claim. Leave empty for unattributed claims (e.g. viral posts).",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claims",
                        to="claims.speaker",
                    ),
                ),
                (
                    "topics",
                    models.ManyToManyField(blank=True, related_name="claims", to="claims.topic"),
                ),
            ],
            options={
                "ordering": ["-claimed_on", "-created_at"],
                "indexes": [
                    models.Index(fields=["speaker", "-claimed_on"], name="claim_speaker_date_idx"),
                    models.Index(fields=["-claimed_on", "-created_at"], name="claim_date_idx"),
                    models.Index(fields=["assigned_to"], name="claim_assigned_idx"),
                    models.Index(fields=["created_at", "id"], name="claim_created_idx"),
                    models.Index(
                        condition=models.Q(("published_at__isnull", False)),
                        fields=["-published_at", "-id"],
                        include=("search",),
                        name="claim_published_idx",
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["search"], name="claim_search_gin"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        django.contrib.postgres.indexes.OpClass(
                            django.db.models.functions.text.Upper("text"), name="gin_trgm_ops"
                        ),
                        name="claim_text_trgm",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("url", ""),
                            ("url__iregex", "^https?://[^/?#[:space:]]+[^[:space:]]*$"),
                            _connector="OR",
                        ),
                        name="claim_url_http",
                        violation_error_message="Only http:// or https:// addresses can be stored here.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("archived_url", ""),
                            ("archived_url__iregex", "^https?://[^/?#[:space:]]+[^[:space:]]*$"),
                            _connector="OR",
                        ),
                        name="claim_archived_url_http",
                        violation_error_message="Only http:// or https:// addresses can be stored here.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("language__regex", "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
                        ),
                        name="claim_language_tag",
                        violation_error_message="Use a language tag such as “en”, “ar” or “pt-BR”.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("text", ""), _negated=True),
                        name="claim_text_not_empty",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="claim_version_bump",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func="NEW.version := OLD.version + 1; RETURN NEW;",
                            hash="5cf9af325e28e2427d3eb89ee5d40470edea49d5",
                            operation="UPDATE",
                            pgid="pgtrigger_claim_version_bump_c7b38",
                            table="claims_claim",
                            when="BEFORE",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_claimevent" ("appeared_in_id", "archived_url", "article_id", "assigned_to_id", "claimed_on", "context", "created_at", "created_by_id", "id", "language", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "quote", "slug", "speaker_id", "text", "url") VALUES (NEW."appeared_in_id", NEW."archived_url", NEW."article_id", NEW."assigned_to_id", NEW."claimed_on", NEW."context", NEW."created_at", NEW."created_by_id", NEW."id", NEW."language", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."quote", NEW."slug", NEW."speaker_id", NEW."text", NEW."url"); RETURN NULL;',
                            hash="1c19d2eeb75149f12539f256adeebdf0c67031bf",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_df8fa",
                            table="claims_claim",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."appeared_in_id" IS DISTINCT FROM (NEW."appeared_in_id") OR OLD."archived_url" IS DISTINCT FROM (NEW."archived_url") OR OLD."article_id" IS DISTINCT FROM (NEW."article_id") OR OLD."assigned_to_id" IS DISTINCT FROM (NEW."assigned_to_id") OR OLD."claimed_on" IS DISTINCT FROM (NEW."claimed_on") OR OLD."context" IS DISTINCT FROM (NEW."context") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."created_by_id" IS DISTINCT FROM (NEW."created_by_id") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."language" IS DISTINCT FROM (NEW."language") OR OLD."quote" IS DISTINCT FROM (NEW."quote") OR OLD."slug" IS DISTINCT FROM (NEW."slug") OR OLD."speaker_id" IS DISTINCT FROM (NEW."speaker_id") OR OLD."text" IS DISTINCT FROM (NEW."text") OR OLD."url" IS DISTINCT FROM (NEW."url"))',
                            func='INSERT INTO "claims_claimevent" ("appeared_in_id", "archived_url", "article_id", "assigned_to_id", "claimed_on", "context", "created_at", "created_by_id", "id", "language", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "quote", "slug", "speaker_id", "text", "url") VALUES (NEW."appeared_in_id", NEW."archived_url", NEW."article_id", NEW."assigned_to_id", NEW."claimed_on", NEW."context", NEW."created_at", NEW."created_by_id", NEW."id", NEW."language", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."quote", NEW."slug", NEW."speaker_id", NEW."text", NEW."url"); RETURN NULL;',
                            hash="08d3f7a28905a1d1973d51b0f85921d886e029c8",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_fe4ba",
                            table="claims_claim",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_claimevent" ("appeared_in_id", "archived_url", "article_id", "assigned_to_id", "claimed_on", "context", "created_at", "created_by_id", "id", "language", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "quote", "slug", "speaker_id", "text", "url") VALUES (OLD."appeared_in_id", OLD."archived_url", OLD."article_id", OLD."assigned_to_id", OLD."claimed_on", OLD."context", OLD."created_at", OLD."created_by_id", OLD."id", OLD."language", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."quote", OLD."slug", OLD."speaker_id", OLD."text", OLD."url"); RETURN NULL;',
                            hash="55ebfb84198eef6cd525a5668fc25422aa986c6f",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_dbf31",
                            table="claims_claim",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ClaimEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        db_index=False, help_text="Used in public URLs.", max_length=200
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text="The claim as we check it, in neutral wording: one checkable statement.",
                        validators=[django.core.validators.MaxLengthValidator(2000)],
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The speaker's exact words, when there are any.",
                        validators=[django.core.validators.MaxLengthValidator(10000)],
                    ),
                ),
                (
                    "url",
                    models.URLField(
                        blank=True,
                        help_text="Where the claim can be seen or heard.",
                        max_length=2000,
                        verbose_name="URL",
                    ),
                ),
                (
                    "archived_url",
                    models.URLField(
                        blank=True,
                        help_text="A permanent copy of where it appeared (e.g. the Wayback Machine), in case the page changes or disappears.",
                        max_length=2000,
                        verbose_name="archived copy URL",
                    ),
                ),
                (
                    "claimed_on",
                    models.DateField(
                        blank=True,
                        help_text="When the claim was made, if known.",
                        null=True,
                        validators=[factcheck.base.db.not_in_future],
                    ),
                ),
                (
                    "context",
                    models.CharField(
                        blank=True,
                        help_text="The occasion, e.g. “an interview with Fox News”.",
                        max_length=500,
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        default="en", help_text="Language tag, e.g. “en”, “ar”.", max_length=35
                    ),
                ),
                (
                    "appeared_in",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The outlet the claim was made to or reported by, e.g. Fox News for a Fox interview.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="sources.outlet",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The article in which we found the claim.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="sources.article",
                    ),
                ),
                (
                    "assigned_to",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The fact-checker researching this claim.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.claim",
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Who made the claim. Leave empty for unattributed claims (e.g. viral posts).",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.speaker",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ClaimFamilyMember",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        help_text="Internal: why it is the same claim (never shown publicly).",
                    ),
                ),
                (
                    "claim",
                    models.OneToOneField(
                        help_text="A claim is in one family at most. Unlink it before deleting it.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="family_member",
                        to="claims.claim",
                    ),
                ),
                (
                    "family",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="members",
                        to="claims.claimfamily",
                    ),
                ),
                (
                    "linked_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        help_text="Who confirmed it is the same claim.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "claim in a family",
                "verbose_name_plural": "claims in families",
                "ordering": ["family", "created_at", "id"],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="claimfamilymember_one_verdict",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            declare="DECLARE fam bigint; n integer;",
                            func="PERFORM 1 FROM claims_claim WHERE id = NEW.claim_id FOR UPDATE;fam := NEW.family_id;\n    PERFORM 1 FROM claims_claimfamily WHERE id = fam FOR UPDATE;\n    SELECT count(*) INTO n\n    FROM claims_verdict v JOIN claims_claimfamilymember m ON m.claim_id = v.claim_id\n    WHERE m.family_id = fam AND v.publisher_id IS NULL AND v.status IN ('draft', 'in_review', 'published');\n    IF n > 1 THEN\n        RAISE EXCEPTION 'claimfamily_one_verdict: claim family % would hold % verdicts of '\n            'ours; a family has at most one (retract or delete one first, or unlink the '\n            'claim).', fam, n\n            USING ERRCODE = 'integrity_constraint_violation';\n    END IF;\n    RETURN NULL;\n",
                            hash="bdc5e81dcaa306290b4bcc202e42aa079eaf5fb6",
                            operation="INSERT OR UPDATE",
                            pgid="pgtrigger_claimfamilymember_one_verdict_e744e",
                            table="claims_claimfamilymember",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_claimfamilymemberevent" ("claim_id", "created_at", "family_id", "id", "linked_by_id", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."claim_id", NEW."created_at", NEW."family_id", NEW."id", NEW."linked_by_id", NEW."note", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;',
                            hash="4a81c45da760905191dc02d4f3a0920001cd2f32",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_00878",
                            table="claims_claimfamilymember",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_claimfamilymemberevent" ("claim_id", "created_at", "family_id", "id", "linked_by_id", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."claim_id", OLD."created_at", OLD."family_id", OLD."id", OLD."linked_by_id", OLD."note", _pgh_attach_context(), NOW(), \'delete\', OLD."id"); RETURN NULL;',
                            hash="8251ffe2731cebfba9c021121432fd822dbf1344",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_d57ae",
                            table="claims_claimfamilymember",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ClaimFamilyMemberEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        help_text="Internal: why it is the same claim (never shown publicly).",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="A claim is in one family at most. Unlink it before deleting it.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.claim",
                    ),
                ),
                (
                    "family",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.claimfamily",
                    ),
                ),
                (
                    "linked_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        help_text="Who confirmed it is the same claim.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.claimfamilymember",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Verdict",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="Used in the verdict's public URL.", max_length=200, unique=True
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("in_review", "In review"),
                            ("published", "Published"),
                            ("retracted", "Retracted"),
                            ("withdrawn", "Taken down"),
                            ("reference", "Archive reference (staff only)"),
                        ],
                        default="draft",
                        editable=False,
                        max_length=20,
                    ),
                ),
                (
                    "headline",
                    models.CharField(
                        help_text="The verdict page's title, e.g. “No, …”.", max_length=300
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        help_text="Two or three plain sentences: what is true, what is not. Required before publishing.",
                    ),
                ),
                (
                    "body",
                    models.TextField(blank=True, help_text="The full fact-check, in Markdown."),
                ),
                (
                    "external_url",
                    models.URLField(
                        blank=True,
                        help_text="For imported verdicts: the publisher's own page.",
                        max_length=2000,
                        verbose_name="external URL",
                    ),
                ),
                (
                    "external_id",
                    models.CharField(
                        blank=True,
                        help_text="For imported verdicts: the publisher's own id for the review (re-imports update it).",
                        max_length=100,
                        verbose_name="external id",
                    ),
                ),
                (
                    "claim_reviewed",
                    models.TextField(
                        blank=True,
                        help_text="For imported verdicts: the claim in the publisher's own words (ClaimReview claimReviewed). Their wording never replaces ours.",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        help_text="For imported verdicts: the review's own language tag (ClaimReview inLanguage, or detected when missing; “und” when it could not be told), e.g. “fr”. Our verdicts are in their claim's language.",
                        max_length=35,
                    ),
                ),
                (
                    "their_review",
                    models.JSONField(
                        blank=True,
                        editable=False,
                        help_text="For imported verdicts: what the publisher's ClaimReview said that has no column here (their rating numbers, dates, author, claimant, appearances), served back as theirs.",
                        null=True,
                    ),
                ),
                (
                    "speaker_contacted_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Right of reply: when we asked the speaker for comment.",
                        null=True,
                    ),
                ),
                (
                    "speaker_response",
                    models.TextField(
                        blank=True,
                        help_text="Right of reply: what the speaker said, or that they did not answer.",
                    ),
                ),
                ("submitted_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("published_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("retracted_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "retraction_note",
                    models.TextField(
                        blank=True,
                        editable=False,
                        help_text="Shown publicly on a retracted verdict.",
                    ),
                ),
                (
                    "withdrawn_at",
                    models.DateTimeField(
                        blank=True, editable=False, help_text="When it was taken down.", null=True
                    ),
                ),
                (
                    "withdrawal_note",
                    models.TextField(
                        blank=True,
                        editable=False,
                        help_text="Shown publicly in place of a verdict taken down: that it was removed and why.",
                    ),
                ),
                (
                    "proposal_kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("correction", "Correction"),
                            ("update", "Update"),
                            ("clarification", "Clarification"),
                        ],
                        editable=False,
                        help_text="The kind of revision proposed (correction, update, clarification).",
                        max_length=20,
                    ),
                ),
                (
                    "proposal_note",
                    models.TextField(
                        blank=True,
                        editable=False,
                        help_text="The public note of the proposed revision.",
                    ),
                ),
                ("proposed_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "review_round",
                    models.PositiveIntegerField(
                        default=0,
                        editable=False,
                        help_text="Rounds of review so far: each submission and each edit during review starts one.",
                    ),
                ),
                (
                    "submission_round",
                    models.PositiveIntegerField(
                        default=0,
                        editable=False,
                        help_text="The round its latest submission for review started.",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        help_text="The fact-checker who wrote it. Empty for imported verdicts.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="authored_verdicts",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="verdicts",
                        to="claims.claim",
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        help_text="Who proposed the revision (their approval does not count).",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "publisher",
                    models.ForeignKey(
                        blank=True,
                        help_text="Leave empty for our own verdicts. Set it for a verdict imported from another fact-checker.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="verdicts",
                        to="sources.outlet",
                    ),
                ),
                (
                    "rating",
                    models.ForeignKey(
                        blank=True,
                        help_text="Required before publishing.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="verdicts",
                        to="claims.rating",
                    ),
                ),
            ],
            options={
                "ordering": ["-published_at", "-created_at"],
                "permissions": [
                    ("review_verdict", "Can review, return and publish verdicts"),
                    ("retract_verdict", "Can retract and correct published verdicts"),
                    ("takedown_verdict", "Can take a published verdict down (legal takedown)"),
                ],
                "indexes": [
                    models.Index(
                        fields=["status", "-published_at"], name="verdict_status_date_idx"
                    ),
                    models.Index(
                        fields=["-published_at", "-created_at", "-id"], name="verdict_list_idx"
                    ),
                    models.Index(fields=["rating"], name="verdict_rating_idx"),
                    models.Index(fields=["author", "status"], name="verdict_author_status_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                [
                                    "draft",
                                    "in_review",
                                    "published",
                                    "retracted",
                                    "withdrawn",
                                    "reference",
                                ],
                            )
                        ),
                        name="verdict_status_valid",
                    ),
                    models.UniqueConstraint(
                        fields=("claim", "publisher"),
                        name="verdict_one_per_publisher",
                        nulls_distinct=False,
                        violation_error_message="This claim already has a verdict from this publisher. Edit that one instead.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("status__in", ["published", "retracted", "withdrawn"]),
                                _negated=True,
                            ),
                            models.Q(("published_at__isnull", False), ("rating__isnull", False)),
                            _connector="OR",
                        ),
                        name="verdict_public_has_date_and_rating",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("retracted_at__isnull", False),
                                ("status", "retracted"),
                                models.Q(("retraction_note", ""), _negated=True),
                            ),
                            ("status", "withdrawn"),
                            models.Q(
                                models.Q(("status", "retracted"), _negated=True),
                                ("retracted_at__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="verdict_retraction_dated_and_explained",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("status", "withdrawn"),
                                ("withdrawn_at__isnull", False),
                                models.Q(("withdrawal_note", ""), _negated=True),
                            ),
                            models.Q(
                                models.Q(("status", "withdrawn"), _negated=True),
                                ("withdrawn_at__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="verdict_takedown_dated_and_explained",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("publisher__isnull", True),
                            models.Q(("external_url", ""), _negated=True),
                            ("status", "reference"),
                            _connector="OR",
                        ),
                        name="verdict_imported_has_url",
                        violation_error_message="An imported verdict needs the external URL of the publisher's own page.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "reference"), _negated=True),
                            ("publisher__isnull", False),
                            _connector="OR",
                        ),
                        name="verdict_reference_is_imported",
                        violation_error_message="Only another publisher's archive record can be a staff-only reference.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("proposal_kind", ""),
                                ("proposal_note", ""),
                                ("proposed_at__isnull", True),
                            ),
                            models.Q(
                                ("proposed_at__isnull", False),
                                ("status", "published"),
                                ("proposal_kind__in", ["correction", "update", "clarification"]),
                                models.Q(("proposal_note", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="verdict_proposal_complete",
                        violation_error_message="A proposed revision needs its kind and public note, on a published verdict.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("language", ""),
                            ("language__regex", "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
                            _connector="OR",
                        ),
                        name="verdict_language_tag",
                        violation_error_message="Use a BCP 47 language tag, e.g. “en” or “pt-BR”.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("external_url", ""),
                            ("external_url__iregex", "^https?://[^/?#[:space:]]+[^[:space:]]*$"),
                            _connector="OR",
                        ),
                        name="verdict_external_url_http",
                        violation_error_message="Only http:// or https:// addresses can be stored here.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("external_id", ""), _negated=True),
                        fields=("publisher", "external_id"),
                        name="verdict_external_id_unique",
                        violation_error_message="This publisher's review with this id is already on file.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="verdict_version_bump",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func="NEW.version := OLD.version + 1; RETURN NEW;",
                            hash="007e7bf83692a656d688deba287f1a5f9f8455c6",
                            operation="UPDATE",
                            pgid="pgtrigger_verdict_version_bump_50eb7",
                            table="claims_verdict",
                            when="BEFORE",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="verdict_one_per_family",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition="WHEN (NEW.\"publisher_id\" IS NULL AND NEW.\"status\" IN ('draft', 'in_review', 'published'))",
                            declare="DECLARE fam bigint; n integer;",
                            func="SELECT family_id INTO fam FROM claims_claimfamilymember WHERE claim_id = NEW.claim_id;IF fam IS NULL THEN RETURN NULL; END IF;\n    PERFORM 1 FROM claims_claimfamily WHERE id = fam FOR UPDATE;\n    SELECT count(*) INTO n\n    FROM claims_verdict v JOIN claims_claimfamilymember m ON m.claim_id = v.claim_id\n    WHERE m.family_id = fam AND v.publisher_id IS NULL AND v.status IN ('draft', 'in_review', 'published');\n    IF n > 1 THEN\n        RAISE EXCEPTION 'claimfamily_one_verdict: claim family % would hold % verdicts of '\n            'ours; a family has at most one (retract or delete one first, or unlink the '\n            'claim).', fam, n\n            USING ERRCODE = 'integrity_constraint_violation';\n    END IF;\n    RETURN NULL;\n",
                            hash="4600b7bc0e094aac23af405780e37bb9be350bcd",
                            operation="INSERT OR UPDATE",
                            pgid="pgtrigger_verdict_one_per_family_fcca2",
                            table="claims_verdict",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="verdict_public_undeletable",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition="WHEN (OLD.\"status\" = 'published' OR OLD.\"status\" = 'retracted' OR OLD.\"status\" = 'withdrawn')",
                            func="RAISE EXCEPTION 'verdict_public_undeletable: verdict % is part of the public record and cannot be deleted; retract it instead.', OLD.id USING ERRCODE = 'integrity_constraint_violation';",
                            hash="95293ac386f5d6b5277886fdb3d63847b6d703db",
                            operation="DELETE",
                            pgid="pgtrigger_verdict_public_undeletable_5ab47",
                            table="claims_verdict",
                            when="BEFORE",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_verdictevent" ("author_id", "body", "claim_id", "claim_reviewed", "created_at", "external_id", "external_url", "headline", "id", "language", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "proposal_kind", "proposal_note", "proposed_at", "proposed_by_id", "published_at", "publisher_id", "rating_id", "retracted_at", "retraction_note", "review_round", "slug", "speaker_contacted_at", "speaker_response", "status", "submission_round", "submitted_at", "summary", "their_review", "withdrawal_note", "withdrawn_at") VALUES (NEW."author_id", NEW."body", NEW."claim_id", NEW."claim_reviewed", NEW."created_at", NEW."external_id", NEW."external_url", NEW."headline", NEW."id", NEW."language", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."proposal_kind", NEW."proposal_note", NEW."proposed_at", NEW."proposed_by_id", NEW."published_at", NEW."publisher_id", NEW."rating_id", NEW."retracted_at", NEW."retraction_note", NEW."review_round", NEW."slug", NEW."speaker_contacted_at", NEW."speaker_response", NEW."status", NEW."submission_round", NEW."submitted_at", NEW."summary", NEW."their_review", NEW."withdrawal_note", NEW."withdrawn_at"); RETURN NULL;',
                            hash="b2ec0a38ce588f6713a23b38591ddc4e1842ba9d",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_3cb73",
                            table="claims_verdict",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."author_id" IS DISTINCT FROM (NEW."author_id") OR OLD."body" IS DISTINCT FROM (NEW."body") OR OLD."claim_id" IS DISTINCT FROM (NEW."claim_id") OR OLD."claim_reviewed" IS DISTINCT FROM (NEW."claim_reviewed") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."external_id" IS DISTINCT FROM (NEW."external_id") OR OLD."external_url" IS DISTINCT FROM (NEW."external_url") OR OLD."headline" IS DISTINCT FROM (NEW."headline") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."language" IS DISTINCT FROM (NEW."language") OR OLD."proposal_kind" IS DISTINCT FROM (NEW."proposal_kind") OR OLD."proposal_note" IS DISTINCT FROM (NEW."proposal_note") OR OLD."proposed_at" IS DISTINCT FROM (NEW."proposed_at") OR OLD."proposed_by_id" IS DISTINCT FROM (NEW."proposed_by_id") OR OLD."published_at" IS DISTINCT FROM (NEW."published_at") OR OLD."publisher_id" IS DISTINCT FROM (NEW."publisher_id") OR OLD."rating_id" IS DISTINCT FROM (NEW."rating_id") OR OLD."retracted_at" IS DISTINCT FROM (NEW."retracted_at") OR OLD."retraction_note" IS DISTINCT FROM (NEW."retraction_note") OR OLD."review_round" IS DISTINCT FROM (NEW."review_round") OR OLD."slug" IS DISTINCT FROM (NEW."slug") OR OLD."speaker_contacted_at" IS DISTINCT FROM (NEW."speaker_contacted_at") OR OLD."speaker_response" IS DISTINCT FROM (NEW."speaker_response") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."submission_round" IS DISTINCT FROM (NEW."submission_round") OR OLD."submitted_at" IS DISTINCT FROM (NEW."submitted_at") OR OLD."summary" IS DISTINCT FROM (NEW."summary") OR OLD."their_review" IS DISTINCT FROM (NEW."their_review") OR OLD."withdrawal_note" IS DISTINCT FROM (NEW."withdrawal_note") OR OLD."withdrawn_at" IS DISTINCT FROM (NEW."withdrawn_at"))',
                            func='INSERT INTO "claims_verdictevent" ("author_id", "body", "claim_id", "claim_reviewed", "created_at", "external_id", "external_url", "headline", "id", "language", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "proposal_kind", "proposal_note", "proposed_at", "proposed_by_id", "published_at", "publisher_id", "rating_id", "retracted_at", "retraction_note", "review_round", "slug", "speaker_contacted_at", "speaker_response", "status", "submission_round", "submitted_at", "summary", "their_review", "withdrawal_note", "withdrawn_at") VALUES (NEW."author_id", NEW."body", NEW."claim_id", NEW."claim_reviewed", NEW."created_at", NEW."external_id", NEW."external_url", NEW."headline", NEW."id", NEW."language", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."proposal_kind", NEW."proposal_note", NEW."proposed_at", NEW."proposed_by_id", NEW."published_at", NEW."publisher_id", NEW."rating_id", NEW."retracted_at", NEW."retraction_note", NEW."review_round", NEW."slug", NEW."speaker_contacted_at", NEW."speaker_response", NEW."status", NEW."submission_round", NEW."submitted_at", NEW."summary", NEW."their_review", NEW."withdrawal_note", NEW."withdrawn_at"); RETURN NULL;',
                            hash="3cd4a55cb6bab8094b6e78689d21059a1233c197",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_05fe6",
                            table="claims_verdict",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_verdictevent" ("author_id", "body", "claim_id", "claim_reviewed", "created_at", "external_id", "external_url", "headline", "id", "language", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "proposal_kind", "proposal_note", "proposed_at", "proposed_by_id", "published_at", "publisher_id", "rating_id", "retracted_at", "retraction_note", "review_round", "slug", "speaker_contacted_at", "speaker_response", "status", "submission_round", "submitted_at", "summary", "their_review", "withdrawal_note", "withdrawn_at") VALUES (OLD."author_id", OLD."body", OLD."claim_id", OLD."claim_reviewed", OLD."created_at", OLD."external_id", OLD."external_url", OLD."headline", OLD."id", OLD."language", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."proposal_kind", OLD."proposal_note", OLD."proposed_at", OLD."proposed_by_id", OLD."published_at", OLD."publisher_id", OLD."rating_id", OLD."retracted_at", OLD."retraction_note", OLD."review_round", OLD."slug", OLD."speaker_contacted_at", OLD."speaker_response", OLD."status", OLD."submission_round", OLD."submitted_at", OLD."summary", OLD."their_review", OLD."withdrawal_note", OLD."withdrawn_at"); RETURN NULL;',
                            hash="ebb5e7cc25da78a7b7549a4c97d14424cffe369c",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_83861",
                            table="claims_verdict",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Appearance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "said_on",
                    models.DateField(
                        blank=True,
                        help_text="When, if known.",
                        null=True,
                        validators=[factcheck.base.db.not_in_future],
                    ),
                ),
                (
                    "url",
                    models.URLField(
                        blank=True,
                        help_text="Where it can be seen or heard.",
                        max_length=2000,
                        verbose_name="URL",
                    ),
                ),
                (
                    "first",
                    models.BooleanField(
                        default=False,
                        editable=False,
                        help_text="The publisher named it the claim's first appearance (firstAppearance).",
                    ),
                ),
                (
                    "listed",
                    models.BooleanField(
                        default=True,
                        editable=False,
                        help_text="In the publisher's list of appearances (a first appearance may not be).",
                    ),
                ),
                (
                    "position",
                    models.PositiveIntegerField(
                        default=0, editable=False, help_text="Its place in the publisher's list."
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        help_text="The article it appeared in, when known.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claim_appearances",
                        to="sources.article",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "outlet",
                    models.ForeignKey(
                        blank=True,
                        help_text="The outlet it was said to or reported by, when known.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claim_appearances",
                        to="sources.outlet",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="appearances",
                        to="claims.claim",
                    ),
                ),
                (
                    "reported_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        help_text="The imported review that lists it; empty for the newsroom's own.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reported_appearances",
                        to="claims.verdict",
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who said it this time, when known.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="appearances",
                        to="claims.speaker",
                    ),
                ),
            ],
            options={
                "ordering": ["claim", "position", "said_on", "id"],
                "indexes": [
                    models.Index(fields=["claim", "position"], name="appearance_claim_idx")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("url", ""),
                            ("url__iregex", "^https?://[^/?#[:space:]]+[^[:space:]]*$"),
                            _connector="OR",
                        ),
                        name="appearance_url_http",
                        violation_error_message="Only http:// or https:// addresses can be stored here.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("url", ""), _negated=True),
                            ("speaker__isnull", False),
                            ("outlet__isnull", False),
                            ("article__isnull", False),
                            ("said_on__isnull", False),
                            _connector="OR",
                        ),
                        name="appearance_says_something",
                        violation_error_message="Say at least who, where, when or at which address.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="appearance_version_bump",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func="NEW.version := OLD.version + 1; RETURN NEW;",
                            hash="977226145107327ad0168182d2f66673ab502111",
                            operation="UPDATE",
                            pgid="pgtrigger_appearance_version_bump_d57e0",
                            table="claims_appearance",
                            when="BEFORE",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_appearanceevent" ("article_id", "claim_id", "created_at", "created_by_id", "first", "id", "listed", "outlet_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "reported_by_id", "said_on", "speaker_id", "url") VALUES (NEW."article_id", NEW."claim_id", NEW."created_at", NEW."created_by_id", NEW."first", NEW."id", NEW."listed", NEW."outlet_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."position", NEW."reported_by_id", NEW."said_on", NEW."speaker_id", NEW."url"); RETURN NULL;',
                            hash="4474d8ab3d6348f08e0af466f722bdab8ee038a7",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_58226",
                            table="claims_appearance",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."article_id" IS DISTINCT FROM (NEW."article_id") OR OLD."claim_id" IS DISTINCT FROM (NEW."claim_id") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."created_by_id" IS DISTINCT FROM (NEW."created_by_id") OR OLD."first" IS DISTINCT FROM (NEW."first") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."listed" IS DISTINCT FROM (NEW."listed") OR OLD."outlet_id" IS DISTINCT FROM (NEW."outlet_id") OR OLD."position" IS DISTINCT FROM (NEW."position") OR OLD."reported_by_id" IS DISTINCT FROM (NEW."reported_by_id") OR OLD."said_on" IS DISTINCT FROM (NEW."said_on") OR OLD."speaker_id" IS DISTINCT FROM (NEW."speaker_id") OR OLD."url" IS DISTINCT FROM (NEW."url"))',
                            func='INSERT INTO "claims_appearanceevent" ("article_id", "claim_id", "created_at", "created_by_id", "first", "id", "listed", "outlet_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "reported_by_id", "said_on", "speaker_id", "url") VALUES (NEW."article_id", NEW."claim_id", NEW."created_at", NEW."created_by_id", NEW."first", NEW."id", NEW."listed", NEW."outlet_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."position", NEW."reported_by_id", NEW."said_on", NEW."speaker_id", NEW."url"); RETURN NULL;',
                            hash="cc19b6b59b90a4f445c6c010d3fae54142f8541a",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_cdcd1",
                            table="claims_appearance",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_appearanceevent" ("article_id", "claim_id", "created_at", "created_by_id", "first", "id", "listed", "outlet_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "reported_by_id", "said_on", "speaker_id", "url") VALUES (OLD."article_id", OLD."claim_id", OLD."created_at", OLD."created_by_id", OLD."first", OLD."id", OLD."listed", OLD."outlet_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."position", OLD."reported_by_id", OLD."said_on", OLD."speaker_id", OLD."url"); RETURN NULL;',
                            hash="9d2ddbec4b41c12c72f41d96ed7ccaf76b284087",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_2b6e2",
                            table="claims_appearance",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="AppearanceEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "said_on",
                    models.DateField(
                        blank=True,
                        help_text="When, if known.",
                        null=True,
                        validators=[factcheck.base.db.not_in_future],
                    ),
                ),
                (
                    "url",
                    models.URLField(
                        blank=True,
                        help_text="Where it can be seen or heard.",
                        max_length=2000,
                        verbose_name="URL",
                    ),
                ),
                (
                    "first",
                    models.BooleanField(
                        default=False,
                        editable=False,
                        help_text="The publisher named it the claim's first appearance (firstAppearance).",
                    ),
                ),
                (
                    "listed",
                    models.BooleanField(
                        default=True,
                        editable=False,
                        help_text="In the publisher's list of appearances (a first appearance may not be).",
                    ),
                ),
                (
                    "position",
                    models.PositiveIntegerField(
                        default=0, editable=False, help_text="Its place in the publisher's list."
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The article it appeared in, when known.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="sources.article",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "outlet",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The outlet it was said to or reported by, when known.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="sources.outlet",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.appearance",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.claim",
                    ),
                ),
                (
                    "reported_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        help_text="The imported review that lists it; empty for the newsroom's own.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.verdict",
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Who said it this time, when known.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.speaker",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Correction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("correction", "Correction"),
                            ("update", "Update"),
                            ("clarification", "Clarification"),
                        ],
                        default="correction",
                        max_length=20,
                    ),
                ),
                ("note", models.TextField(help_text="Shown publicly: what changed and why.")),
                ("published_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "verdict",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="corrections",
                        to="claims.verdict",
                    ),
                ),
                (
                    "new_rating",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="claims.rating",
                    ),
                ),
                (
                    "previous_rating",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="claims.rating",
                    ),
                ),
            ],
            options={
                "ordering": ["-published_at"],
                "indexes": [
                    models.Index(
                        fields=["verdict", "-published_at"], name="correction_verdict_idx"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("kind__in", ["correction", "update", "clarification"])
                        ),
                        name="correction_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("note", ""), _negated=True),
                        name="correction_note_not_empty",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_correctionevent" ("created_at", "created_by_id", "id", "kind", "new_rating_id", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "previous_rating_id", "published_at", "verdict_id") VALUES (NEW."created_at", NEW."created_by_id", NEW."id", NEW."kind", NEW."new_rating_id", NEW."note", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."previous_rating_id", NEW."published_at", NEW."verdict_id"); RETURN NULL;',
                            hash="34c02f49213e82f2e5f0ac07eee321a38e252a2e",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_f2c24",
                            table="claims_correction",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."created_by_id" IS DISTINCT FROM (NEW."created_by_id") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."new_rating_id" IS DISTINCT FROM (NEW."new_rating_id") OR OLD."note" IS DISTINCT FROM (NEW."note") OR OLD."previous_rating_id" IS DISTINCT FROM (NEW."previous_rating_id") OR OLD."published_at" IS DISTINCT FROM (NEW."published_at") OR OLD."verdict_id" IS DISTINCT FROM (NEW."verdict_id"))',
                            func='INSERT INTO "claims_correctionevent" ("created_at", "created_by_id", "id", "kind", "new_rating_id", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "previous_rating_id", "published_at", "verdict_id") VALUES (NEW."created_at", NEW."created_by_id", NEW."id", NEW."kind", NEW."new_rating_id", NEW."note", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."previous_rating_id", NEW."published_at", NEW."verdict_id"); RETURN NULL;',
                            hash="56a093fa1a731d1f042fca22237cd3ea92faa0b8",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_e23e3",
                            table="claims_correction",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CorrectionEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("correction", "Correction"),
                            ("update", "Update"),
                            ("clarification", "Clarification"),
                        ],
                        default="correction",
                        max_length=20,
                    ),
                ),
                ("note", models.TextField(help_text="Shown publicly: what changed and why.")),
                ("published_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.correction",
                    ),
                ),
                (
                    "verdict",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.verdict",
                    ),
                ),
                (
                    "new_rating",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.rating",
                    ),
                ),
                (
                    "previous_rating",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.rating",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ReaderSuggestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text="The claim, as the reader put it.",
                        validators=[django.core.validators.MaxLengthValidator(2000)],
                    ),
                ),
                (
                    "seen_where",
                    models.CharField(
                        blank=True,
                        help_text="Where the reader saw it (a link or a description).",
                        max_length=500,
                    ),
                ),
                (
                    "contact",
                    models.CharField(
                        blank=True,
                        help_text="Optional: how to reach the reader. Staff only.",
                        max_length=254,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "New"),
                            ("accepted", "Turned into a claim"),
                            ("dismissed", "Dismissed"),
                        ],
                        default="new",
                        max_length=20,
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        blank=True,
                        help_text="The claim made from it, once accepted.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="suggestions",
                        to="claims.claim",
                    ),
                ),
                (
                    "handled_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(fields=["status", "created_at"], name="suggestion_queue_idx")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["new", "accepted", "dismissed"])),
                        name="readersuggestion_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "accepted"), _negated=True),
                            ("claim__isnull", False),
                            _connector="OR",
                        ),
                        name="readersuggestion_accepted_has_claim",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_readersuggestionevent" ("claim_id", "created_at", "handled_by_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "seen_where", "status", "text") VALUES (NEW."claim_id", NEW."created_at", NEW."handled_by_id", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."seen_where", NEW."status", NEW."text"); RETURN NULL;',
                            hash="9346ba277a310656993020aa8c890c1df247f306",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_e6185",
                            table="claims_readersuggestion",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."claim_id" IS DISTINCT FROM (NEW."claim_id") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."handled_by_id" IS DISTINCT FROM (NEW."handled_by_id") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."seen_where" IS DISTINCT FROM (NEW."seen_where") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."text" IS DISTINCT FROM (NEW."text"))',
                            func='INSERT INTO "claims_readersuggestionevent" ("claim_id", "created_at", "handled_by_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "seen_where", "status", "text") VALUES (NEW."claim_id", NEW."created_at", NEW."handled_by_id", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."seen_where", NEW."status", NEW."text"); RETURN NULL;',
                            hash="c8e8bb4decf61976f36460cf36e5e1bdc70d98c0",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_2c54a",
                            table="claims_readersuggestion",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_readersuggestionevent" ("claim_id", "created_at", "handled_by_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "seen_where", "status", "text") VALUES (OLD."claim_id", OLD."created_at", OLD."handled_by_id", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."seen_where", OLD."status", OLD."text"); RETURN NULL;',
                            hash="8a48e183638446d2d4625cd6f9439e9494bf8db4",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_046e7",
                            table="claims_readersuggestion",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReaderSuggestionEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text="The claim, as the reader put it.",
                        validators=[django.core.validators.MaxLengthValidator(2000)],
                    ),
                ),
                (
                    "seen_where",
                    models.CharField(
                        blank=True,
                        help_text="Where the reader saw it (a link or a description).",
                        max_length=500,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "New"),
                            ("accepted", "Turned into a claim"),
                            ("dismissed", "Dismissed"),
                        ],
                        default="new",
                        max_length=20,
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The claim made from it, once accepted.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.claim",
                    ),
                ),
                (
                    "handled_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.readersuggestion",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="RepeatSuggestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "score",
                    models.FloatField(
                        help_text="How alike the matcher found them (cosine, 0 to 1)."
                    ),
                ),
                (
                    "found_by",
                    models.CharField(
                        help_text="What proposed it: entry of the claim, or suggest_families.",
                        max_length=40,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "To confirm"),
                            ("linked", "Linked as the same claim"),
                            ("dismissed", "Not the same claim"),
                        ],
                        default="open",
                        max_length=20,
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="repeat_suggestions",
                        to="claims.claim",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "of",
                    models.ForeignKey(
                        help_text="The claim it would repeat: the one checked, else the earlier one.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="claims.claim",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["status", "created_at"], name="repeatsuggestion_status_idx"
                    ),
                    models.Index(fields=["of"], name="repeatsuggestion_of_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["open", "linked", "dismissed"])),
                        name="repeatsuggestion_status_valid",
                    ),
                    models.UniqueConstraint(
                        fields=("claim", "of"), name="repeatsuggestion_unique_pair"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("claim", models.F("of")), _negated=True),
                        name="repeatsuggestion_two_claims",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_repeatsuggestionevent" ("claim_id", "created_at", "decided_at", "decided_by_id", "found_by", "id", "of_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "score", "status") VALUES (NEW."claim_id", NEW."created_at", NEW."decided_at", NEW."decided_by_id", NEW."found_by", NEW."id", NEW."of_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."score", NEW."status"); RETURN NULL;',
                            hash="09a40c2deff7b35ca733b0dbf29dc0b7a86046af",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_ac4a5",
                            table="claims_repeatsuggestion",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."claim_id" IS DISTINCT FROM (NEW."claim_id") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."decided_at" IS DISTINCT FROM (NEW."decided_at") OR OLD."decided_by_id" IS DISTINCT FROM (NEW."decided_by_id") OR OLD."found_by" IS DISTINCT FROM (NEW."found_by") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."of_id" IS DISTINCT FROM (NEW."of_id") OR OLD."score" IS DISTINCT FROM (NEW."score") OR OLD."status" IS DISTINCT FROM (NEW."status"))',
                            func='INSERT INTO "claims_repeatsuggestionevent" ("claim_id", "created_at", "decided_at", "decided_by_id", "found_by", "id", "of_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "score", "status") VALUES (NEW."claim_id", NEW."created_at", NEW."decided_at", NEW."decided_by_id", NEW."found_by", NEW."id", NEW."of_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."score", NEW."status"); RETURN NULL;',
                            hash="2199bc3463c163a356d7facd734190418ad0c7f7",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_d0f94",
                            table="claims_repeatsuggestion",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="RepeatSuggestionEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "score",
                    models.FloatField(
                        help_text="How alike the matcher found them (cosine, 0 to 1)."
                    ),
                ),
                (
                    "found_by",
                    models.CharField(
                        help_text="What proposed it: entry of the claim, or suggest_families.",
                        max_length=40,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "To confirm"),
                            ("linked", "Linked as the same claim"),
                            ("dismissed", "Not the same claim"),
                        ],
                        default="open",
                        max_length=20,
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "claim",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.claim",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "of",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="The claim it would repeat: the one checked, else the earlier one.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.claim",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.repeatsuggestion",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="TopicEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                ("name", models.CharField(help_text="e.g. “Foreign policy”.", max_length=100)),
                (
                    "slug",
                    models.SlugField(
                        db_index=False, help_text="Used in public URLs.", max_length=100
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True, help_text="A sentence for readers of the topic page."
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.topic",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="VerdictEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        db_index=False,
                        help_text="Used in the verdict's public URL.",
                        max_length=200,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("in_review", "In review"),
                            ("published", "Published"),
                            ("retracted", "Retracted"),
                            ("withdrawn", "Taken down"),
                            ("reference", "Archive reference (staff only)"),
                        ],
                        default="draft",
                        editable=False,
                        max_length=20,
                    ),
                ),
                (
                    "headline",
                    models.CharField(
                        help_text="The verdict page's title, e.g. “No, …”.", max_length=300
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        help_text="Two or three plain sentences: what is true, what is not. Required before publishing.",
                    ),
                ),
                (
                    "body",
                    models.TextField(blank=True, help_text="The full fact-check, in Markdown."),
                ),
                (
                    "external_url",
                    models.URLField(
                        blank=True,
                        help_text="For imported verdicts: the publisher's own page.",
                        max_length=2000,
                        verbose_name="external URL",
                    ),
                ),
                (
                    "external_id",
                    models.CharField(
                        blank=True,
                        help_text="For imported verdicts: the publisher's own id for the review (re-imports update it).",
                        max_length=100,
                        verbose_name="external id",
                    ),
                ),
                (
                    "claim_reviewed",
                    models.TextField(
                        blank=True,
                        help_text="For imported verdicts: the claim in the publisher's own words (ClaimReview claimReviewed). Their wording never replaces ours.",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        help_text="For imported verdicts: the review's own language tag (ClaimReview inLanguage, or detected when missing; “und” when it could not be told), e.g. “fr”. Our verdicts are in their claim's language.",
                        max_length=35,
                    ),
                ),
                (
                    "their_review",
                    models.JSONField(
                        blank=True,
                        editable=False,
                        help_text="For imported verdicts: what the publisher's ClaimReview said that has no column here (their rating numbers, dates, author, claimant, appearances), served back as theirs.",
                        null=True,
                    ),
                ),
                (
                    "speaker_contacted_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Right of reply: when we asked the speaker for comment.",
                        null=True,
                    ),
                ),
                (
                    "speaker_response",
                    models.TextField(
                        blank=True,
                        help_text="Right of reply: what the speaker said, or that they did not answer.",
                    ),
                ),
                ("submitted_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("published_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("retracted_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "retraction_note",
                    models.TextField(
                        blank=True,
                        editable=False,
                        help_text="Shown publicly on a retracted verdict.",
                    ),
                ),
                (
                    "withdrawn_at",
                    models.DateTimeField(
                        blank=True, editable=False, help_text="When it was taken down.", null=True
                    ),
                ),
                (
                    "withdrawal_note",
                    models.TextField(
                        blank=True,
                        editable=False,
                        help_text="Shown publicly in place of a verdict taken down: that it was removed and why.",
                    ),
                ),
                (
                    "proposal_kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("correction", "Correction"),
                            ("update", "Update"),
                            ("clarification", "Clarification"),
                        ],
                        editable=False,
                        help_text="The kind of revision proposed (correction, update, clarification).",
                        max_length=20,
                    ),
                ),
                (
                    "proposal_note",
                    models.TextField(
                        blank=True,
                        editable=False,
                        help_text="The public note of the proposed revision.",
                    ),
                ),
                ("proposed_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "review_round",
                    models.PositiveIntegerField(
                        default=0,
                        editable=False,
                        help_text="Rounds of review so far: each submission and each edit during review starts one.",
                    ),
                ),
                (
                    "submission_round",
                    models.PositiveIntegerField(
                        default=0,
                        editable=False,
                        help_text="The round its latest submission for review started.",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The fact-checker who wrote it. Empty for imported verdicts.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.claim",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.verdict",
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        help_text="Who proposed the revision (their approval does not count).",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "publisher",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Leave empty for our own verdicts. Set it for a verdict imported from another fact-checker.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="sources.outlet",
                    ),
                ),
                (
                    "rating",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Required before publishing.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.rating",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="VerdictReview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "decision",
                    models.CharField(
                        choices=[
                            ("approved", "Approved"),
                            ("returned", "Returned to the author"),
                            ("edited", "Edited the text under review"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "comment",
                    models.TextField(
                        blank=True,
                        help_text="Required when returning a verdict. Internal: never public.",
                    ),
                ),
                ("round", models.PositiveIntegerField(default=1)),
                (
                    "content_hash",
                    models.CharField(
                        blank=True,
                        help_text="For approvals: the hash of the exact public document approved. Any change voids it.",
                        max_length=64,
                    ),
                ),
                (
                    "approved_document",
                    models.JSONField(
                        blank=True,
                        help_text="For approvals: what was approved, to show the editor what changed since.",
                        null=True,
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "verdict",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reviews",
                        to="claims.verdict",
                    ),
                ),
            ],
            options={
                "ordering": ["verdict", "created_at"],
                "indexes": [
                    models.Index(fields=["verdict", "round"], name="verdictreview_round_idx")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("decision__in", ["approved", "returned", "edited"])),
                        name="verdictreview_decision_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("decision", "returned"), _negated=True),
                            models.Q(("comment", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="verdictreview_return_has_comment",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_verdictreviewevent" ("approved_document", "comment", "content_hash", "created_at", "decision", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reviewer_id", "round", "verdict_id") VALUES (NEW."approved_document", NEW."comment", NEW."content_hash", NEW."created_at", NEW."decision", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reviewer_id", NEW."round", NEW."verdict_id"); RETURN NULL;',
                            hash="f6911e0accd91fc80b10675ab1fa759b609093d6",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_27c7b",
                            table="claims_verdictreview",
                            when="AFTER",
                        ),
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="VerdictReviewEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "decision",
                    models.CharField(
                        choices=[
                            ("approved", "Approved"),
                            ("returned", "Returned to the author"),
                            ("edited", "Edited the text under review"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "comment",
                    models.TextField(
                        blank=True,
                        help_text="Required when returning a verdict. Internal: never public.",
                    ),
                ),
                ("round", models.PositiveIntegerField(default=1)),
                (
                    "content_hash",
                    models.CharField(
                        blank=True,
                        help_text="For approvals: the hash of the exact public document approved. Any change voids it.",
                        max_length=64,
                    ),
                ),
                (
                    "approved_document",
                    models.JSONField(
                        blank=True,
                        help_text="For approvals: what was approved, to show the editor what changed since.",
                        null=True,
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.verdictreview",
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "verdict",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.verdict",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="VerdictRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "number",
                    models.PositiveIntegerField(
                        help_text="1 for the first publication, then 2, 3, …"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("published", "First published"),
                            ("correction", "Correction"),
                            ("update", "Update"),
                            ("clarification", "Clarification"),
                            ("retraction", "Retraction"),
                            ("takedown", "Taken down"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        help_text="Shown publicly: what changed and why (empty on a first publication).",
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(help_text="When this revision became public."),
                ),
                (
                    "document",
                    models.JSONField(
                        help_text="Everything the public sees of the verdict in this revision, as served."
                    ),
                ),
                (
                    "content_hash",
                    models.CharField(
                        help_text="SHA-256 of the document: what the approving editors approved.",
                        max_length=64,
                    ),
                ),
                (
                    "approved_by",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.IntegerField(),
                        blank=True,
                        default=list,
                        help_text="Ids of the independent editors whose approval of this exact document counted.",
                        size=None,
                    ),
                ),
                (
                    "watermarks",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="The newest audit event of each table when it was published: later events are changes the next revision would carry (and make their authors contributors).",
                    ),
                ),
                (
                    "text_recorded",
                    models.BooleanField(
                        default=True,
                        help_text="False for earlier revisions rebuilt on upgrade whose text was never recorded.",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="The editor who published it (empty for rebuilt or imported revisions).",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "verdict",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="revisions",
                        to="claims.verdict",
                    ),
                ),
            ],
            options={
                "ordering": ["verdict", "-number"],
                "indexes": [
                    models.Index(fields=["verdict", "-number"], name="verdictrevision_latest_idx"),
                    models.Index(fields=["-published_at"], name="verdictrevision_date_idx"),
                    models.Index(
                        condition=models.Q(
                            ("kind__in", ["correction", "update", "clarification"])
                        ),
                        fields=["-published_at", "-id"],
                        name="verdictrevision_correcting_idx",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "published",
                                    "correction",
                                    "update",
                                    "clarification",
                                    "retraction",
                                    "takedown",
                                ],
                            )
                        ),
                        name="verdictrevision_kind_valid",
                    ),
                    models.UniqueConstraint(
                        fields=("verdict", "number"), name="verdictrevision_unique_number"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("kind", "published"),
                            models.Q(("note", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="verdictrevision_later_has_note",
                        violation_error_message="Every revision after the first needs a public note.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="verdictrevision_append_only",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                            hash="ca0be2e0d768e874f6ca8cfc1c9bf046de7cf47e",
                            operation="UPDATE OR DELETE",
                            pgid="pgtrigger_verdictrevision_append_only_bbed0",
                            table="claims_verdictrevision",
                            when="BEFORE",
                        ),
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="VerdictSource",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Order in which readers see the sources."
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True, help_text="What this source shows, in a sentence."
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="verdict_sources",
                        to="sources.source",
                    ),
                ),
                (
                    "verdict",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="verdict_sources",
                        to="claims.verdict",
                    ),
                ),
            ],
            options={
                "ordering": ["verdict", "position", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("verdict", "source"),
                        name="verdictsource_unique",
                        violation_error_message="This source is already listed on the verdict.",
                    )
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_verdictsourceevent" ("created_at", "id", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "source_id", "verdict_id") VALUES (NEW."created_at", NEW."id", NEW."note", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."position", NEW."source_id", NEW."verdict_id"); RETURN NULL;',
                            hash="4189ca06539be256310a3a38b6db8e998c225a6d",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_1c069",
                            table="claims_verdictsource",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."note" IS DISTINCT FROM (NEW."note") OR OLD."position" IS DISTINCT FROM (NEW."position") OR OLD."source_id" IS DISTINCT FROM (NEW."source_id") OR OLD."verdict_id" IS DISTINCT FROM (NEW."verdict_id"))',
                            func='INSERT INTO "claims_verdictsourceevent" ("created_at", "id", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "source_id", "verdict_id") VALUES (NEW."created_at", NEW."id", NEW."note", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."position", NEW."source_id", NEW."verdict_id"); RETURN NULL;',
                            hash="b3b082265edbeb57d2b6c2e7819b1b5e2cc82782",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_1fdc5",
                            table="claims_verdictsource",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_verdictsourceevent" ("created_at", "id", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "source_id", "verdict_id") VALUES (OLD."created_at", OLD."id", OLD."note", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."position", OLD."source_id", OLD."verdict_id"); RETURN NULL;',
                            hash="c3da85da02195c72f5995c8f34e985029d7747a2",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_9124a",
                            table="claims_verdictsource",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="VerdictSourceEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Order in which readers see the sources."
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True, help_text="What this source shows, in a sentence."
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.verdictsource",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="sources.source",
                    ),
                ),
                (
                    "verdict",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.verdict",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="AuditEvent",
            fields=[],
            options={
                "verbose_name": "audit history entry",
                "verbose_name_plural": "audit history",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("pghistory.events",),
        ),
        migrations.CreateModel(
            name="AboutSection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("methodology", "Methodology"),
                            ("corrections", "Corrections policy"),
                            ("funding", "Funding and ownership"),
                            ("team", "Team"),
                            ("contact", "Contact"),
                        ],
                        max_length=20,
                        unique=True,
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="The section's heading on the about page.", max_length=200
                    ),
                ),
                (
                    "body",
                    models.TextField(help_text="In Markdown. Shown publicly on the about page."),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
            ],
            options={
                "ordering": ["kind"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                ["methodology", "corrections", "funding", "team", "contact"],
                            )
                        ),
                        name="aboutsection_kind_valid",
                    )
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="aboutsection_version_bump",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func="NEW.version := OLD.version + 1; RETURN NEW;",
                            hash="5654121433c0e38f18576807d582629e0103cf6a",
                            operation="UPDATE",
                            pgid="pgtrigger_aboutsection_version_bump_44c64",
                            table="claims_aboutsection",
                            when="BEFORE",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_aboutsectionevent" ("body", "created_at", "id", "kind", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "title") VALUES (NEW."body", NEW."created_at", NEW."id", NEW."kind", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."title"); RETURN NULL;',
                            hash="489edc86700ddd931b4653d37d935b66f1e01344",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_a805e",
                            table="claims_aboutsection",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."body" IS DISTINCT FROM (NEW."body") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."title" IS DISTINCT FROM (NEW."title"))',
                            func='INSERT INTO "claims_aboutsectionevent" ("body", "created_at", "id", "kind", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "title") VALUES (NEW."body", NEW."created_at", NEW."id", NEW."kind", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."title"); RETURN NULL;',
                            hash="1a98e76df68482e537b531f4ce5f16f4179ac0df",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_04772",
                            table="claims_aboutsection",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "claims_aboutsectionevent" ("body", "created_at", "id", "kind", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "title") VALUES (OLD."body", OLD."created_at", OLD."id", OLD."kind", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."title"); RETURN NULL;',
                            hash="2ebf3f36c400327701cee5b280533898a375fa92",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_0261b",
                            table="claims_aboutsection",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="AboutSectionEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("methodology", "Methodology"),
                            ("corrections", "Corrections policy"),
                            ("funding", "Funding and ownership"),
                            ("team", "Team"),
                            ("contact", "Contact"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="The section's heading on the about page.", max_length=200
                    ),
                ),
                (
                    "body",
                    models.TextField(help_text="In Markdown. Shown publicly on the about page."),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.aboutsection",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="PublishedClaim",
            fields=[
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "claim",
                    models.OneToOneField(
                        help_text="The newsroom's working copy of this claim.",
                        on_delete=django.db.models.deletion.PROTECT,
                        primary_key=True,
                        related_name="published",
                        serialize=False,
                        to="claims.claim",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(help_text="Its public address.", max_length=200, unique=True),
                ),
                (
                    "document",
                    models.JSONField(
                        help_text="The API's claim document, as published (without its own API URL)."
                    ),
                ),
                (
                    "outlets",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(),
                        default=list,
                        help_text="Outlets it appeared in or was reported by, as published.",
                        size=None,
                    ),
                ),
                (
                    "topics",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), default=list, size=None
                    ),
                ),
                (
                    "ratings",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(),
                        default=list,
                        help_text="Ratings of its public verdicts.",
                        size=None,
                    ),
                ),
                (
                    "publishers",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(),
                        default=list,
                        help_text="Other publishers with a public review of it (ours is not listed).",
                        size=None,
                    ),
                ),
                (
                    "has_ours",
                    models.BooleanField(default=False, help_text="One of the verdicts is ours."),
                ),
                ("language", models.CharField(max_length=35)),
                ("claimed_on", models.DateField(null=True)),
                (
                    "published_at",
                    models.DateTimeField(help_text="When its first verdict was published."),
                ),
                (
                    "last_updated",
                    models.DateTimeField(help_text="When its latest revision was published."),
                ),
                (
                    "search_text",
                    models.TextField(
                        help_text="The claim's published words (weighted first) for the search index."
                    ),
                ),
                (
                    "search_extra",
                    models.TextField(
                        help_text="Quote, speaker, headlines and summaries as published, for the search index."
                    ),
                ),
                (
                    "search",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                "search_text", config="english", weight="A"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "search_extra", config="english", weight="B"
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.article",
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="The speaker it is attributed to, as published.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="claims.speaker",
                    ),
                ),
            ],
            options={
                "ordering": ["-published_at", "-claim_id"],
                "indexes": [
                    models.Index(
                        fields=["-published_at", "-claim_id"],
                        include=("search",),
                        name="publishedclaim_newest_idx",
                    ),
                    models.Index(
                        fields=["speaker", "-published_at"], name="publishedclaim_speaker_idx"
                    ),
                    models.Index(fields=["-last_updated"], name="publishedclaim_updated_idx"),
                    models.Index(
                        fields=["speaker", "-last_updated"], name="publishedclaim_speaker_upd_idx"
                    ),
                    models.Index(
                        fields=["article", "-last_updated"], name="publishedclaim_article_idx"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["topics"], name="publishedclaim_topics_gin"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["outlets"], name="publishedclaim_outlets_gin"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["ratings"], name="publishedclaim_ratings_gin"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["publishers"], name="publishedclaim_publishers_gin"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["search"], name="publishedclaim_search_gin"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PublishedVerdict",
            fields=[
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "verdict",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        primary_key=True,
                        related_name="published",
                        serialize=False,
                        to="claims.verdict",
                    ),
                ),
                ("slug", models.SlugField(max_length=200, unique=True)),
                (
                    "status",
                    models.CharField(
                        help_text="published, or retracted (still public, with its notice).",
                        max_length=20,
                    ),
                ),
                ("ours", models.BooleanField()),
                ("first_published", models.DateTimeField()),
                ("last_updated", models.DateTimeField()),
                (
                    "document",
                    models.JSONField(help_text="The API's verdict document, as published."),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="verdicts",
                        to="claims.publishedclaim",
                    ),
                ),
                (
                    "publisher",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.outlet",
                    ),
                ),
                (
                    "rating",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="claims.rating",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="claims.verdictrevision",
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="claims.speaker",
                    ),
                ),
            ],
            options={
                "ordering": ["-first_published", "-verdict_id"],
                "indexes": [
                    models.Index(
                        fields=["-first_published", "-verdict_id"],
                        name="publishedverdict_newest_idx",
                    ),
                    models.Index(
                        fields=["speaker", "ours", "status", "publisher", "rating"],
                        include=("first_published",),
                        name="publishedverdict_record_idx",
                    ),
                    models.Index(
                        fields=["publisher", "-first_published"], name="publishedverdict_pub_idx"
                    ),
                    models.Index(fields=["rating"], name="publishedverdict_rating_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["published", "retracted"])),
                        name="publishedverdict_status_public",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PublishedRepeat",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When this record was created."
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True, help_text="When this record was last saved."
                    ),
                ),
                (
                    "position",
                    models.PositiveIntegerField(
                        help_text="Its place in the revision's list of appearances."
                    ),
                ),
                ("said_on", models.DateField(null=True)),
                (
                    "after_rating",
                    models.BooleanField(
                        help_text="Said after our verdict was first published (in the newsroom's time zone)."
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="Who said it, as published.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="claims.speaker",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="The public claim our verdict rated.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="claims.publishedclaim",
                    ),
                ),
                (
                    "verdict",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="claims.publishedverdict",
                    ),
                ),
            ],
            options={
                "ordering": ["-said_on", "-verdict_id", "position"],
                "indexes": [
                    models.Index(
                        fields=["speaker", "-said_on"], name="publishedrepeat_speaker_idx"
                    ),
                    models.Index(fields=["claim"], name="publishedrepeat_claim_idx"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ClaimTopic",
            fields=[],
            options={
                "verbose_name": "topic of a claim",
                "verbose_name_plural": "topics of claims",
                "ordering": ["claim_id", "topic_id"],
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("claims.claim_topics",),
        ),
        migrations.CreateModel(
            name="ClaimTopicEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "claim",
                    models.ForeignKey(
                        db_constraint=False,
                        db_tablespace="",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.claim",
                    ),
                ),
                (
                    "pgh_context",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pghistory.context",
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        db_constraint=False,
                        db_tablespace="",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="claims.topic",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="claims.claimtopic",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="verdict",
            name="sources",
            field=models.ManyToManyField(
                blank=True,
                related_name="verdicts",
                through="claims.VerdictSource",
                to="sources.source",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="claimtopic",
            trigger=pgtrigger.compiler.Trigger(
                name="claimtopic_added_bumps_claim",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="UPDATE claims_claim SET updated_at = now() WHERE id IN (SELECT claim_id FROM added); RETURN NULL;",
                    hash="ab747236ccdda90526f96550f3fa044c617adbd9",
                    level="STATEMENT",
                    operation="INSERT",
                    pgid="pgtrigger_claimtopic_added_bumps_claim_db5aa",
                    referencing="REFERENCING NEW TABLE AS added ",
                    table="claims_claim_topics",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="claimtopic",
            trigger=pgtrigger.compiler.Trigger(
                name="claimtopic_removed_bumps_claim",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="UPDATE claims_claim SET updated_at = now() WHERE id IN (SELECT claim_id FROM removed); RETURN NULL;",
                    hash="03fc7049bd112d0bd6fde3ddaed064015b40227d",
                    level="STATEMENT",
                    operation="DELETE",
                    pgid="pgtrigger_claimtopic_removed_bumps_claim_c3d75",
                    referencing="REFERENCING OLD TABLE AS removed ",
                    table="claims_claim_topics",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="claimtopic",
            trigger=pgtrigger.compiler.Trigger(
                name="claimtopic_moved_bumps_claim",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="UPDATE claims_claim SET updated_at = now() WHERE id IN (SELECT claim_id FROM old_links UNION SELECT claim_id FROM new_links); RETURN NULL;",
                    hash="690b8141d3dca7dbeca6ace7852efa30e9a536d1",
                    level="STATEMENT",
                    operation="UPDATE",
                    pgid="pgtrigger_claimtopic_moved_bumps_claim_b2c8e",
                    referencing="REFERENCING OLD TABLE AS old_links  NEW TABLE AS new_links ",
                    table="claims_claim_topics",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="claimtopic",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "claims_claimtopicevent" ("claim_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "topic_id") VALUES (NEW."claim_id", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."topic_id"); RETURN NULL;',
                    hash="3e7d853b49ead88b35d24f2479c2058e6f844f81",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_e3f7f",
                    table="claims_claim_topics",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="claimtopic",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "claims_claimtopicevent" ("claim_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "topic_id") VALUES (NEW."claim_id", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."topic_id"); RETURN NULL;',
                    hash="f4ac23cb3d0dd140e69e6f2579d6cb9a99afa3a7",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_e96f8",
                    table="claims_claim_topics",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="claimtopic",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "claims_claimtopicevent" ("claim_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "topic_id") VALUES (OLD."claim_id", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."topic_id"); RETURN NULL;',
                    hash="0beb42775ffc95526dc0e6bb6d4205d92586f80a",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_28e40",
                    table="claims_claim_topics",
                    when="AFTER",
                ),
            ),
        ),
        migrations.RunPython(_roles.create_roles, _roles.remove_roles),
        migrations.RunPython(_editor_in_chief.create_role, _editor_in_chief.remove_role),
        migrations.RunPython(_roles_pages.grant, _roles_pages.revoke),
        migrations.RunPython(_claim_vectors.install, _claim_vectors.drop),
        migrations.RunPython(_claim_families.grant, _claim_families.revoke),
        migrations.RunSQL(_search_statistics.FINER, _search_statistics.DEFAULT),
        migrations.RunSQL(_public_search_statistics.FINER, _public_search_statistics.DEFAULT),
    ]
