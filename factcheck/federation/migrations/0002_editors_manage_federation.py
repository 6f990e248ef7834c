"""Editors (and the editor-in-chief) configure peers and feed subscriptions: what is
imported as other publishers' reviews is an editor's decision, as importing is."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["Editor", "Editor-in-chief"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    manage = Permission.objects.get(
        content_type__app_label="federation", codename="manage_federation"
    )
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(manage)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="federation", codename="manage_federation"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("federation", "0001_peers_and_feed_subscriptions"),
        ("claims", "0006_editor_in_chief"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
