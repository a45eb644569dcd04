from django.urls import path

from voting import api

urlpatterns = [
    path(
        "envelopes/<int:envelope_id>/ballots/",
        api.EnvelopeBallots.as_view(),
        name="api-envelope-ballots",
    ),
]
