from django import forms
from django.utils.translation import gettext_lazy as _

from budgeting.comments.models import MAX_LENGTH
from budgeting.forms import KistForm


class CommentForm(KistForm):
    text = forms.CharField(
        label=_("Your comment"), max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Be kind and keep to the idea. Everyone can read what you write."),
        error_messages={"required": _("Write your comment."),
                        "max_length": _("A comment must be 2,000 characters or fewer.")},
    )
    shown_as = forms.CharField(
        label=_("Name shown (optional)"), max_length=80, required=False,
        help_text=_("Leave it empty to be shown as a resident."),
        error_messages={"max_length": _("The name shown must be 80 characters or fewer.")},
    )

    def __init__(self, *args, prefix_id: str = "comment", **kwargs) -> None:
        # Each reply form has its own ids, so labels and the error summary point at the right one.
        kwargs.setdefault("auto_id", f"{prefix_id}-%s")
        super().__init__(*args, **kwargs)


class CommentEditForm(KistForm):
    text = forms.CharField(
        label=_("Your comment"), max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your comment."),
                        "max_length": _("A comment must be 2,000 characters or fewer.")},
    )


class ModerationReasonForm(KistForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the comment's place for everyone to read, and kept in the audit "
                    "log. Say which rule it breaks, without repeating what it said."),
        error_messages={"required": _("Enter a reason."),
                        "max_length": _("The reason must be 500 characters or fewer.")},
    )
