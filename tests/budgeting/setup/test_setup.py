"""A council admin starts a round as a draft; its process admins fill it in from Kist's own
pages; a draft is seen only by its staff; "check and publish" says what is missing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from budgeting.models import AuditEntry, Membership, Partner, Process
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def the_council(db):
    return Partner.objects.create(name="Riverside Council", kind=Partner.Kind.COUNCIL)


def _dates(start_in: int = 10) -> dict:
    start = timezone.localdate() + timedelta(days=start_in)
    return {"ideas_start": start, "review_start": start + timedelta(days=20),
            "shortlisting_start": start + timedelta(days=40),
            "voting_start": start + timedelta(days=60), "voting_end": start + timedelta(days=80)}


def _start(client, council, **extra):
    data = {"title": "Riverside Choices 2028", "area": "Riverside ward", "description": "",
            "currency": "GBP", "partner": council.pk,
            **{k: v.isoformat() for k, v in _dates().items()}, **extra}
    return client.post(reverse("setup_start"), data)


def test_a_council_admin_starts_a_draft_and_is_its_process_admin(client, council_admin,
                                                                  the_council):
    client.force_login(council_admin)
    response = _start(client, the_council)
    assert response.status_code == 302
    process = Process.objects.get()
    assert process.is_draft and process.slug == "riverside-choices-2028"
    assert Membership.objects.filter(user=council_admin, process=process,
                                     role="process_admin").exists()
    assert AuditEntry.objects.filter(action="round.started").exists()


def test_dates_out_of_order_are_explained_and_what_was_typed_stays(client, council_admin,
                                                                   the_council):
    client.force_login(council_admin)
    dates = _dates()
    response = _start(client, the_council, voting_end=(dates["ideas_start"]
                                                       - timedelta(days=1)).isoformat())
    body = response.content.decode()
    assert response.status_code == 400 and "must run in order" in body
    assert 'value="Riverside Choices 2028"' in body
    assert not Process.objects.exists()


def test_only_council_admins_start_rounds(client, resident, the_council):
    client.force_login(resident)
    assert client.get(reverse("setup_start")).status_code == 403


def test_a_draft_is_not_found_by_the_public_or_other_staff(client, council_admin, the_council,
                                                           resident):
    client.force_login(council_admin)
    _start(client, the_council)
    process = Process.objects.get()
    assert client.get(process.get_absolute_url()).status_code == 200
    client.force_login(resident)
    assert client.get(process.get_absolute_url()).status_code == 404
    assert client.get(reverse("proposal_list", args=[process.slug])).status_code == 404
    assert process.title not in client.get(reverse("home")).content.decode()
    assert client.get(f"/api/v1/processes/{process.slug}/").status_code == 404


def test_check_and_publish_lists_what_is_missing_then_publishes(client, council_admin,
                                                                the_council):
    client.force_login(council_admin)
    _start(client, the_council)
    process = Process.objects.get()
    page = client.get(reverse("setup", args=[process.slug])).content.decode()
    assert "Add at least one budget" in page and "Publish the round" not in page
    refused = client.post(reverse("setup_publish", args=[process.slug]), follow=True)
    assert "Add at least one budget" in refused.content.decode()
    assert Process.objects.get().is_draft

    bad = client.post(reverse("setup_envelope_new", args=[process.slug]), {
        "name": "Riverside ward", "amount": "fifty", "postcode_prefixes": "RV1",
        "minimum_age": "12"})
    assert bad.status_code == 400 and "Enter the amount in pounds" in bad.content.decode()
    client.post(reverse("setup_envelope_new", args=[process.slug]), {
        "name": "Riverside ward", "amount": "£50,000", "postcode_prefixes": "RV1, RV2",
        "minimum_age": "12", "spending": "capital", "fund_source": "Common Good Fund"})
    client.post(reverse("setup_envelope_new", args=[process.slug]), {
        "name": "Youth budget", "amount": "10,000", "postcode_prefixes": "RV1, RV2",
        "minimum_age": "12", "maximum_age": "25", "spending": "revenue",
        "financial_year": "2027/28"})
    assert process.envelopes.count() == 2
    assert client.post(reverse("setup_publish", args=[process.slug])).status_code == 302
    process.refresh_from_db()
    assert not process.is_draft
    assert AuditEntry.objects.filter(action="round.published").exists()


def test_a_budget_records_what_the_annual_return_needs(client, council_admin, the_council):
    client.force_login(council_admin)
    _start(client, the_council)
    process = Process.objects.get()
    url = reverse("setup_envelope_new", args=[process.slug])
    fields = {"name": "Riverside ward", "amount": "50,000", "postcode_prefixes": "RV1",
              "minimum_age": "12"}
    unsaid = client.post(url, fields)
    assert unsaid.status_code == 400
    assert "Choose whether the budget is capital or revenue." in unsaid.content.decode()
    backwards = client.post(url, fields | {"spending": "capital", "financial_year": "2027/29"})
    assert "A financial year runs into the next year" in backwards.content.decode()
    assert 'value="Riverside ward"' in backwards.content.decode()
    client.post(url, fields | {"spending": "both", "fund_source": "Common Good Fund"})
    envelope = process.envelopes.get()
    assert envelope.spending == "both" and envelope.fund_source == "Common Good Fund"
    # No year given: the year voting closes in, April to March.
    from budgeting.models import financial_year_of
    assert envelope.reported_year() == financial_year_of(process.voting_end)
    assert AuditEntry.objects.get(action="envelope.added").after["spending"] == "both"


def test_financial_years_run_from_april():
    from datetime import date

    from budgeting.models import financial_year_of
    assert financial_year_of(date(2028, 3, 31)) == "2027/28"
    assert financial_year_of(date(2028, 4, 1)) == "2028/29"
    assert financial_year_of(date(2099, 6, 1)) == "2099/00"


def test_partners_are_chosen_or_added(client, council_admin, the_council):
    client.force_login(council_admin)
    _start(client, the_council)
    process = Process.objects.get()
    trust = Partner.objects.create(name="Riverside Trust", kind=Partner.Kind.THIRD_SECTOR)
    client.post(reverse("setup_partners", args=[process.slug]), {
        "partners": [the_council.pk, trust.pk], "new_partner": "North Bank Youth Forum"})
    assert sorted(p.name for p in process.partners.all()) == [
        "North Bank Youth Forum", "Riverside Council", "Riverside Trust"]


def test_granting_the_council_admin_role_is_a_command(db):
    user = make_user("officer@council.example")
    out = StringIO()
    call_command("grant_council_admin", "OFFICER@council.example", stdout=out)
    assert "is now a council admin" in out.getvalue()
    from django.contrib.auth.models import User

    assert User.objects.get(pk=user.pk).has_perm("budgeting.add_process")
    assert AuditEntry.objects.filter(action="account.council_admin_granted").exists()


def test_a_drafts_budgets_are_not_in_the_api_and_it_takes_no_ideas_or_votes(
        client, council_admin, the_council):
    from decimal import Decimal

    from budgeting.models import Envelope

    client.force_login(council_admin)
    _start(client, the_council, ideas_start=(timezone.localdate() - timedelta(days=1)).isoformat())
    process = Process.objects.get()
    envelope = Envelope.objects.create(process=process, name="Riverside", amount=Decimal("100"))
    assert process.phase == "upcoming"  # whatever its dates say
    client.logout()
    assert client.get(f"/api/v1/envelopes/{envelope.pk}/").status_code == 404
    process.published_at = timezone.now()
    process.save()
    assert Process.objects.get().phase == "ideas"
    assert client.get(f"/api/v1/envelopes/{envelope.pk}/").status_code == 200


def test_a_round_opens_comments_in_every_discussion_phase_unless_its_admin_closes_some(
        client, council_admin, the_council):
    client.force_login(council_admin)
    page = client.get(reverse("setup_start")).content.decode()
    assert page.count('name="comment_phases"') == 5 and page.count("checked") >= 5
    _start(client, the_council, comment_phases=["ideas", "review", "shortlisting", "voting"])
    process = Process.objects.get()
    assert process.comment_phases == ["ideas", "review", "shortlisting", "voting"]
    data = {"title": process.title, "area": process.area, "description": "", "currency": "GBP",
            **{k: getattr(process, k).isoformat() for k in _dates()},
            "comment_phases": ["ideas", "review"]}
    assert client.post(reverse("setup_details", args=[process.slug]), data).status_code == 302
    process.refresh_from_db()
    assert process.comment_phases == ["ideas", "review"]
    entry = AuditEntry.objects.filter(action="round.details_changed").get()
    assert entry.before["comment_phases"] == ["ideas", "review", "shortlisting", "voting"]
    assert entry.after["comment_phases"] == ["ideas", "review"]
