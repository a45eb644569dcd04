"""The shortlisting pages: permissions, refusals with clear messages, plain forms."""

import pytest
from django.urls import reverse

from budgeting.models import Membership, Project
from budgeting.shortlisting import services as svc
from budgeting.shortlisting.models import DraftProject, Panel, PanelMember
from tests.budgeting.shortlisting.shortlist_helpers import arrange_all, make_round, rank_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    return make_round()


def url(r, name, *args):
    return reverse(name, args=[r.process.slug, r.envelope.pk, *args])


def text(response) -> str:
    return response.content.decode()


def test_set_up_page_is_for_process_admins_only(client):
    r = make_round(with_panel=False)
    client.force_login(r.ailsa)
    assert client.get(url(r, "shortlist_set_up")).status_code == 403
    client.force_login(r.admin)
    response = client.get(url(r, "shortlist_set_up"))
    assert response.status_code == 200
    ids = Membership.objects.filter(role="panel_member", partner=r.council).values_list(
        "pk", flat=True)
    response = client.post(url(r, "shortlist_set_up"),
                           {"facilitator": r.facilitator.pk, "members": list(ids)})
    assert response.status_code == 400
    assert "at least two partners" in text(response)
    ids = Membership.objects.filter(role="panel_member").values_list("pk", flat=True)
    response = client.post(url(r, "shortlist_set_up"),
                           {"facilitator": r.facilitator.pk, "members": list(ids)})
    assert response.status_code == 302
    assert Panel.objects.get().members.count() == 3


# The panel's overview is the exception: the process admin watches it (below).
@pytest.mark.parametrize("name", ["shortlist_own", "shortlist_pairs",
                                  "shortlist_explain", "shortlist_rank", "shortlist_arrange",
                                  "shortlist_signoff"])
def test_non_members_are_refused(client, r, name):
    client.force_login(r.admin)
    response = client.get(url(r, name))
    assert response.status_code == 403
    assert "Only members and the facilitator" in text(response)


def test_anonymous_visitors_are_sent_to_sign_in(client, r):
    response = client.get(url(r, "shortlist_panel"))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


@pytest.mark.parametrize("name", ["shortlist_pairs", "shortlist_explain", "shortlist_rank",
                                  "shortlist_arrange", "shortlist_signoff"])
def test_peeking_before_submitting_is_refused(client, r, name):
    client.force_login(r.ailsa)
    response = client.get(url(r, name))
    assert response.status_code == 403
    assert "Submit your own ranking first" in text(response)


def test_own_ranking_form(client, r):
    client.force_login(r.ailsa)
    p = r.proposals
    response = client.get(url(r, "shortlist_own"))
    assert response.status_code == 200 and "Place for “Benches on the river path”" in text(
        response)
    data = {f"place_{x.pk}": "1" for x in p}
    response = client.post(url(r, "shortlist_own"), data)
    assert response.status_code == 400
    assert "There is a problem" in text(response) and "same place as" in text(response)
    data = {f"place_{x.pk}": str(i) for i, x in enumerate(p, start=1)}
    data[f"note_{p[0].pk}"] = "Most asked for"
    response = client.post(url(r, "shortlist_own"), data)
    assert response.status_code == 302
    assert PanelMember.objects.get(user=r.ailsa).submitted_at is not None
    response = client.post(url(r, "shortlist_own"), data, follow=True)
    assert "already submitted" in text(response)
    assert client.get(url(r, "shortlist_rank")).status_code == 200


def test_submissions_partial_for_htmx(client, r):
    client.force_login(r.chloe)
    response = client.get(url(r, "shortlist_panel"), headers={"HX-Request": "true",
                                                              "HX-Target": "submissions"})
    assert response.status_code == 200
    assert "<html" not in text(response) and "Not yet" in text(response)


def test_pair_picks_through_the_form(client, r):
    rank_all(r)
    svc.pairs_suggest(panel=r.panel, user=r.facilitator)
    client.force_login(r.brian)
    response = client.post(url(r, "shortlist_pairs"), {"picks": [], "reason": ""})
    assert response.status_code == 400 and "Choose at least one proposal" in text(response)
    response = client.post(url(r, "shortlist_pairs"),
                           {"picks": [r.proposals[1].pk], "reason": "Children need it."})
    assert response.status_code == 302
    response = client.get(url(r, "shortlist_explain"))
    assert "Children need it." in text(response) and "Play park for the Meadows" in text(
        response)
    # Each pick links to what residents said about it.
    assert f'href="{r.proposals[1].get_absolute_url()}#comments">0 comments</a>' in text(response)


def test_a_three_is_called_a_group_not_a_pair(client, r):
    rank_all(r)
    svc.pairs_suggest(panel=r.panel, user=r.facilitator)  # three members: one group of three
    client.force_login(r.brian)
    page = text(client.get(url(r, "shortlist_pairs")))
    assert "(your group)" in page and "Record your group's picks" in page
    assert "your pair" not in page.lower()
    response = client.post(url(r, "shortlist_pairs"), {"picks": [], "reason": ""})
    assert "Choose at least one proposal as your group&#x27;s pick." in text(response)


def test_rank_page_shows_points_and_agreement(client, r):
    rank_all(r, {r.chloe: [3, 2, 1, 0]})
    client.force_login(r.facilitator)
    body = text(client.get(url(r, "shortlist_rank")))
    assert "Members differ" in body and "Points" in body


def test_arrange_refusals_show_clear_messages(client, r):
    client.force_login(r.facilitator)
    post = {"project-title": "Too dear", "project-summary": "s", "project-cost": "70000",
            "project-panel_reason": "r", "project-proposals": [r.proposals[0].pk]}
    response = client.post(url(r, "shortlist_arrange_project"), post)
    assert response.status_code == 400
    assert "A project cannot cost more than the whole envelope" in text(response)
    assert 'value="Too dear"' in text(response)  # nothing typed is lost
    arrange_all(r)
    response = client.post(url(r, "shortlist_arrange_project"), {**post, "project-cost": "9"})
    assert response.status_code == 400
    assert "is already in the project “Benches on the river path”" in text(response)
    response = client.post(url(r, "shortlist_arrange_carry", r.proposals[1].pk), follow=True)
    assert "already in the project “Meadows play area”" in text(response)
    assert DraftProject.objects.count() == 2


def test_members_cannot_arrange(client, r):
    rank_all(r)
    client.force_login(r.ailsa)
    response = client.post(url(r, "shortlist_arrange_carry", r.proposals[0].pk))
    assert response.status_code == 403
    assert "Only the facilitator" in text(response)


def test_sign_off_approve_twice_and_publish(client, r, mailoutbox,
                                            django_capture_on_commit_callbacks):
    rank_all(r)
    arrange_all(r)
    client.force_login(r.ailsa)
    client.post(url(r, "shortlist_approve"))
    response = client.post(url(r, "shortlist_approve"), follow=True)
    assert "already approved" in text(response)
    client.force_login(r.facilitator)
    response = client.post(url(r, "shortlist_publish"), follow=True)
    assert "Still to approve: Riverside Trust" in text(response)
    client.force_login(r.chloe)
    client.post(url(r, "shortlist_approve"))
    client.force_login(r.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(r, "shortlist_publish"))
    assert response["Location"] == reverse("shortlist_public",
                                           args=[r.process.slug, r.envelope.pk])
    assert Project.objects.count() == 2 and len(mailoutbox) == 4
    response = client.post(url(r, "shortlist_arrange_carry", r.proposals[3].pk), follow=True)
    assert "has been published; it can no longer be changed" in text(response)


def test_public_shortlist_page(client, r):
    assert client.get(reverse("shortlist_public", args=[r.process.slug, r.envelope.pk])
                      ).status_code == 404
    rank_all(r)
    arrange_all(r)
    svc.shortlist_approve(panel=r.panel, user=r.ailsa)
    svc.shortlist_approve(panel=r.panel, user=r.chloe)
    svc.shortlist_publish(panel=r.panel, user=r.facilitator)
    body = text(client.get(reverse("shortlist_public", args=[r.process.slug, r.envelope.pk])))
    for expected in ("Meadows play area", "Two ideas for the same corner.",
                     "Play park for the Meadows", "Swings at the Meadows",
                     "Bike racks at the library", "already getting racks", "£30,000"):
        assert expected in body
    assert "A new bridge" not in body
    process_page = text(client.get(r.process.get_absolute_url()))
    assert "Shortlist for Riverside ward" in process_page


def test_the_process_admin_watches_a_panel_read_only(client, r):
    from django.urls import reverse

    client.force_login(r.admin)
    url = reverse("shortlist_panel", args=[r.process.slug, r.envelope.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "You are watching this panel" in page.content.decode()
    own = reverse("shortlist_own", args=[r.process.slug, r.envelope.pk])
    assert client.get(own).status_code == 403


def test_setting_up_a_panel_is_not_offered_in_the_ideas_phase(client, process, envelope,
                                                              process_admin):
    from django.urls import reverse

    client.force_login(process_admin)
    body = client.get(reverse("process", args=[process.slug])).content.decode()
    assert "Set up the shortlisting panel" not in body


def test_the_own_page_shows_what_residents_said_about_each_proposal(
        client, r, django_assert_max_num_queries):
    from budgeting.comments.models import Comment

    resident = r.proposals[0].author
    for text_ in ("Yes please", "By the bridge", "HIDDEN"):
        Comment.objects.create(proposal=r.proposals[0], author=resident, text=text_,
                               hidden_at=None if text_ != "HIDDEN" else r.process.published_at)
    client.force_login(r.ailsa)
    with django_assert_max_num_queries(15):  # as many for 4 proposals as for 1
        page = text(client.get(url(r, "shortlist_own")))
    link = f'href="{r.proposals[0].get_absolute_url()}#comments">2 comments</a>'
    assert link in page
    assert f'href="{r.proposals[1].get_absolute_url()}#comments">0 comments</a>' in page
