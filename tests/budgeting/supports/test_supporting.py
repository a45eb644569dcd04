"""Residents eligible in an envelope support its proposals, within the envelope's limit."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budgeting.models import Phase, Process
from budgeting.proposals.models import Proposal
from budgeting.supports.models import Support
from budgeting.supports.selectors import standing, with_support_counts
from budgeting.supports.services import support_give, support_withdraw
from tests.budgeting.supports.support_setup import declare, take_supports
from tests.conftest import make_proposal, make_user, set_phase


@pytest.fixture
def supporting(envelope, resident, proposal):
    take_supports(envelope, limit=2)
    declare(resident, envelope)
    return envelope


def refusal(**kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        support_give(**kwargs)
    return refused.value


def test_a_declared_resident_supports_a_proposal(supporting, resident, proposal):
    support = support_give(user=resident, proposal=proposal)
    assert support.person and Support.objects.get().proposal == proposal
    counted = with_support_counts(Proposal.objects.all()).get()
    assert counted.support_count == 1


def test_it_refuses_supporting_twice(supporting, resident, proposal):
    support_give(user=resident, proposal=proposal)
    assert refusal(user=resident, proposal=proposal).code == "already"
    assert Support.objects.count() == 1


def test_it_refuses_a_second_account_of_the_same_person(supporting, resident, proposal):
    support_give(user=resident, proposal=proposal)
    twin = make_user("eilidh.again@example.com")
    declare(twin, supporting, name=resident.email)
    assert refusal(user=twin, proposal=proposal).code == "person"
    assert Support.objects.count() == 1


def test_the_limit_is_the_persons_across_their_accounts(supporting, resident, other_resident,
                                                       proposal):
    second = make_proposal(envelope=supporting, author=other_resident, title="A mural")
    third = make_proposal(envelope=supporting, author=other_resident, title="A bike shelter")
    support_give(user=resident, proposal=proposal)
    support_give(user=resident, proposal=second)
    twin = make_user("eilidh.again@example.com")
    declare(twin, supporting, name=resident.email)
    assert refusal(user=twin, proposal=third).code == "limit"
    assert Support.objects.count() == 2


def test_it_refuses_past_the_envelope_limit(supporting, resident, other_resident, proposal):
    second = make_proposal(envelope=supporting, author=other_resident, title="A mural")
    third = make_proposal(envelope=supporting, author=other_resident, title="A bike shelter")
    support_give(user=resident, proposal=proposal)
    support_give(user=resident, proposal=second)
    refused = refusal(user=resident, proposal=third)
    assert refused.code == "limit" and "all 2 of your supports" in refused.messages[0]
    assert standing(user=resident, envelope=supporting).left == 0
    support_withdraw(user=resident, proposal=second)
    support_give(user=resident, proposal=third)
    assert set(Support.objects.values_list("proposal_id", flat=True)) == {proposal.pk, third.pk}


def test_it_refuses_a_resident_who_has_not_said_who_they_are(supporting, other_resident,
                                                              proposal):
    assert refusal(user=other_resident, proposal=proposal).code == "undeclared"


def test_it_refuses_a_resident_outside_the_envelope(supporting, other_resident, proposal):
    declare(other_resident, supporting, postcode="EH1 1AA")
    refused = refusal(user=other_resident, proposal=proposal)
    assert "is for postcodes starting RV1, RV2" in refused.messages[0]
    assert not Support.objects.exists()


def test_it_refuses_a_resident_too_young_for_the_envelope(supporting, other_resident,
                                                           proposal):
    from django.utils import timezone
    born = (timezone.localdate() - timedelta(days=365 * 10)).isoformat()
    declare(other_resident, supporting, born=born)
    assert "aged 12 or over" in refusal(user=other_resident, proposal=proposal).messages[0]
    assert not Support.objects.exists()


def test_it_refuses_an_envelope_that_takes_no_supports(envelope, resident, proposal):
    declare(resident, envelope)
    assert refusal(user=resident, proposal=proposal).code == "no_supports"


@pytest.mark.parametrize("phase", ["upcoming", "review", "shortlisting", "voting", "results"])
def test_it_refuses_outside_the_ideas_phase(supporting, resident, proposal, phase):
    set_phase(supporting.process, phase)
    assert refusal(user=resident, proposal=proposal).code == "phase_closed"


def test_it_refuses_a_hidden_proposal(supporting, resident, proposal):
    from django.utils import timezone
    Proposal.objects.filter(pk=proposal.pk).update(hidden_at=timezone.now())
    assert refusal(user=resident, proposal=proposal).code == "hidden"


@pytest.mark.parametrize("status", ["withdrawn", "not_feasible"])
def test_it_refuses_a_proposal_that_is_not_going_on(supporting, resident, proposal, status):
    Proposal.objects.filter(pk=proposal.pk).update(status=status)
    assert refusal(user=resident, proposal=proposal).code == "not_going_on"


def test_a_supports_phase_closes_proposing_and_opens_supports(supporting, resident, proposal):
    process = supporting.process
    today = process.ideas_start + timedelta(days=5)
    Process.objects.filter(pk=process.pk).update(supports_start=today)
    process.refresh_from_db()
    assert process.phase == Phase.SUPPORTS and process.supports_phase == Phase.SUPPORTS
    support_give(user=resident, proposal=proposal)
    phases = [row["phase"] for row in process.timeline()]
    assert phases[:3] == [Phase.IDEAS, Phase.SUPPORTS, Phase.REVIEW]
    # In its own phase, supports close while ideas are still coming in.
    Process.objects.filter(pk=process.pk).update(supports_start=today + timedelta(days=1))
    process.refresh_from_db()
    assert process.phase == Phase.IDEAS
    with pytest.raises(ValidationError):
        support_withdraw(user=resident, proposal=proposal)


def test_a_supports_phase_must_fall_between_ideas_and_review(process):
    process.supports_start = process.review_start
    with pytest.raises(ValidationError) as refused:
        process.full_clean()
    assert "supports_start" in refused.value.message_dict


def test_withdrawing_a_support_never_given_is_refused(supporting, resident, proposal):
    with pytest.raises(ValidationError) as refused:
        support_withdraw(user=resident, proposal=proposal)
    assert refused.value.code == "not_supported"


def test_the_proposal_page_supports_without_javascript(client, supporting, resident,
                                                       proposal):
    url = proposal.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Sign in to support this idea" in page
    client.force_login(resident)
    page = client.get(url).content.decode()
    assert "Support this idea" in page and "You have 2 supports of 2 left" in page
    answer = client.post(reverse("proposal_support", args=[supporting.process.slug,
                                                           proposal.pk]))
    assert answer.status_code == 302 and answer.url.endswith("#supports")
    page = client.get(url).content.decode()
    assert "Thank you: you support this idea." in page and "Withdraw your support" in page
    client.post(reverse("proposal_support", args=[supporting.process.slug, proposal.pk]))
    page = client.get(url).content.decode()
    assert "You already support this idea." in page
    assert Support.objects.count() == 1


def test_the_htmx_post_swaps_the_box_with_the_refusal(client, supporting, resident,
                                                      other_resident, proposal):
    take_supports(supporting, limit=1)
    other = make_proposal(envelope=supporting, author=other_resident, title="A mural")
    client.force_login(resident)
    url = reverse("proposal_support", args=[supporting.process.slug, other.pk])
    support_give(user=resident, proposal=proposal)
    answer = client.post(url, HTTP_HX_REQUEST="true")
    body = answer.content.decode()
    assert answer.status_code == 200 and 'id="supports-body"' in body
    assert "all 1 of your supports" in body and 'hx-swap-oob="true"' in body


def test_an_undeclared_resident_is_asked_about_themselves_and_sent_back(client, supporting,
                                                                        other_resident,
                                                                        proposal):
    client.force_login(other_resident)
    page = client.get(proposal.get_absolute_url()).content.decode()
    declare_url = reverse("support_declare", args=[supporting.process.slug])
    assert declare_url in page
    bad = client.post(declare_url, {"next": proposal.get_absolute_url(), "full_name": "Tom",
                                    "postcode": "RV1 2AB"})
    assert bad.status_code == 400 and 'value="RV1 2AB"' in bad.content.decode()
    answer = client.post(declare_url, {
        "next": proposal.get_absolute_url(), "full_name": "Tom Brown",
        "date_of_birth": "3 5 1980", "postcode": "RV1 2AB"})
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert answer.url == proposal.get_absolute_url()
    assert "Support this idea" in client.get(answer.url).content.decode()


def test_the_declaration_page_refuses_a_next_off_the_site(client, supporting, other_resident):
    client.force_login(other_resident)
    url = reverse("support_declare", args=[supporting.process.slug])
    page = client.get(url, {"next": "https://evil.example/"}).content.decode()
    assert "evil.example" not in page


def test_the_declaration_page_is_closed_outside_supports(client, supporting, other_resident):
    set_phase(supporting.process, "review")
    client.force_login(other_resident)
    answer = client.get(reverse("support_declare", args=[supporting.process.slug]))
    assert answer.status_code == 302


def test_moderators_and_the_public_list_see_support_counts(client, supporting, resident,
                                                           moderator, proposal):
    support_give(user=resident, proposal=proposal)
    listing = client.get(reverse("proposal_list", args=[supporting.process.slug]))
    assert "Supports" in listing.content.decode()
    assert listing.context["page"].object_list[0].support_count == 1
    client.force_login(moderator)
    queue = client.get(reverse("moderation_queue", args=[supporting.process.slug]))
    assert queue.context["page"].object_list[0].support_count == 1


def test_the_list_and_the_queue_can_put_the_most_supported_first(
        client, supporting, resident, other_resident, moderator, proposal):
    mural = make_proposal(envelope=supporting, author=other_resident, title="A mural")
    quiet = make_proposal(envelope=supporting, author=other_resident, title="A bike shelter")
    support_give(user=resident, proposal=mural)
    declare(other_resident, supporting)
    support_give(user=other_resident, proposal=mural)
    support_give(user=other_resident, proposal=proposal)
    slug = supporting.process.slug
    listing = client.get(reverse("proposal_list", args=[slug]), {"order": "supports"})
    assert [p.title for p in listing.context["page"].object_list] == [
        "A mural", proposal.title, "A bike shelter"]
    assert "Most supported first" in listing.content.decode()
    newest = client.get(reverse("proposal_list", args=[slug]))
    assert newest.context["page"].object_list[0] == quiet
    client.force_login(moderator)
    queue = client.get(reverse("moderation_queue", args=[slug]), {"order": "supports"})
    assert queue.context["page"].object_list[0] == mural


def test_a_round_without_supports_offers_no_such_order(client, envelope, proposal):
    listing = client.get(reverse("proposal_list", args=[envelope.process.slug]),
                         {"order": "supports"})
    assert "Most supported first" not in listing.content.decode()
    assert listing.status_code == 200


def test_a_postcode_no_supporting_budget_is_for_is_refused_on_the_form(client, supporting,
                                                                      other_resident, proposal):
    client.force_login(other_resident)
    url = reverse("support_declare", args=[supporting.process.slug])
    answer = client.post(url, {"next": proposal.get_absolute_url(), "full_name": "Tom Brown",
                               "date_of_birth": "3 5 1980", "postcode": "EH1 1AA"})
    page = answer.content.decode()
    assert answer.status_code == 400 and "is for postcodes starting RV1, RV2" in page
    assert 'value="EH1 1AA"' in page
    # Put right, it goes on to the idea, whose page now offers the support.
    answer = client.post(url, {"next": proposal.get_absolute_url(), "full_name": "Tom Brown",
                               "date_of_birth": "3 5 1980", "postcode": "RV1 1AA"})
    assert answer.status_code == 302


def test_an_ineligible_resident_is_offered_to_change_their_details(client, supporting,
                                                                   other_resident, proposal):
    declare(other_resident, supporting, postcode="EH1 1AA")
    client.force_login(other_resident)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Change what you told us about yourself" in page


def test_with_no_supports_left_the_page_says_so_instead_of_offering_a_button(
        client, supporting, resident, other_resident, proposal):
    take_supports(supporting, limit=1)
    mural = make_proposal(envelope=supporting, author=other_resident, title="A mural")
    support_give(user=resident, proposal=proposal)
    client.force_login(resident)
    page = client.get(mural.get_absolute_url()).content.decode()
    assert "You have given all your supports." in page and "Support this idea<" not in page
