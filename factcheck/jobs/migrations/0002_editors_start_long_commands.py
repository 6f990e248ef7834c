"""Editors (and the editor-in-chief) start the long commands from the admin, and see the
runs: the vector backfill, and imports from a URL (publishing others' reviews is already
theirs). Fact-checkers do not."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["Editor", "Editor-in-chief"]
CODENAMES = ["start_embedding", "start_import", "view_jobrun"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    given = Permission.objects.filter(content_type__app_label="jobs", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*given)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    given = Permission.objects.filter(content_type__app_label="jobs", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*given)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_job_runs"),
        ("claims", "0006_editor_in_chief"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
