from claims.admin import (  # noqa: F401  (registers the admins)
    articles,
    claims,
    ratings,
    sources,
    speakers,
    verdicts,
)
