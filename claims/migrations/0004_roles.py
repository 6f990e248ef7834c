"""The newsroom's two roles, with exactly the permissions each needs.

Fact-checkers research: they create and edit claims, speakers, articles and
sources, write verdict drafts and submit them. Editors do all that and also
review, publish, return, retract and correct verdicts, and manage rating
scales and outlets. The lists are frozen here on purpose: a later change of
roles is a new migration, reviewed like any other.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FACT_CHECKER = [
    "sources.view_outlet",
    "sources.add_article",
    "sources.change_article",
    "sources.view_article",
    "sources.add_source",
    "sources.change_source",
    "sources.view_source",
    "claims.add_speaker",
    "claims.change_speaker",
    "claims.view_speaker",
    "claims.add_topic",
    "claims.change_topic",
    "claims.view_topic",
    "claims.add_claim",
    "claims.change_claim",
    "claims.view_claim",
    "claims.add_verdict",
    "claims.change_verdict",
    "claims.view_verdict",
    "claims.add_verdictsource",
    "claims.change_verdictsource",
    "claims.delete_verdictsource",
    "claims.view_verdictsource",
    "claims.view_verdictreview",
    "claims.view_correction",
    "claims.view_rating",
    "claims.view_ratingscale",
    "claims.view_auditevent",
]

EDITOR = FACT_CHECKER + [
    "sources.add_outlet",
    "sources.change_outlet",
    "sources.delete_outlet",
    "sources.delete_article",
    "sources.delete_source",
    "claims.delete_speaker",
    "claims.delete_topic",
    "claims.delete_claim",
    "claims.delete_verdict",
    "claims.review_verdict",
    "claims.retract_verdict",
    "claims.add_ratingscale",
    "claims.change_ratingscale",
    "claims.delete_ratingscale",
    "claims.add_rating",
    "claims.change_rating",
    "claims.delete_rating",
]

ROLES = {"Fact-checker": FACT_CHECKER, "Editor": EDITOR}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("pghistory", "0007_auto_20250421_0444"),
        ("sources", "0001_initial"),
        ("claims", "0003_auditevent"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
