from django.urls import path

from voting import api, api_views

urlpatterns = [
    path(
        "envelopes/<int:envelope_id>/ballots/",
        api.EnvelopeBallots.as_view(),
        name="api-envelope-ballots",
    ),
    # The open data API: read-only, anonymous.
    path("processes/", api_views.ProcessList.as_view(), name="api-process-list"),
    path("processes/<slug:slug>/", api_views.ProcessDetail.as_view(), name="api-process"),
    path("processes/<slug:slug>/envelopes/", api_views.ProcessEnvelopes.as_view(),
         name="api-process-envelopes"),
    path("processes/<slug:slug>/proposals/", api_views.ProcessProposals.as_view(),
         name="api-process-proposals"),
    path("envelopes/<int:envelope_id>/", api_views.EnvelopeDetail.as_view(),
         name="api-envelope"),
    path("envelopes/<int:envelope_id>/projects/", api_views.EnvelopeProjects.as_view(),
         name="api-envelope-projects"),
    path("envelopes/<int:envelope_id>/results/", api_views.EnvelopeResults.as_view(),
         name="api-envelope-results"),
    path("projects/<int:project_id>/", api_views.ProjectDetail.as_view(), name="api-project"),
    path("proposals/<int:proposal_id>/", api_views.ProposalDetail.as_view(),
         name="api-proposal"),
]
