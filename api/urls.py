from django.urls import path

from api import ballots, discussion, geojson, views

urlpatterns = [
    path(
        "envelopes/<int:envelope_id>/ballots/",
        ballots.EnvelopeBallots.as_view(),
        name="api-envelope-ballots",
    ),
    # The open data API: read-only, anonymous.
    path("processes/", views.ProcessList.as_view(), name="api-process-list"),
    path("processes/<slug:slug>/", views.ProcessDetail.as_view(), name="api-process"),
    path("processes/<slug:slug>/envelopes/", views.ProcessEnvelopes.as_view(),
         name="api-process-envelopes"),
    path("processes/<slug:slug>/proposals/", views.ProcessProposals.as_view(),
         name="api-process-proposals"),
    path("processes/<slug:slug>/proposals.geojson", geojson.ProcessProposalsGeoJSON.as_view(),
         name="api-process-proposals-geojson"),
    path("envelopes/<int:envelope_id>/", views.EnvelopeDetail.as_view(),
         name="api-envelope"),
    path("envelopes/<int:envelope_id>/projects/", views.EnvelopeProjects.as_view(),
         name="api-envelope-projects"),
    path("envelopes/<int:envelope_id>/results/", views.EnvelopeResults.as_view(),
         name="api-envelope-results"),
    path("projects/<int:project_id>/", views.ProjectDetail.as_view(), name="api-project"),
    path("proposals/<int:proposal_id>/", views.ProposalDetail.as_view(),
         name="api-proposal"),
    path("proposals/<int:proposal_id>/comments/", discussion.ProposalComments.as_view(),
         name="api-proposal-comments"),
    path("projects/<int:project_id>/comments/", discussion.ProjectComments.as_view(),
         name="api-project-comments"),
    path("proposals/<int:proposal_id>/pictures/", discussion.ProposalPictures.as_view(),
         name="api-proposal-pictures"),
    path("projects/<int:project_id>/pictures/", discussion.ProjectPictures.as_view(),
         name="api-project-pictures"),
]
