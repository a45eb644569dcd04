"""The site's own audit log: what belongs to no one round (the council's look and pages, council
admins, deleted accounts, admin edits of partners and people), for council admins only."""

import csv
import io

import pytest
from django.urls import reverse

from budgeting.audit import audit_record
from budgeting.council.services import look_save
from budgeting.models import Partner

pytestmark = pytest.mark.django_db


def _log(client, **query):
    return client.get(reverse("site_audit_log"), query)


def _rename_council(admin, name: str) -> None:
    look_save(admin=admin, council_name=name)


def test_it_shows_council_wide_changes_and_not_a_rounds(client, council_admin, process,
                                                        process_admin):
    _rename_council(council_admin, "Riverside Council")
    audit_record(actor=process_admin, process=process, action="round.details_changed",
                 target=process, after={"title": "Round only"})
    client.force_login(council_admin)
    body = _log(client).content.decode()
    assert "Changed the council&#x27;s look</h2>" in body
    assert "Riverside Council" in body
    assert "Round only" not in body


def test_it_filters_by_action_and_person(client, council_admin):
    _rename_council(council_admin, "Riverside Council")
    partner = Partner.objects.create(name="Riverside Trust", kind=Partner.Kind.THIRD_SECTOR)
    audit_record(actor=None, process=None, action="partner.changed", target=partner,
                 after={"name": "Riverside Trust"})
    client.force_login(council_admin)
    body = _log(client, action="partner.changed").content.decode()
    assert "Riverside Trust" in body and "look</h2>" not in body
    body = _log(client, actor=council_admin.pk).content.decode()
    assert "look</h2>" in body and "Riverside Trust" not in body


def test_the_csv_is_named_for_the_site(client, council_admin):
    _rename_council(council_admin, "Riverside Council")
    client.force_login(council_admin)
    response = _log(client, download="csv")
    assert 'filename="audit-site-' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert any(row["after"] == "Riverside Council" and row["who"] == council_admin.email
               for row in rows)


def test_it_refuses_a_process_admin_who_is_not_a_council_admin(client, process_admin):
    client.force_login(process_admin)
    assert _log(client).status_code == 403


def test_the_set_up_home_links_to_it(client, council_admin):
    client.force_login(council_admin)
    body = client.get(reverse("setup_home")).content.decode()
    assert reverse("site_audit_log") in body
