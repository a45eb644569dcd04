"""The round's team page (/p/<slug>/team/, process admins) and accepting an invitation
(/invitations/<token>/, from the emailed link)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from budgeting.models import Membership, Process
from budgeting.pages import add_errors
from budgeting.permissions import check_process_admin
from budgeting.team import services
from budgeting.team.forms import AcceptForm, InviteForm
from budgeting.team.models import Invitation


def _team_page(request, process, form, *, refusal="", status=200) -> HttpResponse:
    return render(request, "budgeting/team/team.html", {
        "process": process, "form": form, "refusal": refusal,
        "memberships": Membership.objects.filter(process=process).select_related(
            "user", "partner").order_by("partner__name", "role", "user__email"),
        "invitations": Invitation.objects.filter(process=process, accepted_at__isnull=True,
                                                 withdrawn_at__isnull=True)
        .select_related("partner"),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    check_process_admin(user=request.user, process=process)
    form = InviteForm(request.POST if request.method == "POST" else None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_send(admin=request.user, process=process,
                                     base_url=request.build_absolute_uri("/"),
                                     **form.cleaned_data)
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("The invitation is on its way to %(email)s. The link "
                                        "works once, for %(days)d days.")
                             % {"email": form.cleaned_data["email"],
                                "days": services.INVITATION_DAYS})
            return redirect("team", process.slug)
    return _team_page(request, process, form, status=400 if form.errors else 200)


def _admin_act(request, process, action, done: str) -> HttpResponse:
    """Run a process admin's action on the team; a refusal shows the team page with why."""
    try:
        action()
    except ValidationError as refused:
        return _team_page(request, process, InviteForm(process=process),
                          refusal=refused.messages[0], status=409)
    messages.success(request, done)
    return redirect("team", process.slug)


@login_required
@require_POST
def team_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    membership = get_object_or_404(Membership, pk=membership_id, process=process)
    return _admin_act(
        request, process,
        lambda: services.membership_remove(admin=request.user, membership=membership),
        _("%(email)s no longer has that role in this round.") % {"email": membership.user.email})


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    invitation = get_object_or_404(Invitation, pk=invitation_id, process=process)
    return _admin_act(
        request, process,
        lambda: services.invitation_withdraw(admin=request.user, invitation=invitation),
        _("The invitation is withdrawn; its link no longer works."))


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = services.invitation_for(token)
    if found is None:
        return render(request, "budgeting/team/invitation_closed.html", status=410)
    signed_in = request.user.is_authenticated
    form = None if signed_in else AcceptForm(request.POST or None, email=found.email)
    refusal = ""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            user, membership = services.invitation_accept(
                token=token, user=request.user if signed_in else None,
                name=form.cleaned_data["name"] if form else "",
                password=form.cleaned_data["password1"] if form else "")
        except ValidationError as refused:
            refusal = refused.messages[0]
        else:
            if not signed_in:
                login(request, user, backend="allauth.account.auth_backends."
                                              "AuthenticationBackend")
            messages.success(request, _("You are now %(role)s for %(partner)s in "
                                        "%(process)s.")
                             % {"role": membership.get_role_display(),
                                "partner": membership.partner.name,
                                "process": membership.process.title})
            # Staff need a second factor first; the middleware sends them to set one up.
            return redirect(membership.process.get_absolute_url())
    return render(request, "budgeting/team/invitation.html", {
        "invitation": found, "form": form, "refusal": refusal,
        "account_exists": not signed_in and _account_exists(found.email),
    }, status=400 if refusal or (form is not None and form.errors) else 200)


def _account_exists(email: str) -> bool:
    from django.contrib.auth.models import User

    return User.objects.filter(email__iexact=email).exists()
