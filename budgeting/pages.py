"""Small helpers every page view shares."""

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

PAGE_SIZE = 20


def posted_id(request: HttpRequest, name: str) -> int | None:
    """The row id posted as `name`, or None for anything that cannot be one."""
    raw = request.POST.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


def posted(request: HttpRequest) -> QueryDict | None:
    """The POST data, even when empty: an empty post must still be checked and refused."""
    return request.POST if request.method == "POST" else None


def add_errors(form, error: ValidationError) -> None:
    """A service's refusal on the form: at the field it names, otherwise at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def page_of(request: HttpRequest, queryset: QuerySet) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
