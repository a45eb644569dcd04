import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def open_comments_in_supports(apps, schema_editor):
    # A round whose comments were open while ideas came in keeps them open in a supports phase.
    Process = apps.get_model("budgeting", "Process")
    for process in Process.objects.all():
        phases = list(process.comment_phases or [])
        if "ideas" in phases and "supports" not in phases:
            phases.insert(phases.index("ideas") + 1, "supports")
            process.comment_phases = phases
            process.save(update_fields=["comment_phases"])


class Migration(migrations.Migration):
    dependencies = [
        ("budgeting", "0013_comments"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='envelope',
            name='supports_limit',
            field=models.PositiveSmallIntegerField(default=0, help_text="How many of this envelope's ideas a resident may support. 0 takes no supports.", validators=[django.core.validators.MaxValueValidator(1000)], verbose_name='supports each resident may give'),
        ),
        migrations.AddField(
            model_name='process',
            name='supports_start',
            field=models.DateField(blank=True, help_text='Optional: from this day proposing closes and residents support the ideas in until review starts. Leave empty to take supports while ideas are in.', null=True, verbose_name='supports phase starts'),
        ),
        migrations.CreateModel(
            name='Support',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('person', models.CharField(blank=True, editable=False, max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='supported at')),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='supports', to='budgeting.proposal')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='supports', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'constraints': [models.UniqueConstraint(fields=('user', 'proposal'), name='one_support_per_account'), models.UniqueConstraint(condition=models.Q(('person', ''), _negated=True), fields=('person', 'proposal'), name='one_support_per_person')],
            },
        ),
        migrations.RunPython(open_comments_in_supports, migrations.RunPython.noop),
    ]
