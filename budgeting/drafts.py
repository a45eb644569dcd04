"""A draft round is seen only by the people setting it up: every page under /p/<slug>/ is
"not found" for anyone else, so nothing of it leaks before it is published."""

from django.http import Http404

from budgeting.models import Membership, Process


def may_see_draft(user, process: Process) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("budgeting.add_process")
        or Membership.objects.filter(user=user, process=process).exists())


class DraftsForTheirStaff:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.get("slug")
        if not slug:
            return None
        draft = Process.objects.filter(slug=slug, published_at__isnull=True).first()
        if draft is not None and not may_see_draft(request.user, draft):
            raise Http404("No round here.")
        return None
