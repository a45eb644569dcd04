"""Delivery in a real browser: a moderator finds a funded project from the staff delivery page,
posts an update (first with mistakes, then correctly, the reason appearing only for
"Cancelled"), and the public project page shows the timeline. Every page passes axe."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from budgeting.delivery.models import DeliveryUpdate
from budgeting.models import Project
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import set_phase

pytestmark = pytest.mark.browser


@pytest.fixture
def funded(process, envelope, proposal):
    set_phase(process, "results")
    project = Project.objects.create(
        envelope=envelope, title="Benches on the river path", summary="Ten benches.",
        description="Oak benches with armrests every 200 metres.", cost=Decimal("8000"),
        panel_reason="Many people asked for somewhere to rest.", funded_at=timezone.now(),
    )
    project.proposals.set([proposal])
    Project.objects.create(envelope=envelope, title="Community fridge", summary="A fridge.",
                           cost=Decimal("4500"), funded_at=timezone.now(),
                           delivery_status="delivered")
    return project


def test_moderator_posts_an_update_and_the_public_sees_the_timeline(
    live_server, new_page, funded, moderator
):
    project = funded
    process = project.envelope.process
    base = live_server.url
    staff = new_page()
    sign_in(staff, base, moderator.email)

    # The staff delivery page: the summary and the funded projects.
    staff.goto(f"{base}/p/{process.slug}/")
    staff.get_by_role("link", name="Delivery (staff)").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Delivery of funded projects")
    expect(staff.locator(".delivery-summary")).to_contain_text(
        "1 of 2 funded projects delivered, 1 not started.")
    expect(staff.get_by_role("row", name=re.compile("Benches on the river path"))).to_contain_text(
        "Not started")
    assert_accessible(staff)
    staff.get_by_role("link", name="Post an update on Benches on the river path").click()
    expect(staff).to_have_url(re.compile(rf"/projects/{project.pk}/#update$"))
    expect(staff.get_by_role("heading", level=1)).to_have_text(project.title)
    assert_accessible(staff)

    # The reason is only asked for once "Cancelled" is chosen.
    reason = staff.get_by_label("Why it was cancelled")
    expect(reason).to_be_hidden()
    staff.get_by_role("radio", name="Cancelled").check()
    expect(reason).to_be_visible()

    # Mistakes: a date in the future, no reason, no text. Every message, nothing lost.
    tomorrow = timezone.localdate() + timedelta(days=1)
    staff.get_by_label("Date", exact=True).fill(tomorrow.isoformat())
    staff.get_by_role("button", name="Post update").click()
    expect(staff).to_have_title(re.compile(r"^Error: "))
    summary = staff.locator(".error-summary")
    for message in ("Enter why the project was cancelled.", "The date cannot be in the future.",
                    "Enter the update."):
        expect(summary.get_by_role("link", name=message)).to_be_visible()
        expect(staff.locator(".form-group--error .error-message", has_text=message)).to_be_visible()
    expect(staff.get_by_role("radio", name="Cancelled")).to_be_checked()
    expect(staff.get_by_label("Date", exact=True)).to_have_value(tomorrow.isoformat())
    expect(staff.get_by_label("Update", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(staff)
    summary.get_by_role("link", name="Enter the update.").click()
    expect(staff).to_have_url(re.compile(r"#id_text$"))
    assert not DeliveryUpdate.objects.exists()

    # Put it right: in progress after all, dated two days ago.
    staff.get_by_role("radio", name="In progress").check()
    expect(staff.get_by_label("Why it was cancelled")).to_be_hidden()
    day = timezone.localdate() - timedelta(days=2)
    staff.get_by_label("Date", exact=True).fill(day.isoformat())
    news = "The benches have been ordered from a local joiner."
    staff.get_by_label("Update", exact=True).fill(news)
    staff.get_by_role("button", name="Post update").click()
    expect(staff.get_by_role("status")).to_contain_text("Your update has been posted.")
    expect(staff.locator(".status-panel")).to_contain_text("In progress")
    assert_accessible(staff)
    update = DeliveryUpdate.objects.get()
    assert (update.status, update.on, update.posted_by) == ("in_progress", day, moderator)

    # The public, signed out, see the project, where it came from and the timeline.
    public = new_page()
    public.goto(f"{base}/p/{process.slug}/proposals/{project.proposals.get().pk}/")
    public.get_by_role("link", name=project.title).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(project.title)
    expect(public.locator(".status-panel")).to_contain_text("Funded")
    timeline = public.locator(".delivery-timeline")
    expect(timeline.get_by_role("listitem")).to_have_count(1)
    expect(timeline).to_contain_text(day.strftime("%-d %B %Y"))
    expect(timeline).to_contain_text("In progress")
    expect(timeline).to_contain_text(news)
    expect(public.get_by_role("link", name="Benches along the river path")).to_be_visible()
    expect(public.get_by_role("button", name="Post update")).to_have_count(0)
    expect(public.get_by_text(moderator.email)).to_have_count(0)
    assert_accessible(public)
