"""Newsroom pages beside the model admins, mounted under /admin/ by the site's urls."""

from django.contrib import admin
from django.urls import path

from claims.admin.byline import byline_page
from claims.admin.queue import editorial_queue

urlpatterns = [
    path("queue/", admin.site.admin_view(editorial_queue), name="editorial-queue"),
    path("byline/", admin.site.admin_view(byline_page), name="byline"),
]
