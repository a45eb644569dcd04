"""Results: the public page and downloads, and the process admin's count-and-publish page.

The public only ever sees a published tally. Process admins may also preview and download a
count before publishing it.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from budgeting.models import Envelope, Process
from budgeting.permissions import can_administer, check_process_admin
from voting.corrections.models import Correction
from voting.privacy import FLOOR
from voting.results import exports, jobs
from voting.results import selectors as sel
from voting.results import services as results_services
from voting.results.models import CountJob, Tally


@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    sections = sel.process_results(process=process)
    return render(request, "voting/results/results.html", {
        "process": process,
        "sections": sections,
        "published": [r for _e, r in sections if r is not None],
        "participation": sel.participation_by_envelope(results=sections),
        "is_admin": can_administer(user=request.user, process=process),
        "corrections": Correction.objects.filter(process=process),
    })


def _tally(request: HttpRequest, slug: str, envelope_id: int, number: int, *,
           with_file: bool = False) -> Tally:
    """A tally the visitor may see: the published one, or any for the process's admins."""
    tallies = Tally.objects.select_related("envelope__process")
    tally = get_object_or_404(
        tallies if with_file else tallies.defer("ballot_file"),
        envelope_id=envelope_id, envelope__process__slug=slug, number=number,
    )
    if not tally.is_published and not can_administer(user=request.user,
                                                     process=tally.envelope.process):
        raise Http404(_("This count has not been published."))
    return tally


@require_GET
def results_download(request: HttpRequest, slug: str, envelope: int, number: int,
                     fmt: str) -> HttpResponse:
    if fmt not in exports.DOWNLOADS:
        raise Http404
    tally = _tally(request, slug, envelope, number, with_file=fmt == "pb")
    base = sel.ballot_filename(tally).removesuffix(".pb")
    if fmt == "pb":
        response = HttpResponse(tally.ballot_file, content_type="text/plain; charset=utf-8")
        filename = f"{base}.pb"
    elif fmt == "json":
        body = json.dumps(exports.results_json(tally), ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json")
        filename = f"{base}.json"
    else:
        response = HttpResponse(exports.results_csv(tally), content_type="text/csv; charset=utf-8")
        filename = f"{base}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-SHA256-Ballots"] = tally.digest
    return response






# Staff


def _admin_process(request: HttpRequest, slug: str) -> Process:
    process = get_object_or_404(Process, slug=slug)
    check_process_admin(user=request.user, process=process)
    return process


@login_required
@require_GET
def results_staff(request: HttpRequest, slug: str) -> HttpResponse:
    process = _admin_process(request, slug)
    return render(request, "voting/results/staff.html", {
        "process": process,
        "states": sel.count_states(process=process),
    })


@login_required
@require_POST
def results_count(request: HttpRequest, slug: str, envelope_id: int) -> HttpResponse:
    """Ask for a count: a worker counts, and the staff page shows how it is going."""
    process = _admin_process(request, slug)
    envelope = get_object_or_404(Envelope, pk=envelope_id, process=process)
    try:
        job = jobs.count_request(admin=request.user, envelope=envelope)
    except ValidationError as error:
        return _staff_refused(request, process, error)
    if job.status == CountJob.Status.DONE:
        # A worker that was quick, or one running in this process.
        return _counted(request, process, job)
    if job.status == CountJob.Status.FAILED:
        return _staff_refused(request, process, ValidationError(job.reason))
    messages.info(request, _("%(envelope)s is being counted. This page shows how it is going; "
                             "you can leave it and come back.") % {"envelope": envelope.name})
    return redirect(reverse("results_staff", args=[process.slug]) + f"#envelope-{envelope.pk}")


def _counted(request: HttpRequest, process: Process, job: CountJob) -> HttpResponse:
    tally, envelope = job.tally, job.envelope
    if job.made_new:
        messages.success(request, _("%(envelope)s counted: count %(n)s. Check it, then publish "
                                    "it.") % {"envelope": envelope.name, "n": tally.number})
    else:
        messages.info(request, _("Nothing has changed since count %(n)s of %(envelope)s, so it "
                                 "stands.") % {"envelope": envelope.name, "n": tally.number})
    return redirect(reverse("results_preview", args=[process.slug, tally.pk]))


@login_required
@require_GET
def results_count_status(request: HttpRequest, slug: str, envelope_id: int) -> HttpResponse:
    """Where the latest count of an envelope stands, for the staff page to refresh in place."""
    process = _admin_process(request, slug)
    envelope = get_object_or_404(Envelope, pk=envelope_id, process=process)
    job = sel.latest_job(envelope=envelope)
    return render(request, "voting/results/_count_job.html", {
        "process": process, "envelope": envelope, "job": job,
        "stale": job is not None and jobs.is_stale(job),
    })


@login_required
@require_POST
def results_publish(request: HttpRequest, slug: str, tally_id: int) -> HttpResponse:
    process = _admin_process(request, slug)
    tally = get_object_or_404(Tally.objects.defer("ballot_file"), pk=tally_id,
                              envelope__process=process)
    try:
        results_services.tally_publish(admin=request.user, tally=tally)
    except ValidationError as error:
        return _staff_refused(request, process, error)
    messages.success(request, _("Count %(n)s of %(envelope)s is published.")
                     % {"n": tally.number, "envelope": tally.envelope.name})
    return redirect(reverse("results", args=[process.slug]) + f"#envelope-{tally.envelope_id}")


def _staff_refused(request: HttpRequest, process: Process, error: ValidationError
                   ) -> HttpResponse:
    return render(request, "voting/results/staff.html", {
        "process": process,
        "states": sel.count_states(process=process),
        "refusal": " ".join(error.messages),
    }, status=409)


@login_required
@require_GET
def results_preview(request: HttpRequest, slug: str, tally_id: int) -> HttpResponse:
    process = _admin_process(request, slug)
    tally = get_object_or_404(Tally.objects.defer("ballot_file")
                              .select_related("envelope__process", "counted_by"),
                              pk=tally_id, envelope__process=process)
    published = sel.published_tally(envelope=tally.envelope)
    # Two public files that differ by a handful of ballots show those ballots to anyone who
    # compares them: say so before a replacement is published.
    added = (tally.ballots - published.ballots
             if published and published.pk != tally.pk else None)
    return render(request, "voting/results/preview.html", {
        "process": process,
        "tally": tally,
        "section": sel.envelope_results(tally=tally),
        "replaces": published if added is not None else None,
        "few_added": added is not None and 0 < abs(added) < FLOOR,
        "added": added,
    })
