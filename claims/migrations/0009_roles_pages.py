"""Editors maintain the about page and turn readers' suggestions into claims (or dismiss
them); fact-checkers see the suggestions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = [
    "claims.add_aboutsection",
    "claims.change_aboutsection",
    "claims.view_aboutsection",
    "claims.change_readersuggestion",
    "claims.view_readersuggestion",
]
FACT_CHECKERS = ["claims.view_readersuggestion", "claims.view_aboutsection"]
GRANTS = {"Fact-checker": FACT_CHECKERS, "Editor": EDITORS, "Editor-in-chief": EDITORS}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GRANTS.items():
        group = Group.objects.get(name=name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GRANTS.items():
        group = Group.objects.get(name=name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_about_and_suggestions")]

    operations = [migrations.RunPython(grant, revoke)]
