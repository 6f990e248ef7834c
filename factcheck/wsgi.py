import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

application = get_wsgi_application()

# Each process says at start when REDIS_URL does not answer (a logged error, not a stop:
# readers are served without the cache). gunicorn runs no system checks of its own.
from factcheck.base.shared_cache import cache_answers  # noqa: E402  (after setup)

cache_answers()
