"""A fresh installation's about page: the IFCN commitments, for editors to complete.

In the site's app rather than in ``claims``: it is what an installation ships, like the
quickstart's set-up, and needs only the about page's table as ``claims`` 0008 made it.
Undone, it removes nothing: by then the sections may hold the editors' own text."""

from django.db import migrations


def install(apps, schema_editor):
    from claims.services.about_skeleton import about_skeleton_install

    about_skeleton_install(sections=apps.get_model("claims", "AboutSection"))


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0003_seed_load"),
        ("claims", "0019_indexes_for_the_biggest_pages"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop, elidable=False)]
