"""Pictures: /p/<slug>/proposals/<id>/pictures/ (the proposer), /p/<slug>/projects/<id>/pictures/
(staff), /p/<slug>/moderation/pictures/<id>/ (moderators remove one)."""

import re

from django.conf import settings
from django.urls import path, re_path

from budgeting.pictures import views

urlpatterns = [
    path("p/<slug:slug>/proposals/<id:pk>/pictures/", views.proposal_pictures,
         name="proposal_pictures"),
    path("p/<slug:slug>/proposals/<id:pk>/pictures/<id:picture>/delete/",
         views.proposal_picture_delete, name="proposal_picture_delete"),
    path("p/<slug:slug>/projects/<id:pk>/pictures/", views.project_pictures,
         name="project_pictures"),
    path("p/<slug:slug>/moderation/pictures/<id:pk>/", views.picture_remove,
         name="picture_remove"),
]

if settings.SERVE_MEDIA and settings.STORAGE_BACKEND == "files" and (
        settings.MEDIA_URL.startswith("/")):
    _prefix = re.escape(settings.MEDIA_URL.strip("/"))
    urlpatterns.append(re_path(rf"^{_prefix}/(?P<path>.+)$", views.media, name="media"))
