"""Delivery: a project's public page with its timeline, and the staff delivery page."""

from django.urls import path

from budgeting.delivery import views

urlpatterns = [
    path("p/<slug:slug>/projects/<id:pk>/", views.project_detail, name="project"),
    path("p/<slug:slug>/delivery/", views.delivery_staff, name="delivery_staff"),
]
