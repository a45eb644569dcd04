from django.urls import include, path

urlpatterns = [
    path("", include("voting.casting.urls")),
    path("", include("voting.staff.urls")),
    path("", include("voting.desk.urls")),
    path("", include("voting.results.urls")),
    path("", include("voting.corrections.urls")),
    path("", include("voting.monitoring.urls")),
]
