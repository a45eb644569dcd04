"""Small helpers every page view shares."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

PAGE_SIZE = 20


def posted(request: HttpRequest) -> QueryDict | None:
    """The POST data, even when empty: an empty post must still be checked and refused."""
    return request.POST if request.method == "POST" else None


def page_of(request: HttpRequest, queryset: QuerySet) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
