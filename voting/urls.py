from django.urls import include, path

urlpatterns = [
    path("", include("voting.urls_ballot")),
    path("", include("voting.urls_staff")),
    path("", include("voting.urls_results")),
    path("api/v1/", include("voting.urls_api")),
]
