"""A round's own words in Gaelic: entered on one page beside the English, read with English
as the fallback, audited, frozen with the ballot, and never in the record the count reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from budgeting.council.models import SitePage
from budgeting.languages.words import attach, said, words_save
from budgeting.models import AuditEntry, Project
from tests.voting.casting.page_helpers import make_ballot
from voting.freezing import Frozen

pytestmark = pytest.mark.django_db


def _words_url(process):
    return reverse("setup_words", args=[process.slug, "gd"])


def test_a_reader_sees_gaelic_where_it_was_written_and_english_elsewhere(process,
                                                                         process_admin):
    words_save(actor=process_admin, process=process, obj=process, language="gd",
               words={"title": "Roghainnean Coimhearsnachd"})
    with translation.override("gd"):
        assert said(process, "title") == "Roghainnean Coimhearsnachd"
        assert said(process, "area") == process.area  # none written: English
    assert said(process, "title") == process.title


def test_a_page_of_projects_reads_its_words_at_once():
    envelope, projects = make_ballot()
    for project in projects:
        words_save(actor=None, process=envelope.process, obj=project, language="gd",
                   words={"title": f"Pròiseact {project.pk}"})
    fresh = list(Project.objects.filter(envelope=envelope))
    with translation.override("gd"), CaptureQueriesContext(connection) as queries:
        attach(fresh)
        titles = [said(p, "title") for p in fresh]
    assert titles == [f"Pròiseact {p.pk}" for p in fresh]
    assert len([q for q in queries if "translation" in q["sql"]]) == 1


def test_the_words_page_saves_each_text_and_audits_it(client, process, envelope,
                                                       process_admin):
    client.force_login(process_admin)
    page = client.get(_words_url(process)).content.decode()
    assert f"In English: {process.title}" in page
    response = client.post(_words_url(process), {
        f"process-{process.pk}-title": "Cuairt Riverside",
        f"envelope-{envelope.pk}-name": "Uàrd Riverside",
    })
    assert response.status_code == 302
    with translation.override("gd"):
        assert said(process, "title") == "Cuairt Riverside"
        assert said(envelope, "name") == "Uàrd Riverside"
    entries = AuditEntry.objects.filter(action="words.translated")
    assert entries.count() == 2
    assert {"title [gd]": "Cuairt Riverside"} in [e.after for e in entries]
    # Emptying a text takes it away again.
    client.post(_words_url(process), {f"process-{process.pk}-title": ""})
    with translation.override("gd"):
        fresh = type(process).objects.get(pk=process.pk)
        assert said(fresh, "title") == process.title


def test_only_the_rounds_process_admins_may_translate_it(client, process, moderator):
    client.force_login(moderator)
    assert client.get(_words_url(process)).status_code == 403
    assert client.get(reverse("setup_words", args=[process.slug, "fr"])).status_code in (403,
                                                                                        404)


def test_a_projects_words_freeze_with_the_ballot(db):
    from tests.voting.casting.ballot_setup import issue_codes
    from tests.voting.results.results_setup import approvals, cast_with_codes

    envelope, projects = make_ballot(ballot_type="approval", slug="millbrae")
    words_save(actor=None, process=envelope.process, obj=projects[0], language="gd",
               words={"title": "Beingean"})
    issue_codes(envelope, 1)
    cast_with_codes(envelope, approvals([projects[0]]))
    with pytest.raises(Frozen):
        words_save(actor=None, process=envelope.process, obj=projects[0], language="gd",
                   words={"title": "Beingean ùra"})
    with translation.override("gd"):
        assert said(Project.objects.get(pk=projects[0].pk), "title") == "Beingean"


def test_the_ballot_shows_the_projects_gaelic_words_but_the_record_stays_english(client):
    from tests.conftest import make_user
    from tests.voting.casting.page_helpers import ballot_url, declare

    envelope, projects = make_ballot()
    words_save(actor=None, process=envelope.process, obj=projects[0], language="gd",
               words={"title": "Beingean ri taobh na h-aibhne"})
    client.force_login(make_user("morag@example.com", "Morag"))
    client.get(reverse("language_choose", args=["gd"]))
    declare(client, envelope.process)
    page = client.get(ballot_url(envelope)).content.decode()
    assert "Beingean ri taobh na h-aibhne" in page
    assert Project.objects.get(pk=projects[0].pk).title == "Benches by the river"


def test_a_standing_page_speaks_gaelic_where_the_council_wrote_it(client, council_admin):
    client.force_login(council_admin)
    client.post(reverse("council_page", args=["contact"]),
                {"body": "Write to us at 1 High Street.", "body_gd": "Sgrìobh thugainn."})
    assert "Write to us" in client.get(reverse("contact")).content.decode()
    client.get(reverse("language_choose", args=["gd"]))
    assert "Sgrìobh thugainn." in client.get(reverse("contact")).content.decode()
    # The editor still shows the English record, whatever the editor's own language.
    form = client.get(reverse("council_page", args=["contact"])).content.decode()
    assert "Write to us at 1 High Street." in form
    assert SitePage.objects.get(key="contact").body == "Write to us at 1 High Street."
