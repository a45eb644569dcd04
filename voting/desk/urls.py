from django.urls import path

from voting.desk import views

urlpatterns = [
    path("p/<slug:slug>/voting/staff/envelopes/<id:envelope_id>/desk/", views.desk,
         name="voting_desk"),
]
