"""/setup/look/ and /setup/pages/<key>/ for council admins; the standing pages and the logo
for everyone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from budgeting.council import selectors, services
from budgeting.council.forms import LookForm, PageForm
from budgeting.council.models import SitePage
from budgeting.council.text import as_html
from budgeting.languages.words import other_languages, words_of
from budgeting.models import AuditEntry
from budgeting.setup.services import check_council_admin


@login_required
@require_http_methods(["GET", "POST"])
def look_edit(request: HttpRequest) -> HttpResponse:
    check_council_admin(request.user)
    form = LookForm(request.POST or None, request.FILES or None, instance=selectors.look())
    if request.method == "POST" and form.is_valid():
        services.look_save(admin=request.user, logo=form.cleaned_data["logo_file"],
                           remove_logo=form.cleaned_data["remove_logo"],
                           **{name: form.cleaned_data[name] for name in services.LOOK_FIELDS})
        messages.success(request, _("The council's look is saved."))
        return redirect("council_look")
    return render(request, "budgeting/council/look.html", {
        "form": form, "pages": SitePage.Key,
        "changes": AuditEntry.objects.filter(action__startswith="council.")
        .select_related("actor")[:10],
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, key: str) -> HttpResponse:
    check_council_admin(request.user)
    if key not in SitePage.Key.values:
        raise Http404
    page = SitePage.objects.filter(key=key).first()
    initial = {"body": selectors.page_english(key)}
    if page is not None:
        initial |= {f"body_{code}": words_of(page, code).get("body", "")
                    for code, _name in other_languages()}
    form = PageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.page_save(admin=request.user, key=key, body=form.cleaned_data["body"],
                           translations=form.translations())
        messages.success(request, _("%(page)s is saved.") % {"page": SitePage.Key(key).label})
        return redirect("council_look")
    return render(request, "budgeting/council/page_form.html", {
        "form": form, "page_name": SitePage.Key(key).label, "key": key},
        status=400 if form.errors else 200)


def logo(request: HttpRequest) -> HttpResponse:
    png = selectors.logo_png()
    if not png:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    # The page asks for it with ?v=<when it changed>, so a new logo is a new address.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def standing_page(request: HttpRequest, key: str, template: str, **extra) -> HttpResponse:
    return render(request, template, {"words": as_html(selectors.page_text(key)), **extra})
