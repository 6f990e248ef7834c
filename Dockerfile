# The web app, served by gunicorn. Used by docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DEBUG=0

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY factcheck ./factcheck
COPY claims ./claims
COPY sources ./sources
RUN pip install .
COPY manage.py ./
COPY fixtures ./fixtures
# collectstatic needs settings, which need these in production mode; the real
# values come from the environment at run time.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost DATABASE_URL=postgres://unused/unused \
    FACTCHECK_PUBLISHER_NAME=build FACTCHECK_PUBLISHER_URL=https://build.invalid/ \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 factcheck
USER factcheck
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn -c python:factcheck.gunicorn factcheck.wsgi"]
