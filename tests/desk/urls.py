"""The desk mounted as the project mounts it (/desk/), with only what its pages link to (auth and
the oversight pages named in base.html), so these tests do not depend on the API module.
test_project_mounts_the_desk checks the real project URLconf."""
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("desk/", include("gongkai.web.desk.urls")),
    path("", include("gongkai.web.oversight.urls")),
]
