from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("gongkai.web.api.urls")),
    path("desk/", include("gongkai.web.desk.urls")),
    path("", include("gongkai.web.oversight.urls")),
]
