"""Shortlisting: the panel's pages (OPERA, then sign-off) and the public shortlist."""

from django.urls import path

from budgeting.shortlisting import views

PANEL = "p/<slug:slug>/shortlisting/<id:envelope_pk>/"

urlpatterns = [
    path(PANEL + "set-up/", views.panel_set_up, name="shortlist_set_up"),
    path(PANEL, views.panel_overview, name="shortlist_panel"),
    path(PANEL + "own/", views.own, name="shortlist_own"),
    path(PANEL + "pairs/", views.pairs, name="shortlist_pairs"),
    path(PANEL + "pairs/suggest/", views.pairs_suggest, name="shortlist_pairs_suggest"),
    path(PANEL + "explain/", views.explain, name="shortlist_explain"),
    path(PANEL + "rank/", views.rank, name="shortlist_rank"),
    path(PANEL + "arrange/", views.arrange, name="shortlist_arrange"),
    path(PANEL + "arrange/project/", views.arrange_project, name="shortlist_arrange_project"),
    path(PANEL + "arrange/carry/<id:pk>/", views.arrange_carry, name="shortlist_arrange_carry"),
    path(PANEL + "arrange/remove/<id:pk>/", views.arrange_remove,
         name="shortlist_arrange_remove"),
    path(PANEL + "arrange/leave-out/", views.arrange_leave_out,
         name="shortlist_arrange_leave_out"),
    path(PANEL + "arrange/put-back/<id:pk>/", views.arrange_put_back,
         name="shortlist_arrange_put_back"),
    path(PANEL + "sign-off/", views.signoff, name="shortlist_signoff"),
    path(PANEL + "sign-off/approve/", views.approve, name="shortlist_approve"),
    path(PANEL + "sign-off/publish/", views.publish, name="shortlist_publish"),
    path("p/<slug:slug>/shortlist/<id:envelope_pk>/", views.shortlist_public,
         name="shortlist_public"),
]
