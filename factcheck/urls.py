from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from factcheck.api.factchecktools import ClaimsSearch

admin.site.site_header = "factcheck newsroom"
admin.site.site_title = "factcheck"
admin.site.index_title = "Newsroom"
admin.site.site_url = None  # no public site yet: hide "View site"

urlpatterns = [
    path("api/v1/", include("factcheck.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # Google Fact Check Tools API compatible search (claims:search).
    path("v1alpha1/claims:search", ClaimsSearch.as_view(), name="factchecktools-search"),
    path("admin/", include("claims.urls")),
    path("admin/", admin.site.urls),
]
