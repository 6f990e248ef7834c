from claims.admin import claims, ratings, speakers, verdicts  # noqa: F401  (registers the admins)
