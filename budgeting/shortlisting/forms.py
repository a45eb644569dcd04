from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from budgeting.forms import KistForm, money_field
from budgeting.models import Membership, Process
from budgeting.proposals.models import Proposal


class MembershipChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.first_name or obj.user.email} ({obj.partner.name})"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.first_name or obj.email} <{obj.email}>"


class ProposalChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Proposal) -> str:
        return f"{obj.title} ({obj.reference}, £{obj.cost:,.2f})"


class ProposalChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Proposal) -> str:
        return f"{obj.title} ({obj.reference})"


class PanelSetUpForm(KistForm):
    facilitator = UserChoiceField(
        label=_("Facilitator"), queryset=User.objects.none(),
        help_text=_("Runs the panel's sessions and arranges the shortlist."),
        error_messages={"required": _("Choose a facilitator.")},
    )
    members = MembershipChoiceField(
        label=_("Panel members"), queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose members from at least two partners."),
        error_messages={"required": _("Choose the panel members.")},
    )

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        partners = process.partners.all()
        self.fields["members"].queryset = Membership.objects.filter(
            process=process, partner__in=partners, role=Membership.Role.PANEL_MEMBER
        ).select_related("user", "partner").order_by("partner__name", "user__first_name")
        self.fields["facilitator"].queryset = User.objects.filter(
            memberships__process=process, memberships__partner__in=partners
        ).distinct().order_by("first_name", "email")


class OwnRankingForm(KistForm):
    """A place (1 = best) and an optional note for every proposal; no dragging needed."""

    def __init__(self, *args, proposals: list[Proposal], **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        choices = [("", _("Choose a place"))] + [(i, str(i)) for i in
                                                  range(1, len(proposals) + 1)]
        for proposal in proposals:
            self.fields[f"place_{proposal.pk}"] = forms.TypedChoiceField(
                label=_("Place for “%(t)s”") % {"t": proposal.title}, choices=choices,
                coerce=int,
                error_messages={"required": _("Choose a place for “%(t)s”.")
                                % {"t": proposal.title}},
            )
            self.fields[f"note_{proposal.pk}"] = forms.CharField(
                label=_("Note on “%(t)s” (optional)") % {"t": proposal.title}, required=False,
                max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": _("A note must be 1,000 characters or fewer.")},
            )

    def rows(self):
        for proposal in self.proposals:
            yield proposal, self[f"place_{proposal.pk}"], self[f"note_{proposal.pk}"]

    def clean(self):
        cleaned = super().clean()
        seen: dict[int, Proposal] = {}
        for proposal in self.proposals:
            place = cleaned.get(f"place_{proposal.pk}")
            if place is None:
                continue
            if place in seen:
                self.add_error(
                    f"place_{proposal.pk}",
                    _("“%(t)s” has the same place as “%(o)s”: give each proposal a different "
                      "place.") % {"t": proposal.title, "o": seen[place].title},
                )
            else:
                seen[place] = proposal
        return cleaned

    def places(self) -> dict[int, int]:
        return {p.pk: self.cleaned_data[f"place_{p.pk}"] for p in self.proposals}

    def notes(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data.get(f"note_{p.pk}", "") for p in self.proposals}


class PairPicksForm(KistForm):
    picks = ProposalChoices(
        label=_("Your pair's top picks"), queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one proposal as your pair's pick.")},
    )
    reason = forms.CharField(
        label=_("Why your pair picked these"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the whole panel in Explain."),
        error_messages={"required": _("Enter why your pair picked these."),
                        "max_length": _("The reason must be 2,000 characters or fewer.")},
    )

    def __init__(self, *args, proposals, trio: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["picks"].queryset = proposals
        if trio:
            picks, reason = self.fields["picks"], self.fields["reason"]
            picks.label = _("Your group's top picks")
            picks.error_messages["required"] = _("Choose at least one proposal as your group's "
                                                 "pick.")
            reason.label = _("Why your group picked these")
            reason.error_messages["required"] = _("Enter why your group picked these.")


class DraftProjectForm(KistForm):
    title = forms.CharField(label=_("Project title"), max_length=160,
                            error_messages={"required": _("Enter a title for the project.")})
    summary = forms.CharField(
        label=_("Summary for the ballot"), max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Enter a summary."),
                        "max_length": _("The summary must be 400 characters or fewer.")},
    )
    cost = money_field(_("Final cost (£)"))
    panel_reason = forms.CharField(
        label=_("Why it is on the ballot"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the panel's reason."),
                        "max_length": _("The reason must be 2,000 characters or fewer.")},
    )
    proposals = ProposalChoices(
        label=_("Proposals it is made from"), queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one proposal for the project.")},
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals


class LeaveOutForm(KistForm):
    proposal = ProposalChoice(
        label=_("Proposal to leave off the ballot"), queryset=Proposal.objects.none(),
        error_messages={"required": _("Choose a proposal."),
                        "invalid_choice": _("Choose one of the proposals still to arrange.")},
    )
    reason = forms.CharField(
        label=_("Reason shown to the public"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the reason the public will see."),
                        "max_length": _("The reason must be 2,000 characters or fewer.")},
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["proposal"].empty_label = _("Choose a proposal")
