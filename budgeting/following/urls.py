"""Following: a proposal's follow button, a round's reminders, the unsubscribe link."""

from django.urls import path

from budgeting.following import views

urlpatterns = [
    path("p/<slug:slug>/proposals/<id:pk>/follow/", views.proposal_follow,
         name="proposal_follow"),
    path("p/<slug:slug>/reminders/", views.process_reminders, name="process_reminders"),
    path("emails/stop/<str:token>/", views.unsubscribe_page, name="unsubscribe"),
    path("account/emails/", views.my_emails, name="my_emails"),
]
