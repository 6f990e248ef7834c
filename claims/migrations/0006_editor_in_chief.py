"""A third role: the editor-in-chief, who alone may take a published verdict down.

Taking a verdict out of public view (a court order, a risk to someone's
safety) is the one way published content stops being public; it is kept for
the person who answers for the publication.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_IN_CHIEF_EXTRA = ["claims.takedown_verdict"]


def create_role(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.get(name="Editor")
    chief, _ = Group.objects.get_or_create(name="Editor-in-chief")
    extra = [
        Permission.objects.get(content_type__app_label=perm.split(".")[0], codename=perm.split(".")[1])
        for perm in EDITOR_IN_CHIEF_EXTRA
    ]
    chief.permissions.set([*editor.permissions.all(), *extra])


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editor-in-chief").delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_public_record")]

    operations = [migrations.RunPython(create_role, remove_role)]
