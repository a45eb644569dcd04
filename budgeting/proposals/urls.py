"""Proposals: /p/<slug>/proposals/… (residents) and /p/<slug>/moderation/… (moderators)."""

from django.urls import path

from budgeting.proposals import views

urlpatterns = [
    path("account/proposals/", views.my_proposals, name="my_proposals"),
    path("p/<slug:slug>/proposals/", views.proposal_list, name="proposal_list"),
    path("p/<slug:slug>/proposals/new/", views.proposal_new, name="proposal_new"),
    path("p/<slug:slug>/proposals/<id:pk>/", views.proposal_detail, name="proposal"),
    path("p/<slug:slug>/proposals/<id:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("p/<slug:slug>/proposals/<id:pk>/withdraw/", views.proposal_withdraw,
         name="proposal_withdraw"),
    path("p/<slug:slug>/moderation/", views.moderation_queue, name="moderation_queue"),
    path("p/<slug:slug>/moderation/<id:pk>/", views.moderation_proposal,
         name="moderation_proposal"),
    path("p/<slug:slug>/moderation/<id:pk>/start/", views.moderation_start_review,
         name="moderation_start_review"),
    path("p/<slug:slug>/moderation/<id:pk>/review/", views.moderation_review,
         name="moderation_review"),
    path("p/<slug:slug>/moderation/<id:pk>/hide/", views.moderation_hide,
         name="moderation_hide"),
    path("p/<slug:slug>/moderation/<id:pk>/restore/", views.moderation_restore,
         name="moderation_restore"),
]
