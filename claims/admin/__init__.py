from claims.admin import (  # noqa: F401  (registers the admins)
    articles,
    claims,
    families,
    outlets,
    pages,
    ratings,
    sources,
    speakers,
    verdicts,
)
