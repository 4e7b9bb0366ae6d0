"""The desk alone, mounted as the project mounts it (/desk/), so these tests do not depend on the
other apps' URL modules being importable at the moment. test_project_mounts_the_desk checks the
real project URLconf."""
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("desk/", include("gongkai.web.desk.urls")),
]
