from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "factcheck newsroom"
admin.site.site_title = "factcheck"
admin.site.index_title = "Newsroom"
admin.site.site_url = None  # no public site yet: hide "View site"

urlpatterns = [
    path("admin/", include("claims.urls")),
    path("admin/", admin.site.urls),
]
