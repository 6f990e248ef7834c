from django.contrib import admin
from django.urls import path

from claims.admin.queue import editorial_queue

admin.site.site_header = "factcheck newsroom"
admin.site.site_title = "factcheck"
admin.site.index_title = "Newsroom"
admin.site.site_url = None  # no public site yet: hide "View site"

urlpatterns = [
    path("admin/queue/", admin.site.admin_view(editorial_queue), name="editorial-queue"),
    path("admin/", admin.site.urls),
]
