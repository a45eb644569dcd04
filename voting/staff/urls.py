"""Staff pages for voting: /p/<slug>/voting/staff/…"""

from django.urls import path

from voting.staff import batch_checks, views

STAFF = "p/<slug:slug>/voting/staff/"

urlpatterns = [
    path(STAFF, views.overview, name="voting_staff"),
    path(f"{STAFF}envelopes/<id:envelope_id>/rules/", views.rules_edit,
         name="voting_staff_rules"),
    path(f"{STAFF}envelopes/<id:envelope_id>/codes/", views.codes_issue,
         name="voting_staff_codes"),
    path(f"{STAFF}envelopes/<id:envelope_id>/paper/", views.paper_batches,
         name="voting_staff_paper"),
    path(f"{STAFF}paper/<id:batch_id>/", views.paper_batch, name="voting_staff_batch"),
    path(f"{STAFF}paper/<id:batch_id>/enter/", views.paper_ballot_enter,
         name="voting_staff_batch_enter"),
    path(f"{STAFF}paper/<id:batch_id>/spoil/", views.paper_ballot_spoil,
         name="voting_staff_batch_spoil"),
    path(f"{STAFF}paper/<id:batch_id>/close/", batch_checks.paper_batch_close,
         name="voting_staff_batch_close"),
    path(f"{STAFF}paper/<id:batch_id>/redeclare/", views.paper_batch_redeclare,
         name="voting_staff_batch_redeclare"),
    path(f"{STAFF}paper/<id:batch_id>/void/", batch_checks.paper_ballot_void,
         name="voting_staff_batch_void"),
    path(f"{STAFF}paper/<id:batch_id>/confirm/", batch_checks.paper_batch_confirm,
         name="voting_staff_batch_confirm"),
    path(f"{STAFF}paper/<id:batch_id>/return/", batch_checks.paper_batch_return,
         name="voting_staff_batch_return"),
    path(f"{STAFF}paper/<id:batch_id>/approve/", batch_checks.paper_batch_approve,
         name="voting_staff_batch_approve"),
]
