"""The ballot box: sealed ballots, mixed ballots with no date, choices with no sequence.

Ballots cast before this were written in the order of casting, beside their participations.
They are written again here, envelope by envelope, in a random order with new random keys, as
mixing would have written them, and their choices move to a table keyed by ballot and project.
"""

import secrets
import uuid

import django.db.models.deletion
from django.db import migrations, models

CHANNELS = [("online", "Online with an account"), ("code", "With a voting code"),
            ("paper", "On paper"), ("imported", "Imported from a Pabulib file")]
BATCH = 5000


def remix_existing_ballots(apps, schema_editor):
    Ballot = apps.get_model("voting", "Ballot")
    Legacy = apps.get_model("voting", "BallotChoice")
    Choice = apps.get_model("voting", "NewBallotChoice")
    shuffle = secrets.SystemRandom().shuffle
    for envelope_id in Ballot.objects.values_list("envelope_id", flat=True).distinct():
        ballots = list(Ballot.objects.filter(envelope_id=envelope_id).values(
            "id", "channel", "receipt", "batch_id", "spoilt", "spoilt_reason"))
        chosen: dict = {}
        for ballot_id, project_id, value in Legacy.objects.filter(
                ballot__envelope_id=envelope_id).values_list("ballot_id", "project_id", "value"):
            chosen.setdefault(ballot_id, []).append((project_id, value))
        Legacy.objects.filter(ballot__envelope_id=envelope_id).delete()
        Ballot.objects.filter(envelope_id=envelope_id).delete()
        shuffle(ballots)
        fresh, choices = [], []
        for old in ballots:
            key = uuid.uuid4()
            fresh.append(Ballot(id=key, envelope_id=envelope_id, channel=old["channel"],
                                receipt=old["receipt"], batch_id=old["batch_id"],
                                spoilt=old["spoilt"], spoilt_reason=old["spoilt_reason"]))
            choices += [Choice(ballot_id=key, project_id=p, value=v)
                        for p, v in chosen.get(old["id"], [])]
        Ballot.objects.bulk_create(fresh, batch_size=BATCH)
        Choice.objects.bulk_create(choices, batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ("budgeting", "0004_process_currency"),
        ("voting", "0004_count_jobs"),
    ]

    operations = [
        migrations.CreateModel(
            name="SealedBallot",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True,
                                        serialize=False)),
                ("channel", models.CharField(choices=CHANNELS, max_length=10)),
                ("key_id", models.CharField(max_length=16)),
                ("receipt_digest", models.CharField(max_length=64, unique=True)),
                ("sealed", models.BinaryField()),
                ("batch", models.ForeignKey(
                    blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                    related_name="sealed_ballots", to="voting.paperbatch")),
                ("envelope", models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="sealed_ballots",
                    to="budgeting.envelope")),
            ],
        ),
        migrations.RemoveField(model_name="ballot", name="cast_on"),
        # Choices move to a table with no sequence (0006 gives it the old name).
        migrations.CreateModel(
            name="NewBallotChoice",
            fields=[
                ("pk", models.CompositePrimaryKey("ballot", "project", blank=True,
                                                  editable=False, primary_key=True,
                                                  serialize=False)),
                ("value", models.PositiveIntegerField(default=1)),
                ("ballot", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                             related_name="+", to="voting.ballot")),
                ("project", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                              related_name="+", to="budgeting.project")),
            ],
        ),
        migrations.RunPython(remix_existing_ballots, migrations.RunPython.noop),
    ]
