from django.contrib import admin

from budgeting.admin import AuditedAdmin
from voting.models import BallotRules
from voting.rules import locked_on


@admin.register(BallotRules)
class BallotRulesAdmin(AuditedAdmin):
    list_display = ["envelope", "ballot_type", "counting_rule", "locked_at"]
    readonly_fields = ["locked_at"]

    def has_change_permission(self, request, obj=None):
        return obj is None or locked_on(obj) is None
