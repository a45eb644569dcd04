"""The paper desk page: find the person, mark them as voted, then hand them a ballot paper."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from budgeting.models import Envelope, Process
from budgeting.pages import add_errors, posted
from budgeting.permissions import check_desk_officer
from voting.desk.forms import DeskForm
from voting.desk.selectors import marked_at_desk
from voting.desk.services import AlreadyMarked, desk_mark


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest, slug: str, envelope_id: int) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    check_desk_officer(user=request.user, process=process)
    envelope = get_object_or_404(Envelope, pk=envelope_id, process=process)
    form = DeskForm(posted(request))
    refusal, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                desk_mark(staff=request.user, envelope=envelope,
                          name=form.cleaned_data["full_name"],
                          born=form.cleaned_data["date_of_birth"],
                          postcode=form.cleaned_data["postcode"])
            except AlreadyMarked as already:
                refusal, status = already.messages[0], 409
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Marked as voted. Give them one ballot paper for "
                                            "%(envelope)s.") % {"envelope": envelope.name})
                return redirect("voting_desk", slug=process.slug, envelope_id=envelope.pk)
    return render(request, "voting/staff/desk.html", {
        "process": process, "envelope": envelope, "form": form, "refusal": refusal,
        "marked": marked_at_desk(envelope=envelope),
    }, status=status)
