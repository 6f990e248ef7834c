from django.urls import include, path

from benchmarks import baselines, drf_models

urlpatterns = [
    path("bench/raw/claims/", baselines.raw_claims, name="bench-raw"),
    path("bench/bare/", baselines.bare, name="bench-bare"),
    path("bench/drf/claims/", drf_models.DrfModelClaims.as_view(), name="bench-drf"),
    path("bench/drf-stored/claims/", baselines.DrfClaims.as_view(), name="bench-drf-stored"),
    path("", include("factcheck.urls")),
]
