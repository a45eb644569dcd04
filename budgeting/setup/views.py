"""Set-up pages: /setup/ (council admins start rounds) and /p/<slug>/setup/… (process admins
fill a round in, check it and publish it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from budgeting.languages.words import other_languages
from budgeting.models import Envelope, Membership, Partner, Process
from budgeting.pages import add_errors
from budgeting.permissions import check_process_admin
from budgeting.setup import services
from budgeting.setup.forms import EnvelopeForm, PartnersForm, RoundForm, StartForm


def _posted(request):
    return request.POST if request.method == "POST" else None


@login_required
def setup_home(request: HttpRequest) -> HttpResponse:
    services.check_council_admin(request.user)
    drafts = Process.objects.filter(published_at__isnull=True).order_by("ideas_start")
    return render(request, "budgeting/setup/home.html", {"drafts": drafts})


@login_required
@require_http_methods(["GET", "POST"])
def setup_start(request: HttpRequest) -> HttpResponse:
    services.check_council_admin(request.user)
    form = StartForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partner = data.pop("partner")
        try:
            process = services.round_start(admin=request.user, partner=partner, **data)
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("The round is started as a draft: only its staff can "
                                        "see it. Add its budgets and partners, then publish."))
            return redirect("setup", process.slug)
    return render(request, "budgeting/setup/start.html", {"form": form},
                  status=400 if form.errors else 200)


def _admin_process(request, slug) -> Process:
    process = get_object_or_404(Process, slug=slug)
    check_process_admin(user=request.user, process=process)
    return process


@login_required
def setup(request: HttpRequest, slug: str) -> HttpResponse:
    """Check your answers: everything about the round, what is missing, and publishing."""
    process = _admin_process(request, slug)
    return render(request, "budgeting/setup/check.html", {
        "process": process, "missing": services.missing(process),
        "envelopes": process.envelopes.prefetch_related("wards"),
        "partners": process.partners.order_by("name"),
        "admins": Membership.objects.filter(process=process,
                                            role=Membership.Role.PROCESS_ADMIN)
        .select_related("user"),
        "other_languages": other_languages(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def setup_details(request: HttpRequest, slug: str) -> HttpResponse:
    process = _admin_process(request, slug)
    form = RoundForm(_posted(request), instance=Process.objects.get(pk=process.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.ROUND_FIELDS}
        try:
            services.round_update(admin=request.user, process=process, **fields)
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("The round's details are saved."))
            return redirect("setup", process.slug)
    return render(request, "budgeting/setup/form.html", {
        "process": process, "form": form, "title": _("The round's details"),
        "button": _("Save the details")}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def setup_partners(request: HttpRequest, slug: str) -> HttpResponse:
    process = _admin_process(request, slug)
    form = PartnersForm(_posted(request), initial={"partners": list(process.partners.all())})
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["partners"])
        if name := form.cleaned_data["new_partner"].strip():
            partner, _created = Partner.objects.get_or_create(
                name=name, defaults={"kind": Partner.Kind.COMMUNITY})
            chosen.append(partner)
        try:
            services.partners_set(admin=request.user, process=process, partners=chosen)
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("The partners taking part are saved."))
            return redirect("setup", process.slug)
    return render(request, "budgeting/setup/form.html", {
        "process": process, "form": form, "title": _("Partners taking part"),
        "button": _("Save the partners")}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def setup_envelope(request: HttpRequest, slug: str, envelope_id: int | None = None
                   ) -> HttpResponse:
    process = _admin_process(request, slug)
    envelope = (get_object_or_404(Envelope, pk=envelope_id, process=process)
                if envelope_id else None)
    form = EnvelopeForm(_posted(request), instance=envelope or Envelope(process=process))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.ENVELOPE_FIELDS}
        try:
            services.envelope_save(admin=request.user, process=process, envelope=envelope,
                                   wards=form.cleaned_data.get("wards"), **fields)
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("%(name)s is saved. Its ballot rules and voting "
                                        "channels are set on the voting staff page.")
                             % {"name": fields["name"]})
            return redirect("setup", process.slug)
    return render(request, "budgeting/setup/form.html", {
        "process": process, "form": form,
        "title": _("Change %(name)s") % {"name": envelope.name} if envelope
        else _("Add a budget"), "button": _("Save the budget")},
        status=400 if form.errors else 200)


@login_required
@require_POST
def setup_publish(request: HttpRequest, slug: str) -> HttpResponse:
    process = _admin_process(request, slug)
    try:
        services.round_publish(admin=request.user, process=process)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("setup", process.slug)
    messages.success(request, _("%(title)s is published: residents can see it now.")
                     % {"title": process.title})
    return redirect(process.get_absolute_url())
