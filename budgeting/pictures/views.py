"""Picture pages: a proposer's pictures of their proposal, the staff's pictures of a ballot
project, and a moderator removing a picture. Plain forms: they work without JavaScript."""

from allauth.account.decorators import verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.static import serve

from budgeting.delivery import selectors as projects
from budgeting.models import Process
from budgeting.pages import add_errors, posted
from budgeting.permissions import check_moderator
from budgeting.pictures import selectors, services
from budgeting.pictures.forms import PictureForm, RemoveForm
from budgeting.pictures.models import Picture
from budgeting.proposals.models import Proposal


def _own_proposal(request: HttpRequest, slug: str, pk: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("envelope__process"), pk=pk,
                                 envelope__process__slug=slug)
    if proposal.author_id != request.user.pk:
        raise PermissionDenied(_("You can only change your own proposals."))
    return proposal


def _page(request: HttpRequest, *, target, kind: str, form: PictureForm) -> HttpResponse:
    pictures = list(selectors.pictures_of(target))
    shown = sum(1 for p in pictures if not p.is_removed)
    return render(request, "budgeting/pictures/manage.html", {
        "process": target.envelope.process, "target": target, "kind": kind,
        "pictures": pictures, "form": form, "room": max(services.MAX_PICTURES - shown, 0),
        "most": services.MAX_PICTURES,
    }, status=400 if form.errors else 200)


def _add(request: HttpRequest, form: PictureForm, add) -> bool:
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        add(picture=form.cleaned_data["image"], alt=form.cleaned_data["alt"])
    except ValidationError as refused:
        add_errors(form, refused)
        return False
    messages.success(request, _("Your picture has been added."))
    return True


@verified_email_required
@require_http_methods(["GET", "POST"])
def proposal_pictures(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = _own_proposal(request, slug, pk)
    try:
        services.check_may_add_to_proposal(proposal=proposal, author=request.user)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
        return redirect(proposal) if proposal.hidden_at is None else redirect("my_proposals")
    form = PictureForm(posted(request), request.FILES or None)
    if _add(request, form, lambda **kw: services.picture_add_to_proposal(
            proposal=proposal, author=request.user, **kw)):
        return redirect("proposal_pictures", slug, proposal.pk)
    return _page(request, target=proposal, kind="proposal", form=form)


@verified_email_required
@require_POST
def proposal_picture_delete(request: HttpRequest, slug: str, pk: int,
                            picture: int) -> HttpResponse:
    proposal = _own_proposal(request, slug, pk)
    found = get_object_or_404(Picture, pk=picture, proposal=proposal)
    try:
        services.picture_delete(picture=found, author=request.user)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
    else:
        messages.success(request, _("The picture has been taken off your proposal."))
    return redirect("proposal_pictures", slug, proposal.pk)


@login_required
@require_http_methods(["GET", "POST"])
def project_pictures(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    check_moderator(user=request.user, process=process)
    project = projects.project_public_or_none(process=process, pk=pk)
    if project is None:
        raise Http404(_("There is no project with that number."))
    form = PictureForm(posted(request), request.FILES or None)
    if _add(request, form, lambda **kw: services.picture_add_to_project(
            project=project, staff=request.user, **kw)):
        return redirect("project_pictures", slug, project.pk)
    return _page(request, target=project, kind="project", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def picture_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    check_moderator(user=request.user, process=process)
    picture = selectors.picture_in(process=process, pk=pk)
    if picture is None:
        raise Http404(_("There is no such picture in this round."))
    target = picture.target
    # A hidden proposal has no public page: its moderators see its pictures on theirs.
    back = (reverse("moderation_proposal", args=[process.slug, target.pk])
            if isinstance(target, Proposal) and target.is_hidden
            else target.get_absolute_url()) + "#pictures"
    if picture.is_removed:
        messages.error(request, _("This picture has already been removed."))
        return redirect(back)
    form = RemoveForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.picture_remove(picture=picture, moderator=request.user,
                                    reason=form.cleaned_data["reason"])
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("The picture is removed, with your reason shown in its "
                                        "place."))
            return redirect(back)
    return render(request, "budgeting/pictures/remove.html", {
        "process": process, "picture": picture, "form": form, "back": back,
    }, status=400 if form.errors else 200)


def media(request: HttpRequest, path: str) -> HttpResponse:
    """Stored pictures while trying Kist (SERVE_MEDIA, on with DEBUG); nginx serves them in
    production."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
