from django.urls import path

from voting.corrections import views

urlpatterns = [
    path("p/<slug:slug>/results/staff/corrections/", views.corrections, name="corrections"),
]
