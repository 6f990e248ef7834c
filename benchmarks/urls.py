from django.urls import include, path

from benchmarks import baselines

urlpatterns = [
    path("bench/raw/claims/", baselines.raw_claims, name="bench-raw"),
    path("bench/bare/", baselines.bare, name="bench-bare"),
    path("bench/drf/claims/", baselines.DrfClaims.as_view(), name="bench-drf"),
    path("", include("factcheck.urls")),
]
