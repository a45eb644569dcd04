"""A paper batch's checks, beside its entry pages (voting.staff.views): a second person confirms
the count or sends it back, a mistyped entry is voided, and a late batch is approved."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from voting.staff import services
from voting.staff.forms import ReturnForm, VoidForm
from voting.staff.selectors import batch_entered
from voting.staff.views import batch_action


@login_required
@require_POST
def paper_batch_close(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    return batch_action(
        request, slug, batch_id, form_key="", make_form=None,
        action=lambda batch, form: services.paper_batch_close(staff=request.user, batch=batch),
        done=lambda batch, result: _("The papers reconcile. Someone else, from another partner, "
                                     "now checks the count and confirms it to close the batch."),
    )


@login_required
@require_POST
def paper_batch_confirm(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    return batch_action(
        request, slug, batch_id, form_key="", make_form=None,
        action=lambda batch, form: services.paper_batch_confirm(staff=request.user,
                                                                batch=batch),
        done=lambda batch, result: ngettext(
            "You have confirmed the count: the batch is closed with its %(n)d ballot paper.",
            "You have confirmed the count: the batch is closed with its %(n)d ballot papers.",
            batch.declared_count) % {"n": batch.declared_count},
    )


@login_required
@require_POST
def paper_batch_return(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    return batch_action(
        request, slug, batch_id, form_key="return_form",
        make_form=lambda batch: ReturnForm(request.POST, prefix="return"),
        action=lambda batch, form: services.paper_batch_return(
            staff=request.user, batch=batch, reason=form.cleaned_data["reason"]),
        done=lambda batch, result: _("The batch is open again for corrections."),
    )


@login_required
@require_POST
def paper_ballot_void(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    return batch_action(
        request, slug, batch_id, form_key="void_form",
        make_form=lambda batch: VoidForm(request.POST, prefix="void"),
        action=lambda batch, form: services.paper_ballot_void(
            staff=request.user, batch=batch, receipt=form.cleaned_data["receipt"],
            reason=form.cleaned_data["reason"]),
        done=lambda batch, result: _("The entry is void: kept with its reason, not counted. "
                                     "%(n)d of %(declared)d papers entered.")
        % {"n": batch_entered(batch), "declared": batch.declared_count},
    )


@login_required
@require_POST
def paper_batch_approve(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    return batch_action(
        request, slug, batch_id, form_key="", make_form=None,
        action=lambda batch, form: services.paper_batch_approve(admin=request.user,
                                                                batch=batch),
        done=lambda batch, result: _("Approved: this late batch's papers are in the next "
                                     "count."),
    )
