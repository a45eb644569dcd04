"""Pictures on proposals (their proposer) and on ballot projects (the round's staff); moderators
remove one with a reason shown in its place. Nothing refused leaves a file behind."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from budgeting.accounts.personal_data import account_delete, personal_data
from budgeting.models import AuditEntry, Project
from budgeting.pictures import services
from budgeting.pictures.models import Picture
from budgeting.proposals.models import Proposal
from tests.budgeting.pictures.conftest import picture, stored_files
from tests.conftest import set_phase


def _upload(data=None, name="IMG_2041 Eilidh's garden.jpg", kind="image/jpeg"):
    return SimpleUploadedFile(name, picture() if data is None else data, kind)


def _url(proposal):
    return reverse("proposal_pictures", args=[proposal.process.slug, proposal.pk])


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident)
    return client


@pytest.fixture
def project(envelope):
    return Project.objects.create(envelope=envelope, title="River path benches",
                                  summary="Ten benches.", cost=Decimal("8000"))


def _add(proposal, author, alt="A bench by the bridge"):
    return services.picture_add_to_proposal(proposal=proposal, author=author,
                                            picture=services.prepare(picture()), alt=alt)


def test_a_proposer_adds_a_picture_that_shows_on_the_proposal(signed_in, proposal,
                                                              media_in_tmp):
    response = signed_in.post(_url(proposal), {"image": _upload(picture("JPEG", exif=True)),
                                               "alt": "  The broken bench by the bridge "})
    assert response.status_code == 302
    stored = Picture.objects.get()
    assert stored.proposal == proposal and stored.alt == "The broken bench by the bridge"
    # A random name, never the uploaded one (which can say who took it, and where).
    assert "Eilidh" not in stored.image.name and "IMG" not in stored.image.name
    assert stored.image.name.startswith("pictures/") and stored.image.name.endswith(".jpg")
    files = stored_files(media_in_tmp)
    assert len(files) == 1 and b"Secret camera maker" not in files[0].read_bytes()
    page = signed_in.get(proposal.get_absolute_url()).content.decode()
    assert f'src="{stored.image.url}"' in page
    assert 'alt="The broken bench by the bridge"' in page
    assert "Add or take back pictures" in page


@pytest.mark.skipif(not settings.SERVE_MEDIA, reason="pictures are served by nginx here")
def test_pictures_are_served_while_trying_kist(client, proposal, resident):
    stored = _add(proposal, resident)
    response = client.get(stored.image.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize("data, kind, message", [
    (b"<?php echo 'hello'; ?>", "image/jpeg", "must be a JPEG, PNG or WebP picture"),
    (picture("GIF"), "image/gif", "must be a JPEG, PNG or WebP picture"),
    (picture("PNG", size=(10_000, 10_000)), "image/png", "too many pixels"),
    (b"\xff\xd8" + b"0" * (8 * 1024 * 1024), "image/jpeg", "8 MB or smaller"),
])
def test_it_refuses_a_bad_file_saying_why_and_keeping_what_was_typed(
        signed_in, proposal, media_in_tmp, data, kind, message):
    response = signed_in.post(_url(proposal), {"image": _upload(data, kind=kind),
                                               "alt": "Our street in winter"})
    body = response.content.decode()
    assert response.status_code == 400 and message in body
    assert 'class="error-summary"' in body and 'href="#id_image"' in body
    assert 'value="Our street in winter"' in body
    assert not Picture.objects.exists() and stored_files(media_in_tmp) == []


def test_it_refuses_a_decompression_bomb(signed_in, proposal, media_in_tmp):
    bomb = picture("PNG", size=(12_000, 12_000))
    response = signed_in.post(_url(proposal), {"image": _upload(bomb, kind="image/png"),
                                               "alt": "Huge"})
    assert response.status_code == 400 and "too many pixels" in response.content.decode()
    assert stored_files(media_in_tmp) == []


def test_it_needs_a_description_and_a_file(signed_in, proposal, media_in_tmp):
    body = signed_in.post(_url(proposal), {"image": _upload(), "alt": "   "}).content.decode()
    assert "Describe the picture for people who cannot see it." in body
    assert 'href="#id_alt"' in body and "choose the picture again" in body
    body = signed_in.post(_url(proposal), {"alt": "x" * 251}).content.decode()
    assert "Choose a picture to upload." in body and "250 characters or fewer" in body
    assert not Picture.objects.exists() and stored_files(media_in_tmp) == []


def test_it_refuses_a_fourth_picture_and_keeps_no_file_of_it(signed_in, proposal, resident,
                                                             media_in_tmp):
    for _ in range(3):
        _add(proposal, resident)
    assert len(stored_files(media_in_tmp)) == 3
    with pytest.raises(ValidationError, match="at most 3 pictures"):
        _add(proposal, resident)
    assert len(stored_files(media_in_tmp)) == 3
    page = signed_in.get(_url(proposal)).content.decode()
    assert "already has 3 pictures" in page and 'enctype="multipart/form-data"' not in page
    response = signed_in.post(_url(proposal), {"image": _upload(), "alt": "Fourth"})
    assert response.status_code == 400 and "at most 3 pictures" in response.content.decode()
    assert Picture.objects.count() == 3 and len(stored_files(media_in_tmp)) == 3


def test_a_removed_picture_leaves_room_for_another(proposal, resident, moderator):
    pictures = [_add(proposal, resident) for _ in range(3)]
    services.picture_remove(picture=pictures[0], moderator=moderator, reason="A face")
    _add(proposal, resident)
    assert Picture.objects.filter(removed_at__isnull=True).count() == 3


def test_no_one_adds_pictures_to_someone_elses_proposal(client, proposal, other_resident,
                                                        media_in_tmp):
    client.force_login(other_resident)
    assert client.get(_url(proposal)).status_code == 403
    assert client.post(_url(proposal), {"image": _upload(), "alt": "Mine"}).status_code == 403
    with pytest.raises(PermissionDenied):
        _add(proposal, other_resident)
    assert not Picture.objects.exists() and stored_files(media_in_tmp) == []


def test_a_hidden_proposal_takes_no_pictures(signed_in, proposal, resident, moderator,
                                             media_in_tmp):
    Proposal.objects.filter(pk=proposal.pk).update(hidden_at=timezone.now(),
                                                   hidden_reason="Abuse")
    response = signed_in.post(_url(proposal), {"image": _upload(), "alt": "Sneaky"},
                              follow=True)
    assert "hidden by a moderator" in response.content.decode()
    with pytest.raises(ValidationError, match="hidden by a moderator"):
        _add(proposal, resident)
    assert not Picture.objects.exists() and stored_files(media_in_tmp) == []


def test_pictures_follow_the_proposals_edit_rules(signed_in, proposal, resident, process):
    set_phase(process, "review")
    response = signed_in.get(_url(proposal), follow=True)
    assert "can no longer be changed" in response.content.decode()
    with pytest.raises(ValidationError, match="can no longer be changed"):
        _add(proposal, resident)
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.NEEDS_INFORMATION)
    assert _add(proposal, resident).pk


def test_the_proposer_takes_a_picture_back_and_its_file_goes(
        signed_in, proposal, resident, media_in_tmp, django_capture_on_commit_callbacks):
    stored = _add(proposal, resident)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("proposal_picture_delete",
                                          args=[proposal.process.slug, proposal.pk, stored.pk]))
    assert response.status_code == 302
    assert not Picture.objects.exists() and stored_files(media_in_tmp) == []


def test_a_moderator_removes_a_picture_with_a_public_reason(
        client, proposal, resident, moderator, media_in_tmp, django_capture_on_commit_callbacks):
    stored = _add(proposal, resident)
    client.force_login(moderator)
    url = reverse("picture_remove", args=[proposal.process.slug, stored.pk])
    assert "Remove this picture" in client.get(proposal.get_absolute_url()).content.decode()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Enter a reason." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "It shows a child's face."})
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.is_removed and not stored.image and stored_files(media_in_tmp) == []
    entry = AuditEntry.objects.get(action="picture.removed")
    assert entry.actor == moderator and entry.after["removed_reason"] == "It shows a child's face."
    client.logout()
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "A moderator removed this picture." in page and "a child&#x27;s face" in page
    assert "<img class=\"pictures__image\"" not in page


def test_only_the_rounds_moderators_remove_pictures(client, proposal, resident,
                                                    other_resident, outside_moderator):
    stored = _add(proposal, resident)
    url = reverse("picture_remove", args=[proposal.process.slug, stored.pk])
    for someone in (resident, other_resident, outside_moderator):
        client.force_login(someone)
        assert client.post(url, {"reason": "No"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.picture_remove(picture=stored, moderator=resident, reason="Mine")
    assert not Picture.objects.filter(removed_at__isnull=False).exists()


def test_staff_add_pictures_to_a_ballot_project(client, project, process_admin, resident,
                                                media_in_tmp):
    url = reverse("project_pictures", args=[project.envelope.process.slug, project.pk])
    client.force_login(resident)
    assert client.post(url, {"image": _upload(), "alt": "No"}).status_code == 403
    client.force_login(process_admin)
    assert "Add pictures" in client.get(project.get_absolute_url()).content.decode()
    response = client.post(url, {"image": _upload(picture("WEBP"), "x.webp", "image/webp"),
                                 "alt": "The river path at dusk"})
    assert response.status_code == 302
    stored = Picture.objects.get()
    assert stored.project == project and stored.image.name.endswith(".webp")
    assert AuditEntry.objects.get(action="picture.added").actor == process_admin
    client.logout()
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'alt="The river path at dusk"' in page and "Add pictures" not in page


def test_a_residents_pictures_are_in_their_data_and_go_with_their_account(
        proposal, resident, media_in_tmp, django_capture_on_commit_callbacks):
    _add(proposal, resident, alt="Our garden")
    assert personal_data(resident)["pictures"][0]["description"] == "Our garden"
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=resident)
    assert not Picture.objects.exists() and stored_files(media_in_tmp) == []
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_moderators_see_a_hidden_proposals_pictures_on_their_page_and_remove_them(
        client, proposal, resident, moderator):
    stored = _add(proposal, resident, alt="Something abusive")
    Proposal.objects.filter(pk=proposal.pk).update(hidden_at=timezone.now(),
                                                   hidden_reason="Abuse")
    client.force_login(moderator)
    page = client.get(reverse("moderation_proposal", args=[proposal.process.slug, proposal.pk]))
    assert 'alt="Something abusive"' in page.content.decode()
    response = client.post(reverse("picture_remove", args=[proposal.process.slug, stored.pk]),
                           {"reason": "Abusive."})
    assert response.url == (reverse("moderation_proposal",
                                    args=[proposal.process.slug, proposal.pk]) + "#pictures")
