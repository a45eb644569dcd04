"""Resident-facing voting pages. The code pages sit at /vote/code/ because printed QR codes
link there (see voting.code_sheets.CODE_PATH)."""

from django.urls import path

from voting.casting import receipts, views

urlpatterns = [
    path("p/<slug:slug>/vote/", views.start, name="vote_start"),
    path("p/<slug:slug>/vote/declare/", views.declare, name="vote_declare"),
    path("p/<slug:slug>/vote/areas/", views.envelopes, name="vote_envelopes"),
    path("p/<slug:slug>/vote/<id:envelope>/", views.ballot, name="vote_ballot"),
    path("p/<slug:slug>/vote/<id:envelope>/basket/", views.basket, name="vote_basket"),
    path("p/<slug:slug>/vote/<id:envelope>/check/", views.check, name="vote_check"),
    path("vote/code/", views.code_entry, name="vote_code"),
    path("vote/code/ballot/", views.code_ballot, name="vote_code_ballot"),
    path("vote/code/check/", views.code_check, name="vote_code_check"),
    path("vote/done/", views.done, name="vote_done"),
    path("vote/receipt/", receipts.receipt, name="vote_receipt"),
    path("how-voting-works/", receipts.how_voting_works, name="how_voting_works"),
]
