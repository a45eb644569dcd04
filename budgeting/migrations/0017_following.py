
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('budgeting', '0016_locations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='process',
            name='vote_reminders',
            field=models.BooleanField(default=True, help_text='Residents who ask get one email when voting opens and one in its last days.', verbose_name='residents may ask for vote reminders'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='author_follows',
            field=models.BooleanField(default=True, verbose_name='proposer hears of changes'),
        ),
        migrations.CreateModel(
            name='Follow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='followed since')),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='budgeting.proposal')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('user', 'proposal'), name='one_follow_per_proposal')],
            },
        ),
        migrations.CreateModel(
            name='ReminderRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('process', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_requests', to='budgeting.process')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_requests', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('user', 'process'), name='one_reminder_request_per_round')],
            },
        ),
        migrations.CreateModel(
            name='ReminderSent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('opens', 'Voting is open'), ('closing', 'Voting closes soon')], max_length=10)),
                ('sent_at', models.DateTimeField(auto_now_add=True)),
                ('recipients', models.PositiveIntegerField(default=0)),
                ('process', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders_sent', to='budgeting.process')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('process', 'kind'), name='each_reminder_once')],
            },
        ),
    ]
