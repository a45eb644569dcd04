"""Comments: posted on a proposal's or a project's page; moderated at /p/<slug>/moderation/."""

from django.urls import path

from budgeting.comments import views

urlpatterns = [
    path("p/<slug:slug>/proposals/<id:pk>/comments/", views.comment_post,
         {"kind": "proposal"}, name="proposal_comment"),
    path("p/<slug:slug>/projects/<id:pk>/comments/", views.comment_post,
         {"kind": "project"}, name="project_comment"),
    path("p/<slug:slug>/comments/<id:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("p/<slug:slug>/comments/<id:pk>/report/", views.comment_flag, name="comment_flag"),
    path("p/<slug:slug>/moderation/comments/", views.moderation_comments,
         name="moderation_comments"),
    path("p/<slug:slug>/moderation/comments/<id:pk>/", views.moderation_comment,
         name="moderation_comment"),
]
