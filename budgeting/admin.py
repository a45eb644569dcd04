from django.contrib import admin
from django.core.exceptions import ValidationError

from budgeting.audit import audit_record
from budgeting.models import AuditEntry, Envelope, Membership, Partner, Process, Project, Ward
from budgeting.proposals.models import Proposal, Review
from voting import freezing


def _process_of(obj) -> Process | None:
    if isinstance(obj, Process):
        return obj
    if getattr(obj, "process_id", None):
        return obj.process
    if getattr(obj, "envelope_id", None):
        return obj.envelope.process
    return None


def _shown(value) -> str:
    if hasattr(value, "all"):
        return ", ".join(sorted(str(item) for item in value.all()))
    if isinstance(value, (list, tuple, set)):
        return ", ".join(sorted(str(item) for item in value))
    return "" if value is None else str(value)


def _initial(form, name: str) -> str:
    """What a field held before, in words (a related object's name, not its id)."""
    value = form.initial.get(name)
    field = form.fields.get(name)
    queryset = getattr(field, "queryset", None)
    if queryset is not None and value not in (None, "", []):
        ids = [getattr(v, "pk", v) for v in (value if isinstance(value, list) else [value])]
        return _shown(queryset.filter(pk__in=ids))
    return _shown(value)


class AuditedAdmin(admin.ModelAdmin):
    """The admin is a superuser's fallback for Kist's own pages: every change goes to the audit
    log with before and after, and what voting froze is read-only here too."""

    def frozen_fields(self, obj) -> tuple[str, ...]:
        if obj is None or freezing.frozen_on(obj) is None:
            return ()
        extra = ("wards",) if isinstance(obj, Envelope) else ()
        return freezing.FROZEN_FIELDS.get(type(obj), ()) + extra

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [name for name in self.frozen_fields(obj) if name not in fields]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or freezing.frozen_on(obj) is None)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class Unfrozen(form_class):
            def clean(self):
                cleaned = super().clean()
                probe = self.instance
                if isinstance(probe, Project) and cleaned.get("envelope") is not None:
                    probe = Project(pk=probe.pk, envelope=cleaned["envelope"])
                try:
                    freezing.check_unfrozen(probe, cleaned)
                except ValidationError as frozen:
                    for name, errors in frozen.error_dict.items():
                        self.add_error(name if name in self.fields else None, errors)
                return cleaned

        return Unfrozen

    def save_model(self, request, obj, form, change):
        request.kist_audit_before = {name: _initial(form, name)
                                     for name in form.changed_data} if change else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        audit_record(
            actor=request.user, process=_process_of(obj),
            action=f"{obj._meta.model_name}.{'changed' if change else 'created'}", target=obj,
            before=getattr(request, "kist_audit_before", {}) or None,
            after={name: _shown(form.cleaned_data.get(name)) for name in form.changed_data},
        )
        for formset in formsets:
            for added in formset.new_objects:
                audit_record(actor=request.user, process=_process_of(obj),
                             action=f"{added._meta.model_name}.created", target=added,
                             after={"added": str(added)})
            for changed, fields in formset.changed_objects:
                audit_record(actor=request.user, process=_process_of(obj),
                             action=f"{changed._meta.model_name}.changed", target=changed,
                             after={name: _shown(getattr(changed, name, "")) for name in fields})
            for removed in formset.deleted_objects:
                audit_record(actor=request.user, process=_process_of(obj),
                             action=f"{removed._meta.model_name}.deleted", target=removed,
                             before={"removed": str(removed)})

    def delete_model(self, request, obj):
        audit_record(actor=request.user, process=_process_of(obj),
                     action=f"{obj._meta.model_name}.deleted", target=obj,
                     before={"deleted": str(obj)})
        super().delete_model(request, obj)


@admin.register(Process)
class ProcessAdmin(AuditedAdmin):
    list_display = ["title", "area", "ideas_start", "voting_start", "voting_end"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["partners"]
    search_fields = ["title", "area"]


@admin.register(Envelope)
class EnvelopeAdmin(AuditedAdmin):
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
class PartnerAdmin(AuditedAdmin):
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
