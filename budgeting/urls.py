from django.urls import path

from budgeting import views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/signup/", views.signup, name="signup"),
    path("account/proposals/", views.my_proposals, name="my_proposals"),
    path("p/<slug:slug>/", views.process_detail, name="process"),
    path("p/<slug:slug>/proposals/", views.proposal_list, name="proposal_list"),
    path("p/<slug:slug>/proposals/new/", views.proposal_new, name="proposal_new"),
    path("p/<slug:slug>/proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("p/<slug:slug>/proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("p/<slug:slug>/proposals/<int:pk>/withdraw/", views.proposal_withdraw,
         name="proposal_withdraw"),
    path("p/<slug:slug>/moderation/", views.moderation_queue, name="moderation_queue"),
    path("p/<slug:slug>/moderation/<int:pk>/", views.moderation_proposal,
         name="moderation_proposal"),
    path("p/<slug:slug>/moderation/<int:pk>/start/", views.moderation_start_review,
         name="moderation_start_review"),
    path("p/<slug:slug>/moderation/<int:pk>/review/", views.moderation_review,
         name="moderation_review"),
    path("p/<slug:slug>/moderation/<int:pk>/hide/", views.moderation_hide,
         name="moderation_hide"),
    path("p/<slug:slug>/moderation/<int:pk>/restore/", views.moderation_restore,
         name="moderation_restore"),
    path("p/<slug:slug>/audit/", views.audit_log, name="audit_log"),
]
