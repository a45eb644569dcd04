from django.urls import path

from budgeting.team import views

urlpatterns = [
    path("p/<slug:slug>/team/", views.team, name="team"),
    path("p/<slug:slug>/team/<id:membership_id>/remove/", views.team_remove, name="team_remove"),
    path("p/<slug:slug>/team/invitations/<id:invitation_id>/withdraw/",
         views.invitation_withdraw, name="invitation_withdraw"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
