"""Comments: residents and staff talking about a proposal or a ballot project."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 2000


def kind_of(target) -> str:
    """The Comment field that points at `target`: "proposal" or "project"."""
    return "proposal" if target._meta.model_name == "proposal" else "project"


class Comment(models.Model):
    """A comment on one proposal or one project; a reply answers a comment, one level deep."""

    proposal = models.ForeignKey("budgeting.Proposal", on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="comments")
    project = models.ForeignKey("budgeting.Project", on_delete=models.CASCADE, null=True,
                                blank=True, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="comments")
    # The partner a member of staff wrote for, shown with their words; empty for a resident.
    partner = models.ForeignKey("budgeting.Partner", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+")
    shown_as = models.CharField(_("name shown"), max_length=80, blank=True)
    text = models.TextField(_("comment"), max_length=MAX_LENGTH)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(proposal__isnull=False, project__isnull=True)
                           | Q(proposal__isnull=True, project__isnull=False)),
                name="comment_on_one_proposal_or_project"),
        ]

    def __str__(self) -> str:
        # No author and no words: this is what the audit log and the admin list show.
        return f"Comment {self.pk} on {self.proposal or self.project}"

    def get_absolute_url(self) -> str:
        return f"{self.target.get_absolute_url()}#{self.anchor}"

    @property
    def target(self):
        return self.proposal if self.proposal_id else self.project

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"


class CommentFlag(models.Model):
    """Someone asked the moderators to look at a comment; once each."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="comment_flags")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"],
                                               name="one_flag_per_person")]

    def __str__(self) -> str:
        return f"Report of {self.comment}"
