from django.contrib import admin

from budgeting.audit import audit_record
from budgeting.models import AuditEntry, Envelope, Membership, Partner, Process, Project, Ward
from budgeting.proposals.models import Proposal, Review


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the admin are staff actions too, so they go to the audit log."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user, process=obj.envelope.process,
            action=f"{obj._meta.model_name}.{'changed' if change else 'created'}", target=obj,
            after={name: str(form.cleaned_data.get(name)) for name in form.changed_data},
        )

    def delete_model(self, request, obj):
        audit_record(actor=request.user, process=obj.envelope.process,
                     action=f"{obj._meta.model_name}.deleted", target=obj)
        super().delete_model(request, obj)


class EnvelopeInline(admin.TabularInline):
    model = Envelope
    extra = 0


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "ideas_start", "voting_start", "voting_end"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["partners"]
    inlines = [EnvelopeInline]
    search_fields = ["title", "area"]


@admin.register(Envelope)
class EnvelopeAdmin(admin.ModelAdmin):
    list_display = ["name", "process", "amount", "postcode_prefixes", "minimum_age",
                    "maximum_age"]
    list_filter = ["process"]
    filter_horizontal = ["wards"]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    """Wards come from the postcode directory (manage.py import_postcodes); here, to look."""

    list_display = ["name", "code"]
    search_fields = ["name", "code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Read-only here: proposals change through the moderation pages, which keep the audit log."""

    list_display = ["title", "envelope", "status", "estimated_cost", "reviewed_cost", "hidden_at"]
    list_filter = ["status", "envelope__process"]
    search_fields = ["title", "summary"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["proposal", "decision", "reviewer", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_label", "process"]
    list_filter = ["action", "process"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ["title", "envelope", "cost", "position"]
    list_filter = ["envelope__process", "envelope"]
    filter_horizontal = ["proposals"]
    search_fields = ["title"]
