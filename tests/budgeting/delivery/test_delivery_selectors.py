"""The delivery summary of an envelope and the staff list of funded projects."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from budgeting.delivery import selectors as sel
from budgeting.delivery.models import DeliveryUpdate
from budgeting.models import Envelope, Project

pytestmark = pytest.mark.django_db


def make(envelope, title, cost, *, status="not_started", funded=True) -> Project:
    return Project.objects.create(
        envelope=envelope, title=title, summary=title, cost=Decimal(cost),
        funded_at=timezone.now() if funded else None, delivery_status=status,
    )


@pytest.fixture
def projects(envelope, other_envelope):
    return [
        make(envelope, "Benches", "8000", status="delivered"),
        make(envelope, "Fridge", "4500.50", status="delivered"),
        make(envelope, "Repair café", "2500", status="in_progress"),
        make(envelope, "Planters", "5400"),
        make(envelope, "Signage", "6000", status="cancelled"),
        make(envelope, "Floodlights", "32000", funded=False),
        make(other_envelope, "Skate ramps", "28000", status="delivered"),
    ]


def test_the_summary_counts_funded_projects_by_stage(envelope, projects):
    summary = sel.delivery_summary(envelope=envelope)
    assert summary["funded"] == 5
    assert summary["counts"] == {"not_started": 1, "in_progress": 1, "delivered": 2,
                                 "cancelled": 1}
    assert (summary["delivered"], summary["in_progress"], summary["not_started"],
            summary["cancelled"]) == (2, 1, 1, 1)
    assert summary["funded_money"] == Decimal("26400.50")
    assert summary["delivered_money"] == Decimal("12500.50")
    assert [(r["status"], r["label"], r["count"], r["money"]) for r in summary["rows"]] == [
        ("not_started", "Not started", 1, Decimal("5400")),
        ("in_progress", "In progress", 1, Decimal("2500")),
        ("delivered", "Delivered", 2, Decimal("12500.50")),
        ("cancelled", "Cancelled", 1, Decimal("6000")),
    ]


def test_the_summary_of_an_envelope_with_nothing_funded_is_all_zero(process):
    empty = Envelope.objects.create(process=process, name="Youth pot", amount=Decimal("5000"))
    make(empty, "Not chosen", "1000", funded=False)
    summary = sel.delivery_summary(envelope=empty)
    assert summary["funded"] == 0 and summary["funded_money"] == Decimal("0")
    assert [r["count"] for r in summary["rows"]] == [0, 0, 0, 0]


def test_the_list_has_funded_projects_only_with_their_latest_update(
    process, envelope, projects, moderator
):
    benches = projects[0]
    today = timezone.localdate()
    DeliveryUpdate.objects.create(project=benches, status="in_progress", text="Ordered.",
                                  on=today - timedelta(days=9), posted_by=moderator)
    latest = DeliveryUpdate.objects.create(project=benches, status="delivered", text="Done.",
                                           on=today, posted_by=moderator)
    listed = sel.delivery_list(process=process)
    assert [p.title for p in listed] == ["Skate ramps", "Benches", "Fridge", "Planters",
                                         "Repair café", "Signage"]
    assert listed[1].latest_update == latest
    assert all(p.latest_update is None for p in listed if p != benches)
