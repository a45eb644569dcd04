from django.contrib import admin

from budgeting.audit import audit_record
from voting.models import BallotRules, Project


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


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ["title", "envelope", "cost", "position"]
    list_filter = ["envelope__process", "envelope"]
    filter_horizontal = ["proposals"]
    search_fields = ["title"]


@admin.register(BallotRules)
class BallotRulesAdmin(AuditedAdmin):
    list_display = ["envelope", "ballot_type", "counting_rule", "locked_at"]
    readonly_fields = ["locked_at"]

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.locked_at is None
