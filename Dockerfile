# The web app, served by gunicorn. Used by docker-compose.yml.
FROM python:3.11-slim-bookworm

# The major version of docker-compose.yml's database (image postgres:N): backup and
# restore run the pg_dump, pg_restore and psql of that major (factcheck/management/
# pgtools.py), from PostgreSQL's own apt repository (Debian bookworm has only 15).
# tests/test_docker_image.py holds the two equal.
ARG PG_MAJOR=17

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DEBUG=0 \
    FACTCHECK_BACKUP_DIR=/var/lib/factcheck/backups

SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# The client packages follow their repository's point releases: only the major is pinned.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && install -d /usr/share/postgresql-common/pgdg \
    && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
        https://www.postgresql.org/media/keys/ACCC4CF8.asc \
    && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc]" \
        "https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}" \
    && apt-get purge -y --auto-remove curl \
    && rm -rf /var/lib/apt/lists/* \
    && "/usr/lib/postgresql/${PG_MAJOR}/bin/pg_dump" --version

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY factcheck ./factcheck
COPY claims ./claims
COPY sources ./sources
RUN pip install --no-cache-dir .
COPY manage.py ./
COPY fixtures ./fixtures
# The interface's translations, compiled (docs/languages.md).
# Static files are collected here, once: /app stays root's, so the app cannot change its
# code or its static files, and quickstart checks them instead of collecting again.
# collectstatic needs settings, which need these in production mode; the real values
# come from the environment at run time.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost DATABASE_URL=postgres://unused/unused \
    FACTCHECK_PUBLISHER_NAME=build FACTCHECK_PUBLISHER_URL=https://build.invalid/ \
    python manage.py collectstatic --noinput

# The one folder the app writes: backups, on a volume (docker-compose.yml) that takes
# this folder's owner when it is first created.
RUN useradd --system --uid 10001 --home-dir /var/lib/factcheck factcheck \
    && install -d -o factcheck -g factcheck -m 0750 /var/lib/factcheck "${FACTCHECK_BACKUP_DIR}"
VOLUME ["/var/lib/factcheck/backups"]
USER 10001
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn -c python:factcheck.gunicorn factcheck.wsgi"]
