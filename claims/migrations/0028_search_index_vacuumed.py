"""After 0027 rewrote the public index: VACUUM marks its pages all-visible again, so that
a search for a common word reads the newest-first index alone (an index-only scan)
from the first request after an upgrade, not only after autovacuum next comes by.
VACUUM cannot run in a transaction: this migration has none, and changes no schema."""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("claims", "0027_search_in_each_language")]

    operations = [
        migrations.RunSQL("VACUUM (ANALYZE) claims_publishedclaim", migrations.RunSQL.noop),
    ]
