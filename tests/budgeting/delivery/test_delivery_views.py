"""The public project page, the update form on it and the staff delivery page: who sees and
may use what, refusals with every message at once and nothing typed lost."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from budgeting.delivery.models import DeliveryUpdate
from budgeting.models import AuditEntry, Envelope, Project
from budgeting.shortlisting import services as shortlisting
from tests.budgeting.delivery.delivery_helpers import make_project
from tests.budgeting.shortlisting.shortlist_helpers import arrange_all, make_round, rank_all
from tests.conftest import make_process, make_proposal

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()



@pytest.fixture
def project(envelope, proposal):
    return make_project(envelope, proposal)


def project_url(project) -> str:
    return reverse("project", args=[project.envelope.process.slug, project.pk])


def staff_url(process) -> str:
    return reverse("delivery_staff", args=[process.slug])


def good_post(**changes) -> dict:
    data = {"status": "in_progress", "on": timezone.localdate().isoformat(),
            "text": "The benches have been ordered.", "reason": ""}
    data.update(changes)
    return data


# The public page


def test_the_project_page_shows_the_project_and_its_timeline(client, project, moderator):
    today = timezone.localdate()
    DeliveryUpdate.objects.create(project=project, status="in_progress", on=today - timedelta(3),
                                  text="Benches ordered.", posted_by=moderator)
    DeliveryUpdate.objects.create(project=project, status="cancelled", on=today,
                                  text="Work has stopped.", reason="The path is being rebuilt.",
                                  posted_by=moderator)
    Project.objects.filter(pk=project.pk).update(delivery_status="cancelled")
    response = client.get(project_url(project))
    assert response.status_code == 200
    page = text(response)
    for expected in ("Benches on the river path", "Ten benches by the river.",
                     "Oak benches with armrests.", "£8,000", "Riverside ward",
                     "Many people asked for somewhere to rest.", "Funded",
                     "Benches ordered.", "Work has stopped.", "The path is being rebuilt.",
                     today.strftime("%Y-%m-%d")):
        assert expected in page, expected
    assert page.index("Work has stopped.") < page.index("Benches ordered.")  # newest first
    assert moderator.first_name not in page and moderator.email not in page
    assert f'href="{project.proposals.get().get_absolute_url()}"' in page


def test_the_project_page_never_lists_a_hidden_proposal(client, envelope, proposal,
                                                        other_resident):
    hidden = make_proposal(envelope=envelope, author=other_resident,
                           title="Something abusive", hidden_at=timezone.now())
    project = make_project(envelope, proposal, hidden)
    page = text(client.get(project_url(project)))
    assert "Benches along the river path" in page
    assert "Something abusive" not in page
    assert hidden.get_absolute_url() not in page


def test_an_unfunded_project_says_so_and_shows_no_timeline(client, envelope, proposal):
    project = make_project(envelope, proposal, funded=False)
    page = text(client.get(project_url(project)))
    assert "Not decided yet" in page and "Progress" not in page


def test_a_project_of_another_process_is_not_found(client, project):
    other = make_process(slug="hillside")
    assert client.get(reverse("project", args=[other.slug, project.pk])).status_code == 404
    assert client.get(reverse("project", args=["riverside", 99999])).status_code == 404


def test_the_proposal_page_links_to_the_project_it_became(client, project, proposal):
    page = text(client.get(proposal.get_absolute_url()))
    assert f'href="{project_url(project)}"' in page


# Who sees the form


@pytest.mark.parametrize("who", [None, "resident", "panel_member", "outside_moderator"])
def test_only_the_process_staff_see_the_form(client, project, who, request):
    if who:
        client.force_login(request.getfixturevalue(who))
    page = text(client.get(project_url(project)))
    assert "Post an update" not in page and 'name="text"' not in page


@pytest.mark.parametrize("who", ["moderator", "process_admin"])
def test_moderators_and_admins_see_the_form(client, project, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(project_url(project))
    assert "Post an update" in text(response)
    form = response.context["form"]
    assert form["status"].value() == "not_started"
    assert form["on"].value() == timezone.localdate()


def test_staff_see_no_form_on_an_unfunded_project(client, envelope, proposal, moderator):
    client.force_login(moderator)
    page = text(client.get(project_url(make_project(envelope, proposal, funded=False))))
    assert 'name="text"' not in page and "once the project is funded" in page


@pytest.mark.parametrize("who", [None, "resident", "panel_member", "outside_moderator"])
def test_a_forged_post_is_refused(client, project, who, request):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.post(project_url(project), good_post())
    assert response.status_code == 403
    assert not DeliveryUpdate.objects.exists()
    project.refresh_from_db()
    assert project.delivery_status == "not_started"


# Posting


@pytest.mark.parametrize("who", ["moderator", "process_admin"])
def test_staff_post_an_update(client, project, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(project_url(project), good_post())
    assert response.status_code == 302 and response["Location"] == project_url(project)
    update = DeliveryUpdate.objects.get()
    assert (update.status, update.text, update.posted_by) == (
        "in_progress", "The benches have been ordered.", user)
    assert AuditEntry.objects.filter(action="delivery.updated", actor=user).exists()
    page = text(client.get(project_url(project)))
    assert "Your update has been posted." in page and "The benches have been ordered." in page


def test_the_date_may_be_typed_day_first(client, project, moderator):
    client.force_login(moderator)
    day = timezone.localdate() - timedelta(days=2)
    client.post(project_url(project), good_post(on=f"{day.day}/{day.month}/{day.year}"))
    assert DeliveryUpdate.objects.get().on == day


def test_bad_input_is_shown_with_every_message_and_nothing_lost(client, project, moderator):
    client.force_login(moderator)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(project_url(project), good_post(
        status="cancelled", on=tomorrow, text="Work has stopped.", reason=""))
    assert response.status_code == 400
    page = text(response)
    assert "<title>Error: " in page and "There is a problem" in page
    for message in ("The date cannot be in the future.", "Enter why the project was cancelled."):
        assert page.count(message) == 2, message  # in the summary and at the field
    assert 'href="#id_on"' in page and 'href="#id_reason"' in page
    assert 'aria-invalid="true"' in page
    assert "Work has stopped." in page and f'value="{tomorrow}"' in page
    assert 'value="cancelled" required id="id_status_3" checked' in page
    assert page.index('href="#id_reason"') < page.index('href="#id_on"')  # the page's order
    assert response.context["form"]["status"].value() == "cancelled"
    assert not DeliveryUpdate.objects.exists()


def test_an_empty_post_says_what_is_missing(client, project, moderator):
    client.force_login(moderator)
    response = client.post(project_url(project), {})
    assert response.status_code == 400
    page = text(response)
    for message in ("Choose where the project has got to.", "Enter the date.",
                    "Enter the update."):
        assert message in page


def test_a_date_that_is_not_a_date_is_refused(client, project, moderator):
    client.force_login(moderator)
    response = client.post(project_url(project), good_post(on="31/2/2027"))
    assert response.status_code == 400
    assert "Enter a real date" in text(response)
    assert 'value="31/2/2027"' in text(response)


def test_a_refusal_from_the_service_lands_at_its_field(client, project, moderator):
    client.force_login(moderator)
    client.post(project_url(project), good_post())
    earlier = (timezone.localdate() - timedelta(days=5)).isoformat()
    response = client.post(project_url(project), good_post(on=earlier, text="Late news."))
    assert response.status_code == 400
    assert "cannot be before the latest update" in text(response)
    assert response.context["form"].errors["on"]
    assert "Late news." in text(response)


def test_posting_on_an_unfunded_project_is_refused_clearly(client, envelope, proposal,
                                                           moderator):
    client.force_login(moderator)
    project = make_project(envelope, proposal, funded=False)
    response = client.post(project_url(project), good_post())
    assert response.status_code == 400
    assert "has not been funded" in text(response)
    assert not DeliveryUpdate.objects.exists()


# The staff page


def test_the_staff_page_is_for_the_process_moderators_and_admins(
    client, project, resident, panel_member, outside_moderator, moderator, process_admin
):
    url = staff_url(project.envelope.process)
    response = client.get(url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    for refused in (resident, panel_member, outside_moderator):
        client.force_login(refused)
        assert client.get(url).status_code == 403
    for allowed in (moderator, process_admin):
        client.force_login(allowed)
        assert client.get(url).status_code == 200


def test_the_staff_page_lists_funded_projects_with_the_summary(
    client, process, envelope, proposal, moderator
):
    make_project(envelope, proposal, title="Benches", delivery_status="delivered")
    make_project(envelope, title="Fridge", cost=Decimal("4500"), delivery_status="in_progress")
    make_project(envelope, title="Planters", cost=Decimal("5400"))
    make_project(envelope, title="Floodlights", funded=False)
    quiet = Envelope.objects.create(process=process, name="Youth pot", amount=Decimal("500"))
    make_project(quiet, title="Not chosen", funded=False)
    client.force_login(moderator)
    page = text(client.get(staff_url(process)))
    assert "1 of 3 funded projects delivered, 1 in progress, 1 not started." in page
    assert "£8,000 of the £17,900 awarded" in page
    for title in ("Benches", "Fridge", "Planters"):
        assert title in page
    assert "Floodlights" not in page and "Youth pot" not in page
    assert page.count("Post an update") == 3


def test_the_staff_page_says_when_nothing_is_funded(client, process, moderator):
    client.force_login(moderator)
    assert "No projects have been funded yet" in text(client.get(staff_url(process)))


def test_the_process_page_links_staff_to_delivery(client, process, moderator, resident):
    client.force_login(resident)
    assert staff_url(process) not in text(client.get(process.get_absolute_url()))
    client.force_login(moderator)
    assert staff_url(process) in text(client.get(process.get_absolute_url()))


def test_the_public_shortlist_links_each_project_to_its_page(client):
    r = make_round()
    rank_all(r)
    arrange_all(r)
    shortlisting.shortlist_approve(panel=r.panel, user=r.ailsa)
    shortlisting.shortlist_approve(panel=r.panel, user=r.chloe)
    shortlisting.shortlist_publish(panel=r.panel, user=r.facilitator)
    page = text(client.get(reverse("shortlist_public", args=[r.process.slug, r.envelope.pk])))
    for project in Project.objects.filter(envelope=r.envelope):
        assert f'href="{project_url(project)}"' in page
