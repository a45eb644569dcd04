"""Reads for comments."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Prefetch, Q, QuerySet

from budgeting.comments.models import Comment, kind_of
from budgeting.comments.services import Target
from budgeting.models import Process


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)
    reply_form: object = None  # the page's form for answering it


def threads(*, target: Target) -> list[Thread]:
    """The conversation about `target`, oldest first, each comment with its replies (hidden
    comments are kept in place, to show that and why they were hidden)."""
    base = Comment.objects.select_related("partner").annotate(flag_count=Count("flags"))
    replies = Prefetch("replies", queryset=base.order_by("created_at", "id"))
    top = (base.filter(**{kind_of(target): target}, parent__isnull=True)
           .prefetch_related(replies))
    return [Thread(comment=c, replies=list(c.replies.all())) for c in top]


def with_comment_counts(queryset: QuerySet) -> QuerySet:
    """Proposals or projects, each with how many comments its page shows (`comment_count`)."""
    return queryset.annotate(comment_count=Count(
        "comments", filter=Q(comments__hidden_at__isnull=True), distinct=True))


def comment_count(*, target: Target) -> int:
    return Comment.objects.filter(**{kind_of(target): target}, hidden_at__isnull=True).count()


def flagged_for(*, user: User | AnonymousUser, target: Target) -> set[int]:
    """The comments about `target` this person has reported already."""
    if not user.is_authenticated:
        return set()
    return set(Comment.objects.filter(**{kind_of(target): target}, flags__user=user)
               .values_list("pk", flat=True))


def moderation_comments(*, process: Process, show: str = "flagged") -> QuerySet[Comment]:
    """Comments about the round's proposals and projects for its moderators: those reported
    and still shown first, most reported first; or the hidden ones; or all, newest first."""
    about = (Q(proposal__envelope__process=process) | Q(project__envelope__process=process))
    qs = (Comment.objects.filter(about)
          .select_related("proposal__envelope__process", "project__envelope__process", "partner")
          .annotate(flag_count=Count("flags")))
    if show == "hidden":
        return qs.filter(hidden_at__isnull=False).order_by("-hidden_at", "-id")
    if show == "all":
        return qs.order_by("-created_at", "-id")
    return qs.filter(hidden_at__isnull=True, flag_count__gt=0).order_by("-flag_count",
                                                                         "created_at")
