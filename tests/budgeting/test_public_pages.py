from django.urls import reverse

from budgeting.proposals import services
from tests.conftest import make_proposal


def test_the_process_page_shows_timeline_envelopes_and_how_it_works(client, envelope):
    body = client.get(envelope.process.get_absolute_url()).content.decode()
    assert "Timeline" in body and 'aria-current="step"' in body
    assert "Riverside ward" in body and "£60,000" in body
    assert "How it works" in body
    assert "Propose an idea" in body


def test_the_list_filters_by_envelope_category_status_and_text(
    client, envelope, other_envelope, resident, moderator
):
    benches = make_proposal(envelope=envelope, author=resident)
    make_proposal(envelope=other_envelope, author=resident, title="Skate ramps",
                  category="young_people", summary="Two ramps", description="For skaters")
    services.review_record(proposal=benches, reviewer=moderator, decision="feasible",
                           public_reason="ok")
    url = reverse("proposal_list", kwargs={"slug": envelope.process.slug})

    def titles(**params):
        body = client.get(url, params).content.decode()
        return {t for t in ("Benches along", "Skate ramps") if t in body}

    assert titles() == {"Benches along", "Skate ramps"}
    assert titles(envelope=other_envelope.pk) == {"Skate ramps"}
    assert titles(category="green_spaces") == {"Benches along"}
    assert titles(status="feasible") == {"Benches along"}
    assert titles(q="skaters") == {"Skate ramps"}
    assert titles(q="benches river") == {"Benches along"}
    assert titles(envelope="999999", status="nonsense") == {"Benches along", "Skate ramps"}


def test_a_proposal_of_another_process_is_not_shown_through_this_one(client, proposal):
    from tests.conftest import make_process

    make_process(slug="hillside")
    url = reverse("proposal", kwargs={"slug": "hillside", "pk": proposal.pk})
    assert client.get(url).status_code == 404


def test_unknown_pages_are_404_not_500(client, db):
    assert client.get("/p/no-such-process/").status_code == 404
    assert client.get("/p/no-such-process/proposals/1/").status_code == 404
