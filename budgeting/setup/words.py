"""/p/<slug>/setup/words/<language>/: a round's own words in another language, every text of
the round on one page with its English beside it, so one translator can do the lot."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from budgeting.forms import KistForm
from budgeting.languages.words import other_languages, translatable, words_of, words_save
from budgeting.models import Process, Project
from budgeting.permissions import check_process_admin

LONG = {"description", "summary"}
LABELS = {"title": _("Title"), "area": _("Area"), "description": _("Description"),
          "name": _("Name"), "summary": _("Summary")}


@dataclass
class Part:
    """One object of the round and the form fields of its words."""
    heading: str
    obj: models.Model
    names: list[str]
    frozen: bool = False


def _parts(process: Process) -> list[Part]:
    from voting.freezing import frozen_on  # voting builds on budgeting, not the other way

    parts = [Part(_("The round"), process, [])]
    for envelope in process.envelopes.all():
        parts.append(Part(_("Budget: %(name)s") % {"name": envelope.name}, envelope, []))
        # A budget's projects freeze together, at its first ballot.
        frozen = frozen_on(envelope) is not None
        for project in Project.objects.filter(envelope=envelope).order_by("position", "id"):
            parts.append(Part(_("Project: %(title)s") % {"title": project.title}, project, [],
                              frozen=frozen))
    return parts


class WordsForm(KistForm):
    def __init__(self, *args, parts: list[Part], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        fields = translatable()
        for part in parts:
            existing = words_of(part.obj, language)
            for field in fields[type(part.obj)]:
                english = getattr(part.obj, field, "") or ""
                if not english:
                    continue
                name = f"{part.obj._meta.model_name}-{part.obj.pk}-{field}"
                widget = (forms.Textarea(attrs={"rows": 4}) if field in LONG
                          else forms.TextInput())
                self.fields[name] = forms.CharField(
                    label=f"{LABELS[field]} – {part.heading}", required=False,
                    max_length=20000, widget=widget, initial=existing.get(field, ""),
                    disabled=part.frozen,
                    help_text=_("In English: %(text)s") % {"text": english[:300]})
                part.names.append(name)

    def words(self, part: Part) -> dict[str, str]:
        return {name.rsplit("-", 1)[1]: self.cleaned_data.get(name, "") for name in part.names}


@login_required
@require_http_methods(["GET", "POST"])
def setup_words(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    check_process_admin(user=request.user, process=process)
    names = dict(other_languages())
    if language not in names:
        raise Http404
    parts = _parts(process)
    form = WordsForm(request.POST if request.method == "POST" else None, parts=parts,
                     language=language)
    if request.method == "POST" and form.is_valid():
        changed = 0
        try:
            for part in parts:
                if not part.frozen:
                    changed += words_save(actor=request.user, process=process, obj=part.obj,
                                          language=language, words=form.words(part))
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The words in %(language)s are saved.")
                             % {"language": names[language]})
            return redirect("setup", process.slug)
    return render(request, "budgeting/setup/words.html", {
        "process": process, "form": form, "parts": parts, "language": language,
        "language_name": names[language],
        "any_frozen": any(p.frozen for p in parts)}, status=400 if form.errors else 200)
