from claims.admin import (  # noqa: F401  (registers the admins)
    articles,
    claims,
    pages,
    ratings,
    sources,
    speakers,
    verdicts,
)
