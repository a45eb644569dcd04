"""Roles belong to a round: each membership of a partner becomes one per round the partner
takes part in (a membership of a partner in no round has no power, so it goes)."""

import django.db.models.deletion
from django.db import migrations, models


def per_round(apps, schema_editor):
    Membership = apps.get_model("budgeting", "Membership")
    for membership in Membership.objects.filter(process__isnull=True):
        processes = list(membership.partner.processes.all())
        for process in processes:
            Membership.objects.get_or_create(user_id=membership.user_id,
                                             partner_id=membership.partner_id,
                                             role=membership.role, process=process)
        membership.delete()


class Migration(migrations.Migration):
    dependencies = [("budgeting", "0005_wards_and_age_range")]

    operations = [
        migrations.RemoveConstraint(model_name="membership", name="one_role_once"),
        migrations.AddField(
            model_name="membership", name="process",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="memberships", to="budgeting.process"),
        ),
        migrations.AlterField(
            model_name="membership", name="role",
            field=models.CharField(choices=[("process_admin", "Process admin"),
                                            ("moderator", "Moderator"),
                                            ("panel_member", "Panel member"),
                                            ("desk_officer", "Paper-desk officer")],
                                   max_length=20, verbose_name="role"),
        ),
        migrations.RunPython(per_round, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="membership", name="process",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                    related_name="memberships", to="budgeting.process"),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(fields=("user", "process", "partner", "role"),
                                               name="one_role_once_per_round"),
        ),
    ]
