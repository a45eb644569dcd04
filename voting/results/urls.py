"""Results: /p/<slug>/results/… (public) and /p/<slug>/results/staff/… (process admins)."""

from django.urls import path

from voting.results import views

R = "p/<slug:slug>/results/"

urlpatterns = [
    path(R, views.results, name="results"),
    path(f"{R}<id:envelope>/count-<id:number>.<str:fmt>", views.results_download,
         name="results_download"),
    path(f"{R}staff/", views.results_staff, name="results_staff"),
    path(f"{R}staff/envelopes/<id:envelope_id>/count/", views.results_count,
         name="results_count"),
    path(f"{R}staff/envelopes/<id:envelope_id>/count/status/", views.results_count_status,
         name="results_count_status"),
    path(f"{R}staff/counts/<id:tally_id>/", views.results_preview, name="results_preview"),
    path(f"{R}staff/counts/<id:tally_id>/publish/", views.results_publish,
         name="results_publish"),
]
