from django.urls import path

from budgeting import views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/signup/", views.signup, name="signup"),
    path("account/proposals/", views.my_proposals, name="my_proposals"),
    path("p/<slug:slug>/", views.process_detail, name="process"),
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
    path("p/<slug:slug>/audit/", views.audit_log, name="audit_log"),
]

# Shortlisting (issue 5)
from budgeting import shortlisting_views as sv  # noqa: E402

_S = "p/<slug:slug>/shortlisting/<id:envelope_pk>/"
urlpatterns += [
    path(_S + "set-up/", sv.panel_set_up, name="shortlist_set_up"),
    path(_S, sv.panel_overview, name="shortlist_panel"),
    path(_S + "own/", sv.own, name="shortlist_own"),
    path(_S + "pairs/", sv.pairs, name="shortlist_pairs"),
    path(_S + "pairs/suggest/", sv.pairs_suggest, name="shortlist_pairs_suggest"),
    path(_S + "explain/", sv.explain, name="shortlist_explain"),
    path(_S + "rank/", sv.rank, name="shortlist_rank"),
    path(_S + "arrange/", sv.arrange, name="shortlist_arrange"),
    path(_S + "arrange/project/", sv.arrange_project, name="shortlist_arrange_project"),
    path(_S + "arrange/carry/<id:pk>/", sv.arrange_carry, name="shortlist_arrange_carry"),
    path(_S + "arrange/remove/<id:pk>/", sv.arrange_remove, name="shortlist_arrange_remove"),
    path(_S + "arrange/leave-out/", sv.arrange_leave_out, name="shortlist_arrange_leave_out"),
    path(_S + "arrange/put-back/<id:pk>/", sv.arrange_put_back,
         name="shortlist_arrange_put_back"),
    path(_S + "sign-off/", sv.signoff, name="shortlist_signoff"),
    path(_S + "sign-off/approve/", sv.approve, name="shortlist_approve"),
    path(_S + "sign-off/publish/", sv.publish, name="shortlist_publish"),
    path("p/<slug:slug>/shortlist/<id:envelope_pk>/", sv.shortlist_public,
         name="shortlist_public"),
]

# Delivery
from budgeting import delivery_views as dv  # noqa: E402

urlpatterns += [
    path("p/<slug:slug>/projects/<id:pk>/", dv.project_detail, name="project"),
    path("p/<slug:slug>/delivery/", dv.delivery_staff, name="delivery_staff"),
]
