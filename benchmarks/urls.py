from django.urls import path

from benchmarks import baselines, drf_models
from factcheck import urls as site

# The site's own patterns appended rather than include()d: its public pages are in
# i18n_patterns, which Django allows only in the root URLconf.
handler404 = site.handler404
handler500 = site.handler500

urlpatterns = [
    path("bench/raw/claims/", baselines.raw_claims, name="bench-raw"),
    path("bench/bare/", baselines.bare, name="bench-bare"),
    path("bench/drf/claims/", drf_models.DrfModelClaims.as_view(), name="bench-drf"),
    path("bench/drf-stored/claims/", baselines.DrfClaims.as_view(), name="bench-drf-stored"),
    *site.urlpatterns,
]
