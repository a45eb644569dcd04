import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("budgeting", "0014_supports"),
                    migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name='Picture',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('image', models.FileField(blank=True, max_length=200, upload_to='', verbose_name='picture')),
                ('alt', models.CharField(max_length=250, verbose_name='description of the picture')),
                ('width', models.PositiveIntegerField(default=0)),
                ('height', models.PositiveIntegerField(default=0)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='added at')),
                ('removed_at', models.DateTimeField(blank=True, null=True, verbose_name='removed at')),
                ('removed_reason', models.TextField(blank=True, verbose_name='reason for removing')),
                ('added_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='pictures', to=settings.AUTH_USER_MODEL)),
                ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='pictures', to='budgeting.project')),
                ('proposal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='pictures', to='budgeting.proposal')),
            ],
            options={
                'ordering': ['created_at', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('project__isnull', True), ('proposal__isnull', False)), models.Q(('project__isnull', False), ('proposal__isnull', True)), _connector='OR'), name='picture_of_one_proposal_or_project')],
            },
        ),
    ]
