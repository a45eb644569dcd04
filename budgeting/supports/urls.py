"""Supports: /p/<slug>/proposals/<id>/support/ and the declaration that makes a supporter."""

from django.urls import path

from budgeting.supports import views

urlpatterns = [
    path("p/<slug:slug>/proposals/<id:pk>/support/", views.proposal_support,
         name="proposal_support"),
    path("p/<slug:slug>/supports/about-you/", views.support_declare, name="support_declare"),
]
