from django.db import migrations

# The timestamp as Django REST framework writes it: local time in the zone given,
# microseconds only when there are any, Z for a zero offset (factcheck.base.jsonsql).
ISO_INSTANT_SQL = """
CREATE OR REPLACE FUNCTION factcheck_iso_instant(ts timestamptz, zone text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT to_char(local, 'YYYY-MM-DD"T"HH24:MI:SS')
    || CASE WHEN extract(microseconds FROM ts)::bigint % 1000000 <> 0
            THEN to_char(local, '.US') ELSE '' END
    || CASE WHEN offset_s = 0 THEN 'Z'
            ELSE CASE WHEN offset_s < 0 THEN '-' ELSE '+' END
                 || lpad((abs(offset_s) / 3600)::text, 2, '0') || ':'
                 || lpad((abs(offset_s) % 3600 / 60)::text, 2, '0')
       END
  FROM (SELECT ts AT TIME ZONE zone AS local,
               extract(epoch FROM (ts AT TIME ZONE zone) - (ts AT TIME ZONE 'UTC'))::int
                 AS offset_s) AS parts
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0001_publication_generation")]

    operations = [
        migrations.RunSQL(
            ISO_INSTANT_SQL,
            reverse_sql="DROP FUNCTION IF EXISTS factcheck_iso_instant(timestamptz, text);",
        )
    ]
