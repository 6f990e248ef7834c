from django.db import migrations

# A finer sample of the search vector's words: with the default, a rare word is
# estimated at thousands of matches and a search for it plans a parallel scan whose
# workers cost more to start than the few matches cost to read.
FINER = "ALTER TABLE claims_claim ALTER COLUMN search SET STATISTICS 1000"
DEFAULT = "ALTER TABLE claims_claim ALTER COLUMN search SET STATISTICS -1"


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_queue_index")]

    operations = [migrations.RunSQL(FINER, reverse_sql=DEFAULT)]
