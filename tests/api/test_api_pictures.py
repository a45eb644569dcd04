"""The open API lists the pictures a proposal's or a project's page shows: address and
description, never who added one, nothing a moderator removed, nothing of a hidden proposal."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from budgeting.pictures import services
from budgeting.pictures.models import Picture
from budgeting.proposals.models import Proposal
from tests.api.open_data_setup import make_open_data
from tests.budgeting.pictures.conftest import picture

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _stored(target, alt: str, **extra) -> Picture:
    """A stored picture of `target`, whatever its round's phase: the API only reads them."""
    prepared = services.prepare(picture())
    name = default_storage.save("pictures/test.jpg", ContentFile(prepared.data))
    kind = "proposal" if isinstance(target, Proposal) else "project"
    return Picture.objects.create(**{kind: target}, image=name, alt=alt, width=prepared.width,
                                  height=prepared.height, **extra)


def test_a_proposals_and_a_projects_pictures_are_listed_as_their_pages_show_them(client):
    data = make_open_data()
    proposal = data.public_proposal
    kept = _stored(proposal, "The bench by the bridge", added_by=proposal.author)
    _stored(proposal, "", removed_at=timezone.now(), removed_reason="A phone number")
    body = client.get(f"/api/v1/proposals/{proposal.pk}/pictures/").json()
    assert [p["alt"] for p in body["results"]] == ["The bench by the bridge"]
    listed = body["results"][0]
    assert set(listed) == {"id", "url", "alt", "width", "height"}
    assert listed["url"] == f"http://testserver{kept.image.url}"
    assert listed["id"] == kept.pk and (listed["width"], listed["height"]) == (40, 30)

    project = data.projects[0]
    _stored(project, "The river path at dusk")
    body = client.get(f"/api/v1/projects/{project.pk}/pictures/").json()
    assert [p["alt"] for p in body["results"]] == ["The river path at dusk"]


def test_a_hidden_proposal_or_a_missing_one_has_no_pictures_to_list(client):
    data = make_open_data()
    _stored(data.hidden_proposal, "Behind the hide")
    assert client.get(f"/api/v1/proposals/{data.hidden_proposal.pk}/pictures/"
                      ).status_code == 404
    assert client.get("/api/v1/projects/999999/pictures/").status_code == 404
