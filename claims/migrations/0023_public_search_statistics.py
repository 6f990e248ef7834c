from django.db import migrations

# The public index's search vector gets the finer sample the claims' has (0012): with
# the default, a rare word is estimated at about 0.5% of the index (1,571 of 314k
# claims at a million) and PostgreSQL 18 walks the newest-first index filtering every
# row (230 ms) instead of reading the few matches from the GIN index (a few ms).
# ANALYZE here so that an upgraded database plans so at once, not at the next autovacuum.
FINER = "ALTER TABLE claims_publishedclaim ALTER COLUMN search SET STATISTICS 1000"
DEFAULT = "ALTER TABLE claims_publishedclaim ALTER COLUMN search SET STATISTICS -1"
ANALYZE = "ANALYZE claims_publishedclaim (search)"


class Migration(migrations.Migration):
    dependencies = [("claims", "0022_claim_families")]

    operations = [
        migrations.RunSQL([FINER, ANALYZE], reverse_sql=[DEFAULT, ANALYZE]),
    ]
