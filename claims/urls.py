"""Newsroom pages beside the model admins, mounted under /admin/ by the site's urls."""

from django.contrib import admin
from django.urls import path

from claims.admin import families
from claims.admin.byline import byline_page
from claims.admin.queue import editorial_queue

urlpatterns = [
    path("queue/", admin.site.admin_view(editorial_queue), name="editorial-queue"),
    path("byline/", admin.site.admin_view(byline_page), name="byline"),
    # The claim-family panel's buttons on a claim's page (claims/admin/families.py).
    path("family/link/", admin.site.admin_view(families.link_view), name="family-link"),
    path("family/unlink/", admin.site.admin_view(families.unlink_view), name="family-unlink"),
    path("family/look/", admin.site.admin_view(families.look_view), name="family-look"),
    path(
        "family/suggestions/<int:pk>/dismiss/",
        admin.site.admin_view(families.dismiss_view),
        name="family-dismiss",
    ),
]
