from django.urls import path

from budgeting.reporting import views as reporting
from budgeting.setup import views, words

S = "p/<slug:slug>/setup/"

urlpatterns = [
    path("setup/", views.setup_home, name="setup_home"),
    path("setup/new/", views.setup_start, name="setup_start"),
    path("setup/return/", reporting.annual_return, name="annual_return"),
    path(S, views.setup, name="setup"),
    path(f"{S}details/", views.setup_details, name="setup_details"),
    path(f"{S}partners/", views.setup_partners, name="setup_partners"),
    path(f"{S}envelopes/new/", views.setup_envelope, name="setup_envelope_new"),
    path(f"{S}envelopes/<id:envelope_id>/", views.setup_envelope, name="setup_envelope"),
    path(f"{S}publish/", views.setup_publish, name="setup_publish"),
    path(f"{S}words/<str:language>/", words.setup_words, name="setup_words"),
]
