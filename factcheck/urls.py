from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from factcheck.api.factchecktools import ClaimsSearch, Discovery
from factcheck.base.availability import healthz
from factcheck.base.signin import StaffPasswordResetView
from factcheck.i18n.admin_page import language_page
from factcheck.web import sitemaps

admin.site.site_header = "factcheck newsroom"
admin.site.site_title = "factcheck"
admin.site.index_title = gettext_lazy("Newsroom")
admin.site.site_url = "/"
# The password-reset pages are the admin's, outside its site: the same header.
NEWSROOM = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}

handler403 = "factcheck.base.error_pages.handler403"
handler404 = "factcheck.base.error_pages.handler404"
handler500 = "factcheck.base.error_pages.handler500"

urlpatterns = [
    # For load balancers and compose: 200 when the database answers, 503 when not.
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("factcheck.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP.
    # Our copy of its template gives the page a language (factcheck/templates/api/).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    # Google Fact Check Tools API compatible search (claims:search).
    path("v1alpha1/claims:search", ClaimsSearch.as_view(), name="factchecktools-search"),
    # Its discovery document, where Google serves its own, for Google's client libraries
    # (a regex: the OpenAPI schema keeps an escaped "$" in a path, and drops a bare one).
    re_path(r"^\$discovery/rest$", Discovery.as_view(), name="factchecktools-discovery"),
    path(
        "sitemap.xml",
        sitemaps.index,
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.section,
        name="sitemap-section",
    ),
    # The public pages (and the alerts' pages: follow, confirm, unsubscribe; docs/alerts.md)
    # in every language: English at the root, the others under /ar/, /es/, /fr/ (below).
    *i18n_patterns(
        path("", include("factcheck.alerts.urls")),
        path("", include("factcheck.web.urls")),
        prefix_default_language=False,
    ),
    # Password reset by email, for staff (the sign-in page links to it).
    path(
        "admin/password_reset/",
        StaffPasswordResetView.as_view(extra_context=NEWSROOM),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=NEWSROOM),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=NEWSROOM),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=NEWSROOM),
        name="password_reset_complete",
    ),
    # Each staff member's own language in the admin (factcheck.i18n).
    path("admin/language/", admin.site.admin_view(language_page), name="your-language"),
    path("admin/", include("claims.urls")),
    path("admin/", admin.site.urls),
]
